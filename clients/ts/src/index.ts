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
import { PublicKey } from "@solana/web3.js";
import { IDL, PROGRAM_ID, coder } from "./codec.js";
import * as gen from "./generated.js";

export { IDL, PROGRAM_ID, encodeInstruction } from "./codec.js";
/** One typed builder per program instruction (all of them), generated from the IDL. */
export * as instructions from "./generated.js";
export type { MarketParams, SwapDirection, SlashReason } from "./generated.js";
export const TOKEN_PROGRAM_ID = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");

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
    /** The class's pool against the protocol token: its TWAP prices the collateral check. */
    collateralPool: pda.pool(gpuClass, protocolMint),
  };
}
export type ProviderAddresses = ReturnType<typeof providerAddresses>;

// ---------------------------------------------------------------------------------------------
// Convenience builders: the generated builders with the program's PDAs filled in.

/** Every account a job's settlement touches, like the Rust client's `JobAddresses::derive`. */
export function jobAddresses(protocolMint: PublicKey, treasury: PublicKey, classId: number, user: PublicKey, jobId: bigint) {
  const market = pda.market(protocolMint);
  const gpuClass = pda.gpuClass(market, classId);
  return {
    market,
    protocolMint,
    treasury,
    stakeVault: pda.stakeVault(market),
    gpuClass,
    creditMint: pda.creditMint(gpuClass),
    escrowVault: pda.jobEscrow(gpuClass),
    job: pda.job(gpuClass, user, jobId),
    user,
    jobId,
  };
}
export type JobAddresses = ReturnType<typeof jobAddresses>;

/** Encodes a GPU class name into the fixed 32-byte field (UTF-8, zero-padded, truncated). */
export const className = (name: string) => Array.from(Buffer.concat([Buffer.from(name, "utf8"), Buffer.alloc(32)]).subarray(0, 32));
/** Encodes a region tag into the fixed 16-byte field. */
export const region = (tag: string) => Array.from(Buffer.concat([Buffer.from(tag, "utf8"), Buffer.alloc(16)]).subarray(0, 16));

const swapAccounts = (trader: PublicKey, a: PoolAddresses, traderCredit: PublicKey, traderQuote: PublicKey) => ({
  trader, market: a.market, pool: a.pool, creditVault: a.creditVault, quoteVault: a.quoteVault, traderCredit, traderQuote,
});
const liquidityAccounts = (owner: PublicKey, a: PoolAddresses, ownerCredit: PublicKey, ownerQuote: PublicKey, ownerLp: PublicKey) => ({
  owner, market: a.market, pool: a.pool, creditVault: a.creditVault, quoteVault: a.quoteVault, lpMint: a.lpMint, ownerCredit, ownerQuote, ownerLp,
});
const providerAccounts = (p: ProviderAddresses) => ({ authority: p.authority, market: p.market, gpuClass: p.gpuClass, provider: p.provider });

