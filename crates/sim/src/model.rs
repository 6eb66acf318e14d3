//! The model engine: the program's state transitions on plain in-memory state, with the program's own
//! state types and pure helpers (`Pool::update_oracle`, `Pool::twap`, `Provider::record_served`,
//! `apply_swap_state`) and the shared math. Each method mirrors one instruction: it either fails with
//! the error code the program would return, changing nothing, or applies exactly the program's effect.
//! The chain engine checks that claim transaction by transaction.

use anchor_lang::prelude::{ProgramError, Pubkey};
use compute_amm::constants::OBSERVATION_CAPACITY;
use compute_amm::error::{math_err, ComputeAmmError as E};
use compute_amm::instructions::apply_swap_state;
use compute_amm::state::{MarketParams, ObservationData, Pool, Provider, SwapDirection};
use compute_amm_math::stake::{
    free_stake, mintable_credits, required_stake, slash_cap_remaining, slash_split,
};
use compute_amm_math::twap::Q64;
use compute_amm_math::{
    emission, mul_div, mul_div_u128, swap_exact_in, swap_exact_out, FeeSchedule, MathError,
    Rounding,
};

use crate::action::Side;

/// A program error code.
pub type Code = u32;

pub fn code(e: E) -> Code {
    u32::from(e)
}

pub fn math_code(e: MathError) -> Code {
    match ProgramError::from(math_err(e)) {
        ProgramError::Custom(c) => c,
        _ => u32::MAX,
    }
}

/// Token balances of one wallet (base units).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Wallet {
    pub credits: u64,
    pub tokens: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobPhase {
    Open,
    Accepted,
    Submitted { at: i64, good: bool },
    Disputed { at: i64, good: bool, bond: u64 },
    Completed,
    Failed,
    Expired,
    Cancelled,
}

/// A one-milestone job as the program holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobState {
    pub user: u32,
    pub provider: Option<u32>,
    pub credits: u64,
    pub bond: u64,
    pub accept_by: i64,
    pub complete_by: i64,
    pub phase: JobPhase,
}

/// A finalized epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EpochRec {
    pub emission: u64,
    pub total_served: u64,
    pub claimed: u64,
}

/// Everything on chain that the simulation touches.
#[derive(Clone, Debug)]
pub struct ChainState {
    pub params: MarketParams,
    pub now: i64,
    pub pool: Pool,
    pub providers: Vec<Provider>,
    /// Tokens and credits each provider's authority holds.
    pub provider_wallets: Vec<Wallet>,
    pub users: Vec<Wallet>,
    pub arbs: Vec<Wallet>,
    /// The keeper's wallet (crank rewards land here).
    pub keeper: Wallet,
    pub jobs: Vec<JobState>,
    pub stake_vault: u64,
    pub escrow: u64,
    pub treasury: u64,
    pub total_burned: u64,
    pub total_emitted: u64,
    pub total_slashed: u64,
    pub total_scheduled: u64,
    pub next_epoch: u64,
    pub next_emission: u64,
    /// Verified work per not-yet-finalized epoch, `(epoch, amount)` — the program's ring.
    pub served: [(u64, u64); compute_amm::constants::SERVED_RING_LEN],
    pub epochs: Vec<(u64, EpochRec)>,
    pub credit_supply: u64,
    pub token_supply: u64,
    pub obligations: u64,
    /// A proposed parameter change and when it may be applied.
    pub pending: Option<(MarketParams, i64)>,
}

fn empty_pool() -> Pool {
    Pool {
        bump: 0,
        market: Pubkey::default(),
        gpu_class: Pubkey::default(),
        credit_mint: Pubkey::default(),
        quote_mint: Pubkey::default(),
        credit_vault: Pubkey::default(),
        quote_vault: Pubkey::default(),
        lp_mint: Pubkey::default(),
        reserve_credit: 0,
        reserve_quote: 0,
        protocol_fees_credit: 0,
        protocol_fees_quote: 0,
        lp_supply: 0,
        cumulative_price_q64: 0,
        last_update_ts: 0,
        observations: [ObservationData::default(); OBSERVATION_CAPACITY],
        observation_head: 0,
        observation_len: 0,
        swap_count: 0,
        reserved: [0; compute_amm::constants::RESERVED_BYTES],
    }
}

