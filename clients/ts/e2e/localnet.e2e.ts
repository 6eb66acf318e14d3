// End to end over JSON-RPC against `localnet` (a real Agave validator with the program loaded as a
// native builtin). Uses only @solana/web3.js, @solana/spl-token and this client; every check reads
// state back over RPC. Run by scripts/e2e-ts.sh, which starts localnet and passes LOCALNET_INFO.
//
// The scenario makes its own market (a fresh protocol mint), so it is independent of the demo
// market localnet bootstraps: market, class, pool, provider registration and stake, credits,
// liquidity, a quoted swap (and a refused one), and a two-milestone job settled end to end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  Connection, Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction,
  sendAndConfirmTransaction, SYSVAR_CLOCK_PUBKEY, LAMPORTS_PER_SOL,
} from "@solana/web3.js";
import { createAccount, createMint, getAccount, getMint, mintTo } from "@solana/spl-token";
import {
  decodeAccount, errorCode, instructions, ix, jobAddresses, parseEvents, pda, poolAddresses, providerAddresses,
  quoteExactIn, PROGRAM_ID, type MarketParams, type PoolAddresses,
} from "../src/index.ts";

const infoPath = process.env.LOCALNET_INFO;
if (!infoPath) throw new Error("LOCALNET_INFO must point at the JSON localnet --info wrote");
const info = JSON.parse(readFileSync(infoPath, "utf8"));
const conn = new Connection(info.rpcUrl, "confirmed");
const faucet = Keypair.fromSecretKey(Uint8Array.from(info.faucetKeypair));
const UNIT = 1_000_000n;

const params: MarketParams = {
  swapFeePpm: 3_000, protocolFeeSharePpm: 200_000, challengeWindowSecs: 3_600n, disputeWindowSecs: 86_400n,
  unstakeCooldownSecs: 604_800n, paramTimelockSecs: 691_200n, stakePerCredit: 5n * UNIT, epochLengthSecs: 86_400n,
  slashCapBps: 2_000, slashBurnBps: 5_000, crankRewardBps: 50, disputeBondBps: 1_000, buybackTwapWindowSecs: 1_800n,
  buybackMaxDeviationBps: 300, emissionInitial: 10_000n * UNIT, emissionDecayBps: 100, emissionCap: 1_000_000n * UNIT,
  settlementFeeBps: 1_000,
};

const send = (ixs: TransactionInstruction[], signers: Keypair[] = []) =>
  sendAndConfirmTransaction(conn, new Transaction().add(...ixs), [faucet, ...signers], { commitment: "confirmed" });
