//! Provider stake and the credits it backs: staking, unstake tickets through the cooldown, minting
//! and retiring credits (`compute_amm_math::stake` holds the arithmetic).

use anchor_lang::prelude::*;
use compute_amm_math::stake::{free_stake, mintable_credits, ticket_payout, ticket_shares};

use crate::error::{ComputeAmmError, MathResultExt};
use crate::logic::collateral;
use crate::safe_math::SafeMath;
use crate::state::{pause, GpuClass, Market, Pool, Provider, UnstakeTicket};

/// `stake`: `amount` out of the provider's `available` tokens into the stake vault.
pub fn stake(
    market: &mut Market,
    provider: &mut Provider,
    amount: u64,
    available: u64,
) -> Result<()> {
    require!(amount > 0, ComputeAmmError::ZeroAmount);
    require!(available >= amount, ComputeAmmError::InsufficientFunds);
    provider.stake = provider.stake.safe_add(amount)?;
    market.total_stake = market.total_stake.safe_add(amount)?;
    Ok(())
}

/// `request_unstake`: moves `amount` of free stake into cooldown and writes its ticket. The stake
/// stays in the vault, slashable, until the ticket is withdrawn. Refused when the provider's
/// collateral in value would be below the severe threshold afterwards.
#[allow(clippy::too_many_arguments)]
pub fn request_unstake(
    market: &Market,
    provider: &mut Provider,
    ticket: &mut UnstakeTicket,
    keys: (u8, Pubkey, Pubkey),
    amount: u64,
    collateral_pool: Option<&Pool>,
    now: i64,
) -> Result<collateral::Check> {
    require!(amount > 0, ComputeAmmError::ZeroAmount);
    let params = market.params;
    let free = free_stake(
        provider.stake,
        provider.obligations,
        provider.locked_bond,
        params.stake_per_credit,
    )
    .or_program_err()?;
    require!(amount <= free, ComputeAmmError::InsufficientFreeStake);
    let shares =
        ticket_shares(amount, provider.pending_tokens, provider.pending_shares).or_program_err()?;
    let unlock_at = now.safe_add(params.unstake_cooldown_secs)?;
    provider.stake = provider.stake.safe_sub(amount)?;
    provider.pending_tokens = provider.pending_tokens.safe_add(amount)?;
    provider.pending_shares = provider.pending_shares.safe_add(shares)?;
    provider.open_tickets = provider.open_tickets.safe_add(1)?;
    let ticket_id = provider.next_ticket_id;
    provider.next_ticket_id = ticket_id.safe_add(1)?;
    let (bump, provider_key, authority) = keys;
    ticket.bump = bump;
    ticket.provider = provider_key;
    ticket.authority = authority;
    ticket.ticket_id = ticket_id;
    ticket.shares = shares;
    ticket.amount_requested = amount;
    ticket.requested_at = now;
    ticket.unlock_at = unlock_at;
    ticket.generation = provider.share_generation;
    let c = collateral::check(market, provider, collateral_pool, now)?;
    collateral::require_not_severe(&c)?;
    Ok(c)
}

/// `withdraw_unstaked`: pays a ticket whose cooldown has passed its share of the stake still in
/// cooldown (less than requested if slashes hit it meanwhile). Returns the payout, stake vault →
/// destination.
pub fn withdraw_unstaked(
    market: &mut Market,
    provider: &mut Provider,
    ticket: &UnstakeTicket,
    now: i64,
) -> Result<u64> {
    require!(now >= ticket.unlock_at, ComputeAmmError::CooldownNotElapsed);
    if ticket.generation != provider.share_generation {
        // A slash emptied the cooldown pool after this ticket was written: it redeems nothing, and
        // its shares are no longer counted.
        provider.open_tickets = provider.open_tickets.saturating_sub(1);
        return Ok(0);
    }
    let paid = ticket_payout(
        ticket.shares,
        provider.pending_tokens,
        provider.pending_shares,
    )
    .or_program_err()?;
    provider.pending_tokens = provider.pending_tokens.safe_sub(paid)?;
    provider.pending_shares = provider.pending_shares.safe_sub(ticket.shares)?;
    provider.open_tickets = provider.open_tickets.saturating_sub(1);
    market.total_stake = market.total_stake.safe_sub(paid)?;
    Ok(paid)
}

