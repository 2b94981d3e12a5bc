//! The manifest on a real folder: what is written, replaced, read back, locked and refused.

use std::time::Duration;

use runcomfy_gallery::{
    Error, JobError, Manifest, ManifestOptions, MediaKind, OutputFile, PAGE_FILE, RESULTS_FILE, Record, Status,
    read_results, rebuild,
};
use serde_json::json;

fn record(line: u64, status: Status) -> Record {
    let mut r = Record::new(
        "blackforestlabs/flux-1-schnell/text-to-image",
        json!({"prompt": format!("prompt {line}"), "steps": 4}),
        status,
    );
    r.line = Some(line);
    r.request_id = Some(format!("req-{line}"));
    r.cost = Some(0.003);
    r.files.push(OutputFile::new(
        MediaKind::Image,
        Some(format!("{line:04}-req-{line}-0.png")),
        Some(format!("https://x.runcomfy.net/{line}.png")),
    ));
    r
}

fn page(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join(PAGE_FILE)).unwrap()
}

#[test]
fn records_are_written_replaced_by_line_and_read_back_in_order() {
    let out = tempfile::tempdir().unwrap();
    let m = Manifest::open(out.path(), ManifestOptions::default()).unwrap();
    for line in [3, 1, 2] {
        m.upsert(record(line, Status::Failed)).unwrap();
    }
    m.upsert(record(2, Status::Done)).unwrap();
    let mut run = Record::new("a/b", json!({}), Status::Submitted);
    run.request_id = Some("r-1".into());
    m.upsert(run.clone()).unwrap();
    run.status = Status::Done;
    m.upsert(run).unwrap();
    m.flush().unwrap();
    let read = read_results(out.path()).unwrap();
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let got: Vec<(Option<u64>, String)> = read.records.iter().map(|r| (r.line, r.status.to_string())).collect();
    assert_eq!(
        got,
        [
            (Some(1), "failed".into()),
            (Some(2), "done".into()),
            (Some(3), "failed".into()),
            (None, "done".into())
        ]
    );
    assert_eq!(read.records, m.records());
    let text = std::fs::read_to_string(out.path().join(RESULTS_FILE)).unwrap();
    assert!(text.lines().all(|l| l.starts_with("{\"v\":1,")), "{text}");
    assert!(page(out.path()).contains("prompt 3"));
}

#[test]
fn a_reopened_manifest_keeps_the_records_and_names_the_bad_lines() {
    let out = tempfile::tempdir().unwrap();
    {
        let m = Manifest::open(out.path(), ManifestOptions::default()).unwrap();
        m.upsert(record(1, Status::Done)).unwrap();
        // Dropped without a flush: the writer still writes what it holds.
    }
    let path = out.path().join(RESULTS_FILE);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("garbage\n{\"v\":1,\"line\":9,\"model_id\":\"c/d\",\"status\":\"done\",\"new\":{\"a\":1}}\n");
    std::fs::write(&path, text).unwrap();
    let (m, problems) = Manifest::open_with_problems(out.path(), ManifestOptions::default()).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("results.jsonl:2:"), "{problems:?}");
    assert_eq!(m.len(), 2);
    m.upsert(record(2, Status::Done)).unwrap();
    m.close().unwrap();
    let lines: Vec<Option<u64>> = read_results(out.path())
        .unwrap()
        .records
        .iter()
        .map(|r| r.line)
        .collect();
    assert_eq!(lines, [Some(1), Some(2), Some(9)]);
}

#[test]
fn one_manifest_per_folder_at_a_time() {
    let out = tempfile::tempdir().unwrap();
    let first = Manifest::open(out.path(), ManifestOptions::default()).unwrap();
    let second = Manifest::open(out.path(), ManifestOptions::default()).unwrap_err();
    assert!(matches!(second, Error::Locked { .. }), "{second}");
    assert!(second.to_string().contains("another runcomfy process"), "{second}");
    assert!(matches!(
        rebuild(out.path(), [], ManifestOptions::default()),
        Err(Error::Locked { .. })
    ));
    drop(first);
    Manifest::open(out.path(), ManifestOptions::default()).unwrap();
}

