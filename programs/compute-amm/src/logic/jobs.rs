//! Escrowed job settlement: open, accept, submit, approve / claim, dispute, resolve, expire, cancel,
//! close. Every path that pays out of escrow goes through [`release`] (a milestone to the provider)
//! or [`refund_unreleased`] (everything left to the user), and every settlement that ends a job
//! through [`complete_if_done`] or [`fail`].

use anchor_lang::prelude::*;
use compute_amm_math::stake::{free_stake, required_stake};
use compute_amm_math::{mul_div, Rounding};

use crate::constants::{BPS_DENOMINATOR, MAX_JOB_DURATION_SECS, MAX_MILESTONES};
use crate::error::{ComputeAmmError, MathResultExt};
use crate::logic::collateral;
use crate::logic::slash::{slash, CapPolicy, Slash};
use crate::logic::swap::{apply_swap_state, check_deadline, quote, SwapKind};
use crate::safe_math::SafeMath;
use crate::state::{
    pause, Expired, GpuClass, Job, JobStatus, Market, Milestone, MilestoneStatus, Pool, Provider,
    SwapDirection,
};
use compute_amm_math::SwapResult;

/// How a milestone came to be released (recorded in `MilestoneReleased`).
pub const RELEASED_BY_USER: u8 = 0;
pub const RELEASED_BY_CLAIM: u8 = 1;
pub const RELEASED_BY_ARBITER: u8 = 2;
pub const RELEASED_AT_EXPIRY: u8 = 3;

/// A new job's terms, as `open_job` and `buy_and_open_job` take them.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct OpenJobArgs {
    /// Any number unique among the user's jobs of this class (part of the job's PDA).
    pub job_id: u64,
    /// GPUs wanted.
    pub gpu_count: u16,
    /// Credits (base units) per milestone, 1 to `MAX_MILESTONES`, paid in order.
    pub milestone_amounts: Vec<u64>,
    /// A provider must accept before this time (unix seconds).
    pub accept_by: i64,
    /// All work must be submitted before this time.
    pub complete_by: i64,
}

/// The addresses a new job records.
#[derive(Clone, Copy, Debug)]
pub struct JobKeys {
    pub bump: u8,
    pub market: Pubkey,
    pub gpu_class: Pubkey,
    pub user: Pubkey,
}

/// One milestone paid to the provider: `pay` (its credits plus any dispute bond on it) moves from
/// escrow to the provider's credit account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Release {
    pub index: u8,
    pub amount: u64,
    pub pay: u64,
    /// The settlement take kept in escrow for the burn (`amount - take` goes to the provider).
    pub take: u64,
    pub epoch: u64,
    /// The provider's unclaimed work of an old epoch that this release's epoch displaced.
    pub expired: Expired,
}

/// A job that reached a final status, for `JobSettled`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settled {
    pub status: JobStatus,
    pub released: u64,
    pub refunded: u64,
    pub bond_unlocked: u64,
}

impl Settled {
    /// The job's settlement as it stands, with `bond` unlocked by it.
    pub fn of(job: &Job, bond: u64) -> Self {
        Self {
            status: job.status,
            released: job.released,
            refunded: job.refunded,
            bond_unlocked: bond,
        }
    }
}

/// A milestone released by the user, a claim or the arbiter; `settled` when it completed the job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MilestoneOutcome {
    pub release: Release,
    pub settled: Option<Settled>,
}

/// A job failed against its provider: `refund` (credits and dispute bonds) moves from escrow to the
/// user; `slash` lists what leaves the stake vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Submitted, undisputed milestones whose challenge window had passed: released to the provider
    /// (one transfer of `to_provider`) before the rest is refunded.
    pub released: [Option<Release>; MAX_MILESTONES],
    pub to_provider: u64,
    /// Credits of the unreleased milestones returned to the user.
    pub refunded: u64,
    /// Everything paid back to the user: `refunded` plus dispute bonds.
    pub refund: u64,
    pub settled: Settled,
    pub slash: Slash,
}

