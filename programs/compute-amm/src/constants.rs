//! Every bound the program enforces, named, with the reason for its value.

/// PDA seed of the market account: `["market", protocol_mint]` (one market per protocol token).
pub const MARKET_SEED: &[u8] = b"market";
/// PDA seed of a GPU class: `["gpu_class", market, class_id (u16 LE)]`.
pub const GPU_CLASS_SEED: &[u8] = b"gpu_class";
/// PDA seed of a class's GPU-hour credit mint: `["credit_mint", gpu_class]`; its mint authority is
/// the GPU class PDA, so only the program can mint credits.
pub const CREDIT_MINT_SEED: &[u8] = b"credit_mint";
/// PDA seed of the market's stake vault: `["stake_vault", market]` (protocol token, owned by the
/// market PDA; holds every provider's active and cooling-down stake).
pub const STAKE_VAULT_SEED: &[u8] = b"stake_vault";
/// PDA seed of a provider: `["provider", gpu_class, authority]` (one per class and key).
pub const PROVIDER_SEED: &[u8] = b"provider";
/// PDA seed of an unstake ticket: `["unstake_ticket", provider, ticket_id (u64 LE)]`.
pub const UNSTAKE_TICKET_SEED: &[u8] = b"unstake_ticket";
/// PDA seed of a class's job escrow vault: `["job_escrow", gpu_class]` (credits, owned by the class PDA).
pub const JOB_ESCROW_SEED: &[u8] = b"job_escrow";
/// PDA seed of a job: `["job", gpu_class, user, job_id (u64 LE)]`.
pub const JOB_SEED: &[u8] = b"job";
/// PDA seed of an epoch record: `["epoch", market, epoch (u64 LE)]`.
pub const EPOCH_SEED: &[u8] = b"epoch";
/// PDA seed of a pool: `["pool", gpu_class, quote_mint]` (one pool per class and quote token).
pub const POOL_SEED: &[u8] = b"pool";
/// PDA seed of a pool's credit vault: `["credit_vault", pool]`.
pub const CREDIT_VAULT_SEED: &[u8] = b"credit_vault";
/// PDA seed of a pool's quote vault: `["quote_vault", pool]`.
pub const QUOTE_VAULT_SEED: &[u8] = b"quote_vault";
/// PDA seed of a pool's LP mint: `["lp_mint", pool]`.
pub const LP_MINT_SEED: &[u8] = b"lp_mint";

/// Decimals of a GPU-hour credit: 1 credit = 1 GPU-hour, so one base unit is 3.6 ms of GPU time —
/// fine enough to bill per-second jobs without rounding dust mattering.
pub const CREDIT_DECIMALS: u8 = 6;
/// Decimals of LP tokens (shares are `sqrt(credit * quote)`, so 6 keeps them human-sized).
pub const LP_DECIMALS: u8 = 6;

/// Hard cap on the swap fee: 10%. Above that no rational trader uses the pool; the cap stops an
/// admin from turning the fee into confiscation.
pub const MAX_SWAP_FEE_PPM: u32 = 100_000;
/// Hard cap on the protocol's share of the swap fee: 50%, so LPs always earn at least half.
pub const MAX_PROTOCOL_FEE_SHARE_PPM: u32 = 500_000;

/// Shortest allowed challenge window for job milestones: 1 minute (clock granularity on Solana is
/// about a second; anything shorter gives a user no real chance to dispute).
pub const MIN_CHALLENGE_WINDOW_SECS: i64 = 60;
/// Longest allowed window of any kind (challenge, dispute, cooldown, timelock): 90 days. Longer
/// windows lock capital for longer than any market participant plans for.
pub const MAX_WINDOW_SECS: i64 = 90 * 24 * 3600;

/// Snapshots kept in a pool's TWAP ring buffer. With one snapshot per
/// `MIN_OBSERVATION_INTERVAL_SECS`, the ring reaches back at least 64 * 120 s = 2 h 8 min, longer
/// than any TWAP window the buyback guard uses, at 1.5 KiB of account space.
pub const OBSERVATION_CAPACITY: usize = 64;
/// At most one TWAP snapshot per this many seconds, so a burst of swaps in one minute cannot flush
/// the history out of the ring.
pub const MIN_OBSERVATION_INTERVAL_SECS: i64 = 120;
/// The longest buyback TWAP window a market may set: what the ring is sure to cover (64 snapshots at
/// least 120 s apart reach back 63 × 120 s = 2 h 6 min). A longer window would find no observation
/// old enough and the buyback would never run.
pub const MAX_BUYBACK_TWAP_WINDOW_SECS: i64 =
    (OBSERVATION_CAPACITY as i64 - 1) * MIN_OBSERVATION_INTERVAL_SECS;
/// The largest trade a buyback makes in one call, as a fraction of the input-side reserve: half the
/// swap fee (`reserve · swap_fee_ppm / 2·10⁶`). Such a trade moves the pool price by at most about
/// one swap fee, so whoever trades around it (a sandwich) gains at most one fee on its size and pays
/// two (one per leg): it loses. Larger fee balances are sold over several calls.
pub const BUYBACK_CHUNK_FEE_DIVISOR: u64 = 2;
/// At most one fee trade (buyback chunk or stablecoin conversion) per pool per this many seconds:
/// one TWAP snapshot interval. Within one transaction every call sees the same clock, so a sandwich
/// can wrap one chunk at most; burns stay frequent and small (720 chunks a day).
pub const BUYBACK_INTERVAL_SECS: i64 = MIN_OBSERVATION_INTERVAL_SECS;

