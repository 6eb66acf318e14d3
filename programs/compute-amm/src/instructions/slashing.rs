//! The token side of a slash (`logic::slash` computes it): out of the stake vault to the cranker,
//! the harmed party, the burn and the treasury, then the event.

use anchor_lang::prelude::*;

use crate::events::{emit_event, ProviderSlashed};
use crate::instructions::token_cpi::{burn_signed, transfer_signed};
use crate::logic::slash::Slash;
use crate::state::{Market, SlashReason};

/// Token accounts a slash pays out of and into.
pub struct SlashTargets<'a, 'info> {
    pub token_program: &'a AccountInfo<'info>,
    /// The market PDA: authority of the stake vault.
    pub market_authority: &'a AccountInfo<'info>,
    pub stake_vault: &'a AccountInfo<'info>,
    pub protocol_mint: &'a AccountInfo<'info>,
    pub harmed: &'a AccountInfo<'info>,
    pub treasury: &'a AccountInfo<'info>,
    /// Receives the crank reward, if the slash was cranked.
    pub crank: Option<&'a AccountInfo<'info>>,
}

/// Makes exactly the token movements of `s` and emits `ProviderSlashed`. A vesting slash
/// (`s.vests_at`) leaves the crank and harmed shares in the vault, held on the job.
pub fn pay_slash<'info>(
    market: &Market,
    targets: SlashTargets<'_, 'info>,
    s: &Slash,
    provider: Pubkey,
    reason: SlashReason,
) -> Result<()> {
    let split = s.split;
    let seeds = market.signer_seeds();
    let pay = |to: &AccountInfo<'info>, amount: u64| -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        transfer_signed(
            targets.token_program,
            targets.stake_vault,
            to,
            targets.market_authority,
            &seeds,
            amount,
        )
    };
    if s.vests_at.is_none() {
        if let Some(crank) = targets.crank {
            pay(crank, split.to_crank)?;
        }
        pay(targets.harmed, split.to_harmed)?;
    }
    if split.to_burn > 0 {
        burn_signed(
            targets.token_program,
            targets.protocol_mint,
            targets.stake_vault,
            targets.market_authority,
            &seeds,
            split.to_burn,
        )?;
    }
    pay(targets.treasury, split.to_treasury)?;
    emit_event(ProviderSlashed {
        provider,
        reason,
        requested: s.requested,
        slashed: split.total,
        from_active: split.from_active,
        from_pending: split.from_pending,
        to_crank: split.to_crank,
        to_harmed: split.to_harmed,
        burned: split.to_burn,
        to_treasury: split.to_treasury,
        epoch: s.epoch,
        slashed_this_epoch: s.slashed_this_epoch,
    });
    Ok(())
}
