//! The JSON value validator (`EndpointSchema::validate`, used by the simulator and the CLI)
//! and the generated types (newtype constructors and derived `Deserialize`) accept and reject
//! exactly the same request bodies, for every endpoint.
//!
//! Values come from a strategy built from each endpoint's IR: mostly valid bodies with
//! targeted mutations (values at and just beyond every bound, lengths in multi-byte text,
//! enum near-misses, wrong JSON types, `null`, missing and unknown keys, media edge cases,
//! integers above `i64::MAX`, floats for integers, nested objects and arrays of objects).
//!
//! `EQUIVALENCE_CASES` overrides the number of cases per endpoint (default 512) and
//! `EQUIVALENCE_SEED` the (otherwise fixed) seed, for longer exploratory runs.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use runcomfy_client::Endpoint;
use runcomfy_client::schema::MediaKind;
use runcomfy_schema::ir::{EnumSchema, MediaSchema, ObjectSchema};
use runcomfy_schema::{IntegerRange, Kind, LengthRange, Literal, NumberRange, Schema};
use serde_json::{Map, Number, Value, json};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// One of `values`, uniformly.
fn one_of(values: Vec<Value>) -> BoxedStrategy<Value> {
    assert!(!values.is_empty());
    proptest::sample::select(values).boxed()
}