pub fn empty_provider() -> Provider {
    Provider {
        bump: 0,
        market: Pubkey::default(),
        gpu_class: Pubkey::default(),
        authority: Pubkey::default(),
        capacity_gpus: 0,
        region: [0; 16],
        endpoint_hash: [0; 32],
        stake: 0,
        pending_tokens: 0,
        pending_shares: 0,
        obligations: 0,
        locked_bond: 0,
        open_jobs: 0,
        open_tickets: 0,
        next_ticket_id: 0,
        slash_epoch: 0,
        slashed_this_epoch: 0,
        jobs_served: 0,
        jobs_failed: 0,
        slashed_total: 0,
        gpu_hours_delivered: 0,
        registered_at: 0,
        served: Default::default(),
        reserved: [0; compute_amm::constants::RESERVED_BYTES],
    }
}

impl ChainState {
    /// A market created at `now` with an empty pool.
    pub fn new(params: MarketParams, now: i64) -> Self {
        let mut pool = empty_pool();
        pool.last_update_ts = now;
        let epoch = u64::try_from(now / params.epoch_length_secs).unwrap_or(0);
        Self {
            params,
            now,
            pool,
            providers: vec![],
            provider_wallets: vec![],
            users: vec![],
            arbs: vec![],
            keeper: Wallet::default(),
            jobs: vec![],
            stake_vault: 0,
            escrow: 0,
            treasury: 0,
            total_burned: 0,
            total_emitted: 0,
            total_slashed: 0,
            total_scheduled: 0,
            next_epoch: epoch,
            next_emission: params.emission_initial,
            served: Default::default(),
            epochs: vec![],
            credit_supply: 0,
            token_supply: 0,
            obligations: 0,
            pending: None,
        }
    }

    pub fn propose_emission(&mut self, emission: u64) -> Result<(), Code> {
        let mut p = self.params;
        p.emission_initial = emission;
        self.pending = Some((p, self.now + self.params.param_timelock_secs));
        Ok(())
    }

    pub fn apply_params(&mut self) -> Result<(), Code> {
        let Some((p, at)) = self.pending else {
            return Err(code(E::NoPendingChange));
        };
        if self.now < at {
            return Err(code(E::TimelockNotElapsed));
        }
        if p.emission_initial != self.params.emission_initial {
            self.next_emission = p.emission_initial;
        }
        self.params = p;
        self.pending = None;
        Ok(())
    }

    pub fn epoch_at(&self, now: i64) -> u64 {
        u64::try_from(now.max(0) / self.params.epoch_length_secs.max(1)).unwrap_or(0)
    }

    fn fees(&self) -> FeeSchedule {
        self.params.fee_schedule()
    }

    /// Spot price, tokens per credit (display and agent decisions only).
    pub fn price_tokens(&self) -> f64 {
        if self.pool.reserve_credit == 0 {
            return 0.0;
        }
        self.pool.reserve_quote as f64 / self.pool.reserve_credit as f64
    }

    // ---- genesis-style seeding (not instructions) ----

    pub fn seed_tokens(w: &mut Wallet, supply: &mut u64, amount: u64) {
        w.tokens += amount;
        *supply += amount;
    }

    // ---- instructions ----

