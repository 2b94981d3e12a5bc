//! What a job will cost, as far as anyone can tell, and the rule that guards money: a price
//! that cannot be estimated never passes a cap (`run --max-price`, `batch --max-cost`) or a
//! confirmation (`--confirm-above`) on its own. The user can assert one (`--assume-price`).

use runcomfy_client::schema::EndpointSchema;
use runcomfy_client::wire::CatalogEntry;
use serde_json::Value;

use crate::text;

/// A job's price.
#[derive(Debug, Clone, PartialEq)]
pub enum Price {
    /// Known: USD, and how it was reached (for people).
    Known {
        /// USD.
        usd: f64,
        /// `0.003 USD per output x 2 outputs`, `asserted with --assume-price`, ...
        basis: String,
    },
    /// Unknown, and why.
    Unknown {
        /// Why no estimate can be made.
        reason: String,
    },
}

impl Price {
    /// The catalog's estimate of `body` for the model of `entry` (or why there is none).
    pub fn estimate(entry: Option<&CatalogEntry>, schema: &EndpointSchema, body: &Value) -> Price {
        match runcomfy_client::catalog::estimate(entry, Some(schema), body) {
            Ok(p) => Price::Known {
                usd: p.usd,
                basis: p.basis,
            },
            Err(why) => Price::Unknown {
                reason: why.to_string(),
            },
        }
    }

    /// With the user's assertion of a job's price: the assertion stands in for an unknown
    /// estimate; when both exist the larger counts (an assertion never lowers an estimate).
    pub fn with_assumed(self, assumed: Option<f64>) -> Price {
        match (self, assumed) {
            (price, None) => price,
            (Price::Unknown { .. }, Some(a)) => Price::Known {
                usd: a,
                basis: "asserted with --assume-price".to_owned(),
            },
            (Price::Known { usd, basis }, Some(a)) if a > usd => Price::Known {
                usd: a,
                basis: format!("asserted with --assume-price, above the estimate: {basis}"),
            },
            (known, Some(_)) => known,
        }
    }

    /// The USD amount, when known.
    pub fn usd(&self) -> Option<f64> {
        match self {
            Price::Known { usd, .. } => Some(*usd),
            Price::Unknown { .. } => None,
        }
    }

    /// `0.7 USD (0.07 USD per second x 10 s)` or `unknown (why)`.
    pub fn describe(&self) -> String {
        match self {
            Price::Known { usd, basis } => format!("{} USD ({})", text::usd(*usd), text::line(basis)),
            Price::Unknown { reason } => format!("unknown ({})", text::line(reason)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use runcomfy_client::wire::PriceUnit;
    use serde_json::json;

    fn schema() -> EndpointSchema {
        runcomfy_schema::parse_schema(
            "t.json",
            "t/m",
            r#"{"type":"object","properties":{"duration":{"type":"string"}}}"#,
        )
        .schema
        .unwrap()
    }

    #[test]
    fn every_unknown_says_why() {
        let s = schema();
        let mut e = CatalogEntry::new("t/m");
        assert!(matches!(Price::estimate(None, &s, &json!({})), Price::Unknown { .. }));
        let Price::Unknown { reason } = Price::estimate(Some(&e), &s, &json!({})) else {
            panic!()
        };
        assert!(reason.contains("no usable price"), "{reason}");
        e.base_price_usd = Some(0.05);
        e.price_unit = Some(PriceUnit::Second);
        let Price::Unknown { reason } = Price::estimate(Some(&e), &s, &json!({"duration": "NaN"})) else {
            panic!()
        };
        assert!(reason.contains("not a number of seconds"), "{reason}");
        e.price_unit = Some(PriceUnit::Other("token".into()));
        let Price::Unknown { reason } = Price::estimate(Some(&e), &s, &json!({})) else {
            panic!()
        };
        assert!(reason.contains("does not know"), "{reason}");
    }

    #[test]
    fn an_assertion_stands_in_but_never_lowers() {
        let unknown = Price::Unknown { reason: "x".into() };
        assert_eq!(unknown.with_assumed(Some(0.2)).usd(), Some(0.2));
        let known = Price::Known {
            usd: 0.5,
            basis: "b".into(),
        };
        assert_eq!(known.clone().with_assumed(Some(0.2)).usd(), Some(0.5));
        assert_eq!(known.with_assumed(Some(0.9)).usd(), Some(0.9));
    }
}
