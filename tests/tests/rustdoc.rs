//! What rustdoc shows of a generated module: a crate with its own schema folder (every dialect
//! quirk, media rules, defaults, required and optional fields) is documented with
//! `cargo doc`, and no page names or links a hidden item (`__fields`, `__spec`, the
//! `__runtime` re-exports, unchecked constructors, `__S0`-style type parameters).
//!
//! The crate is written to `target/rustdoc-probe/crate/` and documented with the rebuild
//! probe's target directory, so its dependencies are shared with the other probes.

use std::path::{Path, PathBuf};
use std::process::Command;

const LIB: &str = r#"//! Generated types, documented.
/// The generated endpoints.
#[allow(deprecated)]
pub mod models {
    runcomfy_client::include_models!("schemas");
}
"#;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_path_buf()
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

fn write_crate() -> PathBuf {
    let root = root();
    let dir = root.join("target/rustdoc-probe/crate");
    let _ = std::fs::remove_dir_all(&dir);
    let schemas = dir.join("schemas");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(&schemas).unwrap();
    copy_tree(&root.join("tests/downstream_schemas"), &schemas);
    let runway = "runwayml/runway-gen-4/turbo/image-to-video.json";
    std::fs::create_dir_all(schemas.join(runway).parent().unwrap()).unwrap();
    std::fs::copy(root.join("schemas").join(runway), schemas.join(runway)).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"rustdoc-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nruncomfy-client = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
            root.join("runcomfy-client").display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), LIB).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn rustdoc_of_generated_modules_shows_no_hidden_item() {
    let dir = write_crate();
    let target = root().join("target/rebuild-probe/target");
    let out = Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--quiet"])
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo doc failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = target.join("doc/rustdoc_probe");
    let mut pages = Vec::new();
    html_files(&docs, &mut pages);
    let runway = docs.join("models/runwayml/runway_gen_4/turbo/image_to_video");
    // The pages a user reads: each field has its own type in the module, its marker in
    // `fields`.
    for page in [
        "struct.Request.html",
        "struct.RequestBuilder.html",
        "type.PromptImage.html",
        "type.PromptText.html",
        "type.Seed.html",
        "enum.Duration.html",
        "fields/enum.PromptImage.html",
        "fields/index.html",
    ] {
        assert!(runway.join(page).is_file(), "no {page} in {}", runway.display());
    }
    let alias = std::fs::read_to_string(runway.join("type.PromptImage.html")).unwrap();
    assert!(
        alias.contains("Media") && alias.contains("fields/enum.PromptImage.html"),
        "the alias names its generic type and its marker"
    );
    let builder = std::fs::read_to_string(runway.join("struct.RequestBuilder.html")).unwrap();
    assert!(builder.contains("Unset"), "the builder's state type is shown");
    let request = std::fs::read_to_string(runway.join("struct.Request.html")).unwrap();
    assert!(
        request.contains("MODEL_ID"),
        "MODEL_ID is an inherent constant of Request"
    );
    let mut bad = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        for hidden in [
            "__fields",
            "__spec",
            "__runtime",
            "__rt",
            "__S0",
            "__new_unchecked",
            "__wrap",
            "__invalid_name",
        ] {
            if html.contains(hidden) {
                bad.push(format!(
                    "{} shows {hidden}",
                    page.strip_prefix(&docs).unwrap().display()
                ));
            }
        }
    }
    assert!(pages.len() > 50, "only {} pages documented", pages.len());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
