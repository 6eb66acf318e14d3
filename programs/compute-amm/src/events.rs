//! One event per state change, named in the past tense, carrying what an indexer needs to follow
//! the state without reading accounts.
//!
//! Events are written with [`emit_event`] as `Program data: <base64>` log lines, Anchor's `emit!`
//! format, which Anchor's `EventParser` (Rust and TypeScript) decodes from a transaction's logs.

use anchor_lang::prelude::*;

/// Records `event` in the running transaction's logs.
///
/// On SBF this is exactly Anchor's `emit!`: the `sol_log_data` syscall. Natively (solana-program-test,
/// `localnet`, the simulator's chain engine) Anchor's `sol_log_data` is a no-op, so the event goes
/// through the syscall stubs instead, where the native harnesses (`compute-amm-native`) append it to
/// the transaction's log collector as the runtime's own syscall would. Without installed stubs it
/// is printed to stdout (the stubs' default).
pub fn emit_event<E: anchor_lang::Event>(event: E) {
    let data = event.data();
    #[cfg(target_os = "solana")]
    anchor_lang::solana_program::log::sol_log_data(&[&data]);
    #[cfg(not(target_os = "solana"))]
    solana_sysvar::program_stubs::sol_log_data(&[&data]);
}

use crate::state::{MarketParams, SwapDirection};

#[event]
pub struct MarketInitialized {
    pub market: Pubkey,
    pub admin: Pubkey,
    pub arbiter: Pubkey,
    pub protocol_mint: Pubkey,
    pub treasury: Pubkey,
    pub params: MarketParams,
}

#[event]
pub struct AdminTransferProposed {
    pub market: Pubkey,
    pub admin: Pubkey,
    pub pending_admin: Pubkey,
}

#[event]
pub struct AdminTransferred {
    pub market: Pubkey,
    pub old_admin: Pubkey,
    pub new_admin: Pubkey,
}

#[event]
pub struct PauseChanged {
    pub market: Pubkey,
    pub old_flags: u16,
    pub new_flags: u16,
}

#[event]
pub struct ParamsProposed {
    pub market: Pubkey,
    pub params: MarketParams,
    pub effective_at: i64,
}

#[event]
pub struct ParamsApplied {
    pub market: Pubkey,
    pub old_params: MarketParams,
    pub new_params: MarketParams,
}

#[event]
pub struct ParamsCancelled {
    pub market: Pubkey,
    pub cancelled: MarketParams,
}

#[event]
pub struct GpuClassCreated {
    pub market: Pubkey,
    pub gpu_class: Pubkey,
    pub class_id: u16,
    pub name: [u8; 32],
    pub credit_mint: Pubkey,
}

#[event]
pub struct PoolCreated {
    pub market: Pubkey,
    pub gpu_class: Pubkey,
    pub pool: Pubkey,
    pub credit_mint: Pubkey,
    pub quote_mint: Pubkey,
    pub lp_mint: Pubkey,
}

#[event]
pub struct LiquidityAdded {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub lp_minted: u64,
    pub credit_in: u64,
    pub quote_in: u64,
    pub reserve_credit: u64,
    pub reserve_quote: u64,
    pub lp_supply: u64,
}

#[event]
pub struct LiquidityRemoved {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub lp_burned: u64,
    pub credit_out: u64,
    pub quote_out: u64,
    pub reserve_credit: u64,
    pub reserve_quote: u64,
    pub lp_supply: u64,
}

#[event]
pub struct Swapped {
    pub pool: Pubkey,
    pub trader: Pubkey,
    pub direction: SwapDirection,
    pub amount_in: u64,
    pub amount_out: u64,
    pub fee_total: u64,
    pub fee_protocol: u64,
    pub reserve_credit: u64,
    pub reserve_quote: u64,
}

#[event]
pub struct ProviderRegistered {
    pub market: Pubkey,
    pub gpu_class: Pubkey,
    pub provider: Pubkey,
    pub authority: Pubkey,
    pub capacity_gpus: u32,
    pub region: [u8; 16],
    pub endpoint_hash: [u8; 32],
}

#[event]
pub struct ProviderUpdated {
    pub provider: Pubkey,
    pub capacity_gpus: u32,
    pub region: [u8; 16],
    pub endpoint_hash: [u8; 32],
}

#[event]
pub struct ProviderDeregistered {
    pub provider: Pubkey,
    pub authority: Pubkey,
}

#[event]
pub struct Staked {
    pub provider: Pubkey,
    pub amount: u64,
    pub stake: u64,
    pub market_total_stake: u64,
}

#[event]
pub struct UnstakeRequested {
    pub provider: Pubkey,
    pub ticket: Pubkey,
    pub amount: u64,
    pub shares: u64,
    pub unlock_at: i64,
}

#[event]
pub struct UnstakeWithdrawn {
    pub provider: Pubkey,
    pub ticket: Pubkey,
    pub amount_requested: u64,
    pub amount_paid: u64,
}

#[event]
pub struct CreditsMinted {
    pub provider: Pubkey,
    pub gpu_class: Pubkey,
    pub amount: u64,
    pub obligations: u64,
    pub class_obligations: u64,
}

#[event]
pub struct CreditsRetired {
    pub provider: Pubkey,
    pub gpu_class: Pubkey,
    pub amount: u64,
    pub obligations: u64,
    pub class_obligations: u64,
}