/// A weighted union of strategies.
fn weighted(choices: Vec<(u32, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    Union::new_weighted(choices).boxed()
}

/// A JSON float (never an integer representation).
fn float(f: f64) -> Value {
    Value::Number(Number::from_f64(f).expect("finite"))
}

/// Alphabets for text of a known length in Unicode scalar values: 1, 2, 3 and 4 UTF-8 bytes
/// per char, and a mix.
const ALPHABETS: &[&[char]] = &[
    &['a', 'b', 'c', ' ', 'Z'],
    &['é', 'ß', 'ñ', 'ø'],
    &['字', '€', 'ア'],
    &['🦊', '🎨', '𝄞'],
    &['a', 'é', '字', '🦊'],
];

/// A string of exactly `chars` Unicode scalar values from alphabet `alphabet`.
fn text(chars: u64, alphabet: usize) -> String {
    let a = ALPHABETS[alphabet % ALPHABETS.len()];
    (0..chars as usize).map(|i| a[i % a.len()]).collect()
}

/// Strings whose lengths (in chars) are each of `lengths`, in every alphabet.
fn strings_of_lengths(lengths: Vec<u64>) -> BoxedStrategy<Value> {
    (proptest::sample::select(lengths), 0..ALPHABETS.len())
        .prop_map(|(n, a)| Value::String(text(n, a)))
        .boxed()
}

/// Small arbitrary JSON (for `Any` fields, free-form objects and unknown keys).
fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(float),
        "[a-zé🦊]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z]{1,4}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Once a disagreement, pinned by [`struct_sequence_form_disagreement`]: serde's derived
/// `Deserialize` for a struct also accepted a JSON array of the field values in declaration
/// order, which the validator rejects. Generated structs now deserialize from objects only,
/// so arrays are offered where an object is expected like any other wrong type.
const STRUCTS_ACCEPT_ARRAYS: bool = false;

/// Values of the wrong JSON type for `kind` (and `null`).
fn wrong_types(kind: &Kind) -> Vec<Value> {
    let mut out = vec![
        Value::Null,
        json!(true),
        json!(7),
        json!(-3),
        json!(2.5),
        json!("text"),
        json!(""),
        json!({"k": 1}),
        json!({}),
        json!(["https://example.com/a.png"]),
        json!([]),
    ];
    let keep = |v: &Value| match kind {
        Kind::String { .. } | Kind::Media(_) => !v.is_string(),
        Kind::Integer { .. } => !v.is_i64(),
        Kind::Number { .. } => !v.is_number(),
        Kind::Boolean => !v.is_boolean(),
        Kind::Array { .. } => !v.is_array(),
        Kind::Object(_) if STRUCTS_ACCEPT_ARRAYS => !v.is_object() && !v.is_array(),
        Kind::Object(_) | Kind::FreeForm => !v.is_object(),
        Kind::Enum(_) | Kind::Any => true,
    };
    out.retain(keep);
    out
}

// ---------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------

/// Lengths at and around both limits, plus a few in between.
fn length_candidates(length: &LengthRange, unbounded_max: u64) -> (Vec<u64>, Vec<u64>) {
    let min = length.min.unwrap_or(0);
    let max = length.max.unwrap_or(min.max(unbounded_max));
    let mut valid = BTreeSet::new();
    let mut edge = BTreeSet::new();
    for n in [min, min + 1, max.saturating_sub(1), max, (min + max) / 2] {
        if (min..=max).contains(&n) {
            valid.insert(n);
        }
    }
    for n in [0, 1, min.saturating_sub(1), min, max, max + 1, max + 2] {
        edge.insert(n);
    }
    (valid.into_iter().collect(), edge.into_iter().collect())
}

fn string_strategy(length: &LengthRange, valid_only: bool) -> BoxedStrategy<Value> {
    let (valid, edge) = length_candidates(length, 12);
    let valid_s = strings_of_lengths(valid);
    if valid_only {
        return valid_s;
    }
    weighted(vec![
        (4, valid_s),
        (4, strings_of_lengths(edge)),
        (1, one_of(wrong_types(&Kind::String { length: *length }))),
    ])
}

fn integer_strategy(range: &IntegerRange, valid_only: bool) -> BoxedStrategy<Value> {
    let lo = range.effective_min().unwrap_or(-1_000_000_000_000);
    let hi = range.effective_max().unwrap_or(1_000_000_000_000);
    let valid = weighted(vec![
        (3, (lo..=hi).prop_map(Value::from).boxed()),
        (1, one_of(vec![Value::from(lo), Value::from(hi)])),
    ]);
    if valid_only {
        return valid;
    }
    let mut edge: Vec<Value> = Vec::new();
    for b in [range.effective_min(), range.effective_max()].into_iter().flatten() {
        for d in [-2i64, -1, 0, 1, 2] {
            if let Some(x) = b.checked_add(d) {
                edge.push(Value::from(x));
            }
        }
        // The same number written as a float, and a fraction next to it.
        edge.push(float(b as f64));
        edge.push(float(b as f64 + 0.5));
        edge.push(Value::String(b.to_string()));
    }
    for b in [
        range.minimum,
        range.maximum,
        range.exclusive_minimum,
        range.exclusive_maximum,
    ]
    .into_iter()
    .flatten()
    {
        if b.fract() == 0.0 && b.abs() < 9.0e18 {
            edge.push(Value::from(b as i64));
        } else {
            edge.push(float(b));
        }
    }
    edge.extend([
        Value::from(0),
        Value::from(-1),
        Value::from(i64::MIN),
        Value::from(i64::MAX),
        Value::from(i64::MAX as u64 + 1),
        Value::from(u64::MAX),
        Value::from(4_294_967_295u64),
        Value::from(4_294_967_296u64),
        float(5.0),
        float(-0.0),
        float(1e19),
        json!("5"),
    ]);
    weighted(vec![
        (3, valid),
        (4, one_of(edge)),
        (1, one_of(wrong_types(&Kind::Integer { range: *range }))),
    ])
}

fn number_strategy(range: &NumberRange, valid_only: bool) -> BoxedStrategy<Value> {
    let lo = range
        .minimum
        .into_iter()
        .chain(range.exclusive_minimum.map(f64::next_up))
        .fold(-1.0e9, f64::max);
    let hi = range
        .maximum
        .into_iter()
        .chain(range.exclusive_maximum.map(f64::next_down))
        .fold(1.0e9, f64::min);
    let mut inside = vec![float(lo), float(hi), float((lo + hi) / 2.0)];
    for x in [lo, hi] {
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            // An integral bound written as a JSON integer.
            inside.push(Value::from(x as i64));
        }
    }
    let valid = weighted(vec![(3, (lo..=hi).prop_map(float).boxed()), (2, one_of(inside))]);
    if valid_only {
        return valid;
    }
    let mut edge = Vec::new();
    for b in [
        range.minimum,
        range.maximum,
        range.exclusive_minimum,
        range.exclusive_maximum,
    ]
    .into_iter()
    .flatten()
    {
        edge.extend([
            float(b),
            float(b.next_up()),
            float(b.next_down()),
            float(b + 1.0),
            float(b - 1.0),
            json!(b.to_string()),
        ]);
        if b.fract() == 0.0 && b.abs() < 9.0e15 {
            edge.extend([
                Value::from(b as i64),
                Value::from(b as i64 + 1),
                Value::from(b as i64 - 1),
            ]);
        }
    }
    edge.extend([
        Value::from(0),
        float(0.0),
        float(-0.0),
        float(f64::MAX),
        float(f64::MIN),
        float(f64::MIN_POSITIVE),
        Value::from(u64::MAX),
        Value::from(i64::MIN),
        json!("0.5"),
    ]);
    weighted(vec![
        (3, valid),
        (4, one_of(edge)),
        (1, one_of(wrong_types(&Kind::Number { range: *range }))),
    ])
}

