//! A market with one GPU class and one funded pool, plus funded users, in one call.

use compute_amm::state::{Market, MarketParams, Pool};
use compute_amm_client::{ix, pda, PoolAddresses, ProviderAddresses};
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;

use crate::env::Env;

pub use compute_amm_client::params::{default_params, UNIT};

#[derive(Clone, Debug)]
pub struct FixtureConfig {
    pub params: MarketParams,
    /// Funded users besides the liquidity provider.
    pub users: usize,
    /// Credits and quote tokens each user starts with (base units).
    pub user_credit: u64,
    pub user_quote: u64,
    /// Opening liquidity (base units); 0 leaves the pool empty.
    pub initial_credit: u64,
    pub initial_quote: u64,
}

impl Default for FixtureConfig {
    fn default() -> Self {
        Self {
            // The default market, but without the settlement take: the settlement tests pin exact
            // payouts; the incentive and emission tests set the take explicitly.
            params: MarketParams {
                settlement_fee_bps: 0,
                ..default_params()
            },
            users: 2,
            user_credit: 1_000 * UNIT,
            user_quote: 5_000 * UNIT,
            // 10,000 GPU-hours against 25,000 quote: $2.50 per H100-hour, in line with 2025-26
            // on-demand marketplace prices (shared/data/gpu_reference_prices.csv).
            initial_credit: 10_000 * UNIT,
            initial_quote: 25_000 * UNIT,
        }
    }
}

/// A funded participant with one token account per pool mint.
pub struct User {
    pub kp: Keypair,
    pub credit: Pubkey,
    pub quote: Pubkey,
    pub lp: Pubkey,
}

impl User {
    pub fn key(&self) -> Pubkey {
        self.kp.pubkey()
    }

    /// The user's `(credit, quote, lp)` token accounts.
    pub fn credit_quote_lp(&self) -> (Pubkey, Pubkey, Pubkey) {
        (self.credit, self.quote, self.lp)
    }
}

/// A registered, staked provider with its token accounts.
pub struct ProviderUser {
    pub kp: Keypair,
    pub addrs: ProviderAddresses,
    /// Protocol-token account (stake comes from and returns here).
    pub protocol: Pubkey,
    /// Credit account of the provider's class.
    pub credit: Pubkey,
}

impl ProviderUser {
    pub fn key(&self) -> Pubkey {
        self.kp.pubkey()
    }
}

pub struct Fixture {
    pub env: Env,
    /// The provider that minted every credit the users start with.
    pub provider: ProviderUser,
    pub admin: Keypair,
    /// Signs `slash_provider` (and, later, dispute resolutions).
    pub arbiter: Keypair,
    pub protocol_mint: Pubkey,
    pub treasury: Pubkey,
    pub quote_mint: Pubkey,
    pub addrs: PoolAddresses,
    /// Provided the opening liquidity.
    pub lp: User,
    pub users: Vec<User>,
}

impl Fixture {
    pub async fn new() -> Self {
        Self::with(FixtureConfig::default()).await
    }