    /// `add_liquidity` into an empty pool (the first deposit), from a provider's wallet.
    pub fn initial_liquidity(
        &mut self,
        provider: usize,
        credits: u64,
        tokens: u64,
    ) -> Result<u64, Code> {
        let w = self.provider_wallets[provider];
        let init = compute_amm_math::initial_lp(credits, tokens).map_err(math_code)?;
        if w.credits < credits || w.tokens < tokens {
            return Err(code(E::InsufficientFunds));
        }
        self.pool.update_oracle(self.now).map_err(|_| u32::MAX)?;
        self.pool.reserve_credit = credits;
        self.pool.reserve_quote = tokens;
        self.pool.lp_supply = init.total;
        let w = &mut self.provider_wallets[provider];
        w.credits -= credits;
        w.tokens -= tokens;
        Ok(init.to_depositor)
    }

    fn wallet(&mut self, who: crate::action::Actor) -> &mut Wallet {
        use crate::action::Actor::*;
        match who {
            Provider(i) => &mut self.provider_wallets[i as usize],
            User(i) => &mut self.users[i as usize],
            Arb(i) => &mut self.arbs[i as usize],
            Keeper => &mut self.keeper,
        }
    }

    pub fn swap_exact_in(
        &mut self,
        who: crate::action::Actor,
        side: Side,
        amount_in: u64,
        min_out: u64,
    ) -> Result<u64, Code> {
        let mut pool = self.pool.clone();
        pool.update_oracle(self.now).map_err(|_| u32::MAX)?;
        let (dir, ri, ro) = match side {
            Side::BuyCredits => (
                SwapDirection::BuyCredits,
                pool.reserve_quote,
                pool.reserve_credit,
            ),
            Side::SellCredits => (
                SwapDirection::SellCredits,
                pool.reserve_credit,
                pool.reserve_quote,
            ),
        };
        let r = swap_exact_in(ri, ro, amount_in, self.fees()).map_err(math_code)?;
        if r.amount_out < min_out {
            return Err(code(E::SlippageExceeded));
        }
        apply_swap_state(&mut pool, dir, &r).map_err(|_| code(E::MathOverflow))?;
        let w = *self.wallet(who);
        let have = if side == Side::BuyCredits {
            w.tokens
        } else {
            w.credits
        };
        if have < r.amount_in {
            return Err(code(E::InsufficientFunds));
        }
        self.pool = pool;
        let w = self.wallet(who);
        match side {
            Side::BuyCredits => {
                w.tokens -= r.amount_in;
                w.credits += r.amount_out;
            }
            Side::SellCredits => {
                w.credits -= r.amount_in;
                w.tokens += r.amount_out;
            }
        }
        Ok(r.amount_out)
    }

    /// Registers provider `i` (already pushed with its wallet) and stakes `stake`.
    pub fn register(&mut self, stake: u64) -> Result<u32, Code> {
        let i = self.providers.len();
        let mut p = empty_provider();
        p.capacity_gpus = 1;
        p.registered_at = self.now;
        self.providers.push(p);
        self.provider_wallets.push(Wallet::default());
        Self::seed_tokens(&mut self.provider_wallets[i], &mut self.token_supply, stake);
        if stake > 0 {
            self.provider_wallets[i].tokens -= stake;
            self.providers[i].stake = stake;
            self.stake_vault += stake;
        }
        Ok(i as u32)
    }

    pub fn mint_credits(&mut self, provider: usize, amount: u64) -> Result<(), Code> {
        if amount == 0 {
            return Err(code(E::ZeroAmount));
        }
        let p = &self.providers[provider];
        let room = mintable_credits(
            p.stake,
            p.obligations,
            p.locked_bond,
            self.params.stake_per_credit,
        )
        .map_err(math_code)?;
        if amount > room {
            return Err(code(E::InsufficientFreeStake));
        }
        self.providers[provider].obligations += amount;
        self.obligations += amount;
        self.credit_supply += amount;
        self.provider_wallets[provider].credits += amount;
        Ok(())
    }