const balance = async (a: PublicKey) => (await getAccount(conn, a, "confirmed")).amount;
const account = async (type: string, key: PublicKey) => decodeAccount<any>(type, (await conn.getAccountInfo(key, "confirmed"))!.data);
const now = async () => (await conn.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed"))!.data.readBigInt64LE(32);
const tokenAccount = (mint: PublicKey, owner: PublicKey) => createAccount(conn, faucet, mint, owner, Keypair.generate(), { commitment: "confirmed" });

/** The program's events in a confirmed transaction, decoded from the logs the validator recorded. */
async function eventsOf(signature: string) {
  const tx = await conn.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
  assert.ok(tx?.meta?.logMessages, `transaction ${signature} has recorded logs`);
  return parseEvents(tx.meta.logMessages);
}
/** The one event of a transaction, checked by name. */
async function onlyEvent(signature: string, name: string) {
  const evs = await eventsOf(signature);
  assert.deepEqual(evs.map((e) => e.name), [name], `events of ${signature}`);
  return evs[0].data;
}
const big = (v: { toString(): string }) => BigInt(v.toString());
const variant = (e: object) => Object.keys(e)[0].toLowerCase();

/** The program error code in a failed send's message or logs. */
function customCode(e: unknown): number | undefined {
  const text = String((e as any)?.message ?? e) + " " + ((e as any)?.logs ?? []).join(" ");
  const m = text.match(/custom program error: 0x([0-9a-f]+)/i);
  return m ? parseInt(m[1], 16) : undefined;
}

// README:ts-client
/** Buys GPU-hour credits for `pay` quote tokens over JSON-RPC, at the quoted price less 0.5%. */
async function buyCredits(connection: Connection, payer: Keypair, a: PoolAddresses, user: Keypair, userCredit: PublicKey, userQuote: PublicKey, pay: bigint) {
  const market = decodeAccount<any>("Market", (await connection.getAccountInfo(a.market))!.data);
  const pool = decodeAccount<any>("Pool", (await connection.getAccountInfo(a.pool))!.data);
  // The math the program runs, in BigInt: the quote is exact unless someone trades first.
  const q = quoteExactIn(BigInt(pool.reserve_quote.toString()), BigInt(pool.reserve_credit.toString()), pay, {
    swapFeePpm: BigInt(market.params.swap_fee_ppm),
    protocolSharePpm: BigInt(market.params.protocol_fee_share_ppm),
  });
  const minOut = q.amountOut - q.amountOut / 200n;
  const deadline = BigInt(Math.floor(Date.now() / 1000) + 60);
  const swap = ix.swapExactIn(user.publicKey, a, userCredit, userQuote, "buyCredits", pay, minOut, deadline);
  const before = BigInt((await connection.getTokenAccountBalance(userCredit, "confirmed")).value.amount);
  await sendAndConfirmTransaction(connection, new Transaction().add(swap), [payer, user], { commitment: "confirmed" });
  const after = BigInt((await connection.getTokenAccountBalance(userCredit, "confirmed")).value.amount);
  return after - before; // credits received
}
// README:end

test("market, pool, liquidity, stake, credits, swap and a job over JSON-RPC", async () => {
  assert.ok(new URL(info.rpcUrl).hostname === "127.0.0.1", "localnet serves loopback");
  const [admin, arbiter, provider, lp, user] = Array.from({ length: 5 }, () => Keypair.generate());
  await send([admin, arbiter, provider, lp, user].map((k) =>
    SystemProgram.transfer({ fromPubkey: faucet.publicKey, toPubkey: k.publicKey, lamports: 10 * LAMPORTS_PER_SOL })));

  // ---- protocol token: stake for the provider; initialize_market hands the mint authority to the market PDA ----
  const protocolMint = await createMint(conn, faucet, admin.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" });
  const market = pda.market(protocolMint);
  const stakeAmount = 100_000n * UNIT;
  const providerProtocol = await tokenAccount(protocolMint, provider.publicKey);
  await mintTo(conn, faucet, protocolMint, providerProtocol, admin, stakeAmount, [], { commitment: "confirmed" });
  const treasury = await tokenAccount(protocolMint, admin.publicKey);
  const quoteMint = await createMint(conn, faucet, admin.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" });

  // ---- market, class, pool ----
  const a = poolAddresses(protocolMint, 0, quoteMint);
  await send([ix.initializeMarket(admin.publicKey, protocolMint, treasury, params, arbiter.publicKey)], [admin]);
  await send([ix.createGpuClass(admin.publicKey, market, 0, "H100-SXM5-80GB"), ix.createPool(admin.publicKey, a)], [admin]);
  const m = await account("Market", market);
  assert.equal(m.protocol_mint.toBase58(), protocolMint.toBase58());
  assert.equal(m.params.swap_fee_ppm, 3_000);

  // ---- provider: register, stake, mint the opening credits to the LP ----
  const p = providerAddresses(protocolMint, 0, provider.publicKey);
  await send([ix.registerProvider(p, 8, "localnet-ts", new Uint8Array(32).fill(3)), ix.stake(p, providerProtocol, stakeAmount)], [provider]);
  assert.equal(await balance(providerProtocol), 0n);
  assert.equal(await balance(p.stakeVault), stakeAmount);
  const lpCredit = await tokenAccount(a.creditMint, lp.publicKey);
  const lpQuote = await tokenAccount(quoteMint, lp.publicKey);
  const lpLp = await tokenAccount(a.lpMint, lp.publicKey);
  const openingCredit = 10_000n * UNIT;
  const openingQuote = 25_000n * UNIT;
  await send([ix.mintCredits(p, lpCredit, openingCredit)], [provider]);
  assert.equal((await getMint(conn, a.creditMint, "confirmed")).supply, openingCredit);
  const prov = await account("Provider", p.provider);
  assert.equal(prov.stake.toString(), stakeAmount.toString());
  assert.equal(prov.obligations.toString(), openingCredit.toString());

  // ---- liquidity ----
  await mintTo(conn, faucet, quoteMint, lpQuote, admin, openingQuote, [], { commitment: "confirmed" });
  const deadline = (await now()) + 600n;
  await send([ix.addLiquidity(lp.publicKey, a, lpCredit, lpQuote, lpLp, 0n, openingCredit, openingQuote, deadline)], [lp]);
  let pool = await account("Pool", a.pool);
  assert.equal(pool.reserve_credit.toString(), openingCredit.toString());
  assert.equal(pool.reserve_quote.toString(), openingQuote.toString());
  assert.equal(await balance(a.creditVault), openingCredit);
  assert.equal(await balance(lpLp), (await getMint(conn, a.lpMint, "confirmed")).supply);
  assert.equal(pool.lp_supply.toString(), ((await balance(lpLp)) + 1_000n).toString(), "1,000 LP locked in the pool, never minted");

  // ---- a user buys credits at the quote; one base unit more is refused and moves nothing ----
  const userCredit = await tokenAccount(a.creditMint, user.publicKey);
  const userQuote = await tokenAccount(quoteMint, user.publicKey);
  await mintTo(conn, faucet, quoteMint, userQuote, admin, 1_000n * UNIT, [], { commitment: "confirmed" });
  const pay = 250n * UNIT;
  const q = quoteExactIn(BigInt(pool.reserve_quote.toString()), BigInt(pool.reserve_credit.toString()), pay,
    { swapFeePpm: BigInt(m.params.swap_fee_ppm), protocolSharePpm: BigInt(m.params.protocol_fee_share_ppm) });
  await assert.rejects(
    send([ix.swapExactIn(user.publicKey, a, userCredit, userQuote, "buyCredits", pay, q.amountOut + 1n, deadline)], [user]),
    (e) => customCode(e) === errorCode("SlippageExceeded"),
  );
  assert.equal(await balance(userQuote), 1_000n * UNIT);
  assert.equal(await balance(userCredit), 0n);
  const swapSig = await send([ix.swapExactIn(user.publicKey, a, userCredit, userQuote, "buyCredits", pay, q.amountOut, deadline)], [user]);
  assert.equal(await balance(userCredit), q.amountOut);
  // The swap's event, from the confirmed transaction over RPC, matches what moved.
  const swapped = await onlyEvent(swapSig, "Swapped");
  assert.equal(swapped.pool.toBase58(), a.pool.toBase58());
  assert.equal(swapped.trader.toBase58(), user.publicKey.toBase58());
  assert.equal(variant(swapped.direction), "buycredits");
  assert.equal(big(swapped.amount_in), pay);
  assert.equal(big(swapped.amount_out), await balance(userCredit));
  assert.equal(big(swapped.fee_protocol), q.feeProtocol);
  assert.equal(await balance(userQuote), 1_000n * UNIT - pay);
  pool = await account("Pool", a.pool);
  assert.equal(pool.reserve_credit.toString(), q.newReserveOut.toString());
  assert.equal(pool.reserve_quote.toString(), q.newReserveIn.toString());

  // The README's client snippet, run for real: it gets exactly what the quote said.
  pool = await account("Pool", a.pool);
  const expect = quoteExactIn(BigInt(pool.reserve_quote.toString()), BigInt(pool.reserve_credit.toString()), 100n * UNIT,
    { swapFeePpm: 3_000n, protocolSharePpm: 200_000n });
  const creditsBefore = await balance(userCredit);
  const got = await buyCredits(conn, faucet, a, user, userCredit, userQuote, 100n * UNIT);
  assert.equal(got, expect.amountOut);
  assert.equal(await balance(userCredit), creditsBefore + expect.amountOut);

  // ---- a two-milestone job, settled end to end ----
  const providerCredit = await tokenAccount(a.creditMint, provider.publicKey);
  const milestones = [40n * UNIT, 60n * UNIT];
  const total = milestones[0] + milestones[1];
  const j = jobAddresses(protocolMint, treasury, 0, user.publicKey, 1n);
  const t = await now();
  const heldCredits = await balance(userCredit);
  const opened = await onlyEvent(await send([ix.openJob(j, userCredit, 1, milestones, t + 3_600n, t + 86_400n)], [user]), "JobOpened");
  assert.equal(await balance(userCredit), heldCredits - total);
  assert.equal(await balance(j.escrowVault), total);
  assert.equal(opened.job.toBase58(), j.job.toBase58());
  assert.equal(big(opened.total_credits), total);
  assert.equal(opened.milestone_count, 2);
  const accepted = await onlyEvent(await send([ix.acceptJob(p, j.job)], [provider]), "JobAccepted");
  const bond = (total * params.stakePerCredit) / UNIT;
  assert.equal((await account("Provider", p.provider)).locked_bond.toString(), bond.toString());
  assert.equal(big(accepted.bond), bond);
  assert.equal(accepted.provider.toBase58(), p.provider.toBase58());
  let paid = 0n;
  for (const [i, amount] of milestones.entries()) {
    const submitted = await onlyEvent(await send([ix.submitMilestone(p, j.job, i, new Uint8Array(32).fill(i + 1))], [provider]), "MilestoneSubmitted");
    assert.equal(submitted.index, i);
    assert.deepEqual([...submitted.result_hash], Array(32).fill(i + 1));
    const evs = await eventsOf(await send([ix.approveMilestone(j, p, userCredit, providerCredit, i)], [user]));
    // the provider gets the milestone less the settlement take (10%, rounded up), kept for the burn
    const take = (amount * BigInt(params.settlementFeeBps) + 9_999n) / 10_000n;
    paid += amount - take;
    assert.equal(await balance(providerCredit), paid);
    assert.equal(await balance(j.escrowVault), total - paid);
    assert.equal(big(evs[0].data.take), take);
    assert.deepEqual(evs.map((e) => e.name), i === milestones.length - 1 ? ["MilestoneReleased", "JobSettled"] : ["MilestoneReleased"]);
    assert.equal(big(evs[0].data.amount), amount);
    assert.equal(evs[0].data.index, i);
    if (i === milestones.length - 1) {
      assert.equal(variant(evs[1].data.status), "completed");
      assert.equal(big(evs[1].data.released), total);
      assert.equal(big(evs[1].data.bond_unlocked), bond);
    }
  }
  const job = await account("Job", j.job);
  assert.equal(job.released.toString(), total.toString());
  assert.equal((await account("Provider", p.provider)).locked_bond.toString(), "0");
  // ---- the arbiter slashes the provider; the event's split is what moved ----
  // (the harmed-party claim goes to the user of a job of this provider: the job is passed along)
  const harmed = await tokenAccount(protocolMint, user.publicKey);
  const supply0 = (await getMint(conn, protocolMint, "confirmed")).supply;
  const treasury0 = await balance(treasury);
  const vault0 = await balance(p.stakeVault);
  const slash = instructions.slashProvider(
    { arbiter: arbiter.publicKey, market, provider: p.provider, stakeVault: p.stakeVault, protocolMint, harmed, treasury, job: j.job },
    { amount: 1_000n * UNIT, harmedClaim: 100n * UNIT, reason: "lostDispute" },
  );
  const slashed = await onlyEvent(await send([slash], [arbiter]), "ProviderSlashed");
  assert.equal(slashed.provider.toBase58(), p.provider.toBase58());
  assert.equal(variant(slashed.reason), "lostdispute");
  assert.equal(big(slashed.slashed), 1_000n * UNIT);
  assert.equal(big(slashed.slashed), vault0 - (await balance(p.stakeVault)));
  assert.equal(big(slashed.to_harmed), await balance(harmed));
  assert.equal(big(slashed.to_harmed), 100n * UNIT);
  assert.equal(big(slashed.burned), supply0 - (await getMint(conn, protocolMint, "confirmed")).supply);
  assert.equal(big(slashed.to_treasury), (await balance(treasury)) - treasury0);
  assert.equal(big((await account("Provider", p.provider)).stake), stakeAmount - 1_000n * UNIT);

  // ---- the user closes the settled job and gets its rent back ----
  const rent = (await conn.getAccountInfo(j.job, "confirmed"))!.lamports;
  const closed = await onlyEvent(await send([ix.closeJob(j)], [user]), "JobClosed");
  assert.equal(await conn.getAccountInfo(j.job, "confirmed"), null, "job account closed");
  assert.equal(closed.job.toBase58(), j.job.toBase58());
  assert.equal(big(closed.rent_returned), BigInt(rent));
  assert.equal(PROGRAM_ID.toBase58(), info.programId);
});
