//! Connection policy, after Postfix's anvil and stress mode: how many sessions one client
//! address may hold, how many there may be in all, and what gives way when the slots run out.
//! Without it, idle connections from a few hostile addresses locked every other client out.
//!
//! - A client address past `max_connections_per_client` is refused (421 4.7.0), unless it is
//!   in `per_client_exempt`.
//! - At `max_connections`, the session waiting longest for a command among the addresses
//!   holding the most sessions is told to go (421 4.7.0), so a new client still gets its
//!   greeting. Waiting includes a command line trickled byte by byte; only a session receiving
//!   message content is never cut. Exempt addresses (the local MTA, which may hold many
//!   sessions) give way last. When every session is receiving content, the new one is refused.
//! - From `STRESS_PERCENT` of `max_connections` on, sessions get at most `stress_timeout`
//!   between commands and for a command line (Postfix stress mode), so clients trickling
//!   command lines cannot hold the slots that eviction cannot free.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::Notify;

use crate::smtp::settings::Smtp;

/// Share of `max_connections` in use from which the daemon is under stress.
const STRESS_PERCENT: usize = 75;

/// Why a connection was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    PerClient,
    Full,
}

#[derive(Default)]
pub struct Anvil {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    next_id: u64,
    per_client: HashMap<IpAddr, usize>,
    sessions: HashMap<u64, Slot>,
}

struct Slot {
    client: IpAddr,
    /// In `per_client_exempt`: evicted only when no other session waits.
    exempt: bool,
    /// Since when the session waits for a command; `None` while it receives content.
    waiting_since: Option<Instant>,
    evict: Arc<Notify>,
    evicted: bool,
}

/// One admitted session; dropping it frees the slot.
pub struct Permit {
    anvil: Arc<Anvil>,
    id: u64,
    evict: Arc<Notify>,
}

impl Anvil {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves counts that are still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Admits a session from `client`, making room by evicting a waiting session when full.
    pub fn admit(self: &Arc<Self>, client: IpAddr, config: &Smtp) -> Result<Permit, Refusal> {
        // An IPv4 client of a dual-stack listener arrives as ::ffff:a.b.c.d.
        let client = client.to_canonical();
        let mut state = self.lock();
        let exempt = config
            .per_client_exempt
            .iter()
            .any(|a| a.parse() == Ok(client));
        if !exempt
            && state.per_client.get(&client).copied().unwrap_or(0)
                >= config.max_connections_per_client
        {
            return Err(Refusal::PerClient);
        }
        let live = state.sessions.values().filter(|s| !s.evicted).count();
        if live >= config.max_connections && !state.evict_one() {
            return Err(Refusal::Full);
        }
        state.next_id += 1;
        let id = state.next_id;
        let evict = Arc::new(Notify::new());
        *state.per_client.entry(client).or_default() += 1;
        state.sessions.insert(
            id,
            Slot {
                client,
                exempt,
                waiting_since: None,
                evict: evict.clone(),
                evicted: false,
            },
        );
        Ok(Permit {
            anvil: self.clone(),
            id,
            evict,
        })
    }

    /// Sessions held, evicted ones that have not closed yet included.
    pub fn sessions(&self) -> usize {
        self.lock().sessions.len()
    }

    fn stressed(&self, config: &Smtp) -> bool {
        self.sessions() * 100 >= config.max_connections * STRESS_PERCENT
    }
}

impl State {
    /// Tells the waiting session of the busiest client address, waiting longest, to close.
    fn evict_one(&mut self) -> bool {
        let per_client = &self.per_client;
        let victim = self
            .sessions
            .iter_mut()
            .filter(|(_, s)| !s.evicted)
            .filter_map(|(_, s)| s.waiting_since.map(|since| (s, since)))
            .max_by_key(|(s, since)| {
                (
                    !s.exempt,
                    per_client.get(&s.client).copied(),
                    std::cmp::Reverse(*since),
                )
            });
        match victim {
            Some((slot, _)) => {
                slot.evicted = true;
                slot.evict.notify_one();
                true
            }
            None => false,
        }
    }
}

impl Permit {
    /// Marks the session waiting for a command (evictable) or receiving content (not).
    pub fn set_waiting(&self, waiting: bool) {
        if let Some(slot) = self.anvil.lock().sessions.get_mut(&self.id) {
            match (waiting, slot.waiting_since) {
                (true, None) => slot.waiting_since = Some(Instant::now()),
                (false, Some(_)) => slot.waiting_since = None,
                _ => {}
            }
        }
    }

