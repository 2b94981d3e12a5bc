//! The capped validator's work is bounded by the cap, not by the body: counted in heap
//! allocations (dhat's testing mode), not timed.
//!
//! One test in its own binary: dhat's global allocator counts every allocation of the
//! process while a profiler runs, and only one may run at a time.

use runcomfy_wire::MAX_VIOLATIONS;
use serde_json::{Map, Value, json};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn body(unknown_keys: usize) -> Value {
    let mut map = Map::new();
    map.insert("prompt".into(), json!("x"));
    for i in 0..unknown_keys {
        map.insert(format!("k_{i:07}"), json!(1));
    }
    Value::Object(map)
}

/// Heap blocks and bytes allocated while `f` runs.
fn allocations(f: impl FnOnce()) -> (u64, u64) {
    let before = dhat::HeapStats::get();
    f();
    let after = dhat::HeapStats::get();
    (
        after.total_blocks - before.total_blocks,
        after.total_bytes - before.total_bytes,
    )
}

#[test]
fn capped_validation_work_does_not_grow_with_the_body() {
    let text = std::fs::read_to_string(
        runcomfy_sim::SimConfig::bundled_schemas().join("blackforestlabs/flux-1-schnell/text-to-image.json"),
    )
    .unwrap();
    let schema = runcomfy_schema::parse_schema("flux.json", "blackforestlabs/flux-1-schnell/text-to-image", &text)
        .schema
        .unwrap();
    // Bodies are built before the profiler starts; only validation is counted.
    let small = body(20_000);
    let huge = body(2_000_000);
    let _profiler = dhat::Profiler::builder().testing().build();

    let mut capped_small = None;
    let capped_small_work = allocations(|| capped_small = Some(schema.validate_capped(&small, MAX_VIOLATIONS)));
    let mut capped_huge = None;
    let capped_huge_work = allocations(|| capped_huge = Some(schema.validate_capped(&huge, MAX_VIOLATIONS)));
    let mut full_small = None;
    let full_small_work = allocations(|| full_small = Some(schema.validate(&small)));

    let (listed, more) = capped_huge.unwrap().unwrap_err();
    assert_eq!((listed.len(), more), (MAX_VIOLATIONS, true));
    assert_eq!(listed.0[0].pointer, "/k_0000000");
    let (listed_small, more_small) = capped_small.unwrap().unwrap_err();
    assert_eq!((listed_small.len(), more_small), (MAX_VIOLATIONS, true));
    assert_eq!(full_small.unwrap().unwrap_err().len(), 20_000);

    // 100 times the keys, the same work: the walk stopped at the cap.
    assert_eq!(
        capped_huge_work, capped_small_work,
        "capped work must not depend on the body"
    );
    // The uncapped walk of the small body already does ~20 times more: the measure is live.
    assert!(
        full_small_work.0 > 10 * capped_small_work.0,
        "uncapped {full_small_work:?} vs capped {capped_small_work:?}"
    );
    eprintln!(
        "allocations (blocks, bytes): capped 20k keys {capped_small_work:?}, capped 2M keys {capped_huge_work:?}, uncapped 20k keys {full_small_work:?}"
    );
}
