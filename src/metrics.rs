//! Prometheus metrics: a process-wide registry of counters and histograms, written out in the
//! text exposition format. Updates happen per connection, transaction or commit, never per
//! line, so a mutex is cheap enough and keeps this dependency-free.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{LazyLock, Mutex};

/// Upper bounds of the commit latency buckets, in seconds.
const LATENCY_BUCKETS: [f64; 10] = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];
/// Upper bounds of the commit batch size buckets, in messages.
const BATCH_BUCKETS: [f64; 8] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0];

#[derive(Default)]
struct Registry {
    /// Series ("name{labels}") → value.
    counters: BTreeMap<String, u64>,
    histograms: BTreeMap<&'static str, Histogram>,
}

struct Histogram {
    bounds: &'static [f64],
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

/// Help text of each metric family, in output order.
const FAMILIES: &[(&str, &str, &str)] = &[
    (
        "bounced_connections_total",
        "counter",
        "SMTP connections accepted",
    ),
    (
        "bounced_connections_refused_total",
        "counter",
        "SMTP connections refused at the connection limit",
    ),
    (
        "bounced_transactions_total",
        "counter",
        "Message transactions by final reply class",
    ),
    (
        "bounced_recipients_rejected_total",
        "counter",
        "RCPT commands refused (not a bounce domain)",
    ),
    (
        "bounced_reports_total",
        "counter",
        "Per-recipient reports in stored messages by category and reason",
    ),
    (
        "bounced_commit_batch_size",
        "histogram",
        "Messages per storage transaction",
    ),
    (
        "bounced_commit_seconds",
        "histogram",
        "Storage transaction latency",
    ),
    (
        "bounced_webhook_attempts_total",
        "counter",
        "Webhook delivery attempts by result: delivered, failed (to be retried) or dead",
    ),
    (
        "bounced_store_queue_depth",
        "gauge",
        "Messages waiting for the storage writer",
    ),
    (
        "bounced_webhook_pending",
        "gauge",
        "Webhook deliveries waiting in the outbox",
    ),
];

fn series(name: &str, labels: &[(&str, &str)]) -> String {
    if labels.is_empty() {
        return name.to_string();
    }
    let inner: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    format!("{name}{{{}}}", inner.join(","))
}

pub fn inc(name: &'static str, labels: &[(&str, &str)]) {
    add(name, labels, 1);
}

/// Sets a gauge (no labels) kept by its writer.
pub fn set(name: &'static str, value: u64) {
    if let Ok(mut r) = REGISTRY.lock() {
        r.counters.insert(name.to_string(), value);
    }
}

pub fn add(name: &'static str, labels: &[(&str, &str)], n: u64) {
    if let Ok(mut r) = REGISTRY.lock() {
        *r.counters.entry(series(name, labels)).or_default() += n;
    }
}

fn observe(name: &'static str, bounds: &'static [f64], value: f64) {
    if let Ok(mut r) = REGISTRY.lock() {
        let h = r.histograms.entry(name).or_insert_with(|| Histogram {
            bounds,
            counts: vec![0; bounds.len()],
            sum: 0.0,
            count: 0,
        });
        for (i, bound) in h.bounds.iter().enumerate() {
            if value <= *bound {
                h.counts[i] += 1;
            }
        }
        h.sum += value;
        h.count += 1;
    }
}

pub fn observe_commit(batch: usize, seconds: f64) {
    observe("bounced_commit_batch_size", &BATCH_BUCKETS, batch as f64);
    observe("bounced_commit_seconds", &LATENCY_BUCKETS, seconds);
}

/// The exposition text; `queue_depth` is read by the caller at scrape time.
pub fn render(queue_depth: usize) -> String {
    let Ok(r) = REGISTRY.lock() else {
        return String::new();
    };
    let mut out = String::new();
    for (name, kind, help) in FAMILIES {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        match *kind {
            "counter" => {
                for (series, value) in r.counters.iter().filter(|(s, _)| family_of(s) == *name) {
                    let _ = writeln!(out, "{series} {value}");
                }
            }
            "histogram" => {
                if let Some(h) = r.histograms.get(name) {
                    for (bound, count) in h.bounds.iter().zip(&h.counts) {
                        let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {count}");
                    }
                    let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {}", h.count);
                    let _ = writeln!(out, "{name}_sum {}\n{name}_count {}", h.sum, h.count);
                }
            }
            _ if *name == "bounced_store_queue_depth" => {
                let _ = writeln!(out, "{name} {queue_depth}");
            }
            _ => {
                if let Some(value) = r.counters.get(*name) {
                    let _ = writeln!(out, "{name} {value}");
                }
            }
        }
    }
    out
}

fn family_of(series: &str) -> &str {
    series.split('{').next().unwrap_or(series)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_histograms_and_escaping() {
        inc(
            "bounced_reports_total",
            &[("category", "hard"), ("reason", "user\"unknown")],
        );
        inc(
            "bounced_reports_total",
            &[("category", "hard"), ("reason", "user\"unknown")],
        );
        observe_commit(3, 0.004);
        let text = render(7);
        assert!(
            text.contains("bounced_reports_total{category=\"hard\",reason=\"user\\\"unknown\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("bounced_commit_batch_size_bucket{le=\"2\"} 0"),
            "{text}"
        );
        assert!(
            text.contains("bounced_commit_batch_size_bucket{le=\"4\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("bounced_commit_seconds_bucket{le=\"0.005\"} 1"),
            "{text}"
        );
        assert!(text.contains("bounced_store_queue_depth 7"), "{text}");
        set("bounced_webhook_pending", 3);
        assert!(render(0).contains("\nbounced_webhook_pending 3\n"));
        assert!(
            text.contains("# TYPE bounced_connections_total counter"),
            "{text}"
        );
    }
}
