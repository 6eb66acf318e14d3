//! The demo market `localnet` bootstraps over JSON-RPC, with real SPL Token instructions and the
//! program's own instructions only (nothing is written into the bank directly).
//!
//! One H100 class, a pool of credits against a 6-decimal quote token ("demo USD"), a registered and
//! staked provider that minted the opening credits, and a liquidity provider that seeded the pool at
//! $2.50 per GPU-hour — the fixture's defaults, in line with 2025-26 marketplace prices.

use compute_amm_client::params::{default_params, UNIT};
use compute_amm_client::{ix, pda, PoolAddresses, ProviderAddresses};
use serde::Serialize;
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;

use crate::rpc::{ClientError, Rpc};

/// Class id and name of the demo GPU class.
pub const CLASS_ID: u16 = 0;
pub const CLASS_NAME: &str = "H100-SXM5-80GB";
/// Opening liquidity: 10,000 GPU-hour credits against 25,000 demo USD.
pub const OPENING_CREDIT: u64 = 10_000 * UNIT;
pub const OPENING_QUOTE: u64 = 25_000 * UNIT;
/// Protocol tokens the provider stakes: enough to back twice the opening credits
/// (`stake_per_credit` is 5 tokens per GPU-hour).
pub const PROVIDER_STAKE: u64 = 100_000 * UNIT;

/// Everything the demo created.
pub struct Demo {
    pub admin: Keypair,
    pub arbiter: Keypair,
    pub provider: Keypair,
    pub lp: Keypair,
    pub protocol_mint: Pubkey,
    pub quote_mint: Pubkey,
    /// Authority of the quote mint, so tests and users can be funded.
    pub quote_authority: Keypair,
    pub treasury: Pubkey,
    pub pool: PoolAddresses,
    pub provider_addrs: ProviderAddresses,
    pub provider_protocol: Pubkey,
    pub provider_credit: Pubkey,
    pub lp_credit: Pubkey,
    pub lp_quote: Pubkey,
    pub lp_lp: Pubkey,
}

/// Creates the demo market over RPC. Each step is one confirmed transaction.
pub fn bootstrap(rpc: &Rpc) -> Result<Demo, ClientError> {
    let admin = rpc.funded_keypair()?;
    let arbiter = rpc.funded_keypair()?;
    let provider = rpc.funded_keypair()?;
    let lp = rpc.funded_keypair()?;
    let quote_authority = rpc.funded_keypair()?;

    // The protocol token: minted once to the provider for its stake; `initialize_market` then moves
    // the mint authority to the market PDA, which mints emissions from then on.
    let protocol_mint = rpc.create_mint(6, &admin.pubkey())?;
    let market = pda::market(&protocol_mint).0;
    let provider_protocol = rpc.create_token_account(&protocol_mint, &provider.pubkey())?;
    rpc.mint_to(&protocol_mint, &admin, &provider_protocol, PROVIDER_STAKE)?;
    let treasury = rpc.create_token_account(&protocol_mint, &admin.pubkey())?;
    let quote_mint = rpc.create_mint(6, &quote_authority.pubkey())?;

    rpc.send(
        &[ix::initialize_market(
            admin.pubkey(),
            protocol_mint,
            treasury,
            default_params(),
            arbiter.pubkey(),
        )],
        &[&admin],
    )?;
    rpc.send(
        &[ix::create_gpu_class(
            admin.pubkey(),
            market,
            CLASS_ID,
            CLASS_NAME,
        )],
        &[&admin],
    )?;
    let pool = PoolAddresses::derive(&protocol_mint, CLASS_ID, &quote_mint);
    rpc.send(&[ix::create_pool(admin.pubkey(), &pool)], &[&admin])?;

    // The provider registers, stakes, and mints the opening credits to the LP.
    let provider_addrs = ProviderAddresses::derive(&protocol_mint, CLASS_ID, &provider.pubkey());
    let provider_credit = rpc.create_token_account(&pool.credit_mint, &provider.pubkey())?;
    rpc.send(
        &[
            ix::register_provider(&provider_addrs, 8, ix::region("localnet"), [7u8; 32]),
            ix::stake(
                ix::stake_accounts(&provider_addrs, provider_protocol),
                PROVIDER_STAKE,
            ),
        ],
        &[&provider],
    )?;
    let lp_credit = rpc.create_token_account(&pool.credit_mint, &lp.pubkey())?;
    let lp_quote = rpc.create_token_account(&quote_mint, &lp.pubkey())?;
    let lp_lp = rpc.create_token_account(&pool.lp_mint, &lp.pubkey())?;
    rpc.send(
        &[ix::mint_credits(
            ix::credits_accounts(&provider_addrs, lp_credit),
            OPENING_CREDIT,
        )],
        &[&provider],
    )?;
    rpc.mint_to(&quote_mint, &quote_authority, &lp_quote, OPENING_QUOTE)?;
    let deadline = rpc.now()? + 3_600;
    rpc.send(
        &[ix::add_liquidity(
            ix::liquidity_accounts(lp.pubkey(), &pool, lp_credit, lp_quote, lp_lp),
            0,
            OPENING_CREDIT,
            OPENING_QUOTE,
            deadline,
        )],
        &[&lp],
    )?;

    Ok(Demo {
        admin,
        arbiter,
        provider,
        lp,
        protocol_mint,
        quote_mint,
        quote_authority,
        treasury,
        pool,
        provider_addrs,
        provider_protocol,
        provider_credit,
        lp_credit,
        lp_quote,
        lp_lp,
    })
}

/// What `localnet` prints (and writes with `--info`): every address a client needs, plus the
/// keypairs of the demo's actors so clients on this machine can act as them. Localnet only.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Info {
    pub rpc_url: String,
    pub program_id: String,
    /// Holds the genesis SOL; use it to fund new keys.
    pub faucet_keypair: Vec<u8>,
    pub protocol_mint: String,
    pub quote_mint: String,
    pub quote_mint_authority_keypair: Vec<u8>,
    pub treasury: String,
    pub market: String,
    pub gpu_class: String,
    pub credit_mint: String,
    pub pool: String,
    pub credit_vault: String,
    pub quote_vault: String,
    pub lp_mint: String,
    pub provider: String,
    pub provider_keypair: Vec<u8>,
    pub provider_credit: String,
    pub arbiter_keypair: Vec<u8>,
}

impl Info {
    pub fn new(rpc_url: String, faucet: &Keypair, d: &Demo) -> Self {
        let s = |k: &Pubkey| k.to_string();
        let kp = |k: &Keypair| k.to_bytes().to_vec();
        Self {
            rpc_url,
            program_id: s(&compute_amm::ID),
            faucet_keypair: kp(faucet),
            protocol_mint: s(&d.protocol_mint),
            quote_mint: s(&d.quote_mint),
            quote_mint_authority_keypair: kp(&d.quote_authority),
            treasury: s(&d.treasury),
            market: s(&d.pool.market),
            gpu_class: s(&d.pool.gpu_class),
            credit_mint: s(&d.pool.credit_mint),
            pool: s(&d.pool.pool),
            credit_vault: s(&d.pool.credit_vault),
            quote_vault: s(&d.pool.quote_vault),
            lp_mint: s(&d.pool.lp_mint),
            provider: s(&d.provider_addrs.provider),
            provider_keypair: kp(&d.provider),
            provider_credit: s(&d.provider_credit),
            arbiter_keypair: kp(&d.arbiter),
        }
    }
}
