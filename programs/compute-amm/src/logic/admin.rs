//! Market administration: the parameter timelock and the pause bits.

use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::safe_math::SafeMath;
use crate::state::{pause, GpuClass, Market, MarketParams, Pool};

/// `propose_params`: validated parameters that may apply after the current timelock; returns when.
pub fn propose_params(market: &mut Market, params: MarketParams, now: i64) -> Result<i64> {
    params.validate()?;
    let effective_at = now.safe_add(market.params.param_timelock_secs)?;
    market.pending_params = params;
    market.pending_params_effective_at = effective_at;
    Ok(effective_at)
}

/// `apply_params`: the pending change takes effect once its timelock has passed; returns the old
/// parameters.
pub fn apply_params(market: &mut Market, now: i64) -> Result<MarketParams> {
    require!(
        market.pending_params_effective_at != 0,
        ComputeAmmError::NoPendingChange
    );
    require!(
        now >= market.pending_params_effective_at,
        ComputeAmmError::TimelockNotElapsed
    );
    let old = market.params;
    // A new epoch length takes effect at a boundary made now: the current epoch ends here and the
    // next one, numbered one higher, runs at the new length. Nothing already recorded moves.
    let current_epoch = market.epoch_at(now);
    market.params = market.pending_params;
    if market.params.epoch_length_secs != old.epoch_length_secs {
        market.epoch_origin_index = current_epoch.safe_add(1)?;
        market.epoch_origin_ts = now;
    }
    // A new initial emission restarts the live schedule from it (how governance steps emissions,
    // e.g. a halving); otherwise the schedule keeps decaying from where it is.
    if market.params.emission_initial != old.emission_initial {
        market.next_emission = market.params.emission_initial;
    }
    market.pending_params = MarketParams::default();
    market.pending_params_effective_at = 0;
    Ok(old)
}

/// `cancel_params`: withdraws the pending change; returns it.
pub fn cancel_params(market: &mut Market) -> Result<MarketParams> {
    require!(
        market.pending_params_effective_at != 0,
        ComputeAmmError::NoPendingChange
    );
    let cancelled = market.pending_params;
    market.pending_params = MarketParams::default();
    market.pending_params_effective_at = 0;
    Ok(cancelled)
}

/// `set_paused`: replaces the pause bits; returns the old ones. Setting WITHDRAW starts its clock:
/// the pause lapses after `MAX_WITHDRAW_PAUSE_SECS`, and a new one needs as long again without it
/// (keeping the bit set does not restart the clock).
pub fn set_paused(market: &mut Market, flags: u16, now: i64) -> Result<u16> {
    use crate::constants::MAX_WITHDRAW_PAUSE_SECS;
    require!(flags & !pause::ALL == 0, ComputeAmmError::InvalidPauseFlags);
    let old = market.paused;
    let was_withdraw = old & pause::WITHDRAW != 0
        && now
            < market
                .withdraw_paused_at
                .safe_add(MAX_WITHDRAW_PAUSE_SECS)?;
    if flags & pause::WITHDRAW != 0 && !was_withdraw {
        let gap = MAX_WITHDRAW_PAUSE_SECS.safe_mul(2)?;
        require!(
            market.withdraw_paused_at == 0 || now >= market.withdraw_paused_at.safe_add(gap)?,
            ComputeAmmError::WithdrawPauseTooSoon
        );
        market.withdraw_paused_at = now;
    }
    market.paused = flags;
    Ok(old)
}

/// `propose_roles`: a new arbiter and treasury, effective after the parameter timelock (the same
/// delay users get to react to any other change); returns when.
pub fn propose_roles(
    market: &mut Market,
    arbiter: Pubkey,
    treasury: Pubkey,
    now: i64,
) -> Result<i64> {
    let effective_at = now.safe_add(market.params.param_timelock_secs)?;
    market.pending_arbiter = arbiter;
    market.pending_treasury = treasury;
    market.pending_roles_effective_at = effective_at;
    Ok(effective_at)
}

/// `apply_roles`: the pending arbiter and treasury take over once the timelock has passed; returns
/// the old `(arbiter, treasury)`. Anyone may apply it: the admin decided when it proposed.
pub fn apply_roles(market: &mut Market, now: i64) -> Result<(Pubkey, Pubkey)> {
    require!(
        market.pending_roles_effective_at != 0,
        ComputeAmmError::NoPendingChange
    );
    require!(
        now >= market.pending_roles_effective_at,
        ComputeAmmError::TimelockNotElapsed
    );
    let old = (market.arbiter, market.treasury);
    market.arbiter = market.pending_arbiter;
    market.treasury = market.pending_treasury;
    market.pending_arbiter = Pubkey::default();
    market.pending_treasury = Pubkey::default();
    market.pending_roles_effective_at = 0;
    Ok(old)
}

/// The accounts a new market records.
#[derive(Clone, Copy, Debug)]
pub struct MarketKeys {
    pub bump: u8,
    pub admin: Pubkey,
    pub arbiter: Pubkey,
    pub protocol_mint: Pubkey,
    pub treasury: Pubkey,
    pub stake_vault: Pubkey,
}

