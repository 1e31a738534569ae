//! The `[smtp]` section (`config` embeds it): the listener's addresses, limits and timeouts.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::setting::{duration, listen};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Smtp {
    /// Addresses to listen on.
    #[serde(deserialize_with = "listen::list")]
    pub listen: Vec<SocketAddr>,
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
    pub per_client_exempt: Vec<IpAddr>,
    /// Allowed between commands and for a command line while three quarters of
    /// `max_connections` are in use (Postfix stress mode).
    #[serde(with = "duration::seconds")]
    pub stress_timeout: Duration,
    /// Errors before the session is closed (Postfix `smtpd_hard_error_limit`).
    pub max_errors: usize,
    /// Allowed for a command line to be completed, from its first byte.
    #[serde(with = "duration::seconds")]
    pub command_timeout: Duration,
    /// Allowed between two reads while receiving DATA, and the base of its deadline.
    #[serde(with = "duration::seconds")]
    pub data_timeout: Duration,
    /// Bytes per second message content must average: a transfer gets `data_timeout` plus one
    /// second per `min_data_rate` bytes received (Postfix `smtpd_min_data_rate`).
    pub min_data_rate: u64,
    /// How long a whole session may last, however busy.
    #[serde(with = "duration::seconds")]
    pub session_timeout: Duration,
    /// How long a client may stay silent between commands.
    #[serde(with = "duration::seconds")]
    pub idle_timeout: Duration,
    /// How long a shutdown waits for messages being received to finish.
    #[serde(with = "duration::seconds")]
    pub drain_timeout: Duration,
}

impl Default for Smtp {
    fn default() -> Self {
        Smtp {
            listen: vec![SocketAddr::from(([127, 0, 0, 1], 2525))],
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
            per_client_exempt: vec![Ipv4Addr::LOCALHOST.into(), Ipv6Addr::LOCALHOST.into()],
            stress_timeout: Duration::from_secs(10),
            max_errors: 20,
            // RFC 5321 §4.5.3.2.7: at least 5 minutes while awaiting a command.
            command_timeout: Duration::from_secs(300),
            // RFC 5321 §4.5.3.2.5: 3 minutes per data block.
            data_timeout: Duration::from_secs(180),
            min_data_rate: 500,
            session_timeout: Duration::from_secs(1800),
            idle_timeout: Duration::from_secs(300),
            drain_timeout: Duration::from_secs(30),
        }
    }
}

impl Smtp {
    pub fn command_timeout(&self) -> Duration {
        self.command_timeout
    }
    pub fn data_timeout(&self) -> Duration {
        self.data_timeout
    }
    pub fn idle_timeout(&self) -> Duration {
        self.idle_timeout
    }
    pub fn stress_timeout(&self) -> Duration {
        self.stress_timeout
    }
    pub fn drain_timeout(&self) -> Duration {
        self.drain_timeout
    }
}

fn system_hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}
