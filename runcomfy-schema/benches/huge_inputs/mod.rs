//! Huge but well-formed inputs for the dialect's complexity: the benchmark
//! (`benches/parse.rs`) and the complexity guard (`tests/complexity.rs`) build the same ones.
//! Every input is deterministic and valid, so that what is measured is the work of a
//! successful parse, not an early error.

#![allow(dead_code)]

use std::fmt::Write as _;

/// The `i`-th enum value: eight characters (`v0000042`), so that 600,000 of them make a
/// schema of about 6.6 MB.
pub fn enum_value(i: usize) -> String {
    format!("v{i:07}")
}

fn enum_list(n: usize, out: &mut String) {
    out.push('[');
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"{}\"", enum_value(i));
    }
    out.push(']');
}

/// A schema with one string field, `choice`, whose enum lists `n` distinct values.
pub fn enum_schema(n: usize) -> String {
    let mut s = String::with_capacity(n * 11 + 100);
    s.push_str(r#"{"type":"object","required":["choice"],"properties":{"choice":{"type":"string","enum":"#);
    enum_list(n, &mut s);
    s.push_str("}}}");
    s
}

/// [`enum_schema`] with value 0 removed and one new value added at the end: what a drift
/// check between two versions of a huge enum compares.
pub fn enum_schema_changed(n: usize) -> String {
    enum_schema(n)
        .replacen(&format!("\"{}\",", enum_value(0)), "", 1)
        .replacen("]}}}", &format!(",\"{}\"]}}}}}}", enum_value(n)), 1)
}

/// The name of the `i`-th property (`p000042`).
pub fn property_name(i: usize) -> String {
    format!("p{i:06}")
}

/// A schema with `n` integer properties, every one listed in `required`, and no other keys
/// allowed (`additionalProperties: false` is the default of the dialect).
pub fn properties_schema(n: usize) -> String {
    let mut s = String::with_capacity(n * 60 + 100);
    s.push_str(r#"{"type":"object","required":["#);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "\"{}\"", property_name(i));
    }
    s.push_str(r#"],"properties":{"#);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, r#""{}":{{"type":"integer","maximum":9}}"#, property_name(i));
    }
    s.push_str("}}");
    s
}

/// A valid request body for [`properties_schema`]: every property set.
pub fn properties_body(n: usize) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for i in 0..n {
        m.insert(property_name(i), serde_json::Value::from(i % 10));
    }
    serde_json::Value::Object(m)
}

/// A schema whose field `choices` is an array of strings from an enum of `n` values.
pub fn enum_array_schema(n: usize) -> String {
    let mut s = String::with_capacity(n * 11 + 100);
    s.push_str(r#"{"type":"object","properties":{"choices":{"type":"array","items":{"type":"string","enum":"#);
    enum_list(n, &mut s);
    s.push_str("}}}}");
    s
}

/// A valid body for [`enum_array_schema`]: `items` values spread over the enum (the last
/// ones, where a scan from the front costs most).
pub fn enum_array_body(items: usize, n: usize) -> serde_json::Value {
    let values: Vec<serde_json::Value> = (0..items)
        .map(|i| serde_json::Value::from(enum_value(n - 1 - (i % n))))
        .collect();
    serde_json::json!({ "choices": values })
}

/// A doc page as `cargo xtask import` reads it: prose, the request URL, an example request,
/// a large output example with `n` small objects (JSON that is not the input schema), then
/// the input schema with `n` properties.
pub fn doc_page(n: usize) -> String {
    let mut s = String::from(
        "Model API\n\ncurl -X POST https://model-api.runcomfy.net/v1/models/acme/huge/text-to-image \\\n  --data '{\"p000000\": 1}'\n\nOutput example:\n",
    );
    s.push_str(r#"{"output":{"images":["#);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, r#"{{"url":"https://cdn.example/{i}.png","width":{i}}}"#);
    }
    s.push_str("]}}\n\nInput schema:\n");
    s.push_str(&properties_schema(n));
    s.push('\n');
    s
}
