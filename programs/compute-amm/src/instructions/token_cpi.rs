//! The two token movements the program makes, in one place: user → vault (the user signs) and
//! vault → user (the pool PDA signs).

use anchor_lang::prelude::*;
use anchor_spl::token::{self, Burn, MintTo, Transfer};

/// Moves `amount` from a user's token account into a program vault; the user's signature authorizes it.
pub fn transfer_from_user<'info>(
    token_program: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    token::transfer(
        CpiContext::new(
            token_program.key(),
            Transfer {
                from: from.clone(),
                to: to.clone(),
                authority: authority.clone(),
            },
        ),
        amount,
    )
}

/// Moves `amount` out of a program vault, signed by the PDA that owns the vault.
pub fn transfer_signed<'info>(
    token_program: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    signer_seeds: &[&[u8]],
    amount: u64,
) -> Result<()> {
    token::transfer(
        CpiContext::new_with_signer(
            token_program.key(),
            Transfer {
                from: from.clone(),
                to: to.clone(),
                authority: authority.clone(),
            },
            &[signer_seeds],
        ),
        amount,
    )
}

/// Mints `amount` of a program-controlled mint, signed by the PDA that is its mint authority.
pub fn mint_signed<'info>(
    token_program: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    signer_seeds: &[&[u8]],
    amount: u64,
) -> Result<()> {
    token::mint_to(
        CpiContext::new_with_signer(
            token_program.key(),
            MintTo {
                mint: mint.clone(),
                to: to.clone(),
                authority: authority.clone(),
            },
            &[signer_seeds],
        ),
        amount,
    )
}

/// Burns `amount` from a user's token account; the user's signature authorizes it.
pub fn burn_from_user<'info>(
    token_program: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    token::burn(
        CpiContext::new(
            token_program.key(),
            Burn {
                mint: mint.clone(),
                from: from.clone(),
                authority: authority.clone(),
            },
        ),
        amount,
    )
}

/// Burns `amount` from a program-owned account, signed by the PDA that owns it.
pub fn burn_signed<'info>(
    token_program: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    signer_seeds: &[&[u8]],
    amount: u64,
) -> Result<()> {
    token::burn(
        CpiContext::new_with_signer(
            token_program.key(),
            Burn {
                mint: mint.clone(),
                from: from.clone(),
                authority: authority.clone(),
            },
            &[signer_seeds],
        ),
        amount,
    )
}
