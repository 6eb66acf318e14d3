use anchor_lang::prelude::*;

use crate::constants::*;

/// A compute provider registered for one GPU class, with its stake and obligations.
///
/// Stake accounting (all protocol-token base units):
/// - `stake`: active stake; backs credits (`obligations * stake_per_credit`) and job bonds.
/// - `pending_tokens` / `pending_shares`: stake in unstake cooldown, still slashable; tickets hold
///   shares of it, so a slash of cooling-down stake hits every ticket pro rata.
#[account]
#[derive(InitSpace, Debug)]
pub struct Provider {
    pub bump: u8,
    pub market: Pubkey,
    pub gpu_class: Pubkey,
    /// Signs for the provider (stake, mint, accept jobs...).
    pub authority: Pubkey,
    /// Declared capacity, GPUs of the class.
    pub capacity_gpus: u32,
    /// Region tag, UTF-8 zero-padded.
    pub region: [u8; REGION_LEN],
    /// Hash of the provider's endpoint / attestation document.
    pub endpoint_hash: [u8; 32],
    pub stake: u64,
    pub pending_tokens: u64,
    pub pending_shares: u64,
    /// Credit base units minted and not retired.
    pub obligations: u64,
    /// Stake locked as job bonds (jobs issue).
    pub locked_bond: u64,
    pub open_jobs: u32,
    pub open_tickets: u32,
    pub next_ticket_id: u64,
    /// Epoch of the last slash, and how much was slashed in it (cap accounting).
    pub slash_epoch: u64,
    pub slashed_this_epoch: u64,
    // ---- reputation, for clients ranking providers ----
    pub jobs_served: u64,
    pub jobs_failed: u64,
    pub slashed_total: u64,
    /// Credit base units of verified work delivered.
    pub gpu_hours_delivered: u64,
    pub registered_at: i64,
    /// Verified work in recent epochs, not yet claimed as rewards.
    pub served: [crate::state::EpochServed; PROVIDER_SERVED_SLOTS],
    /// Bumped when a slash empties the cooldown pool: tickets of an older generation redeem
    /// nothing, and new tickets start a fresh share count (a share price of tokens/0 would overflow).
    pub share_generation: u64,
    pub reserved: [u8; PROVIDER_RESERVED_BYTES],
}

impl Provider {
    /// Records verified work in `epoch`: into the slot of that epoch, else an empty slot, else the
    /// oldest slot, whose unclaimed work expires (returned; it is at least `PROVIDER_SERVED_SLOTS`
    /// epochs old when every slot holds a distinct older epoch).
    pub fn record_served(&mut self, epoch: u64, amount: u64, fees: u64) -> Option<Expired> {
        let idx = self
            .served
            .iter()
            .position(|s| s.epoch == epoch && s.amount > 0)
            .or_else(|| self.served.iter().position(|s| s.amount == 0))
            .or_else(|| {
                self.served
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, s)| s.epoch)
                    .map(|(i, _)| i)
            })?;
        let slot = &mut self.served[idx];
        let mut expired = Expired::default();
        if slot.epoch != epoch || slot.amount == 0 {
            if slot.amount > 0 {
                // Every slot holds unclaimed work and this one is the oldest: at least
                // PROVIDER_SERVED_SLOTS epochs old, so its claim window has passed.
                expired = Expired {
                    epoch: slot.epoch,
                    served: slot.amount,
                };
            }
            slot.epoch = epoch;
            slot.amount = 0;
            slot.fees = 0;
        }
        slot.amount = slot.amount.checked_add(amount)?;
        slot.fees = slot.fees.checked_add(fees)?;
        Some(expired)
    }

    /// Active stake beyond the locked job bonds: what a discretionary slash may take from first.
    pub fn free_of_bonds(&self) -> u64 {
        self.stake.saturating_sub(self.locked_bond)
    }

    /// Active plus cooling-down stake: what the vault holds for this provider.
    pub fn total_stake(&self) -> Option<u64> {
        self.stake.checked_add(self.pending_tokens)
    }
}

/// Unclaimed verified work a newer epoch's work displaced (`served` 0: none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expired {
    pub epoch: u64,
    pub served: u64,
}

/// One request to unstake, redeemable after `unlock_at` for its shares of the pending pool.
/// `unlock_at` is fixed when the ticket is created, so a later parameter change cannot shorten it.
#[account]
#[derive(InitSpace, Debug)]
pub struct UnstakeTicket {
    pub bump: u8,
    pub provider: Pubkey,
    pub authority: Pubkey,
    pub ticket_id: u64,
    pub shares: u64,
    /// Tokens requested (the payout is less if the provider was slashed meanwhile).
    pub amount_requested: u64,
    pub requested_at: i64,
    pub unlock_at: i64,
    /// The provider's `share_generation` when the ticket was written.
    pub generation: u64,
}

/// Why a provider was slashed.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlashReason {
    /// An accepted job passed its deadline (permissionless crank).
    MissedDeadline,
    /// The arbiter found the provider at fault in a dispute.
    LostDispute,
}
