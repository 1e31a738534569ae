//! Durations in the configuration, as `std::time::Duration`. A key takes an integer in the unit
//! its name or comment gives, as it always has (`command_timeout = 300` seconds,
//! `busy_timeout_ms = 5000`, `suspend_hours = 24`, `keep_raw_days = 30`), or a string with a
//! unit of its own: `"500ms"`, `"90s"`, `"10m"`, `"36h"`, `"7d"`. Use the submodule of the
//! key's unit with `#[serde(with = ...)]`. A value is written back in the key's unit when it is
//! a whole number of them, else with the largest unit that fits it exactly.

use std::fmt;
use std::time::Duration;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// The longest duration accepted (100 years), so that adding one to a time cannot overflow.
pub const MAX: Duration = Duration::from_secs(100 * 365 * 86_400);

/// The units a value may carry, longest first (the order `show` tries them in).
const UNITS: [(&str, Duration); 5] = [
    ("d", Duration::from_secs(86_400)),
    ("h", Duration::from_secs(3_600)),
    ("m", Duration::from_secs(60)),
    ("s", Duration::from_secs(1)),
    ("ms", Duration::from_millis(1)),
];

/// `count` times `unit`, if at most `MAX`.
fn times(count: u64, unit: Duration) -> Option<Duration> {
    u32::try_from(count)
        .ok()
        .and_then(|n| unit.checked_mul(n))
        .filter(|d| *d <= MAX)
}

/// A string with its unit: digits, then `ms`, `s`, `m`, `h` or `d` (spaces around allowed).
pub fn parse(text: &str) -> Option<Duration> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let count: u64 = number.parse().ok()?;
    let (_, unit) = UNITS.iter().find(|(name, _)| *name == unit.trim())?;
    times(count, *unit)
}

/// `d` as written back: a whole number of `unit` as an integer, else a string (`"90m"`).
enum Shown {
    Count(u64),
    Text(String),
}

fn show(d: Duration, unit: Duration) -> Shown {
    let whole = |unit: Duration| d.as_nanos().is_multiple_of(unit.as_nanos());
    if whole(unit) {
        return Shown::Count((d.as_nanos() / unit.as_nanos()) as u64);
    }
    let (name, size) = UNITS
        .iter()
        .find(|(_, size)| whole(*size))
        .copied()
        .unwrap_or(("ms", Duration::from_millis(1)));
    Shown::Text(format!("{}{name}", d.as_nanos() / size.as_nanos()))
}

/// `d` with the largest unit that fits it exactly: `"7d"`, `"36h"`, `"90s"`.
pub fn text(d: Duration) -> String {
    match show(d, Duration::MAX) {
        Shown::Count(n) => format!("{n}"),
        Shown::Text(t) => t,
    }
}

fn toml(d: Duration, unit: Duration) -> String {
    match show(d, unit) {
        Shown::Count(n) => n.to_string(),
        Shown::Text(t) => format!("{t:?}"),
    }
}

struct InUnit {
    unit: Duration,
    name: &'static str,
}

