//! Fault injection: seedable, deterministic, per operation and per model.
//!
//! # The `--faults` syntax
//!
//! ```text
//! SPEC   := CLAUSE (';' CLAUSE)*
//! CLAUSE := 'seed=' INTEGER
//!         | SCOPE ':' ENTRY (',' ENTRY)*
//! SCOPE  := OP | OP '@' MODEL_ID
//! OP     := submit | status | result | cancel | output | '*'
//! ENTRY  := KIND '=' RATE                 RATE in [0, 1]
//! KIND   := 429 | 429(SECONDS)            429 without / with a Retry-After header
//!         | 500 | 502 | 503
//!         | reset-before | reset-after    drop the connection before / after the body is read
//!         | delay(DURATION)               answer normally, but only after DURATION (real time)
//!         | malformed                     HTTP 200 with a body that is not JSON
//!         | error200                      HTTP 200 with an {error_code, ...} body
//!         | unknown-status                the answer's "status" is a string no client knows
//! DURATION := INTEGER ('ms' | 's')
//! ```
//!
//! Example: `seed=7;submit:429(2)=0.1,reset-after=0.05;status@blackforestlabs/flux-1-schnell/text-to-image:503=0.2;*:delay(3s)=0.01`.
//!
//! For each request the most specific matching scope wins (`op@model`, then `op`, then
//! `*@model`, then `*`); its entries are tried in order with one uniform draw from a seeded
//! generator, so the same seed and the same request sequence give the same faults.
//! The model of a status/result/cancel/output request is the model of its job.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use crate::lock;
use crate::rng::SplitMix64;

/// An API operation, as fault scopes and accounting name it: the wire contract's
/// [`runcomfy_wire::Operation`] (`submit`, `status`, `result`, `cancel`, `output`).
pub use runcomfy_wire::Operation as Op;

/// One kind of fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// HTTP 429, with a `Retry-After: <seconds>` header when `Some`.
    TooManyRequests(Option<u64>),
    /// HTTP 500, 502 or 503 (any 5xx status given) with an error body.
    ServerError(u16),
    /// The connection is closed (with a TCP reset) before the request body is read: the
    /// request had no effect.
    ResetBeforeBody,
    /// The request is processed in full (a submit creates its job), then the connection is
    /// closed with a TCP reset instead of an answer.
    ResetAfterBody,
    /// The normal answer, sent only after this much real time.
    Delay(Duration),
    /// HTTP 200 with a body that is not JSON.
    MalformedJson,
    /// HTTP 200 with an error body (`{"error_code": 500001, ...}`).
    ErrorWith200,
    /// The normal answer with its `status` replaced by [`UNKNOWN_STATUS`]. Only answers that
    /// carry a `status` (status, result, cancel) are changed.
    UnknownStatus,
}

/// The status string [`FaultKind::UnknownStatus`] puts in answers.
pub const UNKNOWN_STATUS: &str = "sim_unknown_state";

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::TooManyRequests(None) => f.write_str("429"),
            FaultKind::TooManyRequests(Some(s)) => write!(f, "429({s})"),
            FaultKind::ServerError(code) => write!(f, "{code}"),
            FaultKind::ResetBeforeBody => f.write_str("reset-before"),
            FaultKind::ResetAfterBody => f.write_str("reset-after"),
            FaultKind::Delay(d) => write!(f, "delay({}ms)", d.as_millis()),
            FaultKind::MalformedJson => f.write_str("malformed"),
            FaultKind::ErrorWith200 => f.write_str("error200"),
            FaultKind::UnknownStatus => f.write_str("unknown-status"),
        }
    }
}

