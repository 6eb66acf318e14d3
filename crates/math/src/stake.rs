//! Provider stake arithmetic: backing for credits, unstake tickets as shares of a slashable pending
//! pool, and how a slash is capped and routed.
//!
//! Rounding favours the vault: stake required for credits rounds up, mintable credits round down,
//! ticket shares and payouts round down, the slash cap rounds down (a slash never exceeds it).

use crate::{mul_div, MathError, MathResult, Rounding};

/// Base units of one whole credit (6 decimals): `stake_per_credit` is quoted per whole GPU-hour.
pub const CREDIT_UNIT: u64 = 1_000_000;
/// Basis-point denominator for slash caps and routing shares.
pub const BPS: u64 = 10_000;

/// Stake that backs `obligations` credit base units: `ceil(obligations * stake_per_credit / 1e6)`.
pub fn required_stake(obligations: u64, stake_per_credit: u64) -> MathResult<u64> {
    mul_div(obligations, stake_per_credit, CREDIT_UNIT, Rounding::Up)
}

/// Active stake not backing credits or locked in job bonds (0 when under-collateralized, e.g. after
/// a slash or a raise of `stake_per_credit`).
pub fn free_stake(
    stake: u64,
    obligations: u64,
    locked_bond: u64,
    stake_per_credit: u64,
) -> MathResult<u64> {
    let backing = required_stake(obligations, stake_per_credit)?;
    let used = backing
        .checked_add(locked_bond)
        .ok_or(MathError::Overflow)?;
    Ok(stake.saturating_sub(used))
}

/// Further credit base units the provider may mint: `floor((stake - bonds) * 1e6 / spc) - obligations`.
pub fn mintable_credits(
    stake: u64,
    obligations: u64,
    locked_bond: u64,
    stake_per_credit: u64,
) -> MathResult<u64> {
    if stake_per_credit == 0 {
        return Err(MathError::DivisionByZero);
    }
    let available = stake.saturating_sub(locked_bond);
    let cap = mul_div(available, CREDIT_UNIT, stake_per_credit, Rounding::Down)?;
    Ok(cap.saturating_sub(obligations))
}

/// Shares of the pending (cooling-down) pool issued for `amount` tokens. One virtual share and one
/// virtual token keep the price defined after the pool is slashed to zero, so a new ticket can never
/// be diluted by worthless old ones: `floor(amount * (shares + 1) / (tokens + 1))`.
pub fn ticket_shares(amount: u64, pending_tokens: u64, pending_shares: u64) -> MathResult<u64> {
    if amount == 0 {
        return Err(MathError::ZeroAmount);
    }
    let shares = mul_div(
        amount,
        pending_shares.checked_add(1).ok_or(MathError::Overflow)?,
        pending_tokens.checked_add(1).ok_or(MathError::Overflow)?,
        Rounding::Down,
    )?;
    if shares == 0 {
        return Err(MathError::ZeroOutput);
    }
    Ok(shares)
}

/// Tokens a ticket of `shares` redeems: `floor(shares * (tokens + 1) / (total_shares + 1))`; the last
/// ticket out (all remaining shares) takes every remaining token, so no dust is stranded.
pub fn ticket_payout(shares: u64, pending_tokens: u64, pending_shares: u64) -> MathResult<u64> {
    if shares > pending_shares {
        return Err(MathError::InsufficientLiquidity);
    }
    if shares == pending_shares {
        return Ok(pending_tokens);
    }
    let out = mul_div(
        shares,
        pending_tokens.checked_add(1).ok_or(MathError::Overflow)?,
        pending_shares.checked_add(1).ok_or(MathError::Overflow)?,
        Rounding::Down,
    )?;
    Ok(out.min(pending_tokens))
}

/// What is left of this epoch's slash cap: `floor((stake + pending + slashed) * cap_bps / 1e4) -
/// slashed`, where `stake + pending + slashed` is the slashable stake at the epoch's start.
pub fn slash_cap_remaining(
    stake: u64,
    pending: u64,
    slashed_this_epoch: u64,
    cap_bps: u16,
) -> MathResult<u64> {
    let base = (stake as u128)
        .checked_add(pending as u128)
        .and_then(|v| v.checked_add(slashed_this_epoch as u128))
        .ok_or(MathError::Overflow)?;
    let cap = crate::mul_div_u128(base, u128::from(cap_bps), u128::from(BPS), Rounding::Down)?;
    let cap = u64::try_from(cap).map_err(|_| MathError::Overflow)?;
    Ok(cap.saturating_sub(slashed_this_epoch))
}