/// Checks the terms and writes a new job; returns the credits to escrow.
pub fn init_job(job: &mut Job, keys: JobKeys, args: &OpenJobArgs, now: i64) -> Result<u64> {
    let amounts = &args.milestone_amounts;
    require!(
        !amounts.is_empty()
            && amounts.len() <= MAX_MILESTONES
            && amounts.iter().all(|a| *a > 0)
            && args.gpu_count > 0
            && now < args.accept_by
            && args.accept_by <= args.complete_by,
        ComputeAmmError::InvalidJobTerms
    );
    require!(
        args.complete_by <= now.safe_add(MAX_JOB_DURATION_SECS)?,
        ComputeAmmError::JobTooLong
    );
    let total = amounts
        .iter()
        .try_fold(0u64, |acc, a| acc.checked_add(*a))
        .ok_or(ComputeAmmError::MathOverflow)?;
    job.bump = keys.bump;
    job.market = keys.market;
    job.gpu_class = keys.gpu_class;
    job.user = keys.user;
    job.job_id = args.job_id;
    job.provider = Pubkey::default();
    job.gpu_count = args.gpu_count;
    job.total_credits = total;
    job.milestone_count =
        u8::try_from(amounts.len()).map_err(|_| ComputeAmmError::InvalidJobTerms)?;
    job.next_milestone = 0;
    for (slot, amount) in job.milestones.iter_mut().zip(amounts) {
        *slot = Milestone {
            amount: *amount,
            ..Milestone::default()
        };
    }
    job.accept_by = args.accept_by;
    job.complete_by = args.complete_by;
    job.opened_at = now;
    job.compensation = 0;
    job.crank_reward = 0;
    job.cranker = Pubkey::default();
    job.compensation_vests_at = 0;
    Ok(total)
}

/// `open_job`: a new job escrowing its credits from the user, who holds `available`. Token movement:
/// the returned total, user → escrow.
pub fn open_job(
    market: &Market,
    class: &mut GpuClass,
    job: &mut Job,
    keys: JobKeys,
    args: &OpenJobArgs,
    available: u64,
    now: i64,
) -> Result<u64> {
    market.ensure_not_paused(pause::JOBS)?;
    let total = init_job(job, keys, args, now)?;
    require!(available >= total, ComputeAmmError::InsufficientFunds);
    class.total_escrowed = class.total_escrowed.safe_add(total)?;
    Ok(total)
}

/// `buy_and_open_job`: buys exactly the job's credits from the pool (an exact-out swap paying at most
/// `max_quote_in` out of `available` quote tokens) and escrows them in a new job, atomically. Token
/// movements: `amount_in` user → quote vault, the job's total credit vault → escrow.
#[allow(clippy::too_many_arguments)]
pub fn buy_and_open_job(
    market: &Market,
    pool: &mut Pool,
    class: &mut GpuClass,
    job: &mut Job,
    keys: JobKeys,
    args: &OpenJobArgs,
    max_quote_in: u64,
    available: u64,
    deadline: i64,
    now: i64,
) -> Result<(u64, SwapResult)> {
    market.ensure_not_paused(pause::JOBS)?;
    market.ensure_not_paused(pause::SWAP)?;
    check_deadline(now, deadline)?;
    let total = init_job(job, keys, args, now)?;
    pool.update_oracle(now)?;
    let kind = SwapKind::ExactOut {
        amount_out: total,
        max_amount_in: max_quote_in,
    };
    let r = quote(market, pool, SwapDirection::BuyCredits, kind)?;
    require!(available >= r.amount_in, ComputeAmmError::InsufficientFunds);
    apply_swap_state(pool, SwapDirection::BuyCredits, &r)?;
    class.total_escrowed = class.total_escrowed.safe_add(total)?;
    Ok((total, r))
}