    /// Stake moved into cooldown (never withdrawn within a run: it stays slashable in the vault).
    pub fn request_unstake(&mut self, provider: usize, amount: u64) -> Result<(), Code> {
        if amount == 0 {
            return Err(code(E::ZeroAmount));
        }
        let p = &self.providers[provider];
        let free = free_stake(
            p.stake,
            p.obligations,
            p.locked_bond,
            self.params.stake_per_credit,
        )
        .map_err(math_code)?;
        if amount > free {
            return Err(code(E::InsufficientFreeStake));
        }
        let shares =
            compute_amm_math::stake::ticket_shares(amount, p.pending_tokens, p.pending_shares)
                .map_err(math_code)?;
        let p = &mut self.providers[provider];
        p.stake -= amount;
        p.pending_tokens += amount;
        p.pending_shares += shares;
        p.open_tickets += 1;
        p.next_ticket_id += 1;
        Ok(())
    }

    pub fn buy_and_open_job(
        &mut self,
        user: usize,
        credits: u64,
        max_in: u64,
        accept_secs: i64,
        complete_secs: i64,
    ) -> Result<u32, Code> {
        let (accept_by, complete_by) = (self.now + accept_secs, self.now + complete_secs);
        if credits == 0 || !(self.now < accept_by && accept_by <= complete_by) {
            return Err(code(E::InvalidJobTerms));
        }
        let mut pool = self.pool.clone();
        pool.update_oracle(self.now).map_err(|_| u32::MAX)?;
        let r = swap_exact_out(
            pool.reserve_quote,
            pool.reserve_credit,
            credits,
            self.fees(),
        )
        .map_err(math_code)?;
        if r.amount_in > max_in {
            return Err(code(E::MaxInputExceeded));
        }
        if self.users[user].tokens < r.amount_in {
            return Err(code(E::InsufficientFunds));
        }
        apply_swap_state(&mut pool, SwapDirection::BuyCredits, &r)
            .map_err(|_| code(E::MathOverflow))?;
        self.pool = pool;
        self.users[user].tokens -= r.amount_in;
        self.escrow += credits;
        self.jobs.push(JobState {
            user: user as u32,
            provider: None,
            credits,
            bond: 0,
            accept_by,
            complete_by,
            phase: JobPhase::Open,
        });
        Ok((self.jobs.len() - 1) as u32)
    }

    pub fn accept_job(&mut self, provider: usize, job: usize) -> Result<(), Code> {
        let j = self.jobs[job];
        if j.phase != JobPhase::Open {
            return Err(code(E::InvalidJobState));
        }
        if self.now > j.accept_by {
            return Err(code(E::JobDeadlinePassed));
        }
        let bond = required_stake(j.credits, self.params.stake_per_credit).map_err(math_code)?;
        let p = &self.providers[provider];
        let free = free_stake(
            p.stake,
            p.obligations,
            p.locked_bond,
            self.params.stake_per_credit,
        )
        .map_err(math_code)?;
        if bond > free {
            return Err(code(E::InsufficientFreeStake));
        }
        let p = &mut self.providers[provider];
        p.locked_bond += bond;
        p.open_jobs += 1;
        let j = &mut self.jobs[job];
        j.provider = Some(provider as u32);
        j.bond = bond;
        j.phase = JobPhase::Accepted;
        Ok(())
    }

    pub fn submit(&mut self, provider: usize, job: usize, good: bool) -> Result<(), Code> {
        let j = self.jobs[job];
        if j.provider != Some(provider as u32) {
            return Err(code(E::NotJobProvider));
        }
        if j.phase != JobPhase::Accepted {
            return Err(
                if matches!(
                    j.phase,
                    JobPhase::Submitted { .. } | JobPhase::Disputed { .. }
                ) {
                    code(E::InvalidMilestoneState)
                } else {
                    code(E::InvalidJobState)
                },
            );
        }
        if self.now > j.complete_by {
            return Err(code(E::JobDeadlinePassed));
        }
        self.jobs[job].phase = JobPhase::Submitted { at: self.now, good };
        Ok(())
    }

