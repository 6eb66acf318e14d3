//! Instruction builders for every instruction.
//!
//! Each builder comes in two layers: `*_accounts` fills the program's account struct from a few keys
//! (tests replace single fields to build adversarial variants), and the builder turns account
//! struct + arguments into an `Instruction`.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};
use compute_amm::state::{MarketParams, SlashReason, SwapDirection};
use compute_amm::{accounts, instruction, ID};

use crate::pda::{self, PoolAddresses};

/// SPL Token program id.
pub const TOKEN_PROGRAM_ID: Pubkey = anchor_spl::token::ID;
/// System program id.
pub const SYSTEM_PROGRAM_ID: Pubkey = anchor_lang::system_program::ID;

/// Any account struct + instruction data → `Instruction` for this program.
pub fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

// ---- admin ----

pub fn initialize_market(
    admin: Pubkey,
    protocol_mint: Pubkey,
    treasury: Pubkey,
    params: MarketParams,
    arbiter: Pubkey,
) -> Instruction {
    build(
        {
            let market = pda::market(&protocol_mint).0;
            accounts::InitializeMarket {
                admin,
                market,
                protocol_mint,
                treasury,
                stake_vault: pda::stake_vault(&market).0,
                token_program: TOKEN_PROGRAM_ID,
                system_program: SYSTEM_PROGRAM_ID,
            }
        },
        instruction::InitializeMarket { params, arbiter },
    )
}

pub fn admin_accounts(admin: Pubkey, market: Pubkey) -> accounts::AdminOnly {
    accounts::AdminOnly { admin, market }
}

pub fn propose_admin(admin: Pubkey, market: Pubkey, new_admin: Pubkey) -> Instruction {
    build(
        admin_accounts(admin, market),
        instruction::ProposeAdmin { new_admin },
    )
}

pub fn accept_admin(new_admin: Pubkey, market: Pubkey) -> Instruction {
    build(
        accounts::AcceptAdmin { new_admin, market },
        instruction::AcceptAdmin {},
    )
}

pub fn set_paused(admin: Pubkey, market: Pubkey, flags: u16) -> Instruction {
    build(
        admin_accounts(admin, market),
        instruction::SetPaused { flags },
    )
}

pub fn propose_params(admin: Pubkey, market: Pubkey, params: MarketParams) -> Instruction {
    build(
        admin_accounts(admin, market),
        instruction::ProposeParams { params },
    )
}

pub fn apply_params(market: Pubkey) -> Instruction {
    build(
        accounts::ApplyParams { market },
        instruction::ApplyParams {},
    )
}

/// Proposes `arbiter` and the protocol-token account `new_treasury` as the market's next roles.
pub fn propose_roles(
    admin: Pubkey,
    market: Pubkey,
    new_treasury: Pubkey,
    arbiter: Pubkey,
) -> Instruction {
    build(
        accounts::ProposeRoles {
            admin,
            market,
            new_treasury,
        },
        instruction::ProposeRoles { arbiter },
    )
}

pub fn apply_roles(market: Pubkey) -> Instruction {
    build(accounts::ApplyParams { market }, instruction::ApplyRoles {})
}

pub fn cancel_params(admin: Pubkey, market: Pubkey) -> Instruction {
    build(admin_accounts(admin, market), instruction::CancelParams {})
}

/// Encodes a GPU class name into the fixed 32-byte field (truncating at 32 bytes).
pub fn class_name(name: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    let bytes = name.as_bytes();
    let n = bytes.len().min(32);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}

pub fn create_gpu_class_accounts(
    admin: Pubkey,
    market: Pubkey,
    class_id: u16,
) -> accounts::CreateGpuClass {
    let gpu_class = pda::gpu_class(&market, class_id).0;
    accounts::CreateGpuClass {
        admin,
        market,
        gpu_class,
        credit_mint: pda::credit_mint(&gpu_class).0,
        escrow_vault: pda::job_escrow(&gpu_class).0,
        token_program: TOKEN_PROGRAM_ID,
        system_program: SYSTEM_PROGRAM_ID,
    }
}

