//! Market parameters a deployment could start from (used by the tests, the simulator and `localnet`).

use compute_amm::state::MarketParams;

/// Defaults a real deployment could start from: 0.30% swap fee, a fifth of it to the protocol;
/// 1 h challenge window, 1 day dispute window, 7 day unstake cooldown, 8 day parameter timelock;
/// 5 protocol tokens of stake per GPU-hour credit, 1-day epochs, at most 20% of a provider's stake
/// slashed per epoch, half of a slash (after the harmed party) burned, 0.5% crank reward; 10% dispute
/// bond; buyback within 3% of the 30-minute TWAP; 10,000 tokens emitted in the first epoch, decaying
/// 1% per epoch, at most 1,000,000 in all.
pub fn default_params() -> MarketParams {
    MarketParams {
        swap_fee_ppm: 3_000,
        protocol_fee_share_ppm: 200_000,
        challenge_window_secs: 3_600,
        dispute_window_secs: 86_400,
        unstake_cooldown_secs: 7 * 86_400,
        param_timelock_secs: 8 * 86_400,
        stake_per_credit: 5 * UNIT,
        epoch_length_secs: 86_400,
        slash_cap_bps: 2_000,
        slash_burn_bps: 5_000,
        crank_reward_bps: 50,
        dispute_bond_bps: 1_000,
        buyback_twap_window_secs: 1_800,
        buyback_max_deviation_bps: 300,
        emission_initial: 10_000 * UNIT,
        emission_decay_bps: 100,
        emission_cap: 1_000_000 * UNIT,
        // 10% of released work to the burn (Akash takes 20% of USDC settlements, Render burns 95%).
        settlement_fee_bps: 1_000,
    }
}

/// One base unit of a 6-decimal token is 1e-6 of a whole token.
pub const UNIT: u64 = 1_000_000;