fn boolean_strategy(valid_only: bool) -> BoxedStrategy<Value> {
    let valid = one_of(vec![json!(true), json!(false)]);
    if valid_only {
        return valid;
    }
    weighted(vec![
        (3, valid),
        (1, one_of(vec![json!("true"), json!("false"), json!(1), json!(0)])),
        (1, one_of(wrong_types(&Kind::Boolean))),
    ])
}

/// Text that differs from `s` only in case, spacing or Unicode look-alikes.
fn string_near_misses(s: &str) -> Vec<Value> {
    let mut out = vec![
        s.to_uppercase(),
        s.to_lowercase(),
        s.chars()
            .map(|c| {
                if c.is_uppercase() {
                    c.to_lowercase().next().unwrap_or(c)
                } else {
                    c.to_uppercase().next().unwrap_or(c)
                }
            })
            .collect(),
        format!("{s} "),
        format!(" {s}"),
        s.replace(':', "∶"),
        s.chars().take(s.chars().count().saturating_sub(1)).collect(),
    ];
    out.retain(|m| m != s);
    let mut out: Vec<Value> = out.into_iter().map(Value::String).collect();
    // "5" as the number 5, "0.5" as 0.5, "true" as true.
    if let Ok(i) = s.trim().parse::<i64>() {
        out.push(Value::from(i));
        out.push(float(i as f64));
    } else if let Ok(f) = s.trim().parse::<f64>()
        && f.is_finite()
    {
        out.push(float(f));
    }
    if let Ok(b) = s.parse::<bool>() {
        out.push(Value::Bool(b));
    }
    out
}

fn enum_strategy(e: &EnumSchema, valid_only: bool) -> BoxedStrategy<Value> {
    let valid = one_of(e.values.iter().map(Literal::to_value).collect());
    if valid_only {
        return valid;
    }
    let mut misses = Vec::new();
    for lit in &e.values {
        match lit {
            Literal::String(s) => misses.extend(string_near_misses(s)),
            Literal::Integer(i) => misses.extend([
                Value::String(i.to_string()),
                float(*i as f64),
                Value::from(i.saturating_add(1)),
                Value::from(i.saturating_sub(1)),
            ]),
            Literal::Number(f) => misses.extend([
                Value::String(f.to_string()),
                float(f.next_up()),
                float(f.floor()),
                Value::from(f.round() as i64),
            ]),
            Literal::Bool(b) => misses.extend([Value::String(b.to_string()), Value::from(u8::from(*b))]),
        }
    }
    misses.extend([json!("nope"), json!(""), json!(5), json!("5"), float(5.0)]);
    weighted(vec![
        (4, valid),
        (4, one_of(misses)),
        (1, one_of(wrong_types(&Kind::Enum(e.clone())))),
    ])
}

