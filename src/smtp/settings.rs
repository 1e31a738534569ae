//! The `[smtp]` section (`config` embeds it): the listener's addresses, limits and timeouts.

use std::time::Duration;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Smtp {
    /// Addresses to listen on.
    pub listen: Vec<String>,
    /// Name in the greeting and EHLO reply.
    pub hostname: String,
    /// Accepted recipient domains (lowercase); empty accepts any.
    pub domains: Vec<String>,
    /// Bytes; Postfix's `message_size_limit` default.
    pub max_message_size: usize,
    /// Bytes for the messages being received, read and committed at once, each counted at
    /// `budget::COPIES` times its size; past it DATA gets 452 4.3.1.
    pub memory_budget: usize,
    pub max_recipients: usize,
    pub max_connections: usize,
    /// Concurrent sessions from one client: an IPv4 address or an IPv6 /64 (Postfix anvil's
    /// `smtpd_client_connection_count_limit`).
    pub max_connections_per_client: usize,
    /// New connections a minute from one client, in bursts of up to as many; 0 for no limit
    /// (Postfix anvil's `smtpd_client_connection_rate_limit`).
    pub max_connection_rate_per_client: u32,
    /// Client addresses the per-client limits do not apply to: a local MTA relaying reports to
    /// us (Postfix exempts `$mynetworks` likewise).
    pub per_client_exempt: Vec<String>,
    /// Seconds allowed between commands and for a command line while three quarters of
    /// `max_connections` are in use (Postfix stress mode).
    pub stress_timeout: u64,
    /// Errors before the session is closed (Postfix `smtpd_hard_error_limit`).
    pub max_errors: usize,
    /// Seconds allowed for a command line to be completed, from its first byte.
    pub command_timeout: u64,
    /// Seconds allowed between two reads while receiving DATA, and the base of its deadline.
    pub data_timeout: u64,
    /// Bytes per second message content must average: a transfer gets `data_timeout` plus one
    /// second per `min_data_rate` bytes received (Postfix `smtpd_min_data_rate`).
    pub min_data_rate: u64,
    /// Seconds a whole session may last, however busy.
    pub session_timeout: u64,
    /// Seconds a client may stay silent between commands.
    pub idle_timeout: u64,
    /// Seconds a shutdown waits for messages being received to finish.
    pub drain_timeout: u64,
}

impl Default for Smtp {
    fn default() -> Self {
        Smtp {
            listen: vec!["127.0.0.1:2525".into()],
            hostname: system_hostname(),
            domains: Vec::new(),
            max_message_size: 10_240_000,
            memory_budget: 256 * 1024 * 1024,
            max_recipients: 100,
            max_connections: 100,
            max_connections_per_client: 10,
            // Two a second on average: an MTA that reuses its connections stays far below it,
            // a client that keeps reconnecting to hold slots does not.
            max_connection_rate_per_client: 120,
            per_client_exempt: vec!["127.0.0.1".into(), "::1".into()],
            stress_timeout: 10,
            max_errors: 20,
            // RFC 5321 §4.5.3.2.7: at least 5 minutes while awaiting a command.
            command_timeout: 300,
            // RFC 5321 §4.5.3.2.5: 3 minutes per data block.
            data_timeout: 180,
            min_data_rate: 500,
            session_timeout: 1800,
            idle_timeout: 300,
            drain_timeout: 30,
        }
    }
}

impl Smtp {
    pub fn command_timeout(&self) -> Duration {
        Duration::from_secs(self.command_timeout)
    }
    pub fn data_timeout(&self) -> Duration {
        Duration::from_secs(self.data_timeout)
    }
    pub fn idle_timeout(&self) -> Duration {
        Duration::from_secs(self.idle_timeout)
    }
    pub fn stress_timeout(&self) -> Duration {
        Duration::from_secs(self.stress_timeout)
    }
    pub fn drain_timeout(&self) -> Duration {
        Duration::from_secs(self.drain_timeout)
    }
}

fn system_hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}
