//! The whole report reader on arbitrary message bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = bounced::analysis::analyze(data);
});