    fn release(&mut self, job: usize) {
        let j = self.jobs[job];
        let provider = j.provider.unwrap_or(0) as usize;
        let bond = if let JobPhase::Disputed { bond, .. } = j.phase {
            bond
        } else {
            0
        };
        let epoch = self.epoch_at(self.now);
        let p = &mut self.providers[provider];
        p.gpu_hours_delivered = p.gpu_hours_delivered.saturating_add(j.credits);
        let _ = p.record_served(epoch, j.credits);
        self.record_served(epoch, j.credits);
        self.escrow -= j.credits + bond;
        self.provider_wallets[provider].credits += j.credits + bond;
        // one milestone: released means the job is complete
        let p = &mut self.providers[provider];
        p.locked_bond = p.locked_bond.saturating_sub(j.bond);
        p.open_jobs = p.open_jobs.saturating_sub(1);
        p.jobs_served += 1;
        let jm = &mut self.jobs[job];
        jm.bond = 0;
        jm.phase = JobPhase::Completed;
    }

    fn record_served(&mut self, epoch: u64, amount: u64) {
        let idx = (epoch % self.served.len() as u64) as usize;
        if self.served[idx].0 != epoch {
            self.served[idx] = (epoch, 0);
        }
        self.served[idx].1 += amount;
    }

    fn served_in(&self, epoch: u64) -> u64 {
        let s = self.served[(epoch % self.served.len() as u64) as usize];
        if s.0 == epoch {
            s.1
        } else {
            0
        }
    }

    pub fn approve(&mut self, job: usize) -> Result<(), Code> {
        match self.jobs[job].phase {
            JobPhase::Submitted { .. } => {
                self.release(job);
                Ok(())
            }
            JobPhase::Accepted | JobPhase::Disputed { .. } => Err(code(E::InvalidMilestoneState)),
            _ => Err(code(E::InvalidJobState)),
        }
    }

    pub fn claim(&mut self, provider: usize, job: usize) -> Result<(), Code> {
        let j = self.jobs[job];
        if j.provider != Some(provider as u32) {
            return Err(code(E::NotJobProvider));
        }
        match j.phase {
            JobPhase::Submitted { at, .. } => {
                if self.now < at + self.params.challenge_window_secs {
                    return Err(code(E::ChallengeWindowOpen));
                }
                self.release(job);
                Ok(())
            }
            JobPhase::Accepted | JobPhase::Disputed { .. } => Err(code(E::InvalidMilestoneState)),
            _ => Err(code(E::InvalidJobState)),
        }
    }

    pub fn dispute(&mut self, job: usize) -> Result<(), Code> {
        let j = self.jobs[job];
        let JobPhase::Submitted { at, good } = j.phase else {
            return Err(if j.phase == JobPhase::Accepted {
                code(E::InvalidMilestoneState)
            } else {
                code(E::InvalidJobState)
            });
        };
        if self.now >= at + self.params.challenge_window_secs {
            return Err(code(E::ChallengeWindowClosed));
        }
        let bond = mul_div(
            j.credits,
            u64::from(self.params.dispute_bond_bps),
            10_000,
            Rounding::Up,
        )
        .map_err(math_code)?;
        let u = j.user as usize;
        if self.users[u].credits < bond {
            return Err(code(E::InsufficientFunds));
        }
        self.users[u].credits -= bond;
        self.escrow += bond;
        self.jobs[job].phase = JobPhase::Disputed { at, good, bond };
        Ok(())
    }

