//! Off-chain quotes on decoded accounts, through the same math and rules the program runs
//! (`compute_amm_math`, `compute_amm::logic`). To predict an instruction's whole effect, limits
//! and balances included, call its rule in `compute_amm::logic` on copies of the decoded accounts.

use compute_amm::logic::swap::reserves;
use compute_amm::state::{
    Job, JobStatus, Market, MilestoneStatus, Pool, Provider, SwapDirection, UnstakeTicket,
};
use compute_amm_math::{self as math, MathResult, SwapResult};

/// What `swap_exact_in` would do now.
pub fn swap_exact_in(
    market: &Market,
    pool: &Pool,
    direction: SwapDirection,
    amount_in: u64,
) -> MathResult<SwapResult> {
    let (ri, ro) = reserves(pool, direction);
    math::swap_exact_in(ri, ro, amount_in, market.params.fee_schedule())
}

/// What `swap_exact_out` would do now.
pub fn swap_exact_out(
    market: &Market,
    pool: &Pool,
    direction: SwapDirection,
    amount_out: u64,
) -> MathResult<SwapResult> {
    let (ri, ro) = reserves(pool, direction);
    math::swap_exact_out(ri, ro, amount_out, market.params.fee_schedule())
}

/// Tokens `(credit, quote)` that `add_liquidity(lp_amount)` takes from a funded pool.
pub fn add_liquidity(pool: &Pool, lp_amount: u64) -> MathResult<(u64, u64)> {
    math::deposit_for_lp(
        lp_amount,
        pool.reserve_credit,
        pool.reserve_quote,
        pool.lp_supply,
    )
}

/// Most LP shares that `max_credit` and `max_quote` can buy in a funded pool.
pub fn lp_for_deposit(pool: &Pool, max_credit: u64, max_quote: u64) -> MathResult<u64> {
    math::lp_for_deposit(
        max_credit,
        max_quote,
        pool.reserve_credit,
        pool.reserve_quote,
        pool.lp_supply,
    )
}

/// Tokens `(credit, quote)` that `remove_liquidity(lp_amount)` pays out.
pub fn remove_liquidity(pool: &Pool, lp_amount: u64) -> MathResult<(u64, u64)> {
    math::withdraw_for_lp(
        lp_amount,
        pool.reserve_credit,
        pool.reserve_quote,
        pool.lp_supply,
    )
}

/// Spot price, quote base units per credit base unit, Q64.64.
pub fn spot_price_q64(pool: &Pool) -> MathResult<u128> {
    math::twap::spot_price_q64(pool.reserve_quote, pool.reserve_credit)
}

/// Time-weighted price over at least `window` seconds ending at `now` (Q64.64, window covered),
/// read from the pool's ring buffer without sending any instruction.
pub fn twap(pool: &Pool, now: i64, window: i64) -> Option<(u128, i64)> {
    pool.twap(now, window).ok().flatten()
}

/// A Q64.64 price as f64 (display only; never feed it back into amounts).
pub fn q64_to_f64(price_q64: u128) -> f64 {
    price_q64 as f64 / math::twap::Q64 as f64
}

/// Credit base units the provider can still mint now.
pub fn mintable_credits(market: &Market, provider: &Provider) -> MathResult<u64> {
    math::stake::mintable_credits(
        provider.stake,
        provider.obligations,
        provider.locked_bond,
        market.params.stake_per_credit,
    )
}

/// Active stake the provider can move into cooldown now.
pub fn unstakeable(market: &Market, provider: &Provider) -> MathResult<u64> {
    math::stake::free_stake(
        provider.stake,
        provider.obligations,
        provider.locked_bond,
        market.params.stake_per_credit,
    )
}

/// When a ticket can be withdrawn, and what it would pay at the provider's current state.
pub fn ticket_status(provider: &Provider, ticket: &UnstakeTicket) -> MathResult<(i64, u64)> {
    let pay = math::stake::ticket_payout(
        ticket.shares,
        provider.pending_tokens,
        provider.pending_shares,
    )?;
    Ok((ticket.unlock_at, pay))
}

/// How much more the arbiter (or a crank) can slash this provider in the epoch containing `now`.
pub fn slash_room(market: &Market, provider: &Provider, now: i64) -> MathResult<u64> {
    let slashed = if provider.slash_epoch == market.epoch_at(now) {
        provider.slashed_this_epoch
    } else {
        0
    };
    math::stake::slash_cap_remaining(
        provider.stake,
        provider.pending_tokens,
        slashed,
        market.params.slash_cap_bps,
    )
}

/// What can happen next to a job, for UIs and cranks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobStage {
    /// Waiting for a provider until `accept_by`.
    AwaitingProvider,
    /// Unaccepted past `accept_by`: anyone may cancel it (refund to the user).
    Unaccepted,
    /// Milestone `index` is being worked on.
    InProgress { index: u8 },
    /// Milestone `index` is submitted: the user may approve or dispute until `window_closes`; after
    /// that the provider may claim.
    AwaitingReview { index: u8, window_closes: i64 },
    /// Milestone `index` is disputed: waiting for the arbiter.
    Disputed { index: u8 },
    /// Past `complete_by` + challenge window: anyone may expire it.
    Expirable,
    /// Settled (completed, failed, cancelled or expired): the user may close it.
    Settled(JobStatus),
}

/// The job's stage at `now`.
pub fn job_stage(market: &Market, job: &Job, now: i64) -> JobStage {
    match job.status {
        JobStatus::Open if now > job.accept_by => JobStage::Unaccepted,
        JobStatus::Open => JobStage::AwaitingProvider,
        JobStatus::Accepted => {
            let ms = job.active_milestones();
            if let Some(i) = ms
                .iter()
                .position(|m| m.status == MilestoneStatus::Disputed)
            {
                return JobStage::Disputed { index: i as u8 };
            }
            if now
                > job
                    .complete_by
                    .saturating_add(market.params.challenge_window_secs)
            {
                return JobStage::Expirable;
            }
            if let Some(i) = ms
                .iter()
                .position(|m| m.status == MilestoneStatus::Submitted)
            {
                return JobStage::AwaitingReview {
                    index: i as u8,
                    window_closes: ms[i]
                        .submitted_at
                        .saturating_add(market.params.challenge_window_secs),
                };
            }
            JobStage::InProgress {
                index: job.next_milestone,
            }
        }
        s => JobStage::Settled(s),
    }
}
