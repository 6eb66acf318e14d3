//! A bank with the program loaded natively, and everything a test or replay needs around it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::{Duration, Instant};

use anchor_lang::AccountDeserialize;
use compute_amm_client::Instruction;
use solana_account::{Account, AccountSharedData};
use solana_clock::Clock;
use solana_hash::Hash;
use solana_keypair::Keypair;
use solana_program_option::COption;
use solana_program_pack::Pack;
use solana_program_test::{ProgramTest, ProgramTestContext};
use solana_pubkey::Pubkey;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;
use spl_token_interface::state::{Account as TokenAccount, AccountState, Mint};

use crate::invariants::{self, Incremental, Snapshot, Watch};

/// Blockhashes in program-test expire after 150 registrations (~1 s of wall time); refreshing this
/// often keeps every transaction well inside that.
const BLOCKHASH_REFRESH: Duration = Duration::from_millis(200);
/// Lamports given to every keypair the harness creates (rent for the accounts it may pay for).
const FUNDED_LAMPORTS: u64 = 1_000_000_000_000;

/// What runs the transactions. Program-test is the reference; the lane agrees with it account for
/// account (`crates/sim/tests/lane.rs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Executor {
    /// solana-program-test, `BanksClient::process_transaction_with_metadata` (the default).
    #[default]
    ProgramTest,
    /// solana-program-test, the stock `BanksClient::process_transaction` (no logs, no events).
    Stock,
    /// `compute_amm_lane`: the program's own `entry` and SPL Token's own processor over an
    /// in-memory account store; no bank, no signing.
    Lane,
}

/// Counters of what the harness has done.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub succeeded: u64,
    pub failed: u64,
    pub invariant_checks: u64,
}

pub struct Env {
    pub ctx: ProgramTestContext,
    blockhash: Hash,
    blockhash_fetched: Instant,
    signatures_this_blockhash: HashSet<Signature>,
    /// What the invariant checker watches.
    pub watch: Watch,
    /// State of every watched account after the last transaction or direct write.
    snapshot: Option<Snapshot>,
    /// Run the invariant checker after every successful transaction (on by default).
    pub check_invariants: bool,
    /// Check every `check_every`-th transaction (1 = every one, the default; long replays may
    /// sample to stay fast — the checked transactions still get the full before/after comparison).
    pub check_every: u64,
    pub stats: Stats,
    /// Log messages of the last transaction `execute` sent (the program's events among them).
    pub last_logs: Vec<String>,
    /// Source of the addresses and keypairs the harness creates: seeded, so two harnesses built the
    /// same way (program-test and the lane) hold the same accounts at the same addresses.
    keys: rand_chacha::ChaCha8Rng,
    pub executor: Executor,
    /// Lane only: the running totals of the incremental invariant checker (rebuilt with the
    /// snapshot), and how often the full recomputation runs and must agree with them.
    incremental: Option<Incremental>,
    pub full_check_every: u64,
    /// The lane's account store (`Executor::Lane` only; the bank is then unused after genesis).
    pub lane: Option<Box<compute_amm_lane::Lane>>,
    /// When `Some`, everything that changes the world is appended here: direct account writes,
    /// clock changes and transactions with their outcomes, so the same run can be replayed on
    /// another executor (the load benchmark replays it on LiteSVM). Lane only.
    pub recording: Option<Vec<Recorded>>,
}

/// One world-changing step of a recorded run (`Env::recording`).
#[derive(Clone, Debug)]
pub enum Recorded {
    /// A direct account write (genesis-style seeding).
    Write(Pubkey, Account),
    /// The Clock sysvar after a warp.
    Clock(Clock),
    /// A transaction: its instructions, fee payer, signers and outcome.
    Tx {
        ixs: Vec<Instruction>,
        payer: Pubkey,
        signers: Vec<Pubkey>,
        result: Result<(), TransactionError>,
    },
}

impl Env {
    /// Starts a bank with Compute AMM loaded as a native program. SPL Token is bundled by
    /// program-test and runs as SBF; the program's CPIs into it execute for real.
    pub async fn new() -> Self {
        Self::with_executor(Executor::ProgramTest).await
    }

