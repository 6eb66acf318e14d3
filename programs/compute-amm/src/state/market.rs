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
    /// Protocol-token base units of stake required per whole credit (1 GPU-hour) outstanding.
    pub stake_per_credit: u64,
    /// Length of an epoch (slash caps, emissions).
    pub epoch_length_secs: i64,
    /// Most a provider can be slashed per epoch, bps of its slashable stake (≤ `MAX_SLASH_CAP_BPS`).
    pub slash_cap_bps: u16,
    /// Share of a slash (after the harmed party is made whole) that is burned; the rest goes to the
    /// treasury.
    pub slash_burn_bps: u16,
    /// Share of a crank-triggered slash paid to the crank caller (≤ `MAX_CRANK_REWARD_BPS`).
    pub crank_reward_bps: u16,
    /// Dispute bond a user posts, bps of the disputed milestone's credits (≤ `MAX_DISPUTE_BOND_BPS`).
    pub dispute_bond_bps: u16,
    /// TWAP window the fee buyback is checked against.
    pub buyback_twap_window_secs: i64,
    /// Most the buyback's execution price may fall below the TWAP (≤ `MAX_BUYBACK_DEVIATION_BPS`).
    pub buyback_max_deviation_bps: u16,
    /// Emission of the first epoch, protocol-token base units.
    pub emission_initial: u64,
    /// Each epoch's emission is the previous one's times `(1 - decay)` (≤ `MAX_EMISSION_DECAY_BPS`).
    pub emission_decay_bps: u16,
    /// Most that may ever be emitted (0 = no cap).
    pub emission_cap: u64,
    /// Share of every released milestone's credits (basis points, rounded up) that goes to the burn
    /// instead of the provider: `move_settlement_fees` moves it to the class's protocol-token pool,
    /// `burn_protocol_fees` sells and burns it. A provider's emission for an epoch is capped by the
    /// value of the take its work paid that epoch (`logic::emissions::claim_rewards`).
    pub settlement_fee_bps: u16,
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
        require!(
            self.stake_per_credit > 0
                && self.epoch_length_secs >= MIN_EPOCH_LENGTH_SECS
                && self.epoch_length_secs <= MAX_WINDOW_SECS
                && self.slash_cap_bps <= MAX_SLASH_CAP_BPS
                && self.slash_burn_bps <= BPS_DENOMINATOR
                && self.crank_reward_bps <= MAX_CRANK_REWARD_BPS,
            ComputeAmmError::InvalidStakingParams
        );
        require!(
            self.dispute_bond_bps <= MAX_DISPUTE_BOND_BPS
                && self.buyback_max_deviation_bps <= MAX_BUYBACK_DEVIATION_BPS
                && self.buyback_twap_window_secs > 0
                && self.buyback_twap_window_secs <= MAX_BUYBACK_TWAP_WINDOW_SECS
                && self.emission_decay_bps <= MAX_EMISSION_DECAY_BPS
                && self.settlement_fee_bps <= MAX_SETTLEMENT_FEE_BPS,
            ComputeAmmError::InvalidJobParams
        );
        Ok(())
    }

    pub fn fee_schedule(&self) -> compute_amm_math::FeeSchedule {
        compute_amm_math::FeeSchedule {
            swap_fee_ppm: self.swap_fee_ppm,
            protocol_share_ppm: self.protocol_fee_share_ppm,
        }
    }
}

