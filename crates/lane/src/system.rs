//! The system program instructions Anchor's `init` uses (create_account, or transfer + allocate +
//! assign), with the system program's checks and error codes (`SystemError`: 0 account already in
//! use, 1 insufficient funds, 3 invalid account data length).

use anchor_lang::prelude::{AccountInfo, ProgramError, Pubkey};

use crate::Frame;

const ACCOUNT_ALREADY_IN_USE: u32 = 0;
const RESULT_WITH_NEGATIVE_LAMPORTS: u32 = 1;
const INVALID_ACCOUNT_DATA_LENGTH: u32 = 3;
/// The system program's limit on an account's size (10 MiB).
const MAX_PERMITTED_DATA_LENGTH: u64 = 10 * 1024 * 1024;

fn u64_at(d: &[u8], at: usize) -> Result<u64, ProgramError> {
    d.get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or(ProgramError::InvalidInstructionData)
}

fn key_at(d: &[u8], at: usize) -> Result<Pubkey, ProgramError> {
    d.get(at..at + 32)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .map(Pubkey::from)
        .ok_or(ProgramError::InvalidInstructionData)
}

fn account<'a, 'b>(
    accounts: &'b [AccountInfo<'a>],
    i: usize,
) -> Result<&'b AccountInfo<'a>, ProgramError> {
    accounts.get(i).ok_or(ProgramError::NotEnoughAccountKeys)
}

pub(crate) fn process(accounts: &[AccountInfo], data: &[u8]) -> Result<(), ProgramError> {
    let tag = data
        .get(0..4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or(ProgramError::InvalidInstructionData)?;
    match tag {
        0 => {
            let (lamports, space, owner) = (u64_at(data, 4)?, u64_at(data, 12)?, key_at(data, 20)?);
            let (from, to) = (account(accounts, 0)?, account(accounts, 1)?);
            if to.lamports() > 0 {
                return Err(ProgramError::Custom(ACCOUNT_ALREADY_IN_USE));
            }
            allocate(to, space)?;
            assign(to, &owner)?;
            transfer(from, to, lamports)
        }
        1 => {
            let owner = key_at(data, 4)?;
            assign(account(accounts, 0)?, &owner)
        }
        2 => {
            let lamports = u64_at(data, 4)?;
            transfer(account(accounts, 0)?, account(accounts, 1)?, lamports)
        }
        8 => allocate(account(accounts, 0)?, u64_at(data, 4)?),
        _ => Err(ProgramError::InvalidInstructionData),
    }
}

fn allocate(acc: &AccountInfo, space: u64) -> Result<(), ProgramError> {
    if !acc.is_signer {
        return Err(ProgramError::MissingRequiredSignature);
    }
    if !acc.data_is_empty() || *acc.owner != solana_sdk_ids::system_program::ID {
        return Err(ProgramError::Custom(ACCOUNT_ALREADY_IN_USE));
    }
    if space > MAX_PERMITTED_DATA_LENGTH {
        return Err(ProgramError::Custom(INVALID_ACCOUNT_DATA_LENGTH));
    }
    if space == 0 {
        return Ok(());
    }
    // a fresh buffer laid out as the serializer would (length header, data, realloc slack), kept
    // alive by the frame until the instruction ends
    let buf = crate::data_buffer(
        &vec![0u8; space as usize],
        crate::MAX_PERMITTED_DATA_INCREASE,
    );
    let slice: *mut [u8] = Frame::with(|f| {
        let f = f.expect("lane frame");
        let mut arena = f.arena.borrow_mut();
        arena.push(buf);
        let b = arena.last_mut().expect("just pushed");
        // SAFETY: the buffer's heap allocation does not move when the arena grows
        unsafe {
            std::slice::from_raw_parts_mut(b.as_mut_ptr().add(8), space as usize) as *mut [u8]
        }
    });
    // SAFETY: the arena outlives every AccountInfo of the instruction
    *acc.try_borrow_mut_data()? = unsafe { &mut *slice };
    Ok(())
}

fn assign(acc: &AccountInfo, owner: &Pubkey) -> Result<(), ProgramError> {
    if acc.owner == owner {
        return Ok(());
    }
    if !acc.is_signer {
        return Err(ProgramError::MissingRequiredSignature);
    }
    if *acc.owner != solana_sdk_ids::system_program::ID {
        return Err(ProgramError::Custom(ACCOUNT_ALREADY_IN_USE));
    }
    acc.assign(owner);
    Ok(())
}

fn transfer(from: &AccountInfo, to: &AccountInfo, lamports: u64) -> Result<(), ProgramError> {
    if !from.is_signer {
        return Err(ProgramError::MissingRequiredSignature);
    }
    if !from.data_is_empty() || *from.owner != solana_sdk_ids::system_program::ID {
        return Err(ProgramError::InvalidArgument);
    }
    if from.lamports() < lamports {
        return Err(ProgramError::Custom(RESULT_WITH_NEGATIVE_LAMPORTS));
    }
    **from.try_borrow_mut_lamports()? -= lamports;
    let mut t = to.try_borrow_mut_lamports()?;
    **t = t
        .checked_add(lamports)
        .ok_or(ProgramError::ArithmeticOverflow)?;
    Ok(())
}
