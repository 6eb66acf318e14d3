//! The chain engine: every action is a real transaction against the program, running natively in
//! solana-program-test through the harness's `Env` (invariants checked after every transaction).
//! It keeps a model mirror and asserts, transaction by transaction, that the program answered what
//! the model predicted (success, or the same error code); `compare` checks the end state account by
//! account.

#![allow(deprecated)]

use std::collections::HashMap;

use compute_amm::state::{GpuClass, Job, Market, Pool, Provider, SwapDirection};
use compute_amm_client::{ix, JobAddresses, PoolAddresses, ProviderAddresses};
use compute_amm_harness::env::Executor;
use compute_amm_harness::{custom_code, Env};
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use solana_transaction_error::TransactionError;

use crate::action::{Action, Actor, Side};
use crate::engine::{dispatch, Engine};
use crate::model::{ChainState, Code};

/// Keys and token accounts of one participant.
struct Party {
    kp: Keypair,
    credit: Pubkey,
    protocol: Pubkey,
    lp: Pubkey,
}

pub struct ChainEngine {
    rt: tokio::runtime::Runtime,
    pub env: Env,
    mirror: ChainState,
    admin: Keypair,
    keeper: Party,
    protocol_mint: Pubkey,
    treasury: Pubkey,
    pool: PoolAddresses,
    users: Vec<Party>,
    arbs: Vec<Party>,
    providers: Vec<(Party, ProviderAddresses)>,
    applied: u64,
    /// Transactions sent (actions that are not genesis writes or clock moves).
    pub transactions: u64,
    pub failed_as_predicted: u64,
    jobs: HashMap<u32, JobAddresses>,
    /// The last failure that carried no program error code (for diagnostics).
    last_raw_error: Option<String>,
    /// When `Some`, every transaction's outcome, in order (the lane agreement test compares them).
    pub outcomes: Option<Vec<Result<(), TransactionError>>>,
    /// When `Some`, every account any transaction named (with the watched ones: what the lane
    /// agreement test compares byte for byte).
    pub named_accounts: Option<std::collections::BTreeSet<Pubkey>>,
    /// Advanced by one per transaction when set (the soak's and `simulate`'s progress bar).
    pub progress: Option<indicatif::ProgressBar>,
    /// Called after every transaction (the soak's throughput meter).
    pub tick: Option<Box<dyn FnMut()>>,
}

fn q(e: &solana_transaction_error::TransactionError) -> Option<u32> {
    custom_code(e)
}

impl ChainEngine {
    /// Builds the market on a fresh bank matching `genesis` (same parameters, same clock, same
    /// wallets). `genesis.now` must be what the model starts from.
    /// `check_every`: run the invariant checker on every n-th transaction (1 = all).
    pub fn with_checks(genesis: ChainState, check_every: u64) -> Self {
        Self::with_executor(genesis, check_every, Executor::ProgramTest)
    }

    pub fn new(genesis: ChainState) -> Self {
        Self::with_executor(genesis, 1, Executor::ProgramTest)
    }

    /// As [`ChainEngine::with_checks`], on the given executor (program-test is the reference; the
    /// lane must agree with it account for account).
    pub fn with_executor(genesis: ChainState, check_every: u64, executor: Executor) -> Self {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        let mut env = rt.block_on(Env::with_executor(executor));
        env.check_every = check_every.max(1);
        let admin = env.funded_keypair();
        let protocol_mint = env.new_key();
        // The admin issues the protocol token; `initialize_market` hands its mint authority to the
        // market PDA.
        env.create_mint_at(protocol_mint, 6, admin.pubkey());
        let treasury_owner = env.new_key();
        let treasury = env.create_token_account(protocol_mint, treasury_owner);
        let pool = PoolAddresses::derive(&protocol_mint, 0, &protocol_mint);
        env.watch_pool(&pool);
        let party = |env: &mut Env| {
            let kp = env.funded_keypair();
            let credit = env.create_token_account(pool.credit_mint, kp.pubkey());
            let protocol = env.create_token_account(protocol_mint, kp.pubkey());
            let lp = env.create_token_account(pool.lp_mint, kp.pubkey());
            Party {
                kp,
                credit,
                protocol,
                lp,
            }
        };
        let keeper = party(&mut env);
        let users = (0..genesis.users.len()).map(|_| party(&mut env)).collect();
        let arbs = (0..genesis.arbs.len()).map(|_| party(&mut env)).collect();
        let mut me = Self {
            rt,
            env,
            mirror: genesis.clone(),
            admin,
            keeper,
            protocol_mint,
            treasury,
            pool,
            users,
            arbs,
            providers: vec![],
            applied: 0,
            transactions: 0,
            failed_as_predicted: 0,
            jobs: HashMap::new(),
            last_raw_error: None,
            outcomes: None,
            named_accounts: None,
            progress: None,
            tick: None,
        };
        me.rt.block_on(async {
            let now = me.env.now().await;
            me.env.warp_seconds(genesis.now - now).await;
        });
        let market = pool.market;
        let a = me.admin.pubkey();
        me.send(
            &[ix::initialize_market(
                a,
                protocol_mint,
                treasury,
                genesis.params(),
                me.keeper.kp.pubkey(),
            )],
            &[&me.admin.insecure_clone()],
        )
        .expect("initialize_market");
        me.send(
            &[ix::create_gpu_class(a, market, 0, "H100-SXM5-80GB")],
            &[&me.admin.insecure_clone()],
        )
        .expect("create_gpu_class");
        me.send(&[ix::create_pool(a, &pool)], &[&me.admin.insecure_clone()])
            .expect("create_pool");
        me
    }