/// Verified work in one epoch.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct EpochServed {
    pub epoch: u64,
    pub amount: u64,
    /// Settlement take (credit base units) the work paid.
    pub fees: u64,
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
    /// The market's stake vault (protocol token, authority: this market PDA).
    pub stake_vault: Pubkey,
    /// Stake held in the vault: every provider's active plus cooling-down stake.
    pub total_stake: u64,
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
    /// Emission fixed for finalized epochs, all time (claims never exceed it).
    pub total_scheduled: u64,
    /// Next epoch `advance_epoch` will finalize.
    pub next_epoch_to_finalize: u64,
    /// Emission of that epoch (the schedule's current value).
    pub next_emission: u64,
    /// Epoch numbering is `epoch_origin_index + (now - epoch_origin_ts) / epoch_length_secs`: counted
    /// from a stored origin, so a change of the length never renumbers an epoch that already began.
    pub epoch_origin_ts: i64,
    pub epoch_origin_index: u64,
    /// Verified credit base units served per recent epoch (not yet finalized).
    pub served: [EpochServed; SERVED_RING_LEN],
    /// Slash proceeds held in the stake vault for harmed users and crankers until they vest
    /// (`Job::compensation_vests_at`). Stake vault = `total_stake` + `compensation_owed`.
    pub compensation_owed: u64,
    /// Arbiter and treasury rotation, through the same timelock as parameters
    /// (`propose_roles` / `apply_roles`); `pending_roles_effective_at` is 0 when none is pending.
    pub pending_arbiter: Pubkey,
    pub pending_treasury: Pubkey,
    pub pending_roles_effective_at: i64,
    /// When the WITHDRAW pause bit was last set (0: never). The pause lapses by itself
    /// `MAX_WITHDRAW_PAUSE_SECS` later.
    pub withdraw_paused_at: i64,
    pub reserved: [u8; MARKET_RESERVED_BYTES],
}

impl Market {
    /// Records `amount` of verified work in `epoch` (ring slot `epoch % SERVED_RING_LEN`; an older
    /// unfinalized epoch in the slot is overwritten).
    pub fn record_served(&mut self, epoch: u64, amount: u64, fees: u64) -> Result<()> {
        let idx =
            usize::try_from(epoch.checked_rem(SERVED_RING_LEN as u64).unwrap_or(0)).unwrap_or(0);
        let slot = &mut self.served[idx];
        if slot.epoch != epoch {
            *slot = EpochServed {
                epoch,
                amount: 0,
                fees: 0,
            };
        }
        slot.amount = slot
            .amount
            .checked_add(amount)
            .ok_or(ComputeAmmError::MathOverflow)?;
        slot.fees = slot
            .fees
            .checked_add(fees)
            .ok_or(ComputeAmmError::MathOverflow)?;
        Ok(())
    }

    /// Verified work recorded for `epoch` (0 if none or overwritten).
    pub fn served_in(&self, epoch: u64) -> u64 {
        let idx =
            usize::try_from(epoch.checked_rem(SERVED_RING_LEN as u64).unwrap_or(0)).unwrap_or(0);
        let slot = self.served[idx];
        if slot.epoch == epoch {
            slot.amount
        } else {
            0
        }
    }

    /// Epoch index at `now` (epochs count from unix time 0).
    pub fn epoch_at(&self, now: i64) -> u64 {
        let len = self.params.epoch_length_secs.max(1);
        let since = now.saturating_sub(self.epoch_origin_ts).max(0);
        let elapsed = u64::try_from(since.checked_div(len).unwrap_or(0)).unwrap_or(0);
        self.epoch_origin_index.saturating_add(elapsed)
    }

    /// Starts the epoch numbering: epochs are `epoch_length_secs` long, aligned to Unix time 0 at
    /// creation (so day-long epochs start at midnight UTC).
    pub fn set_epoch_origin(&mut self, now: i64) {
        let len = self.params.epoch_length_secs.max(1);
        let index = now.max(0).checked_div(len).unwrap_or(0);
        self.epoch_origin_index = u64::try_from(index).unwrap_or(0);
        self.epoch_origin_ts = index.saturating_mul(len);
    }

    pub fn signer_seeds(&self) -> [&[u8]; 3] {
        [
            MARKET_SEED,
            self.protocol_mint.as_ref(),
            core::slice::from_ref(&self.bump),
        ]
    }

    pub fn ensure_not_paused(&self, action: u16) -> Result<()> {
        require!(self.paused & action == 0, ComputeAmmError::ActionPaused);
        Ok(())
    }

    /// Exits (LP withdrawals) are refused only while a WITHDRAW pause is set and younger than
    /// `MAX_WITHDRAW_PAUSE_SECS`: a forgotten or hostile pause cannot trap LPs.
    pub fn ensure_withdraw_open(&self, now: i64) -> Result<()> {
        let lapses = self
            .withdraw_paused_at
            .checked_add(MAX_WITHDRAW_PAUSE_SECS)
            .ok_or(ComputeAmmError::MathOverflow)?;
        require!(
            self.paused & pause::WITHDRAW == 0 || now >= lapses,
            ComputeAmmError::ActionPaused
        );
        Ok(())
    }
}
