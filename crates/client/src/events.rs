//! Decoding the program's events from a transaction's log messages.
//!
//! The program writes each event as a `Program data: <base64>` line (Anchor's `emit!` format: the
//! event's 8-byte discriminator, then its Borsh encoding). Only lines written while Compute AMM is
//! the executing program count: the `Program <id> invoke [n]` / `success` / `failed` lines give the
//! call stack, so data logged by another program (a CPI target) is never mistaken for ours.

use anchor_lang::{AnchorDeserialize, Discriminator, Event};
use base64::Engine;

pub use compute_amm::events::*;

use crate::Pubkey;

/// The raw event payloads (discriminator + Borsh data) that `program` logged, in order.
pub fn program_data(logs: &[String], program: &Pubkey) -> Vec<Vec<u8>> {
    let program = program.to_string();
    let mut stack: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for line in logs {
        if let Some(rest) = line.strip_prefix("Program data: ") {
            if stack.last() == Some(&program.as_str()) {
                // Every field of the line is one base64 slice; an event is logged as one slice.
                for field in rest.split(' ') {
                    if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(field) {
                        out.push(bytes);
                    }
                }
            }
        } else if let Some(rest) = line.strip_prefix("Program ") {
            let mut words = rest.split(' ');
            let (Some(id), Some(verb)) = (words.next(), words.next()) else {
                continue;
            };
            match verb {
                "invoke" => stack.push(id),
                "success" | "failed:" => {
                    if stack.last() == Some(&id) {
                        stack.pop();
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Every event of type `E` that Compute AMM logged, in order.
pub fn decode<E: Event + AnchorDeserialize + Discriminator>(logs: &[String]) -> Vec<E> {
    program_data(logs, &crate::PROGRAM_ID)
        .into_iter()
        .filter_map(|data| {
            let body = data.strip_prefix(E::DISCRIMINATOR)?;
            E::deserialize(&mut &body[..]).ok()
        })
        .collect()
}

/// The discriminators of every event Compute AMM logged, in order (to check that a transaction
/// logged exactly the events expected, and nothing else).
pub fn discriminators(logs: &[String]) -> Vec<[u8; 8]> {
    program_data(logs, &crate::PROGRAM_ID)
        .into_iter()
        .filter_map(|data| data.get(..8)?.try_into().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_line(event: &impl Event) -> String {
        format!(
            "Program data: {}",
            base64::engine::general_purpose::STANDARD.encode(event.data())
        )
    }

    #[test]
    fn decodes_only_what_compute_amm_logged() {
        let ours = JobClosed {
            job: Pubkey::new_from_array([1; 32]),
            user: Pubkey::new_from_array([2; 32]),
            status: compute_amm::state::JobStatus::Completed,
            rent_returned: 12_345,
        };
        let other = Pubkey::new_from_array([9; 32]);
        let id = crate::PROGRAM_ID.to_string();
        let logs = vec![
            format!("Program {id} invoke [1]"),
            format!("Program {other} invoke [2]"),
            data_line(&ours), // logged by the CPI target: not ours
            format!("Program {other} success"),
            data_line(&ours),
            format!("Program {id} success"),
            data_line(&ours), // outside any invocation
        ];
        let got: Vec<JobClosed> = decode(&logs);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].rent_returned, 12_345);
        assert_eq!(got[0].data(), ours.data());
        assert_eq!(
            discriminators(&logs),
            vec![<[u8; 8]>::try_from(JobClosed::DISCRIMINATOR).unwrap()]
        );
        // A different event type with the same bytes does not decode.
        assert!(decode::<CreditFeesMoved>(&logs).is_empty());
    }
}
