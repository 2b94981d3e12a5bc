//! `local_file` against what a hostile or broken disk holds: a FIFO, devices, a socket, a
//! symlink loop, a link out of the folder, a huge file, deep and wide folders. Each must be
//! a clear error, found without blocking: every read runs on a thread, and the test fails
//! (rather than hangs) if it has not answered in 20 s, a bound thousands of times what the
//! answer takes (a blocked open never answers at all).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use runcomfy_schema::Catalog;
use runcomfy_schema::local_file::{self, ErrorKind, Found, WalkLimits};

const HANG: Duration = Duration::from_secs(20);

/// Runs `f` on a thread; panics if it has not returned within [`HANG`] (a blocked read).
fn without_blocking<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(HANG)
        .unwrap_or_else(|_| panic!("{what}: no answer after {HANG:?}: the read blocked"))
}

fn read_err(path: &Path, max: u64) -> local_file::Error {
    let p = path.to_path_buf();
    let shown = p.display().to_string();
    without_blocking(&shown, move || local_file::read(&p, max)).expect_err("an error, not bytes")
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn json_files(dir: &Path, limits: &WalkLimits) -> local_file::Walk {
    let dir = dir.to_path_buf();
    let limits = limits.clone();
    without_blocking("walk", move || {
        local_file::walk(&dir, &limits, |p| p.extension().is_some_and(|e| e == "json")).expect("the folder walks")
    })
}

#[test]
fn a_fifo_is_an_error_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("token.json");
    mkfifo(&fifo);
    // No writer ever opens it: a blocking open would wait forever.
    let err = read_err(&fifo, 1 << 20);
    assert!(matches!(err.kind(), ErrorKind::NotAFile(Found::Fifo)), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{}: a FIFO, not a regular file", fifo.display())
    );
    let p = fifo.clone();
    let err = without_blocking("open", move || local_file::open(&p)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotAFile(Found::Fifo)));
}

#[test]
fn devices_are_errors_without_reading_them() {
    // `/dev/zero` never ends, `/dev/null` is empty: neither is a file.
    for dev in ["/dev/zero", "/dev/null"] {
        let err = read_err(Path::new(dev), 1 << 20);
        assert!(matches!(err.kind(), ErrorKind::NotAFile(Found::CharDevice)), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!("{dev}: a character device, not a regular file")
        );
    }
    // Through a link, too: the link is followed, what it leads to is checked.
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("cache.json");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let err = read_err(&link, 1 << 20);
    assert!(matches!(err.kind(), ErrorKind::NotAFile(Found::CharDevice)), "{err:?}");
}

#[test]
fn a_socket_and_a_directory_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("run-times.json");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let err = read_err(&sock, 1 << 20);
    assert!(matches!(err.kind(), ErrorKind::NotAFile(Found::Socket)), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("run-times.json: a socket, not a regular file"),
        "{err}"
    );
    let err = read_err(dir.path(), 1 << 20);
    assert!(matches!(err.kind(), ErrorKind::NotAFile(Found::Directory)), "{err:?}");
}

#[test]
fn a_symlink_loop_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    let err = read_err(&a, 1 << 20);
    assert!(matches!(err.kind(), ErrorKind::SymlinkLoop), "{err:?}");
    assert!(err.to_string().contains("a symlink loop"), "{err}");
    // In a folder: reported, the rest is read.
    std::fs::write(dir.path().join("ok.json"), "{}").unwrap();
    let walk = json_files(dir.path(), &WalkLimits::default());
    assert_eq!(walk.files, [dir.path().join("ok.json")]);
    assert_eq!(walk.problems.len(), 2, "{:?}", walk.problems);
    assert!(walk.problems.iter().all(|p| matches!(p.kind(), ErrorKind::SymlinkLoop)));
}

