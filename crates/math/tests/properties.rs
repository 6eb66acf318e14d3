//! Property tests for the shared math. Each property is an economic invariant the program relies on;
//! `CASES` inputs per property (override with PROPTEST_CASES).

use compute_amm_math::twap::{accumulate, spot_price_q64, twap_between, Observation};
use compute_amm_math::*;
use proptest::prelude::*;

const CASES: u32 = 10_000;

fn fees() -> impl Strategy<Value = FeeSchedule> {
    (0u32..100_000, 0u32..=1_000_000).prop_map(|(f, s)| FeeSchedule {
        swap_fee_ppm: f,
        protocol_share_ppm: s,
    })
}

/// Reserves spanning dust pools to pools near u64::MAX.
fn reserve() -> impl Strategy<Value = u64> {
    prop_oneof![
        1u64..1_000,
        1_000u64..1_000_000_000,
        1_000_000_000u64..u64::MAX / 2,
        Just(u64::MAX)
    ]
}

fn amount() -> impl Strategy<Value = u64> {
    prop_oneof![0u64..10, 10u64..1_000_000_000, any::<u64>()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// k never decreases across an exact-in swap, and the result is internally consistent.
    #[test]
    fn exact_in_never_decreases_k(ri in reserve(), ro in reserve(), a in amount(), f in fees()) {
        if let Ok(r) = swap_exact_in(ri, ro, a, f) {
            prop_assert!(invariant_k(r.new_reserve_in, r.new_reserve_out) >= invariant_k(ri, ro));
            prop_assert_eq!(r.amount_in, a);
            prop_assert!(r.amount_out > 0 && r.amount_out < ro);
            prop_assert_eq!(r.fee_total, r.fee_protocol + r.fee_lp);
            prop_assert_eq!(r.new_reserve_in as u128, ri as u128 + a as u128 - r.fee_protocol as u128);
            prop_assert_eq!(r.new_reserve_out, ro - r.amount_out);
            // fee rounds up: fee * 1e6 >= amount * rate
            prop_assert!(r.fee_total as u128 * FEE_DENOMINATOR as u128 >= a as u128 * f.swap_fee_ppm as u128);
            // protocol cut rounds down
            prop_assert!(r.fee_protocol as u128 * FEE_DENOMINATOR as u128 <= r.fee_total as u128 * f.protocol_share_ppm as u128);
        }
    }

    /// k never decreases across an exact-out swap; the output is exact and the input is enough.
    #[test]
    fn exact_out_never_decreases_k(ri in reserve(), ro in reserve(), out in amount(), f in fees()) {
        if let Ok(r) = swap_exact_out(ri, ro, out, f) {
            prop_assert!(invariant_k(r.new_reserve_in, r.new_reserve_out) >= invariant_k(ri, ro));
            prop_assert_eq!(r.amount_out, out);
            prop_assert!(r.fee_total as u128 * FEE_DENOMINATOR as u128 >= r.amount_in as u128 * f.swap_fee_ppm as u128);
            // the same input through exact-in buys at least the requested output
            if let Ok(check) = swap_exact_in(ri, ro, r.amount_in, f) {
                prop_assert!(check.amount_out >= out);
            }
        }
    }

    /// Swapping in and straight back never returns more than was put in.
    #[test]
    fn round_trip_never_profits(ri in reserve(), ro in reserve(), a in amount(), f in fees()) {
        if let Ok(first) = swap_exact_in(ri, ro, a, f) {
            if let Ok(back) = swap_exact_in(first.new_reserve_out, first.new_reserve_in, first.amount_out, f) {
                prop_assert!(back.amount_out <= a, "in {} out {}", a, back.amount_out);
            }
        }
    }

    /// Exact-out then selling the output back never profits either.
    #[test]
    fn exact_out_round_trip_never_profits(ri in reserve(), ro in reserve(), out in amount(), f in fees()) {
        if let Ok(first) = swap_exact_out(ri, ro, out, f) {
            if let Ok(back) = swap_exact_in(first.new_reserve_out, first.new_reserve_in, first.amount_out, f) {
                prop_assert!(back.amount_out <= first.amount_in);
            }
        }
    }

    /// A deposit never lowers the value of an existing share (per reserve), and withdrawing the new
    /// shares at once returns no more than was paid.
    #[test]
    fn deposit_never_dilutes(ra in reserve(), rb in reserve(), s in 1_001u64..u64::MAX / 2, lp in amount()) {
        if let Ok((a, b)) = deposit_for_lp(lp, ra, rb, s) {
            let (na, nb, ns) = (ra as u128 + a as u128, rb as u128 + b as u128, s as u128 + lp as u128);
            // The program's checked adds reject anything past u64; only states it can hold matter.
            if na > u64::MAX as u128 || nb > u64::MAX as u128 || ns > u64::MAX as u128 {
                return Ok(());
            }
            prop_assert!(na * s as u128 >= ra as u128 * ns);
            prop_assert!(nb * s as u128 >= rb as u128 * ns);
            if let Ok((wa, wb)) = withdraw_for_lp(lp, na as u64, nb as u64, ns as u64) {
                prop_assert!(wa <= a && wb <= b);
            }
        }
    }

    /// A withdrawal never lowers the value of the shares that stay.
    #[test]
    fn withdraw_never_dilutes(ra in reserve(), rb in reserve(), s in 1_001u64..u64::MAX, lp in amount()) {
        if let Ok((a, b)) = withdraw_for_lp(lp, ra, rb, s) {
            prop_assert!(lp < s);
            let ns = (s - lp) as u128;
            prop_assert!((ra - a) as u128 * s as u128 >= ra as u128 * ns);
            prop_assert!((rb - b) as u128 * s as u128 >= rb as u128 * ns);
        }
    }

    /// The client-side LP quote never asks for more than the stated maxima.
    #[test]
    fn lp_quote_respects_maxima(ra in reserve(), rb in reserve(), s in 1_001u64..u64::MAX, ma in amount(), mb in amount()) {
        if let Ok(lp) = lp_for_deposit(ma, mb, ra, rb, s) {
            if let Ok((a, b)) = deposit_for_lp(lp, ra, rb, s) {
                prop_assert!(a <= ma && b <= mb);
            }
        }
    }

    /// The first deposit locks exactly the minimum and never mints more than sqrt(a*b).
    #[test]
    fn initial_lp_is_floor_sqrt(a in amount(), b in amount()) {
        if let Ok(lp) = initial_lp(a, b) {
            let t = lp.total as u128;
            prop_assert!(t * t <= a as u128 * b as u128);
            prop_assert!((t + 1) * (t + 1) > a as u128 * b as u128);
            prop_assert_eq!(lp.to_depositor + MINIMUM_LIQUIDITY, lp.total);
        }
    }

    /// Nothing panics on any input: every function answers Ok or a MathError.
    #[test]
    fn no_panic_on_any_u64(a in any::<u64>(), b in any::<u64>(), c in any::<u64>(), d in any::<u64>(),
                           f in any::<u32>(), s in any::<u32>()) {
        let sched = FeeSchedule { swap_fee_ppm: f, protocol_share_ppm: s };
        let _ = swap_exact_in(a, b, c, sched);
        let _ = swap_exact_out(a, b, c, sched);
        let _ = fee_on_input(a, sched);
        let _ = initial_lp(a, b);
        let _ = deposit_for_lp(a, b, c, d);
        let _ = withdraw_for_lp(a, b, c, d);
        let _ = lp_for_deposit(a, b, c, d, a);
        let _ = mul_div(a, b, c, Rounding::Up);
        let _ = spot_price_q64(a, b);
        let _ = accumulate(a as u128 * b as u128, c as i64, d as i64, u128::MAX);
    }

    /// A TWAP over a period of constant price equals that price.
    #[test]
    fn twap_of_constant_price(rq in 1u64..u64::MAX, rc in 1u64..u64::MAX, t0 in 0i64..1_000_000_000, dt in 1i64..10_000_000, c0 in any::<u128>()) {
        let p = spot_price_q64(rq, rc).unwrap();
        let c1 = accumulate(c0, t0, t0 + dt, p);
        let twap = twap_between(
            Observation { timestamp: t0, cumulative_price_q64: c0 },
            Observation { timestamp: t0 + dt, cumulative_price_q64: c1 },
        );
        prop_assert_eq!(twap, Some(p));
    }
}

mod stake_properties {
    use compute_amm_math::stake::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(super::CASES))]

        /// Credits minted up to the limit are always fully backed.
        #[test]
        fn minted_credits_are_backed(stake in any::<u64>(), oblig in any::<u64>(), bond in any::<u64>(), spc in 1u64..u64::MAX) {
            if let Ok(m) = mintable_credits(stake, oblig, bond, spc) {
                if m > 0 {
                    let req = required_stake(oblig + m, spc).unwrap();
                    prop_assert!(req as u128 + bond as u128 <= stake as u128);
                }
            }
        }

        /// A slash's parts add up exactly, come from the right places, and respect the claim.
        #[test]
        fn slash_parts_add_up(amount in any::<u64>(), active in any::<u64>(), pending in any::<u64>(),
                              claim in any::<u64>(), crank in 0u16..=10_000, burn in 0u16..=10_000) {
            if let Ok(s) = slash_split(amount, active, pending, claim, crank, burn) {
                prop_assert_eq!(s.from_active as u128 + s.from_pending as u128, s.total as u128);
                prop_assert_eq!(s.to_crank as u128 + s.to_harmed as u128 + s.to_burn as u128 + s.to_treasury as u128, s.total as u128);
                prop_assert!(s.total <= amount && s.from_active <= active && s.from_pending <= pending);
                prop_assert!(s.to_harmed <= claim);
            }
        }

        /// Tickets never redeem more than the pending pool holds, in any order of exit, with slashes
        /// in between.
        #[test]
        fn tickets_never_overdraw(amounts in proptest::collection::vec(1u64..1_000_000_000, 1..8), slash in 0u64..2_000_000_000) {
            let (mut tokens, mut shares) = (0u64, 0u64);
            let mut tickets = vec![];
            for a in amounts {
                if let Ok(s) = ticket_shares(a, tokens, shares) {
                    tokens += a;
                    shares += s;
                    tickets.push(s);
                }
            }
            tokens -= slash.min(tokens);
            let start = tokens;
            let mut paid = 0u64;
            for s in tickets {
                let p = ticket_payout(s, tokens, shares).unwrap();
                prop_assert!(p <= tokens);
                tokens -= p;
                shares -= s;
                paid += p;
            }
            prop_assert_eq!(paid, start, "every token is paid out, none invented");
            prop_assert_eq!(shares, 0);
        }

        /// The per-epoch cap is never exceeded however a slash is split across calls.
        #[test]
        fn cap_holds_across_calls(stake in 0u64..u64::MAX / 4, pending in 0u64..u64::MAX / 4, cap in 0u16..=5_000, parts in proptest::collection::vec(any::<u64>(), 1..6)) {
            let (mut st, mut pe, mut slashed) = (stake, pending, 0u64);
            for p in parts {
                let room = slash_cap_remaining(st, pe, slashed, cap).unwrap();
                let s = slash_split(p.min(room), st, pe, 0, 0, 0).unwrap();
                st -= s.from_active;
                pe -= s.from_pending;
                slashed += s.total;
            }
            prop_assert!(slashed as u128 * 10_000 <= (stake as u128 + pending as u128) * cap as u128);
        }
    }
}

