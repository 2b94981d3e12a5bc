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