/// `accept_job`: the provider locks the job's bond out of its free stake; refused when its collateral
/// (valued at `collateral_pool`'s TWAP) is below the halt threshold afterwards. Returns the bond and
/// the collateral check.
pub fn accept_job(
    market: &Market,
    job: &mut Job,
    provider: &mut Provider,
    provider_key: Pubkey,
    collateral_pool: Option<&Pool>,
    now: i64,
) -> Result<(u64, collateral::Check)> {
    market.ensure_not_paused(pause::JOBS)?;
    let spc = market.params.stake_per_credit;
    require!(
        job.status == JobStatus::Open,
        ComputeAmmError::InvalidJobState
    );
    require!(now <= job.accept_by, ComputeAmmError::JobDeadlinePassed);
    let bond = required_stake(job.total_credits, spc).or_program_err()?;
    let free = free_stake(
        provider.stake,
        provider.obligations,
        provider.locked_bond,
        spc,
    )
    .or_program_err()?;
    require!(bond <= free, ComputeAmmError::InsufficientFreeStake);
    provider.locked_bond = provider.locked_bond.safe_add(bond)?;
    provider.open_jobs = provider.open_jobs.safe_add(1)?;
    job.provider = provider_key;
    job.bond = bond;
    job.accepted_at = now;
    job.status = JobStatus::Accepted;
    let c = collateral::check(market, provider, collateral_pool, now)?;
    collateral::require_not_halted(&c)?;
    Ok((bond, c))
}

/// Checks a milestone index against the job.
pub fn milestone_index(job: &Job, index: u8) -> Result<usize> {
    require!(
        index < job.milestone_count,
        ComputeAmmError::InvalidMilestoneState
    );
    Ok(usize::from(index))
}

/// When milestone `index` may first be submitted: milestones are paced evenly over the job's run,
/// `accepted_at + index · (complete_by − accepted_at) / milestone_count` (rounded up, so never
/// early). Without pacing a provider could submit every milestone at once with junk, and the user
/// would have to dispute each inside one challenge window or pay for no work.
pub fn earliest_submit(job: &Job, index: u8) -> Result<i64> {
    let span = job.complete_by.safe_sub(job.accepted_at)?.max(0);
    let count = i64::from(job.milestone_count.max(1));
    let offset = i128::from(span)
        .checked_mul(i128::from(index))
        .ok_or(ComputeAmmError::MathOverflow)?;
    let offset = offset
        .checked_add(i128::from(count) - 1)
        .ok_or(ComputeAmmError::MathOverflow)?
        / i128::from(count);
    let offset = i64::try_from(offset).map_err(|_| ComputeAmmError::MathOverflow)?;
    job.accepted_at.safe_add(offset)
}

/// The first disputed milestone, if any: no milestone after it is released until it is settled.
pub fn first_disputed(job: &Job) -> Option<usize> {
    job.active_milestones()
        .iter()
        .position(|m| m.status == MilestoneStatus::Disputed)
}

/// `submit_milestone`: the provider submits the next milestone's result.
pub fn submit_milestone(job: &mut Job, index: u8, result_hash: [u8; 32], now: i64) -> Result<()> {
    require!(
        job.status == JobStatus::Accepted,
        ComputeAmmError::InvalidJobState
    );
    let idx = milestone_index(job, index)?;
    require!(
        index == job.next_milestone && job.milestones[idx].status == MilestoneStatus::Pending,
        ComputeAmmError::InvalidMilestoneState
    );
    require!(now <= job.complete_by, ComputeAmmError::JobDeadlinePassed);
    // Paced: milestone i opens at its share of the run, or as soon as the one before it was
    // released (the user approved it, or its challenge window passed undisputed), so a user who
    // reviews promptly is never made to wait, and junk can never arrive faster than one
    // challenge window per milestone.
    let previous_released = idx > 0 && job.milestones[idx - 1].status == MilestoneStatus::Released;
    require!(
        previous_released || now >= earliest_submit(job, index)?,
        ComputeAmmError::MilestoneTooEarly
    );
    let m = &mut job.milestones[idx];
    m.status = MilestoneStatus::Submitted;
    m.result_hash = result_hash;
    m.submitted_at = now;
    job.next_milestone = job.next_milestone.saturating_add(1);
    Ok(())
}