    /// A harness on the given executor. The lane starts from the bank's genesis: its payer, clock,
    /// rent and program accounts are copied from a started program-test bank.
    pub async fn with_executor(executor: Executor) -> Self {
        if std::env::var_os("RUST_LOG").is_none() {
            // Per-instruction runtime logging dominates native run time; opt back in with RUST_LOG.
            std::env::set_var("RUST_LOG", "error");
        }
        crate::native::install_event_logging();
        let mut pt = ProgramTest::new("compute_amm", compute_amm::ID, crate::native::builtin());
        pt.prefer_bpf(false);
        let ctx = pt.start_with_context().await;
        let blockhash = ctx.last_blockhash;
        let mut lane = None;
        if executor == Executor::Lane {
            let mut l = compute_amm_lane::Lane::new();
            let banks = ctx.banks_client.clone();
            for key in [
                ctx.payer.pubkey(),
                solana_sdk_ids::system_program::ID,
                spl_token_interface::ID,
                compute_amm::ID,
            ] {
                let acc = banks
                    .get_account(key)
                    .await
                    .expect("banks client transport")
                    .expect("genesis account");
                l.set(key, acc);
            }
            l.clock = banks.get_sysvar().await.expect("clock sysvar");
            l.rent = banks.get_sysvar().await.expect("rent sysvar");
            lane = Some(Box::new(l));
        }
        Self {
            ctx,
            blockhash,
            blockhash_fetched: Instant::now(),
            signatures_this_blockhash: HashSet::new(),
            watch: Watch::default(),
            snapshot: None,
            check_invariants: true,
            check_every: 1,
            stats: Stats::default(),
            last_logs: Vec::new(),
            keys: rand::SeedableRng::seed_from_u64(0x1a9e),
            executor,
            incremental: None,
            full_check_every: 1_000,
            lane,
            recording: None,
        }
    }

    pub fn payer(&self) -> Pubkey {
        self.ctx.payer.pubkey()
    }

    // ---- transactions ----