#[event]
pub struct ProviderSlashed {
    pub provider: Pubkey,
    pub reason: crate::state::SlashReason,
    pub requested: u64,
    pub slashed: u64,
    pub from_active: u64,
    pub from_pending: u64,
    pub to_crank: u64,
    pub to_harmed: u64,
    pub burned: u64,
    pub to_treasury: u64,
    pub epoch: u64,
    pub slashed_this_epoch: u64,
}

#[event]
pub struct JobOpened {
    pub job: Pubkey,
    pub user: Pubkey,
    pub gpu_class: Pubkey,
    pub job_id: u64,
    pub gpu_count: u16,
    pub total_credits: u64,
    pub milestone_count: u8,
    pub accept_by: i64,
    pub complete_by: i64,
}

#[event]
pub struct JobCancelled {
    pub job: Pubkey,
    pub refunded: u64,
}

#[event]
pub struct JobAccepted {
    pub job: Pubkey,
    pub provider: Pubkey,
    pub bond: u64,
}

#[event]
pub struct MilestoneSubmitted {
    pub job: Pubkey,
    pub index: u8,
    pub result_hash: [u8; 32],
}

#[event]
pub struct MilestoneReleased {
    pub job: Pubkey,
    pub provider: Pubkey,
    pub index: u8,
    pub amount: u64,
    /// Settlement take kept for the burn; the provider received `amount - take` (+ any bond).
    pub take: u64,
    /// 0 approved by the user, 1 claimed after the challenge window, 2 arbiter ruled for the provider,
    /// 3 claimed at expiry.
    pub how: u8,
    pub epoch: u64,
    /// Unclaimed verified work of the provider's oldest epoch that this release displaced (its
    /// emission share expired unminted); 0 when none.
    pub expired_epoch: u64,
    pub expired_served: u64,
}

#[event]
pub struct MilestoneDisputed {
    pub job: Pubkey,
    pub index: u8,
    pub dispute_bond: u64,
}

#[event]
pub struct DisputeResolved {
    pub job: Pubkey,
    pub index: u8,
    pub provider_at_fault: bool,
    pub refunded: u64,
    pub slashed: u64,
}

#[event]
pub struct JobSettled {
    pub job: Pubkey,
    pub status: crate::state::JobStatus,
    pub released: u64,
    pub refunded: u64,
    pub bond_unlocked: u64,
}

/// A settled job was closed and its rent returned to the user; the account no longer exists.
#[event]
pub struct JobClosed {
    pub job: Pubkey,
    pub user: Pubkey,
    pub status: crate::state::JobStatus,
    pub rent_returned: u64,
}

/// A class's accrued settlement take moved to its protocol-token pool for the burn.
#[event]
pub struct SettlementFeesMoved {
    pub gpu_class: Pubkey,
    pub buyback_pool: Pubkey,
    pub amount: u64,
}

/// A pool's accrued credit fees moved to the class's protocol-token pool, to be sold and burned by
/// the next `burn_protocol_fees`.
#[event]
pub struct CreditFeesMoved {
    pub source_pool: Pubkey,
    pub buyback_pool: Pubkey,
    pub amount: u64,
    /// The buyback pool's credit fees awaiting the burn, after the move.
    pub buyback_pool_credit_fees: u64,
    /// Source-pool quote fees (a stablecoin) spent buying credits in the source pool first, and the
    /// credits they bought (part of `amount`).
    pub quote_fees_converted: u64,
    pub credits_bought: u64,
    /// Source-pool quote fees still accrued after the conversion (later calls convert them).
    pub source_pool_quote_fees: u64,
}

#[event]
pub struct ProtocolFeesBurned {
    pub pool: Pubkey,
    pub burned: u64,
    pub credit_fees_sold: u64,
    pub quote_fees_burned_directly: u64,
    pub market_total_burned: u64,
}

#[event]
pub struct EpochAdvanced {
    pub market: Pubkey,
    pub epoch: u64,
    pub emission: u64,
    pub total_served: u64,
}

#[event]
pub struct RewardsClaimed {
    pub provider: Pubkey,
    pub epoch: u64,
    pub served: u64,
    /// Settlement take the work paid, and its value cap in protocol tokens.
    pub fees: u64,
    pub pro_rata: u64,
    pub cap: u64,
    pub amount: u64,
    pub market_total_emitted: u64,
}

/// A failed job's slash proceeds for its user and cranker, held in the stake vault until they vest.
#[event]
pub struct CompensationHeld {
    pub job: Pubkey,
    pub user: Pubkey,
    pub compensation: u64,
    pub cranker: Pubkey,
    pub crank_reward: u64,
    pub vests_at: i64,
    pub market_compensation_owed: u64,
}

#[event]
pub struct CompensationClaimed {
    pub job: Pubkey,
    pub user: Pubkey,
    pub to_user: u64,
    pub cranker: Pubkey,
    pub to_cranker: u64,
    pub market_compensation_owed: u64,
}

#[event]
pub struct RolesProposed {
    pub market: Pubkey,
    pub arbiter: Pubkey,
    pub treasury: Pubkey,
    pub effective_at: i64,
}

#[event]
pub struct RolesApplied {
    pub market: Pubkey,
    pub old_arbiter: Pubkey,
    pub old_treasury: Pubkey,
    pub arbiter: Pubkey,
    pub treasury: Pubkey,
}

/// A provider's collateral ratio (stake value ÷ value of the credits it backs, at the TWAP) fell
/// below `COLLATERAL_WARN_BPS`; logged by the instructions that check it.
#[event]
pub struct CollateralLow {
    pub provider: Pubkey,
    pub ratio_bps: u64,
}
