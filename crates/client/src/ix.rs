//! Instruction builders for every instruction.
//!
//! Each builder comes in two layers: `*_accounts` fills the program's account struct from a few keys
//! (tests replace single fields to build adversarial variants), and the builder turns account
//! struct + arguments into an `Instruction`.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};
use compute_amm::state::{MarketParams, SwapDirection};
use compute_amm::{accounts, instruction, ID};

use crate::pda::{self, PoolAddresses};

/// SPL Token program id.
pub const TOKEN_PROGRAM_ID: Pubkey = anchor_spl::token::ID;
/// System program id.
pub const SYSTEM_PROGRAM_ID: Pubkey = anchor_lang::system_program::ID;

/// Any account struct + instruction data → `Instruction` for this program.
pub fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

// ---- admin ----

pub fn initialize_market(
    admin: Pubkey,
    protocol_mint: Pubkey,
    treasury: Pubkey,
    params: MarketParams,
    arbiter: Pubkey,
) -> Instruction {
    build(
        accounts::InitializeMarket {
            admin,
            market: pda::market(&protocol_mint).0,
            protocol_mint,
            treasury,
            system_program: SYSTEM_PROGRAM_ID,
        },
        instruction::InitializeMarket { params, arbiter },
    )
}

pub fn admin_accounts(admin: Pubkey, market: Pubkey) -> accounts::AdminOnly {
    accounts::AdminOnly { admin, market }
}

pub fn propose_admin(admin: Pubkey, market: Pubkey, new_admin: Pubkey) -> Instruction {
    build(
        admin_accounts(admin, market),
        instruction::ProposeAdmin { new_admin },
    )
}

pub fn accept_admin(new_admin: Pubkey, market: Pubkey) -> Instruction {
    build(
        accounts::AcceptAdmin { new_admin, market },
        instruction::AcceptAdmin {},
    )
}

pub fn set_paused(admin: Pubkey, market: Pubkey, flags: u16) -> Instruction {
    build(
        admin_accounts(admin, market),
        instruction::SetPaused { flags },
    )
}

pub fn propose_params(admin: Pubkey, market: Pubkey, params: MarketParams) -> Instruction {
    build(
        admin_accounts(admin, market),
        instruction::ProposeParams { params },
    )
}

pub fn apply_params(market: Pubkey) -> Instruction {
    build(
        accounts::ApplyParams { market },
        instruction::ApplyParams {},
    )
}

pub fn cancel_params(admin: Pubkey, market: Pubkey) -> Instruction {
    build(admin_accounts(admin, market), instruction::CancelParams {})
}

/// Encodes a GPU class name into the fixed 32-byte field (truncating at 32 bytes).
pub fn class_name(name: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    let bytes = name.as_bytes();
    let n = bytes.len().min(32);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}

pub fn create_gpu_class_accounts(
    admin: Pubkey,
    market: Pubkey,
    class_id: u16,
) -> accounts::CreateGpuClass {
    let gpu_class = pda::gpu_class(&market, class_id).0;
    accounts::CreateGpuClass {
        admin,
        market,
        gpu_class,
        credit_mint: pda::credit_mint(&gpu_class).0,
        token_program: TOKEN_PROGRAM_ID,
        system_program: SYSTEM_PROGRAM_ID,
    }
}

/// Creates class `class_id`, which must be the market's next id (`market.gpu_class_count`).
pub fn create_gpu_class(admin: Pubkey, market: Pubkey, class_id: u16, name: &str) -> Instruction {
    build(
        create_gpu_class_accounts(admin, market, class_id),
        instruction::CreateGpuClass {
            name: class_name(name),
        },
    )
}

pub fn create_pool_accounts(admin: Pubkey, a: &PoolAddresses) -> accounts::CreatePool {
    accounts::CreatePool {
        admin,
        market: a.market,
        gpu_class: a.gpu_class,
        credit_mint: a.credit_mint,
        quote_mint: a.quote_mint,
        pool: a.pool,
        credit_vault: a.credit_vault,
        quote_vault: a.quote_vault,
        lp_mint: a.lp_mint,
        token_program: TOKEN_PROGRAM_ID,
        system_program: SYSTEM_PROGRAM_ID,
    }
}

pub fn create_pool(admin: Pubkey, a: &PoolAddresses) -> Instruction {
    build(create_pool_accounts(admin, a), instruction::CreatePool {})
}

// ---- liquidity providers ----

pub fn liquidity_accounts(
    owner: Pubkey,
    a: &PoolAddresses,
    owner_credit: Pubkey,
    owner_quote: Pubkey,
    owner_lp: Pubkey,
) -> accounts::ModifyLiquidity {
    accounts::ModifyLiquidity {
        owner,
        market: a.market,
        pool: a.pool,
        credit_vault: a.credit_vault,
        quote_vault: a.quote_vault,
        lp_mint: a.lp_mint,
        owner_credit,
        owner_quote,
        owner_lp,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn add_liquidity(
    accounts: accounts::ModifyLiquidity,
    lp_amount: u64,
    max_credit_in: u64,
    max_quote_in: u64,
    deadline: i64,
) -> Instruction {
    build(
        accounts,
        instruction::AddLiquidity {
            lp_amount,
            max_credit_in,
            max_quote_in,
            deadline,
        },
    )
}

pub fn remove_liquidity(
    accounts: accounts::ModifyLiquidity,
    lp_amount: u64,
    min_credit_out: u64,
    min_quote_out: u64,
    deadline: i64,
) -> Instruction {
    build(
        accounts,
        instruction::RemoveLiquidity {
            lp_amount,
            min_credit_out,
            min_quote_out,
            deadline,
        },
    )
}

// ---- traders ----

pub fn swap_accounts(
    trader: Pubkey,
    a: &PoolAddresses,
    trader_credit: Pubkey,
    trader_quote: Pubkey,
) -> accounts::Swap {
    accounts::Swap {
        trader,
        market: a.market,
        pool: a.pool,
        credit_vault: a.credit_vault,
        quote_vault: a.quote_vault,
        trader_credit,
        trader_quote,
        token_program: TOKEN_PROGRAM_ID,
    }
}

pub fn swap_exact_in(
    accounts: accounts::Swap,
    direction: SwapDirection,
    amount_in: u64,
    min_amount_out: u64,
    deadline: i64,
) -> Instruction {
    build(
        accounts,
        instruction::SwapExactIn {
            direction,
            amount_in,
            min_amount_out,
            deadline,
        },
    )
}

pub fn swap_exact_out(
    accounts: accounts::Swap,
    direction: SwapDirection,
    amount_out: u64,
    max_amount_in: u64,
    deadline: i64,
) -> Instruction {
    build(
        accounts,
        instruction::SwapExactOut {
            direction,
            amount_out,
            max_amount_in,
            deadline,
        },
    )
}