/// A `data:` URI with the given metadata and payload.
fn data_uri(meta: &str, payload: &str) -> Value {
    Value::String(format!("data:{meta},{payload}"))
}

fn media_strategy(m: &MediaSchema, valid_only: bool) -> BoxedStrategy<Value> {
    let fitting = match m.kind {
        MediaKind::Image => ["image/png", "image/webp", "IMAGE/JPEG"],
        MediaKind::Video => ["video/mp4", "video/webm", "VIDEO/MP4"],
        MediaKind::Audio => ["audio/wav", "audio/mpeg", "AUDIO/OGG"],
        MediaKind::Any => ["application/zip", "text/plain", "image/png"],
    };
    let not_fitting = match m.kind {
        MediaKind::Image => ["video/mp4", "audio/wav", "text/plain"],
        MediaKind::Video => ["image/png", "audio/wav", "text/plain"],
        MediaKind::Audio => ["image/png", "video/mp4", "application/json"],
        // Any MIME type fits a `uri` field; these are extra valid cases.
        MediaKind::Any => ["video/mp4", "audio/wav", "application/json"],
    };
    let mut valid = vec![
        json!("https://example.com/a.png"),
        json!("HTTPS://cdn.example.com/path/x.mp4?sig=1#frag"),
        json!("https://例え.jp/ファイル.png"),
        data_uri(";base64", "AAAA"),
        data_uri("application/octet-stream;base64", "AAAA"),
    ];
    for mime in fitting {
        valid.push(data_uri(&format!("{mime};base64"), "iVBORw0KGgo="));
        valid.push(data_uri(mime, "plain%20text"));
    }
    let valid = one_of(valid);
    if valid_only {
        return valid;
    }
    let mut bad = vec![
        json!("http://example.com/a.png"),
        json!("ftp://example.com/a.png"),
        json!("https://"),
        json!("https:///path"),
        json!("example.com/a.png"),
        json!(" https://example.com/a.png"),
        json!("https://exa mple.com/a.png"),
        json!(""),
        json!("data:"),
        json!("data:,"),
        json!("data:image/png;base64"),
        data_uri("image/png;base64", ""),
        data_uri("image/png;base64", "@@@"),
        data_uri("image/png;base64", "AA AA"),
        data_uri("image/png;BASE64", "AAAA"),
        json!("dat"),
        json!("é"),
    ];
    for mime in not_fitting {
        bad.push(data_uri(&format!("{mime};base64"), "AAAA"));
    }
    weighted(vec![
        (3, valid),
        (4, one_of(bad)),
        (1, one_of(wrong_types(&Kind::Media(m.clone())))),
    ])
}

// ---------------------------------------------------------------------------------------
// Nodes, arrays, objects
// ---------------------------------------------------------------------------------------

/// Values for one schema node: likely valid when `valid_only`, else valid ones, edge cases
/// on both sides of every limit, and wrong types.
fn node(schema: &Schema, valid_only: bool) -> BoxedStrategy<Value> {
    match &schema.kind {
        Kind::String { length } => string_strategy(length, valid_only),
        Kind::Integer { range } => integer_strategy(range, valid_only),
        Kind::Number { range } => number_strategy(range, valid_only),
        Kind::Boolean => boolean_strategy(valid_only),
        Kind::Enum(e) => enum_strategy(e, valid_only),
        Kind::Media(m) => media_strategy(m, valid_only),
        Kind::Any => any_json(),
        Kind::FreeForm => {
            let valid = any_json()
                .prop_map(|v| match v {
                    Value::Object(m) => Value::Object(m),
                    other => json!({ "value": other }),
                })
                .boxed();
            if valid_only {
                valid
            } else {
                weighted(vec![(3, valid), (1, one_of(wrong_types(&schema.kind)))])
            }
        }
        Kind::Array { items, count } => array_strategy(items, count, valid_only),
        Kind::Object(obj) => {
            let valid = valid_object(obj);
            if valid_only {
                valid
            } else {
                weighted(vec![
                    (1, valid),
                    (3, mutated_object(obj, 1..3)),
                    (1, one_of(wrong_types(&schema.kind))),
                ])
            }
        }
    }
}