    /// The program's capped slash, crank → harmed user → burn → treasury.
    fn slash(
        &mut self,
        provider: usize,
        requested: u64,
        harmed_claim: u64,
        harmed_user: usize,
        crank: bool,
    ) {
        let epoch = self.epoch_at(self.now);
        let p = &mut self.providers[provider];
        if p.slash_epoch != epoch {
            p.slash_epoch = epoch;
            p.slashed_this_epoch = 0;
        }
        let room = slash_cap_remaining(
            p.stake,
            p.pending_tokens,
            p.slashed_this_epoch,
            self.params.slash_cap_bps,
        )
        .unwrap_or(0);
        let amount = requested.min(room);
        let crank_bps = if crank {
            self.params.crank_reward_bps
        } else {
            0
        };
        let s = match slash_split(
            amount,
            p.stake,
            p.pending_tokens,
            harmed_claim,
            crank_bps,
            self.params.slash_burn_bps,
        ) {
            Ok(s) => s,
            Err(_) => return,
        };
        p.stake -= s.from_active;
        p.pending_tokens -= s.from_pending;
        p.slashed_this_epoch += s.total;
        p.slashed_total = p.slashed_total.saturating_add(s.total);
        self.stake_vault -= s.total;
        self.total_slashed = self.total_slashed.saturating_add(s.total);
        self.total_burned += s.to_burn;
        self.token_supply -= s.to_burn;
        self.keeper.tokens += s.to_crank;
        self.users[harmed_user].tokens += s.to_harmed;
        self.treasury += s.to_treasury;
    }

    fn fail_job(&mut self, job: usize, reason_expired: bool) {
        let j = self.jobs[job];
        let provider = j.provider.unwrap_or(0) as usize;
        let bond_back = if let JobPhase::Disputed { bond, .. } = j.phase {
            bond
        } else {
            0
        };
        let u = j.user as usize;
        self.escrow -= j.credits + bond_back;
        self.users[u].credits += j.credits + bond_back;
        let p = &mut self.providers[provider];
        p.locked_bond = p.locked_bond.saturating_sub(j.bond);
        p.open_jobs = p.open_jobs.saturating_sub(1);
        p.jobs_failed += 1;
        let claim = required_stake(j.credits, self.params.stake_per_credit).unwrap_or(0);
        self.jobs[job].bond = 0;
        self.jobs[job].phase = if reason_expired {
            JobPhase::Expired
        } else {
            JobPhase::Failed
        };
        self.slash(provider, j.bond, claim, u, reason_expired);
    }

    pub fn resolve(&mut self, job: usize, provider_at_fault: bool) -> Result<(), Code> {
        match self.jobs[job].phase {
            JobPhase::Disputed { .. } => {
                if provider_at_fault {
                    self.fail_job(job, false);
                } else {
                    self.release(job);
                }
                Ok(())
            }
            JobPhase::Accepted | JobPhase::Submitted { .. } => Err(code(E::InvalidMilestoneState)),
            _ => Err(code(E::InvalidJobState)),
        }
    }

    pub fn expire(&mut self, job: usize) -> Result<(), Code> {
        let j = self.jobs[job];
        let accepted = matches!(
            j.phase,
            JobPhase::Accepted | JobPhase::Submitted { .. } | JobPhase::Disputed { .. }
        );
        if !accepted {
            return Err(code(E::InvalidJobState));
        }
        if self.now <= j.complete_by + self.params.challenge_window_secs {
            return Err(code(E::JobNotExpired));
        }
        match j.phase {
            JobPhase::Disputed { .. } => Err(code(E::DisputeOpen)),
            JobPhase::Submitted { .. } => {
                // delivered in time: released at expiry, a late but complete job
                self.release(job);
                Ok(())
            }
            _ => {
                self.fail_job(job, true);
                Ok(())
            }
        }
    }

    pub fn cancel(&mut self, job: usize) -> Result<(), Code> {
        let j = self.jobs[job];
        if j.phase != JobPhase::Open {
            return Err(code(E::InvalidJobState));
        }
        if self.now <= j.accept_by {
            return Err(code(E::NotJobUser));
        }
        self.escrow -= j.credits;
        self.users[j.user as usize].credits += j.credits;
        self.jobs[job].phase = JobPhase::Expired;
        Ok(())
    }

