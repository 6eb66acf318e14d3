//! The engine interface both engines implement, and the model engine.

use crate::action::{Action, Actor, TraceRecord};
use crate::model::{ChainState, Code};

/// Applies agent actions to a market and exposes the resulting state to the agents.
pub trait Engine {
    /// The market as the agents see it.
    fn state(&self) -> &ChainState;
    /// Applies one action: `Err(code)` with nothing changed, exactly as the program would answer.
    fn apply(&mut self, action: &Action) -> Result<(), Code>;
    /// Actions applied so far.
    fn actions(&self) -> u64;
}

/// Applies one action to the in-memory state.
pub fn dispatch(st: &mut ChainState, a: &Action) -> Result<(), Code> {
    match *a {
        Action::Warp { secs } => {
            st.now += secs;
            Ok(())
        }
        Action::Seed { who, tokens } => {
            let supply = &mut st.token_supply;
            let w = match who {
                Actor::Provider(i) => &mut st.provider_wallets[i as usize],
                Actor::User(i) => &mut st.users[i as usize],
                Actor::Arb(i) => &mut st.arbs[i as usize],
                Actor::Keeper => &mut st.keeper,
            };
            ChainState::seed_tokens(w, supply, tokens);
            Ok(())
        }
        Action::InitialLiquidity {
            provider,
            credits,
            tokens,
        } => st
            .initial_liquidity(provider as usize, credits, tokens)
            .map(|_| ()),
        Action::SwapExactIn {
            who,
            side,
            amount_in,
            min_out,
        } => st.swap_exact_in(who, side, amount_in, min_out).map(|_| ()),
        Action::Register { provider, stake } => {
            debug_assert_eq!(provider as usize, st.providers.len());
            st.register(stake).map(|_| ())
        }
        Action::MintCredits { provider, amount } => st.mint_credits(provider as usize, amount),
        Action::RequestUnstake { provider, amount } => {
            st.request_unstake(provider as usize, amount)
        }
        Action::RetireCredits { provider, amount } => st.retire_credits(provider as usize, amount),
        Action::WithdrawUnstaked { provider, ticket } => st
            .withdraw_unstaked(provider as usize, ticket as usize)
            .map(|_| ()),
        Action::BuyAndOpenJob {
            user,
            job,
            credits,
            max_in,
            accept_secs,
            complete_secs,
            milestones,
        } => {
            debug_assert_eq!(job as usize, st.jobs.len());
            let windows = (accept_secs, complete_secs);
            st.buy_and_open_job(user as usize, credits, milestones, max_in, windows)
                .map(|_| ())
        }
        Action::AcceptJob { provider, job } => st.accept_job(provider as usize, job as usize),
        Action::Submit {
            provider,
            job,
            good,
            milestone,
        } => st.submit(provider as usize, job as usize, milestone, good),
        Action::Approve { job, milestone } => st.approve(job as usize, milestone),
        Action::Claim {
            provider,
            job,
            milestone,
        } => st.claim(provider as usize, job as usize, milestone),
        Action::Dispute { job, milestone } => st.dispute(job as usize, milestone),
        Action::Resolve {
            job,
            provider_at_fault,
            milestone,
        } => st.resolve(job as usize, milestone, provider_at_fault),
        Action::Expire { job } => st.expire(job as usize),
        Action::CancelJob { job } => st.cancel(job as usize),
        Action::ClaimCompensation { job } => st.claim_compensation(job as usize),
        Action::AdvanceEpoch => st.advance_epoch().map(|_| ()),
        Action::ClaimRewards { provider, epoch } => {
            st.claim_rewards(provider as usize, epoch).map(|_| ())
        }
        Action::BurnFees => st.burn_fees().map(|_| ()),
        Action::MoveSettlementFees => st.move_settlement_fees().map(|_| ()),
        Action::ProposeEmission { emission } => st.propose_emission(emission),
        Action::ApplyParams => st.apply_params(),
    }
}

/// The fast in-memory engine (Monte Carlo, sweeps).
pub struct ModelEngine {
    pub st: ChainState,
    pub applied: u64,
    /// Recorded when `Some`.
    pub trace: Option<Vec<TraceRecord>>,
}

impl ModelEngine {
    pub fn new(st: ChainState, record: bool) -> Self {
        Self {
            st,
            applied: 0,
            trace: record.then(Vec::new),
        }
    }
}

impl Engine for ModelEngine {
    fn state(&self) -> &ChainState {
        &self.st
    }

    fn apply(&mut self, action: &Action) -> Result<(), Code> {
        let r = dispatch(&mut self.st, action);
        if let Some(t) = &mut self.trace {
            t.push(TraceRecord {
                step: self.applied,
                action: action.clone(),
                error: r.err(),
            });
        }
        self.applied += 1;
        r
    }

    fn actions(&self) -> u64 {
        self.applied
    }
}
