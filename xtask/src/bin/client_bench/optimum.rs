//! The exact optimum a poller is measured against: the fewest status calls, in expectation,
//! that find a job's completion at a given mean detection delay, when the distribution of the
//! completion time (from the submit, queue wait included) is known and a call tells only
//! whether the job is done.
//!
//! Such a poller gains nothing from adapting (every answer but the last says "not done"), so
//! its best schedule is a fixed list of call times. For a price `lambda` of a second of delay,
//! dynamic programming over call times on a fine grid finds the schedule that minimizes
//! `E[calls] + lambda * E[delay]`: `J(i) = min over j > i of P(T > t_i) + lambda * (G(t_j) -
//! G(t_i) - (t_j - t_i) F(t_i)) + J(j)`, with `F` the CDF and `G(t) = E[(t - T)+]` its
//! integral. Each `lambda` gives one vertex of the lower convex hull of (delay, calls);
//! bisection on `lambda` brackets the target delay, and the two vertices around it are mixed
//! (a schedule drawn at random between the two is a valid poller) to hit it exactly.
//!
//! A poller that reads the queue position can do better than this behind a queue: the
//! optimum here knows the distribution of the wait, not where this job's wait stands.

/// A distribution of completion times: an equal-weight mixture of `S + R`, each `S` uniform
/// on one of `starts` (a point when both ends are equal) and `R` uniform on `run` (a point
/// when both ends are equal).
#[derive(Debug, Clone)]
pub struct Completion {
    pub starts: Vec<(f64, f64)>,
    pub run: (f64, f64),
}

/// Grid points over the support.
const GRID: usize = 3000;

impl Completion {
    /// A start known exactly (no queue).
    #[cfg(test)]
    pub fn fixed_start(start: f64, run: (f64, f64)) -> Completion {
        Completion {
            starts: vec![(start, start)],
            run,
        }
    }

    /// Starts observed across jobs, each spread over half the gap to its neighbours (so a
    /// few observations leave no hole between them; the same smoothing as the client's
    /// learned run times).
    pub fn observed_starts(mut observed: Vec<f64>, run: (f64, f64)) -> Completion {
        observed.retain(|s| s.is_finite());
        observed.sort_by(f64::total_cmp);
        let n = observed.len();
        let starts = (0..n)
            .map(|i| {
                let m = observed[i];
                let left = if i > 0 { (m - observed[i - 1]) / 2.0 } else { f64::NAN };
                let right = if i + 1 < n {
                    (observed[i + 1] - m) / 2.0
                } else {
                    f64::NAN
                };
                let (left, right) = match (left.is_nan(), right.is_nan()) {
                    (false, false) => (left, right),
                    (false, true) => (left, left),
                    (true, false) => (right, right),
                    (true, true) => (0.0, 0.0),
                };
                (m - left, m + right)
            })
            .collect();
        Completion { starts, run }
    }

    fn support(&self) -> (f64, f64) {
        let lo = self.starts.iter().map(|s| s.0).fold(f64::INFINITY, f64::min) + self.run.0;
        let hi = self.starts.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max) + self.run.1;
        (lo, hi)
    }

    /// `(F(t), G(t))` of one `S + R` term.
    fn term(t: f64, s: (f64, f64), r: (f64, f64)) -> (f64, f64) {
        // The sum of two uniforms: widths a <= b; Z = t - (s.0 + r.0) from 0 to a + b.
        let (w1, w2) = (s.1 - s.0, r.1 - r.0);
        let (a, b) = if w1 <= w2 { (w1, w2) } else { (w2, w1) };
        let z = t - s.0 - r.0;
        if z <= 0.0 {
            return (0.0, 0.0);
        }
        if z >= a + b {
            // E[(t - T)+] = t - E[T] = z - (a + b) / 2.
            return (1.0, z - 0.5 * (a + b));
        }
        const POINT: f64 = 1e-9;
        match (a <= POINT, b <= POINT) {
            // Two points (z > 0 = a + b is handled above): unreachable.
            (true, true) => (1.0, z),
            // One point, one uniform of width b.
            (true, false) => (z / b, z * z / (2.0 * b)),
            _ => {
                let cube = |x: f64| if x > 0.0 { x * x * x } else { 0.0 };
                let sq = |x: f64| if x > 0.0 { x * x } else { 0.0 };
                let f = (sq(z) - sq(z - a) - sq(z - b)) / (2.0 * a * b);
                let g = (cube(z) - cube(z - a) - cube(z - b)) / (6.0 * a * b);
                (f, g)
            }
        }
    }

    /// `(F(t), G(t))`.
    fn at(&self, t: f64) -> (f64, f64) {
        let n = self.starts.len().max(1) as f64;
        let (f, g) = self
            .starts
            .iter()
            .map(|&s| Self::term(t, s, self.run))
            .fold((0.0, 0.0), |acc, x| (acc.0 + x.0, acc.1 + x.1));
        (f / n, g / n)
    }
}

/// One schedule: expected calls and expected delay.
#[derive(Debug, Clone, Copy)]
struct Point {
    calls: f64,
    delay: f64,
}

struct Grid {
    t: Vec<f64>,
    f: Vec<f64>,
    g: Vec<f64>,
}

