use anchor_lang::prelude::*;

use crate::constants::*;

/// Where one milestone stands.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub enum MilestoneStatus {
    #[default]
    Pending,
    /// Result committed; the user may approve or dispute within the challenge window.
    Submitted,
    /// Disputed; waits for the arbiter.
    Disputed,
    /// Credits paid to the provider.
    Released,
    /// Credits returned to the user.
    Refunded,
}

#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct Milestone {
    /// Credits (base units) this milestone pays.
    pub amount: u64,
    pub status: MilestoneStatus,
    /// Commitment to the milestone's result (e.g. a hash of the output and its proof).
    pub result_hash: [u8; 32],
    pub submitted_at: i64,
    /// Credits the user posted to dispute it (held in the escrow vault while disputed).
    pub dispute_bond: u64,
}

#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub enum JobStatus {
    /// Escrowed, waiting for a provider.
    #[default]
    Open,
    /// A provider accepted it and locked a bond.
    Accepted,
    /// Every milestone released.
    Completed,
    /// The arbiter found the provider at fault.
    Failed,
    /// Cancelled by the user before acceptance.
    Cancelled,
    /// Expired: unaccepted by accept-by, or unfinished by complete-by.
    Expired,
}

/// A job: credits escrowed by a user for GPU time, paid out per milestone.
#[account]
#[derive(InitSpace, Debug)]
pub struct Job {
    pub bump: u8,
    pub market: Pubkey,
    pub gpu_class: Pubkey,
    pub user: Pubkey,
    pub job_id: u64,
    /// The accepting provider's account (`Pubkey::default()` until accepted).
    pub provider: Pubkey,
    pub gpu_count: u16,
    pub total_credits: u64,
    pub released: u64,
    pub refunded: u64,
    pub milestone_count: u8,
    /// Index of the next milestone to submit (milestones go in order).
    pub next_milestone: u8,
    pub milestones: [Milestone; MAX_MILESTONES],
    pub accept_by: i64,
    pub complete_by: i64,
    pub opened_at: i64,
    pub accepted_at: i64,
    /// Provider stake locked as this job's bond.
    pub bond: u64,
    pub status: JobStatus,
    /// Slash proceeds owed to the job's user (`compensation`) and to whoever cranked the failure
    /// (`crank_reward`, paid to the protocol-token account `cranker`). They stay in the stake vault
    /// until `compensation_vests_at` (the provider's unstake cooldown after the failure), then
    /// `claim_compensation` pays them: paid at once, a job a provider opened for its own second key
    /// would hand its stake back before the cooldown.
    pub compensation: u64,
    pub crank_reward: u64,
    pub cranker: Pubkey,
    pub compensation_vests_at: i64,
    pub reserved: [u8; JOB_RESERVED_BYTES],
}

impl Job {
    /// Credits escrowed and neither released nor refunded.
    pub fn unspent(&self) -> u64 {
        self.total_credits
            .saturating_sub(self.released)
            .saturating_sub(self.refunded)
    }

    /// Dispute bonds currently held.
    pub fn bonds_held(&self) -> u64 {
        self.milestones
            .iter()
            .filter(|m| m.status == MilestoneStatus::Disputed)
            .map(|m| m.dispute_bond)
            .fold(0u64, |a, b| a.saturating_add(b))
    }

    /// Slash proceeds this job still holds for its user and cranker.
    pub fn compensation_held(&self) -> u64 {
        self.compensation.saturating_add(self.crank_reward)
    }

    pub fn is_final(&self) -> bool {
        !matches!(self.status, JobStatus::Open | JobStatus::Accepted)
    }

    pub fn active_milestones(&self) -> &[Milestone] {
        &self.milestones[..usize::from(self.milestone_count).min(MAX_MILESTONES)]
    }
}

/// A finalized epoch: its emission and the verified work it is shared over.
#[account]
#[derive(InitSpace, Debug)]
pub struct EpochRecord {
    pub bump: u8,
    pub market: Pubkey,
    pub epoch: u64,
    /// Protocol tokens this epoch emits (0 when nobody served: idle capacity earns nothing).
    pub emission: u64,
    /// Verified credit base units served in the epoch.
    pub total_served: u64,
    /// Rewards claimed so far.
    pub claimed: u64,
}
