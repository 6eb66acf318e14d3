/**
 * TypeScript client for the Compute AMM program.
 *
 * Built on @coral-xyz/anchor with the program's IDL (`idl/compute_amm.json`, generated natively and
 * checked fresh by the Rust test suite): Anchor's coder serializes instruction data and decodes
 * accounts exactly as the program's own derive does, so this client adds only what the IDL cannot
 * give — PDA helpers, account-list builders that fill the program's fixed accounts, and swap quotes.
 *
 * Quotes re-implement the shared Rust math (`crates/math`) with BigInt; golden vectors produced by the
 * Rust client (`test/golden.json`) pin them to the on-chain results to the base unit.
 */
import { BorshCoder, type Idl } from "@coral-xyz/anchor";
import { PublicKey, TransactionInstruction, SystemProgram } from "@solana/web3.js";
import BN from "bn.js";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** The program's Anchor IDL. */
export const IDL: Idl = require("../../../idl/compute_amm.json");
export const PROGRAM_ID = new PublicKey(IDL.address);
export const TOKEN_PROGRAM_ID = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
const coder = new BorshCoder(IDL);

// ---------------------------------------------------------------------------------------------
// PDAs (seeds as in programs/compute-amm/src/constants.rs)

const enc = (s: string) => Buffer.from(s, "utf8");
const u16le = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u64le = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
};
const find = (seeds: Buffer[]) => PublicKey.findProgramAddressSync(seeds, PROGRAM_ID)[0];

export const pda = {
  market: (protocolMint: PublicKey) => find([enc("market"), protocolMint.toBuffer()]),
  stakeVault: (market: PublicKey) => find([enc("stake_vault"), market.toBuffer()]),
  gpuClass: (market: PublicKey, classId: number) => find([enc("gpu_class"), market.toBuffer(), u16le(classId)]),
  creditMint: (gpuClass: PublicKey) => find([enc("credit_mint"), gpuClass.toBuffer()]),
  jobEscrow: (gpuClass: PublicKey) => find([enc("job_escrow"), gpuClass.toBuffer()]),
  pool: (gpuClass: PublicKey, quoteMint: PublicKey) => find([enc("pool"), gpuClass.toBuffer(), quoteMint.toBuffer()]),
  creditVault: (pool: PublicKey) => find([enc("credit_vault"), pool.toBuffer()]),
  quoteVault: (pool: PublicKey) => find([enc("quote_vault"), pool.toBuffer()]),
  lpMint: (pool: PublicKey) => find([enc("lp_mint"), pool.toBuffer()]),
  provider: (gpuClass: PublicKey, authority: PublicKey) => find([enc("provider"), gpuClass.toBuffer(), authority.toBuffer()]),
  unstakeTicket: (provider: PublicKey, ticketId: bigint) => find([enc("unstake_ticket"), provider.toBuffer(), u64le(ticketId)]),
  job: (gpuClass: PublicKey, user: PublicKey, jobId: bigint) => find([enc("job"), gpuClass.toBuffer(), user.toBuffer(), u64le(jobId)]),
  epochRecord: (market: PublicKey, epoch: bigint) => find([enc("epoch"), market.toBuffer(), u64le(epoch)]),
};

/** Every address of one pool, like the Rust client's `PoolAddresses::derive`. */
export function poolAddresses(protocolMint: PublicKey, classId: number, quoteMint: PublicKey) {
  const market = pda.market(protocolMint);
  const gpuClass = pda.gpuClass(market, classId);
  const pool = pda.pool(gpuClass, quoteMint);
  return {
    market,
    gpuClass,
    creditMint: pda.creditMint(gpuClass),
    quoteMint,
    pool,
    creditVault: pda.creditVault(pool),
    quoteVault: pda.quoteVault(pool),
    lpMint: pda.lpMint(pool),
  };
}
export type PoolAddresses = ReturnType<typeof poolAddresses>;

