/**
 * IDL-driven encoding behind the generated builders (`generated.ts`): account metas in the IDL's
 * order with its signer/writable flags, and arguments converted from this client's shapes (camelCase
 * fields, `bigint` integers, camelCase enum variant names) to Anchor's BorshCoder shapes.
 */
import { BorshCoder, type Idl } from "@coral-xyz/anchor";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** The program's Anchor IDL (`idl/compute_amm.json`, generated natively and checked fresh in CI). */
export const IDL: Idl = require("../../../idl/compute_amm.json");
export const PROGRAM_ID = new PublicKey(IDL.address);
export const coder = new BorshCoder(IDL);

type AnyType = any;

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Converts one value of IDL type `t` from the client's shape to the coder's. */
function toCoder(t: AnyType, v: unknown, path: string): unknown {
  if (typeof t === "string") {
    if (["u64", "i64", "u128", "i128"].includes(t)) {
      if (typeof v !== "bigint") throw new TypeError(`${path}: expected a bigint`);
      return new BN(v.toString());
    }
    if (t === "pubkey" && !(v instanceof PublicKey)) throw new TypeError(`${path}: expected a PublicKey`);
    return v;
  }
  if ("array" in t || "vec" in t) {
    const inner = "array" in t ? t.array[0] : t.vec;
    const arr = Array.from(v as ArrayLike<unknown>);
    if ("array" in t && arr.length !== t.array[1]) throw new TypeError(`${path}: expected ${t.array[1]} elements`);
    return arr.map((x, i) => toCoder(inner, x, `${path}[${i}]`));
  }
  if ("option" in t) return v === null || v === undefined ? null : toCoder(t.option, v, path);
  const def = (IDL.types ?? []).find((d) => d.name === t.defined.name);
  if (!def) throw new Error(`type ${t.defined.name} missing from the IDL`);
  if (def.type.kind === "enum") {
    const variant = def.type.variants.find((x) => camel(x.name.replace(/^./, (c) => c.toLowerCase())) === v);
    if (!variant) throw new TypeError(`${path}: not a ${def.name} variant: ${String(v)}`);
    return { [variant.name]: {} };
  }
  if (def.type.kind === "struct") {
    const obj = v as Record<string, unknown>;
    return Object.fromEntries(
      (def.type.fields as { name: string; type: AnyType }[]).map((f) => [f.name, toCoder(f.type, obj[camel(f.name)], `${path}.${camel(f.name)}`)]),
    );
  }
  throw new Error(`unsupported type kind for ${def.name}`);
}

/** Builds instruction `name` (snake_case, as in the IDL) from named accounts and camelCase args. */
export function encodeInstruction(name: string, accounts: Record<string, PublicKey | undefined>, args: Record<string, unknown>): TransactionInstruction {
  const ix = IDL.instructions.find((i) => i.name === name);
  if (!ix) throw new Error(`no instruction ${name} in the IDL`);
  const keys = (ix.accounts as { name: string; writable?: boolean; signer?: boolean; address?: string; optional?: boolean }[]).map((a) => {
    const given = accounts[camel(a.name)];
    // Anchor reads the program id in an optional account's place as "none".
    const pubkey = given ?? (a.address ? new PublicKey(a.address) : a.optional ? PROGRAM_ID : undefined);
    if (!pubkey) throw new TypeError(`${name}: account ${camel(a.name)} is required`);
    return { pubkey, isSigner: !!a.signer, isWritable: !!a.writable };
  });
  const data = Object.fromEntries(ix.args.map((f) => [f.name, toCoder(f.type, args[camel(f.name)], camel(f.name))]));
  return new TransactionInstruction({ programId: PROGRAM_ID, keys, data: coder.instruction.encode(name, data) });
}
