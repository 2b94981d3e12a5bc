//! Compile-fail tests of `include_models!`: each `ui/schema/*.rs` expands the macro on a schema
//! folder under `ui/fixtures/` and its `.stderr` is what the user reads (file, JSON pointer,
//! what was expected). `ui/schema/pass/*.rs` must compile and run.
//!
//! After a change to a message: `TRYBUILD=overwrite cargo test -p runcomfy-tests --test ui_schema`,
//! then read the diff of the `.stderr` files.
//!
//! # Where the folders are looked up
//!
//! trybuild compiles the cases in a scratch crate under `target/tests/trybuild/`, so the
//! macro's default base, `CARGO_MANIFEST_DIR`, is that scratch crate. The macro reads
//! `RUNCOMFY_MACROS_MANIFEST_DIR` first; trybuild's cargo inherits this process's environment,
//! so setting the variable here reaches the macro.
//!
//! * Setting it without `unsafe`: Rust 2024 makes `std::env::set_var` unsafe and the workspace
//!   forbids `unsafe_code`, so the test re-runs its own binary with the variable set in the
//!   child's environment (`Command::env`) and only the child runs trybuild.
//! * The base is `ui/`, not the crate root: every crate of the scratch build sees the variable,
//!   including `runcomfy-client` (`include_models!("schemas")`) and this crate's library
//!   (`include_models!("downstream_schemas")`), so `ui/schemas` and `ui/downstream_schemas` are
//!   symlinks to their folders. The cases name `fixtures/<case>`.

use std::path::PathBuf;
use std::process::Command;

const VAR: &str = "RUNCOMFY_MACROS_MANIFEST_DIR";

fn base() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui")
}

#[test]
fn ui_schema() {
    let base = base();
    if std::env::var_os(VAR).is_some_and(|v| v == base.as_os_str()) {
        let t = trybuild::TestCases::new();
        t.compile_fail("ui/schema/*.rs");
        t.pass("ui/schema/pass/*.rs");
        // `t` runs the cases when dropped.
        return;
    }
    // The parent: run this very test in a child process with the variable set. Filters such as
    // `trybuild=bad_type` are passed on.
    let status = Command::new(std::env::current_exe().expect("the path of this test binary"))
        .env(VAR, &base)
        .args(["ui_schema", "--exact", "--nocapture"])
        .args(std::env::args().skip(1).filter(|a| a.starts_with("trybuild=")))
        .status()
        .expect("running the test binary again");
    assert!(
        status.success(),
        "the trybuild cases failed ({status}); see the output above"
    );
}
