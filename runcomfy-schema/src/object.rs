//! What generated structs share: their `Serialize` and `Deserialize` impls are one line per
//! field over [`ObjectWriter`] and [`ObjectReader`], instead of serde's derives.
//!
//! Deserialization accepts only a JSON object (serde's derive also takes an array of the
//! field values in order, which the schema and the value validator reject), and `null` is a
//! value for a required field (it fits only a field that takes any JSON), exactly as in the
//! value validator.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Writes a generated struct as a JSON object: its fields in order, unset optional fields
/// left out.
pub struct ObjectWriter<M>(M);

impl<M: SerializeMap> ObjectWriter<M> {
    /// Starts the object.
    pub fn new<S>(serializer: S) -> Result<Self, S::Error>
    where
        S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>,
    {
        serializer.serialize_map(None).map(ObjectWriter)
    }

    /// A required field.
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), M::Error> {
        self.0.serialize_entry(key, value)
    }

    /// An optional field: written only when set.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(v) => self.0.serialize_entry(key, v),
            None => Ok(()),
        }
    }

    /// The keys the schema does not list (a struct that allows additional properties).
    pub fn rest(&mut self, map: &Map<String, Value>) -> Result<(), M::Error> {
        for (k, v) in map {
            self.0.serialize_entry(k, v)?;
        }
        Ok(())
    }

    /// Ends the object.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}

/// Reads a generated struct from a JSON object, field by field.
pub struct ObjectReader<E> {
    map: Map<String, Value>,
    error: PhantomData<fn() -> E>,
}

impl<E: serde::de::Error> ObjectReader<E> {
    /// Reads the object (anything else is an error).
    pub fn new<'de, D: Deserializer<'de, Error = E>>(deserializer: D) -> Result<Self, E> {
        Ok(ObjectReader {
            map: Map::deserialize(deserializer)?,
            error: PhantomData,
        })
    }

    /// Takes the required field `key`.
    pub fn field<T: DeserializeOwned>(&mut self, key: &'static str) -> Result<T, E> {
        match self.map.remove(key) {
            Some(v) => serde_json::from_value(v).map_err(|e| E::custom(format_args!("field `{key}`: {e}"))),
            None => Err(E::missing_field(key)),
        }
    }

    /// Takes the optional field `key`; absent or `null` is `None`.
    pub fn optional<T: DeserializeOwned>(&mut self, key: &'static str) -> Result<Option<T>, E> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => serde_json::from_value(v)
                .map(Some)
                .map_err(|e| E::custom(format_args!("field `{key}`: {e}"))),
        }
    }

    /// Every key not taken yet (a struct that allows additional properties keeps them).
    pub fn rest(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.map)
    }

    /// The struct, once every known field was taken: fails on the first key left over.
    pub fn end<T>(self, value: T, known: &'static [&'static str]) -> Result<T, E> {
        match self.map.keys().next() {
            Some(key) => Err(E::unknown_field(key, known)),
            None => Ok(value),
        }
    }
}