/** Every address of one provider, like the Rust client's `ProviderAddresses::derive`. */
export function providerAddresses(protocolMint: PublicKey, classId: number, authority: PublicKey) {
  const market = pda.market(protocolMint);
  const gpuClass = pda.gpuClass(market, classId);
  return {
    market,
    protocolMint,
    stakeVault: pda.stakeVault(market),
    gpuClass,
    creditMint: pda.creditMint(gpuClass),
    authority,
    provider: pda.provider(gpuClass, authority),
  };
}
export type ProviderAddresses = ReturnType<typeof providerAddresses>;

// ---------------------------------------------------------------------------------------------
// Instruction builders: account lists in the program's order, data from the IDL coder.

type Meta = { pubkey: PublicKey; isSigner: boolean; isWritable: boolean };
const w = (pubkey: PublicKey, isSigner = false): Meta => ({ pubkey, isSigner, isWritable: true });
const r = (pubkey: PublicKey, isSigner = false): Meta => ({ pubkey, isSigner, isWritable: false });

/** The IDL keeps Rust's snake_case field names; this client's API is camelCase. */
function snakeKeys(v: unknown): unknown {
  if (v === null || typeof v !== "object" || BN.isBN(v) || Array.isArray(v) || v instanceof PublicKey) return v;
  // enum variants (PascalCase, e.g. `BuyCredits`) keep their names
  const rename = (k: string) => (/^[A-Z]/.test(k) ? k : k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()));
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [rename(k), snakeKeys(x)]));
}

function build(name: string, args: Record<string, unknown>, keys: Meta[]): TransactionInstruction {
  return new TransactionInstruction({ programId: PROGRAM_ID, keys, data: coder.instruction.encode(name, snakeKeys(args) as Record<string, unknown>) });
}

export type MarketParams = {
  swapFeePpm: number;
  protocolFeeSharePpm: number;
  challengeWindowSecs: BN;
  disputeWindowSecs: BN;
  unstakeCooldownSecs: BN;
  paramTimelockSecs: BN;
  stakePerCredit: BN;
  epochLengthSecs: BN;
  slashCapBps: number;
  slashBurnBps: number;
  crankRewardBps: number;
  disputeBondBps: number;
  buybackTwapWindowSecs: BN;
  buybackMaxDeviationBps: number;
  emissionInitial: BN;
  emissionDecayBps: number;
  emissionCap: BN;
};

export type SwapDirection = "buyCredits" | "sellCredits";
// enum variants keep their Rust names in the IDL
const direction = (d: SwapDirection) => (d === "buyCredits" ? { BuyCredits: {} } : { SellCredits: {} });

