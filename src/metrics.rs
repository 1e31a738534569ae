//! Prometheus metrics: one process-wide `prometheus-client` registry. Each metric is a typed
//! field registered when the registry is built, so every metric that can be updated is
//! exported; callers update them through the functions below, which name what happened.

use std::sync::LazyLock;

use prometheus_client::encoding::{prometheus_text, EncodeLabelSet};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// The `Content-Type` of what `render` returns: the Prometheus text format, version 0.0.4.
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// Upper bounds of the commit latency buckets, in seconds.
const LATENCY_BUCKETS: [f64; 10] = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];
/// Upper bounds of the commit batch size buckets, in messages.
const BATCH_BUCKETS: [f64; 8] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0];

/// The final reply to a message transaction, by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyClass {
    /// 2xx: stored, or a duplicate of a stored message.
    Accepted,
    /// 4xx: not stored this time; the client retries.
    Deferred,
    /// 5xx: refused after its content (too big).
    Refused,
}

/// What became of one webhook delivery attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookResult {
    Delivered,
    /// To be retried.
    Failed,
    /// Given up.
    Dead,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReplyLabel {
    reply: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReportLabels {
    category: &'static str,
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabel {
    result: &'static str,
}

struct Metrics {
    registry: Registry,
    connections: Counter,
    connections_refused: Counter,
    transactions: Family<ReplyLabel, Counter>,
    recipients_rejected: Counter,
    reports: Family<ReportLabels, Counter>,
    commit_batch_size: Histogram,
    commit_seconds: Histogram,
    webhook_attempts: Family<ResultLabel, Counter>,
    store_queue_depth: Gauge,
    webhook_pending: Gauge,
}

impl Metrics {
    /// Registers every metric, in output order. Counters are registered without `_total`:
    /// the encoder adds it to their names.
    fn new() -> Metrics {
        let m = Metrics {
            registry: Registry::default(),
            connections: Counter::default(),
            connections_refused: Counter::default(),
            transactions: Family::default(),
            recipients_rejected: Counter::default(),
            reports: Family::default(),
            commit_batch_size: Histogram::new(BATCH_BUCKETS),
            commit_seconds: Histogram::new(LATENCY_BUCKETS),
            webhook_attempts: Family::default(),
            store_queue_depth: Gauge::default(),
            webhook_pending: Gauge::default(),
        };
        let mut r = m.registry;
        r.register(
            "bounced_connections",
            "SMTP connections accepted",
            m.connections.clone(),
        );
        r.register(
            "bounced_connections_refused",
            "SMTP connections refused at the connection limit",
            m.connections_refused.clone(),
        );
        r.register(
            "bounced_transactions",
            "Message transactions by final reply class",
            m.transactions.clone(),
        );
        r.register(
            "bounced_recipients_rejected",
            "RCPT commands refused (not a bounce domain)",
            m.recipients_rejected.clone(),
        );
        r.register(
            "bounced_reports",
            "Per-recipient reports in stored messages by category and reason",
            m.reports.clone(),
        );
        r.register(
            "bounced_commit_batch_size",
            "Messages per storage transaction",
            m.commit_batch_size.clone(),
        );
        r.register(
            "bounced_commit_seconds",
            "Storage transaction latency",
            m.commit_seconds.clone(),
        );
        r.register(
            "bounced_webhook_attempts",
            "Webhook delivery attempts by result: delivered, failed (to be retried) or dead",
            m.webhook_attempts.clone(),
        );
        r.register(
            "bounced_store_queue_depth",
            "Messages waiting for the storage writer",
            m.store_queue_depth.clone(),
        );
        r.register(
            "bounced_webhook_pending",
            "Webhook deliveries waiting in the outbox",
            m.webhook_pending.clone(),
        );
        Metrics { registry: r, ..m }
    }
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// A gauge's value from a count (saturating: a gauge is signed).
fn gauge_value(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Metrics {
    fn transactions(&self, class: ReplyClass, n: u64) {
        let reply = match class {
            ReplyClass::Accepted => "2xx",
            ReplyClass::Deferred => "4xx",
            ReplyClass::Refused => "5xx",
        };
        self.transactions
            .get_or_create(&ReplyLabel { reply })
            .inc_by(n);
    }

    fn report(&self, category: &'static str, reason: &'static str) {
        self.reports
            .get_or_create(&ReportLabels { category, reason })
            .inc();
    }

    fn observe_commit(&self, batch: usize, seconds: f64) {
        self.commit_batch_size.observe(batch as f64);
        self.commit_seconds.observe(seconds);
    }

    fn webhook_attempt(&self, result: WebhookResult) {
        let result = match result {
            WebhookResult::Delivered => "delivered",
            WebhookResult::Failed => "failed",
            WebhookResult::Dead => "dead",
        };
        self.webhook_attempts
            .get_or_create(&ResultLabel { result })
            .inc();
    }

    fn render(&self, queue_depth: usize) -> String {
        self.store_queue_depth.set(gauge_value(queue_depth as u64));
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_text::encode(&mut out, &self.registry);
        out
    }
}

pub fn connection_accepted() {
    METRICS.connections.inc();
}

/// Refused at a connection limit.
pub fn connection_refused() {
    METRICS.connections_refused.inc();
}

pub fn transactions(class: ReplyClass, n: u64) {
    METRICS.transactions(class, n);
}

pub fn recipients_rejected(n: u64) {
    METRICS.recipients_rejected.inc_by(n);
}

/// One per-recipient report of a stored message.
pub fn report(category: &'static str, reason: &'static str) {
    METRICS.report(category, reason);
}

pub fn observe_commit(batch: usize, seconds: f64) {
    METRICS.observe_commit(batch, seconds);
}

pub fn webhook_attempt(result: WebhookResult) {
    METRICS.webhook_attempt(result);
}

/// Deliveries waiting in the outbox, as its reader last counted them.
pub fn set_webhook_pending(n: u64) {
    METRICS.webhook_pending.set(gauge_value(n));
}

/// The exposition text (`CONTENT_TYPE`); `queue_depth` is read by the caller at scrape time.
pub fn render(queue_depth: usize) -> String {
    METRICS.render(queue_depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_histograms_gauges_and_label_escaping() {
        // A registry of its own: the process-wide one is updated by other tests running at once.
        let m = Metrics::new();
        m.report("hard", "user\"unknown");
        m.report("hard", "user\"unknown");
        m.observe_commit(3, 0.004);
        let text = m.render(7);
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
        m.webhook_pending.set(3);
        assert!(m.render(0).contains("\nbounced_webhook_pending 3\n"));
        assert!(
            text.contains("# TYPE bounced_connections_total counter"),
            "{text}"
        );
    }

    #[test]
    fn every_metric_is_exported() {
        // A family with labels appears once it has a series; the others from the start.
        let m = Metrics::new();
        m.transactions(ReplyClass::Accepted, 1);
        m.report("soft", "mailboxfull");
        m.webhook_attempt(WebhookResult::Delivered);
        let text = m.render(0);
        for family in [
            "bounced_connections_total",
            "bounced_connections_refused_total",
            "bounced_transactions_total",
            "bounced_recipients_rejected_total",
            "bounced_reports_total",
            "bounced_commit_batch_size",
            "bounced_commit_seconds",
            "bounced_webhook_attempts_total",
            "bounced_store_queue_depth",
            "bounced_webhook_pending",
        ] {
            assert!(
                text.contains(&format!("\n# TYPE {family} ")),
                "{family}: {text}"
            );
        }
        assert!(!text.contains("# EOF"), "{text}");
    }
}
