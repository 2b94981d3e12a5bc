//! Constraint primitives shared by generated types and the JSON value validator.
//!
//! Generated newtypes embed these as constants and call [`IntegerRange::check`] and friends,
//! and [`crate::EndpointSchema::validate`] calls the very same functions: one code path
//! decides what is valid, whoever asks.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

/// A constraint a value broke, with the numbers it was checked against.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Constraint {
    /// A required field is missing.
    Required,
    /// The object has a field the schema does not define.
    UnknownField {
        /// Close field names the schema does define (edit distance), best first.
        suggestions: Vec<String>,
    },
    /// The value has the wrong JSON type.
    Type {
        /// What the schema asks for (`"a string"`, `"an integer"`, ...).
        expected: &'static str,
        /// What was found.
        found: String,
    },
    /// The value is not one of the allowed values. Built with [`Constraint::not_one_of`].
    Enum {
        /// The allowed values as JSON text: all of them when there are at most
        /// [`ENUM_VALUES_SHOWN`], else none (a violation of a 600,000-value enum does not copy
        /// the enum).
        allowed: Vec<String>,
        /// How many values the enum allows.
        total: usize,
        /// What was found.
        found: String,
    },
    /// `minimum` (inclusive).
    Minimum {
        /// The bound as the schema states it.
        limit: String,
        /// What was found.
        found: String,
    },
    /// `maximum` (inclusive).
    Maximum {
        /// The bound as the schema states it.
        limit: String,
        /// What was found.
        found: String,
    },
    /// `exclusiveMinimum`.
    ExclusiveMinimum {
        /// The bound as the schema states it.
        limit: String,
        /// What was found.
        found: String,
    },
    /// `exclusiveMaximum`.
    ExclusiveMaximum {
        /// The bound as the schema states it.
        limit: String,
        /// What was found.
        found: String,
    },
    /// A number that JSON cannot carry (NaN or infinite).
    NotFinite,
    /// `minLength`, in Unicode scalar values.
    MinLength {
        /// The limit.
        limit: u64,
        /// The length found.
        found: u64,
    },
    /// `maxLength`, in Unicode scalar values.
    MaxLength {
        /// The limit.
        limit: u64,
        /// The length found.
        found: u64,
    },
    /// `minItems`.
    MinItems {
        /// The limit.
        limit: u64,
        /// The count found.
        found: u64,
    },
    /// `maxItems`.
    MaxItems {
        /// The limit.
        limit: u64,
        /// The count found.
        found: u64,
    },
    /// A media input that is neither an `https://` URL nor a well-formed `data:` URI, or
    /// whose declared media type does not fit the field.
    Media {
        /// What is wrong with it.
        reason: String,
    },
    /// A media rule from the schema's `validations` (pixels, aspect, file size).
    MediaRule {
        /// The rule as written, e.g. `width_pixels<`.
        rule: String,
        /// The schema's own `validation_error` text.
        message: String,
        /// The measured value.
        measured: String,
    },
    /// The schema embedded in a generated type could not be read (version skew between
    /// the macro and the runtime crate).
    Schema {
        /// The parser's message.
        message: String,
    },
    /// A problem of the request as a whole that no schema keyword names (its body is too
    /// large to send, a file too large to inline, an unusable model id).
    Request {
        /// What is wrong.
        message: String,
    },
    /// A violation the server reported (a 422 answer's `detail`), in its own words.
    Server {
        /// The server's message.
        message: String,
        /// The keyword the server named, if any.
        keyword: String,
    },
}

/// The most enum values a [`Constraint::Enum`] lists; a longer enum is named by its size.
pub const ENUM_VALUES_SHOWN: usize = 12;

impl Constraint {
    /// `found` is not one of the `total` values of an enum, `allowed` (as JSON text, in
    /// order). Only small enums' values are kept ([`ENUM_VALUES_SHOWN`]); `allowed` is not
    /// read at all for a larger one.
    pub fn not_one_of(allowed: impl IntoIterator<Item = String>, total: usize, found: String) -> Constraint {
        let allowed = if total <= ENUM_VALUES_SHOWN {
            allowed.into_iter().take(ENUM_VALUES_SHOWN).collect()
        } else {
            Vec::new()
        };
        Constraint::Enum { allowed, total, found }
    }