#[test]
fn a_link_back_to_a_folder_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("acme");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("m.json"), "{}").unwrap();
    // `acme/again` leads back to the walked folder: followed, it would never end.
    std::os::unix::fs::symlink(dir.path(), sub.join("again")).unwrap();
    let walk = json_files(dir.path(), &WalkLimits::default());
    assert_eq!(walk.files, [sub.join("m.json")]);
    assert_eq!(walk.problems.len(), 1, "{:?}", walk.problems);
    let p = &walk.problems[0];
    assert_eq!(p.path(), sub.join("again"));
    assert!(matches!(p.kind(), ErrorKind::FolderSeen { .. }), "{p:?}");
    assert!(p.to_string().contains("a second path to the folder"), "{p}");
}

#[test]
fn a_link_out_of_the_folder_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.json"), "{}").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.json"), dir.path().join("x.json")).unwrap();
    // A link out to something the caller does not want is not worth a word.
    std::os::unix::fs::symlink("/etc/hostname", dir.path().join("notes.txt")).unwrap();
    let walk = json_files(dir.path(), &WalkLimits::default());
    assert!(walk.files.is_empty(), "{:?}", walk.files);
    let mut found: Vec<(PathBuf, String)> = walk
        .problems
        .iter()
        .map(|p| (p.path().to_path_buf(), p.to_string()))
        .collect();
    found.sort();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, dir.path().join("elsewhere"));
    assert_eq!(found[1].0, dir.path().join("x.json"));
    for (_, message) in &found {
        assert!(message.contains(": a link out of the folder "), "{message}");
    }
    // A link inside the folder is followed under its own name.
    let inside = dir.path().join("real.json");
    std::fs::write(&inside, "{}").unwrap();
    std::os::unix::fs::symlink(&inside, dir.path().join("alias.json")).unwrap();
    let walk = json_files(dir.path(), &WalkLimits::default());
    assert_eq!(walk.files, [dir.path().join("alias.json"), inside]);
}

#[test]
fn a_huge_file_is_refused_from_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("batch.jsonl");
    // 64 GiB, sparse: refused from its size, never read.
    std::fs::File::create(&huge).unwrap().set_len(64 << 30).unwrap();
    let err = read_err(&huge, 1 << 20);
    assert!(
        matches!(err.kind(), ErrorKind::TooLarge { max_bytes: 1_048_576 }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("{}: larger than 1048576 bytes", huge.display())
    );
    // At the cap exactly: read.
    let exact = dir.path().join("exact");
    std::fs::write(&exact, [7u8; 100]).unwrap();
    assert_eq!(local_file::read(&exact, 100).unwrap().len(), 100);
    assert!(matches!(
        local_file::read(&exact, 99).unwrap_err().kind(),
        ErrorKind::TooLarge { max_bytes: 99 }
    ));
}

#[cfg(target_os = "linux")]
#[test]
fn the_read_stops_at_the_cap_whatever_the_size_says() {
    // `/proc` files say they hold 0 bytes: the cap, not the size, ends the read.
    let maps = Path::new("/proc/self/maps");
    assert_eq!(std::fs::metadata(maps).unwrap().len(), 0);
    let err = read_err(maps, 16);
    assert!(matches!(err.kind(), ErrorKind::TooLarge { max_bytes: 16 }), "{err:?}");
    // The same cap on a reader (standard input, say).
    let err = local_file::read_capped(std::io::repeat(b'x'), 1000, Path::new("-")).unwrap_err();
    assert_eq!(err.to_string(), "-: larger than 1000 bytes");
}

#[test]
fn missing_and_non_utf8_files_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("token.json");
    let err = local_file::read(&missing, 10).unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.to_string(), format!("{}: not found", missing.display()));
    let latin1 = dir.path().join("page.txt");
    std::fs::write(&latin1, b"caf\xe9 au lait").unwrap();
    let err = local_file::read_to_string(&latin1, 100).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotUtf8(_)), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("page.txt: not UTF-8 text: invalid utf-8 sequence of 1 bytes from index 3")
    );
}

