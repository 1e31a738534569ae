//! The memory budget for message content: every session reserves room before its content grows,
//! so what the messages being received, read and committed hold stays within
//! `smtp.memory_budget` (30 concurrent 9.4 MB messages used to take 593 MB). A transfer that
//! finds no room gets `452 4.3.1` and the client retries later.
//!
//! A message costs more than its bytes: reading it makes copies (newlines normalised, the text
//! part decoded and lowercased) and SQLite copies the blob it stores. One 9.4 MB message raised
//! the peak RSS by about 3.8 times its size (release build, `scripts/hostile-load.py`), so each
//! content byte reserves `COPIES` bytes of the budget.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Budget bytes one byte of content stands for, with the copies made while it is handled.
pub const COPIES: usize = 4;

pub struct Budget {
    limit: usize,
    /// Budget bytes reserved: content bytes times `COPIES`.
    held: AtomicUsize,
}

/// Room for `bytes` of content in one transfer; returned to the budget when dropped (after the
/// commit).
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

    /// Budget bytes reserved now.
    pub fn held(&self) -> usize {
        self.held.load(Ordering::SeqCst)
    }

    /// Reserves room for `bytes` of content, or `None` when that would pass the limit.
    pub fn reserve(self: &Arc<Self>, bytes: usize) -> Option<Reservation> {
        self.take(bytes).then(|| Reservation {
            budget: self.clone(),
            bytes,
        })
    }

    fn take(&self, bytes: usize) -> bool {
        let Some(cost) = bytes.checked_mul(COPIES) else {
            return false;
        };
        self.held
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |held| {
                held.checked_add(cost).filter(|total| *total <= self.limit)
            })
            .is_ok()
    }
}

impl Reservation {
    /// Content bytes the reservation has room for.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Raises the reservation to `bytes` of content; false (unchanged) when the budget has no
    /// room.
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

impl Reservation {
    /// Gives the room back early: content that is being read only to be dropped needs none.
    pub fn release(&mut self) {
        self.budget
            .held
            .fetch_sub(self.bytes * COPIES, Ordering::SeqCst);
        self.bytes = 0;
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.budget
            .held
            .fetch_sub(self.bytes * COPIES, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_stay_within_the_limit_and_come_back() {
        let budget = Budget::new(100 * COPIES);
        let a = budget.reserve(60).unwrap();
        assert!(budget.reserve(50).is_none());
        let mut b = budget.reserve(40).unwrap();
        assert!(!b.grow_to(41));
        assert_eq!(b.bytes(), 40);
        drop(a);
        assert!(b.grow_to(100));
        assert_eq!(budget.held(), 100 * COPIES);
        assert!(budget.reserve(usize::MAX).is_none());
        b.release();
        assert_eq!(budget.held(), 0);
        drop(b);
        assert_eq!(budget.held(), 0);
    }
}
