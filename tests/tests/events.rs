//! The program's events reach the transaction's logs (as `Program data:` lines, Anchor's format) and
//! decode to exactly the state change the transaction made: a swap, a job's whole lifecycle and a
//! slash. Each event field is checked against state read back from the bank, not against the code
//! that produced it.

use anchor_lang::Discriminator;
use compute_amm::events::*;
use compute_amm::state::{Job, JobStatus, Provider, SlashReason, SwapDirection};
use compute_amm_client::events::discriminators;
use compute_amm_client::{ix, quote};
use compute_amm_harness::fixture::UNIT;
use compute_amm_harness::{Fixture, FixtureConfig};
use compute_amm_tests::jobs::open;
use solana_pubkey::Pubkey;
use solana_signer::Signer;

/// The events of the last transaction, by discriminator, in order.
fn logged(fx: &Fixture) -> Vec<[u8; 8]> {
    discriminators(&fx.env.last_logs)
}

fn disc<E: Discriminator>() -> [u8; 8] {
    E::DISCRIMINATOR.try_into().unwrap()
}

#[tokio::test]
async fn swap_logs_swapped_matching_the_state_change() {
    let mut fx = Fixture::new().await;
    let before = fx.pool().await;
    let (c0, q0, _) = fx.balances(0).await;
    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    let accounts = ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote);
    let i = ix::swap_exact_in(accounts, SwapDirection::BuyCredits, 25 * UNIT, 0, deadline);
    fx.env.execute(&[i], &[&fx.users[0].kp]).await.unwrap();
    assert_eq!(logged(&fx), vec![disc::<Swapped>()], "exactly one event");
    let ev: Vec<Swapped> = fx.env.events();
    let ev = &ev[0];
    let after = fx.pool().await;
    let (c1, q1, _) = fx.balances(0).await;
    assert_eq!(ev.pool, fx.addrs.pool);
    assert_eq!(ev.trader, fx.users[0].key());
    assert_eq!(ev.direction, SwapDirection::BuyCredits);
    assert_eq!(ev.amount_in, q0 - q1);
    assert_eq!(ev.amount_out, c1 - c0);
    assert_eq!(
        (ev.reserve_credit, ev.reserve_quote),
        (after.reserve_credit, after.reserve_quote)
    );
    assert_eq!(
        ev.fee_protocol,
        after.protocol_fees_quote - before.protocol_fees_quote
    );
    // The LP fee stays in the reserve: reserve growth = amount in − protocol fee.
    assert_eq!(
        after.reserve_quote - before.reserve_quote,
        ev.amount_in - ev.fee_protocol
    );
    assert!(ev.fee_total >= ev.fee_protocol);
}

#[tokio::test]
async fn job_lifecycle_logs_every_step() {
    let mut fx = Fixture::new().await;
    let credit0 = fx.env.token_balance(fx.users[0].credit).await;
    let c = open(&mut fx, 7, &[10 * UNIT, 20 * UNIT]).await;
    // `open` ran open_job last; its logs are gone (it created accounts after), so re-check the job.
    let job: Job = fx.env.get(c.j.job).await;
    assert_eq!(
        credit0 - fx.env.token_balance(fx.users[0].credit).await,
        30 * UNIT
    );
    assert_eq!((job.job_id, job.total_credits), (7, 30 * UNIT));

    let p0: Provider = fx.env.get(fx.provider.addrs.provider).await;
    fx.env
        .execute(
            &[ix::accept_job(&fx.provider.addrs, c.j.job)],
            &[&fx.provider.kp],
        )
        .await
        .unwrap();
    assert_eq!(logged(&fx), vec![disc::<JobAccepted>()]);
    let ev = &fx.env.events::<JobAccepted>()[0];
    let p1: Provider = fx.env.get(fx.provider.addrs.provider).await;
    assert_eq!((ev.job, ev.provider), (c.j.job, fx.provider.addrs.provider));
    assert_eq!(ev.bond, p1.locked_bond - p0.locked_bond);

    let mut released_total = 0;
    for (index, amount) in [(0u8, 10 * UNIT), (1, 20 * UNIT)] {
        fx.env
            .execute(
                &[ix::submit_milestone(
                    &fx.provider.addrs,
                    c.j.job,
                    index,
                    [index + 9; 32],
                )],
                &[&fx.provider.kp],
            )
            .await
            .unwrap();
        assert_eq!(logged(&fx), vec![disc::<MilestoneSubmitted>()]);
        let ev = &fx.env.events::<MilestoneSubmitted>()[0];
        assert_eq!(
            (ev.job, ev.index, ev.result_hash),
            (c.j.job, index, [index + 9; 32])
        );

        let pc0 = fx.env.token_balance(fx.provider.credit).await;
        fx.env
            .execute(
                &[ix::approve_milestone(c.user_accounts(&fx), index)],
                &[&fx.users[0].kp],
            )
            .await
            .unwrap();
        let released = fx.env.token_balance(fx.provider.credit).await - pc0;
        released_total += released;
        let ev = &fx.env.events::<MilestoneReleased>()[0];
        assert_eq!(
            (ev.job, ev.index, ev.amount, ev.how),
            (c.j.job, index, released, 0)
        );
        assert_eq!(released, amount);
        if index == 1 {
            // The last release completes the job.
            assert_eq!(
                logged(&fx),
                vec![disc::<MilestoneReleased>(), disc::<JobSettled>()]
            );
            let s = &fx.env.events::<JobSettled>()[0];
            let job: Job = fx.env.get(c.j.job).await;
            let p2: Provider = fx.env.get(fx.provider.addrs.provider).await;
            assert_eq!(s.status, JobStatus::Completed);
            assert_eq!(job.status, JobStatus::Completed);
            assert_eq!((s.released, s.refunded), (job.released, job.refunded));
            assert_eq!(s.released, released_total);
            assert_eq!(s.bond_unlocked, p1.locked_bond - p2.locked_bond);
        } else {
            assert_eq!(logged(&fx), vec![disc::<MilestoneReleased>()]);
        }
    }

    let rent = fx.env.account(c.j.job).await.unwrap().lamports;
    fx.env
        .execute(&[ix::close_job(&c.j)], &[&fx.users[0].kp])
        .await
        .unwrap();
    assert_eq!(logged(&fx), vec![disc::<JobClosed>()]);
    let ev = &fx.env.events::<JobClosed>()[0];
    assert_eq!(
        (ev.job, ev.user, ev.status),
        (c.j.job, fx.users[0].key(), JobStatus::Completed)
    );
    assert_eq!(ev.rent_returned, rent);
    assert!(fx.env.account(c.j.job).await.is_none(), "closed");
}