// ---- the dynamic fee rule (issue 15): bounded, monotone, never panics ----

mod dynamic_fee_props {
    use compute_amm_math::dynamic_fee::*;
    use proptest::prelude::*;

    fn params() -> impl Strategy<Value = DynamicFeeParams> {
        (
            0u32..=MAX_DYNAMIC_FEE_PPM,
            0u32..=MAX_DYNAMIC_FEE_PPM,
            any::<u32>(),
            any::<u32>(),
            1u32..=u32::MAX,
            any::<u32>(),
            1u32..=u32::MAX,
        )
            .prop_map(|(a, b, v, sc, h, mv, w)| DynamicFeeParams {
                base_fee_ppm: a.min(b),
                max_fee_ppm: a.max(b),
                volatility_ppm_per_bps: v,
                scarcity_ppm_at_full_depletion: sc,
                volatility_half_life_secs: h,
                max_volatility_bps: mv,
                reserve_window_secs: w,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(super::CASES))]

        #[test]
        fn the_fee_stays_between_base_and_cap(p in params(), v in any::<u32>(), r in any::<u64>(), rec in any::<u64>()) {
            let f = fee_ppm(&p, v, r, rec).expect("valid params");
            prop_assert!(f >= p.base_fee_ppm && f <= p.max_fee_ppm);
            prop_assert!(f <= MAX_DYNAMIC_FEE_PPM);
        }

        #[test]
        fn the_fee_rises_with_volatility_and_with_depletion(
            p in params(), v1 in any::<u32>(), v2 in any::<u32>(),
            r1 in any::<u64>(), r2 in any::<u64>(), rec in any::<u64>()
        ) {
            let (vl, vh) = (v1.min(v2), v1.max(v2));
            prop_assert!(fee_ppm(&p, vl, r1, rec)? <= fee_ppm(&p, vh, r1, rec)?);
            // a smaller reserve (more depleted) never pays less
            let (rl, rh) = (r1.min(r2), r1.max(r2));
            prop_assert!(fee_ppm(&p, v1, rh, rec)? <= fee_ppm(&p, v1, rl, rec)?);
        }

        #[test]
        fn decay_never_grows_and_is_monotone_in_time(v in any::<u32>(), t1 in any::<i64>(), t2 in any::<i64>(), h in 1u32..=u32::MAX) {
            let (tl, th) = (t1.min(t2), t1.max(t2));
            prop_assert!(decay(v, th, h) <= decay(v, tl, h));
            prop_assert!(decay(v, tl, h) <= v);
        }

        #[test]
        fn a_swap_update_never_panics_and_stays_in_bounds(
            p in params(), vol in any::<u32>(), rec in any::<u64>(), at in any::<i64>(),
            now in any::<i64>(), b in any::<u128>(), a in any::<u128>(), r in any::<u64>()
        ) {
            let s = FeeState { volatility_bps: vol, recent_reserve: rec, updated_at: at };
            let t = record_move(&p, s, now, b, a, r);
            prop_assert!(t.volatility_bps <= p.max_volatility_bps);
            if rec != 0 {
                prop_assert!(t.recent_reserve >= rec.min(r) && t.recent_reserve <= rec.max(r));
            } else {
                prop_assert_eq!(t.recent_reserve, r);
            }
            prop_assert!(t.updated_at >= at);
        }
    }
}
