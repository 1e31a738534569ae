//! Signed VERP return paths: the envelope recipient of a bounce names the person it is about and
//! proves that we sent the message.
//!
//! Format (local part of an address on the bounce domain):
//!
//! ```text
//! signed:    {prefix}+{day:3}{mac:8}+{local}={domain}
//! unsigned:  {prefix}+{local}={domain}
//! ```
//!
//! `day` is the signing day (days since 1970-01-01, modulo 32768) and `mac` the first 40 bits of
//! HMAC-SHA256(secret, day ‖ 0x00 ‖ lowercased address), both in lowercase RFC 4648 base32, so an MTA
//! that changes the case of the local part does not break them. `local` may itself contain `+`
//! or `=`: the domain follows the last `=`. When the result is not a dot-atom (a quoted original,
//! spaces), the whole local part is a quoted string (RFC 5321 §4.1.2).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};

use crate::setting::duration;

/// Base32 alphabet of RFC 4648 §6, lowercase.
const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
const DAY_CHARS: usize = 3;
const MAC_CHARS: usize = 8;
const TAG_CHARS: usize = DAY_CHARS + MAC_CHARS;
/// Day stamps wrap after 32^3 days (about 90 years).
const DAY_MODULUS: i64 = 32 * 32 * 32;

/// How far a VERP envelope recipient is trusted (`[verp] mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VerpMode {
    /// Ignore the envelope recipient; the report alone says who.
    Off,
    /// Use a VERP envelope recipient when there is one.
    Accept,
    /// Only a verified VERP envelope recipient may change a person.
    Require,
}

/// The `[verp]` section (`config` embeds it).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Verp {
    pub mode: VerpMode,
    /// Local-part prefix of return paths: `{prefix}+…@bounce-domain`.
    pub prefix: String,
    /// File with the signing secret(s), one per line, newest first.
    pub secret_file: Option<PathBuf>,
    /// How long a signed tag stays valid: whole days (a tag carries the day it was signed).
    #[serde(with = "duration::days")]
    pub max_age_days: Duration,
}

impl Default for Verp {
    fn default() -> Self {
        Verp {
            mode: VerpMode::Accept,
            prefix: "bounces".into(),
            secret_file: None,
            max_age_days: Duration::from_secs(30 * 86_400),
        }
    }
}

/// Signing keys and rules; the first secret signs, every secret verifies (key rotation).
#[derive(Clone)]
pub struct Signer {
    pub prefix: String,
    secrets: Vec<Vec<u8>>,
    /// A tag older than this many days no longer verifies (BATV-style expiry).
    pub max_age_days: u32,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("prefix", &self.prefix)
            .field(
                "secrets",
                &format_args!("[{} redacted]", self.secrets.len()),
            )
            .field("max_age_days", &self.max_age_days)
            .finish()
    }
}

/// What an envelope recipient says about the person a bounce concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A signed return path whose tag verified.
    Verified(String),
    /// A signed-looking return path whose tag did not verify: forged, altered or expired.
    BadTag { address: String, why: &'static str },
    /// `{prefix}+{local}={domain}` without a tag: decoded, but proves nothing.
    Unsigned(String),
    /// Not a return path of ours.
    NotVerp,
}

/// Why VERP secrets could not be read or an address encoded; names the file or the address.
#[derive(Debug, thiserror::Error)]
pub enum VerpError {
    #[error("{}: cannot read secret file", path.display())]
    ReadSecrets {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `number` counts the secrets of the file from 1.
    #[error("{}: secret {number} is shorter than 16 bytes", path.display())]
    ShortSecret { path: PathBuf, number: usize },
    #[error("{address:?}: not an address (no @)")]
    NoAt { address: String },
    #[error("{address:?}: empty local part or domain")]
    EmptyPart { address: String },
    #[error("verp.mode = \"require\" needs verp.secret_file with at least one secret")]
    RequireWithoutSecret,
}

impl Signer {
    pub fn new(prefix: &str, secrets: Vec<Vec<u8>>, max_age_days: u32) -> Signer {
        Signer {
            prefix: prefix.to_string(),
            secrets,
            max_age_days,
        }
    }

    /// Reads secrets from a file: one per line, newest first; blank lines and `#` comments skipped.
    pub fn read_secrets(path: &Path) -> Result<Vec<Vec<u8>>, VerpError> {
        let text = std::fs::read_to_string(path).map_err(|source| VerpError::ReadSecrets {
            path: path.to_path_buf(),
            source,
        })?;
        let secrets: Vec<Vec<u8>> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.as_bytes().to_vec())
            .collect();
        if let Some(short) = secrets.iter().position(|s| s.len() < 16) {
            return Err(VerpError::ShortSecret {
                path: path.to_path_buf(),
                number: short + 1,
            });
        }
        Ok(secrets)
    }

