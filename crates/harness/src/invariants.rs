//! The economic invariants, as pure functions over account snapshots taken before and after a
//! transaction. `Env::execute` runs them after every transaction.
//!
//! 1. Vault balance = state reserve + accrued protocol fees (+ recorded donations), to the base unit.
//! 2. LP mint supply = pool LP supply − the locked minimum.
//! 3. LP share value (k / supply²) never decreases; k never decreases while supply is unchanged
//!    (swaps).
//! 4. Conservation: for every watched mint, the watched token accounts of that mint hold exactly
//!    its supply — nothing created or lost.
//! 5. A failed transaction changes no watched account.
//! 6. Stake: each market's stake vault holds exactly `market.total_stake` plus the slash proceeds
//!    held for harmed users and crankers (`market.compensation_owed`); `total_stake` equals the sum
//!    of its providers' active + cooling-down stake, and every provider's active stake covers its
//!    locked job bonds (a bond is never slashed away by anything but its own job's failure).
//! 7. Credits: each class's credit supply equals `class.total_obligations`, which equals the sum of
//!    its providers' obligations — every credit in circulation is backed by a provider.
//! 8. Escrow: each class's escrow vault holds exactly `class.total_escrowed` plus its accrued
//!    settlement take (`class.settlement_fees`); `total_escrowed` equals the sum over its open jobs
//!    of unspent escrow plus posted dispute bonds.
//! 9. Burn-and-mint: each market's protocol-token supply equals what was seeded at genesis plus
//!    `total_emitted` minus `total_burned`.

use std::collections::{BTreeMap, BTreeSet};

use compute_amm::state::{GpuClass, Job, Market, Pool, Provider};
use compute_amm_client::decode;
use compute_amm_math::{invariant_k, MINIMUM_LIQUIDITY};
use ethnum::U256;
use solana_account::Account;
use solana_pubkey::Pubkey;

/// Watched accounts by key; `None` when the account does not exist.
pub type Snapshot = BTreeMap<Pubkey, Option<Account>>;

/// What the checker watches.
#[derive(Clone, Debug, Default)]
pub struct Watch {
    pub pools: Vec<Pubkey>,
    pub markets: Vec<Pubkey>,
    pub classes: Vec<Pubkey>,
    /// Every provider of the watched markets (the sums are over these).
    pub providers: Vec<Pubkey>,
    /// Every job of the watched classes.
    pub jobs: Vec<Pubkey>,
    /// Tokens written into accounts directly (genesis seeding), per mint.
    pub seeded: BTreeMap<Pubkey, u128>,
    /// Mints whose supply must equal the sum of watched token accounts.
    pub mints: BTreeSet<Pubkey>,
    /// Every other watched account (token accounts, market, classes, vaults...).
    pub extra: BTreeSet<Pubkey>,
    /// Deliberate donations per vault.
    pub donations: BTreeMap<Pubkey, u64>,
}

impl Watch {
    pub fn accounts(&self) -> impl Iterator<Item = Pubkey> + '_ {
        let mut all: BTreeSet<Pubkey> = self.extra.clone();
        all.extend(self.pools.iter().copied());
        all.extend(self.markets.iter().copied());
        all.extend(self.classes.iter().copied());
        all.extend(self.providers.iter().copied());
        all.extend(self.jobs.iter().copied());
        all.extend(self.mints.iter().copied());
        all.into_iter()
    }
}

fn data<'a>(s: &'a Snapshot, key: &Pubkey) -> Option<&'a [u8]> {
    s.get(key)
        .and_then(|a| a.as_ref())
        .map(|a| a.data.as_slice())
}

fn pool_in(s: &Snapshot, key: &Pubkey) -> Option<Pool> {
    data(s, key).and_then(|d| decode::account::<Pool>(d).ok())
}

fn token_amount(s: &Snapshot, key: &Pubkey) -> Result<u64, String> {
    data(s, key)
        .and_then(decode::token_amount)
        .ok_or_else(|| format!("token account {key} missing"))
}

/// Invariant 5: a failed transaction left every watched account as it was.
pub fn unchanged(before: &Snapshot, after: &Snapshot) -> Result<(), String> {
    for (key, acc) in after {
        if before.get(key) != Some(acc) {
            return Err(format!("account {key} changed"));
        }
    }
    Ok(())
}

