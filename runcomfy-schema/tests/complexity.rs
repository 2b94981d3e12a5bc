//! A guard on the dialect's complexity that does not time anything: the allocations a step
//! makes (counted by a counting global allocator, so the figures are the same on every run
//! and machine) on an input ten times larger must be at most ~10 times as many, and as many
//! bytes. A super-linear step that allocates on each of its steps fails this: the old
//! duplicate check of enum values (which built two JSON values per pair compared) made
//! ~100 times the allocations at ten times the values.
//!
//! What this cannot see: a scan that allocates nothing (looking a name up in a `Vec`, say).
//! Those are covered by the benchmark, `cargo xtask bench parse` (BENCHMARKS.md).

#[path = "../benches/huge_inputs/mod.rs"]
mod huge_inputs;

use allocation_counter::{AllocationInfo, measure};
use huge_inputs as inputs;
use runcomfy_schema::{drift, import, parse_schema};

/// How much more a step may allocate on an input ten times larger: linear work makes ten
/// times, plus the amortised growth of vectors and tables.
const MAX_RATIO: f64 = 12.0;

/// Allocations of `step` on its input at size `n` and `10 n`, with the input built outside
/// the measurement; fails if either count grew more than [`MAX_RATIO`] times.
fn scales_linearly<I>(what: &str, n: usize, input: impl Fn(usize) -> I, step: impl Fn(&I)) {
    let at = |size: usize| -> AllocationInfo {
        let i = input(size);
        measure(|| step(&i))
    };
    let (small, large) = (at(n), at(10 * n));
    for (measure, a, b) in [
        ("allocations", small.count_total, large.count_total),
        ("bytes allocated", small.bytes_total, large.bytes_total),
    ] {
        assert!(a > 0, "{what}: nothing allocated at {n}");
        let ratio = b as f64 / a as f64;
        assert!(
            ratio <= MAX_RATIO,
            "{what}: {measure} grew {ratio:.1} times ({a} -> {b}) for ten times the input"
        );
    }
}

fn parse(text: &str) {
    let p = parse_schema("huge.json", "bench/huge", text);
    assert!(p.schema.is_some(), "{:?}", p.error_messages());
}

#[test]
fn parsing_an_enum() {
    scales_linearly("parse an enum", 5_000, inputs::enum_schema, |t| parse(t));
}

#[test]
fn parsing_properties() {
    scales_linearly("parse properties", 5_000, inputs::properties_schema, |t| parse(t));
}

#[test]
fn validating_against_an_enum_and_properties() {
    let schema = |n| {
        parse_schema("huge.json", "bench/huge", &inputs::enum_array_schema(n))
            .schema
            .unwrap()
    };
    scales_linearly(
        "validate enum values",
        5_000,
        |n| (schema(n), inputs::enum_array_body(n, n)),
        |(s, body)| assert!(s.validate(body).is_ok()),
    );
    let schema = |n| {
        parse_schema("huge.json", "bench/huge", &inputs::properties_schema(n))
            .schema
            .unwrap()
    };
    scales_linearly(
        "validate properties",
        5_000,
        |n| (schema(n), inputs::properties_body(n)),
        |(s, body)| assert!(s.validate(body).is_ok()),
    );
}

#[test]
fn comparing_versions() {
    let json = |t: String| serde_json::from_str::<serde_json::Value>(&t).unwrap();
    scales_linearly(
        "drift of an enum",
        5_000,
        |n| (json(inputs::enum_schema(n)), json(inputs::enum_schema_changed(n))),
        |(a, b)| assert_eq!(drift::diff(a, b).len(), 1),
    );
    scales_linearly(
        "drift of properties",
        5_000,
        |n| json(inputs::properties_schema(n)),
        |a| assert!(drift::diff(a, a).is_empty()),
    );
}

#[test]
fn importing_a_page() {
    scales_linearly("import a page", 5_000, inputs::doc_page, |page| {
        assert!(import::extract(page).is_ok());
    });
}
