//! Log output: plain lines (no timestamps under systemd, whose journal adds them) or JSON Lines.
//!
//! JSON logs carry values as JSON: numbers and booleans as such, and anything logged through
//! [`Json`] (lists, options, enums) as the array, `null` or string it serialises to, never as a
//! Rust `Debug` rendering. tracing's JSON formatter would print those as Debug strings, hence
//! this one.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// The `[log]` section (`config` embeds it).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Log {
    /// `error`, `warn`, `info`, `debug`, `trace` or a tracing filter; `RUST_LOG` overrides it.
    pub level: String,
    pub format: LogFormat,
}

impl Default for Log {
    fn default() -> Self {
        Log {
            level: "info".into(),
            format: LogFormat::Text,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Plain lines; without timestamps under systemd, whose journal adds them.
    Text,
    /// One JSON object per line.
    Json,
}

/// A value logged as JSON: `rcpt = ?Json(&rcpt)` shows `["a@example.com"]` in text logs and an
/// array in JSON logs; `None` is `null`; a string (a serialised enum) is shown bare.
pub struct Json<T>(pub T);

impl<T: Serialize> fmt::Debug for Json<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_value(&self.0) {
            Ok(Value::String(s)) => f.write_str(&s),
            Ok(v) => write!(f, "{v}"),
            Err(_) => f.write_str("null"),
        }
    }
}

/// An error with its causes, as `a: b: c` (what anyhow's `{:#}` prints): `error = %Chain(&e)`.
pub struct Chain<'a>(pub &'a (dyn std::error::Error + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = self.0.source();
        while let Some(e) = cause {
            write!(f, ": {e}")?;
            cause = e.source();
        }
        Ok(())
    }
}

/// An SMTP path as logs show it: `<>` for the null sender of a bounce, else `<address>`.
pub fn path(address: &str) -> String {
    format!("<{address}>")
}

/// A level or filter of targets and levels (`info`, `bounced=debug,warn`, `bounced::smtp=trace`),
/// or None when it is not one. Span and field filters (`[span{field=value}]`) are refused: their
/// values compile to regular expressions, and a crafted one took over 2 GB; and tracing-subscriber
/// 0.3 slices a directive with surrounding white space and a multi-byte character at the wrong
/// offsets and panics. Both found by fuzzing the config (fuzz/, config target).
pub fn filter(directives: &str) -> Option<tracing_subscriber::EnvFilter> {
    let directives = directives.trim();
    let plain =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '=' | ',' | '-' | '.');
    if !directives.chars().all(plain) {
        return None;
    }
    tracing_subscriber::EnvFilter::try_new(directives).ok()
}

/// Logs to stderr in `log.format`; the level comes from `RUST_LOG`, else `log.level`.
pub fn init(log: &Log) {
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|env| filter(&env))
        .or_else(|| filter(&log.level))
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let under_journald = std::env::var_os("JOURNAL_STREAM").is_some();
    let _ = match log.format {
        LogFormat::Json => builder
            .fmt_fields(JsonFields)
            .event_format(JsonLines)
            .try_init(),
        LogFormat::Text if under_journald => builder.without_time().with_ansi(false).try_init(),
        LogFormat::Text => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init(),
    };
}

/// One JSON object per event: timestamp, level, target, the fields of the spans it is in
/// (`span`), then its own fields, `message` first.
pub struct JsonLines;

impl<S> FormatEvent<S, JsonFields> for JsonLines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, JsonFields>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let meta = event.metadata();
        let mut line = Map::new();
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        line.insert("timestamp".into(), now.into());
        line.insert("level".into(), meta.level().as_str().into());
        line.insert("target".into(), meta.target().into());
        let mut span = Map::new();
        for s in ctx
            .event_scope()
            .into_iter()
            .flat_map(|scope| scope.from_root())
        {
            if let Some(fields) = s.extensions().get::<FormattedFields<JsonFields>>() {
                if let Ok(Value::Object(m)) = serde_json::from_str(&fields.fields) {
                    span.extend(m);
                }
            }
        }
        if !span.is_empty() {
            line.insert("span".into(), Value::Object(span));
        }
        event.record(&mut Fields(&mut line));
        writeln!(writer, "{}", Value::Object(line))
    }
}