    /// The signer the `[verp]` section describes, with its secrets read from `secret_file`.
    pub fn from_config(verp: &Verp) -> Result<Signer, VerpError> {
        let secrets = match &verp.secret_file {
            Some(path) => Signer::read_secrets(path)?,
            None => Vec::new(),
        };
        let days = u32::try_from(verp.max_age_days.as_secs() / 86_400).unwrap_or(u32::MAX);
        Ok(Signer::new(&verp.prefix, secrets, days))
    }

    pub fn can_sign(&self) -> bool {
        !self.secrets.is_empty()
    }

    /// The return path for `address` on `bounce_domain`, signed when a secret is configured.
    pub fn encode(
        &self,
        address: &str,
        bounce_domain: &str,
        now: DateTime<Utc>,
    ) -> Result<String, VerpError> {
        let (local, domain) = split_address(address)?;
        let canonical = canonical_address(&local, &domain);
        let tag = match self.secrets.first() {
            Some(secret) => {
                let day = day_stamp(now);
                format!("{}{}+", day, mac(secret, &day, &canonical))
            }
            None => String::new(),
        };
        let verp_local = format!(
            "{}+{}{}={}",
            self.prefix,
            tag,
            local.to_lowercase(),
            domain.to_lowercase()
        );
        Ok(format!(
            "{}@{}",
            quote_if_needed(&verp_local),
            bounce_domain.to_lowercase()
        ))
    }

    /// Reads an envelope recipient. Case-insensitive throughout (RFC 5321 §2.4 lets MTAs fold it).
    pub fn decode(&self, recipient: &str, now: DateTime<Utc>) -> Decoded {
        let Ok((local, _bounce_domain)) = split_address(recipient) else {
            return Decoded::NotVerp;
        };
        let local = local.to_lowercase();
        let prefix = self.prefix.to_lowercase();
        let Some(rest) = local
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_prefix('+'))
        else {
            return Decoded::NotVerp;
        };
        if let Some((tag, embedded)) = split_tag(rest) {
            let Some(address) = embedded_address(embedded) else {
                return Decoded::NotVerp;
            };
            return match self.verify(tag, &address, now) {
                Ok(()) => Decoded::Verified(address),
                Err(why) => Decoded::BadTag { address, why },
            };
        }
        match embedded_address(rest) {
            Some(address) => Decoded::Unsigned(address),
            None => Decoded::NotVerp,
        }
    }

    fn verify(&self, tag: &str, address: &str, now: DateTime<Utc>) -> Result<(), &'static str> {
        let (day, given) = tag.split_at(DAY_CHARS);
        if self.secrets.is_empty() {
            return Err("no secret configured to verify the tag");
        }
        // Constant time, and every secret is tried: the response time says nothing about how
        // much of a forged tag was right, nor which secret signed a good one.
        let matched = self.secrets.iter().fold(Choice::from(0), |acc, s| {
            acc | mac(s, day, address).as_bytes().ct_eq(given.as_bytes())
        });
        if !bool::from(matched) {
            return Err("tag does not match the address");
        }
        let stamped = decode_day(day).ok_or("bad day stamp")?;
        let today = days_since_epoch(now).rem_euclid(DAY_MODULUS);
        let age = (today - stamped).rem_euclid(DAY_MODULUS);
        // One day of clock skew into the future is tolerated.
        let ahead = (stamped - today).rem_euclid(DAY_MODULUS);
        if age > i64::from(self.max_age_days) && ahead > 1 {
            return Err("tag has expired");
        }
        Ok(())
    }
}

/// Splits `day+mac+rest` when the first segment has the shape of a tag.
fn split_tag(rest: &str) -> Option<(&str, &str)> {
    let (tag, embedded) = rest.split_once('+')?;
    let shaped = tag.len() == TAG_CHARS && tag.bytes().all(|b| BASE32.contains(&b));
    shaped.then_some((tag, embedded))
}

/// `local=domain` → `local@domain` (the domain follows the last `=`).
fn embedded_address(s: &str) -> Option<String> {
    let (local, domain) = s.rsplit_once('=')?;
    if local.is_empty() || domain.is_empty() || !domain.contains('.') && domain != "localhost" {
        return None;
    }
    Some(canonical_address(local, domain))
}

/// Lowercased `local@domain`, quoting the local part when it is not a dot-atom.
fn canonical_address(local: &str, domain: &str) -> String {
    format!(
        "{}@{}",
        quote_if_needed(&local.to_lowercase()),
        domain.to_lowercase()
    )
}