/// `mint_credits`: mints `amount` credits against free stake (`stake_per_credit` each); refused when
/// the provider's collateral in value (at `collateral_pool`'s TWAP) would be below the halt threshold.
pub fn mint_credits(
    market: &Market,
    class: &mut GpuClass,
    provider: &mut Provider,
    amount: u64,
    collateral_pool: Option<&Pool>,
    now: i64,
) -> Result<collateral::Check> {
    market.ensure_not_paused(pause::MINT)?;
    require!(amount > 0, ComputeAmmError::ZeroAmount);
    let room = mintable_credits(
        provider.stake,
        provider.obligations,
        provider.locked_bond,
        market.params.stake_per_credit,
    )
    .or_program_err()?;
    require!(amount <= room, ComputeAmmError::InsufficientFreeStake);
    provider.obligations = provider.obligations.safe_add(amount)?;
    class.total_obligations = class.total_obligations.safe_add(amount)?;
    let c = collateral::check(market, provider, collateral_pool, now)?;
    collateral::require_not_halted(&c)?;
    Ok(c)
}

/// `retire_credits`: burns `amount` of the provider's `available` credits, releasing the obligation.
pub fn retire_credits(
    class: &mut GpuClass,
    provider: &mut Provider,
    amount: u64,
    available: u64,
) -> Result<()> {
    require!(amount > 0, ComputeAmmError::ZeroAmount);
    require!(available >= amount, ComputeAmmError::InsufficientFunds);
    require!(
        amount <= provider.obligations,
        ComputeAmmError::RetireExceedsObligations
    );
    provider.obligations = provider.obligations.safe_sub(amount)?;
    class.total_obligations = class.total_obligations.safe_sub(amount)?;
    Ok(())
}

/// The provider metadata `register_provider` and `update_provider` take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProviderMetadata {
    /// GPUs of this class the provider offers (≥ 1).
    pub capacity_gpus: u32,
    pub region: [u8; crate::constants::REGION_LEN],
    pub endpoint_hash: [u8; 32],
}

fn validate_metadata(m: &ProviderMetadata) -> Result<()> {
    require!(
        m.capacity_gpus > 0,
        ComputeAmmError::InvalidProviderMetadata
    );
    Ok(())
}

/// `register_provider`: a provider of the class with every counter at zero.
pub fn register_provider(
    class: &mut GpuClass,
    provider: &mut Provider,
    keys: (u8, Pubkey, Pubkey, Pubkey),
    meta: ProviderMetadata,
    now: i64,
) -> Result<()> {
    validate_metadata(&meta)?;
    class.provider_count = class.provider_count.safe_add(1)?;
    let (bump, market, gpu_class, authority) = keys;
    provider.bump = bump;
    provider.market = market;
    provider.gpu_class = gpu_class;
    provider.authority = authority;
    provider.capacity_gpus = meta.capacity_gpus;
    provider.region = meta.region;
    provider.endpoint_hash = meta.endpoint_hash;
    provider.registered_at = now;
    Ok(())
}

/// `update_provider`: new capacity and metadata.
pub fn update_provider(provider: &mut Provider, meta: ProviderMetadata) -> Result<()> {
    validate_metadata(&meta)?;
    provider.capacity_gpus = meta.capacity_gpus;
    provider.region = meta.region;
    provider.endpoint_hash = meta.endpoint_hash;
    Ok(())
}

/// `deregister_provider`: only a provider with nothing at stake and nothing owed may leave.
pub fn deregister_provider(class: &mut GpuClass, provider: &Provider) -> Result<()> {
    require!(
        provider.stake == 0
            && provider.pending_tokens == 0
            && provider.open_tickets == 0
            && provider.obligations == 0
            && provider.locked_bond == 0
            && provider.open_jobs == 0,
        ComputeAmmError::ProviderNotEmpty
    );
    class.provider_count = class.provider_count.saturating_sub(1);
    Ok(())
}
