//! The program's one error enum. Each message says what was wrong and what to do about it.

use anchor_lang::prelude::*;
use compute_amm_math::MathError;

#[error_code]
pub enum ComputeAmmError {
    /// 6000
    #[msg("Signer is not the market admin: send this instruction from the admin key")]
    Unauthorized,
    /// 6001
    #[msg("Signer is not the pending admin: only the proposed admin can accept the transfer")]
    NotPendingAdmin,
    /// 6002
    #[msg("This action is paused on the market: wait for the admin to unpause it")]
    ActionPaused,
    /// 6003
    #[msg(
        "Deadline passed: the transaction landed after its deadline; rebuild it with a later one"
    )]
    DeadlineExceeded,
    /// 6004
    #[msg("Slippage exceeded: output is below your minimum; re-quote or widen min_amount_out")]
    SlippageExceeded,
    /// 6005
    #[msg(
        "Slippage exceeded: required input is above your maximum; re-quote or raise the maximum"
    )]
    MaxInputExceeded,
    /// 6006
    #[msg("Amount must be greater than zero")]
    ZeroAmount,
    /// 6007
    #[msg("Arithmetic overflow: the amount is too large for this pool")]
    MathOverflow,
    /// 6008
    #[msg("Division by zero: the pool is empty; add liquidity first")]
    DivisionByZero,
    /// 6009
    #[msg("Trade too small: the output rounds to zero after fees; trade a larger amount")]
    ZeroOutput,
    /// 6010
    #[msg("Not enough liquidity: the trade asks for the whole reserve or more")]
    InsufficientLiquidity,
    /// 6011
    #[msg("Fee above its hard cap: swap fee at most 10% and protocol share at most 50% of it")]
    FeeAboveCap,
    /// 6012
    #[msg("Invalid windows: need challenge >= 60 s, cooldown > challenge + dispute, timelock > cooldown, all <= 90 days")]
    InvalidWindows,
    /// 6013
    #[msg(
        "Initial deposit too small: sqrt(credit * quote) must exceed the locked minimum liquidity"
    )]
    InitialLiquidityTooSmall,
    /// 6014
    #[msg("Pool invariant violated: k would decrease; the swap was refused")]
    InvariantViolated,
    /// 6015
    #[msg("Parameter change is still timelocked: apply it after its effective time")]
    TimelockNotElapsed,
    /// 6016
    #[msg("No parameter change is pending")]
    NoPendingChange,
    /// 6017
    #[msg("Quote mint must differ from the credit mint")]
    SameMint,
    /// 6018
    #[msg("Invalid GPU class name: must be non-empty UTF-8 of at most 32 bytes")]
    InvalidName,
    /// 6019
    #[msg("Unknown pause flags: only swap, deposit, withdraw, mint and jobs bits exist")]
    InvalidPauseFlags,
    /// 6020
    #[msg("Account does not belong to this market")]
    WrongMarket,
    /// 6021
    #[msg("Insufficient funds: your token account holds less than this instruction needs")]
    InsufficientFunds,
    /// 6022
    #[msg("Invalid staking parameters: need stake_per_credit > 0, epoch >= 1 h, slash cap <= 50%, burn share <= 100%, crank reward <= 1%")]
    InvalidStakingParams,
    /// 6023
    #[msg("Signer is not this provider's authority")]
    NotProviderAuthority,
    /// 6024
    #[msg("Not enough free stake: stake backing credits, bonds and the request exceed it; stake more or retire credits")]
    InsufficientFreeStake,
    /// 6025
    #[msg("Cannot retire more credits than the provider's outstanding obligation")]
    RetireExceedsObligations,
    /// 6026
    #[msg("Unstake cooldown not over: withdraw after the ticket's unlock time")]
    CooldownNotElapsed,
    /// 6027
    #[msg("Provider still has stake, obligations, open tickets or open jobs: settle them before deregistering")]
    ProviderNotEmpty,
    /// 6028
    #[msg("Signer is not the market arbiter")]
    NotArbiter,
    /// 6029
    #[msg("Slash above this epoch's cap for the provider: request at most the remaining cap")]
    SlashAboveCap,
    /// 6030
    #[msg("Invalid provider metadata: capacity must be at least 1 GPU")]
    InvalidProviderMetadata,
    /// 6031
    #[msg("Ticket does not belong to this provider")]
    WrongTicket,
    /// 6032
    #[msg("Invalid job parameters: dispute bond <= 50%, buyback deviation <= 10%, TWAP window 1 s..90 days, decay <= 50%")]
    InvalidJobParams,
    /// 6033
    #[msg("Invalid job terms: 1-8 milestones of non-zero credits, now < accept_by <= complete_by")]
    InvalidJobTerms,
    /// 6034
    #[msg("The job is not in a state that allows this")]
    InvalidJobState,
    /// 6035
    #[msg("The milestone is not in a state that allows this (milestones go in order)")]
    InvalidMilestoneState,
    /// 6036
    #[msg("Signer is not this job's user")]
    NotJobUser,
    /// 6037
    #[msg("Signer is not this job's provider")]
    NotJobProvider,
    /// 6038
    #[msg("Too late: the job's accept-by or complete-by time has passed")]
    JobDeadlinePassed,
    /// 6039
    #[msg("Challenge window closed: the milestone can no longer be disputed")]
    ChallengeWindowClosed,
    /// 6040
    #[msg("Challenge window still open: the provider can claim only after it")]
    ChallengeWindowOpen,
    /// 6041
    #[msg("Too early: the job's deadline (plus the challenge window) has not passed")]
    JobNotExpired,
    /// 6042
    #[msg("A dispute is open on this job: the arbiter must resolve it first")]
    DisputeOpen,
    /// 6043
    #[msg("Provider serves another GPU class than the job")]
    WrongGpuClass,
    /// 6044
    #[msg("No TWAP history for the buyback window: wait until the pool has traded for that long")]
    TwapUnavailable,
    /// 6045
    #[msg("Buyback price too far below the TWAP: someone moved the pool; try again later")]
    BuybackPriceDeviation,
    /// 6046
    #[msg("Nothing to do: no fees to burn or rewards to claim")]
    NothingToDo,
    /// 6047
    #[msg("Epoch not over yet, or epochs must be finalized in order")]
    EpochNotFinished,
    /// 6048
    #[msg("Emissions need the market PDA as the protocol mint's mint authority")]
    EmissionsDisabled,
    /// 6049
    #[msg("Wrong buyback pool: it must be this class's pool against the protocol token")]
    WrongBuybackPool,
    /// 6050
    #[msg("Claims would exceed the epoch's emission: the epoch record refuses it")]
    EmissionExceeded,
    /// 6051
    #[msg("Compensation is still vesting: claim it after the job's compensation_vests_at")]
    CompensationVesting,
    /// 6052
    #[msg("The job still holds unclaimed compensation: run claim_compensation before closing it")]
    CompensationUnclaimed,
    /// 6053
    #[msg("Completion deadline too far out: at most MAX_JOB_DURATION_SECS after opening")]
    JobTooLong,
    /// 6054
    #[msg("The signer must be the protocol mint's mint authority (it hands it to the market)")]
    NotMintAuthority,
    /// 6055
    #[msg(
        "Withdrawals were paused recently: a new WITHDRAW pause needs an equal open window first"
    )]
    WithdrawPauseTooSoon,
    /// 6056
    #[msg("Collateral below the halt threshold: stake value / credit value under 90% at the TWAP")]
    CollateralBelowHalt,
    /// 6057
    #[msg("Collateral below the severe threshold: no stake may leave until it recovers")]
    CollateralSevere,
    /// 6058
    #[msg("Wrong collateral pool: pass the class's protocol-token pool")]
    WrongCollateralPool,
    /// 6059
    #[msg("Milestone submitted too early: milestone i opens at accepted_at + i * (complete_by - accepted_at) / milestones, or once milestone i-1 is released")]
    MilestoneTooEarly,
    /// 6060
    #[msg("An earlier milestone is disputed: later milestones cannot be claimed until the arbiter rules")]
    EarlierMilestoneDisputed,
    /// 6061
    #[msg("A harmed-party claim must go to the user of a job of this provider: pass that job and the user's token account")]
    HarmedNotBound,
    /// 6062
    #[msg("This pool traded its fees less than BUYBACK_INTERVAL_SECS ago and has nothing else to burn: call again after the interval")]
    FeeTradeTooSoon,
}

