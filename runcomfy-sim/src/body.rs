//! A submitted body, read without keeping what the answer will never need.
//!
//! A body of millions of keys the schema does not know is refused anyway (each is a
//! violation), and the answer lists at most [`MAX_VIOLATIONS`] of them; building a
//! `serde_json::Value` of the whole body first cost about seven times its size. So the body
//! is parsed once, streaming, into a value that holds every key the schema knows (every key,
//! when it accepts unknown ones) and the first `MAX_VIOLATIONS + 1` unknown keys, and only
//! counts the others: the validator then gives exactly the answer it gives for the whole
//! body (it lists known fields first, then unknown keys in document order, and stops after
//! `MAX_VIOLATIONS + 1`). Everything kept is counted, and a body that would need more than
//! [`MAX_BODY_VALUES`] values is refused (413) without being built.

use std::fmt;

use runcomfy_schema::ir::ObjectSchema;
use runcomfy_wire::MAX_VIOLATIONS;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The most JSON values (object members, array items and scalars, at any depth) of a body
/// that the simulator builds. Real requests hold a few dozen.
pub const MAX_BODY_VALUES: usize = 100_000;

/// A body as read.
#[derive(Debug)]
pub(crate) struct ReadBody {
    /// The body, less the unknown keys beyond the first `MAX_VIOLATIONS + 1`.
    pub(crate) value: Value,
    /// How many unknown keys were left out (0: `value` is the whole body).
    pub(crate) dropped: usize,
}

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Not JSON (the parser's message).
    NotJson(String),
    /// More than [`MAX_BODY_VALUES`] values to build.
    TooManyValues,
}

const TOO_MANY: &str = "runcomfy-sim: too many values";

/// Reads `bytes` as a request body for an endpoint whose input is `input`.
pub(crate) fn read_body(bytes: &[u8], input: &ObjectSchema) -> Result<ReadBody, BodyError> {
    let mut state = State {
        budget: MAX_BODY_VALUES,
        dropped: 0,
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let seed = Seed {
        state: &mut state,
        top: Some(input),
    };
    let parsed = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    match parsed {
        Ok(value) => Ok(ReadBody {
            value,
            dropped: state.dropped,
        }),
        Err(e) if e.to_string().starts_with(TOO_MANY) => Err(BodyError::TooManyValues),
        Err(e) => Err(BodyError::NotJson(e.to_string())),
    }
}

struct State {
    /// Values that may still be built.
    budget: usize,
    /// Unknown top-level keys left out.
    dropped: usize,
}

impl State {
    fn take<E: serde::de::Error>(&mut self) -> Result<(), E> {
        if self.budget == 0 {
            return Err(E::custom(TOO_MANY));
        }
        self.budget -= 1;
        Ok(())
    }
}

/// Builds one value; `top` is the endpoint's input at the top level only.
struct Seed<'a, 's> {
    state: &'a mut State,
    top: Option<&'s ObjectSchema>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.state.take()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.state.take()?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.state.take()?;
        Ok(Value::from(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.state.take()?;
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.state.take()?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.state.take()?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.state.take()?;
        Ok(Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.state.take()?;
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Seed {
            state: &mut *self.state,
            top: None,
        })? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.state.take()?;
        let mut out = Map::new();
        let mut unknown_kept = 0usize;
        while let Some(key) = map.next_key::<String>()? {
            let keep = match self.top {
                None => true,
                Some(input) if input.additional_properties || input.property(&key).is_some() => true,
                Some(_) if out.contains_key(&key) => true,
                Some(_) if unknown_kept <= MAX_VIOLATIONS => {
                    unknown_kept += 1;
                    true
                }
                Some(_) => false,
            };
            if keep {
                let v = map.next_value_seed(Seed {
                    state: &mut *self.state,
                    top: None,
                })?;
                out.insert(key, v);
            } else {
                map.next_value::<IgnoredAny>()?;
                self.state.dropped += 1;
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(additional: bool) -> runcomfy_schema::EndpointSchema {
        let text = format!(
            r#"{{"type": "object", "additionalProperties": {additional}, "properties": {{"prompt": {{"type": "string"}}, "style": {{"type": "object"}}}}}}"#
        );
        runcomfy_schema::parse_schema("t.json", "a/b", &text).schema.unwrap()
    }

    #[test]
    fn unknown_keys_beyond_the_cap_are_counted_not_kept_and_the_answer_is_the_same() {
        let s = schema(false);
        let mut full = Map::new();
        full.insert("k_first".into(), json!(1));
        full.insert("prompt".into(), json!(5));
        for i in 0..3000 {
            full.insert(format!("k_{i:05}"), json!({"x": [1, 2]}));
        }
        let full = Value::Object(full);
        let bytes = serde_json::to_vec(&full).unwrap();
        let read = read_body(&bytes, &s.input).unwrap();
        assert_eq!(read.dropped, 3001 - (MAX_VIOLATIONS + 1));
        assert_eq!(read.value.as_object().unwrap().len(), 1 + MAX_VIOLATIONS + 1);
        // The validator's capped answer is the whole body's.
        assert_eq!(
            s.validate_capped(&read.value, MAX_VIOLATIONS),
            s.validate_capped(&full, MAX_VIOLATIONS)
        );
        // A small body is kept whole.
        let small = json!({"prompt": "x", "typo": 1, "style": {"a": 1}});
        let read = read_body(&serde_json::to_vec(&small).unwrap(), &s.input).unwrap();
        assert_eq!((read.value, read.dropped), (small, 0));
    }

    #[test]
    fn bodies_are_bounded_in_values_and_checked_as_json() {
        let s = schema(true);
        let many: Vec<u32> = (0..MAX_BODY_VALUES as u32).collect();
        let body = serde_json::to_vec(&json!({"style": {"list": many}})).unwrap();
        assert!(matches!(read_body(&body, &s.input), Err(BodyError::TooManyValues)));
        assert!(matches!(
            read_body(b"{\"a\": 1} x", &s.input),
            Err(BodyError::NotJson(_))
        ));
        assert!(matches!(read_body(b"[1, 2", &s.input), Err(BodyError::NotJson(_))));
        assert_eq!(read_body(b"[1, 2]", &s.input).unwrap().value, json!([1, 2]));
        let deep = "[".repeat(10_000);
        assert!(matches!(
            read_body(deep.as_bytes(), &s.input),
            Err(BodyError::NotJson(_))
        ));
    }
}