/// Invariants 1–4 after a successful transaction.
pub fn check(before: &Snapshot, after: &Snapshot, watch: &Watch) -> Result<(), String> {
    for key in &watch.pools {
        let Some(pool) = pool_in(after, key) else {
            continue; // not created yet
        };
        let donation = |vault: &Pubkey| watch.donations.get(vault).copied().unwrap_or(0);
        // 1. vaults hold exactly reserves + fees (+ donations)
        let credit = token_amount(after, &pool.credit_vault)?;
        let want_credit = pool.reserve_credit as u128
            + pool.protocol_fees_credit as u128
            + donation(&pool.credit_vault) as u128;
        if credit as u128 != want_credit {
            return Err(format!(
                "pool {key}: credit vault holds {credit}, state says {want_credit}"
            ));
        }
        let quote = token_amount(after, &pool.quote_vault)?;
        let want_quote = pool.reserve_quote as u128
            + pool.protocol_fees_quote as u128
            + donation(&pool.quote_vault) as u128;
        if quote as u128 != want_quote {
            return Err(format!(
                "pool {key}: quote vault holds {quote}, state says {want_quote}"
            ));
        }
        // 2. LP mint supply matches the tracked supply minus the locked minimum
        let minted = data(after, &pool.lp_mint)
            .and_then(decode::mint_supply)
            .ok_or_else(|| format!("lp mint of {key} missing"))?;
        let locked = if pool.lp_supply > 0 {
            MINIMUM_LIQUIDITY
        } else {
            0
        };
        if minted as u128 + locked as u128 != pool.lp_supply as u128 {
            return Err(format!(
                "pool {key}: lp mint supply {minted} + locked {locked} != lp_supply {}",
                pool.lp_supply
            ));
        }
        // 3. share value and k
        if let Some(prev) = pool_in(before, key) {
            let k0 = invariant_k(prev.reserve_credit, prev.reserve_quote);
            let k1 = invariant_k(pool.reserve_credit, pool.reserve_quote);
            if prev.lp_supply == pool.lp_supply && k1 < k0 {
                return Err(format!("pool {key}: k decreased from {k0} to {k1}"));
            }
            if prev.lp_supply > 0 && pool.lp_supply > 0 {
                let s0 = U256::from(prev.lp_supply);
                let s1 = U256::from(pool.lp_supply);
                // k1 / s1^2 >= k0 / s0^2  <=>  k1 * s0^2 >= k0 * s1^2 (both fit 256 bits)
                if U256::from(k1) * s0 * s0 < U256::from(k0) * s1 * s1 {
                    return Err(format!(
                        "pool {key}: LP share value decreased (k {k0}->{k1}, supply {}->{})",
                        prev.lp_supply, pool.lp_supply
                    ));
                }
            }
        }
    }
    // 6 & 7. stake and credit backing
    let providers: Vec<Provider> = watch
        .providers
        .iter()
        .filter_map(|k| data(after, k).and_then(|d| decode::account::<Provider>(d).ok()))
        .collect();
    for key in &watch.markets {
        let Some(market) = data(after, key).and_then(|d| decode::account::<Market>(d).ok()) else {
            continue;
        };
        let vault = token_amount(after, &market.stake_vault)?;
        let sum: u128 = providers
            .iter()
            .filter(|p| p.market == *key)
            .map(|p| p.stake as u128 + p.pending_tokens as u128)
            .sum();
        let held = market.total_stake as u128 + market.compensation_owed as u128;
        if vault as u128 != held || sum != market.total_stake as u128 {
            return Err(format!(
                "market {key}: stake vault {vault}, total_stake {} + compensation_owed {}, providers' stake {sum}",
                market.total_stake, market.compensation_owed
            ));
        }
        if let Some(p) = providers
            .iter()
            .find(|p| p.market == *key && p.stake < p.locked_bond)
        {
            return Err(format!(
                "market {key}: provider {} has stake {} below its locked bonds {}",
                p.authority, p.stake, p.locked_bond
            ));
        }
    }
    let jobs: Vec<Job> = watch
        .jobs
        .iter()
        .filter_map(|k| data(after, k).and_then(|d| decode::account::<Job>(d).ok()))
        .collect();
    for key in &watch.markets {
        let Some(market) = data(after, key).and_then(|d| decode::account::<Market>(d).ok()) else {
            continue;
        };
        let supply = data(after, &market.protocol_mint)
            .and_then(decode::mint_supply)
            .ok_or_else(|| format!("protocol mint of {key} missing"))?;
        let seeded = watch
            .seeded
            .get(&market.protocol_mint)
            .copied()
            .unwrap_or(0);
        let want = seeded + market.total_emitted as u128;
        if supply as u128 + market.total_burned as u128 != want {
            return Err(format!(
                "market {key}: protocol supply {supply} != seeded {seeded} + emitted {} - burned {}",
                market.total_emitted, market.total_burned
            ));
        }
    }
    for key in &watch.classes {
        let Some(class) = data(after, key).and_then(|d| decode::account::<GpuClass>(d).ok()) else {
            continue;
        };
        let escrow = token_amount(after, &class.escrow_vault)?;
        let open: u128 = jobs
            .iter()
            .filter(|j| j.gpu_class == *key && !j.is_final())
            .map(|j| j.unspent() as u128 + j.bonds_held() as u128)
            .sum();
        let booked = class.total_escrowed.checked_add(class.settlement_fees);
        if booked != Some(escrow) || open != class.total_escrowed as u128 {
            return Err(format!(
                "class {key}: escrow vault {escrow}, total_escrowed {} + settlement fees {}, open jobs hold {open}",
                class.total_escrowed, class.settlement_fees
            ));
        }
        let supply = data(after, &class.credit_mint)
            .and_then(decode::mint_supply)
            .ok_or_else(|| format!("credit mint of {key} missing"))?;
        let sum: u128 = providers
            .iter()
            .filter(|p| p.gpu_class == *key)
            .map(|p| p.obligations as u128)
            .sum();
        if supply != class.total_obligations || sum != class.total_obligations as u128 {
            return Err(format!(
                "class {key}: credit supply {supply}, total_obligations {}, providers' obligations {sum}",
                class.total_obligations
            ));
        }
    }
    // 4. conservation per mint over every watched token account
    let mut held: BTreeMap<Pubkey, u128> = BTreeMap::new();
    for acc in after.values().flatten() {
        if acc.owner == spl_token_interface::ID && acc.data.len() == 165 {
            let mint = Pubkey::try_from(&acc.data[0..32]).map_err(|e| e.to_string())?;
            let amount = decode::token_amount(&acc.data).unwrap_or(0);
            *held.entry(mint).or_insert(0) += amount as u128;
        }
    }
    for mint in &watch.mints {
        let Some(mint_data) = data(after, mint) else {
            continue; // not created yet (e.g. a pool's LP mint before create_pool)
        };
        let supply =
            decode::mint_supply(mint_data).ok_or_else(|| format!("mint {mint} unreadable"))?;
        let sum = held.get(mint).copied().unwrap_or(0);
        if sum != supply as u128 {
            return Err(format!(
                "mint {mint}: supply {supply} but watched accounts hold {sum}"
            ));
        }
    }
    Ok(())
}