    fn send(
        &mut self,
        ixs: &[compute_amm_client::Instruction],
        signers: &[&Keypair],
    ) -> Result<(), Option<u32>> {
        self.transactions += 1;
        if let Some(named) = &mut self.named_accounts {
            named.extend(ixs.iter().flat_map(|i| i.accounts.iter().map(|m| m.pubkey)));
        }
        let r = self.rt.block_on(self.env.execute(ixs, signers));
        if let Some(o) = &mut self.outcomes {
            o.push(r.clone());
        }
        if let Some(p) = &self.progress {
            p.inc(1);
        }
        if let Some(t) = &mut self.tick {
            t();
        }
        r.map_err(|e| {
            let code = q(&e);
            if code.is_none() {
                self.last_raw_error = Some(format!("{e:?}"));
            }
            code
        })
    }

    fn party(&self, who: Actor) -> &Party {
        match who {
            Actor::Provider(i) => &self.providers[i as usize].0,
            Actor::User(i) => &self.users[i as usize],
            Actor::Arb(i) => &self.arbs[i as usize],
            Actor::Keeper => &self.keeper,
        }
    }

    fn job(&self, job: u32) -> JobAddresses {
        self.jobs[&job]
    }

    /// Sends `action` to the program. `Ok(None)` when the action is not a transaction.
    fn execute(&mut self, action: &Action) -> Result<(), Option<u32>> {
        let st = &self.mirror;
        match *action {
            Action::Warp { secs } => {
                self.rt.block_on(self.env.warp_seconds(secs));
                Ok(())
            }
            Action::Seed { who, tokens } => {
                let acc = self.party(who).protocol;
                self.rt.block_on(self.env.mint_tokens(acc, tokens));
                Ok(())
            }
            Action::InitialLiquidity {
                provider,
                credits,
                tokens,
            } => {
                let p = &self.providers[provider as usize].0;
                let i = ix::add_liquidity(
                    ix::liquidity_accounts(p.kp.pubkey(), &self.pool, p.credit, p.protocol, p.lp),
                    0,
                    credits,
                    tokens,
                    i64::MAX,
                );
                let kp = p.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::SwapExactIn {
                who,
                side,
                amount_in,
                min_out,
            } => {
                let p = self.party(who);
                let dir = match side {
                    Side::BuyCredits => SwapDirection::BuyCredits,
                    Side::SellCredits => SwapDirection::SellCredits,
                };
                let i = ix::swap_exact_in(
                    ix::swap_accounts(p.kp.pubkey(), &self.pool, p.credit, p.protocol),
                    dir,
                    amount_in,
                    min_out,
                    i64::MAX,
                );
                let kp = p.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::Register { provider, stake } => {
                assert_eq!(provider as usize, self.providers.len());
                let kp = self.env.funded_keypair();
                let addrs = ProviderAddresses::derive(&self.protocol_mint, 0, &kp.pubkey());
                let credit = self
                    .env
                    .create_token_account(self.pool.credit_mint, kp.pubkey());
                let protocol = self
                    .env
                    .create_token_account(self.protocol_mint, kp.pubkey());
                let lp = self
                    .env
                    .create_token_account(self.pool.lp_mint, kp.pubkey());
                self.env.watch_provider(addrs.provider);
                let kpc = kp.insecure_clone();
                self.providers.push((
                    Party {
                        kp,
                        credit,
                        protocol,
                        lp,
                    },
                    addrs,
                ));
                self.send(
                    &[ix::register_provider(&addrs, 1, ix::region("sim"), [0; 32])],
                    &[&kpc],
                )?;
                self.rt.block_on(self.env.mint_tokens(protocol, stake));
                if stake > 0 {
                    self.send(
                        &[ix::stake(ix::stake_accounts(&addrs, protocol), stake)],
                        &[&kpc],
                    )?;
                }
                Ok(())
            }
            Action::MintCredits { provider, amount } => {
                let (p, a) = &self.providers[provider as usize];
                let i = ix::mint_credits(ix::credits_accounts(a, p.credit), amount);
                let kp = p.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::RequestUnstake { provider, amount } => {
                let (p, a) = &self.providers[provider as usize];
                let id = st.providers[provider as usize].next_ticket_id;
                let i = ix::request_unstake(a, id, amount);
                let kp = p.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::RetireCredits { provider, amount } => {
                let (p, a) = &self.providers[provider as usize];
                let i = ix::retire_credits(ix::credits_accounts(a, p.credit), amount);
                let kp = p.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::WithdrawUnstaked { provider, ticket } => {
                let (p, a) = &self.providers[provider as usize];
                let i =
                    ix::withdraw_unstaked(ix::withdraw_unstaked_accounts(a, ticket, p.protocol));
                let kp = p.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::BuyAndOpenJob {
                user,
                job,
                credits,
                max_in,
                accept_secs,
                complete_secs,
                milestones,
            } => {
                let u = &self.users[user as usize];
                let j = JobAddresses::derive(
                    &self.protocol_mint,
                    &self.treasury,
                    0,
                    &u.kp.pubkey(),
                    job as u64,
                );
                let now = st.now;
                let i = ix::buy_and_open_job(
                    ix::buy_and_open_job_accounts(&j, &self.pool, u.protocol),
                    job as u64,
                    1,
                    crate::model::milestone_amounts(credits, milestones),
                    now + accept_secs,
                    now + complete_secs,
                    max_in,
                    i64::MAX,
                );
                let kp = u.kp.insecure_clone();
                self.env.watch_job(j.job);
                self.jobs.insert(job, j);
                self.send(&[i], &[&kp])
            }
            Action::AcceptJob { provider, job } => {
                let (p, a) = &self.providers[provider as usize];
                let i = ix::accept_job(a, self.job(job).job);
                let kp = p.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::Submit {
                provider,
                job,
                good,
                milestone,
            } => {
                let (p, a) = &self.providers[provider as usize];
                let i = ix::submit_milestone(a, self.job(job).job, milestone, [u8::from(good); 32]);
                let kp = p.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::Approve { job, milestone } | Action::Dispute { job, milestone } => {
                let js = &st.jobs[job as usize];
                let j = self.job(job);
                let u = &self.users[js.user as usize];
                let (pp, pa) = &self.providers[js.provider.unwrap_or(0) as usize];
                let acc = ix::job_user_accounts(&j, pa, u.credit, pp.credit);
                let i = if matches!(action, Action::Approve { .. }) {
                    ix::approve_milestone(acc, milestone)
                } else {
                    ix::dispute_milestone(acc, milestone)
                };
                let kp = u.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::Claim {
                provider,
                job,
                milestone,
            } => {
                let (p, a) = &self.providers[provider as usize];
                let i = ix::claim_milestone(a, &self.job(job), p.credit, milestone);
                let kp = p.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::Resolve {
                job,
                provider_at_fault,
                milestone,
            } => {
                let js = &st.jobs[job as usize];
                let u = &self.users[js.user as usize];
                let (pp, pa) = &self.providers[js.provider.unwrap_or(0) as usize];
                let i = ix::resolve_dispute(
                    self.keeper.kp.pubkey(),
                    &self.job(job),
                    pa,
                    u.credit,
                    pp.credit,
                    u.protocol,
                    milestone,
                    provider_at_fault,
                );
                let kp = self.keeper.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::Expire { job } => {
                let js = &st.jobs[job as usize];
                let u = &self.users[js.user as usize];
                let (pp, pa) = &self.providers[js.provider.unwrap_or(0) as usize];
                let i = ix::expire_job(
                    self.keeper.kp.pubkey(),
                    &self.job(job),
                    pa,
                    u.credit,
                    pp.credit,
                    u.protocol,
                    self.keeper.protocol,
                );
                let kp = self.keeper.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::CancelJob { job } => {
                let js = &st.jobs[job as usize];
                let u = &self.users[js.user as usize];
                let i = ix::cancel_job(self.keeper.kp.pubkey(), &self.job(job), u.credit);
                let kp = self.keeper.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::ClaimCompensation { job } => {
                let js = &st.jobs[job as usize];
                let u = &self.users[js.user as usize];
                let i = ix::claim_compensation(
                    self.keeper.kp.pubkey(),
                    &self.job(job),
                    u.protocol,
                    self.keeper.protocol,
                );
                let kp = self.keeper.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::AdvanceEpoch => {
                let i =
                    ix::advance_epoch(self.keeper.kp.pubkey(), self.pool.market, st.next_epoch());
                let kp = self.keeper.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::ClaimRewards { provider, epoch } => {
                let (p, a) = &self.providers[provider as usize];
                let i = ix::claim_rewards(a, epoch, p.protocol);
                let kp = p.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::MoveSettlementFees => {
                let i = ix::move_settlement_fees(self.keeper.kp.pubkey(), &self.pool);
                let kp = self.keeper.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::BurnFees => {
                let i =
                    ix::burn_protocol_fees(self.keeper.kp.pubkey(), &self.pool, self.protocol_mint);
                let kp = self.keeper.kp.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::ProposeEmission { emission } => {
                let mut params = st.params();
                params.emission_initial = emission;
                let i = ix::propose_params(self.admin.pubkey(), self.pool.market, params);
                let kp = self.admin.insecure_clone();
                self.send(&[i], &[&kp])
            }
            Action::ApplyParams => {
                let kp = self.keeper.kp.insecure_clone();
                self.send(&[ix::apply_params(self.pool.market)], &[&kp])
            }
        }
    }

    /// An account as the executor holds it.
    pub fn account(&mut self, key: Pubkey) -> Option<solana_account::Account> {
        self.rt.block_on(self.env.account(key))
    }

    /// Compares the program's accounts with the model mirror, field by field.
    pub fn compare(&mut self) -> Result<(), String> {
        let m = self.mirror.clone();
        let pool_key = self.pool.pool;
        let market_key = self.pool.market;
        let class_key = self.pool.gpu_class;
        let env = &mut self.env;
        let providers: Vec<Pubkey> = self.providers.iter().map(|(_, a)| a.provider).collect();
        let wallets: Vec<(String, Pubkey, Pubkey, crate::model::Wallet)> = self
            .users
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("user {i}"), p.credit, p.protocol, m.users[i]))
            .chain(
                self.arbs
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("arb {i}"), p.credit, p.protocol, m.arbs[i])),
            )
            .chain(self.providers.iter().enumerate().map(|(i, (p, _))| {
                (
                    format!("provider {i}"),
                    p.credit,
                    p.protocol,
                    m.provider_wallets[i],
                )
            }))
            .chain(std::iter::once((
                "keeper".to_string(),
                self.keeper.credit,
                self.keeper.protocol,
                m.keeper,
            )))
            .collect();
        let (protocol_mint, treasury) = (self.protocol_mint, self.treasury);
        let mut jobs: Vec<(u32, Pubkey, Pubkey)> = self
            .jobs
            .iter()
            .map(|(i, a)| {
                let provider = m.jobs[*i as usize]
                    .provider
                    .map(|p| providers[p as usize])
                    .unwrap_or_default();
                (*i, a.job, provider)
            })
            .collect();
        jobs.sort_unstable();
        self.rt.block_on(async move {
            // Whole accounts, byte for byte, once the addresses (which only the chain has) are
            // copied over: every field the program's rules write must agree.
            let pool: Pool = env.get(pool_key).await;
            same("pool", &pool, &with_pool_keys(&m.pool, &pool))?;
            let market: Market = env.get(market_key).await;
            same("market", &market, &with_market_keys(&m.market, &market))?;
            let class: GpuClass = env.get(class_key).await;
            same("gpu class", &class, &with_class_keys(&m.class, &class))?;
            for (i, key) in providers.iter().enumerate() {
                let p: Provider = env.get(*key).await;
                same(
                    &format!("provider {i}"),
                    &p,
                    &with_provider_keys(&m.providers[i], &p),
                )?;
            }
            for (i, key, provider_key) in jobs {
                let j: Job = env.get(key).await;
                let model = with_job_keys(&m.jobs[i as usize].job, &j, provider_key);
                same(&format!("job {i}"), &j, &model)?;
            }
            for (name, credit, protocol, w) in wallets {
                let c = (
                    env.token_balance(credit).await,
                    env.token_balance(protocol).await,
                );
                if c != (w.credits, w.tokens) {
                    return Err(format!(
                        "{name}: chain (credits, tokens) {c:?} model {:?}",
                        (w.credits, w.tokens)
                    ));
                }
            }
            let supply = env.mint_supply(protocol_mint).await;
            if supply != m.token_supply {
                return Err(format!(
                    "protocol supply: chain {supply} model {}",
                    m.token_supply
                ));
            }
            let t = env.token_balance(treasury).await;
            if t != m.treasury {
                return Err(format!("treasury: chain {t} model {}", m.treasury));
            }
            Ok(())
        })
    }
}

impl Engine for ChainEngine {
    fn state(&self) -> &ChainState {
        &self.mirror
    }

    fn apply(&mut self, action: &Action) -> Result<(), Code> {
        // the chain first (it reads the mirror's pre-state for ids), then the mirror
        let chain = self.execute(action);
        let predicted = dispatch(&mut self.mirror, action);
        self.applied += 1;
        // settled jobs leave the invariant checker's watch list (they hold no escrow)
        if let Action::Approve { job, .. }
        | Action::Claim { job, .. }
        | Action::Resolve { job, .. }
        | Action::Expire { job }
        | Action::CancelJob { job } = *action
        {
            if self.mirror.jobs.get(job as usize).is_some_and(|j| {
                !matches!(
                    j.phase(),
                    crate::model::JobPhase::Open
                        | crate::model::JobPhase::Accepted
                        | crate::model::JobPhase::Submitted { .. }
                        | crate::model::JobPhase::Disputed { .. }
                )
            }) {
                if let Some(j) = self.jobs.get(&job) {
                    self.env.unwatch_job(j.job);
                }
            }
        }
        match (&chain, &predicted) {
            (Ok(()), Ok(())) => {}
            (Err(c), Err(p)) if *c == Some(*p) => self.failed_as_predicted += 1,
            _ => panic!(
                "model and chain disagree on {action:?} (action {}): chain {chain:?} ({:?}), model {predicted:?}",
                self.applied, self.last_raw_error
            ),
        }
        predicted
    }

    fn actions(&self) -> u64 {
        self.applied
    }
}

/// Compares two accounts by their Borsh bytes; on a difference, names the account and shows both.
fn same<T: anchor_lang::AnchorSerialize + std::fmt::Debug>(
    what: &str,
    chain: &T,
    model: &T,
) -> Result<(), String> {
    let bytes = |v: &T| -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        v.serialize(&mut out).map_err(|e| e.to_string())?;
        Ok(out)
    };
    let (c, m) = (bytes(chain)?, bytes(model)?);
    if c == m {
        return Ok(());
    }
    Err(format!("{what}: chain {chain:?}\nmodel {model:?}"))
}

fn with_market_keys(model: &Market, chain: &Market) -> Market {
    let mut m = model.clone();
    m.bump = chain.bump;
    m.admin = chain.admin;
    m.pending_admin = chain.pending_admin;
    m.arbiter = chain.arbiter;
    m.protocol_mint = chain.protocol_mint;
    m.treasury = chain.treasury;
    m.stake_vault = chain.stake_vault;
    m
}

fn with_class_keys(model: &GpuClass, chain: &GpuClass) -> GpuClass {
    let mut c = model.clone();
    c.bump = chain.bump;
    c.market = chain.market;
    c.name = chain.name;
    c.credit_mint = chain.credit_mint;
    c.credit_mint_bump = chain.credit_mint_bump;
    c.escrow_vault = chain.escrow_vault;
    if c.protocol_pool != Pubkey::default() {
        c.protocol_pool = chain.protocol_pool;
    }
    c
}

fn with_pool_keys(model: &Pool, chain: &Pool) -> Pool {
    let mut p = model.clone();
    p.bump = chain.bump;
    p.market = chain.market;
    p.gpu_class = chain.gpu_class;
    p.credit_mint = chain.credit_mint;
    p.quote_mint = chain.quote_mint;
    p.credit_vault = chain.credit_vault;
    p.quote_vault = chain.quote_vault;
    p.lp_mint = chain.lp_mint;
    p
}

fn with_provider_keys(model: &Provider, chain: &Provider) -> Provider {
    let mut p = model.clone();
    p.bump = chain.bump;
    p.market = chain.market;
    p.gpu_class = chain.gpu_class;
    p.authority = chain.authority;
    // metadata the chain engine registers with (no rule depends on it)
    p.region = chain.region;
    p.endpoint_hash = chain.endpoint_hash;
    p
}

fn with_job_keys(model: &Job, chain: &Job, provider: Pubkey) -> Job {
    let mut j = model.clone();
    j.bump = chain.bump;
    j.market = chain.market;
    j.gpu_class = chain.gpu_class;
    j.user = chain.user;
    if j.provider != Pubkey::default() {
        j.provider = provider;
    }
    if j.cranker != Pubkey::default() {
        j.cranker = chain.cranker;
    }
    j
}
