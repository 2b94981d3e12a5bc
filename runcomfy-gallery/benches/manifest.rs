//! What the manifest costs a batch: one `upsert` (the caller's side, after every job) and one
//! write of both files (the writer's side, debounced), at 500 and 5,000 records.
//!
//! `cargo bench -p runcomfy-gallery --bench manifest`; figures in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use runcomfy_gallery::{JobLabel, Manifest, ManifestOptions, MediaKind, OutputFile, Record, Status, output_file_name};
use serde_json::json;

/// A record as a batch line of a text-to-image model leaves it: a 200-character prompt, a few
/// options, one image.
fn record(line: u64) -> Record {
    let rid = format!("{:08x}-7b1d-4daf-ae78-9e6aa1b965f4", line);
    let url = format!("https://outputs.runcomfy.net/{rid}/0.png");
    let mut r = Record::new(
        "blackforestlabs/flux-1-schnell/text-to-image",
        json!({
            "prompt": format!("{line}: a red fox in fresh snow, soft morning light, shallow depth of field, \
                35mm photograph, film grain, the fox looks at the camera, pine trees far behind, cold blue tones"),
            "steps": 4,
            "seed": line,
            "aspect_ratio": "16:9",
        }),
        Status::Done,
    );
    r.line = Some(line);
    r.cost = Some(0.003);
    r.submitted_at = Some("2026-05-09T07:29:33.186Z".into());
    r.finished_at = Some("2026-05-09T07:29:36.911Z".into());
    let name = output_file_name(JobLabel::Line(line), &rid, 0, &url, MediaKind::Image);
    let mut f = OutputFile::new(MediaKind::Image, Some(name), Some(url));
    f.bytes = Some(1_234_567);
    r.files.push(f);
    r.request_id = Some(rid);
    r
}

/// A manifest holding `n` records that writes only when flushed (after its first write).
fn filled(n: u64) -> (tempfile::TempDir, Manifest) {
    let dir = tempfile::tempdir().unwrap();
    let m = Manifest::open(
        dir.path(),
        ManifestOptions::default().min_interval(Duration::from_secs(3600)),
    )
    .unwrap();
    for line in 1..=n {
        m.upsert(record(line)).unwrap();
    }
    m.flush().unwrap();
    (dir, m)
}

fn bench(c: &mut Criterion) {
    for n in [500u64, 5000] {
        let (_dir, m) = filled(n);
        let mut line = 0;
        c.bench_function(&format!("upsert/{n}"), |b| {
            b.iter_batched(
                || {
                    line = line % n + 1;
                    record(line)
                },
                |r| m.upsert(black_box(r)).unwrap(),
                BatchSize::SmallInput,
            )
        });
        c.bench_function(&format!("write_both_files/{n}"), |b| {
            b.iter_batched(
                || {
                    line = line % n + 1;
                    m.upsert(record(line)).unwrap();
                },
                |()| m.flush().unwrap(),
                BatchSize::PerIteration,
            )
        });
        let jsonl = std::fs::metadata(m.dir().join("results.jsonl")).unwrap().len();
        let html = std::fs::metadata(m.dir().join("index.html")).unwrap().len();
        eprintln!("{n} records: results.jsonl {jsonl} bytes, index.html {html} bytes");
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