// ---- incremental checking ----

/// Running totals behind invariants 4 and 6–8, kept up to date from the accounts each transaction
/// wrote, so checking after a transaction costs what the transaction touched (plus the few pools,
/// markets, classes and mints), not what the run has accumulated. [`Incremental::check`] checks
/// every invariant [`check`] checks from these totals; callers run the full [`check`] and
/// [`Incremental::of`] every N transactions, and both must agree with the running state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Incremental {
    /// Per market: the watched providers' active + cooling-down stake.
    stake: BTreeMap<Pubkey, u128>,
    /// Per class: the watched providers' obligations.
    obligations: BTreeMap<Pubkey, u128>,
    /// Per class: unspent escrow + bonds of its open watched jobs.
    escrow: BTreeMap<Pubkey, u128>,
    /// Per mint: what the watched token accounts hold.
    held: BTreeMap<Pubkey, u128>,
    /// Providers whose active stake is below their locked job bonds.
    under_bonded: BTreeSet<Pubkey>,
}

impl Incremental {
    /// The totals of a whole snapshot (the full recomputation).
    pub fn of(snapshot: &Snapshot) -> Self {
        let mut me = Self::default();
        for (key, acc) in snapshot {
            me.add(key, acc.as_ref(), 1);
        }
        me
    }

    /// Replaces `old` by `new` as the state of watched account `key`.
    pub fn update(&mut self, key: &Pubkey, old: Option<&Account>, new: Option<&Account>) {
        self.add(key, old, -1);
        self.add(key, new, 1);
    }

