//! Request ids: unique across processes and restarts. The simulator's seed drives faults,
//! run times and unseeded outputs, not ids: two simulators started with the same seed (one
//! after the other, or at once on the same state file) never give out the same id.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::rng::mix;

/// Gives out UUID-shaped (version 4) request ids.
#[derive(Debug)]
pub(crate) struct IdGen {
    /// Per-process entropy: the OS-seeded hasher keys, the wall clock and the process id.
    base: u64,
    next: AtomicU64,
}

impl IdGen {
    pub(crate) fn new() -> IdGen {
        let mut h = RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        h.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        IdGen {
            base: h.finish(),
            next: AtomicU64::new(0),
        }
    }

    /// The next id.
    pub(crate) fn next(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let a = mix(self.base, n.wrapping_mul(2));
        let b = mix(self.base ^ 0x5bd1_e995, n.wrapping_mul(2) + 1);
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_within_and_between_generators() {
        let a = IdGen::new();
        let b = IdGen::new();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            assert!(seen.insert(a.next()));
            assert!(seen.insert(b.next()));
        }
        let id = a.next();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(runcomfy_wire::check_request_id(&id).is_ok());
    }
}