    pub fn advance_epoch(&mut self) -> Result<u64, Code> {
        let epoch = self.next_epoch;
        if self.epoch_at(self.now) <= epoch {
            return Err(code(E::EpochNotFinished));
        }
        let total_served = self.served_in(epoch);
        let em = emission::epoch_emission(
            self.next_emission,
            total_served,
            self.total_scheduled,
            self.params.emission_cap,
        );
        self.total_scheduled += em;
        self.next_emission = emission::decay(self.next_emission, self.params.emission_decay_bps)
            .map_err(math_code)?;
        self.next_epoch = epoch + 1;
        self.epochs.push((
            epoch,
            EpochRec {
                emission: em,
                total_served,
                claimed: 0,
            },
        ));
        Ok(epoch)
    }

    pub fn claim_rewards(&mut self, provider: usize, epoch: u64) -> Result<u64, Code> {
        let Some(ri) = self.epochs.iter().position(|(e, _)| *e == epoch) else {
            return Err(code(E::NothingToDo)); // no record: the program fails on the missing account
        };
        let Some(slot) = self.providers[provider]
            .served
            .iter()
            .position(|s| s.epoch == epoch && s.amount > 0)
        else {
            return Err(code(E::NothingToDo));
        };
        let served = self.providers[provider].served[slot].amount;
        let rec = self.epochs[ri].1;
        let amount = emission::reward(rec.emission, served, rec.total_served).map_err(math_code)?;
        self.providers[provider].served[slot] = Default::default();
        self.epochs[ri].1.claimed += amount;
        self.total_emitted += amount;
        self.token_supply += amount;
        self.provider_wallets[provider].tokens += amount;
        Ok(amount)
    }

    pub fn burn_fees(&mut self) -> Result<u64, Code> {
        let mut pool = self.pool.clone();
        pool.update_oracle(self.now).map_err(|_| u32::MAX)?;
        let (fq, fc) = (pool.protocol_fees_quote, pool.protocol_fees_credit);
        if fq == 0 && fc == 0 {
            return Err(code(E::NothingToDo));
        }
        let mut bought = 0;
        if fc > 0 {
            let Some((twap, _)) = pool
                .twap(self.now, self.params.buyback_twap_window_secs)
                .map_err(|_| u32::MAX)?
            else {
                return Err(code(E::TwapUnavailable));
            };
            let sched = FeeSchedule {
                swap_fee_ppm: self.params.swap_fee_ppm,
                protocol_share_ppm: 0,
            };
            let r = swap_exact_in(pool.reserve_credit, pool.reserve_quote, fc, sched)
                .map_err(math_code)?;
            let fair =
                mul_div_u128(twap, u128::from(fc), Q64, Rounding::Down).map_err(math_code)?;
            let fair = u64::try_from(fair).map_err(|_| code(E::MathOverflow))?;
            let keep = 10_000u64 - u64::from(self.params.buyback_max_deviation_bps);
            let min_out = mul_div(fair, keep, 10_000, Rounding::Up).map_err(math_code)?;
            if r.amount_out >= min_out {
                pool.protocol_fees_credit = 0;
                pool.reserve_credit = r.new_reserve_in;
                pool.reserve_quote = r.new_reserve_out;
                pool.swap_count += 1;
                bought = r.amount_out;
            } else if fq == 0 {
                return Err(code(E::BuybackPriceDeviation));
            }
        }
        pool.protocol_fees_quote = 0;
        self.pool = pool;
        let burned = fq + bought;
        self.total_burned += burned;
        self.token_supply -= burned;
        Ok(burned)
    }

    /// Protocol-token value of one LP share (Q64 price × reserves), tokens.
    pub fn lp_share_value_tokens(&self) -> f64 {
        if self.pool.lp_supply == 0 {
            return 0.0;
        }
        let value = self.pool.reserve_quote as f64 * 2.0;
        value / self.pool.lp_supply as f64
    }
}