/// Splits at the last `@` and unquotes a quoted local part (RFC 5321 §4.1.2 Quoted-string).
fn split_address(address: &str) -> Result<(String, String), VerpError> {
    let address = address.trim().trim_start_matches('<').trim_end_matches('>');
    let (local, domain) = address.rsplit_once('@').ok_or_else(|| VerpError::NoAt {
        address: address.to_string(),
    })?;
    if local.is_empty() || domain.is_empty() {
        return Err(VerpError::EmptyPart {
            address: address.to_string(),
        });
    }
    let local = match local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        Some(quoted) => unquote(quoted),
        None => local.to_string(),
    };
    Ok((local, domain.to_string()))
}

fn unquote(quoted: &str) -> String {
    let mut out = String::with_capacity(quoted.len());
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// RFC 5321 §4.1.2 Dot-string with RFC 6531's UTF-8 atext; otherwise a Quoted-string.
fn quote_if_needed(local: &str) -> String {
    let atext =
        |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || !c.is_ascii();
    let dot_string = local
        .split('.')
        .all(|atom| !atom.is_empty() && atom.chars().all(atext));
    if dot_string {
        return local.to_string();
    }
    let mut out = String::from("\"");
    for c in local.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn mac(secret: &[u8], day: &str, address: &str) -> String {
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    m.update(day.as_bytes());
    m.update(&[0]);
    m.update(address.as_bytes());
    let digest = m.finalize().into_bytes();
    // First 40 bits as 8 base32 characters.
    let bits = digest[..5]
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    (0..MAC_CHARS)
        .map(|i| BASE32[((bits >> (35 - 5 * i)) & 31) as usize] as char)
        .collect()
}

fn days_since_epoch(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(86_400)
}

fn day_stamp(now: DateTime<Utc>) -> String {
    let day = days_since_epoch(now).rem_euclid(DAY_MODULUS);
    (0..DAY_CHARS)
        .map(|i| BASE32[((day >> (10 - 5 * i)) & 31) as usize] as char)
        .collect()
}

fn decode_day(s: &str) -> Option<i64> {
    s.bytes().try_fold(0i64, |acc, b| {
        let v = BASE32.iter().position(|&c| c == b)?;
        Some(acc * 32 + v as i64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 3, 40, 0).unwrap()
    }

    fn signer() -> Signer {
        Signer::new(
            "bounces",
            vec![b"first secret, 32 bytes long....".to_vec()],
            30,
        )
    }

    fn round_trip(address: &str, expected: &str) {
        let s = signer();
        let rp = s.encode(address, "bounce.example.com", now()).unwrap();
        assert_eq!(
            s.decode(&rp, now()),
            Decoded::Verified(expected.into()),
            "{address} → {rp}"
        );
    }

    #[test]
    fn ordinary_address_round_trips() {
        let s = signer();
        let rp = s
            .encode("Alice@Example.COM", "bounce.example.com", now())
            .unwrap();
        assert!(rp.starts_with("bounces+"), "{rp}");
        assert!(
            rp.ends_with("+alice=example.com@bounce.example.com"),
            "{rp}"
        );
        round_trip("alice@example.com", "alice@example.com");
    }

    #[test]
    fn awkward_addresses_round_trip() {
        round_trip("a+tag@example.com", "a+tag@example.com");
        round_trip("a=b=c@example.com", "a=b=c@example.com");
        round_trip(
            "first.last-x@sub.example.co.uk",
            "first.last-x@sub.example.co.uk",
        );
        round_trip("\"john doe\"@example.com", "\"john doe\"@example.com");
        round_trip("\"a\\\"b\"@example.com", "\"a\\\"b\"@example.com");
        round_trip("müller@bücher.example", "müller@bücher.example");
        round_trip("用户@例子.example", "用户@例子.example");
    }

    #[test]
    fn quoted_original_gives_quoted_return_path() {
        let rp = signer()
            .encode("\"john doe\"@example.com", "b.example", now())
            .unwrap();
        assert!(
            rp.starts_with("\"bounces+") && rp.contains("+john doe=example.com\"@b.example"),
            "{rp}"
        );
    }

    #[test]
    fn quoted_return_path_verifies_as_the_smtp_parser_hands_it_over() {
        // smtp-proto removes the quotes of a quoted local part.
        let s = signer();
        let rp = s
            .encode("\"john doe\"@example.com", "b.example", now())
            .unwrap();
        assert_eq!(
            s.decode(&rp.replace('"', ""), now()),
            Decoded::Verified("\"john doe\"@example.com".into())
        );
    }

    #[test]
    fn overhead_keeps_short_addresses_within_64_octets() {
        // RFC 5321 §4.5.3.1.1: 64 octets of local part.
        let s = signer();
        let address = format!(
            "{}@example.com",
            "x".repeat(64 - "bounces++=example.com".len() - TAG_CHARS)
        );
        let rp = s.encode(&address, "b.example", now()).unwrap();
        let local = rp.rsplit_once('@').unwrap().0;
        assert_eq!(local.len(), 64, "{rp}");
        assert_eq!(s.decode(&rp, now()), Decoded::Verified(address));
    }

    #[test]
    fn case_folded_return_path_verifies() {
        let s = signer();
        let rp = s
            .encode("bob@example.com", "bounce.example.com", now())
            .unwrap();
        assert_eq!(
            s.decode(&rp.to_uppercase(), now()),
            Decoded::Verified("bob@example.com".into())
        );
    }

    #[test]
    fn altered_address_or_tag_fails() {
        let s = signer();
        let rp = s
            .encode("bob@example.com", "bounce.example.com", now())
            .unwrap();
        let other = rp.replace("+bob=", "+rob=");
        assert!(matches!(
            s.decode(&other, now()),
            Decoded::BadTag {
                why: "tag does not match the address",
                ..
            }
        ));
        // Change one character of the MAC.
        let i = "bounces+".len() + DAY_CHARS;
        let mut bytes = rp.clone().into_bytes();
        bytes[i] = if bytes[i] == b'a' { b'b' } else { b'a' };
        let forged = String::from_utf8(bytes).unwrap();
        assert!(matches!(s.decode(&forged, now()), Decoded::BadTag { .. }));
    }

    #[test]
    fn expired_tag_fails_fresh_one_verifies() {
        let s = signer();
        let rp = s.encode("bob@example.com", "b.example", now()).unwrap();
        assert!(matches!(
            s.decode(&rp, now() + Duration::days(30)),
            Decoded::Verified(_)
        ));
        assert_eq!(
            s.decode(&rp, now() + Duration::days(31)),
            Decoded::BadTag {
                address: "bob@example.com".into(),
                why: "tag has expired"
            }
        );
    }

    #[test]
    fn rotation_newest_signs_all_verify() {
        let old = Signer::new("bounces", vec![b"the old secret, long enough".to_vec()], 30);
        let rotated = Signer::new(
            "bounces",
            vec![
                b"the new secret, long enough".to_vec(),
                b"the old secret, long enough".to_vec(),
            ],
            30,
        );
        let from_old = old.encode("c@example.com", "b.example", now()).unwrap();
        let from_new = rotated.encode("c@example.com", "b.example", now()).unwrap();
        assert_ne!(from_old, from_new);
        assert!(matches!(
            rotated.decode(&from_old, now()),
            Decoded::Verified(_)
        ));
        assert!(matches!(
            rotated.decode(&from_new, now()),
            Decoded::Verified(_)
        ));
        assert!(matches!(
            old.decode(&from_new, now()),
            Decoded::BadTag { .. }
        ));
    }

    #[test]
    fn unsigned_and_foreign_addresses() {
        let s = signer();
        assert_eq!(
            s.decode("bounces+dave=example.com@b.example", now()),
            Decoded::Unsigned("dave@example.com".into())
        );
        assert_eq!(
            s.decode("Bounces+x+y=z=example.org@b.example", now()),
            Decoded::Unsigned("x+y=z@example.org".into())
        );
        assert_eq!(s.decode("postmaster@b.example", now()), Decoded::NotVerp);
        assert_eq!(s.decode("bounces@b.example", now()), Decoded::NotVerp);
        assert_eq!(
            s.decode("bounces+nodomain@b.example", now()),
            Decoded::NotVerp
        );
        assert_eq!(s.decode("postmaster", now()), Decoded::NotVerp);
        let unsigned = Signer::new("bounces", vec![], 30);
        assert_eq!(
            unsigned
                .encode("e@example.com", "b.example", now())
                .unwrap(),
            "bounces+e=example.com@b.example"
        );
    }

    #[test]
    fn day_stamp_round_trips() {
        let d = day_stamp(now());
        assert_eq!(decode_day(&d), Some(days_since_epoch(now()) % DAY_MODULUS));
    }

    #[test]
    fn unreadable_secret_file_names_it_and_keeps_the_cause() {
        use std::error::Error;
        let e = Signer::read_secrets(Path::new("/nonexistent/verp.secret")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "/nonexistent/verp.secret: cannot read secret file"
        );
        assert!(e.source().is_some_and(|s| s.is::<std::io::Error>()));
    }
}