fn array_strategy(items: &Schema, count: &LengthRange, valid_only: bool) -> BoxedStrategy<Value> {
    let (valid_lengths, edge_lengths) = length_candidates(count, 3);
    let valid_item = node(items, true);
    let of_lengths = |lengths: Vec<u64>, item: BoxedStrategy<Value>| {
        proptest::sample::select(lengths)
            .prop_flat_map(move |n| vec(item.clone(), n as usize..=n as usize))
            .prop_map(Value::Array)
            .boxed()
    };
    let valid = of_lengths(valid_lengths.clone(), valid_item.clone());
    if valid_only {
        return valid;
    }
    // One possibly bad item among valid ones.
    let edgy_item = node(items, false);
    let one_bad = (
        of_lengths(valid_lengths, valid_item),
        edgy_item,
        any::<prop::sample::Index>(),
    )
        .prop_map(|(list, bad, at)| {
            let mut list = match list {
                Value::Array(l) => l,
                _ => unreachable!(),
            };
            let i = at.index(list.len() + 1);
            list.insert(i, bad);
            Value::Array(list)
        })
        .boxed();
    weighted(vec![
        (2, valid),
        (2, of_lengths(edge_lengths, node(items, true))),
        (3, one_bad),
        (1, one_of(wrong_types(&Kind::Any))),
    ])
}

/// Every required property with a valid value; optional ones absent, `null` or valid.
fn valid_object(obj: &ObjectSchema) -> BoxedStrategy<Value> {
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = obj
        .properties
        .iter()
        .map(|p| {
            let name = p.name.clone();
            let value = node(&p.schema, true);
            if p.required {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                let name_null = name.clone();
                prop_oneof![
                    3 => Just(None),
                    1 => Just(Some((name_null, Value::Null))),
                    4 => value.prop_map(move |v| Some((name.clone(), v))),
                ]
                .boxed()
            }
        })
        .collect();
    fields
        .prop_map(|fields| Value::Object(fields.into_iter().flatten().collect::<Map<_, _>>()))
        .boxed()
}

/// A change to a valid object.
#[derive(Debug, Clone)]
enum Mutation {
    /// Set a property to a (possibly invalid) value.
    Set(String, Value),
    /// Remove a property (a required one is then missing).
    Remove(String),
    /// Add a key the schema does not list.
    Unknown(String, Value),
}

fn mutation(obj: &ObjectSchema) -> BoxedStrategy<Mutation> {
    let mut choices: Vec<(u32, BoxedStrategy<Mutation>)> = Vec::new();
    for p in &obj.properties {
        let name = p.name.clone();
        let name2 = name.clone();
        choices.push((
            4,
            node(&p.schema, false)
                .prop_map(move |v| Mutation::Set(name.clone(), v))
                .boxed(),
        ));
        choices.push((1, Just(Mutation::Set(name2.clone(), Value::Null)).boxed()));
        choices.push((1, Just(Mutation::Remove(name2)).boxed()));
    }
    // Unknown keys: near-misses of real names (case, separators) and plain extras.
    let mut unknown: Vec<String> = vec!["extra".into(), "Prompt".into(), "width_height".into(), "".into()];
    for p in &obj.properties {
        for candidate in [
            p.name.to_uppercase(),
            p.name.replace('_', ""),
            format!("{}_", p.name),
            heckish_camel(&p.name),
        ] {
            if obj.property(&candidate).is_none() {
                unknown.push(candidate);
            }
        }
    }
    unknown.retain(|k| obj.property(k).is_none());
    choices.push((
        2,
        (proptest::sample::select(unknown), any_json())
            .prop_map(|(k, v)| Mutation::Unknown(k, v))
            .boxed(),
    ));
    Union::new_weighted(choices).boxed()
}

