//! Parse and parse+generate time of the schema dialect front end and the code generator.
//!
//! Groups `parse` and `parse_generate`, each over (a) the five bundled schemas (`schemas/`)
//! and (b) the synthetic schemas in `$RUNCOMFY_BENCH_SCHEMAS` (500 of them, written by
//! `cargo xtask bench codegen`; skipped when the variable is unset).
//!
//! ```sh
//! cargo xtask bench codegen        # writes the synthetic set, runs this, measures builds
//! RUNCOMFY_BENCH_SCHEMAS=target/bench-crate/synthetic/schemas \
//!     cargo bench -p runcomfy-schema --features codegen --bench codegen
//! ```
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use runcomfy_schema::codegen::{Options, generate_catalog};
use runcomfy_schema::{Catalog, Parsed, SchemaFile, parse_schema};

/// A set of schema files, read once.
struct Set {
    name: &'static str,
    files: Vec<SchemaFile>,
}

impl Set {
    /// Loads every schema below `dir` and checks that the whole set generates without errors.
    fn load(name: &'static str, dir: &Path) -> Set {
        let catalog = Catalog::load(dir, name);
        let generated = generate_catalog(&catalog, None, &Options::default());
        let errors = generated.error_messages();
        assert!(errors.is_empty(), "{name}: schema errors:\n{}", errors.join("\n"));
        assert!(!catalog.files.is_empty(), "{name}: no schema in {}", dir.display());
        Set {
            name,
            files: catalog.files,
        }
    }

    /// Parses every file.
    fn parse(&self) -> Vec<Parsed> {
        self.files
            .iter()
            .map(|f| parse_schema(&f.label, &f.model_id, &f.text))
            .collect()
    }

    /// Parses every file into a catalog, as the macro does after reading the folder.
    fn parse_catalog(&self) -> Catalog {
        Catalog {
            files: self
                .files
                .iter()
                .map(|f| SchemaFile {
                    model_id: f.model_id.clone(),
                    label: f.label.clone(),
                    path: f.path.clone(),
                    text: f.text.clone(),
                    parsed: parse_schema(&f.label, &f.model_id, &f.text),
                })
                .collect(),
            folder_diagnostics: Vec::new(),
        }
    }
}

fn sets() -> Vec<Set> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut sets = vec![Set::load("five", &root.join("schemas"))];
    match std::env::var_os("RUNCOMFY_BENCH_SCHEMAS") {
        Some(dir) => sets.push(Set::load("synthetic", &PathBuf::from(dir))),
        None => eprintln!(
            "RUNCOMFY_BENCH_SCHEMAS is not set: benchmarking the five bundled schemas only \
             (`cargo xtask bench codegen` sets it)"
        ),
    }
    sets
}

fn bench(c: &mut Criterion) {
    let sets = sets();
    let options = Options::default();

    let mut group = c.benchmark_group("parse");
    for set in &sets {
        group.throughput(Throughput::Elements(set.files.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(set.name), set, |b, set| {
            b.iter(|| black_box(set.parse()));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("parse_generate");
    // One iteration over the synthetic set takes seconds: flat sampling keeps the run to
    // `sample_size` iterations instead of criterion's linear 1 + 2 + ... + n.
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    for set in &sets {
        group.throughput(Throughput::Elements(set.files.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(set.name), set, |b, set| {
            b.iter(|| {
                let catalog = set.parse_catalog();
                black_box(generate_catalog(&catalog, None, &options))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