/// Every variant, in code order (`ALL[i]` is code `6000 + i`): how off-chain code names an error code
/// (`ComputeAmmError::from_code`). The error-code test pins each one to its number.
pub const ALL: [ComputeAmmError; 63] = [
    ComputeAmmError::Unauthorized,
    ComputeAmmError::NotPendingAdmin,
    ComputeAmmError::ActionPaused,
    ComputeAmmError::DeadlineExceeded,
    ComputeAmmError::SlippageExceeded,
    ComputeAmmError::MaxInputExceeded,
    ComputeAmmError::ZeroAmount,
    ComputeAmmError::MathOverflow,
    ComputeAmmError::DivisionByZero,
    ComputeAmmError::ZeroOutput,
    ComputeAmmError::InsufficientLiquidity,
    ComputeAmmError::FeeAboveCap,
    ComputeAmmError::InvalidWindows,
    ComputeAmmError::InitialLiquidityTooSmall,
    ComputeAmmError::InvariantViolated,
    ComputeAmmError::TimelockNotElapsed,
    ComputeAmmError::NoPendingChange,
    ComputeAmmError::SameMint,
    ComputeAmmError::InvalidName,
    ComputeAmmError::InvalidPauseFlags,
    ComputeAmmError::WrongMarket,
    ComputeAmmError::InsufficientFunds,
    ComputeAmmError::InvalidStakingParams,
    ComputeAmmError::NotProviderAuthority,
    ComputeAmmError::InsufficientFreeStake,
    ComputeAmmError::RetireExceedsObligations,
    ComputeAmmError::CooldownNotElapsed,
    ComputeAmmError::ProviderNotEmpty,
    ComputeAmmError::NotArbiter,
    ComputeAmmError::SlashAboveCap,
    ComputeAmmError::InvalidProviderMetadata,
    ComputeAmmError::WrongTicket,
    ComputeAmmError::InvalidJobParams,
    ComputeAmmError::InvalidJobTerms,
    ComputeAmmError::InvalidJobState,
    ComputeAmmError::InvalidMilestoneState,
    ComputeAmmError::NotJobUser,
    ComputeAmmError::NotJobProvider,
    ComputeAmmError::JobDeadlinePassed,
    ComputeAmmError::ChallengeWindowClosed,
    ComputeAmmError::ChallengeWindowOpen,
    ComputeAmmError::JobNotExpired,
    ComputeAmmError::DisputeOpen,
    ComputeAmmError::WrongGpuClass,
    ComputeAmmError::TwapUnavailable,
    ComputeAmmError::BuybackPriceDeviation,
    ComputeAmmError::NothingToDo,
    ComputeAmmError::EpochNotFinished,
    ComputeAmmError::EmissionsDisabled,
    ComputeAmmError::WrongBuybackPool,
    ComputeAmmError::EmissionExceeded,
    ComputeAmmError::CompensationVesting,
    ComputeAmmError::CompensationUnclaimed,
    ComputeAmmError::JobTooLong,
    ComputeAmmError::NotMintAuthority,
    ComputeAmmError::WithdrawPauseTooSoon,
    ComputeAmmError::CollateralBelowHalt,
    ComputeAmmError::CollateralSevere,
    ComputeAmmError::WrongCollateralPool,
    ComputeAmmError::MilestoneTooEarly,
    ComputeAmmError::EarlierMilestoneDisputed,
    ComputeAmmError::HarmedNotBound,
    ComputeAmmError::FeeTradeTooSoon,
];

