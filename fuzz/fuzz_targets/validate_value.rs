//! Arbitrary request bodies against fixed schemas: the validator must never panic, and a body
//! it accepts must yield well-formed media references.
//!
//! Input: an optional leading ASCII digit picks the schema (`SCHEMAS[digit % len]`, default
//! the first), the rest is the JSON body (inputs that are not JSON are skipped).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use runcomfy_schema::{EndpointSchema, parse_schema};
use serde_json::Value;

const SCHEMAS: &[(&str, &str)] = &[
    (
        "blackforestlabs/flux-1-schnell/text-to-image",
        include_str!("../../schemas/blackforestlabs/flux-1-schnell/text-to-image.json"),
    ),
    (
        "bytedance/dreamina-4-0/text-to-image",
        include_str!("../../schemas/bytedance/dreamina-4-0/text-to-image.json"),
    ),
    (
        "ideogram/ideogram-v3/reframe",
        include_str!("../../schemas/ideogram/ideogram-v3/reframe.json"),
    ),
    (
        "openai/gpt-image-2/text-to-image",
        include_str!("../../schemas/openai/gpt-image-2/text-to-image.json"),
    ),
    (
        "runwayml/runway-gen-4/turbo/image-to-video",
        include_str!("../../schemas/runwayml/runway-gen-4/turbo/image-to-video.json"),
    ),
    (
        "acme/dialect-zoo/v1.5/everything",
        include_str!("../../tests/downstream_schemas/acme/dialect-zoo/v1.5/everything.json"),
    ),
    (
        "acme/tiny/4K/image-to-video",
        include_str!("../../tests/downstream_schemas/acme/tiny/4K/image-to-video.json"),
    ),
];

static PARSED: LazyLock<Vec<EndpointSchema>> = LazyLock::new(|| {
    SCHEMAS
        .iter()
        .map(|(id, text)| {
            let parsed = parse_schema(&format!("{id}.json"), id, text);
            parsed
                .schema
                .unwrap_or_else(|| panic!("{id}: {:#?}", parsed.diagnostics))
        })
        .collect()
});

fuzz_target!(|data: &[u8]| {
    let (index, body) = match data.split_first() {
        Some((d @ b'0'..=b'9', rest)) => (usize::from(d - b'0') % SCHEMAS.len(), rest),
        _ => (0, data),
    };
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return;
    };
    let schema = &PARSED[index];
    match schema.validate(&value) {
        Ok(()) => {
            for m in schema.media_inputs(&value) {
                assert!(m.pointer.starts_with('/'), "{}", m.pointer);
                assert_eq!(value.pointer(&m.pointer).and_then(Value::as_str), Some(m.value));
                let _ = m.input();
            }
        }
        Err(violations) => {
            assert!(!violations.is_empty());
            for v in violations {
                let _ = v.to_string();
            }
        }
    }
});
