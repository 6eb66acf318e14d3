//! A market with one GPU class and one funded pool, plus funded users, in one call.

use compute_amm::state::{Market, MarketParams, Pool};
use compute_amm_client::{ix, pda, PoolAddresses};
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;

use crate::env::Env;

/// Defaults a real deployment could start from: 0.30% swap fee, a fifth of it to the protocol;
/// 1 h challenge window, 1 day dispute window, 7 day unstake cooldown, 8 day parameter timelock.
pub fn default_params() -> MarketParams {
    MarketParams {
        swap_fee_ppm: 3_000,
        protocol_fee_share_ppm: 200_000,
        challenge_window_secs: 3_600,
        dispute_window_secs: 86_400,
        unstake_cooldown_secs: 7 * 86_400,
        param_timelock_secs: 8 * 86_400,
    }
}

/// One base unit of a 6-decimal token is 1e-6 of a whole token.
pub const UNIT: u64 = 1_000_000;

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
            params: default_params(),
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

pub struct Fixture {
    pub env: Env,
    pub admin: Keypair,
    pub arbiter: Pubkey,
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
        let arbiter = Pubkey::new_unique();
        let mint_authority = Pubkey::new_unique();
        let protocol_mint = env.create_mint(6, mint_authority);
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
                arbiter,
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

        let lp = Self::new_user(&mut env, &addrs, cfg.initial_credit, cfg.initial_quote).await;
        let mut users = Vec::with_capacity(cfg.users);
        for _ in 0..cfg.users {
            users.push(Self::new_user(&mut env, &addrs, cfg.user_credit, cfg.user_quote).await);
        }
        let mut fx = Self {
            env,
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
