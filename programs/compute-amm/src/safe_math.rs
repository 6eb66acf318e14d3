//! Checked arithmetic as a habit: `a.safe_add(b)?` instead of
//! `a.checked_add(b).ok_or(ComputeAmmError::MathOverflow)?`, and an overflow names its call site in
//! the transaction's logs (`#[track_caller]`), so a failing transaction says which line overflowed.

use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;

/// Checked add/sub/mul that fail with `MathOverflow` and log where.
pub trait SafeMath: Sized {
    fn safe_add(self, rhs: Self) -> Result<Self>;
    fn safe_sub(self, rhs: Self) -> Result<Self>;
    fn safe_mul(self, rhs: Self) -> Result<Self>;
}

#[track_caller]
#[cold]
fn overflow(op: &str) -> anchor_lang::error::Error {
    let at = core::panic::Location::caller();
    msg!("math overflow in {} at {}:{}", op, at.file(), at.line());
    ComputeAmmError::MathOverflow.into()
}

macro_rules! impl_safe_math {
    ($($t:ty),*) => {$(
        impl SafeMath for $t {
            #[track_caller]
            #[inline]
            fn safe_add(self, rhs: Self) -> Result<Self> {
                match self.checked_add(rhs) {
                    Some(v) => Ok(v),
                    None => Err(overflow("add")),
                }
            }
            #[track_caller]
            #[inline]
            fn safe_sub(self, rhs: Self) -> Result<Self> {
                match self.checked_sub(rhs) {
                    Some(v) => Ok(v),
                    None => Err(overflow("sub")),
                }
            }
            #[track_caller]
            #[inline]
            fn safe_mul(self, rhs: Self) -> Result<Self> {
                match self.checked_mul(rhs) {
                    Some(v) => Ok(v),
                    None => Err(overflow("mul")),
                }
            }
        }
    )*};
}

impl_safe_math!(u8, u16, u32, u64, u128, i64);
