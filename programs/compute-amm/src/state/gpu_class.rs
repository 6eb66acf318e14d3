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
    /// Sum of provider obligations (credits minted and not retired) — providers issue.
    pub total_obligations: u64,
    /// Registered providers — providers issue.
    pub provider_count: u32,
    pub reserved: [u8; RESERVED_BYTES],
}