/// Releases milestone `idx` (and any dispute bond on it) to the provider and records the verified
/// work for reputation and emissions.
pub fn release(
    market: &mut Market,
    class: &mut GpuClass,
    job: &mut Job,
    provider: &mut Provider,
    idx: usize,
    now: i64,
) -> Result<Release> {
    let m = job.milestones[idx];
    let bond = if m.status == MilestoneStatus::Disputed {
        m.dispute_bond
    } else {
        0
    };
    // The take rounds up: the burn, never the provider, gets the odd unit.
    let take = mul_div(
        m.amount,
        u64::from(market.params.settlement_fee_bps),
        u64::from(BPS_DENOMINATOR),
        Rounding::Up,
    )
    .or_program_err()?;
    let out_of_escrow = m.amount.safe_add(bond)?;
    let pay = out_of_escrow.safe_sub(take)?;
    job.milestones[idx].status = MilestoneStatus::Released;
    job.released = job.released.safe_add(m.amount)?;
    provider.gpu_hours_delivered = provider.gpu_hours_delivered.saturating_add(m.amount);
    let epoch = market.epoch_at(now);
    let expired = provider
        .record_served(epoch, m.amount, take)
        .ok_or(ComputeAmmError::MathOverflow)?;
    market.record_served(epoch, m.amount, take)?;
    class.total_escrowed = class.total_escrowed.safe_sub(out_of_escrow)?;
    class.settlement_fees = class.settlement_fees.safe_add(take)?;
    Ok(Release {
        index: u8::try_from(idx).unwrap_or(u8::MAX),
        amount: m.amount,
        pay,
        take,
        epoch,
        expired,
    })
}

/// Frees the job's bond from the provider's stake and closes the provider's side of the job.
pub fn unlock_bond(job: &mut Job, provider: &mut Provider) -> u64 {
    let bond = job.bond;
    provider.locked_bond = provider.locked_bond.saturating_sub(bond);
    provider.open_jobs = provider.open_jobs.saturating_sub(1);
    job.bond = 0;
    bond
}

/// Marks the job completed if every milestone is released, unlocking the bond.
pub fn complete_if_done(job: &mut Job, provider: &mut Provider) -> Option<Settled> {
    let done = job
        .active_milestones()
        .iter()
        .all(|m| m.status == MilestoneStatus::Released);
    if !(done && job.status == JobStatus::Accepted) {
        return None;
    }
    job.status = JobStatus::Completed;
    let bond = unlock_bond(job, provider);
    provider.jobs_served = provider.jobs_served.saturating_add(1);
    Some(Settled::of(job, bond))
}

/// Refunds every unreleased milestone's credits, and any posted dispute bond; returns
/// `(refunded credits, total to pay the user including bonds)`.
pub fn refund_unreleased(job: &mut Job, class: &mut GpuClass) -> Result<(u64, u64)> {
    let mut refund = 0u64;
    let mut bonds = 0u64;
    let count = usize::from(job.milestone_count);
    for m in job.milestones.iter_mut().take(count) {
        match m.status {
            MilestoneStatus::Pending | MilestoneStatus::Submitted | MilestoneStatus::Disputed => {
                refund = refund.safe_add(m.amount)?;
                if m.status == MilestoneStatus::Disputed {
                    bonds = bonds.safe_add(m.dispute_bond)?;
                }
                m.status = MilestoneStatus::Refunded;
            }
            MilestoneStatus::Released | MilestoneStatus::Refunded => {}
        }
    }
    job.refunded = job.refunded.safe_add(refund)?;
    let pay = refund.safe_add(bonds)?;
    class.total_escrowed = class.total_escrowed.safe_sub(pay)?;
    Ok((refund, pay))
}

fn release_submitted(
    market: &mut Market,
    class: &mut GpuClass,
    job: &mut Job,
    provider: &mut Provider,
    index: u8,
    now: i64,
) -> Result<MilestoneOutcome> {
    let idx = milestone_index(job, index)?;
    let release = release(market, class, job, provider, idx, now)?;
    let settled = complete_if_done(job, provider);
    Ok(MilestoneOutcome { release, settled })
}

fn submitted(job: &Job, index: u8) -> Result<Milestone> {
    require!(
        job.status == JobStatus::Accepted,
        ComputeAmmError::InvalidJobState
    );
    let idx = milestone_index(job, index)?;
    let m = job.milestones[idx];
    require!(
        m.status == MilestoneStatus::Submitted,
        ComputeAmmError::InvalidMilestoneState
    );
    Ok(m)
}

/// `approve_milestone`: the user releases a submitted milestone.
pub fn approve_milestone(
    market: &mut Market,
    class: &mut GpuClass,
    job: &mut Job,
    provider: &mut Provider,
    index: u8,
    now: i64,
) -> Result<MilestoneOutcome> {
    submitted(job, index)?;
    release_submitted(market, class, job, provider, index, now)
}