export const ix = {
  initializeMarket(admin: PublicKey, protocolMint: PublicKey, treasury: PublicKey, params: MarketParams, arbiter: PublicKey) {
    const market = pda.market(protocolMint);
    return build("initialize_market", { params, arbiter }, [
      w(admin, true),
      w(market),
      r(protocolMint),
      r(treasury),
      w(pda.stakeVault(market)),
      r(TOKEN_PROGRAM_ID),
      r(SystemProgram.programId),
    ]);
  },

  createGpuClass(admin: PublicKey, market: PublicKey, classId: number, name: string) {
    const gpuClass = pda.gpuClass(market, classId);
    const bytes = Array.from(Buffer.concat([Buffer.from(name, "utf8"), Buffer.alloc(32)]).subarray(0, 32));
    return build("create_gpu_class", { name: bytes }, [
      w(admin, true),
      w(market),
      w(gpuClass),
      w(pda.creditMint(gpuClass)),
      w(pda.jobEscrow(gpuClass)),
      r(TOKEN_PROGRAM_ID),
      r(SystemProgram.programId),
    ]);
  },

  createPool(admin: PublicKey, a: PoolAddresses) {
    return build("create_pool", {}, [
      w(admin, true),
      r(a.market),
      r(a.gpuClass),
      r(a.creditMint),
      r(a.quoteMint),
      w(a.pool),
      w(a.creditVault),
      w(a.quoteVault),
      w(a.lpMint),
      r(TOKEN_PROGRAM_ID),
      r(SystemProgram.programId),
    ]);
  },

  swapExactIn(trader: PublicKey, a: PoolAddresses, traderCredit: PublicKey, traderQuote: PublicKey, dir: SwapDirection, amountIn: bigint, minAmountOut: bigint, deadline: bigint) {
    return build(
      "swap_exact_in",
      { direction: direction(dir), amountIn: new BN(amountIn.toString()), minAmountOut: new BN(minAmountOut.toString()), deadline: new BN(deadline.toString()) },
      swapKeys(trader, a, traderCredit, traderQuote),
    );
  },

  swapExactOut(trader: PublicKey, a: PoolAddresses, traderCredit: PublicKey, traderQuote: PublicKey, dir: SwapDirection, amountOut: bigint, maxAmountIn: bigint, deadline: bigint) {
    return build(
      "swap_exact_out",
      { direction: direction(dir), amountOut: new BN(amountOut.toString()), maxAmountIn: new BN(maxAmountIn.toString()), deadline: new BN(deadline.toString()) },
      swapKeys(trader, a, traderCredit, traderQuote),
    );
  },

  addLiquidity(owner: PublicKey, a: PoolAddresses, ownerCredit: PublicKey, ownerQuote: PublicKey, ownerLp: PublicKey, lpAmount: bigint, maxCreditIn: bigint, maxQuoteIn: bigint, deadline: bigint) {
    return build(
      "add_liquidity",
      { lpAmount: bn(lpAmount), maxCreditIn: bn(maxCreditIn), maxQuoteIn: bn(maxQuoteIn), deadline: bn(deadline) },
      liquidityKeys(owner, a, ownerCredit, ownerQuote, ownerLp),
    );
  },

  removeLiquidity(owner: PublicKey, a: PoolAddresses, ownerCredit: PublicKey, ownerQuote: PublicKey, ownerLp: PublicKey, lpAmount: bigint, minCreditOut: bigint, minQuoteOut: bigint, deadline: bigint) {
    return build(
      "remove_liquidity",
      { lpAmount: bn(lpAmount), minCreditOut: bn(minCreditOut), minQuoteOut: bn(minQuoteOut), deadline: bn(deadline) },
      liquidityKeys(owner, a, ownerCredit, ownerQuote, ownerLp),
    );
  },

  stake(p: ProviderAddresses, source: PublicKey, amount: bigint) {
    return build("stake", { amount: bn(amount) }, [r(p.authority, true), w(p.market), w(p.provider), w(p.stakeVault), w(source), r(TOKEN_PROGRAM_ID)]);
  },

  mintCredits(p: ProviderAddresses, creditAccount: PublicKey, amount: bigint) {
    return build("mint_credits", { amount: bn(amount) }, [
      r(p.authority, true),
      r(p.market),
      w(p.gpuClass),
      w(p.provider),
      w(p.creditMint),
      w(creditAccount),
      r(TOKEN_PROGRAM_ID),
    ]);
  },
};

const bn = (x: bigint) => new BN(x.toString());

function swapKeys(trader: PublicKey, a: PoolAddresses, traderCredit: PublicKey, traderQuote: PublicKey): Meta[] {
  return [r(trader, true), r(a.market), w(a.pool), w(a.creditVault), w(a.quoteVault), w(traderCredit), w(traderQuote), r(TOKEN_PROGRAM_ID)];
}

function liquidityKeys(owner: PublicKey, a: PoolAddresses, ownerCredit: PublicKey, ownerQuote: PublicKey, ownerLp: PublicKey): Meta[] {
  return [r(owner, true), r(a.market), w(a.pool), w(a.creditVault), w(a.quoteVault), w(a.lpMint), w(ownerCredit), w(ownerQuote), w(ownerLp), r(TOKEN_PROGRAM_ID)];
}

