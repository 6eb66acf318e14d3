use anchor_lang::prelude::*;
declare_id!("CAMMq6rX1v1Kk1JY8vQ4GkXq2c8m4o8Jm7b2yQ4tC1Y1");
#[program]
pub mod compute_amm {
    use super::*;
    pub fn noop(_ctx: Context<Noop>) -> Result<()> { Ok(()) }
}
#[derive(Accounts)]
pub struct Noop {}
