use anchor_lang::prelude::*;

use crate::constants::*;

/// A class of GPU (e.g. H100 SXM 80 GB) with its own GPU-hour credit mint. Several pools (one per
/// quote token) share one class and one credit mint, so credit supply is accounted per class.
#[account]
#[derive(InitSpace, Debug)]
pub struct GpuClass {
    pub bump: u8,
    pub market: Pubkey,
    pub class_id: u16,
    /// UTF-8 name, zero-padded.
    pub name: [u8; GPU_CLASS_NAME_LEN],
    /// Mint of this class's GPU-hour credits (authority: this account's PDA).
    pub credit_mint: Pubkey,
    pub credit_mint_bump: u8,
    /// Sum of provider obligations (credits minted and not retired).
    pub total_obligations: u64,
    /// Registered providers.
    pub provider_count: u32,
    /// Credits escrowed for jobs of this class (authority: this class PDA).
    pub escrow_vault: Pubkey,
    /// Credits the escrow vault holds: open jobs' unspent escrow plus posted dispute bonds.
    pub total_escrowed: u64,
    /// Settlement take accrued in the escrow vault (credit base units), waiting for
    /// `move_settlement_fees`. Escrow vault = `total_escrowed` + `settlement_fees`.
    pub settlement_fees: u64,
    /// This class's pool against the protocol token (`Pubkey::default()` until one is created): its
    /// TWAP values the credits providers' stake backs (collateral thresholds).
    pub protocol_pool: Pubkey,
    pub reserved: [u8; CLASS_RESERVED_BYTES],
}

impl GpuClass {
    /// Whether the class has a pool against the protocol token to value its collateral with.
    pub fn has_protocol_pool(&self) -> bool {
        self.protocol_pool != Pubkey::default()
    }

    /// Runs `f` with this class PDA's signer seeds (it is the credit mint authority and owns the
    /// job escrow vault).
    pub fn with_signer<R>(&self, f: impl FnOnce(&[&[u8]]) -> R) -> R {
        let id = self.class_id.to_le_bytes();
        let bump = [self.bump];
        let seeds: [&[u8]; 4] = [GPU_CLASS_SEED, self.market.as_ref(), &id, &bump];
        f(&seeds)
    }
}
