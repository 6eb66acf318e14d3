// The generated builders must be fresh (regenerated from the committed IDL) and must reproduce the
// Rust client's instructions byte for byte for every instruction in the IDL.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { generate, OUTPUT, camel } from "../scripts/generate.ts";
import { IDL, coder, encodeInstruction } from "../src/codec.ts";
import * as instructions from "../src/generated.ts";

const require = createRequire(import.meta.url);
const golden = require("./golden.json");

test("src/generated.ts is what scripts/generate.ts makes from the committed IDL", () => {
  assert.equal(readFileSync(OUTPUT, "utf8"), generate(IDL as any), "stale: run `npm run generate`");
});

test("every IDL instruction has a generated builder and a golden case", () => {
  const names = IDL.instructions.map((i) => i.name).sort();
  assert.deepEqual([...instructions.INSTRUCTION_NAMES].map(String).sort(), names.map(camel).sort());
  assert.deepEqual(golden.everyInstruction.map((c: any) => c.name).sort(), names);
  for (const n of names) assert.equal(typeof (instructions as any)[camel(n)], "function", n);
});

/** The coder's decoded shape (snake_case, BN, `{ Variant: {} }`) back to the client's. */
function fromCoder(v: any): any {
  if (BN.isBN(v)) return BigInt(v.toString());
  if (v instanceof PublicKey || v === null || typeof v !== "object") return v;
  if (Array.isArray(v) || v instanceof Uint8Array) return Array.from(v as any, fromCoder);
  const keys = Object.keys(v);
  if (keys.length === 1 && /^[A-Z]/.test(keys[0]) && Object.keys(v[keys[0]]).length === 0) {
    return keys[0].replace(/^./, (c) => c.toLowerCase()); // enum variant
  }
  return Object.fromEntries(keys.map((k) => [camel(k), fromCoder(v[k])]));
}

const u64Like = new Set(["u64", "i64"]);

for (const c of golden.everyInstruction) {
  test(`generated ${camel(c.name)} rebuilds the Rust client's instruction byte for byte`, () => {
    const idlIx = IDL.instructions.find((i) => i.name === c.name)!;
    const data = Buffer.from(c.data, "base64");
    const decoded = coder.instruction.decode(data);
    assert.ok(decoded, "golden data decodes");
    assert.equal(decoded!.name, c.name);
    const args = fromCoder(decoded!.data);
    // integers the IDL declares 64-bit must arrive as bigint, so builders never lose precision
    for (const f of idlIx.args) if (typeof f.type === "string" && u64Like.has(f.type)) assert.equal(typeof args[camel(f.name)], "bigint");
    assert.equal(idlIx.accounts.length, c.accounts.length, "account count");
    const accounts = Object.fromEntries(idlIx.accounts.map((a, i) => [camel(a.name), new PublicKey(c.accounts[i].pubkey)]));
    const built = (instructions as any)[camel(c.name)](accounts, args);
    assert.equal(built.programId.toBase58(), c.programId);
    assert.equal(Buffer.from(built.data).toString("base64"), c.data);
    assert.deepEqual(
      built.keys.map((k: any) => ({ pubkey: k.pubkey.toBase58(), isSigner: k.isSigner, isWritable: k.isWritable })),
      c.accounts,
    );
  });
}

test("builders refuse a missing account, a non-bigint u64 and an unknown enum variant", () => {
  const k = PublicKey.unique();
  const accts = { trader: k, market: k, pool: k, creditVault: k, quoteVault: k, traderCredit: k, traderQuote: k };
  const args = { direction: "buyCredits", amountIn: 1n, minAmountOut: 0n, deadline: 0n } as const;
  assert.doesNotThrow(() => instructions.swapExactIn(accts, args));
  assert.throws(() => encodeInstruction("swap_exact_in", { ...accts, pool: undefined }, args), /account pool is required/);
  assert.throws(() => encodeInstruction("swap_exact_in", accts, { ...args, amountIn: 1 }), /amountIn: expected a bigint/);
  assert.throws(() => encodeInstruction("swap_exact_in", accts, { ...args, direction: "sideways" }), /not a SwapDirection variant/);
});
