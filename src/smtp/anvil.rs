//! Connection policy, after Postfix's anvil and stress mode: how many sessions one client may
//! hold and how often it may connect, how many sessions there may be in all, and what gives
//! way when the slots run out.
//! Without it, idle connections from a few hostile addresses locked every other client out.
//!
//! - A client is an IPv4 address or an IPv6 /64 network (a host commonly has a whole /64, so
//!   per address it could open as many sessions as it likes).
//! - A client past `max_connections_per_client` sessions, or past
//!   `max_connection_rate_per_client` new connections a minute (`rate`), is refused
//!   (421 4.7.0), unless its address is in `per_client_exempt`.
//! - At `max_connections`, the session waiting longest for a command among the clients
//!   holding the most sessions is told to go (421 4.7.0), so a new client still gets its
//!   greeting. Waiting includes a command line trickled byte by byte; only a session receiving
//!   message content is never cut. Exempt addresses (the local MTA, which may hold many
//!   sessions) give way last. When every session is receiving content, the new one is refused.
//! - From `STRESS_PERCENT` of `max_connections` on, sessions get at most `stress_timeout`
//!   between commands and for a command line (Postfix stress mode), so clients trickling
//!   command lines cannot hold the slots that eviction cannot free.
//!
//! The slots are the permits of a semaphore. A session's `Permit` owns its slot's permit, so
//! the slot is free again however the session ends, a panic of its task included; a session
//! told to make room hands its permit to the newcomer at once (it no longer counts, though it
//! may take a moment to say goodbye).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

use super::rate::Rates;
use crate::smtp::settings::Smtp;

/// Share of `max_connections` in use from which the daemon is under stress.
const STRESS_PERCENT: usize = 75;

/// Why a connection was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    PerClient,
    Rate,
    Full,
}

/// Whom a session counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Client {
    /// An IPv4 address, or the /64 network of an IPv6 address.
    Network(IpAddr),
    /// An address in `per_client_exempt`, counted on its own: its sessions do not use up the
    /// share of the rest of its /64.
    Exempt(IpAddr),
}

impl Client {
    fn of(address: IpAddr, config: &Smtp) -> Client {
        // An IPv4 client of a dual-stack listener arrives as ::ffff:a.b.c.d.
        let address = address.to_canonical();
        if config.per_client_exempt.contains(&address) {
            return Client::Exempt(address);
        }
        Client::Network(match address {
            IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !u128::from(u64::MAX))),
            v4 => v4,
        })
    }

    fn exempt(self) -> bool {
        matches!(self, Client::Exempt(_))
    }
}

pub struct Anvil {
    /// One permit per connection slot: `max_connections` in all.
    slots: Arc<Semaphore>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    next_id: u64,
    per_client: HashMap<Client, usize>,
    rates: Rates<Client>,
    sessions: HashMap<u64, Slot>,
    /// Permits the semaphore is meant to have in all: the `max_connections` last seen.
    total: usize,
    /// Permits still to retire after `max_connections` shrank while they were in use.
    owed: usize,
}

struct Slot {
    /// An exempt one is evicted only when no other session waits.
    client: Client,
    /// Since when the session waits for a command; `None` while it receives content.
    waiting_since: Option<Instant>,
    evict: Arc<Notify>,
    /// The session's connection slot; taken when it is told to make room.
    share: Option<OwnedSemaphorePermit>,
}

impl Slot {
    fn evicted(&self) -> bool {
        self.share.is_none()
    }
}

/// One admitted session; dropping it frees the slot.
pub struct Permit {
    anvil: Arc<Anvil>,
    id: u64,
    evict: Arc<Notify>,
}

impl Default for Anvil {
    fn default() -> Anvil {
        Anvil {
            slots: Arc::new(Semaphore::new(0)),
            state: Mutex::default(),
        }
    }
}