/// `claim_milestone`: the provider takes a submitted milestone nobody disputed in its window.
pub fn claim_milestone(
    market: &mut Market,
    class: &mut GpuClass,
    job: &mut Job,
    provider: &mut Provider,
    index: u8,
    now: i64,
) -> Result<MilestoneOutcome> {
    let m = submitted(job, index)?;
    let opens = m
        .submitted_at
        .safe_add(market.params.challenge_window_secs)?;
    require!(now >= opens, ComputeAmmError::ChallengeWindowOpen);
    require!(
        !matches!(first_disputed(job), Some(d) if d <= usize::from(index)),
        ComputeAmmError::EarlierMilestoneDisputed
    );
    release_submitted(market, class, job, provider, index, now)
}

/// `dispute_milestone`: the user challenges a submitted milestone inside its window, posting a bond
/// of `dispute_bond_bps` of it out of `available` credits. Token movement: the bond, user → escrow.
/// A user whose account cannot pay the bond (it bought exactly its job's credits) disputes against
/// its escrow instead: bond 0, the disputed milestone's own escrowed credits are what it stands to
/// lose. Refusing it would leave such a user no defence against a junk result.
pub fn dispute_milestone(
    market: &Market,
    class: &mut GpuClass,
    job: &mut Job,
    index: u8,
    available: u64,
    now: i64,
) -> Result<u64> {
    let m = submitted(job, index)?;
    let closes = m
        .submitted_at
        .safe_add(market.params.challenge_window_secs)?;
    require!(now < closes, ComputeAmmError::ChallengeWindowClosed);
    let bond = mul_div(
        m.amount,
        u64::from(market.params.dispute_bond_bps),
        u64::from(BPS_DENOMINATOR),
        Rounding::Up,
    )
    .or_program_err()?;
    let bond = if available >= bond { bond } else { 0 };
    let idx = usize::from(index);
    job.milestones[idx].status = MilestoneStatus::Disputed;
    job.milestones[idx].dispute_bond = bond;
    class.total_escrowed = class.total_escrowed.safe_add(bond)?;
    Ok(bond)
}

/// Fails an accepted job against its provider: refunds everything unreleased, unlocks the bond and
/// slashes all of it (outside the epoch cap: it was locked for this job), the user compensated first
/// with the stake value of the refunded credits after the crank reward. Compensation and crank
/// reward stay on the job until the provider's unstake cooldown has passed (`claim_compensation`):
/// otherwise a provider failing a job of its own second key, or cranking its own failure, would
/// take stake out before its cooldown. The burn and treasury shares leave at once.
#[allow(clippy::too_many_arguments)]
fn fail(
    market: &mut Market,
    class: &mut GpuClass,
    job: &mut Job,
    provider: &mut Provider,
    status: JobStatus,
    cranker: Option<Pubkey>,
    now: i64,
) -> Result<Failure> {
    // Milestones after the first disputed one were blocked by it: the provider at fault is not
    // paid for them (otherwise junk submitted behind a disputed milestone would be paid at failure).
    let until = first_disputed(job).unwrap_or(MAX_MILESTONES);
    let (released, to_provider) = release_delivered(market, class, job, provider, until, now)?;
    let (refunded, refund) = refund_unreleased(job, class)?;
    let bond = unlock_bond(job, provider);
    job.status = status;
    provider.jobs_failed = provider.jobs_failed.saturating_add(1);
    let claim = required_stake(refunded, market.params.stake_per_credit).or_program_err()?;
    let mut slash = slash(
        market,
        provider,
        bond,
        claim,
        cranker.is_some(),
        CapPolicy::Bond,
        now,
    )?;
    let vests_at = now.safe_add(market.params.unstake_cooldown_secs)?;
    job.compensation = job.compensation.safe_add(slash.split.to_harmed)?;
    job.crank_reward = job.crank_reward.safe_add(slash.split.to_crank)?;
    job.cranker = cranker.unwrap_or_default();
    job.compensation_vests_at = vests_at;
    market.compensation_owed = market
        .compensation_owed
        .safe_add(slash.split.to_harmed)?
        .safe_add(slash.split.to_crank)?;
    slash.vests_at = Some(vests_at);
    Ok(Failure {
        released,
        to_provider,
        refunded,
        refund,
        settled: Settled::of(job, bond),
        slash,
    })
}