    /// The JSON Schema keyword (or our own name) of this constraint.
    pub fn keyword(&self) -> &'static str {
        match self {
            Constraint::Required => "required",
            Constraint::UnknownField { .. } => "unknown field",
            Constraint::Type { .. } => "type",
            Constraint::Enum { .. } => "enum",
            Constraint::Minimum { .. } => "minimum",
            Constraint::Maximum { .. } => "maximum",
            Constraint::ExclusiveMinimum { .. } => "exclusiveMinimum",
            Constraint::ExclusiveMaximum { .. } => "exclusiveMaximum",
            Constraint::NotFinite => "finite number",
            Constraint::MinLength { .. } => "minLength",
            Constraint::MaxLength { .. } => "maxLength",
            Constraint::MinItems { .. } => "minItems",
            Constraint::MaxItems { .. } => "maxItems",
            Constraint::Media { .. } => "media input",
            Constraint::MediaRule { .. } => "validations",
            Constraint::Schema { .. } => "schema",
            Constraint::Request { .. } => "request",
            Constraint::Server { .. } => "server",
        }
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::Required => f.write_str("required field is missing"),
            Constraint::UnknownField { suggestions } => {
                f.write_str("unknown field")?;
                if let Some(first) = suggestions.first() {
                    write!(f, " (did you mean `{first}`?)")?;
                }
                Ok(())
            }
            Constraint::Type { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            Constraint::Enum { allowed, total, found } => {
                if *total <= ENUM_VALUES_SHOWN && allowed.len() == *total {
                    write!(f, "{found} is not one of {}", allowed.join(", "))
                } else {
                    write!(f, "{found} is not one of the {total} allowed values")
                }
            }
            Constraint::Minimum { limit, found } => write!(f, "{found} is less than the minimum {limit}"),
            Constraint::Maximum { limit, found } => write!(f, "{found} is greater than the maximum {limit}"),
            Constraint::ExclusiveMinimum { limit, found } => {
                write!(f, "{found} must be greater than {limit} (exclusiveMinimum)")
            }
            Constraint::ExclusiveMaximum { limit, found } => {
                write!(f, "{found} must be less than {limit} (exclusiveMaximum)")
            }
            Constraint::NotFinite => f.write_str("expected a finite number (JSON has no NaN or infinity)"),
            Constraint::MinLength { limit, found } => write!(
                f,
                "{found} characters is shorter than minLength {limit} (counted in Unicode scalar values)"
            ),
            Constraint::MaxLength { limit, found } => write!(
                f,
                "{found} characters is longer than maxLength {limit} (counted in Unicode scalar values)"
            ),
            Constraint::MinItems { limit, found } => write!(f, "{found} items is fewer than minItems {limit}"),
            Constraint::MaxItems { limit, found } => write!(f, "{found} items is more than maxItems {limit}"),
            Constraint::Media { reason } => f.write_str(reason),
            Constraint::MediaRule {
                rule,
                message,
                measured,
            } => {
                write!(f, "{message} (rule `{rule}`, measured {measured})")
            }
            Constraint::Schema { message } => write!(f, "embedded schema is unreadable: {message}"),
            Constraint::Request { message } | Constraint::Server { message, .. } => f.write_str(message),
        }
    }
}

/// One broken constraint at one place in a request.
///
/// Displays as `/steps: 12 is greater than the maximum 8`.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// RFC 6901 JSON pointer into the request (`/steps`, `/images/2`).
    pub pointer: String,
    /// What was broken.
    pub constraint: Constraint,
}

impl Violation {
    /// A violation of `constraint` at `pointer`.
    pub fn new(pointer: impl Into<String>, constraint: Constraint) -> Self {
        Self {
            pointer: pointer.into(),
            constraint,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "{pointer}: {}", self.constraint)
    }
}

impl std::error::Error for Violation {}

