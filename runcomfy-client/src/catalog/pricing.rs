//! The estimated price of a request: a finite amount >= 0 with how it was reached, or why no
//! estimate can be made. Unknown stays unknown; it never becomes 0.

use std::fmt;

use runcomfy_schema::EndpointSchema;
use runcomfy_schema::requested;
use runcomfy_wire::catalog::{self as wire_catalog, CatalogEntry, PriceUnit};
use serde_json::Value;

/// An estimated price, with how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceEstimate {
    /// USD: a finite number, at least 0 (never `-0`).
    pub usd: f64,
    /// For people: `0.003 USD per output x 2 outputs`, `0.05 USD per second x 10 s`.
    pub basis: String,
}

/// Why a request's price cannot be estimated. A guard that needs a price (a cap, a
/// confirmation) refuses on any of these and says which.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Unpriced {
    /// No catalog entry for the model (not in the catalog, or the catalog could not be
    /// reached).
    NoEntry,
    /// The entry has no usable `base_price_usd` (absent, negative or not a number).
    NoPrice,
    /// The entry has no `price_unit`.
    NoUnit,
    /// The entry's `price_unit` is a word this client does not know.
    UnknownUnit(String),
    /// A per-second price, and neither the request nor the schema's default gives a
    /// `duration`.
    NoDuration,
    /// A per-second price, and the request's `duration` is not a finite number >= 0 (as
    /// sent, quoted).
    DurationNotFinite(String),
    /// The amount is not a finite number (a price or a count out of all proportion).
    NotFinite,
}

impl fmt::Display for Unpriced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unpriced::NoEntry => f.write_str("the model has no catalog entry to price it"),
            Unpriced::NoPrice => f.write_str("the catalog gives the model no usable price"),
            Unpriced::NoUnit => f.write_str("the catalog gives the model's price no unit"),
            Unpriced::UnknownUnit(unit) => write!(
                f,
                "the catalog prices the model per {}, a unit this program does not know",
                runcomfy_wire::answer::quote(unit)
            ),
            Unpriced::NoDuration => {
                f.write_str("the model is priced per second and the request gives no usable duration")
            }
            Unpriced::DurationNotFinite(d) => write!(
                f,
                "the model is priced per second and the request's duration {d} is not a number of seconds (finite, >= 0)"
            ),
            Unpriced::NotFinite => f.write_str("the estimate is not a finite amount"),
        }
    }
}

impl std::error::Error for Unpriced {}

/// The most outputs a request is assumed to ask for.
const MAX_OUTPUTS: u64 = 10_000;

/// The estimated price of `body` for the model of `entry` (`None`: the model has no
/// entry). Unit `output`: the base price per output (the request's count field,
/// `num_images`, `n`, ..., else 1). Unit `second`: the base price times the request's
/// `duration`, or the schema's documented default `duration` when the body has none.
/// Anything else is [`Unpriced`] with the reason.
///
/// ```
/// use runcomfy_client::catalog::{CatalogEntry, PriceUnit, Unpriced, estimate};
/// let mut e = CatalogEntry::new("acme/v/image-to-video");
/// e.base_price_usd = Some(0.05);
/// e.price_unit = Some(PriceUnit::Second);
/// let p = estimate(Some(&e), None, &serde_json::json!({"duration": 10})).unwrap();
/// assert_eq!(p.usd, 0.5);
/// assert_eq!(estimate(Some(&e), None, &serde_json::json!({})), Err(Unpriced::NoDuration));
/// let inf = estimate(Some(&e), None, &serde_json::json!({"duration": "1e999"}));
/// assert!(matches!(inf, Err(Unpriced::DurationNotFinite(_))));
/// e.price_unit = Some(PriceUnit::Output);
/// assert_eq!(estimate(Some(&e), None, &serde_json::json!({"num_images": 3})).unwrap().usd, 0.15);
/// e.price_unit = Some(PriceUnit::parse("megapixel"));
/// assert!(matches!(estimate(Some(&e), None, &serde_json::json!({})), Err(Unpriced::UnknownUnit(_))));
/// assert_eq!(estimate(None, None, &serde_json::json!({})), Err(Unpriced::NoEntry));
/// ```
pub fn estimate(
    entry: Option<&CatalogEntry>,
    schema: Option<&EndpointSchema>,
    body: &Value,
) -> Result<PriceEstimate, Unpriced> {
    let entry = entry.ok_or(Unpriced::NoEntry)?;
    let base = entry
        .base_price_usd
        .filter(|p| p.is_finite() && *p >= 0.0)
        .ok_or(Unpriced::NoPrice)?;
    let (usd, basis) = match entry.price_unit.as_ref().ok_or(Unpriced::NoUnit)? {
        PriceUnit::Output => {
            let n = requested::request_output_count(body).unwrap_or(1).clamp(1, MAX_OUTPUTS);
            (
                base * n as f64,
                format!("{base} USD per output x {n} output{}", if n == 1 { "" } else { "s" }),
            )
        }
        PriceUnit::Second => {
            let seconds = match body.get("duration") {
                Some(d) => seconds_of(d)?,
                // Another length the request gives: `music_length_ms`, `seconds`, frames at
                // a frame rate (a frame count without one is no length: fail closed).
                None if let Some(length) = other_length(body) => length,
                None => {
                    let default = schema
                        .and_then(|s| s.input.property("duration"))
                        .and_then(|p| p.schema.docs.default.as_ref())
                        .ok_or(Unpriced::NoDuration)?;
                    // A documented default that is no number of seconds: no usable duration.
                    seconds_of(default).map_err(|_| Unpriced::NoDuration)?
                }
            };
            (base * seconds, format!("{base} USD per second x {seconds} s"))
        }
        PriceUnit::Other(unit) => return Err(Unpriced::UnknownUnit(unit.clone())),
    };
    let usd = wire_catalog::round_usd(usd);
    if !usd.is_finite() || usd < 0.0 {
        return Err(Unpriced::NotFinite);
    }
    // `+ 0.0` turns a -0 into 0.
    Ok(PriceEstimate { usd: usd + 0.0, basis })
}