/// Span fields, kept as a JSON object text until an event inside the span is written.
pub struct JsonFields;

impl<'w> FormatFields<'w> for JsonFields {
    fn format_fields<R: tracing_subscriber::field::RecordFields>(
        &self,
        mut writer: Writer<'w>,
        fields: R,
    ) -> fmt::Result {
        let mut map = Map::new();
        fields.record(&mut Fields(&mut map));
        write!(writer, "{}", Value::Object(map))
    }

    /// Fields recorded later (`span.record`) join the object instead of following it.
    fn add_fields(
        &self,
        current: &'w mut FormattedFields<Self>,
        fields: &tracing::span::Record<'_>,
    ) -> fmt::Result {
        let mut map = match serde_json::from_str(&current.fields) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        fields.record(&mut Fields(&mut map));
        current.fields = Value::Object(map).to_string();
        Ok(())
    }
}

struct Fields<'a>(&'a mut Map<String, Value>);

impl Fields<'_> {
    fn put(&mut self, field: &Field, value: Value) {
        self.0.insert(field.name().to_owned(), value);
    }
}

impl Visit for Fields<'_> {
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, value.into());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, value.into());
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, value.into());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, value.into());
    }
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.put(field, value.to_string().into());
    }
    /// Display values (`%x`) and [`Json`] values arrive here. What `Json` wrote as an array,
    /// object or `null` is embedded as such; everything else is a string.
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let text = format!("{value:?}");
        let structured = field.name() != "message"
            && (text == "null" || text.starts_with('[') || text.starts_with('{'));
        let value = match structured.then(|| serde_json::from_str(&text)) {
            Some(Ok(v)) => v,
            _ => Value::String(text),
        };
        self.put(field, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_is_ascii_directives() {
        assert!(filter("info").is_some());
        assert!(filter(" bounced=debug,warn ").is_some());
        assert!(filter("bounced=loud").is_none());
        assert!(filter("bounced::smtp=trace").is_some());
        // The fuzzer's finds: white space before a multi-byte character (a panic), a field
        // filter (a regular expression that took gigabytes).
        assert!(filter(" ten onto\u{713}id=5").is_none());
        assert!(filter("bounced[span{field=x}]=debug").is_none());
    }
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn chain_shows_every_cause() {
        #[derive(Debug, thiserror::Error)]
        #[error("committing")]
        struct Outer(#[source] std::io::Error);
        let e = Outer(std::io::Error::other("disk full"));
        assert_eq!(Chain(&e).to_string(), "committing: disk full");
        let plain = std::io::Error::other("alone");
        assert_eq!(Chain(&plain).to_string(), "alone");
    }

    #[test]
    fn json_lines_carry_structured_values() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .fmt_fields(JsonFields)
            .event_format(JsonLines)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("smtp", peer = %"[::1]:2525");
            let _entered = span.enter();
            let rcpt = vec!["a@example.com".to_string(), "b@example.com".to_string()];
            let none: Option<String> = None;
            tracing::info!(
                from = %path(""),
                rcpt = ?Json(&rcpt),
                metrics = ?Json(&none),
                format = ?Json(LogFormat::Json),
                size = 120u64,
                tls = false,
                "message stored"
            );
        });
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        let line: Value = serde_json::from_str(text.trim()).expect(&text);
        assert_eq!(line["message"], "message stored");
        assert_eq!(line["level"], "INFO");
        assert_eq!(line["from"], "<>");
        assert_eq!(
            line["rcpt"],
            serde_json::json!(["a@example.com", "b@example.com"])
        );
        assert_eq!(line["metrics"], Value::Null);
        assert_eq!(line["format"], "json");
        assert_eq!(line["size"], 120);
        assert_eq!(line["tls"], false);
        assert_eq!(line["span"]["peer"], "[::1]:2525");
    }

    #[test]
    fn json_shows_plainly_in_text() {
        assert_eq!(format!("{:?}", Json(vec!["x"])), r#"["x"]"#);
        assert_eq!(format!("{:?}", Json(None::<u8>)), "null");
        assert_eq!(path("a@b.test"), "<a@b.test>");
    }
}