export const ix = {
  initializeMarket(admin: PublicKey, protocolMint: PublicKey, treasury: PublicKey, params: gen.MarketParams, arbiter: PublicKey) {
    const market = pda.market(protocolMint);
    return gen.initializeMarket({ admin, market, protocolMint, treasury, stakeVault: pda.stakeVault(market) }, { params, arbiter });
  },

  createGpuClass(admin: PublicKey, market: PublicKey, classId: number, name: string) {
    const gpuClass = pda.gpuClass(market, classId);
    return gen.createGpuClass({ admin, market, gpuClass, creditMint: pda.creditMint(gpuClass), escrowVault: pda.jobEscrow(gpuClass) }, { name: className(name) });
  },

  createPool(admin: PublicKey, a: PoolAddresses) {
    return gen.createPool({ admin, ...a }, {});
  },

  swapExactIn(trader: PublicKey, a: PoolAddresses, traderCredit: PublicKey, traderQuote: PublicKey, direction: gen.SwapDirection, amountIn: bigint, minAmountOut: bigint, deadline: bigint) {
    return gen.swapExactIn(swapAccounts(trader, a, traderCredit, traderQuote), { direction, amountIn, minAmountOut, deadline });
  },

  swapExactOut(trader: PublicKey, a: PoolAddresses, traderCredit: PublicKey, traderQuote: PublicKey, direction: gen.SwapDirection, amountOut: bigint, maxAmountIn: bigint, deadline: bigint) {
    return gen.swapExactOut(swapAccounts(trader, a, traderCredit, traderQuote), { direction, amountOut, maxAmountIn, deadline });
  },

  addLiquidity(owner: PublicKey, a: PoolAddresses, ownerCredit: PublicKey, ownerQuote: PublicKey, ownerLp: PublicKey, lpAmount: bigint, maxCreditIn: bigint, maxQuoteIn: bigint, deadline: bigint) {
    return gen.addLiquidity(liquidityAccounts(owner, a, ownerCredit, ownerQuote, ownerLp), { lpAmount, maxCreditIn, maxQuoteIn, deadline });
  },

  removeLiquidity(owner: PublicKey, a: PoolAddresses, ownerCredit: PublicKey, ownerQuote: PublicKey, ownerLp: PublicKey, lpAmount: bigint, minCreditOut: bigint, minQuoteOut: bigint, deadline: bigint) {
    return gen.removeLiquidity(liquidityAccounts(owner, a, ownerCredit, ownerQuote, ownerLp), { lpAmount, minCreditOut, minQuoteOut, deadline });
  },

  registerProvider(p: ProviderAddresses, capacityGpus: number, regionTag: string, endpointHash: Uint8Array | number[]) {
    return gen.registerProvider(providerAccounts(p), { capacityGpus, region: region(regionTag), endpointHash });
  },

  stake(p: ProviderAddresses, source: PublicKey, amount: bigint) {
    return gen.stake({ authority: p.authority, market: p.market, provider: p.provider, stakeVault: p.stakeVault, source }, { amount });
  },

  mintCredits(p: ProviderAddresses, creditAccount: PublicKey, amount: bigint) {
    return gen.mintCredits({ ...providerAccounts(p), creditMint: p.creditMint, creditAccount, collateralPool: p.collateralPool }, { amount });
  },

  openJob(j: JobAddresses, userCredit: PublicKey, gpuCount: number, milestoneAmounts: bigint[], acceptBy: bigint, completeBy: bigint) {
    return gen.openJob(
      { user: j.user, market: j.market, gpuClass: j.gpuClass, job: j.job, escrowVault: j.escrowVault, userCredit },
      { jobId: j.jobId, gpuCount, milestoneAmounts, acceptBy, completeBy },
    );
  },

  acceptJob(p: ProviderAddresses, job: PublicKey) {
    return gen.acceptJob({ authority: p.authority, market: p.market, provider: p.provider, job, gpuClass: p.gpuClass, collateralPool: p.collateralPool }, {});
  },

  submitMilestone(p: ProviderAddresses, job: PublicKey, index: number, resultHash: Uint8Array | number[]) {
    return gen.submitMilestone({ authority: p.authority, provider: p.provider, job }, { index, resultHash });
  },

  approveMilestone(j: JobAddresses, p: ProviderAddresses, userCredit: PublicKey, providerCredit: PublicKey, index: number) {
    return gen.approveMilestone(
      { user: j.user, market: j.market, gpuClass: j.gpuClass, job: j.job, provider: p.provider, escrowVault: j.escrowVault, userCredit, providerCredit },
      { index },
    );
  },

  closeJob(j: JobAddresses) {
    return gen.closeJob({ user: j.user, job: j.job }, {});
  },
};

// ---------------------------------------------------------------------------------------------
// Account decoding (Anchor discriminator + Borsh, from the IDL).

/**
 * The program's events (`emit!`) in a transaction's log messages, decoded with the IDL: for example
 * `parseEvents(tx.meta.logMessages)` after `connection.getTransaction(signature)`.
 */
export function parseEvents(logs: string[]): { name: string; data: any }[] {
  // The invocation stack from the runtime's `Program <id> invoke [n]` / `success` / `failed` lines:
  // only `Program data:` written while this program runs counts (the same rule as the Rust client's
  // `events::program_data`). Anchor 0.32's EventParser threw "Expected the stack to have elements"
  // on localnet's logs of the natively loaded program, so the stack is tracked here and each payload
  // decoded with the IDL coder.
  const id = PROGRAM_ID.toBase58();
  const stack: string[] = [];
  const out: { name: string; data: any }[] = [];
  for (const line of logs) {
    const data = line.startsWith("Program data: ") ? line.slice("Program data: ".length) : null;
    if (data !== null) {
      if (stack[stack.length - 1] === id) {
        for (const field of data.split(" ")) {
          const ev = coder.events.decode(field);
          if (ev) out.push(ev);
        }
      }
      continue;
    }
    const m = line.match(/^Program (\S+) (invoke \[\d+\]|success|failed)/);
    if (!m) continue;
    if (m[2].startsWith("invoke")) stack.push(m[1]);
    else if (stack[stack.length - 1] === m[1]) stack.pop();
  }
  return out;
}

/** The numeric code of a program error by name (e.g. `"SlippageExceeded"` → 6004), from the IDL. */
export function errorCode(name: string): number {
  const e = (IDL.errors ?? []).find((x) => x.name === name);
  if (!e) throw new Error(`no error ${name} in the IDL`);
  return e.code;
}

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