/// How one slash is taken and routed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlashSplit {
    /// Total taken from the provider.
    pub total: u64,
    /// Taken from active stake (first).
    pub from_active: u64,
    /// Taken from stake in cooldown (second).
    pub from_pending: u64,
    /// Paid to whoever pressed the crank (`floor(total * crank_bps / 1e4)`).
    pub to_crank: u64,
    /// Paid to the harmed party, up to its claim.
    pub to_harmed: u64,
    /// Burned: `floor(rest * burn_bps / 1e4)` of what remains after the harmed party.
    pub to_burn: u64,
    /// Everything else goes to the treasury.
    pub to_treasury: u64,
}

/// Takes `amount` (already within the cap) from active stake first, then from the pending pool, and
/// routes it: a small crank reward off the top, then the harmed party up to `harmed_claim`, then the
/// burn share of the rest, then the treasury. The parts always add up to `total` exactly.
pub fn slash_split(
    amount: u64,
    active: u64,
    pending: u64,
    harmed_claim: u64,
    crank_bps: u16,
    burn_bps: u16,
) -> MathResult<SlashSplit> {
    let available = active.checked_add(pending).ok_or(MathError::Overflow)?;
    let total = amount.min(available);
    let from_active = total.min(active);
    let from_pending = total.checked_sub(from_active).ok_or(MathError::Overflow)?;
    let to_crank = mul_div(total, u64::from(crank_bps), BPS, Rounding::Down)?;
    let after_crank = total.checked_sub(to_crank).ok_or(MathError::Overflow)?;
    let to_harmed = after_crank.min(harmed_claim);
    let rest = after_crank
        .checked_sub(to_harmed)
        .ok_or(MathError::Overflow)?;
    let to_burn = mul_div(rest, u64::from(burn_bps), BPS, Rounding::Down)?;
    let to_treasury = rest.checked_sub(to_burn).ok_or(MathError::Overflow)?;
    Ok(SlashSplit {
        total,
        from_active,
        from_pending,
        to_crank,
        to_harmed,
        to_burn,
        to_treasury,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backing_rounds_up_and_mintable_rounds_down() {
        // 5 tokens (5e6 units) per GPU-hour; 1 credit unit needs ceil(5e6/1e6) = 5 units.
        assert_eq!(required_stake(1, 5_000_000).unwrap(), 5);
        // 3 units per whole credit: 1 credit unit needs ceil(3/1e6) = 1 unit
        assert_eq!(required_stake(1, 3).unwrap(), 1);
        // 100 tokens of stake back 20 GPU-hours at 5 tokens each
        assert_eq!(
            mintable_credits(100_000_000, 0, 0, 5_000_000).unwrap(),
            20_000_000
        );
        assert_eq!(
            mintable_credits(100_000_000, 15_000_000, 10_000_000, 5_000_000).unwrap(),
            3_000_000
        );
        assert_eq!(
            free_stake(100_000_000, 15_000_000, 10_000_000, 5_000_000).unwrap(),
            15_000_000
        );
    }

    #[test]
    fn tickets_share_a_slash_pro_rata() {
        let s1 = ticket_shares(600, 0, 0).unwrap();
        let (mut tokens, mut shares) = (600, s1);
        let s2 = ticket_shares(400, tokens, shares).unwrap();
        tokens += 400;
        shares += s2;
        assert_eq!((s1, s2), (600, 400));
        tokens -= 500; // half slashed
        let p1 = ticket_payout(s1, tokens, shares).unwrap();
        assert_eq!(p1, 300); // floor(600 * 501 / 1001) = floor(300300 / 1001) = 300
        tokens -= p1;
        shares -= s1;
        assert_eq!(
            ticket_payout(s2, tokens, shares).unwrap(),
            tokens,
            "last ticket takes the rest"
        );
    }

    #[test]
    fn slash_routes_in_order_and_adds_up() {
        let s = slash_split(1_000, 700, 500, 300, 100, 5_000).unwrap();
        assert_eq!((s.total, s.from_active, s.from_pending), (1_000, 700, 300));
        assert_eq!(s.to_crank, 10);
        assert_eq!(s.to_harmed, 300);
        assert_eq!(s.to_burn, 345); // (990 - 300) / 2
        assert_eq!(s.to_treasury, 345);
        assert_eq!(
            s.to_crank + s.to_harmed + s.to_burn + s.to_treasury,
            s.total
        );
        // cap: 10% of (900 + 100 + 0) = 100
        assert_eq!(slash_cap_remaining(900, 100, 0, 1_000).unwrap(), 100);
        assert_eq!(slash_cap_remaining(850, 100, 50, 1_000).unwrap(), 50);
    }
}