impl Anvil {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves counts that are still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Admits a session from `address` connecting at `now`, making room by evicting a waiting
    /// session when full.
    pub fn admit(
        self: &Arc<Self>,
        address: IpAddr,
        now: Instant,
        config: &Smtp,
    ) -> Result<Permit, Refusal> {
        let client = Client::of(address, config);
        let mut state = self.lock();
        // SIGHUP may have changed max_connections since the last session.
        state.resize(&self.slots, config.max_connections);
        if !client.exempt() {
            if state.per_client.get(&client).copied().unwrap_or(0)
                >= config.max_connections_per_client
            {
                return Err(Refusal::PerClient);
            }
            if !state
                .rates
                .admit(client, now, config.max_connection_rate_per_client)
            {
                return Err(Refusal::Rate);
            }
        }
        let share = match self.slots.clone().try_acquire_owned() {
            Ok(share) => share,
            Err(_) => state.evict_one().ok_or(Refusal::Full)?,
        };
        state.next_id += 1;
        let id = state.next_id;
        let evict = Arc::new(Notify::new());
        *state.per_client.entry(client).or_default() += 1;
        state.sessions.insert(
            id,
            Slot {
                client,
                waiting_since: None,
                evict: evict.clone(),
                share: Some(share),
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
    /// Makes the semaphore hold `total` permits: more at once, fewer as they come free.
    fn resize(&mut self, slots: &Semaphore, total: usize) {
        let total = total.min(Semaphore::MAX_PERMITS);
        if total > self.total {
            let more = total - self.total;
            let settled = more.min(self.owed);
            self.owed -= settled;
            slots.add_permits(more - settled);
        } else {
            self.owed += self.total - total;
        }
        self.total = total;
        if self.owed > 0 {
            self.owed -= slots.forget_permits(self.owed);
        }
    }

    /// Tells the waiting session of the busiest client address, waiting longest, to close,
    /// and takes its slot.
    fn evict_one(&mut self) -> Option<OwnedSemaphorePermit> {
        let per_client = &self.per_client;
        let victim = self
            .sessions
            .iter_mut()
            .filter(|(_, s)| !s.evicted())
            .filter_map(|(_, s)| s.waiting_since.map(|since| (s, since)))
            .max_by_key(|(s, since)| {
                (
                    !s.client.exempt(),
                    per_client.get(&s.client).copied(),
                    std::cmp::Reverse(*since),
                )
            });
        let (slot, _) = victim?;
        slot.evict.notify_one();
        slot.share.take()
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

    impl Anvil {
        /// `admit` at the current time (for tests far from any rate limit).
        fn admit_now(self: &Arc<Self>, address: IpAddr, config: &Smtp) -> Result<Permit, Refusal> {
            self.admit(address, Instant::now(), config)
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
        let a = anvil.admit_now(ip(2), &c).unwrap();
        let _b = anvil.admit_now(ip(2), &c).unwrap();
        assert_eq!(anvil.admit_now(ip(2), &c).err(), Some(Refusal::PerClient));
        drop(a);
        assert!(anvil.admit_now(ip(2), &c).is_ok());
        // The local MTA is exempt, also as an IPv4-mapped address.
        let _local: Vec<Permit> = (0..3)
            .map(|_| anvil.admit_now(ip(1), &c).unwrap())
            .collect();
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        let _mapped: Vec<Permit> = (0..3)
            .map(|_| anvil.admit_now(mapped, &c).unwrap())
            .collect();
    }

    #[test]
    fn when_full_the_busiest_clients_idle_session_makes_room() {
        let anvil = Arc::new(Anvil::default());
        let c = config();
        let hostile: Vec<Permit> = [2, 2, 3]
            .into_iter()
            .map(|i| anvil.admit_now(ip(i), &c).unwrap())
            .collect();
        let busy = anvil.admit_now(ip(4), &c).unwrap();
        for p in &hostile {
            p.set_waiting(true);
        }
        // Full: a newcomer evicts an idle session of 127.0.0.2 (two sessions), not 127.0.0.3.
        let newcomer = anvil.admit_now(ip(1), &c).unwrap();
        let told = |p: &Permit| anvil.lock().sessions[&p.id].evicted();
        assert!(told(&hostile[0]) || told(&hostile[1]));
        assert!(!told(&hostile[2]) && !told(&busy) && !told(&newcomer));
        // Nobody idle left but 127.0.0.2's other one and 127.0.0.3: they go next, then refusal.
        drop(hostile);
        assert_eq!(anvil.sessions(), 2);
        newcomer.set_waiting(false);
        let _x = anvil.admit_now(ip(5), &c).unwrap();
        let _y = anvil.admit_now(ip(6), &c).unwrap();
        assert_eq!(anvil.admit_now(ip(7), &c).err(), Some(Refusal::Full));
    }

    #[test]
    fn stress_starts_at_three_quarters() {
        let anvil = Arc::new(Anvil::default());
        let c = config();
        let first = anvil.admit_now(ip(2), &c).unwrap();
        assert!(!first.stressed(&c));
        let _more: Vec<Permit> = [3, 4]
            .into_iter()
            .map(|i| anvil.admit_now(ip(i), &c).unwrap())
            .collect();
        assert!(first.stressed(&c));
    }

    #[test]
    fn the_local_mta_gives_way_last() {
        let anvil = Arc::new(Anvil::default());
        let c = config();
        let local: Vec<Permit> = (0..3)
            .map(|_| anvil.admit_now(ip(1), &c).unwrap())
            .collect();
        let other = anvil.admit_now(ip(2), &c).unwrap();
        for p in local.iter().chain([&other]) {
            p.set_waiting(true);
        }
        let _new = anvil.admit_now(ip(3), &c).unwrap();
        let told = |p: &Permit| anvil.lock().sessions[&p.id].evicted();
        assert!(told(&other));
        assert!(!local.iter().any(told));
    }

    #[tokio::test]
    async fn a_session_task_that_panics_frees_its_slot() {
        let anvil = Arc::new(Anvil::default());
        let c = Smtp {
            max_connections: 1,
            ..config()
        };
        let permit = anvil.admit_now(ip(2), &c).unwrap();
        assert_eq!(anvil.admit_now(ip(3), &c).err(), Some(Refusal::Full));
        let task = tokio::spawn(async move {
            let _held = permit;
            panic!("a bug in the session");
        });
        assert!(task.await.unwrap_err().is_panic());
        assert_eq!(anvil.sessions(), 0);
        assert!(anvil.admit_now(ip(3), &c).is_ok());
    }

    #[test]
    fn a_smaller_max_connections_takes_effect_as_sessions_end() {
        let anvil = Arc::new(Anvil::default());
        let four = Smtp {
            max_connections: 4,
            max_connections_per_client: 10,
            ..config()
        };
        let two = Smtp {
            max_connections: 2,
            ..four.clone()
        };
        // Receiving content (never waiting), so nobody can be told to make room.
        let mut busy: Vec<Permit> = (0..3)
            .map(|_| anvil.admit_now(ip(2), &four).unwrap())
            .collect();
        assert_eq!(anvil.admit_now(ip(3), &two).err(), Some(Refusal::Full));
        busy.pop();
        assert_eq!(anvil.admit_now(ip(3), &two).err(), Some(Refusal::Full));
        busy.pop();
        let third = anvil.admit_now(ip(3), &two).unwrap();
        assert_eq!(anvil.admit_now(ip(4), &two).err(), Some(Refusal::Full));
        // Back to four: two more at once.
        let _more: Vec<Permit> = (0..2)
            .map(|_| anvil.admit_now(ip(4), &four).unwrap())
            .collect();
        assert_eq!(anvil.admit_now(ip(5), &four).err(), Some(Refusal::Full));
        drop((busy, third));
    }

    #[test]
    fn a_client_reconnecting_too_often_is_refused_for_a_while() {
        let anvil = Arc::new(Anvil::default());
        let c = Smtp {
            max_connection_rate_per_client: 3,
            max_connections: 20,
            ..config()
        };
        let t0 = Instant::now();
        let s = std::time::Duration::from_secs(1);
        // Each session ends at once: only the rate can refuse.
        for _ in 0..3 {
            drop(anvil.admit(ip(2), t0, &c).unwrap());
        }
        assert_eq!(anvil.admit(ip(2), t0 + s, &c).err(), Some(Refusal::Rate));
        assert!(anvil.admit(ip(3), t0 + s, &c).is_ok(), "another address");
        let local: Vec<Permit> = (0..10)
            .map(|_| anvil.admit(ip(1), t0, &c).unwrap())
            .collect();
        drop(local);
        // A minute / 3 later, one connection's allowance is back.
        assert!(anvil.admit(ip(2), t0 + 20 * s, &c).is_ok());
        assert_eq!(
            anvil.admit(ip(2), t0 + 21 * s, &c).err(),
            Some(Refusal::Rate)
        );
    }

    #[test]
    fn an_ipv6_client_is_its_64_network() {
        let v6 = |a: &str| -> IpAddr { a.parse().unwrap() };
        let c = Smtp {
            max_connections: 20,
            max_connection_rate_per_client: 4,
            ..config()
        };
        let of = |a: &str| Client::of(v6(a), &c);
        assert_eq!(
            of("2001:db8:1:2:aaaa::9"),
            Client::Network(v6("2001:db8:1:2::"))
        );
        assert_eq!(of("::ffff:192.0.2.7"), Client::Network(v6("192.0.2.7")));
        assert_eq!(of("::ffff:127.0.0.1"), Client::Exempt(v6("127.0.0.1")));
        let anvil = Arc::new(Anvil::default());
        let t0 = Instant::now();
        // Two sessions from one /64 fill its share, whichever addresses they come from.
        let _a = anvil.admit(v6("2001:db8:1:2::1"), t0, &c).unwrap();
        let _b = anvil.admit(v6("2001:db8:1:2:ffff::9"), t0, &c).unwrap();
        assert_eq!(
            anvil.admit(v6("2001:db8:1:2::77"), t0, &c).err(),
            Some(Refusal::PerClient)
        );
        assert!(anvil.admit(v6("2001:db8:1:3::1"), t0, &c).is_ok());
        // Its rate is shared too: four connections a minute across the /64.
        for host in ["::1", "::2", ":3::", ":4::"] {
            let address = v6(&format!("2001:db8:9:9{host}"));
            drop(anvil.admit(address, t0, &c).unwrap());
        }
        assert_eq!(
            anvil.admit(v6("2001:db8:9:9::5"), t0, &c).err(),
            Some(Refusal::Rate)
        );
        // The exemption is for the exact address, ::1, not its /64; and the exempt address's
        // own sessions do not use up its neighbours' share.
        let _local: Vec<Permit> = (0..5)
            .map(|_| anvil.admit(v6("::1"), t0, &c).unwrap())
            .collect();
        let _near: Vec<Permit> = (0..2)
            .map(|_| anvil.admit(v6("::2"), t0, &c).unwrap())
            .collect();
        assert_eq!(
            anvil.admit(v6("::3"), t0, &c).err(),
            Some(Refusal::PerClient)
        );
    }

    #[tokio::test]
    async fn an_evicted_session_hears_it() {
        let anvil = Arc::new(Anvil::default());
        let c = Smtp {
            max_connections: 1,
            ..config()
        };
        let idle = anvil.admit_now(ip(2), &c).unwrap();
        idle.set_waiting(true);
        let _new = anvil.admit_now(ip(3), &c).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(5), idle.evicted())
            .await
            .expect("told to go");
    }
}