/// Every violation found in one value, in document order. Never empty when returned as an
/// error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// The violations.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// None at all?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when empty, `Err(self)` otherwise.
    pub fn into_result(self) -> Result<(), Violations> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.len() {
            0 => f.write_str("no violations"),
            1 => write!(f, "{}", self.0[0]),
            n => {
                write!(f, "{n} violations:")?;
                for v in &self.0 {
                    write!(f, "\n  {v}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Violations {}

impl From<Violation> for Violations {
    fn from(v: Violation) -> Self {
        Violations(vec![v])
    }
}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// `minimum`, `maximum` and the exclusive bounds of a numeric field, kept as the schema
/// writes them (for messages). `T` is the value type: `i64` for integer fields
/// ([`IntegerRange`]), `f64` for number fields ([`NumberRange`]); the dialect reads both with
/// the same code, and only the check differs.
#[derive(Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Bounds<T> {
    /// `minimum`, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// `maximum`, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_maximum: Option<f64>,
    #[serde(skip)]
    value: PhantomData<fn() -> T>,
}

/// Bounds of an integer field. The check is exact over the whole `i64` range.
pub type IntegerRange = Bounds<i64>;

/// Bounds of a number (float) field. Non-finite values are always rejected.
pub type NumberRange = Bounds<f64>;

impl<T> Bounds<T> {
    /// No bounds.
    pub const NONE: Self = Self::new(None, None, None, None);

    /// Bounds as the schema states them.
    pub const fn new(
        minimum: Option<f64>,
        maximum: Option<f64>,
        exclusive_minimum: Option<f64>,
        exclusive_maximum: Option<f64>,
    ) -> Self {
        Bounds {
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            value: PhantomData,
        }
    }

    /// These bounds with `minimum` set (a `const` builder for generated code).
    pub const fn minimum(self, limit: f64) -> Self {
        Bounds {
            minimum: Some(limit),
            ..self
        }
    }

    /// These bounds with `maximum` set.
    pub const fn maximum(self, limit: f64) -> Self {
        Bounds {
            maximum: Some(limit),
            ..self
        }
    }

    /// These bounds with `exclusiveMinimum` set.
    pub const fn exclusive_minimum(self, limit: f64) -> Self {
        Bounds {
            exclusive_minimum: Some(limit),
            ..self
        }
    }

    /// These bounds with `exclusiveMaximum` set.
    pub const fn exclusive_maximum(self, limit: f64) -> Self {
        Bounds {
            exclusive_maximum: Some(limit),
            ..self
        }
    }

    /// No bounds at all?
    pub fn is_unbounded(&self) -> bool {
        self.minimum.is_none()
            && self.maximum.is_none()
            && self.exclusive_minimum.is_none()
            && self.exclusive_maximum.is_none()
    }

    /// The same bounds for another value type.
    pub const fn cast<U>(self) -> Bounds<U> {
        Bounds::new(
            self.minimum,
            self.maximum,
            self.exclusive_minimum,
            self.exclusive_maximum,
        )
    }

    /// The first bound a value breaks, as a constraint naming it. `below` and `above` compare
    /// the value with a bound (`true`: the bound is exclusive) the way its type needs.
    fn first_broken(
        &self,
        found: impl Fn() -> String,
        below: impl Fn(f64, bool) -> bool,
        above: impl Fn(f64, bool) -> bool,
    ) -> Result<(), Constraint> {
        if let Some(m) = self.minimum
            && below(m, false)
        {
            return Err(Constraint::Minimum {
                limit: fmt_num(m),
                found: found(),
            });
        }
        if let Some(m) = self.exclusive_minimum
            && below(m, true)
        {
            return Err(Constraint::ExclusiveMinimum {
                limit: fmt_num(m),
                found: found(),
            });
        }
        if let Some(m) = self.maximum
            && above(m, false)
        {
            return Err(Constraint::Maximum {
                limit: fmt_num(m),
                found: found(),
            });
        }
        if let Some(m) = self.exclusive_maximum
            && above(m, true)
        {
            return Err(Constraint::ExclusiveMaximum {
                limit: fmt_num(m),
                found: found(),
            });
        }
        Ok(())
    }
}

impl Bounds<i64> {
    /// The smallest allowed value, if any (saturating to `i64::MIN`).
    pub fn effective_min(&self) -> Option<i64> {
        let a = self.minimum.map(ceil_to_i64);
        let b = self.exclusive_minimum.map(|m| floor_to_i64(m).saturating_add(1));
        match (a, b) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// The largest allowed value, if any (saturating to `i64::MAX`).
    pub fn effective_max(&self) -> Option<i64> {
        let a = self.maximum.map(floor_to_i64);
        let b = self.exclusive_maximum.map(|m| ceil_to_i64(m).saturating_sub(1));
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Checks `value`; on failure names the bound the schema states.
    pub fn check(&self, value: i64) -> Result<(), Constraint> {
        self.first_broken(
            || value.to_string(),
            |m, exclusive| {
                if exclusive {
                    value <= floor_to_i64(m)
                } else {
                    value < ceil_to_i64(m)
                }
            },
            |m, exclusive| {
                if exclusive {
                    value >= ceil_to_i64(m)
                } else {
                    value > floor_to_i64(m)
                }
            },
        )
    }
}

impl Bounds<f64> {
    /// Checks `value`; NaN and infinities are always rejected.
    pub fn check(&self, value: f64) -> Result<(), Constraint> {
        if !value.is_finite() {
            return Err(Constraint::NotFinite);
        }
        self.first_broken(
            || fmt_num(value),
            |m, exclusive| if exclusive { value <= m } else { value < m },
            |m, exclusive| if exclusive { value >= m } else { value > m },
        )
    }
}

// By hand: derives would ask `T` for the same traits, and `T` is only a marker here.
impl<T> Clone for Bounds<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Bounds<T> {}
impl<T> PartialEq for Bounds<T> {
    fn eq(&self, other: &Self) -> bool {
        (
            self.minimum,
            self.maximum,
            self.exclusive_minimum,
            self.exclusive_maximum,
        ) == (
            other.minimum,
            other.maximum,
            other.exclusive_minimum,
            other.exclusive_maximum,
        )
    }
}
impl<T> Default for Bounds<T> {
    fn default() -> Self {
        Self::NONE
    }
}
impl<T> fmt::Debug for Bounds<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bounds")
            .field("minimum", &self.minimum)
            .field("maximum", &self.maximum)
            .field("exclusive_minimum", &self.exclusive_minimum)
            .field("exclusive_maximum", &self.exclusive_maximum)
            .finish()
    }
}

fn ceil_to_i64(x: f64) -> i64 {
    // `as` saturates for out-of-range floats; NaN never reaches here (the parser rejects it).
    x.ceil() as i64
}

fn floor_to_i64(x: f64) -> i64 {
    x.floor() as i64
}

/// Formats a bound the way a schema author would write it (`8`, `0.5`, `4294967295`).
pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// `minLength`/`maxLength` of a string, counted in Unicode scalar values (`char`s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LengthRange {
    /// Inclusive lower limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u64>,
    /// Inclusive upper limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
}

impl LengthRange {
    /// No limits.
    pub const NONE: Self = LengthRange { min: None, max: None };

    /// These limits with the lower one set (a `const` builder for generated code).
    pub const fn min(self, min: u64) -> Self {
        LengthRange { min: Some(min), ..self }
    }

    /// These limits with the upper one set.
    pub const fn max(self, max: u64) -> Self {
        LengthRange { max: Some(max), ..self }
    }

    /// No limits at all?
    pub fn is_unbounded(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }

    /// Checks the length of `s` in Unicode scalar values.
    pub fn check_str(&self, s: &str) -> Result<(), Constraint> {
        if self.is_unbounded() {
            return Ok(());
        }
        // Cheap exits first: byte length bounds the char count from above, and a char is at
        // most 4 bytes.
        let bytes = s.len() as u64;
        if let Some(max) = self.max
            && bytes <= max
            && self.min.is_none_or(|min| bytes.div_ceil(4) >= min)
        {
            return Ok(());
        }
        let found = s.chars().count() as u64;
        if let Some(min) = self.min
            && found < min
        {
            return Err(Constraint::MinLength { limit: min, found });
        }
        if let Some(max) = self.max
            && found > max
        {
            return Err(Constraint::MaxLength { limit: max, found });
        }
        Ok(())
    }

    /// Checks an item count (`minItems`/`maxItems`).
    pub fn check_items(&self, count: usize) -> Result<(), Constraint> {
        let found = count as u64;
        if let Some(min) = self.min
            && found < min
        {
            return Err(Constraint::MinItems { limit: min, found });
        }
        if let Some(max) = self.max
            && found > max
        {
            return Err(Constraint::MaxItems { limit: max, found });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_bounds_are_exact_and_named() {
        let r = IntegerRange {
            minimum: Some(1.0),
            maximum: Some(8.0),
            ..Default::default()
        };
        assert!(r.check(1).is_ok());
        assert!(r.check(8).is_ok());
        assert_eq!(r.check(9).unwrap_err().keyword(), "maximum");
        assert_eq!(r.check(0).unwrap_err().keyword(), "minimum");
        let r = IntegerRange {
            exclusive_maximum: Some(10.0),
            ..Default::default()
        };
        assert!(r.check(9).is_ok());
        assert_eq!(r.check(10).unwrap_err().keyword(), "exclusiveMaximum");
        let r = IntegerRange {
            minimum: Some(0.5),
            ..Default::default()
        };
        assert!(r.check(0).is_err());
        assert!(r.check(1).is_ok());
        assert_eq!(r.effective_min(), Some(1));
        let r = IntegerRange {
            maximum: Some(4294967295.0),
            ..Default::default()
        };
        assert!(r.check(4294967295).is_ok());
        assert!(r.check(4294967296).is_err());
        assert!(r.check(i64::MAX).is_err());
    }

    #[test]
    fn numbers_reject_nan() {
        let r = NumberRange::default();
        assert_eq!(r.check(f64::NAN), Err(Constraint::NotFinite));
        let r = NumberRange {
            minimum: Some(0.0),
            maximum: Some(1.0),
            ..Default::default()
        };
        assert!(r.check(0.5).is_ok());
        assert!(r.check(1.0000001).is_err());
    }

    #[test]
    fn lengths_count_scalar_values() {
        let r = LengthRange {
            min: None,
            max: Some(3),
        };
        assert!(r.check_str("äöü").is_ok());
        assert!(r.check_str("🦊🦊🦊").is_ok());
        assert_eq!(
            r.check_str("🦊🦊🦊🦊"),
            Err(Constraint::MaxLength { limit: 3, found: 4 })
        );
        let r = LengthRange {
            min: Some(2),
            max: None,
        };
        assert!(r.check_str("é").is_err());
        assert!(r.check_str("éé").is_ok());
    }
}
