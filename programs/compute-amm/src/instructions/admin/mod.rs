//! Instructions the market admin (or, where stated, anyone) calls.

pub mod accept_admin;
pub mod apply_params;
pub mod apply_roles;
pub mod cancel_params;
pub mod create_gpu_class;
pub mod create_pool;
pub mod initialize_market;
pub mod propose_admin;
pub mod propose_params;
pub mod propose_roles;
pub mod set_paused;

pub use accept_admin::*;
pub use apply_params::*;
pub use apply_roles::*;
pub use cancel_params::*;
pub use create_gpu_class::*;
pub use create_pool::*;
pub use initialize_market::*;
pub use propose_admin::*;
pub use propose_params::*;
pub use propose_roles::*;
pub use set_paused::*;

use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::state::Market;

/// Accounts every admin-only instruction shares: the admin's signature and the market it governs.
#[derive(Accounts)]
pub struct AdminOnly<'info> {
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ ComputeAmmError::Unauthorized)]
    pub market: Box<Account<'info, Market>>,
}