/// `image_url_1` -> `imageUrl1`.
fn heckish_camel(s: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A valid object with `count` mutations applied.
fn mutated_object(obj: &ObjectSchema, count: std::ops::Range<usize>) -> BoxedStrategy<Value> {
    (valid_object(obj), vec(mutation(obj), count))
        .prop_map(|(v, mutations)| {
            let Value::Object(mut map) = v else { unreachable!() };
            for m in mutations {
                match m {
                    Mutation::Set(k, v) | Mutation::Unknown(k, v) => {
                        map.insert(k, v);
                    }
                    Mutation::Remove(k) => {
                        map.shift_remove(&k);
                    }
                }
            }
            Value::Object(map)
        })
        .boxed()
}

/// Request bodies for an endpoint: valid, mutated, and (rarely) not an object at all.
fn request(obj: &ObjectSchema) -> BoxedStrategy<Value> {
    let not_objects = wrong_types(&Kind::Object(obj.clone()));
    weighted(vec![
        (3, valid_object(obj)),
        (3, mutated_object(obj, 1..2)),
        (2, mutated_object(obj, 2..5)),
        (1, one_of(not_objects)),
    ])
}

// ---------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------

/// `value` as the typed side serializes it: optional keys set to `null` removed (an
/// optional `null` means "unset"), recursively through nested objects and arrays.
fn without_optional_nulls(schema: &Schema, value: &Value) -> Value {
    match (&schema.kind, value) {
        (Kind::Object(obj), Value::Object(_)) => object_without_optional_nulls(obj, value),
        (Kind::Array { items, .. }, Value::Array(list)) => {
            Value::Array(list.iter().map(|v| without_optional_nulls(items, v)).collect())
        }
        _ => value.clone(),
    }
}

fn object_without_optional_nulls(obj: &ObjectSchema, value: &Value) -> Value {
    let Value::Object(map) = value else {
        return value.clone();
    };
    let mut out = Map::new();
    for (k, v) in map {
        match obj.property(k) {
            Some(p) if !p.required && v.is_null() => {}
            Some(p) => {
                out.insert(k.clone(), without_optional_nulls(&p.schema, v));
            }
            None => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

/// JSON equality where numbers compare by value: JSON has one number type, and a `number`
/// field given the integer `3` serializes back as the float `3.0`.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(i), Some(j), _, _) => i == j,
            (_, _, Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn cases() -> u32 {
    std::env::var("EQUIVALENCE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(512)
}

fn runner() -> TestRunner {
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let rng = match std::env::var("EQUIVALENCE_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    {
        Some(seed) => {
            let mut bytes = [0u8; 32];
            bytes[..8].copy_from_slice(&seed.to_le_bytes());
            TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
        }
        None => TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    };
    TestRunner::new_with_rng(config, rng)
}

/// The property for one endpoint: validator and types agree on every generated body, and
/// an accepted body round-trips. Returns (accepted, rejected) counts.
fn check<E: Endpoint>() -> (usize, usize) {
    let schema = E::schema().expect("the embedded schema parses");
    let strategy = request(&schema.input);
    let accepted = AtomicUsize::new(0);
    let rejected = AtomicUsize::new(0);
    let result = runner().run(&strategy, |v| {
        let by_validator = schema.validate(&v);
        let typed = serde_json::from_value::<E>(v.clone());
        prop_assert_eq!(
            by_validator.is_ok(),
            typed.is_ok(),
            "{}: the validator and the generated types disagree on\n{}\nvalidator: {:?}\ntypes: {:?}",
            E::MODEL_ID,
            v,
            by_validator.as_ref().err().map(ToString::to_string),
            typed.as_ref().err().map(ToString::to_string),
        );
        match typed {
            Ok(typed) => {
                accepted.fetch_add(1, Ordering::Relaxed);
                let back = serde_json::to_value(&typed).expect("serializes");
                let expected = object_without_optional_nulls(&schema.input, &v);
                prop_assert!(
                    same_json(&back, &expected),
                    "{}: round trip changed the body\nsent: {}\nback: {}",
                    E::MODEL_ID,
                    v,
                    back
                );
                prop_assert!(
                    typed.validate().is_ok(),
                    "{}: typed.validate() fails on {}",
                    E::MODEL_ID,
                    v
                );
            }
            Err(_) => {
                rejected.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (a, r) = (accepted.into_inner(), rejected.into_inner());
    // The strategy must exercise both sides, or the property says little.
    let n = cases() as usize;
    assert!(a >= n / 8, "{}: only {a} of {n} bodies were valid", E::MODEL_ID);
    assert!(r >= n / 8, "{}: only {r} of {n} bodies were invalid", E::MODEL_ID);
    (a, r)
}

macro_rules! equivalence {
    ($($test:ident => $endpoint:ty,)*) => {
        $(
            #[test]
            fn $test() {
                let (accepted, rejected) = check::<$endpoint>();
                eprintln!("{}: {accepted} accepted, {rejected} rejected", <$endpoint as Endpoint>::MODEL_ID);
            }
        )*

        /// Every endpoint of both catalogs has a test above.
        #[test]
        fn every_endpoint_is_covered() {
            let tested: BTreeSet<&str> = [$(<$endpoint as Endpoint>::MODEL_ID),*].into_iter().collect();
            let all: BTreeSet<&str> = runcomfy_client::models::ENDPOINTS
                .iter()
                .chain(runcomfy_tests::downstream::ENDPOINTS)
                .map(|(id, _, _)| *id)
                .collect();
            assert_eq!(tested, all, "add the missing endpoints to tests/tests/equivalence.rs");
        }
    };
}

equivalence! {
    flux_1_schnell => runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::Request,
    dreamina_4_0 => runcomfy_client::models::bytedance::dreamina_4_0::text_to_image::Request,
    ideogram_v3_reframe => runcomfy_client::models::ideogram::ideogram_v3::reframe::Request,
    gpt_image_2 => runcomfy_client::models::openai::gpt_image_2::text_to_image::Request,
    runway_gen_4_turbo => runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video::Request,
    downstream_dialect_zoo => runcomfy_tests::downstream::acme::dialect_zoo::v1_5::everything::Request,
    downstream_tiny_4k => runcomfy_tests::downstream::acme::tiny::_4k::image_to_video::Request,
}

/// The one disagreement the property found (see [`STRUCTS_ACCEPT_ARRAYS`]), minimised: the
/// generated structs used to deserialize from a JSON array of their fields in declaration
/// order, at the top level and nested, where the validator rejects both. Both sides reject it
/// now.
#[test]
fn struct_sequence_form_disagreement() {
    use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
    use runcomfy_tests::downstream::acme::dialect_zoo::v1_5::everything as zoo;

    let top = json!(["a fox"]);
    assert!(flux::Request::schema().unwrap().validate(&top).is_err());
    let typed = serde_json::from_value::<flux::Request>(top);
    assert_eq!(typed.is_ok(), STRUCTS_ACCEPT_ARRAYS, "{typed:?}");
    if let Ok(typed) = typed {
        assert_eq!(serde_json::to_value(typed).unwrap(), json!({"prompt": "a fox"}));
    }

    let nested = json!({"prompt": "a fox", "width×height": "16:9", "images": [], "type": "TURBO", "camera": []});
    let err = zoo::Request::schema().unwrap().validate(&nested).unwrap_err();
    assert_eq!(err.to_string(), "/camera: expected an object, found an array");
    let typed = serde_json::from_value::<zoo::Request>(nested);
    assert_eq!(typed.is_ok(), STRUCTS_ACCEPT_ARRAYS, "{typed:?}");
}
