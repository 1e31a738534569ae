//! The memory budget for message content: every session reserves what it may hold before it
//! receives content, so the bytes held across sessions stay within `smtp.memory_budget`
//! (concurrent large messages used to grow the process without bound). A transfer that finds
//! no room gets `452 4.3.1` and the client retries later.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub struct Budget {
    limit: usize,
    held: AtomicUsize,
}

/// Bytes reserved by one transfer; returned to the budget when dropped (after the commit).
#[derive(Debug)]
pub struct Reservation {
    budget: Arc<Budget>,
    bytes: usize,
}

impl std::fmt::Debug for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Budget({}/{})", self.held(), self.limit)
    }
}

impl Budget {
    pub fn new(limit: usize) -> Arc<Budget> {
        Arc::new(Budget {
            limit,
            held: AtomicUsize::new(0),
        })
    }

    /// Bytes reserved now.
    pub fn held(&self) -> usize {
        self.held.load(Ordering::SeqCst)
    }

    /// Reserves `bytes`, or `None` when that would pass the limit.
    pub fn reserve(self: &Arc<Self>, bytes: usize) -> Option<Reservation> {
        self.take(bytes).then(|| Reservation {
            budget: self.clone(),
            bytes,
        })
    }

    fn take(&self, bytes: usize) -> bool {
        self.held
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |held| {
                held.checked_add(bytes).filter(|total| *total <= self.limit)
            })
            .is_ok()
    }
}

impl Reservation {
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Raises the reservation to `bytes`; false (unchanged) when the budget has no room.
    pub fn grow_to(&mut self, bytes: usize) -> bool {
        if bytes <= self.bytes {
            return true;
        }
        if !self.budget.take(bytes - self.bytes) {
            return false;
        }
        self.bytes = bytes;
        true
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.budget.held.fetch_sub(self.bytes, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_stay_within_the_limit_and_come_back() {
        let budget = Budget::new(100);
        let a = budget.reserve(60).unwrap();
        assert!(budget.reserve(50).is_none());
        let mut b = budget.reserve(40).unwrap();
        assert!(!b.grow_to(41));
        assert_eq!(b.bytes(), 40);
        drop(a);
        assert!(b.grow_to(100));
        assert_eq!(budget.held(), 100);
        drop(b);
        assert_eq!(budget.held(), 0);
    }
}
