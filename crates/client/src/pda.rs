//! Program-derived addresses, one function per account kind (seeds as in `compute_amm::constants`).

use anchor_lang::prelude::Pubkey;
use compute_amm::constants::*;
use compute_amm::ID;

pub fn market(protocol_mint: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[MARKET_SEED, protocol_mint.as_ref()], &ID)
}

pub fn stake_vault(market: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[STAKE_VAULT_SEED, market.as_ref()], &ID)
}

pub fn provider(gpu_class: &Pubkey, authority: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[PROVIDER_SEED, gpu_class.as_ref(), authority.as_ref()],
        &ID,
    )
}

pub fn unstake_ticket(provider: &Pubkey, ticket_id: u64) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[
            UNSTAKE_TICKET_SEED,
            provider.as_ref(),
            &ticket_id.to_le_bytes(),
        ],
        &ID,
    )
}

pub fn job_escrow(gpu_class: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[JOB_ESCROW_SEED, gpu_class.as_ref()], &ID)
}

pub fn job(gpu_class: &Pubkey, user: &Pubkey, job_id: u64) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[
            JOB_SEED,
            gpu_class.as_ref(),
            user.as_ref(),
            &job_id.to_le_bytes(),
        ],
        &ID,
    )
}

pub fn epoch_record(market: &Pubkey, epoch: u64) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[EPOCH_SEED, market.as_ref(), &epoch.to_le_bytes()], &ID)
}

pub fn gpu_class(market: &Pubkey, class_id: u16) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[GPU_CLASS_SEED, market.as_ref(), &class_id.to_le_bytes()],
        &ID,
    )
}

pub fn credit_mint(gpu_class: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[CREDIT_MINT_SEED, gpu_class.as_ref()], &ID)
}

pub fn pool(gpu_class: &Pubkey, quote_mint: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[POOL_SEED, gpu_class.as_ref(), quote_mint.as_ref()], &ID)
}

pub fn credit_vault(pool: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[CREDIT_VAULT_SEED, pool.as_ref()], &ID)
}

pub fn quote_vault(pool: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[QUOTE_VAULT_SEED, pool.as_ref()], &ID)
}

pub fn lp_mint(pool: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[LP_MINT_SEED, pool.as_ref()], &ID)
}

/// Every address of one pool, derived from the market's protocol mint, the class id and the quote mint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolAddresses {
    pub market: Pubkey,
    pub gpu_class: Pubkey,
    pub credit_mint: Pubkey,
    pub quote_mint: Pubkey,
    pub pool: Pubkey,
    pub credit_vault: Pubkey,
    pub quote_vault: Pubkey,
    pub lp_mint: Pubkey,
}

impl PoolAddresses {
    pub fn derive(protocol_mint: &Pubkey, class_id: u16, quote_mint: &Pubkey) -> Self {
        let market = market(protocol_mint).0;
        let gpu_class = gpu_class(&market, class_id).0;
        let pool = pool(&gpu_class, quote_mint).0;
        Self {
            market,
            gpu_class,
            credit_mint: credit_mint(&gpu_class).0,
            quote_mint: *quote_mint,
            pool,
            credit_vault: credit_vault(&pool).0,
            quote_vault: quote_vault(&pool).0,
            lp_mint: lp_mint(&pool).0,
        }
    }
}