#[test]
fn bursts_are_one_write_not_one_per_job() {
    let out = tempfile::tempdir().unwrap();
    let m = Manifest::open(
        out.path(),
        ManifestOptions::default().min_interval(Duration::from_secs(3600)),
    )
    .unwrap();
    for line in 1..=500 {
        m.upsert(record(line, Status::Done)).unwrap();
    }
    // At most: one write started by the first record, then nothing for an hour but a flush.
    m.flush().unwrap();
    assert!(m.writes() <= 2, "{} writes", m.writes());
    assert_eq!(read_results(out.path()).unwrap().records.len(), 500);
    // A flush with nothing new writes nothing.
    let before = m.writes();
    m.flush().unwrap();
    assert_eq!(m.writes(), before);
}

#[test]
fn the_files_catch_up_without_a_flush() {
    let out = tempfile::tempdir().unwrap();
    let m = Manifest::open(out.path(), ManifestOptions::default().min_interval(Duration::ZERO)).unwrap();
    m.upsert(record(1, Status::Done)).unwrap();
    // The writer writes on its own; wait for it with a ceiling (not a timing assertion).
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while m.writes() == 0 {
        assert!(std::time::Instant::now() < deadline, "the writer never wrote");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(out.path().join(RESULTS_FILE).is_file());
}

#[test]
fn bad_records_and_folders_are_refused() {
    let out = tempfile::tempdir().unwrap();
    let m = Manifest::open(out.path(), ManifestOptions::default()).unwrap();
    for bad in ["../x.png", "/etc/passwd", "a//b.png", "a\\b.png", "./a.png", ""] {
        let mut r = record(1, Status::Done);
        r.files[0].path = Some(bad.into());
        let e = m.upsert(r).unwrap_err();
        assert!(matches!(e, Error::InvalidRecord { .. }), "{bad}: {e}");
    }
    assert!(m.is_empty());
    drop(m);

    let mut bad = record(2, Status::Done);
    bad.files[0].path = Some("../../x".into());
    assert!(rebuild(out.path(), [record(1, Status::Done), bad], ManifestOptions::default()).is_err());
    assert!(!out.path().join(RESULTS_FILE).exists(), "nothing written");

    let dir_as_file = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir_as_file.path().join(RESULTS_FILE)).unwrap();
    let e = Manifest::open(dir_as_file.path(), ManifestOptions::default()).unwrap_err();
    assert!(matches!(e, Error::NotAFile { .. }), "{e}");
}

#[test]
fn rebuild_replaces_both_files_and_no_gallery_writes_only_the_records() {
    let out = tempfile::tempdir().unwrap();
    rebuild(
        out.path(),
        (1..=3).map(|l| record(l, Status::Done)),
        ManifestOptions::default(),
    )
    .unwrap();
    assert_eq!(read_results(out.path()).unwrap().records.len(), 3);
    rebuild(out.path(), [record(7, Status::Failed)], ManifestOptions::default()).unwrap();
    let read = read_results(out.path()).unwrap();
    assert_eq!(read.records.len(), 1);
    assert_eq!(read.records[0].line, Some(7));
    assert!(page(out.path()).contains("prompt 7") && !page(out.path()).contains("prompt 2"));

    let plain = tempfile::tempdir().unwrap();
    let m = Manifest::open(plain.path(), ManifestOptions::default().page(false)).unwrap();
    m.upsert(record(1, Status::Done)).unwrap();
    m.close().unwrap();
    assert!(plain.path().join(RESULTS_FILE).is_file());
    assert!(!plain.path().join(PAGE_FILE).exists());

    let empty = tempfile::tempdir().unwrap();
    Manifest::open(empty.path(), ManifestOptions::default())
        .unwrap()
        .close()
        .unwrap();
    assert_eq!(std::fs::read_to_string(empty.path().join(RESULTS_FILE)).unwrap(), "");
    assert!(page(empty.path()).contains("\"records\":[]"));
}

#[test]
fn text_from_inputs_errors_and_titles_never_becomes_markup_in_the_page() {
    let out = tempfile::tempdir().unwrap();
    let evil = "</script><img src=x onerror=alert(1)><!--";
    let mut r = Record::new("a/b", json!({"prompt": evil, evil: evil}), Status::Failed);
    r.line = Some(1);
    r.id = Some(evil.into());
    r.error = Some(JobError::new(evil, evil));
    let options = ManifestOptions::default().title(evil);
    rebuild(out.path(), [r.clone()], options).unwrap();
    let html = page(out.path());
    assert!(!html.contains("<img src=x"), "raw markup in the page");
    assert!(!html.contains("</script><img"), "raw markup in the page");
    assert_eq!(html.matches("<script").count(), 2);
    // The JSON file keeps the text as it was.
    assert_eq!(read_results(out.path()).unwrap().records, [r]);
}
