//! The simulator's clock: real, accelerated, or paused and advanced by hand.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::lock;

/// How simulated time passes.
///
/// Simulated time only drives the job queue (queue positions, run times). Network behaviour
/// (fault delays, client timeouts) always uses real time.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum ClockMode {
    /// Simulated time follows the wall clock.
    #[default]
    Real,
    /// Simulated time runs this many times faster than the wall clock (e.g. `10.0`). Values
    /// that are not finite and positive are treated as [`ClockMode::Paused`].
    Accelerated(f64),
    /// Simulated time stands still; only [`crate::SimHandle::advance`] moves it.
    Paused,
}

/// Simulated time since the simulator started.
#[derive(Debug)]
pub(crate) struct Clock {
    start: Instant,
    factor: f64,
    offset: Mutex<Duration>,
}

impl Clock {
    pub(crate) fn new(mode: ClockMode) -> Self {
        let factor = match mode {
            ClockMode::Real => 1.0,
            ClockMode::Accelerated(f) if f.is_finite() && f > 0.0 => f.min(1e6),
            ClockMode::Accelerated(_) | ClockMode::Paused => 0.0,
        };
        Self {
            start: Instant::now(),
            factor,
            offset: Mutex::new(Duration::ZERO),
        }
    }

    pub(crate) fn now(&self) -> Duration {
        let real = if self.factor > 0.0 {
            Duration::try_from_secs_f64(self.start.elapsed().as_secs_f64() * self.factor).unwrap_or(Duration::MAX)
        } else {
            Duration::ZERO
        };
        real.saturating_add(*lock(&self.offset))
    }

    /// Simulated seconds per wall-clock second (0 when paused).
    pub(crate) fn speed(&self) -> f64 {
        self.factor
    }

    pub(crate) fn advance(&self, by: Duration) {
        let mut offset = lock(&self.offset);
        *offset = offset.saturating_add(by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paused_only_moves_by_hand() {
        let c = Clock::new(ClockMode::Paused);
        assert_eq!(c.now(), Duration::ZERO);
        c.advance(Duration::from_secs(3));
        assert_eq!(c.now(), Duration::from_secs(3));
        let fast = Clock::new(ClockMode::Accelerated(1000.0));
        std::thread::sleep(Duration::from_millis(5));
        assert!(fast.now() >= Duration::from_secs(4));
    }
}
