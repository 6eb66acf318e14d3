//! Account decoding: checks the 8-byte Anchor discriminator, then Borsh-decodes.

use anchor_lang::AccountDeserialize;

/// Decodes an account of type `T` from its raw data.
pub fn account<T: AccountDeserialize>(data: &[u8]) -> anchor_lang::Result<T> {
    let mut slice = data;
    T::try_deserialize(&mut slice)
}

/// Reads an SPL token account's balance (bytes 64..72 of the account layout).
pub fn token_amount(data: &[u8]) -> Option<u64> {
    data.get(64..72)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
}

/// Reads an SPL mint's supply (bytes 36..44 of the mint layout).
pub fn mint_supply(data: &[u8]) -> Option<u64> {
    data.get(36..44)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
}
