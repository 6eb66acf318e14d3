use anchor_lang::prelude::*;

use crate::constants::*;
use crate::error::ComputeAmmError;

/// Per-action pause bits. Each bit stops one family of instructions; nothing else.
pub mod pause {
    pub const SWAP: u16 = 1 << 0;
    pub const DEPOSIT: u16 = 1 << 1;
    pub const WITHDRAW: u16 = 1 << 2;
    /// Minting credits against stake (providers issue).
    pub const MINT: u16 = 1 << 3;
    /// Opening and accepting jobs (jobs issue).
    pub const JOBS: u16 = 1 << 4;
    pub const ALL: u16 = SWAP | DEPOSIT | WITHDRAW | MINT | JOBS;
}

/// Market parameters that change only through the timelocked propose/apply flow.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct MarketParams {
    /// Total swap fee, ppm of the input (cap `MAX_SWAP_FEE_PPM`).
    pub swap_fee_ppm: u32,
    /// Protocol share of the swap fee, ppm of the fee (cap `MAX_PROTOCOL_FEE_SHARE_PPM`).
    pub protocol_fee_share_ppm: u32,
    /// Time a user has to dispute a submitted milestone.
    pub challenge_window_secs: i64,
    /// Time the arbiter has to resolve a dispute.
    pub dispute_window_secs: i64,
    /// Unstake cooldown. Must exceed challenge + dispute windows so a provider cannot leave before
    /// a slash for its last job can land.
    pub unstake_cooldown_secs: i64,
    /// Delay between proposing and applying a parameter change. Must exceed the unstake cooldown,
    /// so every staker can exit under the old rules before new ones bind them.
    pub param_timelock_secs: i64,
}

impl MarketParams {
    /// Checks fee caps and the ordering of the protection windows.
    pub fn validate(&self) -> Result<()> {
        require!(
            self.swap_fee_ppm <= MAX_SWAP_FEE_PPM
                && self.protocol_fee_share_ppm <= MAX_PROTOCOL_FEE_SHARE_PPM,
            ComputeAmmError::FeeAboveCap
        );
        let windows_ok = self.challenge_window_secs >= MIN_CHALLENGE_WINDOW_SECS
            && self.dispute_window_secs > 0
            && self.challenge_window_secs <= MAX_WINDOW_SECS
            && self.dispute_window_secs <= MAX_WINDOW_SECS
            && self.unstake_cooldown_secs <= MAX_WINDOW_SECS
            && self.param_timelock_secs <= MAX_WINDOW_SECS
            && self
                .challenge_window_secs
                .checked_add(self.dispute_window_secs)
                .is_some_and(|w| self.unstake_cooldown_secs > w)
            && self.param_timelock_secs > self.unstake_cooldown_secs;
        require!(windows_ok, ComputeAmmError::InvalidWindows);
        Ok(())
    }

    pub fn fee_schedule(&self) -> compute_amm_math::FeeSchedule {
        compute_amm_math::FeeSchedule {
            swap_fee_ppm: self.swap_fee_ppm,
            protocol_share_ppm: self.protocol_fee_share_ppm,
        }
    }
}

/// One market: a protocol token, its admin and parameters, and the burn/emission ledger.
#[account]
#[derive(InitSpace, Debug)]
pub struct Market {
    pub bump: u8,
    /// Can pause, propose parameters, create classes and pools. Cannot move user funds.
    pub admin: Pubkey,
    /// Proposed admin; `Pubkey::default()` when no transfer is pending.
    pub pending_admin: Pubkey,
    /// Resolves job disputes (jobs issue).
    pub arbiter: Pubkey,
    /// The protocol token: staked, burned, emitted.
    pub protocol_mint: Pubkey,
    /// Protocol-token account that receives the treasury's share of slashes.
    pub treasury: Pubkey,
    /// Bitmask of paused actions (`pause::*`).
    pub paused: u16,
    pub params: MarketParams,
    /// Parameters waiting for their timelock.
    pub pending_params: MarketParams,
    /// When `pending_params` may be applied; 0 when nothing is pending.
    pub pending_params_effective_at: i64,
    /// Number of GPU classes created (next class id).
    pub gpu_class_count: u16,
    /// Protocol tokens burned by the fee path, all time.
    pub total_burned: u64,
    /// Protocol tokens emitted as work rewards, all time.
    pub total_emitted: u64,
    /// Protocol tokens slashed from providers, all time.
    pub total_slashed: u64,
    pub reserved: [u8; RESERVED_BYTES],
}

impl Market {
    pub fn ensure_not_paused(&self, action: u16) -> Result<()> {
        require!(self.paused & action == 0, ComputeAmmError::ActionPaused);
        Ok(())
    }
}