/// Releases every submitted, undisputed milestone before index `until` whose challenge window has
/// passed (the user had its chance to dispute it); returns them and their total pay.
fn release_delivered(
    market: &mut Market,
    class: &mut GpuClass,
    job: &mut Job,
    provider: &mut Provider,
    until: usize,
    now: i64,
) -> Result<([Option<Release>; MAX_MILESTONES], u64)> {
    let mut released = [None; MAX_MILESTONES];
    let mut total = 0u64;
    let window = market.params.challenge_window_secs;
    for (idx, slot) in released
        .iter_mut()
        .enumerate()
        .take(usize::from(job.milestone_count).min(until))
    {
        let m = job.milestones[idx];
        if m.status == MilestoneStatus::Submitted && now >= m.submitted_at.safe_add(window)? {
            let r = release(market, class, job, provider, idx, now)?;
            total = total.safe_add(r.pay)?;
            *slot = Some(r);
        }
    }
    Ok((released, total))
}

/// When an unruled dispute on milestone `m` may be settled by default: after the challenge window
/// it was raised in and the market's dispute window.
fn dispute_deadline(market: &Market, m: &Milestone) -> Result<i64> {
    m.submitted_at
        .safe_add(market.params.challenge_window_secs)?
        .safe_add(market.params.dispute_window_secs)
}

/// What the arbiter's ruling did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The milestone (with the dispute bond) went to the provider.
    ForProvider(MilestoneOutcome),
    /// The job failed; see [`Failure`].
    AgainstProvider(Failure),
}

/// `resolve_dispute`: the arbiter decides a disputed milestone.
pub fn resolve_dispute(
    market: &mut Market,
    class: &mut GpuClass,
    job: &mut Job,
    provider: &mut Provider,
    index: u8,
    provider_at_fault: bool,
    now: i64,
) -> Result<Resolution> {
    require!(
        job.status == JobStatus::Accepted,
        ComputeAmmError::InvalidJobState
    );
    let idx = milestone_index(job, index)?;
    require!(
        job.milestones[idx].status == MilestoneStatus::Disputed,
        ComputeAmmError::InvalidMilestoneState
    );
    if provider_at_fault {
        let f = fail(market, class, job, provider, JobStatus::Failed, None, now)?;
        Ok(Resolution::AgainstProvider(f))
    } else {
        let o = release_submitted(market, class, job, provider, index, now)?;
        Ok(Resolution::ForProvider(o))
    }
}

/// What `expire_job` did: the submitted milestones it released (`released[i]`, paid to the provider
/// in one transfer of `to_provider`), then either a late but complete job or a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expiry {
    pub released: [Option<Release>; MAX_MILESTONES],
    pub to_provider: u64,
    pub settled: Settled,
    /// `None` when everything had been delivered (or only unruled disputes were left).
    pub failure: Option<Failure>,
    /// An unruled dispute settled by default: credits and bonds back to the user (no slash).
    pub default_refund: u64,
    pub default_refunded: u64,
}