    /// Completes when the session is told to make room.
    pub async fn evicted(&self) {
        self.evict.notified().await
    }

    /// Whether the daemon is under stress: the shorter `stress_timeout` applies.
    pub fn stressed(&self, config: &Smtp) -> bool {
        self.anvil.stressed(config)
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut state = self.anvil.lock();
        if let Some(slot) = state.sessions.remove(&self.id) {
            if let Some(n) = state.per_client.get_mut(&slot.client) {
                *n -= 1;
                if *n == 0 {
                    state.per_client.remove(&slot.client);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Smtp {
        Smtp {
            max_connections: 4,
            max_connections_per_client: 2,
            idle_timeout: std::time::Duration::from_secs(300),
            stress_timeout: std::time::Duration::from_secs(10),
            ..Smtp::default()
        }
    }

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([127, 0, 0, last])
    }

    #[test]
    fn one_address_gets_its_share_only() {
        let anvil = Arc::new(Anvil::default());
        let c = Smtp {
            max_connections: 20,
            ..config()
        };
        let a = anvil.admit(ip(2), &c).unwrap();
        let _b = anvil.admit(ip(2), &c).unwrap();
        assert_eq!(anvil.admit(ip(2), &c).err(), Some(Refusal::PerClient));
        drop(a);
        assert!(anvil.admit(ip(2), &c).is_ok());
        // The local MTA is exempt, also as an IPv4-mapped address.
        let _local: Vec<Permit> = (0..3).map(|_| anvil.admit(ip(1), &c).unwrap()).collect();
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        let _mapped: Vec<Permit> = (0..3).map(|_| anvil.admit(mapped, &c).unwrap()).collect();
    }

    #[test]
    fn when_full_the_busiest_clients_idle_session_makes_room() {
        let anvil = Arc::new(Anvil::default());
        let c = config();
        let hostile: Vec<Permit> = [2, 2, 3]
            .into_iter()
            .map(|i| anvil.admit(ip(i), &c).unwrap())
            .collect();
        let busy = anvil.admit(ip(4), &c).unwrap();
        for p in &hostile {
            p.set_waiting(true);
        }
        // Full: a newcomer evicts an idle session of 127.0.0.2 (two sessions), not 127.0.0.3.
        let newcomer = anvil.admit(ip(1), &c).unwrap();
        let told = |p: &Permit| anvil.lock().sessions[&p.id].evicted;
        assert!(told(&hostile[0]) || told(&hostile[1]));
        assert!(!told(&hostile[2]) && !told(&busy) && !told(&newcomer));
        // Nobody idle left but 127.0.0.2's other one and 127.0.0.3: they go next, then refusal.
        drop(hostile);
        assert_eq!(anvil.sessions(), 2);
        newcomer.set_waiting(false);
        let _x = anvil.admit(ip(5), &c).unwrap();
        let _y = anvil.admit(ip(6), &c).unwrap();
        assert_eq!(anvil.admit(ip(7), &c).err(), Some(Refusal::Full));
    }

    #[test]
    fn stress_starts_at_three_quarters() {
        let anvil = Arc::new(Anvil::default());
        let c = config();
        let first = anvil.admit(ip(2), &c).unwrap();
        assert!(!first.stressed(&c));
        let _more: Vec<Permit> = [3, 4]
            .into_iter()
            .map(|i| anvil.admit(ip(i), &c).unwrap())
            .collect();
        assert!(first.stressed(&c));
    }

    #[test]
    fn the_local_mta_gives_way_last() {
        let anvil = Arc::new(Anvil::default());
        let c = config();
        let local: Vec<Permit> = (0..3).map(|_| anvil.admit(ip(1), &c).unwrap()).collect();
        let other = anvil.admit(ip(2), &c).unwrap();
        for p in local.iter().chain([&other]) {
            p.set_waiting(true);
        }
        let _new = anvil.admit(ip(3), &c).unwrap();
        let told = |p: &Permit| anvil.lock().sessions[&p.id].evicted;
        assert!(told(&other));
        assert!(!local.iter().any(told));
    }

    #[tokio::test]
    async fn an_evicted_session_hears_it() {
        let anvil = Arc::new(Anvil::default());
        let c = Smtp {
            max_connections: 1,
            ..config()
        };
        let idle = anvil.admit(ip(2), &c).unwrap();
        idle.set_waiting(true);
        let _new = anvil.admit(ip(3), &c).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(5), idle.evicted())
            .await
            .expect("told to go");
    }
}