/// `initialize_market`: a market with validated parameters; its first epoch to finalize is the one
/// `now` falls in, its emission schedule starts at `emission_initial`.
pub fn initialize_market(
    market: &mut Market,
    keys: MarketKeys,
    params: MarketParams,
    now: i64,
) -> Result<()> {
    params.validate()?;
    market.bump = keys.bump;
    market.admin = keys.admin;
    market.pending_admin = Pubkey::default();
    market.arbiter = keys.arbiter;
    market.protocol_mint = keys.protocol_mint;
    market.treasury = keys.treasury;
    market.stake_vault = keys.stake_vault;
    market.total_stake = 0;
    market.paused = 0;
    market.params = params;
    market.pending_params = MarketParams::default();
    market.pending_params_effective_at = 0;
    market.gpu_class_count = 0;
    market.total_burned = 0;
    market.total_emitted = 0;
    market.total_slashed = 0;
    market.total_scheduled = 0;
    market.set_epoch_origin(now);
    market.next_epoch_to_finalize = market.epoch_at(now);
    market.next_emission = params.emission_initial;
    market.served = Default::default();
    market.compensation_owed = 0;
    market.pending_arbiter = Pubkey::default();
    market.pending_treasury = Pubkey::default();
    market.pending_roles_effective_at = 0;
    market.withdraw_paused_at = 0;
    market.reserved = [0; crate::constants::MARKET_RESERVED_BYTES];
    Ok(())
}

/// The accounts a new pool records.
#[derive(Clone, Copy, Debug)]
pub struct PoolKeys {
    pub bump: u8,
    pub market: Pubkey,
    pub gpu_class: Pubkey,
    pub credit_mint: Pubkey,
    pub quote_mint: Pubkey,
    pub credit_vault: Pubkey,
    pub quote_vault: Pubkey,
    pub lp_mint: Pubkey,
}

/// `create_pool`: an empty pool whose TWAP clock starts at `now`. The class's first pool against the
/// protocol token becomes its collateral pool (`GpuClass::protocol_pool`).
pub fn create_pool(
    market: &Market,
    class: &mut GpuClass,
    pool: &mut Pool,
    pool_key: Pubkey,
    keys: PoolKeys,
    now: i64,
) {
    if keys.quote_mint == market.protocol_mint && class.protocol_pool == Pubkey::default() {
        class.protocol_pool = pool_key;
    }
    use crate::constants::{OBSERVATION_CAPACITY, POOL_RESERVED_BYTES};
    use crate::state::ObservationData;
    pool.bump = keys.bump;
    pool.market = keys.market;
    pool.gpu_class = keys.gpu_class;
    pool.credit_mint = keys.credit_mint;
    pool.quote_mint = keys.quote_mint;
    pool.credit_vault = keys.credit_vault;
    pool.quote_vault = keys.quote_vault;
    pool.lp_mint = keys.lp_mint;
    pool.reserve_credit = 0;
    pool.reserve_quote = 0;
    pool.protocol_fees_credit = 0;
    pool.protocol_fees_quote = 0;
    pool.lp_supply = 0;
    pool.cumulative_price_q64 = 0;
    pool.last_update_ts = now;
    pool.observations = [ObservationData::default(); OBSERVATION_CAPACITY];
    pool.observation_head = 0;
    pool.observation_len = 0;
    pool.swap_count = 0;
    pool.last_fee_trade_ts = 0;
    pool.reserved = [0; POOL_RESERVED_BYTES];
}

/// `create_gpu_class`: the next class of the market (id = classes so far), named by non-empty
/// zero-padded UTF-8. `keys = (bump, market, credit_mint, credit_mint_bump, escrow_vault)`.
pub fn create_gpu_class(
    market: &mut Market,
    class: &mut GpuClass,
    keys: (u8, Pubkey, Pubkey, u8, Pubkey),
    name: [u8; crate::constants::GPU_CLASS_NAME_LEN],
) -> Result<u16> {
    let used = name
        .iter()
        .rposition(|b| *b != 0)
        .map_or(0, |i| i.saturating_add(1));
    require!(
        used > 0 && core::str::from_utf8(&name[..used]).is_ok(),
        ComputeAmmError::InvalidName
    );
    let class_id = market.gpu_class_count;
    market.gpu_class_count = class_id.safe_add(1)?;
    let (bump, market_key, credit_mint, credit_mint_bump, escrow_vault) = keys;
    class.bump = bump;
    class.market = market_key;
    class.class_id = class_id;
    class.name = name;
    class.credit_mint = credit_mint;
    class.credit_mint_bump = credit_mint_bump;
    class.total_obligations = 0;
    class.provider_count = 0;
    class.escrow_vault = escrow_vault;
    class.total_escrowed = 0;
    class.protocol_pool = Pubkey::default();
    class.reserved = [0; crate::constants::CLASS_RESERVED_BYTES];
    Ok(class_id)
}

/// `propose_admin`: names the successor (`Pubkey::default()` withdraws a proposal).
pub fn propose_admin(market: &mut Market, new_admin: Pubkey) {
    market.pending_admin = new_admin;
}

/// `accept_admin`: the proposed admin takes over; returns the old admin. The signer check
/// (`pending_admin == signer`) is an account constraint.
pub fn accept_admin(market: &mut Market, new_admin: Pubkey) -> Pubkey {
    let old = market.admin;
    market.admin = new_admin;
    market.pending_admin = Pubkey::default();
    old
}