impl ComputeAmmError {
    /// The variant with this numeric code, if it is one of the program's own.
    pub fn from_code(code: u32) -> Option<Self> {
        let i = usize::try_from(code.checked_sub(6000)?).ok()?;
        ALL.get(i).copied()
    }
}

/// Maps a shared-math error onto the program's named error.
pub fn math_err(e: MathError) -> anchor_lang::error::Error {
    match e {
        MathError::Overflow => ComputeAmmError::MathOverflow.into(),
        MathError::DivisionByZero => ComputeAmmError::DivisionByZero.into(),
        MathError::ZeroAmount => ComputeAmmError::ZeroAmount.into(),
        MathError::ZeroOutput => ComputeAmmError::ZeroOutput.into(),
        MathError::InsufficientLiquidity => ComputeAmmError::InsufficientLiquidity.into(),
        MathError::InvalidFee => ComputeAmmError::FeeAboveCap.into(),
        MathError::InitialLiquidityTooSmall => ComputeAmmError::InitialLiquidityTooSmall.into(),
    }
}

/// `?`-friendly conversion of math results.
pub trait MathResultExt<T> {
    fn or_program_err(self) -> Result<T>;
}

impl<T> MathResultExt<T> for core::result::Result<T, MathError> {
    fn or_program_err(self) -> Result<T> {
        self.map_err(math_err)
    }
}
