//! Compile-time checks of `request!` and of the typed builders: every case in
//! `tests/ui/request/` must fail to compile with exactly its checked-in `.stderr`, and every
//! case in `tests/ui/request_pass/` must compile and run.
//!
//! After an intended message change: `TRYBUILD=overwrite cargo test -p runcomfy-tests --test ui_request`.

#[test]
fn request_macro_ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/request/*.rs");
    t.pass("ui/request_pass/*.rs");
}

/// No compiler message in the checked-in cases names a hidden item: no `__fields`, `__spec` or
/// `__runtime` path, no `__S0` type parameter (every item a message names is public and
/// documented).
#[test]
fn messages_name_no_hidden_item() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut checked = 0;
    for dir in ["request", "schema"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "stderr") {
                let text = std::fs::read_to_string(&path).unwrap();
                for hidden in ["::__", "__fields", "__spec", "__runtime", "__rt", "__S0"] {
                    assert!(!text.contains(hidden), "{} names {hidden}:\n{text}", path.display());
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} .stderr files found");
}
