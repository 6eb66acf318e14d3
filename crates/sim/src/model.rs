//! The model engine: the program's own state (`Market`, `GpuClass`, `Pool`, `Provider`, `Job`,
//! `EpochRecord`) in memory, changed only by the program's own rules (`compute_amm::logic`). Each
//! method is one instruction: it runs the rule on a copy of the state it touches and keeps the copy
//! only on success, so a failure changes nothing and returns the program's error code; on success it
//! makes the token movements the rule's summary lists, on in-memory wallets. Nothing here
//! re-implements a program rule: the account checks the program makes in `#[derive(Accounts)]`
//! (a provider acting on another provider's job) are the only checks written here, because the model
//! has no accounts. The chain engine checks all of it transaction by transaction.

use anchor_lang::prelude::Pubkey;
use compute_amm::logic::{self, jobs, slash::Slash};
use compute_amm::state::{
    zeroed, EpochRecord, GpuClass, Job, JobStatus, Market, MarketParams, MilestoneStatus, Pool,
    Provider, SwapDirection, UnstakeTicket,
};

use crate::action::{Actor, Side};

/// A program error code.
pub type Code = u32;

/// The one error mapping: a program error to its code (every variant, Anchor's and the runtime's
/// included).
pub fn code_of(e: anchor_lang::error::Error) -> Code {
    logic::error_code(&e)
}

/// The code of one of the program's own errors.
pub fn code(e: compute_amm::error::ComputeAmmError) -> Code {
    u32::from(e)
}

/// Token balances of one wallet (base units).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Wallet {
    pub credits: u64,
    pub tokens: u64,
}

/// A job's `credits` split into `n` milestones (at least 1): equal parts, the remainder on the
/// last. The one split the model and the chain engine both send.
pub fn milestone_amounts(credits: u64, n: u8) -> Vec<u64> {
    let n = u64::from(n.max(1));
    let part = credits / n;
    let mut v = vec![part; n as usize];
    if let Some(last) = v.last_mut() {
        *last += credits - part * n;
    }
    v
}

/// Where a job is, as the agents see it (the simulator's jobs have one milestone).
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

/// A job: the program's account plus who holds it in the simulation.
#[derive(Clone, Debug)]
pub struct SimJob {
    pub user: u32,
    pub provider: Option<u32>,
    pub job: Job,
}

impl SimJob {
    pub fn phase(&self) -> JobPhase {
        let m = self.job.milestones[0];
        let good = m.result_hash[0] != 0;
        match self.job.status {
            JobStatus::Open => JobPhase::Open,
            JobStatus::Accepted => match m.status {
                MilestoneStatus::Submitted => JobPhase::Submitted {
                    at: m.submitted_at,
                    good,
                },
                MilestoneStatus::Disputed => JobPhase::Disputed {
                    at: m.submitted_at,
                    good,
                    bond: m.dispute_bond,
                },
                _ => JobPhase::Accepted,
            },
            JobStatus::Completed => JobPhase::Completed,
            JobStatus::Failed => JobPhase::Failed,
            JobStatus::Expired => JobPhase::Expired,
            JobStatus::Cancelled => JobPhase::Cancelled,
        }
    }
}

/// Everything on chain that the simulation touches.
#[derive(Clone, Debug)]
pub struct ChainState {
    pub now: i64,
    pub market: Market,
    pub class: GpuClass,
    pub pool: Pool,
    pub providers: Vec<Provider>,
    /// Each provider's unstake tickets, by ticket id.
    /// `None` once withdrawn (the account is closed on chain).
    pub tickets: Vec<Vec<Option<UnstakeTicket>>>,
    /// Tokens and credits each provider's authority holds.
    pub provider_wallets: Vec<Wallet>,
    pub users: Vec<Wallet>,
    pub arbs: Vec<Wallet>,
    /// The keeper's wallet (crank rewards land here).
    pub keeper: Wallet,
    pub jobs: Vec<SimJob>,
    /// Finalized epochs' records.
    pub epochs: Vec<EpochRecord>,
    pub treasury: u64,
    pub credit_supply: u64,
    pub token_supply: u64,
}