    fn add(&mut self, key: &Pubkey, acc: Option<&Account>, sign: i8) {
        let Some(acc) = acc else { return };
        let bump = |m: &mut BTreeMap<Pubkey, u128>, k: Pubkey, v: u128| {
            let e = m.entry(k).or_insert(0);
            *e = if sign > 0 {
                *e + v
            } else {
                e.checked_sub(v)
                    .expect("incremental totals never go negative")
            };
        };
        if acc.owner == spl_token_interface::ID && acc.data.len() == 165 {
            if let (Ok(mint), Some(amount)) = (
                Pubkey::try_from(&acc.data[0..32]),
                decode::token_amount(&acc.data),
            ) {
                bump(&mut self.held, mint, amount as u128);
            }
        } else if let Ok(p) = decode::account::<Provider>(&acc.data) {
            bump(
                &mut self.stake,
                p.market,
                p.stake as u128 + p.pending_tokens as u128,
            );
            bump(&mut self.obligations, p.gpu_class, p.obligations as u128);
            if p.stake < p.locked_bond {
                if sign > 0 {
                    self.under_bonded.insert(*key);
                } else {
                    self.under_bonded.remove(key);
                }
            }
        } else if let Ok(j) = decode::account::<Job>(&acc.data) {
            if !j.is_final() {
                bump(
                    &mut self.escrow,
                    j.gpu_class,
                    j.unspent() as u128 + j.bonds_held() as u128,
                );
            }
        }
    }

    /// Every invariant of [`check`], from the running totals: `after` is the whole current
    /// snapshot, `before` the previous state of (at least) the accounts the transaction wrote.
    pub fn check(&self, before: &Snapshot, after: &Snapshot, watch: &Watch) -> Result<(), String> {
        let total = |m: &BTreeMap<Pubkey, u128>, k: &Pubkey| m.get(k).copied().unwrap_or(0);
        // 1–3 per pool, on the pool's own accounts only (a handful each)
        let pools = Watch {
            pools: watch.pools.clone(),
            donations: watch.donations.clone(),
            ..Watch::default()
        };
        let mut own = Snapshot::new();
        for key in &watch.pools {
            let Some(pool) = pool_in(after, key) else {
                continue;
            };
            for k in [*key, pool.credit_vault, pool.quote_vault, pool.lp_mint] {
                if let Some(a) = after.get(&k) {
                    own.insert(k, a.clone());
                }
            }
        }
        check(before, &own, &pools)?;
        if let Some(p) = self.under_bonded.iter().next() {
            return Err(format!(
                "provider {p} has active stake below its locked bonds"
            ));
        }
        for key in &watch.markets {
            let Some(market) = data(after, key).and_then(|d| decode::account::<Market>(d).ok())
            else {
                continue;
            };
            let vault = token_amount(after, &market.stake_vault)?;
            let sum = total(&self.stake, key);
            let held = market.total_stake as u128 + market.compensation_owed as u128;
            if vault as u128 != held || sum != market.total_stake as u128 {
                return Err(format!(
                    "market {key}: stake vault {vault}, total_stake {} + compensation_owed {}, providers' stake {sum}",
                    market.total_stake, market.compensation_owed
                ));
            }
            let supply = data(after, &market.protocol_mint)
                .and_then(decode::mint_supply)
                .ok_or_else(|| format!("protocol mint of {key} missing"))?;
            let seeded = watch
                .seeded
                .get(&market.protocol_mint)
                .copied()
                .unwrap_or(0);
            if supply as u128 + market.total_burned as u128 != seeded + market.total_emitted as u128
            {
                return Err(format!(
                    "market {key}: protocol supply {supply} != seeded {seeded} + emitted {} - burned {}",
                    market.total_emitted, market.total_burned
                ));
            }
        }
        for key in &watch.classes {
            let Some(class) = data(after, key).and_then(|d| decode::account::<GpuClass>(d).ok())
            else {
                continue;
            };
            let escrow = token_amount(after, &class.escrow_vault)?;
            let open = total(&self.escrow, key);
            let booked = class.total_escrowed.checked_add(class.settlement_fees);
            if booked != Some(escrow) || open != class.total_escrowed as u128 {
                return Err(format!(
                    "class {key}: escrow vault {escrow}, total_escrowed {} + settlement fees {}, open jobs hold {open}",
                    class.total_escrowed, class.settlement_fees
                ));
            }
            let supply = data(after, &class.credit_mint)
                .and_then(decode::mint_supply)
                .ok_or_else(|| format!("credit mint of {key} missing"))?;
            let sum = total(&self.obligations, key);
            if supply != class.total_obligations || sum != class.total_obligations as u128 {
                return Err(format!(
                    "class {key}: credit supply {supply}, total_obligations {}, providers' obligations {sum}",
                    class.total_obligations
                ));
            }
        }
        for mint in &watch.mints {
            let Some(mint_data) = data(after, mint) else {
                continue;
            };
            let supply =
                decode::mint_supply(mint_data).ok_or_else(|| format!("mint {mint} unreadable"))?;
            let sum = total(&self.held, mint);
            if sum != supply as u128 {
                return Err(format!(
                    "mint {mint}: supply {supply} but watched accounts hold {sum}"
                ));
            }
        }
        Ok(())
    }
}