impl Visitor<'_> for InUnit {
    type Value = Duration;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a duration: a whole number of {} or a string with a unit (\"90s\", \"10m\", \"36h\", \"7d\")",
            self.name
        )
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Duration, E> {
        times(n, self.unit).ok_or_else(|| {
            E::custom(format!(
                "{n} {} is more than the longest duration accepted (100 years)",
                self.name
            ))
        })
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Duration, E> {
        match u64::try_from(n) {
            Ok(n) => self.visit_u64(n),
            Err(_) => Err(E::custom(format!("{n} is negative: a duration is not"))),
        }
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Duration, E> {
        parse(text).ok_or_else(|| {
            E::custom(format!(
                "{text:?} is not a duration: a whole number of {} or a number with a unit \
                 (\"90s\", \"10m\", \"36h\", \"7d\"), at most 100 years",
                self.name
            ))
        })
    }
}

fn deserialize<'de, D: Deserializer<'de>>(
    d: D,
    unit: Duration,
    name: &'static str,
) -> Result<Duration, D::Error> {
    d.deserialize_any(InUnit { unit, name })
}

fn serialize<S: Serializer>(d: &Duration, unit: Duration, s: S) -> Result<S::Ok, S::Error> {
    match show(*d, unit) {
        Shown::Count(n) => s.serialize_u64(n),
        Shown::Text(t) => s.serialize_str(&t),
    }
}

macro_rules! unit {
    ($module:ident, $unit:expr, $name:literal) => {
        #[doc = concat!("A key whose integers count ", $name, ".")]
        pub mod $module {
            use std::time::Duration;

            pub fn deserialize<'de, D: serde::Deserializer<'de>>(
                d: D,
            ) -> Result<Duration, D::Error> {
                super::deserialize(d, $unit, $name)
            }

            pub fn serialize<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
                super::serialize(d, $unit, s)
            }

            /// As the value is written in TOML: `30`, or `"36h"` when not whole.
            pub fn toml(d: Duration) -> String {
                super::toml(d, $unit)
            }
        }
    };
}

unit!(millis, Duration::from_millis(1), "milliseconds");
unit!(seconds, Duration::from_secs(1), "seconds");
unit!(hours, Duration::from_secs(3_600), "hours");
unit!(days, Duration::from_secs(86_400), "days");

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Section {
        #[serde(with = "hours")]
        suspend_hours: Duration,
        #[serde(with = "millis")]
        busy_timeout_ms: Duration,
    }

    fn read(text: &str) -> Result<Section, String> {
        toml::from_str(text).map_err(|e| e.message().to_string())
    }

    #[test]
    fn integers_count_the_keys_unit_and_strings_carry_their_own() {
        let s = read("suspend_hours = 24\nbusy_timeout_ms = 5000").unwrap();
        assert_eq!(s.suspend_hours, Duration::from_secs(24 * 3600));
        assert_eq!(s.busy_timeout_ms, Duration::from_secs(5));
        let s = read("suspend_hours = \"90m\"\nbusy_timeout_ms = \"2s\"").unwrap();
        assert_eq!(s.suspend_hours, Duration::from_secs(90 * 60));
        assert_eq!(s.busy_timeout_ms, Duration::from_secs(2));
        assert_eq!(parse(" 7d "), Some(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse("0s"), Some(Duration::ZERO));
    }

    #[test]
    fn written_back_in_the_keys_unit_when_whole() {
        let s = read("suspend_hours = 24\nbusy_timeout_ms = \"2s\"").unwrap();
        let text = toml::to_string(&s).unwrap();
        assert_eq!(text, "suspend_hours = 24\nbusy_timeout_ms = 2000\n");
        let s = read("suspend_hours = \"90m\"\nbusy_timeout_ms = 1").unwrap();
        let text = toml::to_string(&s).unwrap();
        assert_eq!(text, "suspend_hours = \"90m\"\nbusy_timeout_ms = 1\n");
        assert_eq!(
            read(&text).unwrap(),
            s,
            "what is written reads back the same"
        );
        assert_eq!(days::toml(Duration::from_secs(30 * 86_400)), "30");
        assert_eq!(days::toml(Duration::from_secs(36 * 3600)), "\"36h\"");
        assert_eq!(super::text(Duration::from_secs(36 * 3600)), "36h");
        assert_eq!(super::text(Duration::from_millis(1500)), "1500ms");
    }

    #[test]
    fn wrong_values_are_named() {
        for (text, says) in [
            ("suspend_hours = \"soon\"", "\"soon\" is not a duration"),
            (
                "suspend_hours = \"10 parsecs\"",
                "\"10 parsecs\" is not a duration",
            ),
            ("suspend_hours = -1", "-1 is negative"),
            ("suspend_hours = 1.5", "a whole number of hours"),
            (
                "suspend_hours = 4294967295",
                "more than the longest duration",
            ),
            ("suspend_hours = \"99999999999d\"", "is not a duration"),
        ] {
            let e = read(&format!("{text}\nbusy_timeout_ms = 1")).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
    }
}