impl Grid {
    fn new(c: &Completion) -> Grid {
        let (lo, hi) = c.support();
        let n = GRID;
        let t: Vec<f64> = (0..=n).map(|i| lo + (hi - lo) * i as f64 / n as f64).collect();
        let (f, g) = t.iter().map(|&x| c.at(x)).unzip();
        Grid { t, f, g }
    }

    /// The schedule minimizing `calls + lambda * delay`.
    fn solve(&self, lambda: f64) -> Point {
        let n = self.t.len();
        // cost[i]: the least expected future cost (unnormalized: calls are counted with the
        // probability they happen) after a call at t_i that found the job unfinished.
        let mut cost = vec![0.0_f64; n];
        let mut next = vec![n - 1; n];
        for i in (0..n - 1).rev() {
            let survive = 1.0 - self.f[i];
            if survive <= 1e-12 {
                cost[i] = 0.0;
                continue;
            }
            let (mut best, mut arg) = (f64::INFINITY, n - 1);
            for (j, after) in cost.iter().enumerate().skip(i + 1) {
                let delay = self.g[j] - self.g[i] - (self.t[j] - self.t[i]) * self.f[i];
                let c = survive + lambda * delay + after;
                if c < best {
                    best = c;
                    arg = j;
                }
            }
            cost[i] = best;
            next[i] = arg;
        }
        // The first call: always made.
        let (mut best, mut first) = (f64::INFINITY, n - 1);
        for (j, after) in cost.iter().enumerate() {
            let c = 1.0 + lambda * self.g[j] + after;
            if c < best {
                best = c;
                first = j;
            }
        }
        // Walk the schedule for its calls and delay.
        let mut calls = 1.0;
        let mut delay = self.g[first];
        let mut i = first;
        while i < n - 1 && 1.0 - self.f[i] > 1e-12 {
            let j = next[i];
            calls += 1.0 - self.f[i];
            delay += self.g[j] - self.g[i] - (self.t[j] - self.t[i]) * self.f[i];
            i = j;
        }
        Point { calls, delay }
    }
}

/// The fewest expected status calls at a mean detection delay of at most `delay` seconds.
pub fn min_calls(c: &Completion, delay: f64) -> f64 {
    let (lo, hi) = c.support();
    if (hi - lo).is_nan() || hi - lo <= 1e-6 {
        // A completion known to the microsecond: one call, on it.
        return 1.0;
    }
    let grid = Grid::new(c);
    // lambda -> 0: one call at the end (the largest delay); larger lambda: less delay.
    let mut cheap = grid.solve(0.0);
    if cheap.delay <= delay {
        return cheap.calls;
    }
    let mut dear_lambda = 1.0;
    let mut dear = grid.solve(dear_lambda);
    while dear.delay > delay && dear_lambda < 1e9 {
        dear_lambda *= 4.0;
        dear = grid.solve(dear_lambda);
    }
    if dear.delay > delay {
        // Below what the grid can resolve: the densest schedule it has.
        return dear.calls;
    }
    let mut cheap_lambda = 0.0;
    for _ in 0..60 {
        let mid = 0.5 * (cheap_lambda + dear_lambda);
        let p = grid.solve(mid);
        if p.delay > delay {
            cheap_lambda = mid;
            cheap = p;
        } else {
            dear_lambda = mid;
            dear = p;
        }
        if dear_lambda - cheap_lambda <= 1e-9 * dear_lambda {
            break;
        }
    }
    if (cheap.delay - dear.delay).abs() < 1e-12 {
        return dear.calls;
    }
    // Mix the two hull vertices around the target.
    let w = (cheap.delay - delay) / (cheap.delay - dear.delay);
    cheap.calls + w * (dear.calls - cheap.calls)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A uniform window of width w: the continuous bound calls x delay >= 2w/9 for many
    /// calls (the README of issue 13's analysis); the DP must be close to it and above it.
    #[test]
    fn a_uniform_window_matches_the_continuous_bound() {
        let c = Completion::fixed_start(0.5, (48.0, 72.0));
        let calls = min_calls(&c, 1.0);
        // About 5.8 calls at 1.0 s for a 24 s window (the figure BENCHMARKS.md quoted).
        assert!((calls - 5.8).abs() < 0.4, "{calls}");
        let fewer = min_calls(&c, 2.0);
        assert!(fewer < calls);
        // One call at the end costs half the window of delay.
        assert!((min_calls(&c, 12.0) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_point_needs_one_call() {
        assert_eq!(min_calls(&Completion::fixed_start(0.5, (60.0, 60.0)), 0.0), 1.0);
    }

    #[test]
    fn the_cdf_and_its_integral_agree() {
        let c = Completion::observed_starts(vec![10.0, 14.0, 30.0], (5.0, 9.0));
        let (lo, hi) = c.support();
        let mut integral = 0.0;
        let steps = 200_000;
        let h = (hi - lo + 2.0) / steps as f64;
        let mut last_f = 0.0;
        for k in 0..steps {
            let t = lo - 1.0 + h * k as f64;
            let (f, g) = c.at(t + h);
            integral += 0.5 * (last_f + f) * h;
            last_f = f;
            assert!((g - integral).abs() < 1e-3, "{t}: {g} vs {integral}");
        }
        assert!((c.at(hi + 1.0).0 - 1.0).abs() < 1e-12);
    }
}