#[tokio::test]
async fn slash_logs_its_split() {
    let mut fx = Fixture::with(FixtureConfig {
        users: 1,
        ..FixtureConfig::default()
    })
    .await;
    let p = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 1_000 * UNIT).await;
    // the harmed party is the user of a job of this provider (HarmedNotBound otherwise)
    let victim = Pubkey::new_unique();
    let harmed = fx.env.create_token_account(fx.protocol_mint, victim);
    let job = fx.env.plant_job(p.addrs.market, p.addrs.provider, victim);
    let supply0 = fx.env.mint_supply(fx.protocol_mint).await;
    let treasury0 = fx.env.token_balance(fx.treasury).await;
    let before: Provider = fx.env.get(p.addrs.provider).await;
    let acc = ix::slash_accounts(
        fx.arbiter.pubkey(),
        &p.addrs,
        harmed,
        fx.treasury,
        Some(job),
    );
    let i = ix::slash_provider(acc, 150 * UNIT, 30 * UNIT, SlashReason::LostDispute);
    fx.env.execute(&[i], &[&fx.arbiter]).await.unwrap();
    assert_eq!(logged(&fx), vec![disc::<ProviderSlashed>()]);
    let ev = &fx.env.events::<ProviderSlashed>()[0];
    let after: Provider = fx.env.get(p.addrs.provider).await;
    assert_eq!(ev.provider, p.addrs.provider);
    assert_eq!(ev.reason, SlashReason::LostDispute);
    assert_eq!((ev.requested, ev.slashed), (150 * UNIT, 150 * UNIT));
    assert_eq!(ev.from_active, before.stake - after.stake);
    assert_eq!(
        ev.from_pending,
        before.pending_tokens - after.pending_tokens
    );
    assert_eq!(ev.to_harmed, fx.env.token_balance(harmed).await);
    assert_eq!(
        ev.burned,
        supply0 - fx.env.mint_supply(fx.protocol_mint).await
    );
    assert_eq!(
        ev.to_treasury,
        fx.env.token_balance(fx.treasury).await - treasury0
    );
    assert_eq!(
        ev.slashed,
        ev.to_crank + ev.to_harmed + ev.burned + ev.to_treasury
    );
    assert_eq!(ev.slashed_this_epoch, after.slashed_this_epoch);
    let market = fx.market().await;
    let now = fx.env.now().await;
    assert!(quote::slash_room(&market, &after, now).is_ok());
}

#[tokio::test]
async fn a_failed_transaction_logs_no_event() {
    let mut fx = Fixture::new().await;
    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    let accounts = ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote);
    // Asking for more out than the pool can give fails on slippage.
    let i = ix::swap_exact_in(
        accounts,
        SwapDirection::BuyCredits,
        UNIT,
        u64::MAX,
        deadline,
    );
    assert!(fx.env.execute(&[i], &[&fx.users[0].kp]).await.is_err());
    assert!(fx.env.events::<Swapped>().is_empty());
}
