// The TypeScript client must reproduce the Rust client's golden vectors byte for byte
// (test/golden.json is written and checked fresh by crates/client/tests/golden.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { ix, pda, poolAddresses, providerAddresses, PROGRAM_ID, quoteExactIn, quoteExactOut, MathError, type MarketParams } from "../src/index.ts";

const require = createRequire(import.meta.url);
const golden = require("./golden.json");
const pk = (s: string) => new PublicKey(s);
const big = (s: string) => BigInt(s);

const params: MarketParams = {
  swapFeePpm: 3_000,
  protocolFeeSharePpm: 200_000,
  challengeWindowSecs: 3600n,
  disputeWindowSecs: 86400n,
  unstakeCooldownSecs: 604800n,
  paramTimelockSecs: 691200n,
  stakePerCredit: 5000000n,
  epochLengthSecs: 86400n,
  slashCapBps: 2_000,
  slashBurnBps: 5_000,
  crankRewardBps: 50,
  disputeBondBps: 1_000,
  buybackTwapWindowSecs: 1800n,
  buybackMaxDeviationBps: 300,
  emissionInitial: 10000000000n,
  emissionDecayBps: 100,
  emissionCap: 1000000000000n,
  settlementFeeBps: 1_000,
};

test("program id and PDAs match the Rust client", () => {
  assert.equal(PROGRAM_ID.toBase58(), golden.programId);
  const protocolMint = pk(golden.inputs.protocolMint);
  const a = poolAddresses(protocolMint, 0, pk(golden.inputs.quoteMint));
  const p = providerAddresses(protocolMint, 0, pk(golden.inputs.providerAuthority));
  assert.equal(pda.market(protocolMint).toBase58(), golden.pdas.market);
  assert.equal(a.gpuClass.toBase58(), golden.pdas.gpuClass0);
  assert.equal(a.creditMint.toBase58(), golden.pdas.creditMint);
  assert.equal(a.pool.toBase58(), golden.pdas.pool);
  assert.equal(a.creditVault.toBase58(), golden.pdas.creditVault);
  assert.equal(a.quoteVault.toBase58(), golden.pdas.quoteVault);
  assert.equal(a.lpMint.toBase58(), golden.pdas.lpMint);
  assert.equal(p.stakeVault.toBase58(), golden.pdas.stakeVault);
  assert.equal(p.provider.toBase58(), golden.pdas.provider);
});

function build(name: string, g: any): TransactionInstruction {
  const protocolMint = pk(golden.inputs.protocolMint);
  const a = poolAddresses(protocolMint, 0, pk(golden.inputs.quoteMint));
  const p = providerAddresses(protocolMint, 0, pk(golden.inputs.providerAuthority));
  switch (name) {
    case "initializeMarket":
      return ix.initializeMarket(pk(g.admin), pk(g.protocolMint), pk(g.treasury), params, pk(g.arbiter));
    case "createGpuClass":
      return ix.createGpuClass(pk(g.admin), a.market, g.classId, g.name);
    case "createPool":
      return ix.createPool(pk(g.admin), a);
    case "swapExactInBuy":
      return ix.swapExactIn(pk(g.trader), a, pk(g.traderCredit), pk(g.traderQuote), "buyCredits", big(g.amountIn), big(g.minAmountOut), big(g.deadline));
    case "swapExactInSell":
      return ix.swapExactIn(pk(g.trader), a, pk(g.traderCredit), pk(g.traderQuote), "sellCredits", big(g.amountIn), big(g.minAmountOut), big(g.deadline));
    case "swapExactOutBuy":
      return ix.swapExactOut(pk(g.trader), a, pk(g.traderCredit), pk(g.traderQuote), "buyCredits", big(g.amountOut), big(g.maxAmountIn), big(g.deadline));
    case "addLiquidity":
      return ix.addLiquidity(pk(g.owner), a, pk(g.ownerCredit), pk(g.ownerQuote), pk(g.ownerLp), big(g.lpAmount), big(g.maxCreditIn), big(g.maxQuoteIn), big(g.deadline));
    case "removeLiquidity":
      return ix.removeLiquidity(pk(g.owner), a, pk(g.ownerCredit), pk(g.ownerQuote), pk(g.ownerLp), big(g.lpAmount), big(g.minCreditOut), big(g.minQuoteOut), big(g.deadline));
    case "stake":
      return ix.stake(p, pk(g.source), big(g.amount));
    case "mintCredits":
      return ix.mintCredits(p, pk(g.creditAccount), big(g.amount));
    default:
      throw new Error(`no TS builder for ${name}`);
  }
}

for (const case_ of golden.instructions) {
  test(`instruction ${case_.name}: data and account metas match the Rust client`, () => {
    const i = build(case_.name, case_.args);
    assert.equal(i.programId.toBase58(), case_.programId);
    assert.equal(Buffer.from(i.data).toString("base64"), case_.data);
    assert.deepEqual(
      i.keys.map((k) => ({ pubkey: k.pubkey.toBase58(), isSigner: k.isSigner, isWritable: k.isWritable })),
      case_.accounts,
    );
  });
}

for (const [n, q] of golden.quotes.entries()) {
  test(`quote case ${n}: exact-in and exact-out match the shared Rust math`, () => {
    const fees = { swapFeePpm: BigInt(q.swapFeePpm), protocolSharePpm: BigInt(q.protocolSharePpm) };
    for (const [kind, fn] of [["exactIn", quoteExactIn], ["exactOut", quoteExactOut]] as const) {
      const want = q[kind];
      let got: any;
      try {
        const r = fn(big(q.reserveIn), big(q.reserveOut), big(q.amount), fees);
        got = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.toString()]));
      } catch (e) {
        assert.ok(e instanceof MathError, String(e));
        got = { error: (e as Error).message };
      }
      assert.deepEqual(got, want, `${kind}`);
    }
  });
}

import { decodeAccount } from "../src/index.ts";

for (const acc of golden.accountsToDecode) {
  test(`account ${acc.type} decodes as the Rust client serialized it`, () => {
    const d = decodeAccount<any>(acc.type, Buffer.from(acc.data, "base64"));
    const f = acc.fields;
    assert.equal(d.class_id, f.class_id);
    assert.equal(d.total_obligations.toString(), f.total_obligations);
    assert.equal(d.provider_count, f.provider_count);
    assert.equal(d.total_escrowed.toString(), f.total_escrowed);
    assert.equal(d.credit_mint.toBase58(), f.credit_mint);
    assert.equal(d.market.toBase58(), f.market);
  });
}
