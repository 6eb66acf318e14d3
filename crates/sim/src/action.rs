//! The actions agents take: one variant per program instruction the simulation uses. The model engine
//! applies them to its in-memory state; the chain engine sends each as a real transaction. A run's
//! trace is the list of actions with their outcomes (JSON Lines, `TRACE_SCHEMA_VERSION`).

use serde::{Deserialize, Serialize};

/// Bumped whenever `TraceRecord` or `Action` changes shape.
pub const TRACE_SCHEMA_VERSION: u32 = 2;

fn one_milestone() -> u8 {
    1
}

/// Who acts: indices into the run's providers, users and arbitrageurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    Provider(u32),
    User(u32),
    Arb(u32),
    /// The permissionless crank / arbiter (one key in the chain engine).
    Keeper,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    BuyCredits,
    SellCredits,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Advance the clock (seconds).
    Warp {
        secs: i64,
    },
    /// Genesis-style seeding of protocol tokens into a wallet (not a transaction).
    Seed {
        who: Actor,
        tokens: u64,
    },
    /// The first deposit into the empty pool, from a provider's wallet.
    InitialLiquidity {
        provider: u32,
        credits: u64,
        tokens: u64,
    },
    SwapExactIn {
        who: Actor,
        side: Side,
        amount_in: u64,
        min_out: u64,
    },
    /// A provider joins: registers and stakes `stake` token units.
    Register {
        provider: u32,
        stake: u64,
    },
    MintCredits {
        provider: u32,
        amount: u64,
    },
    RequestUnstake {
        provider: u32,
        amount: u64,
    },
    /// Provider burns `amount` of the credits it holds, releasing that much of its obligation.
    RetireCredits {
        provider: u32,
        amount: u64,
    },
    /// Provider redeems its unstake ticket `ticket` (by id) after the cooldown, into its wallet.
    WithdrawUnstaked {
        provider: u32,
        ticket: u64,
    },
    /// User buys exactly `credits` and opens job `job` with `milestones` milestones
    /// ([`crate::model::milestone_amounts`]: equal parts, the remainder on the last).
    BuyAndOpenJob {
        user: u32,
        job: u32,
        credits: u64,
        max_in: u64,
        accept_secs: i64,
        complete_secs: i64,
        #[serde(default = "one_milestone")]
        milestones: u8,
    },
    AcceptJob {
        provider: u32,
        job: u32,
    },
    Submit {
        provider: u32,
        job: u32,
        good: bool,
        #[serde(default)]
        milestone: u8,
    },
    Approve {
        job: u32,
        #[serde(default)]
        milestone: u8,
    },
    Claim {
        provider: u32,
        job: u32,
        #[serde(default)]
        milestone: u8,
    },
    Dispute {
        job: u32,
        #[serde(default)]
        milestone: u8,
    },
    Resolve {
        job: u32,
        provider_at_fault: bool,
        #[serde(default)]
        milestone: u8,
    },
    Expire {
        job: u32,
    },
    CancelJob {
        job: u32,
    },
    /// Pays a failed job's vested compensation (to its user) and crank reward (to the keeper).
    ClaimCompensation {
        job: u32,
    },
    AdvanceEpoch,
    ClaimRewards {
        provider: u32,
        epoch: u64,
    },
    BurnFees,
    /// Moves the class's accrued settlement take to the pool's credit fees (for the next burn).
    MoveSettlementFees,
    /// Governance proposes a new per-epoch emission (timelocked, then applied by anyone).
    ProposeEmission {
        emission: u64,
    },
    ApplyParams,
}

/// One line of a trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceRecord {
    pub step: u64,
    pub action: Action,
    /// `None` on success, else the program error code the model predicted.
    pub error: Option<u32>,
}
