//! `batch --max-cost`: the spending limit of a run, failing closed. Every job admitted has a
//! price (the catalog's estimate, the model's mean cost in earlier runs, or an asserted one:
//! see `prices` in the parent module); a job is submitted only when the finished jobs' costs
//! plus the prices of the jobs in flight plus its own stay within the limit; and a result
//! that carries no usable cost counts at the job's price, never at 0.

use std::collections::HashMap;
use std::sync::Mutex;

/// A cost from an answer, if it is a usable amount (finite, zero or more).
pub fn valid_cost(cost: Option<f64>) -> Option<f64> {
    cost.filter(|c| c.is_finite() && *c >= 0.0)
}

/// What a finished, billed job counts for: its cost, else its price (else nothing is known:
/// only possible without `--max-cost`, which requires a price for every job).
pub fn counted_cost(cost: Option<f64>, price: Option<f64>) -> f64 {
    valid_cost(cost).or(price).unwrap_or(0.0)
}

/// The spending limit of a run: finished jobs' costs plus the prices of jobs in flight.
pub struct Budget {
    limit: Option<f64>,
    state: Mutex<Spending>,
}

#[derive(Default)]
struct Spending {
    spent: f64,
    /// Prices of the jobs in flight (`None`: unknown; only without a limit).
    in_flight: HashMap<String, Option<f64>>,
    /// A job did not fit: nothing more is submitted.
    stopped: bool,
}

impl Budget {
    /// A budget of `limit` USD (none: no limit) of which `spent` was spent in earlier runs.
    pub fn new(limit: Option<f64>, spent: f64) -> Budget {
        Budget {
            limit,
            state: Mutex::new(Spending {
                spent,
                ..Spending::default()
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Spending> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// May job `key`, whose price is `price`, be submitted? With a limit, a job without a
    /// price never is, and once a job did not fit no other is (a rerun with a larger budget
    /// goes on).
    pub fn admit(&self, key: &str, price: Option<f64>) -> bool {
        let mut s = self.lock();
        let Some(limit) = self.limit else {
            s.in_flight.insert(key.to_owned(), price);
            return true;
        };
        let committed = s.spent + s.in_flight.values().flatten().sum::<f64>();
        match price {
            Some(p) if !s.stopped && committed + p <= limit => {
                s.in_flight.insert(key.to_owned(), Some(p));
                true
            }
            _ => {
                s.stopped = true;
                false
            }
        }
    }

    /// A job known to be in flight already (re-attached).
    pub fn attach(&self, key: &str, price: Option<f64>) {
        self.lock().in_flight.insert(key.to_owned(), price);
    }

    /// The job `key` is over. A billed job (completed, or whose submit may have created it)
    /// counts at its `cost`, or at its price when the answer carries no usable cost; a job
    /// that was not billed (refused, failed, cancelled while queued) counts nothing.
    pub fn finish(&self, key: &str, cost: Option<f64>, billed: bool) {
        let mut s = self.lock();
        let price = s.in_flight.remove(key).flatten();
        if billed {
            s.spent += counted_cost(cost, price);
        }
    }

    /// (spent, prices of the jobs still in flight).
    pub fn totals(&self) -> (f64, f64) {
        let s = self.lock();
        // `+ 0.0`: the sum of nothing is -0.
        (s.spent + 0.0, s.in_flight.values().flatten().sum::<f64>() + 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_costs_count_at_the_price_and_caps_hold() {
        let b = Budget::new(Some(1.0), 0.0);
        assert!(b.admit("a", Some(0.4)));
        assert!(b.admit("b", Some(0.4)));
        assert!(!b.admit("c", Some(0.4)), "0.4 + 0.4 + 0.4 > 1");
        assert!(!b.admit("d", Some(0.01)), "stopped");
        b.finish("a", None, true);
        b.finish("b", Some(f64::NAN), true);
        assert_eq!(b.totals(), (0.8, 0.0));
    }

    #[test]
    fn a_job_without_a_price_never_passes_a_limit() {
        let b = Budget::new(Some(100.0), 0.0);
        assert!(!b.admit("a", None));
        let free = Budget::new(None, 0.0);
        assert!(free.admit("a", None));
    }

    #[test]
    fn jobs_not_billed_count_nothing() {
        let b = Budget::new(Some(1.0), 0.25);
        assert!(b.admit("a", Some(0.5)));
        b.finish("a", None, false);
        assert_eq!(b.totals(), (0.25, 0.0));
    }
}
