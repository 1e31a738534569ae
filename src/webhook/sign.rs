//! Standard Webhooks signatures (https://www.standardwebhooks.com): the receiver checks
//! `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the shared secret.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::KeyError;

/// The key bytes of a secret as written in its file: `whsec_<base64>` as the specification
/// writes secrets, else the text itself (trimmed) for receivers that take a plain string.
pub fn key_from_text(text: &str) -> Result<Vec<u8>, KeyError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(KeyError::Empty);
    }
    match text.strip_prefix("whsec_") {
        Some(b64) => STANDARD.decode(b64).map_err(KeyError::NotBase64),
        None => Ok(text.as_bytes().to_vec()),
    }
}

/// The `webhook-signature` header value for one delivery.
pub fn signature(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks reference libraries (svix's test vector).
    #[test]
    fn matches_the_reference_vector() {
        let key = key_from_text("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n").unwrap();
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            signature(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn plain_and_bad_secrets() {
        assert_eq!(key_from_text(" abc \n").unwrap(), b"abc");
        assert!(matches!(key_from_text("\n"), Err(KeyError::Empty)));
        assert!(matches!(
            key_from_text("whsec_!!"),
            Err(KeyError::NotBase64(_))
        ));
    }
}