/// The request's length in seconds from its other length fields ([`requested::request_length`]),
/// when it gives one that is a number of seconds.
fn other_length(body: &Value) -> Option<f64> {
    match requested::request_length(body)? {
        requested::RequestLength::Seconds(s) => Some(s),
        requested::RequestLength::Frames { frames, fps: Some(fps) } if fps > 0.0 => Some(frames as f64 / fps),
        requested::RequestLength::Frames { .. } => None,
    }
    .filter(|s| s.is_finite() && *s >= 0.0)
}

/// A `duration` value as seconds: a number, or a string holding one (`"5"`, `"10s"`).
fn seconds_of(value: &Value) -> Result<f64, Unpriced> {
    let seconds = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let s = s.trim();
            s.strip_suffix('s').unwrap_or(s).trim().parse::<f64>().ok()
        }
        _ => None,
    };
    match seconds {
        Some(s) if s.is_finite() && s >= 0.0 => Ok(s),
        Some(_) => Err(Unpriced::DurationNotFinite(runcomfy_wire::answer::quote(
            &value.as_str().map_or_else(|| value.to_string(), str::to_owned),
        ))),
        None => Err(Unpriced::NoDuration),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(price: f64, unit: PriceUnit) -> CatalogEntry {
        let mut e = CatalogEntry::new("acme/v/image-to-video");
        e.base_price_usd = Some(price);
        e.price_unit = Some(unit);
        e
    }

    #[test]
    fn other_lengths_price_per_second_models() {
        let e = entry(0.01, PriceUnit::Second);
        let music = estimate(Some(&e), None, &json!({"music_length_ms": 8000})).unwrap();
        assert_eq!(music.usd, 0.08);
        let frames = estimate(Some(&e), None, &json!({"num_frames": 48, "fps": 24})).unwrap();
        assert_eq!(frames.usd, 0.02);
        assert_eq!(
            estimate(Some(&e), None, &json!({"num_frames": 48})),
            Err(Unpriced::NoDuration),
            "frames without a rate are no length"
        );
    }

    #[test]
    fn an_estimate_is_finite_and_never_negative_or_minus_zero() {
        for (e, body) in [
            (entry(-0.0, PriceUnit::Output), json!({})),
            (entry(0.0, PriceUnit::Second), json!({"duration": "-0"})),
            (entry(0.0, PriceUnit::Output), json!({"num_images": 3})),
        ] {
            let p = estimate(Some(&e), None, &body).unwrap();
            assert_eq!(p.usd, 0.0);
            assert!(p.usd.is_sign_positive(), "{e:?} {body}");
            assert_eq!(format!("{}", p.usd), "0");
        }
        // Out of all proportion: unknown, not infinite.
        let huge = entry(f64::MAX, PriceUnit::Output);
        assert_eq!(
            estimate(Some(&huge), None, &json!({"num_images": 50})),
            Err(Unpriced::NotFinite)
        );
        let per_second = entry(1e10, PriceUnit::Second);
        assert_eq!(
            estimate(Some(&per_second), None, &json!({"duration": 1e300})),
            Err(Unpriced::NotFinite)
        );
        for bad in [
            json!({"duration": "NaN"}),
            json!({"duration": "inf"}),
            json!({"duration": -5}),
        ] {
            assert!(
                matches!(
                    estimate(Some(&per_second), None, &bad),
                    Err(Unpriced::DurationNotFinite(_))
                ),
                "{bad}"
            );
        }
        for none in [
            json!({"duration": "auto"}),
            json!({"duration": null}),
            json!({"duration": [1]}),
        ] {
            assert_eq!(
                estimate(Some(&per_second), None, &none),
                Err(Unpriced::NoDuration),
                "{none}"
            );
        }
        // A price that is no usable number is no price.
        let mut nan = entry(0.1, PriceUnit::Output);
        nan.base_price_usd = None;
        assert_eq!(estimate(Some(&nan), None, &json!({})), Err(Unpriced::NoPrice));
        // Every reason says what is missing.
        for reason in [
            Unpriced::NoEntry,
            Unpriced::NoPrice,
            Unpriced::NoUnit,
            Unpriced::UnknownUnit("frame".into()),
            Unpriced::NoDuration,
            Unpriced::DurationNotFinite("\"inf\"".into()),
            Unpriced::NotFinite,
        ] {
            assert!(!reason.to_string().is_empty());
        }
    }

    #[test]
    fn the_schema_default_duration_prices_a_request_without_one() {
        let text = r#"{"type": "object", "properties": {"duration": {"type": "integer", "default": 5}}}"#;
        let schema = runcomfy_schema::parse_schema("t.json", "acme/v/image-to-video", text)
            .schema
            .unwrap();
        let e = entry(0.1, PriceUnit::Second);
        assert_eq!(estimate(Some(&e), Some(&schema), &json!({})).unwrap().usd, 0.5);
        let text = r#"{"type": "object", "properties": {"duration": {"type": "string", "default": "auto"}}}"#;
        let schema = runcomfy_schema::parse_schema("t.json", "acme/v/image-to-video", text)
            .schema
            .unwrap();
        assert_eq!(estimate(Some(&e), Some(&schema), &json!({})), Err(Unpriced::NoDuration));
    }
}
