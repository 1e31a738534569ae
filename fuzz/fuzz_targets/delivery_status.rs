//! The `message/delivery-status` field parser (RFC 3464 §2) on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = std::str::from_utf8(data) {
        let _ = bounced::report::read_delivery_status(body);
    }
});