/// Length of a GPU class name, UTF-8, zero-padded (e.g. "H100-SXM5-80GB").
pub const GPU_CLASS_NAME_LEN: usize = 32;

/// Bytes reserved at the end of each account for fields later versions add without a migration.
pub const RESERVED_BYTES: usize = 128;

/// Hard cap on what one provider can lose to slashing in one epoch: 50% of its slashable stake.
/// A bug or a captured arbiter can then never wipe a provider out in a single epoch; the market
/// parameter `slash_cap_bps` may be set lower, never higher.
pub const MAX_SLASH_CAP_BPS: u16 = 5_000;
/// Hard cap on the crank reward: 1% of a slash. Enough to pay for the transaction, too little to make
/// pressing the button a business.
pub const MAX_CRANK_REWARD_BPS: u16 = 100;
/// Basis-point denominator.
pub const BPS_DENOMINATOR: u16 = 10_000;
/// Shortest epoch: 1 hour (emissions and slash caps are accounted per epoch; shorter epochs make the
/// per-epoch cap meaningless).
pub const MIN_EPOCH_LENGTH_SECS: i64 = 3_600;
/// Length of a provider's region tag, UTF-8, zero-padded (e.g. "eu-west").
pub const REGION_LEN: usize = 16;

/// Milestones per job. Eight covers daily milestones of a week-long job; more would grow every job
/// account for a rare case.
pub const MAX_MILESTONES: usize = 8;
/// Epochs of verified work the market remembers before they are finalized by `advance_epoch`. A crank
/// that falls further behind loses the oldest epoch's service record (its emission is never minted).
pub const SERVED_RING_LEN: usize = 4;
/// Unclaimed epochs of verified work a provider keeps. Work in a new epoch overwrites the oldest slot
/// only when every slot is taken; the oldest is then at least this many epochs old, so a provider
/// always has `PROVIDER_SERVED_SLOTS - 1` whole epochs to claim before anyone's release can expire
/// it (`MilestoneReleased::expired_served`). With 2 slots a user's approval could expire work of the
/// epoch before last while it was still being finalized.
pub const PROVIDER_SERVED_SLOTS: usize = 4;
/// Hard cap on the dispute bond: 50% of the disputed milestone.
pub const MAX_DISPUTE_BOND_BPS: u16 = 5_000;
/// Hard cap on how far a buyback may execute from the TWAP: 10%.
pub const MAX_BUYBACK_DEVIATION_BPS: u16 = 1_000;
/// Hard cap on the settlement take: 50% of every released milestone (Render burns 95% of job value,
/// Akash takes 20% of USDC settlements; above half, serving jobs stops paying providers).
pub const MAX_SETTLEMENT_FEE_BPS: u16 = 5_000;
/// Hard cap on the per-epoch emission decay: 50%.
pub const MAX_EMISSION_DECAY_BPS: u16 = 5_000;

/// Reserved bytes left in a `Market` after the fields added since the first layout
/// (`compensation_owed`, the role rotation and the WITHDRAW pause clock: 88 bytes).
pub const MARKET_RESERVED_BYTES: usize = 40;
/// Reserved bytes left in a `Job` after the vesting-compensation fields (56 bytes).
pub const JOB_RESERVED_BYTES: usize = 8;
/// Reserved bytes left in a `Provider` after `share_generation` (8 bytes) and two more served slots
/// (48 bytes).
pub const PROVIDER_RESERVED_BYTES: usize = 72;
/// Reserved bytes left in a `Pool` after `last_fee_trade_ts` (8 bytes).
pub const POOL_RESERVED_BYTES: usize = 120;
/// Reserved bytes left in a `GpuClass` after `protocol_pool` (32 bytes).
pub const CLASS_RESERVED_BYTES: usize = 96;

/// Longest a job may run: `complete_by` at most 90 days after it is opened. Without a bound a
/// deadline near `i64::MAX` overflows the expiry arithmetic and the job can never be expired.
pub const MAX_JOB_DURATION_SECS: i64 = 90 * 86_400;

/// Longest a WITHDRAW pause holds: 3 days. After it lapses (or is lifted), a new WITHDRAW pause needs
/// an open window of the same length first, so LPs and stakers can always exit at least half of the
/// time whatever the admin does.
pub const MAX_WITHDRAW_PAUSE_SECS: i64 = 3 * 86_400;

/// Collateral thresholds on a provider's stake value ÷ the value of the credits it backs, both in
/// protocol tokens at the class pool's TWAP (Akash's BME uses the same three levels).
/// Below WARN, minting, accepting and unstaking emit `CollateralLow`.
pub const COLLATERAL_WARN_BPS: u64 = 9_500;
/// Below HALT, the provider can mint no credits and accept no job (`CollateralBelowHalt`).
pub const COLLATERAL_HALT_BPS: u64 = 9_000;
/// Below SEVERE, no stake may leave the provider (`CollateralSevere` on `request_unstake`).
pub const COLLATERAL_SEVERE_BPS: u64 = 5_000;
