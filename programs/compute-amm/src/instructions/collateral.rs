//! The collateral pool account three provider instructions read (`logic::collateral` prices it).

use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::{emit_event, CollateralLow};
use crate::logic::collateral::Check;
use crate::state::{GpuClass, Pool};

/// The class's protocol-token pool, when it has one. The account passed must be exactly the pool the
/// class recorded (`GpuClass::protocol_pool`), so nobody can dodge the check by passing another
/// account; a class without one passes any account (clients pass the pool's would-be PDA) and is
/// checked by token count only.
pub fn load(class: &GpuClass, info: &AccountInfo<'_>) -> Result<Option<Pool>> {
    if !class.has_protocol_pool() {
        return Ok(None);
    }
    require_keys_eq!(
        info.key(),
        class.protocol_pool,
        ComputeAmmError::WrongCollateralPool
    );
    require_keys_eq!(*info.owner, crate::ID, ComputeAmmError::WrongCollateralPool);
    let data = info.try_borrow_data()?;
    let pool = Pool::try_deserialize(&mut &data[..])?;
    Ok(Some(pool))
}

/// Logs `CollateralLow` when the check found the ratio below the warning threshold.
pub fn warn(provider: Pubkey, c: &Check) {
    if let Some(ratio_bps) = c.low() {
        emit_event(CollateralLow {
            provider,
            ratio_bps,
        });
    }
}