#[test]
fn deep_and_wide_folders_stop_at_the_caps() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = dir.path().to_path_buf();
    for i in 0..6 {
        deep.push(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("m.json"), "{}").unwrap();
    let limits = WalkLimits {
        max_depth: 3,
        ..WalkLimits::default()
    };
    let walk = json_files(dir.path(), &limits);
    assert!(walk.files.is_empty());
    assert_eq!(walk.problems.len(), 1, "{:?}", walk.problems);
    assert_eq!(walk.problems[0].path(), dir.path().join("d0/d1/d2/d3"));
    assert!(
        walk.problems[0]
            .to_string()
            .ends_with("more than 3 folders deep; not read")
    );

    let wide = tempfile::tempdir().unwrap();
    for i in 0..50 {
        std::fs::write(wide.path().join(format!("m{i:02}.json")), "{}").unwrap();
    }
    let limits = WalkLimits {
        max_entries: 10,
        ..WalkLimits::default()
    };
    let walk = json_files(wide.path(), &limits);
    assert!(
        walk.files.is_empty(),
        "the walk stops before reading a listing past the cap"
    );
    assert_eq!(walk.problems.len(), 1);
    assert!(
        walk.problems[0]
            .to_string()
            .ends_with("more than 10 entries in the folder; the rest is not read")
    );
    let walk = json_files(wide.path(), &WalkLimits::default());
    assert_eq!(walk.files.len(), 50);
}

#[test]
fn walking_what_is_not_a_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("schemas");
    mkfifo(&fifo);
    let err = without_blocking("walk", move || {
        local_file::walk(&fifo, &WalkLimits::default(), |_| true).unwrap_err()
    });
    assert!(matches!(err.kind(), ErrorKind::NotAFolder(Found::Fifo)), "{err:?}");
    assert!(err.to_string().ends_with("schemas: a FIFO, not a folder"));
}

/// The catalog (what `include_models!`, `cargo xtask check` and the CLI's schema folders
/// read) reads its folder through the helper: each hostile entry is an error of the folder
/// that names the file, and the good schema is still read.
#[test]
fn a_hostile_schema_folder_is_reported_not_hung_on() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("stolen.json"),
        r#"{"type":"object","properties":{}}"#,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let acme = dir.path().join("acme");
    std::fs::create_dir(&acme).unwrap();
    std::fs::write(
        acme.join("good.json"),
        r#"{"type":"object","properties":{"prompt":{"type":"string"}}}"#,
    )
    .unwrap();
    mkfifo(&acme.join("fifo.json"));
    std::os::unix::fs::symlink("/dev/zero", acme.join("zero.json")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("stolen.json"), acme.join("stolen.json")).unwrap();
    std::os::unix::fs::symlink(dir.path(), acme.join("loop")).unwrap();
    std::fs::File::create(acme.join("huge.json"))
        .unwrap()
        .set_len(runcomfy_schema::catalog::MAX_SCHEMA_FILE_BYTES + 1)
        .unwrap();
    let path = dir.path().to_path_buf();
    let catalog = without_blocking("Catalog::load", move || Catalog::load(&path, "schemas"));
    let ids: Vec<&str> = catalog.files.iter().map(|f| f.model_id.as_str()).collect();
    assert_eq!(ids, ["acme/good"]);
    let mut problems: Vec<String> = catalog.diagnostics().map(ToString::to_string).collect();
    problems.sort();
    let max = runcomfy_schema::catalog::MAX_SCHEMA_FILE_BYTES;
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert_eq!(problems[0], "schemas/acme/fifo.json: a FIFO, not a regular file");
    assert_eq!(problems[1], format!("schemas/acme/huge.json: larger than {max} bytes"));
    assert!(
        problems[2].starts_with("schemas/acme/loop: a second path to the folder"),
        "{}",
        problems[2]
    );
    assert!(
        problems[3].starts_with("schemas/acme/stolen.json: a link out of the folder"),
        "{}",
        problems[3]
    );
    // A link to a device leads out of the folder before it leads to a device.
    assert!(
        problems[4].starts_with("schemas/acme/zero.json: a link out of the folder")
            && problems[4].ends_with("(to /dev/zero); not followed"),
        "{}",
        problems[4]
    );
    assert!(catalog.has_errors());
}