// ---------------------------------------------------------------------------------------------
// Account decoding (Anchor discriminator + Borsh, from the IDL).

/** Decodes a program account by type name ("Market", "Pool", "Provider", "Job", ...). */
export function decodeAccount<T = any>(typeName: string, data: Buffer): T {
  return coder.accounts.decode(typeName, data) as T;
}

// ---------------------------------------------------------------------------------------------
// Quotes: the shared math (crates/math) in BigInt. Rounding always favours the pool.

export const FEE_DENOMINATOR = 1_000_000n;
const U64_MAX = (1n << 64n) - 1n;

export class MathError extends Error {}

const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;

function mulDiv(a: bigint, b: bigint, c: bigint, up: boolean): bigint {
  if (c === 0n) throw new MathError("DivisionByZero");
  const q = up ? ceilDiv(a * b, c) : (a * b) / c;
  if (q > U64_MAX) throw new MathError("Overflow");
  return q;
}

export type FeeSchedule = { swapFeePpm: bigint; protocolSharePpm: bigint };
export type SwapResult = { amountIn: bigint; amountOut: bigint; feeTotal: bigint; feeProtocol: bigint; newReserveIn: bigint; newReserveOut: bigint };

function validate(f: FeeSchedule) {
  if (f.swapFeePpm >= FEE_DENOMINATOR || f.protocolSharePpm > FEE_DENOMINATOR) throw new MathError("InvalidFee");
}

function finish(ri: bigint, ro: bigint, amountIn: bigint, amountOut: bigint, feeTotal: bigint, f: FeeSchedule): SwapResult {
  const feeProtocol = mulDiv(feeTotal, f.protocolSharePpm, FEE_DENOMINATOR, false);
  if (ri + amountIn > U64_MAX) throw new MathError("Overflow");
  const newReserveIn = ri + amountIn - feeProtocol;
  if (amountOut > ro) throw new MathError("InsufficientLiquidity");
  const newReserveOut = ro - amountOut;
  if (newReserveOut === 0n) throw new MathError("InsufficientLiquidity");
  if (newReserveIn * newReserveOut < ri * ro) throw new MathError("Overflow");
  return { amountIn, amountOut, feeTotal, feeProtocol, newReserveIn, newReserveOut };
}

/** `swap_exact_in` of the shared math: fee rounds up, output rounds down. */
export function quoteExactIn(ri: bigint, ro: bigint, amountIn: bigint, f: FeeSchedule): SwapResult {
  if (amountIn === 0n) throw new MathError("ZeroAmount");
  if (ri === 0n || ro === 0n) throw new MathError("InsufficientLiquidity");
  validate(f);
  const fee = mulDiv(amountIn, f.swapFeePpm, FEE_DENOMINATOR, true);
  const net = amountIn - fee;
  const out = (ro * net) / (ri + net);
  if (out > U64_MAX) throw new MathError("Overflow");
  if (out === 0n) throw new MathError("ZeroOutput");
  return finish(ri, ro, amountIn, out, fee, f);
}

/** `swap_exact_out` of the shared math: net input and fee gross-up round up. */
export function quoteExactOut(ri: bigint, ro: bigint, amountOut: bigint, f: FeeSchedule): SwapResult {
  if (amountOut === 0n) throw new MathError("ZeroAmount");
  if (ri === 0n || ro === 0n) throw new MathError("InsufficientLiquidity");
  validate(f);
  if (amountOut >= ro) throw new MathError("InsufficientLiquidity");
  const net = mulDiv(ri, amountOut, ro - amountOut, true);
  const gross = ceilDiv(net * FEE_DENOMINATOR, FEE_DENOMINATOR - f.swapFeePpm);
  if (gross > U64_MAX) throw new MathError("Overflow");
  return finish(ri, ro, gross, amountOut, gross - net, f);
}
