//! Compute AMM: an on-chain market for GPU time.
//!
//! GPU-hour credits of each GPU class trade against quote tokens in constant-product pools; buying
//! GPU time is a swap. Later modules add provider staking (credits backed by slashable stake),
//! escrowed job settlement and a burn-and-mint fee path.
//!
//! This file only dispatches: validation lives in each instruction's `#[derive(Accounts)]` and
//! handler, the arithmetic in the `compute-amm-math` crate shared with the client and simulator.

#![allow(clippy::result_large_err)]
// Every amount is checked arithmetic (`safe_math::SafeMath`, the math crate); the lint keeps it so.
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

use anchor_lang::prelude::*;

pub mod constants;
pub mod error;
pub mod events;
pub mod instructions;
pub mod logic;
pub mod safe_math;
pub mod state;

use constants::REGION_LEN;
use instructions::*;
use state::{MarketParams, SlashReason, SwapDirection};

declare_id!("oz1LtEEpoWUD3YxQJwMpd1yusb2JNZDwUVHFm6NBZqN");

#[program]
pub mod compute_amm {
    use super::*;

    // ---- admin ----

    /// Creates the market of a protocol token. The signer becomes admin.
    ///
    /// * `params` — fees and protection windows (validated against the hard caps).
    /// * `arbiter` — the authority that will resolve job disputes.
    pub fn initialize_market(
        ctx: Context<InitializeMarket>,
        params: MarketParams,
        arbiter: Pubkey,
    ) -> Result<()> {
        instructions::initialize_market(ctx, params, arbiter)
    }

    /// Names a new admin (step one of two). `Pubkey::default()` withdraws a pending proposal.
    pub fn propose_admin(ctx: Context<AdminOnly>, new_admin: Pubkey) -> Result<()> {
        instructions::propose_admin(ctx, new_admin)
    }