    async fn sign(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Transaction {
        if self.blockhash_fetched.elapsed() > BLOCKHASH_REFRESH {
            let latest = self
                .ctx
                .banks_client
                .get_latest_blockhash()
                .await
                .expect("latest blockhash");
            // Forget sent signatures only when the blockhash really changed: resending identical
            // bytes under the same blockhash would be dropped as a duplicate without executing.
            if latest != self.blockhash {
                self.blockhash = latest;
                self.signatures_this_blockhash.clear();
            }
            self.blockhash_fetched = Instant::now();
        }
        loop {
            let mut all: Vec<&Keypair> = vec![&self.ctx.payer];
            all.extend(
                signers
                    .iter()
                    .copied()
                    .filter(|k| k.pubkey() != self.ctx.payer.pubkey()),
            );
            let tx = Transaction::new_signed_with_payer(
                ixs,
                Some(&self.ctx.payer.pubkey()),
                &all,
                self.blockhash,
            );
            // An identical transaction under the same blockhash would be dropped as a duplicate
            // without executing; wait for a fresh blockhash instead.
            if self.signatures_this_blockhash.insert(tx.signatures[0]) {
                return tx;
            }
            // program-test waits for a blockhash different from `ctx.last_blockhash`: make that
            // ours, or it may hand back the very blockhash the duplicate was signed with.
            self.ctx.last_blockhash = self.blockhash;
            self.blockhash = self
                .ctx
                .get_new_latest_blockhash()
                .await
                .expect("new blockhash");
            self.blockhash_fetched = Instant::now();
            self.signatures_this_blockhash.clear();
        }
    }

    /// Sends one transaction (fee payer: the bank's payer, plus `signers`) and checks, afterwards:
    /// on failure, that no watched account changed; on success, every invariant.
    /// Panics on a violation — a violation is always a bug in the program.
    pub async fn execute(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<(), TransactionError> {
        let n = self.stats.succeeded + self.stats.failed;
        if self.lane.is_some() {
            return self.execute_lane(ixs, signers, n);
        }
        if self.check_every > 1 && n % self.check_every != 0 {
            let tx = self.sign(ixs, signers).await;
            let result = self.process(tx).await;
            match result {
                Ok(()) => self.stats.succeeded += 1,
                Err(_) => self.stats.failed += 1,
            }
            self.snapshot = None;
            return result;
        }
        if self.snapshot.is_none() {
            self.snapshot = Some(self.read_watched().await);
        }
        let tx = self.sign(ixs, signers).await;
        let result = self.process(tx).await;
        let after = self.read_watched().await;
        let before = self.snapshot.take().unwrap_or_default();
        match &result {
            Err(err) => {
                self.stats.failed += 1;
                if let Err(v) = invariants::unchanged(&before, &after) {
                    panic!("failed transaction ({err:?}) changed state: {v}");
                }
            }
            Ok(()) => {
                self.stats.succeeded += 1;
                if self.check_invariants {
                    self.stats.invariant_checks += 1;
                    if let Err(v) = invariants::check(&before, &after, &self.watch) {
                        panic!("invariant violated after {ixs:?}: {v}");
                    }
                }
            }
        }
        self.snapshot = Some(after);
        result
    }

    /// `execute` on the lane: the same checks, but the snapshot is updated from the accounts the
    /// transaction wrote (the lane rolls a failed transaction back, so it writes none).
    fn execute_lane(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
        n: u64,
    ) -> Result<(), TransactionError> {
        let payer = self.ctx.payer.pubkey();
        let keys: Vec<Pubkey> = signers.iter().map(|k| k.pubkey()).collect();
        let lane = self.lane.as_mut().expect("lane executor");
        let result = lane.process(&payer, ixs, &keys);
        if let Some(r) = &mut self.recording {
            r.push(Recorded::Tx {
                ixs: ixs.to_vec(),
                payer,
                signers: keys.clone(),
                result: result.clone(),
            });
        }
        self.last_logs = std::mem::take(&mut lane.logs);
        match &result {
            Ok(()) => self.stats.succeeded += 1,
            Err(_) => self.stats.failed += 1,
        }
        let check = self.check_every <= 1 || n % self.check_every == 0;
        if !check {
            self.snapshot = None;
            return result;
        }
        let before = match self.snapshot.take() {
            Some(s) => s,
            None => {
                let s = self.read_lane_watched();
                self.incremental = Some(Incremental::of(&s));
                s
            }
        };
        let lane = self.lane.as_ref().expect("lane executor");
        match &result {
            Err(err) => {
                if !lane.touched.is_empty() {
                    panic!(
                        "failed transaction ({err:?}) changed state: {:?}",
                        lane.touched
                    );
                }
                self.snapshot = Some(before);
            }
            Ok(()) => {
                // the snapshot is updated in place; `before` holds the old state of the watched
                // accounts this transaction wrote (the only ones the before/after checks compare)
                let mut after = before;
                let mut before = Snapshot::new();
                let inc = self.incremental.get_or_insert_with(Incremental::default);
                for key in &lane.touched {
                    if let Some(slot) = after.get_mut(key) {
                        let new = lane.get(key).cloned();
                        inc.update(key, slot.as_ref(), new.as_ref());
                        before.insert(*key, std::mem::replace(slot, new));
                    }
                }
                if self.check_invariants {
                    self.stats.invariant_checks += 1;
                    if let Err(v) = inc.check(&before, &after, &self.watch) {
                        panic!("invariant violated after {ixs:?}: {v}");
                    }
                    if n % self.full_check_every.max(1) == 0 {
                        // the full recomputation: every invariant from scratch, and the same totals
                        if let Err(v) = invariants::check(&before, &after, &self.watch) {
                            panic!("invariant violated after {ixs:?} (full check): {v}");
                        }
                        let full = Incremental::of(&after);
                        assert_eq!(
                            &full, inc,
                            "invariant violated: incremental totals drifted from the full recomputation"
                        );
                    }
                }
                self.snapshot = Some(after);
            }
        }
        result
    }

    fn read_lane_watched(&self) -> Snapshot {
        let lane = self.lane.as_ref().expect("lane executor");
        self.watch
            .accounts()
            .map(|k| (k, lane.get(&k).cloned()))
            .collect()
    }

    /// Processes a signed transaction, keeping its log messages in `last_logs`.
    async fn process(&mut self, tx: Transaction) -> Result<(), TransactionError> {
        if self.executor == Executor::Stock {
            self.last_logs.clear();
            return self
                .ctx
                .banks_client
                .process_transaction(tx)
                .await
                .map_err(|e| match e {
                    solana_program_test::BanksClientError::TransactionError(e)
                    | solana_program_test::BanksClientError::SimulationError { err: e, .. } => e,
                    other => panic!("banks client: {other:?}"),
                });
        }
        let out = self
            .ctx
            .banks_client
            .process_transaction_with_metadata(tx)
            .await
            .expect("banks client transport");
        self.last_logs = out.metadata.map(|m| m.log_messages).unwrap_or_default();
        out.result
    }

    /// The events of type `E` the program logged in the last transaction `execute` sent.
    pub fn events<E>(&self) -> Vec<E>
    where
        E: anchor_lang::Event + anchor_lang::AnchorDeserialize + anchor_lang::Discriminator,
    {
        compute_amm_client::events::decode(&self.last_logs)
    }

    async fn read_watched(&mut self) -> Snapshot {
        if self.lane.is_some() {
            return self.read_lane_watched();
        }
        let mut out = BTreeMap::new();
        for key in self.watch.accounts() {
            let acc = self
                .ctx
                .banks_client
                .get_account(key)
                .await
                .expect("banks client transport");
            out.insert(key, acc);
        }
        out
    }

    // ---- reading ----

    pub async fn account(&mut self, key: Pubkey) -> Option<Account> {
        if let Some(lane) = &self.lane {
            return lane.get(&key).cloned();
        }
        self.ctx
            .banks_client
            .get_account(key)
            .await
            .expect("banks client transport")
    }

    /// Decodes a program account; panics if it does not exist or does not decode.
    pub async fn get<T: AccountDeserialize>(&mut self, key: Pubkey) -> T {
        let acc = self
            .account(key)
            .await
            .unwrap_or_else(|| panic!("no account {key}"));
        compute_amm_client::decode::account::<T>(&acc.data)
            .unwrap_or_else(|e| panic!("cannot decode {key}: {e:?}"))
    }

    pub async fn token_balance(&mut self, key: Pubkey) -> u64 {
        let acc = self
            .account(key)
            .await
            .unwrap_or_else(|| panic!("no token account {key}"));
        TokenAccount::unpack(&acc.data)
            .expect("token account")
            .amount
    }

    pub async fn mint_supply(&mut self, mint: Pubkey) -> u64 {
        let acc = self
            .account(mint)
            .await
            .unwrap_or_else(|| panic!("no mint {mint}"));
        Mint::unpack(&acc.data).expect("mint").supply
    }

    // ---- clock ----

    pub async fn clock(&mut self) -> Clock {
        if let Some(lane) = &self.lane {
            return lane.clock.clone();
        }
        self.ctx
            .banks_client
            .get_sysvar::<Clock>()
            .await
            .expect("clock sysvar")
    }

    pub async fn now(&mut self) -> i64 {
        self.clock().await.unix_timestamp
    }

    /// Moves the Clock sysvar's unix time forward (or back, for adversarial tests) by `secs`.
    pub async fn warp_seconds(&mut self, secs: i64) {
        let mut clock = self.clock().await;
        clock.unix_timestamp = clock.unix_timestamp.saturating_add(secs);
        if let Some(lane) = &mut self.lane {
            if let Some(r) = &mut self.recording {
                r.push(Recorded::Clock(clock.clone()));
            }
            lane.clock = clock;
            return;
        }
        self.ctx.set_sysvar(&clock);
    }

    // ---- direct writes (genesis-style seeding; they are not transactions) ----

    fn write(&mut self, key: Pubkey, account: Account) {
        if let Some(lane) = &mut self.lane {
            if let Some(r) = &mut self.recording {
                r.push(Recorded::Write(key, account.clone()));
            }
            lane.set(key, account);
            self.snapshot = None;
            return;
        }
        self.ctx
            .set_account(&key, &AccountSharedData::from(account));
        // The stored snapshot no longer describes the bank.
        self.snapshot = None;
    }

    /// Writes an account directly (adversarial tests use it to plant look-alike accounts).
    pub fn set_account(&mut self, key: Pubkey, account: Account) {
        self.write(key, account);
    }

    /// Plants a job record of `provider` for `user` in `market` (no escrow behind it): for tests of
    /// rules that read only who a job binds, such as where a slash's harmed-party claim may go.
    /// Tests of settlement open real jobs.
    pub fn plant_job(&mut self, market: Pubkey, provider: Pubkey, user: Pubkey) -> Pubkey {
        use anchor_lang::{AccountSerialize, Discriminator, Space};
        use compute_amm::state::Job;
        let len = 8 + Job::INIT_SPACE;
        let mut zeros = vec![0u8; len];
        zeros[..8].copy_from_slice(Job::DISCRIMINATOR);
        let mut job = Job::try_deserialize(&mut zeros.as_slice()).expect("a zeroed job decodes");
        job.market = market;
        job.provider = provider;
        job.user = user;
        let mut data = Vec::with_capacity(len);
        job.try_serialize(&mut data).expect("job encodes");
        data.resize(len, 0);
        let key = Pubkey::new_unique();
        self.write(
            key,
            Account {
                lamports: Self::rent_exempt(len),
                data,
                owner: compute_amm::ID,
                executable: false,
                rent_epoch: 0,
            },
        );
        key
    }

    /// Copies an existing account to a new address under another owner program: a look-alike
    /// that a program must refuse.
    pub async fn plant_copy(&mut self, src: Pubkey, owner: Pubkey) -> Pubkey {
        let mut acc = self.account(src).await.expect("source account");
        acc.owner = owner;
        let key = Pubkey::new_unique();
        self.write(key, acc);
        key
    }

    fn rent_exempt(len: usize) -> u64 {
        anchor_lang::prelude::Rent::default().minimum_balance(len)
    }

    /// A new address (seeded: the same sequence in every harness).
    pub fn new_key(&mut self) -> Pubkey {
        Pubkey::new_from_array(rand::Rng::gen(&mut self.keys))
    }

    /// A new keypair holding SOL for rent (seeded: the same sequence in every harness).
    pub fn funded_keypair(&mut self) -> Keypair {
        let kp = Keypair::new_from_array(rand::Rng::gen(&mut self.keys));
        self.write(
            kp.pubkey(),
            Account {
                lamports: FUNDED_LAMPORTS,
                data: vec![],
                owner: solana_sdk_ids::system_program::ID,
                executable: false,
                rent_epoch: 0,
            },
        );
        kp
    }

    /// A new SPL mint with the given authority, watched for conservation.
    pub fn create_mint(&mut self, decimals: u8, authority: Pubkey) -> Pubkey {
        let key = self.new_key();
        self.create_mint_at(key, decimals, authority);
        key
    }

    /// A new SPL mint at a chosen address (e.g. one whose authority is a PDA derived from it).
    pub fn create_mint_at(&mut self, key: Pubkey, decimals: u8, authority: Pubkey) {
        let mut data = vec![0u8; Mint::LEN];
        Mint {
            mint_authority: COption::Some(authority),
            supply: 0,
            decimals,
            is_initialized: true,
            freeze_authority: COption::None,
        }
        .pack_into_slice(&mut data);
        self.write(key, token_owned(data, Self::rent_exempt(Mint::LEN)));
        self.watch.mints.insert(key);
        self.watch.extra.insert(key);
    }

    /// A new token account of `mint` owned by `owner`, watched.
    pub fn create_token_account(&mut self, mint: Pubkey, owner: Pubkey) -> Pubkey {
        let key = self.new_key();
        let mut data = vec![0u8; TokenAccount::LEN];
        TokenAccount {
            mint,
            owner,
            amount: 0,
            delegate: COption::None,
            state: AccountState::Initialized,
            is_native: COption::None,
            delegated_amount: 0,
            close_authority: COption::None,
        }
        .pack_into_slice(&mut data);
        self.write(key, token_owned(data, Self::rent_exempt(TokenAccount::LEN)));
        self.watch.extra.insert(key);
        key
    }

    /// Adds `amount` to a token account and to its mint's supply, as if minted at genesis. Works for
    /// any mint, including the program's PDA-authority credit mints: tests seed liquidity this way
    /// instead of through any test-only instruction in the program.
    pub async fn mint_tokens(&mut self, token_account: Pubkey, amount: u64) {
        let mut acc = self.account(token_account).await.expect("token account");
        let mut ta = TokenAccount::unpack(&acc.data).expect("token account");
        let mut mint_acc = self.account(ta.mint).await.expect("mint");
        let mut mint = Mint::unpack(&mint_acc.data).expect("mint");
        ta.amount = ta.amount.checked_add(amount).expect("balance overflow");
        mint.supply = mint.supply.checked_add(amount).expect("supply overflow");
        ta.pack_into_slice(&mut acc.data);
        mint.pack_into_slice(&mut mint_acc.data);
        let mint_key = ta.mint;
        *self.watch.seeded.entry(mint_key).or_insert(0) += u128::from(amount);
        self.write(token_account, acc);
        self.write(mint_key, mint_acc);
    }

    /// Watches a market: its stake vault must hold exactly the providers' stake.
    pub fn watch_market(&mut self, market: Pubkey) {
        if !self.watch.markets.contains(&market) {
            self.watch.markets.push(market);
            self.watch
                .extra
                .insert(compute_amm_client::pda::stake_vault(&market).0);
        }
        self.snapshot = None;
    }

    /// Watches a GPU class: its credit supply must equal its providers' obligations.
    pub fn watch_class(&mut self, gpu_class: Pubkey) {
        if !self.watch.classes.contains(&gpu_class) {
            self.watch.classes.push(gpu_class);
            let mint = compute_amm_client::pda::credit_mint(&gpu_class).0;
            self.watch.mints.insert(mint);
            self.watch
                .extra
                .insert(compute_amm_client::pda::job_escrow(&gpu_class).0);
        }
        self.snapshot = None;
    }

    /// Watches a provider (every provider of a watched market must be watched).
    pub fn watch_provider(&mut self, provider: Pubkey) {
        if !self.watch.providers.contains(&provider) {
            self.watch.providers.push(provider);
        }
        self.snapshot = None;
    }

    /// Watches every account of a pool (and its mints, class and market) from now on.
    pub fn watch_pool(&mut self, a: &compute_amm_client::PoolAddresses) {
        self.watch_market(a.market);
        self.watch_class(a.gpu_class);
        self.watch.pools.push(a.pool);
        for key in [
            a.market,
            a.gpu_class,
            a.pool,
            a.credit_vault,
            a.quote_vault,
            a.lp_mint,
            a.credit_mint,
            a.quote_mint,
        ] {
            self.watch.extra.insert(key);
        }
        self.watch.mints.insert(a.lp_mint);
        self.watch.mints.insert(a.credit_mint);
        self.snapshot = None;
    }

    /// Watches one more account (e.g. a token account created by someone else's transaction).
    pub fn watch_account(&mut self, key: Pubkey) {
        self.watch.extra.insert(key);
        self.snapshot = None;
    }

    /// Watches a job (every open job of a watched class must be watched: the escrow sums over them).
    pub fn watch_job(&mut self, job: Pubkey) {
        if !self.watch.jobs.contains(&job) {
            self.watch.jobs.push(job);
        } else {
            return;
        }
        // the lane keeps its snapshot and totals: the job joins both (no full re-read)
        if let (Some(lane), Some(snap), Some(inc)) =
            (&self.lane, &mut self.snapshot, &mut self.incremental)
        {
            if !snap.contains_key(&job) {
                let acc = lane.get(&job).cloned();
                inc.update(&job, None, acc.as_ref());
                snap.insert(job, acc);
            }
            return;
        }
        self.snapshot = None;
    }

    /// Stops watching a settled job (its escrow share is zero; this keeps long replays fast).
    pub fn unwatch_job(&mut self, job: Pubkey) {
        self.watch.jobs.retain(|j| *j != job);
        if let (Some(_), Some(snap), Some(inc)) =
            (&self.lane, &mut self.snapshot, &mut self.incremental)
        {
            if !self.watch.extra.contains(&job) {
                if let Some(old) = snap.remove(&job) {
                    inc.update(&job, old.as_ref(), None);
                }
            }
            return;
        }
        self.snapshot = None;
    }

    /// Records a deliberate donation to a vault, so the checker expects the surplus.
    pub fn record_donation(&mut self, vault: Pubkey, amount: u64) {
        *self.watch.donations.entry(vault).or_insert(0) += amount;
    }

    /// All watched keys (for tests that want to compare whole-state snapshots).
    pub fn watched(&self) -> BTreeSet<Pubkey> {
        self.watch.accounts().collect()
    }
}

fn token_owned(data: Vec<u8>, lamports: u64) -> Account {
    Account {
        lamports,
        data,
        owner: spl_token_interface::ID,
        executable: false,
        rent_epoch: 0,
    }
}
