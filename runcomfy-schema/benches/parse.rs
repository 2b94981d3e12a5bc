//! How the dialect scales: parse time of huge schemas (enums of 10,000, 100,000 and 600,000
//! values, 150,000 required properties), and the other steps that walk a schema's enum or
//! property list: validating a body, comparing two versions (drift), importing a doc page.
//! Every step should be near-linear in its input (issue 16: 600,000 values and 150,000
//! properties each parse in under 2 s in release).
//!
//! ```sh
//! cargo xtask bench parse                                # runs this, writes BENCHMARKS.md
//! cargo bench -p runcomfy-schema --bench parse           # criterion alone
//! RUNCOMFY_PARSE_ONCE=120 cargo bench -p runcomfy-schema --bench parse
//! ```
//!
//! With `RUNCOMFY_PARSE_ONCE=SECS` each case runs once, timed with a wall clock and by the
//! time its thread spent on a CPU (Linux: what other load on the machine does not inflate),
//! and the run stops at the first case that takes longer than `SECS` (what the figures
//! before the fix were measured with: criterion cannot wait for a quadratic parse of 600,000
//! values).
#![allow(missing_docs)]

mod huge_inputs;

use std::hint::black_box;
use std::sync::{OnceLock, mpsc};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use huge_inputs as inputs;
use runcomfy_schema::{EndpointSchema, drift, import, parse_schema};

/// One measured step; its input is built only when the case runs (building the inputs of
/// `validate` parses a huge schema, which is itself what is measured).
struct Case {
    group: &'static str,
    id: &'static str,
    setup: fn() -> Prepared,
}

impl Case {
    fn name(&self) -> String {
        format!("{}/{}", self.group, self.id)
    }
}

/// A case with its input built.
struct Prepared {
    run: Box<dyn Fn() + Send + Sync>,
}

fn parsed(text: &str) -> EndpointSchema {
    let p = parse_schema("bench.json", "bench/huge", text);
    let errors = p.error_messages();
    assert!(errors.is_empty(), "{errors:?}");
    p.schema.expect("no errors")
}

fn parse(text: String) -> Prepared {
    Prepared {
        run: Box::new(move || {
            black_box(parse_schema("bench.json", "bench/huge", &text));
        }),
    }
}

fn validate(schema: &str, body: serde_json::Value) -> Prepared {
    let schema = parsed(schema);
    Prepared {
        run: Box::new(move || {
            assert!(black_box(schema.validate(&body)).is_ok());
        }),
    }
}

fn drift(old: &str, new: &str, changes: usize) -> Prepared {
    let old: serde_json::Value = serde_json::from_str(old).unwrap();
    let new: serde_json::Value = serde_json::from_str(new).unwrap();
    Prepared {
        run: Box::new(move || {
            assert_eq!(black_box(drift::diff(&old, &new)).len(), changes);
        }),
    }
}

const CASES: &[Case] = &[
    Case {
        group: "parse",
        id: "enum_10k",
        setup: || parse(inputs::enum_schema(10_000)),
    },
    Case {
        group: "parse",
        id: "enum_100k",
        setup: || parse(inputs::enum_schema(100_000)),
    },
    Case {
        group: "parse",
        id: "enum_600k",
        setup: || parse(inputs::enum_schema(600_000)),
    },
    Case {
        group: "parse",
        id: "properties_150k",
        setup: || parse(inputs::properties_schema(150_000)),
    },
    Case {
        group: "validate",
        id: "enum_600k_10k_values",
        setup: || {
            validate(
                &inputs::enum_array_schema(600_000),
                inputs::enum_array_body(10_000, 600_000),
            )
        },
    },
    Case {
        group: "validate",
        id: "properties_150k",
        setup: || validate(&inputs::properties_schema(150_000), inputs::properties_body(150_000)),
    },
    Case {
        group: "drift",
        id: "enum_600k",
        setup: || drift(&inputs::enum_schema(600_000), &inputs::enum_schema_changed(600_000), 1),
    },
    Case {
        group: "drift",
        id: "properties_150k",
        setup: || {
            let schema = inputs::properties_schema(150_000);
            drift(&schema, &schema, 0)
        },
    },
    Case {
        group: "import",
        id: "page_150k",
        setup: || {
            let page = inputs::doc_page(150_000);
            Prepared {
                run: Box::new(move || {
                    assert!(black_box(import::extract(&page)).is_ok());
                }),
            }
        },
    },
];

fn bench(c: &mut Criterion) {
    if let Some(budget) = std::env::var("RUNCOMFY_PARSE_ONCE")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    {
        // Positional arguments filter the cases, as criterion's do.
        let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
        let wanted = |case: &&Case| filter.is_empty() || filter.iter().any(|f| case.name().contains(f.as_str()));
        once(CASES.iter().filter(wanted), Duration::from_secs(budget));
    }
    for case in CASES {
        // Built on the first call, which criterion makes only for the cases its filter keeps.
        let prepared = OnceLock::new();
        let mut group = c.benchmark_group(case.group);
        // One iteration takes up to a second: `sample_size` iterations, not 1 + 2 + ... + n.
        group.sampling_mode(SamplingMode::Flat).sample_size(10);
        group.bench_function(case.id, |b| {
            let prepared: &Prepared = prepared.get_or_init(case.setup);
            b.iter(|| (prepared.run)())
        });
        group.finish();
    }
}

/// Runs each case once on a worker thread and prints its wall-clock time; stops the whole
/// process at the first case that outlasts `budget`.
fn once<'a>(cases: impl Iterator<Item = &'a Case>, budget: Duration) -> ! {
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average at the start: {}", load().trim());
    for case in cases {
        let name = case.name();
        let setup = case.setup;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let prepared = setup();
            let _ = tx.send(None);
            let cpu = thread_cpu();
            let start = Instant::now();
            (prepared.run)();
            let wall = start.elapsed();
            let _ = tx.send(Some((wall, thread_cpu().zip(cpu).map(|(b, a)| b.saturating_sub(a)))));
        });
        // The budget applies to building the input (which may parse a huge schema), then
        // again to the measured step.
        for step in ["building the input", "the measured step"] {
            match rx.recv_timeout(budget) {
                Ok(Some((wall, cpu))) => println!(
                    "once {name}: wall {:.3} s, cpu {}",
                    wall.as_secs_f64(),
                    cpu.map_or("?".to_owned(), |c| format!("{:.3} s", c.as_secs_f64()))
                ),
                Ok(None) => {}
                Err(_) => {
                    println!("once {name}: {step} not done after {} s; stopped", budget.as_secs());
                    println!("load average at the end: {}", load().trim());
                    std::process::exit(0);
                }
            }
        }
    }
    println!("load average at the end: {}", load().trim());
    std::process::exit(0);
}

/// The time the calling thread has spent on a CPU (`/proc/thread-self/schedstat`, Linux):
/// unlike the wall clock, it does not grow when other processes take the cores.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = text.split_whitespace().next()?.parse::<u64>().ok()?;
    Some(Duration::from_nanos(ns))
}

criterion_group!(benches, bench);
criterion_main!(benches);