impl FromStr for FaultKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (name, arg) = match s.split_once('(') {
            Some((name, rest)) => match rest.strip_suffix(')') {
                Some(arg) => (name.trim(), Some(arg.trim())),
                None => return Err(format!("fault kind {s:?}: missing `)`")),
            },
            None => (s, None),
        };
        let kind = match (name, arg) {
            ("429", None) => FaultKind::TooManyRequests(None),
            ("429", Some(a)) => FaultKind::TooManyRequests(Some(
                a.parse().map_err(|_| format!("429({a}): expected whole seconds"))?,
            )),
            ("500" | "502" | "503", None) => FaultKind::ServerError(name.parse().unwrap_or(500)),
            ("reset-before", None) => FaultKind::ResetBeforeBody,
            ("reset-after", None) => FaultKind::ResetAfterBody,
            ("delay", Some(a)) => FaultKind::Delay(parse_duration(a)?),
            ("malformed", None) => FaultKind::MalformedJson,
            ("error200", None) => FaultKind::ErrorWith200,
            ("unknown-status", None) => FaultKind::UnknownStatus,
            _ => {
                return Err(format!(
                    "unknown fault kind {s:?} (expected 429, 429(SECS), 500, 502, 503, reset-before, \
                     reset-after, delay(DURATION), malformed, error200, unknown-status)"
                ));
            }
        };
        Ok(kind)
    }
}

/// Parses `1500ms`, `3s` or a bare number of milliseconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1000)
    } else {
        (s, 1)
    };
    let n: u64 = num
        .trim()
        .parse()
        .map_err(|_| format!("duration {s:?}: expected e.g. 1500ms or 3s"))?;
    Ok(Duration::from_millis(n.saturating_mul(unit)))
}

/// One fault rule: in `scope`, fault `kind` happens with probability `rate`.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    /// The operation it applies to; `None` for every operation.
    pub op: Option<Op>,
    /// The model id it applies to; `None` for every model.
    pub model: Option<String>,
    /// What happens.
    pub kind: FaultKind,
    /// Probability per request, in `[0, 1]`.
    pub rate: f64,
}

impl FaultRule {
    fn specificity(&self) -> u8 {
        u8::from(self.op.is_some()) * 2 + u8::from(self.model.is_some())
    }

    fn matches(&self, op: Op, model: Option<&str>) -> bool {
        self.op.is_none_or(|o| o == op) && self.model.as_deref().is_none_or(|m| Some(m) == model)
    }
}

/// Fault configuration: rules and the seed of their generator. Parse one from the
/// `--faults` syntax (see the [module docs](self)) with `str::parse`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Faults {
    /// Seed of the generator that decides which requests fail.
    pub seed: u64,
    /// The rules, in the order given.
    pub rules: Vec<FaultRule>,
}

impl Faults {
    /// No faults at all.
    pub fn none() -> Self {
        Self::default()
    }

    /// Adds a rule (builder style). `op`/`model` `None` mean "any".
    pub fn with(mut self, op: Option<Op>, model: Option<&str>, kind: FaultKind, rate: f64) -> Self {
        self.rules.push(FaultRule {
            op,
            model: model.map(str::to_owned),
            kind,
            rate: rate.clamp(0.0, 1.0),
        });
        self
    }
}

impl FromStr for Faults {
    type Err = String;
    fn from_str(spec: &str) -> Result<Self, String> {
        let mut faults = Faults::default();
        for clause in spec.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            if let Some(seed) = clause.strip_prefix("seed=") {
                faults.seed = seed
                    .trim()
                    .parse()
                    .map_err(|_| format!("{clause:?}: the seed must be an unsigned integer"))?;
                continue;
            }
            let Some((scope, entries)) = clause.split_once(':') else {
                return Err(format!("{clause:?}: expected SCOPE:KIND=RATE or seed=N"));
            };
            let (op, model) = match scope.trim().split_once('@') {
                Some((op, model)) => (op.trim(), Some(model.trim())),
                None => (scope.trim(), None),
            };
            let op = match op {
                "*" => None,
                other => Some(Op::parse(other).ok_or_else(|| {
                    format!("{clause:?}: unknown operation {other:?} (submit, status, result, cancel, output or *)")
                })?),
            };
            if model.is_some_and(str::is_empty) {
                return Err(format!("{clause:?}: empty model id after `@`"));
            }
            for entry in entries.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                let Some((kind, rate)) = entry.rsplit_once('=') else {
                    return Err(format!("{entry:?}: expected KIND=RATE"));
                };
                let kind: FaultKind = kind.parse()?;
                let rate: f64 = rate
                    .trim()
                    .parse()
                    .ok()
                    .filter(|r: &f64| (0.0..=1.0).contains(r))
                    .ok_or_else(|| format!("{entry:?}: the rate must be a number from 0 to 1"))?;
                faults = faults.with(op, model, kind, rate);
            }
        }
        Ok(faults)
    }
}