/// The key the pool has in the model (the chain engine compares with its real address mapped in).
pub const MODEL_POOL_KEY: Pubkey = Pubkey::new_from_array([0xB0; 32]);
/// The keeper's protocol-token account in the model (crank rewards are held for it on jobs).
pub const MODEL_KEEPER_PROTOCOL: Pubkey = Pubkey::new_from_array([0xC0; 32]);

/// The key a provider's account has in the model (its index; the chain engine maps indices to real
/// addresses).
fn provider_key(i: usize) -> Pubkey {
    let mut b = [0u8; 32];
    b[..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
    Pubkey::new_from_array(b)
}

impl ChainState {
    /// A market created at `now` with a GPU class and its empty pool.
    pub fn new(params: MarketParams, now: i64) -> Self {
        let mut market: Market = zeroed();
        let keys = logic::admin::MarketKeys {
            bump: 0,
            admin: Pubkey::default(),
            arbiter: Pubkey::default(),
            protocol_mint: Pubkey::default(),
            treasury: Pubkey::default(),
            stake_vault: Pubkey::default(),
        };
        logic::admin::initialize_market(&mut market, keys, params, now)
            .unwrap_or_else(|e| panic!("scenario market parameters are invalid: {e}"));
        let mut class: GpuClass = zeroed();
        logic::admin::create_gpu_class(
            &mut market,
            &mut class,
            (
                0,
                Pubkey::default(),
                Pubkey::default(),
                0,
                Pubkey::default(),
            ),
            *b"sim\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
        )
        .unwrap_or_else(|e| panic!("class: {e}"));
        let mut pool: Pool = zeroed();
        logic::admin::create_pool(
            &market,
            &mut class,
            &mut pool,
            MODEL_POOL_KEY,
            logic::admin::PoolKeys {
                bump: 0,
                market: Pubkey::default(),
                gpu_class: Pubkey::default(),
                credit_mint: Pubkey::default(),
                quote_mint: Pubkey::default(),
                credit_vault: Pubkey::default(),
                quote_vault: Pubkey::default(),
                lp_mint: Pubkey::default(),
            },
            now,
        );
        Self {
            now,
            market,
            class,
            pool,
            providers: vec![],
            tickets: vec![],
            provider_wallets: vec![],
            users: vec![],
            arbs: vec![],
            keeper: Wallet::default(),
            jobs: vec![],
            epochs: vec![],
            treasury: 0,
            credit_supply: 0,
            token_supply: 0,
        }
    }

    // ---- the program's state, by name ----

    pub fn params(&self) -> MarketParams {
        self.market.params
    }
    pub fn total_burned(&self) -> u64 {
        self.market.total_burned
    }
    pub fn total_emitted(&self) -> u64 {
        self.market.total_emitted
    }
    pub fn total_slashed(&self) -> u64 {
        self.market.total_slashed
    }
    /// Tokens in the stake vault (= `market.total_stake`, invariant 6).
    pub fn stake_vault(&self) -> u64 {
        self.market.total_stake
    }
    pub fn next_epoch(&self) -> u64 {
        self.market.next_epoch_to_finalize
    }
    pub fn next_emission(&self) -> u64 {
        self.market.next_emission
    }
    /// A proposed parameter change and when it may be applied.
    pub fn pending(&self) -> Option<(MarketParams, i64)> {
        (self.market.pending_params_effective_at != 0).then_some((
            self.market.pending_params,
            self.market.pending_params_effective_at,
        ))
    }
    pub fn epoch_at(&self, now: i64) -> u64 {
        self.market.epoch_at(now)
    }

    /// Spot price, tokens per credit (display and agent decisions only).
    pub fn price_tokens(&self) -> f64 {
        if self.pool.reserve_credit == 0 {
            return 0.0;
        }
        self.pool.reserve_quote as f64 / self.pool.reserve_credit as f64
    }

    /// Protocol-token value of one LP share (display only).
    pub fn lp_share_value_tokens(&self) -> f64 {
        if self.pool.lp_supply == 0 {
            return 0.0;
        }
        self.pool.reserve_quote as f64 * 2.0 / self.pool.lp_supply as f64
    }

    // ---- genesis-style seeding (not instructions) ----

    pub fn seed_tokens(w: &mut Wallet, supply: &mut u64, amount: u64) {
        w.tokens += amount;
        *supply += amount;
    }

    fn wallet(&mut self, who: Actor) -> &mut Wallet {
        match who {
            Actor::Provider(i) => &mut self.provider_wallets[i as usize],
            Actor::User(i) => &mut self.users[i as usize],
            Actor::Arb(i) => &mut self.arbs[i as usize],
            Actor::Keeper => &mut self.keeper,
        }
    }

    // ---- instructions ----
    //
    // Each runs the rule on copies of the accounts it touches (`let mut x = self.x.clone()`) and
    // writes them back only after the rule succeeded, so a failure changes nothing.

    /// `add_liquidity` into the empty pool (the first deposit), from a provider's wallet; returns
    /// the LP shares minted.
    pub fn initial_liquidity(
        &mut self,
        provider: usize,
        credits: u64,
        tokens: u64,
    ) -> Result<u64, Code> {
        let w = self.provider_wallets[provider];
        let mut pool = self.pool.clone();
        let d = logic::liquidity::add_liquidity(
            &self.market,
            &mut pool,
            0,
            credits,
            tokens,
            (w.credits, w.tokens),
            i64::MAX,
            self.now,
        )
        .map_err(code_of)?;
        self.pool = pool;
        let w = &mut self.provider_wallets[provider];
        w.credits -= d.credit_in;
        w.tokens -= d.quote_in;
        Ok(d.minted)
    }

    pub fn swap_exact_in(
        &mut self,
        who: Actor,
        side: Side,
        amount_in: u64,
        min_out: u64,
    ) -> Result<u64, Code> {
        let dir = match side {
            Side::BuyCredits => SwapDirection::BuyCredits,
            Side::SellCredits => SwapDirection::SellCredits,
        };
        let w = *self.wallet(who);
        let available = match dir {
            SwapDirection::BuyCredits => w.tokens,
            SwapDirection::SellCredits => w.credits,
        };
        let kind = logic::swap::SwapKind::ExactIn {
            amount_in,
            min_amount_out: min_out,
        };
        let mut pool = self.pool.clone();
        let r = logic::swap::swap(
            &self.market,
            &mut pool,
            dir,
            kind,
            available,
            i64::MAX,
            self.now,
        )
        .map_err(code_of)?;
        self.pool = pool;
        let w = self.wallet(who);
        match dir {
            SwapDirection::BuyCredits => {
                w.tokens -= r.amount_in;
                w.credits += r.amount_out;
            }
            SwapDirection::SellCredits => {
                w.credits -= r.amount_in;
                w.tokens += r.amount_out;
            }
        }
        Ok(r.amount_out)
    }

    /// `register_provider` (capacity 1, as the chain engine registers) and `stake` of `stake` tokens
    /// seeded into the new provider's wallet.
    pub fn register(&mut self, stake: u64) -> Result<u32, Code> {
        let i = self.providers.len();
        let mut class = self.class.clone();
        let mut market = self.market.clone();
        let mut p: Provider = zeroed();
        let meta = logic::stake::ProviderMetadata {
            capacity_gpus: 1,
            region: [0; compute_amm::constants::REGION_LEN],
            endpoint_hash: [0; 32],
        };
        let keys = (0, Pubkey::default(), Pubkey::default(), provider_key(i));
        logic::stake::register_provider(&mut class, &mut p, keys, meta, self.now)
            .map_err(code_of)?;
        if stake > 0 {
            logic::stake::stake(&mut market, &mut p, stake, stake).map_err(code_of)?;
        }
        self.class = class;
        self.market = market;
        self.providers.push(p);
        self.tickets.push(vec![]);
        // The stake is seeded into the wallet and staked from it at once.
        self.provider_wallets.push(Wallet::default());
        self.token_supply += stake;
        Ok(i as u32)
    }

    pub fn mint_credits(&mut self, provider: usize, amount: u64) -> Result<(), Code> {
        let mut class = self.class.clone();
        let mut p = self.providers[provider].clone();
        let pool = self.collateral_pool();
        logic::stake::mint_credits(&self.market, &mut class, &mut p, amount, pool, self.now)
            .map_err(code_of)?;
        self.class = class;
        self.providers[provider] = p;
        self.credit_supply += amount;
        self.provider_wallets[provider].credits += amount;
        Ok(())
    }

    /// Stake moved into cooldown (never withdrawn within a run: it stays slashable in the vault).
    pub fn request_unstake(&mut self, provider: usize, amount: u64) -> Result<(), Code> {
        let mut p = self.providers[provider].clone();
        let mut t: UnstakeTicket = zeroed();
        let keys = (0, provider_key(provider), Pubkey::default());
        let pool = self.collateral_pool();
        logic::stake::request_unstake(&self.market, &mut p, &mut t, keys, amount, pool, self.now)
            .map_err(code_of)?;
        self.providers[provider] = p;
        self.tickets[provider].push(Some(t));
        Ok(())
    }

    /// `retire_credits`: burns credits from the provider's wallet, releasing its obligation.
    pub fn retire_credits(&mut self, provider: usize, amount: u64) -> Result<(), Code> {
        let mut class = self.class.clone();
        let mut p = self.providers[provider].clone();
        let held = self.provider_wallets[provider].credits;
        logic::stake::retire_credits(&mut class, &mut p, amount, held).map_err(code_of)?;
        self.class = class;
        self.providers[provider] = p;
        self.provider_wallets[provider].credits -= amount;
        self.credit_supply -= amount;
        Ok(())
    }

    /// `withdraw_unstaked`: redeems ticket `ticket` after its cooldown into the provider's wallet
    /// and closes it; returns the payout. A closed ticket is an uninitialized account on chain.
    pub fn withdraw_unstaked(&mut self, provider: usize, ticket: usize) -> Result<u64, Code> {
        let Some(t) = self.tickets[provider].get(ticket).cloned().flatten() else {
            return Err(code_of(
                anchor_lang::error::ErrorCode::AccountNotInitialized.into(),
            ));
        };
        let (mut market, mut p) = (self.market.clone(), self.providers[provider].clone());
        let paid =
            logic::stake::withdraw_unstaked(&mut market, &mut p, &t, self.now).map_err(code_of)?;
        self.market = market;
        self.providers[provider] = p;
        self.provider_wallets[provider].tokens += paid;
        self.tickets[provider][ticket] = None;
        Ok(paid)
    }

    /// `buy_and_open_job` of `credits` in `milestones` milestones; `windows` = (accept within,
    /// complete within) seconds from now.
    pub fn buy_and_open_job(
        &mut self,
        user: usize,
        credits: u64,
        milestones: u8,
        max_in: u64,
        (accept_secs, complete_secs): (i64, i64),
    ) -> Result<u32, Code> {
        let id = self.jobs.len();
        let args = jobs::OpenJobArgs {
            job_id: id as u64,
            gpu_count: 1,
            milestone_amounts: milestone_amounts(credits, milestones),
            accept_by: self.now.saturating_add(accept_secs),
            complete_by: self.now.saturating_add(complete_secs),
        };
        let keys = jobs::JobKeys {
            bump: 0,
            market: Pubkey::default(),
            gpu_class: Pubkey::default(),
            user: Pubkey::default(),
        };
        let (mut pool, mut class) = (self.pool.clone(), self.class.clone());
        let mut job: Job = zeroed();
        let (_, r) = jobs::buy_and_open_job(
            &self.market,
            &mut pool,
            &mut class,
            &mut job,
            keys,
            &args,
            max_in,
            self.users[user].tokens,
            i64::MAX,
            self.now,
        )
        .map_err(code_of)?;
        self.pool = pool;
        self.class = class;
        self.users[user].tokens -= r.amount_in;
        self.jobs.push(SimJob {
            user: user as u32,
            provider: None,
            job,
        });
        Ok(id as u32)
    }

    pub fn accept_job(&mut self, provider: usize, job: usize) -> Result<(), Code> {
        let mut j = self.jobs[job].job.clone();
        let mut p = self.providers[provider].clone();
        let pool = self.collateral_pool();
        jobs::accept_job(
            &self.market,
            &mut j,
            &mut p,
            provider_key(provider),
            pool,
            self.now,
        )
        .map_err(code_of)?;
        self.jobs[job].job = j;
        self.jobs[job].provider = Some(provider as u32);
        self.providers[provider] = p;
        Ok(())
    }

    /// The account constraint of the provider instructions: the job must be this provider's.
    fn check_job_provider(&self, provider: usize, job: usize) -> Result<(), Code> {
        if self.jobs[job].job.provider != provider_key(provider) {
            return Err(code(compute_amm::error::ComputeAmmError::NotJobProvider));
        }
        Ok(())
    }

    pub fn submit(&mut self, provider: usize, job: usize, idx: u8, good: bool) -> Result<(), Code> {
        self.check_job_provider(provider, job)?;
        let mut j = self.jobs[job].job.clone();
        jobs::submit_milestone(&mut j, idx, [u8::from(good); 32], self.now).map_err(code_of)?;
        self.jobs[job].job = j;
        Ok(())
    }

    /// Runs a settlement rule on copies of the market, class, job and the job's provider; writes
    /// them back on success.
    fn settle<T>(
        &mut self,
        job: usize,
        rule: impl FnOnce(
            &mut Market,
            &mut GpuClass,
            &mut Job,
            &mut Provider,
            i64,
        ) -> anchor_lang::Result<T>,
    ) -> Result<(T, usize, usize), Code> {
        let p = self.jobs[job].provider.unwrap_or(0) as usize;
        let u = self.jobs[job].user as usize;
        let mut market = self.market.clone();
        let mut class = self.class.clone();
        let mut j = self.jobs[job].job.clone();
        let mut provider = self.providers[p].clone();
        let out =
            rule(&mut market, &mut class, &mut j, &mut provider, self.now).map_err(code_of)?;
        self.market = market;
        self.class = class;
        self.jobs[job].job = j;
        self.providers[p] = provider;
        Ok((out, p, u))
    }

    pub fn approve(&mut self, job: usize, idx: u8) -> Result<(), Code> {
        let (o, p, _) = self.settle(job, |m, c, j, p, now| {
            jobs::approve_milestone(m, c, j, p, idx, now)
        })?;
        self.provider_wallets[p].credits += o.release.pay;
        Ok(())
    }

    pub fn claim(&mut self, provider: usize, job: usize, idx: u8) -> Result<(), Code> {
        self.check_job_provider(provider, job)?;
        let (o, p, _) = self.settle(job, |m, c, j, p, now| {
            jobs::claim_milestone(m, c, j, p, idx, now)
        })?;
        self.provider_wallets[p].credits += o.release.pay;
        Ok(())
    }

    pub fn dispute(&mut self, job: usize, idx: u8) -> Result<(), Code> {
        let u = self.jobs[job].user as usize;
        let mut class = self.class.clone();
        let mut j = self.jobs[job].job.clone();
        let bond = jobs::dispute_milestone(
            &self.market,
            &mut class,
            &mut j,
            idx,
            self.users[u].credits,
            self.now,
        )
        .map_err(code_of)?;
        self.class = class;
        self.jobs[job].job = j;
        self.users[u].credits -= bond;
        Ok(())
    }

    /// The class's collateral pool, as the program loads it (`instructions::collateral::load`).
    fn collateral_pool(&self) -> Option<&Pool> {
        self.class.has_protocol_pool().then_some(&self.pool)
    }

    /// A slash's token movements out of the stake vault (a vesting slash keeps the crank and harmed
    /// shares in the vault, held on the job).
    fn pay_slash(&mut self, s: &Slash, harmed_user: usize) {
        let split = s.split;
        if s.vests_at.is_none() {
            self.keeper.tokens += split.to_crank;
            self.users[harmed_user].tokens += split.to_harmed;
        }
        self.token_supply -= split.to_burn;
        self.treasury += split.to_treasury;
    }

    /// A failed job's token movements: the refund to the user, then the slash.
    fn pay_failure(&mut self, f: &jobs::Failure, provider: usize, user: usize) {
        self.provider_wallets[provider].credits += f.to_provider;
        self.users[user].credits += f.refund;
        self.pay_slash(&f.slash, user);
    }

    pub fn resolve(&mut self, job: usize, idx: u8, provider_at_fault: bool) -> Result<(), Code> {
        let (r, p, u) = self.settle(job, |m, c, j, p, now| {
            jobs::resolve_dispute(m, c, j, p, idx, provider_at_fault, now)
        })?;
        match r {
            jobs::Resolution::ForProvider(o) => self.provider_wallets[p].credits += o.release.pay,
            jobs::Resolution::AgainstProvider(f) => self.pay_failure(&f, p, u),
        }
        Ok(())
    }

    pub fn expire(&mut self, job: usize) -> Result<(), Code> {
        let (e, p, u) = self.settle(job, |m, c, j, p, now| {
            jobs::expire_job(m, c, j, p, MODEL_KEEPER_PROTOCOL, now)
        })?;
        self.provider_wallets[p].credits += e.to_provider;
        self.users[u].credits += e.default_refund;
        if let Some(f) = &e.failure {
            self.pay_failure(f, p, u);
        }
        Ok(())
    }

    /// `claim_compensation` by the keeper: a failed job's vested compensation to its user, the crank
    /// reward to the keeper (the only cranker in a run).
    pub fn claim_compensation(&mut self, job: usize) -> Result<(), Code> {
        let u = self.jobs[job].user as usize;
        let mut market = self.market.clone();
        let mut j = self.jobs[job].job.clone();
        let (to_user, to_cranker) =
            jobs::claim_compensation(&mut market, &mut j, true, self.now).map_err(code_of)?;
        self.market = market;
        self.jobs[job].job = j;
        self.users[u].tokens += to_user;
        self.keeper.tokens += to_cranker;
        Ok(())
    }

    /// `cancel_job` by the keeper (not the job's user), once accept-by has passed.
    pub fn cancel(&mut self, job: usize) -> Result<(), Code> {
        let u = self.jobs[job].user as usize;
        let mut class = self.class.clone();
        let mut j = self.jobs[job].job.clone();
        let refund = jobs::cancel_job(&mut class, &mut j, false, self.now).map_err(code_of)?;
        self.class = class;
        self.jobs[job].job = j;
        self.users[u].credits += refund;
        Ok(())
    }

    pub fn advance_epoch(&mut self) -> Result<u64, Code> {
        let mut market = self.market.clone();
        let f = logic::emissions::advance_epoch(&mut market, self.now).map_err(code_of)?;
        self.market = market;
        let mut rec: EpochRecord = zeroed();
        logic::emissions::write_record(&mut rec, 0, Pubkey::default(), &f);
        self.epochs.push(rec);
        Ok(f.epoch)
    }

    pub fn claim_rewards(&mut self, provider: usize, epoch: u64) -> Result<u64, Code> {
        let Some(ri) = self.epochs.iter().rposition(|r| r.epoch == epoch) else {
            // No record: the program fails on the missing account; agents only claim finalized
            // epochs.
            return Err(code(compute_amm::error::ComputeAmmError::NothingToDo));
        };
        let mut market = self.market.clone();
        let mut p = self.providers[provider].clone();
        let mut rec = self.epochs[ri].clone();
        let r = logic::emissions::claim_rewards(
            &mut market,
            &mut p,
            &mut rec,
            &self.pool,
            epoch,
            true,
            self.now,
        )
        .map_err(code_of)?;
        self.market = market;
        self.providers[provider] = p;
        self.epochs[ri] = rec;
        self.token_supply += r.amount;
        self.provider_wallets[provider].tokens += r.amount;
        Ok(r.amount)
    }

    pub fn burn_fees(&mut self) -> Result<u64, Code> {
        let mut market = self.market.clone();
        let mut pool = self.pool.clone();
        let plan =
            logic::burn::burn_protocol_fees(&mut market, &mut pool, self.now).map_err(code_of)?;
        self.market = market;
        self.pool = pool;
        self.token_supply -= plan.burned;
        Ok(plan.burned)
    }

    pub fn move_settlement_fees(&mut self) -> Result<u64, Code> {
        let mut class = self.class.clone();
        let mut pool = self.pool.clone();
        let amount = logic::burn::move_settlement_fees(&mut class, &mut pool).map_err(code_of)?;
        self.class = class;
        self.pool = pool;
        Ok(amount)
    }

    pub fn propose_emission(&mut self, emission: u64) -> Result<(), Code> {
        let mut market = self.market.clone();
        let mut p = market.params;
        p.emission_initial = emission;
        logic::admin::propose_params(&mut market, p, self.now).map_err(code_of)?;
        self.market = market;
        Ok(())
    }

    pub fn apply_params(&mut self) -> Result<(), Code> {
        let mut market = self.market.clone();
        logic::admin::apply_params(&mut market, self.now).map_err(code_of)?;
        self.market = market;
        Ok(())
    }
}
