//! The SMTP session state machine, fed arbitrary client bytes through its sans-IO `ingest`.
//!
//! The first input byte is control: bits 0-1 pick the outcome every message gets from the store
//! (stored, duplicate, failed), bit 2 whether STARTTLS is offered, bits 3-7 the size of the reads
//! the input arrives in (1-32 bytes, or all at once), so that lines split across reads and
//! pipelined commands both happen. The rest is what the client sends.
#![no_main]

use std::sync::Arc;

use bounced::config::Smtp;
use bounced::smtp::budget::Budget;
use bounced::intake::Outcome;
use bounced::smtp::session::{Progress, Session};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&control, input)) = data.split_first() else {
        return;
    };
    let outcome = match control & 3 {
        0 | 3 => Outcome::Stored,
        1 => Outcome::Duplicate,
        _ => Outcome::Failed,
    };
    let tls_offered = control & 4 != 0;
    let read_size = match (control >> 3) as usize {
        0 => input.len().max(1),
        n => n,
    };
    // Small limits, so that the size, recipient, error and budget paths are reachable.
    let config = Smtp {
        hostname: "mx.test".into(),
        domains: vec!["bounce.test".into()],
        max_message_size: 4096,
        memory_budget: 16 * 1024,
        max_recipients: 5,
        max_errors: 10,
        ..Smtp::default()
    };
    let budget = Budget::new(config.memory_budget);
    let mut session = Session::new(Arc::new(config), tls_offered, budget);
    let mut out = Vec::new();
    session.greeting(&mut out);
    'reads: for chunk in input.chunks(read_size) {
        let mut rest = chunk;
        loop {
            let _ = session.in_data();
            let _ = session.has_partial_command();
            match session.ingest(&mut rest, &mut out) {
                Progress::NeedInput => break,
                Progress::Close(_) => break 'reads,
                Progress::StartTls => {
                    session.tls_started();
                    break;
                }
                Progress::Message(received) => {
                    // As the listener does: the reservation is held until the store answers.
                    session.stored(outcome, &mut out);
                    drop(received);
                }
            }
        }
        out.clear();
    }
    session.shut_down();
    let mut rest: &[u8] = b"NOOP\r\nQUIT\r\n";
    let _ = session.ingest(&mut rest, &mut out);
});