/// Decides, request by request, which fault (if any) happens.
#[derive(Debug)]
pub(crate) struct FaultEngine {
    rules: Vec<FaultRule>,
    rng: Mutex<SplitMix64>,
    scripted: Mutex<HashMap<Op, VecDeque<FaultKind>>>,
}

impl FaultEngine {
    pub(crate) fn new(faults: &Faults) -> Self {
        Self {
            rules: faults.rules.clone(),
            rng: Mutex::new(SplitMix64::new(faults.seed)),
            scripted: Mutex::new(HashMap::new()),
        }
    }

    /// Queues `kind` for the next request of `op` (before any random rule).
    pub(crate) fn inject(&self, op: Op, kind: FaultKind) {
        lock(&self.scripted).entry(op).or_default().push_back(kind);
    }

    pub(crate) fn decide(&self, op: Op, model: Option<&str>) -> Option<FaultKind> {
        if let Some(kind) = lock(&self.scripted).get_mut(&op).and_then(VecDeque::pop_front) {
            return Some(kind);
        }
        let matching: Vec<&FaultRule> = self.rules.iter().filter(|r| r.matches(op, model)).collect();
        let best = matching.iter().map(|r| r.specificity()).max()?;
        let draw = lock(&self.rng).next_f64();
        let mut cumulative = 0.0;
        for rule in matching.into_iter().filter(|r| r.specificity() == best) {
            cumulative += rule.rate;
            if draw < cumulative {
                return Some(rule.kind);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let f: Faults = "seed=7;submit:429(2)=0.1,reset-after=0.05;status@a/b:503=0.2;*:delay(3s)=0.01"
            .parse()
            .unwrap();
        assert_eq!(f.seed, 7);
        assert_eq!(f.rules.len(), 4);
        assert_eq!(f.rules[0].kind, FaultKind::TooManyRequests(Some(2)));
        assert_eq!(f.rules[2].model.as_deref(), Some("a/b"));
        assert_eq!(f.rules[3].kind, FaultKind::Delay(Duration::from_secs(3)));
        assert!("submit:404=0.1".parse::<Faults>().is_err());
        assert!("submit:500=2".parse::<Faults>().is_err());
        assert!("nope:500=0.1".parse::<Faults>().is_err());
        assert!("submit".parse::<Faults>().is_err());
    }

    #[test]
    fn most_specific_scope_wins_and_is_deterministic() {
        let f: Faults = "seed=1;*:500=1;status:503=1;status@a/b:502=1".parse().unwrap();
        let e = FaultEngine::new(&f);
        assert_eq!(e.decide(Op::Status, Some("a/b")), Some(FaultKind::ServerError(502)));
        assert_eq!(e.decide(Op::Status, Some("c/d")), Some(FaultKind::ServerError(503)));
        assert_eq!(e.decide(Op::Submit, None), Some(FaultKind::ServerError(500)));
        let f: Faults = "seed=9;*:500=0.5".parse().unwrap();
        let run = || {
            let e = FaultEngine::new(&f);
            (0..64)
                .map(|_| e.decide(Op::Status, None).is_some())
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        assert!(a.iter().any(|x| *x) && a.iter().any(|x| !*x));
    }
}