    pub async fn with(cfg: FixtureConfig) -> Self {
        let mut env = Env::new().await;
        let admin = env.funded_keypair();
        let arbiter = env.funded_keypair();
        let mint_authority = Pubkey::new_unique();
        // The admin issues the protocol token; `initialize_market` hands the mint authority to the
        // market PDA, so emissions can be minted.
        let protocol_mint = Pubkey::new_unique();
        env.create_mint_at(protocol_mint, 6, admin.pubkey());
        let treasury = env.create_token_account(protocol_mint, Pubkey::new_unique());
        let quote_mint = env.create_mint(6, mint_authority);
        let market = pda::market(&protocol_mint).0;
        let addrs = PoolAddresses::derive(&protocol_mint, 0, &quote_mint);
        env.watch_pool(&addrs);

        env.execute(
            &[ix::initialize_market(
                admin.pubkey(),
                protocol_mint,
                treasury,
                cfg.params,
                arbiter.pubkey(),
            )],
            &[&admin],
        )
        .await
        .expect("initialize_market");
        env.execute(
            &[ix::create_gpu_class(
                admin.pubkey(),
                market,
                0,
                "H100-SXM5-80GB",
            )],
            &[&admin],
        )
        .await
        .expect("create_gpu_class");
        env.execute(&[ix::create_pool(admin.pubkey(), &addrs)], &[&admin])
            .await
            .expect("create_pool");

        // Every credit in circulation is minted by a staked provider: one provider stakes enough to
        // back all the credits the users start with (plus half again), then mints them to the users.
        let total_credit = cfg
            .initial_credit
            .saturating_add(cfg.user_credit.saturating_mul(cfg.users as u64));
        let stake =
            compute_amm_math::stake::required_stake(total_credit, cfg.params.stake_per_credit)
                .expect("stake fits")
                .saturating_mul(3)
                / 2
                + 1_000 * UNIT;
        let provider = Self::new_provider(&mut env, protocol_mint, 0, stake).await;
        let lp = Self::new_user(&mut env, &addrs, 0, cfg.initial_quote).await;
        let mut users = Vec::with_capacity(cfg.users);
        for _ in 0..cfg.users {
            users.push(Self::new_user(&mut env, &addrs, 0, cfg.user_quote).await);
        }
        let mut grants: Vec<(Pubkey, u64)> = vec![(lp.credit, cfg.initial_credit)];
        grants.extend(users.iter().map(|u| (u.credit, cfg.user_credit)));
        for (account, amount) in grants {
            if amount > 0 {
                env.execute(
                    &[ix::mint_credits(
                        ix::credits_accounts(&provider.addrs, account),
                        amount,
                    )],
                    &[&provider.kp],
                )
                .await
                .expect("provider mints credits");
            }
        }
        let mut fx = Self {
            env,
            provider,
            admin,
            arbiter,
            protocol_mint,
            treasury,
            quote_mint,
            addrs,
            lp,
            users,
        };
        if cfg.initial_credit > 0 && cfg.initial_quote > 0 {
            let deadline = fx.deadline().await;
            let accounts =
                ix::liquidity_accounts(fx.lp.key(), &fx.addrs, fx.lp.credit, fx.lp.quote, fx.lp.lp);
            fx.env
                .execute(
                    &[ix::add_liquidity(
                        accounts,
                        0,
                        cfg.initial_credit,
                        cfg.initial_quote,
                        deadline,
                    )],
                    &[&fx.lp.kp],
                )
                .await
                .expect("initial liquidity");
        }
        fx
    }

    /// Registers a new provider for class `class_id` holding `stake` protocol tokens, all staked.
    pub async fn new_provider(
        env: &mut Env,
        protocol_mint: Pubkey,
        class_id: u16,
        stake: u64,
    ) -> ProviderUser {
        let kp = env.funded_keypair();
        let addrs = ProviderAddresses::derive(&protocol_mint, class_id, &kp.pubkey());
        let protocol = env.create_token_account(protocol_mint, kp.pubkey());
        let credit = env.create_token_account(addrs.credit_mint, kp.pubkey());
        env.watch_provider(addrs.provider);
        env.execute(
            &[ix::register_provider(
                &addrs,
                8,
                ix::region("eu-west"),
                [7u8; 32],
            )],
            &[&kp],
        )
        .await
        .expect("register_provider");
        if stake > 0 {
            env.mint_tokens(protocol, stake).await;
            env.execute(
                &[ix::stake(ix::stake_accounts(&addrs, protocol), stake)],
                &[&kp],
            )
            .await
            .expect("stake");
        }
        ProviderUser {
            kp,
            addrs,
            protocol,
            credit,
        }
    }

    /// A new funded user with credit, quote and LP token accounts.
    pub async fn new_user(env: &mut Env, addrs: &PoolAddresses, credit: u64, quote: u64) -> User {
        let kp = env.funded_keypair();
        let owner = kp.pubkey();
        let credit_acc = env.create_token_account(addrs.credit_mint, owner);
        let quote_acc = env.create_token_account(addrs.quote_mint, owner);
        let lp_acc = env.create_token_account(addrs.lp_mint, owner);
        if credit > 0 {
            env.mint_tokens(credit_acc, credit).await;
        }
        if quote > 0 {
            env.mint_tokens(quote_acc, quote).await;
        }
        User {
            kp,
            credit: credit_acc,
            quote: quote_acc,
            lp: lp_acc,
        }
    }

    /// A deadline one hour ahead of the bank clock.
    pub async fn deadline(&mut self) -> i64 {
        self.env.now().await + 3_600
    }

    pub async fn pool(&mut self) -> Pool {
        self.env.get(self.addrs.pool).await
    }

    pub async fn market(&mut self) -> Market {
        self.env.get(self.addrs.market).await
    }

    /// Balances `(credit, quote, lp)` of user `i`.
    pub async fn balances(&mut self, i: usize) -> (u64, u64, u64) {
        let (credit, quote, lp) = self.users[i].credit_quote_lp();
        (
            self.env.token_balance(credit).await,
            self.env.token_balance(quote).await,
            self.env.token_balance(lp).await,
        )
    }
}