    /// The proposed admin takes over (step two of two).
    pub fn accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
        instructions::accept_admin(ctx)
    }

    /// Sets the per-action pause bits (see `state::pause`).
    pub fn set_paused(ctx: Context<AdminOnly>, flags: u16) -> Result<()> {
        instructions::set_paused(ctx, flags)
    }

    /// Proposes new market parameters; they apply after the current timelock.
    pub fn propose_params(ctx: Context<AdminOnly>, params: MarketParams) -> Result<()> {
        instructions::propose_params(ctx, params)
    }

    /// Applies a pending parameter change after its timelock. Permissionless.
    pub fn apply_params(ctx: Context<ApplyParams>) -> Result<()> {
        instructions::apply_params(ctx)
    }

    /// Proposes a new arbiter and treasury (effective after the parameter timelock).
    pub fn propose_roles(ctx: Context<ProposeRoles>, arbiter: Pubkey) -> Result<()> {
        instructions::propose_roles(ctx, arbiter)
    }

    /// Applies a proposed arbiter and treasury once the timelock has passed (permissionless).
    pub fn apply_roles(ctx: Context<ApplyParams>) -> Result<()> {
        instructions::apply_roles(ctx)
    }

    /// Withdraws a pending parameter change.
    pub fn cancel_params(ctx: Context<AdminOnly>) -> Result<()> {
        instructions::cancel_params(ctx)
    }

    /// Creates the next GPU class and its credit mint.
    ///
    /// * `name` — UTF-8, zero-padded to 32 bytes (e.g. "H100-SXM5-80GB").
    pub fn create_gpu_class(ctx: Context<CreateGpuClass>, name: [u8; 32]) -> Result<()> {
        instructions::create_gpu_class(ctx, name)
    }

    /// Creates the pool of a GPU class against a quote mint (vaults and LP mint included).
    pub fn create_pool(ctx: Context<CreatePool>) -> Result<()> {
        instructions::create_pool(ctx)
    }

    // ---- liquidity providers ----

    /// Adds liquidity; see `instructions::lp::add_liquidity` for the first-deposit rule.
    pub fn add_liquidity(
        ctx: Context<ModifyLiquidity>,
        lp_amount: u64,
        max_credit_in: u64,
        max_quote_in: u64,
        deadline: i64,
    ) -> Result<()> {
        instructions::add_liquidity(ctx, lp_amount, max_credit_in, max_quote_in, deadline)
    }

    /// Burns LP shares for the underlying tokens, floored.
    pub fn remove_liquidity(
        ctx: Context<ModifyLiquidity>,
        lp_amount: u64,
        min_credit_out: u64,
        min_quote_out: u64,
        deadline: i64,
    ) -> Result<()> {
        instructions::remove_liquidity(ctx, lp_amount, min_credit_out, min_quote_out, deadline)
    }

    // ---- traders ----

    /// Swaps an exact input for at least `min_amount_out`.
    pub fn swap_exact_in(
        ctx: Context<Swap>,
        direction: SwapDirection,
        amount_in: u64,
        min_amount_out: u64,
        deadline: i64,
    ) -> Result<()> {
        instructions::swap_exact_in(ctx, direction, amount_in, min_amount_out, deadline)
    }

    /// Swaps at most `max_amount_in` for an exact output.
    pub fn swap_exact_out(
        ctx: Context<Swap>,
        direction: SwapDirection,
        amount_out: u64,
        max_amount_in: u64,
        deadline: i64,
    ) -> Result<()> {
        instructions::swap_exact_out(ctx, direction, amount_out, max_amount_in, deadline)
    }

    // ---- providers ----

    /// Registers the signer as a provider of a GPU class.
    pub fn register_provider(
        ctx: Context<RegisterProvider>,
        capacity_gpus: u32,
        region: [u8; REGION_LEN],
        endpoint_hash: [u8; 32],
    ) -> Result<()> {
        instructions::register_provider(ctx, capacity_gpus, region, endpoint_hash)
    }

    /// Updates declared capacity and metadata.
    pub fn update_provider(
        ctx: Context<UpdateProvider>,
        capacity_gpus: u32,
        region: [u8; REGION_LEN],
        endpoint_hash: [u8; 32],
    ) -> Result<()> {
        instructions::update_provider(ctx, capacity_gpus, region, endpoint_hash)
    }

    /// Closes a provider with no stake, tickets, obligations or jobs.
    pub fn deregister_provider(ctx: Context<DeregisterProvider>) -> Result<()> {
        instructions::deregister_provider(ctx)
    }

    /// Adds protocol tokens to the provider's active stake.
    pub fn stake(ctx: Context<Stake>, amount: u64) -> Result<()> {
        instructions::stake(ctx, amount)
    }

    /// Moves free stake into cooldown under a new ticket.
    pub fn request_unstake(ctx: Context<RequestUnstake>, amount: u64) -> Result<()> {
        instructions::request_unstake(ctx, amount)
    }

    /// Redeems a ticket after its cooldown.
    pub fn withdraw_unstaked(ctx: Context<WithdrawUnstaked>) -> Result<()> {
        instructions::withdraw_unstaked(ctx)
    }

    /// Mints GPU-hour credits against free stake.
    pub fn mint_credits(ctx: Context<ProviderCredits>, amount: u64) -> Result<()> {
        instructions::mint_credits(ctx, amount)
    }

    /// Burns credits the provider holds against its obligation.
    pub fn retire_credits(ctx: Context<ProviderCredits>, amount: u64) -> Result<()> {
        instructions::retire_credits(ctx, amount)
    }

    // ---- arbiter ----

    /// Slashes a provider (capped per epoch; routed harmed party → burn → treasury).
    pub fn slash_provider(
        ctx: Context<SlashProvider>,
        amount: u64,
        harmed_claim: u64,
        reason: SlashReason,
    ) -> Result<()> {
        instructions::slash_provider(ctx, amount, harmed_claim, reason)
    }

    // ---- users (jobs) ----

    /// Opens a job: escrows the milestones' credits. See `instructions::user::open_job`.
    pub fn open_job(
        ctx: Context<OpenJob>,
        job_id: u64,
        gpu_count: u16,
        milestone_amounts: Vec<u64>,
        accept_by: i64,
        complete_by: i64,
    ) -> Result<()> {
        instructions::open_job(
            ctx,
            job_id,
            gpu_count,
            milestone_amounts,
            accept_by,
            complete_by,
        )
    }

    /// Buys the job's credits from the pool and opens the job, atomically.
    #[allow(clippy::too_many_arguments)]
    pub fn buy_and_open_job(
        ctx: Context<BuyAndOpenJob>,
        job_id: u64,
        gpu_count: u16,
        milestone_amounts: Vec<u64>,
        accept_by: i64,
        complete_by: i64,
        max_quote_in: u64,
        deadline: i64,
    ) -> Result<()> {
        instructions::buy_and_open_job(
            ctx,
            job_id,
            gpu_count,
            milestone_amounts,
            accept_by,
            complete_by,
            max_quote_in,
            deadline,
        )
    }

    /// Cancels an unaccepted job (the user any time; anyone after accept-by), refunding the escrow.
    pub fn cancel_job(ctx: Context<CancelJob>) -> Result<()> {
        instructions::cancel_job(ctx)
    }

    /// Releases a submitted milestone to the provider.
    pub fn approve_milestone(ctx: Context<JobUserAction>, index: u8) -> Result<()> {
        instructions::approve_milestone(ctx, index)
    }

    /// Disputes a submitted milestone within the challenge window, posting a bond.
    pub fn dispute_milestone(ctx: Context<JobUserAction>, index: u8) -> Result<()> {
        instructions::dispute_milestone(ctx, index)
    }

    /// Closes a settled job, returning its rent.
    pub fn close_job(ctx: Context<CloseJob>) -> Result<()> {
        instructions::close_job(ctx)
    }

    // ---- providers (jobs and rewards) ----

    /// Accepts an open job of the provider's class, locking a bond.
    pub fn accept_job(ctx: Context<AcceptJob>) -> Result<()> {
        instructions::accept_job(ctx)
    }

    /// Commits the result of the next milestone.
    pub fn submit_milestone(
        ctx: Context<SubmitMilestone>,
        index: u8,
        result_hash: [u8; 32],
    ) -> Result<()> {
        instructions::submit_milestone(ctx, index, result_hash)
    }

    /// Claims a submitted milestone after an undisputed challenge window.
    pub fn claim_milestone(ctx: Context<ClaimMilestone>, index: u8) -> Result<()> {
        instructions::claim_milestone(ctx, index)
    }

    /// Mints the provider's share of a finalized epoch's emission.
    pub fn claim_rewards(ctx: Context<ClaimRewards>, epoch: u64) -> Result<()> {
        instructions::claim_rewards(ctx, epoch)
    }

    // ---- arbiter (jobs) ----

    /// Decides a disputed milestone.
    pub fn resolve_dispute(
        ctx: Context<ResolveDispute>,
        index: u8,
        provider_at_fault: bool,
    ) -> Result<()> {
        instructions::resolve_dispute(ctx, index, provider_at_fault)
    }

    // ---- cranks ----

    /// Settles an accepted job past its deadline (liveness slash, crank reward).
    pub fn expire_job(ctx: Context<ExpireJob>) -> Result<()> {
        instructions::expire_job(ctx)
    }

    /// Pays a failed job's vested compensation to its user and crank reward to its cranker.
    pub fn claim_compensation(ctx: Context<ClaimCompensation>) -> Result<()> {
        instructions::claim_compensation(ctx)
    }

    /// Finalizes the oldest ended epoch's emission.
    pub fn advance_epoch(ctx: Context<AdvanceEpoch>) -> Result<()> {
        instructions::advance_epoch(ctx)
    }

    /// Burns a protocol-token pool's protocol fees (TWAP-guarded buyback of its credit fees).
    pub fn burn_protocol_fees(ctx: Context<BurnProtocolFees>) -> Result<()> {
        instructions::burn_protocol_fees(ctx)
    }

    /// Moves a pool's credit fees to the class's protocol-token pool for burning.
    pub fn move_credit_fees(ctx: Context<MoveCreditFees>) -> Result<()> {
        instructions::move_credit_fees(ctx)
    }

    /// Moves a class's accrued settlement take to its protocol-token pool for burning.
    pub fn move_settlement_fees(ctx: Context<MoveSettlementFees>) -> Result<()> {
        instructions::move_settlement_fees(ctx)
    }
}