/// `expire_job`: settles an accepted job after `complete_by` + the challenge window. Submitted
/// milestones are released to the provider; milestones never delivered are refunded to the user and
/// the bond slashed for liveness, the cranker paid a small reward. A job with an open dispute waits
/// for the arbiter.
pub fn expire_job(
    market: &mut Market,
    class: &mut GpuClass,
    job: &mut Job,
    provider: &mut Provider,
    cranker: Pubkey,
    now: i64,
) -> Result<Expiry> {
    require!(
        job.status == JobStatus::Accepted,
        ComputeAmmError::InvalidJobState
    );
    let expires = job
        .complete_by
        .safe_add(market.params.challenge_window_secs)?;
    require!(now > expires, ComputeAmmError::JobNotExpired);
    // A dispute waits for the arbiter until its dispute window has passed; then it settles by
    // default (below).
    let mut disputed = false;
    for m in job.active_milestones() {
        if m.status == MilestoneStatus::Disputed {
            require!(
                now >= dispute_deadline(market, m)?,
                ComputeAmmError::DisputeOpen
            );
            disputed = true;
        }
    }
    // Every submitted milestone's window has passed by now (submissions end at `complete_by`); those
    // behind a disputed milestone stay blocked until the dispute is settled below.
    let until = first_disputed(job).unwrap_or(MAX_MILESTONES);
    let (mut released, mut to_provider) =
        release_delivered(market, class, job, provider, until, now)?;
    let undelivered = job
        .active_milestones()
        .iter()
        .any(|m| m.status == MilestoneStatus::Pending);
    if disputed && !undelivered {
        // Everything was delivered on time but a dispute was never ruled on: the disputed credits
        // and bonds go back to the user (they were the user's until accepted), the provider's bond
        // is unlocked, and nobody is slashed or credited with a failure (no ruling, no evidence).
        // Settled so, the dispute no longer blocks the undisputed milestones delivered after it.
        let (later, later_pay) =
            release_delivered(market, class, job, provider, MAX_MILESTONES, now)?;
        for (slot, r) in released.iter_mut().zip(later) {
            if r.is_some() {
                *slot = r;
            }
        }
        to_provider = to_provider.safe_add(later_pay)?;
        let (refunded, refund) = refund_unreleased(job, class)?;
        let bond = unlock_bond(job, provider);
        job.status = JobStatus::Expired;
        return Ok(Expiry {
            released,
            to_provider,
            settled: Settled::of(job, bond),
            failure: None,
            default_refund: refund,
            default_refunded: refunded,
        });
    }
    let nothing_left = !undelivered && !disputed;
    if nothing_left {
        // Everything was delivered: a late but complete job.
        let bond = unlock_bond(job, provider);
        job.status = JobStatus::Completed;
        provider.jobs_served = provider.jobs_served.saturating_add(1);
        return Ok(Expiry {
            released,
            to_provider,
            settled: Settled::of(job, bond),
            failure: None,
            default_refund: 0,
            default_refunded: 0,
        });
    }
    let f = fail(
        market,
        class,
        job,
        provider,
        JobStatus::Expired,
        Some(cranker),
        now,
    )?;
    Ok(Expiry {
        released,
        to_provider,
        settled: f.settled,
        failure: Some(f),
        default_refund: 0,
        default_refunded: 0,
    })
}

/// `cancel_job`: a job nobody accepted is cancelled by its user at any time, or by anyone once its
/// accept-by time has passed; the whole escrow goes back to the user. Returns the refund.
pub fn cancel_job(class: &mut GpuClass, job: &mut Job, by_user: bool, now: i64) -> Result<u64> {
    require!(
        job.status == JobStatus::Open,
        ComputeAmmError::InvalidJobState
    );
    require!(by_user || now > job.accept_by, ComputeAmmError::NotJobUser);
    let (_, pay) = refund_unreleased(job, class)?;
    job.status = if by_user {
        JobStatus::Cancelled
    } else {
        JobStatus::Expired
    };
    Ok(pay)
}

/// `claim_compensation`: once vested, pays a failed job's held compensation to its user and, when
/// `pay_cranker` (the recorded cranker's account was passed), the crank reward; returns
/// `(to_user, to_cranker)`, both out of the stake vault. Anyone may run it: the destinations are
/// fixed. The user's part never waits for the cranker's.
pub fn claim_compensation(
    market: &mut Market,
    job: &mut Job,
    pay_cranker: bool,
    now: i64,
) -> Result<(u64, u64)> {
    let to_cranker = if pay_cranker { job.crank_reward } else { 0 };
    let total = job.compensation.safe_add(to_cranker)?;
    require!(total > 0, ComputeAmmError::NothingToDo);
    require!(
        now >= job.compensation_vests_at,
        ComputeAmmError::CompensationVesting
    );
    market.compensation_owed = market.compensation_owed.safe_sub(total)?;
    let paid = (job.compensation, to_cranker);
    job.compensation = 0;
    job.crank_reward = job.crank_reward.safe_sub(to_cranker)?;
    Ok(paid)
}

/// `close_job`: only a settled job's account may be closed, and only once its compensation is paid.
pub fn close_job(job: &Job) -> Result<()> {
    require!(job.is_final(), ComputeAmmError::InvalidJobState);
    require!(
        job.compensation_held() == 0,
        ComputeAmmError::CompensationUnclaimed
    );
    Ok(())
}
