//! The newcomer's path: a binary crate with its own schema folder, depending on
//! `runcomfy-client` without default features (types, validation and `request!` only).
//!
//! It calls its own `request!` as `crate::models::request!` and, after a `use`, as a bare
//! `request!`; it must build, run, and have no HTTP stack, async runtime or TLS in its
//! dependency graph. The crate is written to `target/downstream-bin/crate/` and built with
//! the rebuild probe's target directory, so the dependencies are shared.

use std::path::{Path, PathBuf};
use std::process::Command;

const MAIN: &str = r#"//! A binary with its own schemas.
mod models {
    runcomfy_client::include_models!("my_schemas");
}

use crate::models::request;
use runcomfy_client::Validate;

fn main() {
    let full = crate::models::request!(acme::tiny::v1::text_to_image {
        prompt: "a red fox",
        steps: 4,
        ratio: "16:9",
    });
    let short = request!(acme::tiny::v1::text_to_image { prompt: "a cat" });
    assert!(full.validate().is_ok() && short.validate().is_ok());
    println!("{}", serde_json::to_string(&full).unwrap());
    println!("{}", serde_json::to_string(&short).unwrap());
}
"#;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_path_buf()
}

fn write_crate() -> PathBuf {
    let root = root();
    let dir = root.join("target/downstream-bin/crate");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let schema = "acme/tiny/v1/text-to-image.json";
    let to = dir.join("my_schemas").join(schema);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(root.join("tests/bin_schemas").join(schema), to).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"downstream-bin\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nruncomfy-client = {{ path = {:?}, default-features = false }}\nserde_json = \"1\"\n\n[workspace]\n",
            root.join("runcomfy-client").display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/main.rs"), MAIN).unwrap();
    // The workspace's lock file: the versions already built, no registry lookup.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

fn cargo(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .env("CARGO_TARGET_DIR", root().join("target/rebuild-probe/target"))
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_binary_calls_its_own_request_macro_without_the_client() {
    let dir = write_crate();
    assert_eq!(
        cargo(&dir, &["run", "--quiet"]),
        "{\"prompt\":\"a red fox\",\"steps\":4,\"ratio\":\"16:9\"}\n{\"prompt\":\"a cat\"}\n"
    );
    let tree = cargo(&dir, &["tree", "--edges", "normal", "--prefix", "none"]);
    for heavy in ["reqwest", "tokio", "rustls", "hyper"] {
        assert!(
            !tree.lines().any(|l| l.starts_with(&format!("{heavy} "))),
            "{heavy} is in the types-only build:\n{tree}"
        );
    }
    assert!(tree.lines().any(|l| l.starts_with("runcomfy-schema ")), "{tree}");
}