/// Creates class `class_id`, which must be the market's next id (`market.gpu_class_count`).
pub fn create_gpu_class(admin: Pubkey, market: Pubkey, class_id: u16, name: &str) -> Instruction {
    build(
        create_gpu_class_accounts(admin, market, class_id),
        instruction::CreateGpuClass {
            name: class_name(name),
        },
    )
}

pub fn create_pool_accounts(admin: Pubkey, a: &PoolAddresses) -> accounts::CreatePool {
    accounts::CreatePool {
        admin,
        market: a.market,
        gpu_class: a.gpu_class,
        credit_mint: a.credit_mint,
        quote_mint: a.quote_mint,
        pool: a.pool,
        credit_vault: a.credit_vault,
        quote_vault: a.quote_vault,
        lp_mint: a.lp_mint,
        token_program: TOKEN_PROGRAM_ID,
        system_program: SYSTEM_PROGRAM_ID,
    }
}

pub fn create_pool(admin: Pubkey, a: &PoolAddresses) -> Instruction {
    build(create_pool_accounts(admin, a), instruction::CreatePool {})
}

// ---- liquidity providers ----

pub fn liquidity_accounts(
    owner: Pubkey,
    a: &PoolAddresses,
    owner_credit: Pubkey,
    owner_quote: Pubkey,
    owner_lp: Pubkey,
) -> accounts::ModifyLiquidity {
    accounts::ModifyLiquidity {
        owner,
        market: a.market,
        pool: a.pool,
        credit_vault: a.credit_vault,
        quote_vault: a.quote_vault,
        lp_mint: a.lp_mint,
        owner_credit,
        owner_quote,
        owner_lp,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn add_liquidity(
    accounts: accounts::ModifyLiquidity,
    lp_amount: u64,
    max_credit_in: u64,
    max_quote_in: u64,
    deadline: i64,
) -> Instruction {
    build(
        accounts,
        instruction::AddLiquidity {
            lp_amount,
            max_credit_in,
            max_quote_in,
            deadline,
        },
    )
}

pub fn remove_liquidity(
    accounts: accounts::ModifyLiquidity,
    lp_amount: u64,
    min_credit_out: u64,
    min_quote_out: u64,
    deadline: i64,
) -> Instruction {
    build(
        accounts,
        instruction::RemoveLiquidity {
            lp_amount,
            min_credit_out,
            min_quote_out,
            deadline,
        },
    )
}

// ---- traders ----

pub fn swap_accounts(
    trader: Pubkey,
    a: &PoolAddresses,
    trader_credit: Pubkey,
    trader_quote: Pubkey,
) -> accounts::Swap {
    accounts::Swap {
        trader,
        market: a.market,
        pool: a.pool,
        credit_vault: a.credit_vault,
        quote_vault: a.quote_vault,
        trader_credit,
        trader_quote,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn swap_exact_in(
    accounts: accounts::Swap,
    direction: SwapDirection,
    amount_in: u64,
    min_amount_out: u64,
    deadline: i64,
) -> Instruction {
    build(
        accounts,
        instruction::SwapExactIn {
            direction,
            amount_in,
            min_amount_out,
            deadline,
        },
    )
}

pub fn swap_exact_out(
    accounts: accounts::Swap,
    direction: SwapDirection,
    amount_out: u64,
    max_amount_in: u64,
    deadline: i64,
) -> Instruction {
    build(
        accounts,
        instruction::SwapExactOut {
            direction,
            amount_out,
            max_amount_in,
            deadline,
        },
    )
}

// ---- providers ----

/// Where a provider lives: its market (and the market's protocol mint), class and authority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProviderAddresses {
    pub market: Pubkey,
    pub protocol_mint: Pubkey,
    pub stake_vault: Pubkey,
    pub gpu_class: Pubkey,
    pub credit_mint: Pubkey,
    pub authority: Pubkey,
    pub provider: Pubkey,
}

impl ProviderAddresses {
    /// The class's pool against the protocol token: the collateral pool provider instructions pass
    /// (the program ignores it while the class has none).
    pub fn collateral_pool(&self) -> Pubkey {
        pda::pool(&self.gpu_class, &self.protocol_mint).0
    }

    pub fn derive(protocol_mint: &Pubkey, class_id: u16, authority: &Pubkey) -> Self {
        let market = pda::market(protocol_mint).0;
        let gpu_class = pda::gpu_class(&market, class_id).0;
        Self {
            market,
            protocol_mint: *protocol_mint,
            stake_vault: pda::stake_vault(&market).0,
            gpu_class,
            credit_mint: pda::credit_mint(&gpu_class).0,
            authority: *authority,
            provider: pda::provider(&gpu_class, authority).0,
        }
    }
}

/// Encodes a region tag into the fixed 16-byte field (truncating).
pub fn region(tag: &str) -> [u8; 16] {
    let mut out = [0u8; 16];
    let n = tag.len().min(16);
    out[..n].copy_from_slice(&tag.as_bytes()[..n]);
    out
}

pub fn register_provider(
    p: &ProviderAddresses,
    capacity_gpus: u32,
    region: [u8; 16],
    endpoint_hash: [u8; 32],
) -> Instruction {
    build(
        accounts::RegisterProvider {
            authority: p.authority,
            market: p.market,
            gpu_class: p.gpu_class,
            provider: p.provider,
            system_program: SYSTEM_PROGRAM_ID,
        },
        instruction::RegisterProvider {
            capacity_gpus,
            region,
            endpoint_hash,
        },
    )
}

pub fn update_provider(
    p: &ProviderAddresses,
    capacity_gpus: u32,
    region: [u8; 16],
    endpoint_hash: [u8; 32],
) -> Instruction {
    build(
        accounts::UpdateProvider {
            authority: p.authority,
            provider: p.provider,
        },
        instruction::UpdateProvider {
            capacity_gpus,
            region,
            endpoint_hash,
        },
    )
}

pub fn deregister_provider(p: &ProviderAddresses) -> Instruction {
    build(
        accounts::DeregisterProvider {
            authority: p.authority,
            gpu_class: p.gpu_class,
            provider: p.provider,
        },
        instruction::DeregisterProvider {},
    )
}

pub fn stake_accounts(p: &ProviderAddresses, source: Pubkey) -> accounts::Stake {
    accounts::Stake {
        authority: p.authority,
        market: p.market,
        provider: p.provider,
        stake_vault: p.stake_vault,
        source,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn stake(accounts: accounts::Stake, amount: u64) -> Instruction {
    build(accounts, instruction::Stake { amount })
}

/// `ticket_id` must be the provider's `next_ticket_id`.
pub fn request_unstake(p: &ProviderAddresses, ticket_id: u64, amount: u64) -> Instruction {
    build(
        accounts::RequestUnstake {
            authority: p.authority,
            market: p.market,
            provider: p.provider,
            ticket: pda::unstake_ticket(&p.provider, ticket_id).0,
            gpu_class: p.gpu_class,
            collateral_pool: p.collateral_pool(),
            system_program: SYSTEM_PROGRAM_ID,
        },
        instruction::RequestUnstake { amount },
    )
}

pub fn withdraw_unstaked_accounts(
    p: &ProviderAddresses,
    ticket_id: u64,
    destination: Pubkey,
) -> accounts::WithdrawUnstaked {
    accounts::WithdrawUnstaked {
        authority: p.authority,
        market: p.market,
        provider: p.provider,
        ticket: pda::unstake_ticket(&p.provider, ticket_id).0,
        stake_vault: p.stake_vault,
        destination,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn withdraw_unstaked(accounts: accounts::WithdrawUnstaked) -> Instruction {
    build(accounts, instruction::WithdrawUnstaked {})
}

pub fn credits_accounts(
    p: &ProviderAddresses,
    credit_account: Pubkey,
) -> accounts::ProviderCredits {
    accounts::ProviderCredits {
        authority: p.authority,
        market: p.market,
        gpu_class: p.gpu_class,
        provider: p.provider,
        credit_mint: p.credit_mint,
        credit_account,
        collateral_pool: p.collateral_pool(),
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn mint_credits(accounts: accounts::ProviderCredits, amount: u64) -> Instruction {
    build(accounts, instruction::MintCredits { amount })
}

pub fn retire_credits(accounts: accounts::ProviderCredits, amount: u64) -> Instruction {
    build(accounts, instruction::RetireCredits { amount })
}

// ---- arbiter ----

/// `job`: the provider's job whose user `harmed` belongs to; required when `harmed_claim` > 0
/// (`HarmedNotBound`), `None` otherwise.
pub fn slash_accounts(
    arbiter: Pubkey,
    p: &ProviderAddresses,
    harmed: Pubkey,
    treasury: Pubkey,
    job: Option<Pubkey>,
) -> accounts::SlashProvider {
    accounts::SlashProvider {
        arbiter,
        market: p.market,
        provider: p.provider,
        stake_vault: p.stake_vault,
        protocol_mint: p.protocol_mint,
        harmed,
        treasury,
        token_program: TOKEN_PROGRAM_ID,
        job,
    }
}

pub fn slash_provider(
    accounts: accounts::SlashProvider,
    amount: u64,
    harmed_claim: u64,
    reason: SlashReason,
) -> Instruction {
    build(
        accounts,
        instruction::SlashProvider {
            amount,
            harmed_claim,
            reason,
        },
    )
}

// ---- jobs ----

/// Every account a job's settlement touches, derived from a few keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobAddresses {
    pub market: Pubkey,
    pub protocol_mint: Pubkey,
    pub treasury: Pubkey,
    pub stake_vault: Pubkey,
    pub gpu_class: Pubkey,
    pub credit_mint: Pubkey,
    pub escrow_vault: Pubkey,
    pub job: Pubkey,
    pub user: Pubkey,
    pub job_id: u64,
}

impl JobAddresses {
    pub fn derive(
        protocol_mint: &Pubkey,
        treasury: &Pubkey,
        class_id: u16,
        user: &Pubkey,
        job_id: u64,
    ) -> Self {
        let market = pda::market(protocol_mint).0;
        let gpu_class = pda::gpu_class(&market, class_id).0;
        Self {
            market,
            protocol_mint: *protocol_mint,
            treasury: *treasury,
            stake_vault: pda::stake_vault(&market).0,
            gpu_class,
            credit_mint: pda::credit_mint(&gpu_class).0,
            escrow_vault: pda::job_escrow(&gpu_class).0,
            job: pda::job(&gpu_class, user, job_id).0,
            user: *user,
            job_id,
        }
    }
}

pub fn open_job_accounts(j: &JobAddresses, user_credit: Pubkey) -> accounts::OpenJob {
    accounts::OpenJob {
        user: j.user,
        market: j.market,
        gpu_class: j.gpu_class,
        job: j.job,
        escrow_vault: j.escrow_vault,
        user_credit,
        token_program: TOKEN_PROGRAM_ID,
        system_program: SYSTEM_PROGRAM_ID,
    }
}

pub fn open_job(
    accounts: accounts::OpenJob,
    job_id: u64,
    gpu_count: u16,
    milestone_amounts: Vec<u64>,
    accept_by: i64,
    complete_by: i64,
) -> Instruction {
    build(
        accounts,
        instruction::OpenJob {
            job_id,
            gpu_count,
            milestone_amounts,
            accept_by,
            complete_by,
        },
    )
}

pub fn buy_and_open_job_accounts(
    j: &JobAddresses,
    pool: &PoolAddresses,
    user_quote: Pubkey,
) -> accounts::BuyAndOpenJob {
    accounts::BuyAndOpenJob {
        user: j.user,
        market: j.market,
        gpu_class: j.gpu_class,
        pool: pool.pool,
        credit_vault: pool.credit_vault,
        quote_vault: pool.quote_vault,
        job: j.job,
        escrow_vault: j.escrow_vault,
        user_quote,
        token_program: TOKEN_PROGRAM_ID,
        system_program: SYSTEM_PROGRAM_ID,
    }
}

#[allow(clippy::too_many_arguments)]
pub fn buy_and_open_job(
    accounts: accounts::BuyAndOpenJob,
    job_id: u64,
    gpu_count: u16,
    milestone_amounts: Vec<u64>,
    accept_by: i64,
    complete_by: i64,
    max_quote_in: u64,
    deadline: i64,
) -> Instruction {
    build(
        accounts,
        instruction::BuyAndOpenJob {
            job_id,
            gpu_count,
            milestone_amounts,
            accept_by,
            complete_by,
            max_quote_in,
            deadline,
        },
    )
}

pub fn cancel_job(caller: Pubkey, j: &JobAddresses, user_credit: Pubkey) -> Instruction {
    build(
        accounts::CancelJob {
            caller,
            gpu_class: j.gpu_class,
            job: j.job,
            escrow_vault: j.escrow_vault,
            user_credit,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::CancelJob {},
    )
}

pub fn close_job(j: &JobAddresses) -> Instruction {
    build(
        accounts::CloseJob {
            user: j.user,
            job: j.job,
        },
        instruction::CloseJob {},
    )
}

pub fn job_user_accounts(
    j: &JobAddresses,
    provider: &ProviderAddresses,
    user_credit: Pubkey,
    provider_credit: Pubkey,
) -> accounts::JobUserAction {
    accounts::JobUserAction {
        user: j.user,
        market: j.market,
        gpu_class: j.gpu_class,
        job: j.job,
        provider: provider.provider,
        escrow_vault: j.escrow_vault,
        user_credit,
        provider_credit,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn approve_milestone(accounts: accounts::JobUserAction, index: u8) -> Instruction {
    build(accounts, instruction::ApproveMilestone { index })
}

pub fn dispute_milestone(accounts: accounts::JobUserAction, index: u8) -> Instruction {
    build(accounts, instruction::DisputeMilestone { index })
}

pub fn accept_job(provider: &ProviderAddresses, job: Pubkey) -> Instruction {
    build(
        accounts::AcceptJob {
            authority: provider.authority,
            market: provider.market,
            provider: provider.provider,
            job,
            gpu_class: provider.gpu_class,
            collateral_pool: provider.collateral_pool(),
        },
        instruction::AcceptJob {},
    )
}

pub fn submit_milestone(
    provider: &ProviderAddresses,
    job: Pubkey,
    index: u8,
    result_hash: [u8; 32],
) -> Instruction {
    build(
        accounts::SubmitMilestone {
            authority: provider.authority,
            provider: provider.provider,
            job,
        },
        instruction::SubmitMilestone { index, result_hash },
    )
}

pub fn claim_milestone(
    provider: &ProviderAddresses,
    j: &JobAddresses,
    provider_credit: Pubkey,
    index: u8,
) -> Instruction {
    build(
        accounts::ClaimMilestone {
            authority: provider.authority,
            market: j.market,
            gpu_class: j.gpu_class,
            provider: provider.provider,
            job: j.job,
            escrow_vault: j.escrow_vault,
            provider_credit,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::ClaimMilestone { index },
    )
}

#[allow(clippy::too_many_arguments)]
pub fn resolve_dispute(
    arbiter: Pubkey,
    j: &JobAddresses,
    provider: &ProviderAddresses,
    user_credit: Pubkey,
    provider_credit: Pubkey,
    user_protocol: Pubkey,
    index: u8,
    provider_at_fault: bool,
) -> Instruction {
    build(
        accounts::ResolveDispute {
            arbiter,
            market: j.market,
            gpu_class: j.gpu_class,
            job: j.job,
            provider: provider.provider,
            escrow_vault: j.escrow_vault,
            user_credit,
            provider_credit,
            stake_vault: j.stake_vault,
            protocol_mint: j.protocol_mint,
            user_protocol,
            treasury: j.treasury,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::ResolveDispute {
            index,
            provider_at_fault,
        },
    )
}

#[allow(clippy::too_many_arguments)]
pub fn expire_job(
    cranker: Pubkey,
    j: &JobAddresses,
    provider: &ProviderAddresses,
    user_credit: Pubkey,
    provider_credit: Pubkey,
    user_protocol: Pubkey,
    cranker_protocol: Pubkey,
) -> Instruction {
    build(
        accounts::ExpireJob {
            cranker,
            market: j.market,
            gpu_class: j.gpu_class,
            job: j.job,
            provider: provider.provider,
            escrow_vault: j.escrow_vault,
            user_credit,
            provider_credit,
            stake_vault: j.stake_vault,
            protocol_mint: j.protocol_mint,
            user_protocol,
            treasury: j.treasury,
            cranker_protocol,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::ExpireJob {},
    )
}

/// Pays a failed job's vested compensation to `user_protocol` (the job user's protocol-token account)
/// and its crank reward to `cranker_protocol` (the account its cranker named; pass `user_protocol`
/// when nobody cranked).
pub fn claim_compensation(
    payer: Pubkey,
    j: &JobAddresses,
    user_protocol: Pubkey,
    cranker_protocol: Pubkey,
) -> Instruction {
    build(
        accounts::ClaimCompensation {
            payer,
            market: j.market,
            job: j.job,
            stake_vault: j.stake_vault,
            user_protocol,
            cranker_protocol,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::ClaimCompensation {},
    )
}

/// `epoch` must be the market's `next_epoch_to_finalize`.
pub fn advance_epoch(cranker: Pubkey, market: Pubkey, epoch: u64) -> Instruction {
    build(
        accounts::AdvanceEpoch {
            cranker,
            market,
            epoch_record: pda::epoch_record(&market, epoch).0,
            system_program: SYSTEM_PROGRAM_ID,
        },
        instruction::AdvanceEpoch {},
    )
}

/// The reward is priced in the provider's class's pool against the protocol token.
pub fn claim_rewards(provider: &ProviderAddresses, epoch: u64, destination: Pubkey) -> Instruction {
    build(
        accounts::ClaimRewards {
            authority: provider.authority,
            market: provider.market,
            provider: provider.provider,
            epoch_record: pda::epoch_record(&provider.market, epoch).0,
            pool: pda::pool(&provider.gpu_class, &provider.protocol_mint).0,
            protocol_mint: provider.protocol_mint,
            destination,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::ClaimRewards { epoch },
    )
}

/// `protocol_pool` must be a pool whose quote mint is the market's protocol mint.
pub fn burn_protocol_fees(
    cranker: Pubkey,
    protocol_pool: &PoolAddresses,
    protocol_mint: Pubkey,
) -> Instruction {
    build(
        accounts::BurnProtocolFees {
            cranker,
            market: protocol_pool.market,
            pool: protocol_pool.pool,
            credit_vault: protocol_pool.credit_vault,
            quote_vault: protocol_pool.quote_vault,
            protocol_mint,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::BurnProtocolFees {},
    )
}

/// `protocol_pool`: the class's pool against the protocol token.
pub fn move_settlement_fees(cranker: Pubkey, protocol_pool: &PoolAddresses) -> Instruction {
    build(
        accounts::MoveSettlementFees {
            cranker,
            market: protocol_pool.market,
            gpu_class: protocol_pool.gpu_class,
            escrow_vault: pda::job_escrow(&protocol_pool.gpu_class).0,
            buyback_pool: protocol_pool.pool,
            buyback_credit_vault: protocol_pool.credit_vault,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::MoveSettlementFees {},
    )
}

pub fn move_credit_fees(
    cranker: Pubkey,
    source: &PoolAddresses,
    buyback: &PoolAddresses,
) -> Instruction {
    build(
        accounts::MoveCreditFees {
            cranker,
            market: source.market,
            source_pool: source.pool,
            source_credit_vault: source.credit_vault,
            buyback_pool: buyback.pool,
            buyback_credit_vault: buyback.credit_vault,
            token_program: TOKEN_PROGRAM_ID,
        },
        instruction::MoveCreditFees {},
    )
}
