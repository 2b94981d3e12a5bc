//! Editing, adding or removing a schema file rebuilds a crate that uses `include_models!`
//! (editing: the macro makes the compiler track each file; adding/removing: the crate's
//! `build.rs` says `cargo::rerun-if-changed=schemas`, as the README tells users to).
//!
//! The probe crate lives in `target/rebuild-probe/` with its own target dir, so its
//! dependencies are built once and later runs only rebuild the probe.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn schema(props: &[&str]) -> String {
    let props: Vec<String> = props
        .iter()
        .map(|p| format!("\"{p}\": {{\"type\": \"string\"}}"))
        .collect();
    format!("{{\"type\": \"object\", \"properties\": {{{}}}}}\n", props.join(", "))
}

struct Probe {
    dir: PathBuf,
    target: PathBuf,
}

impl Probe {
    fn new() -> Probe {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
        let dir = root.join("target/rebuild-probe/crate");
        let target = root.join("target/rebuild-probe/target");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::create_dir_all(dir.join("schemas")).unwrap();
        let client = root.join("runcomfy-client");
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"rebuild-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\nruncomfy-client = {{ path = {:?} }}\nserde_json = \"1\"\n\n[workspace]\n",
                client.display().to_string()
            ),
        )
        .unwrap();
        std::fs::write(
            dir.join("build.rs"),
            "fn main() {\n    println!(\"cargo::rerun-if-changed=schemas\");\n}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("src/main.rs"),
            "mod models {\n    runcomfy_client::include_models!(\"schemas\");\n}\n\n\
             fn main() {\n    for (id, _, text) in models::ENDPOINTS {\n        \
             let v: serde_json::Value = serde_json::from_str(text).unwrap();\n        \
             let keys: Vec<&String> = v[\"properties\"].as_object().unwrap().keys().collect();\n        \
             println!(\"{id} {keys:?}\");\n    }\n}\n",
        )
        .unwrap();
        // Start from the workspace's lock file so the probe uses the versions already built.
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        Probe { dir, target }
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join("schemas").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Builds and runs the probe; returns its output.
    fn run(&self) -> String {
        // File systems with coarse mtimes need the change to land in a later tick.
        std::thread::sleep(Duration::from_millis(1100));
        let out = Command::new(env!("CARGO"))
            .args(["run", "--quiet"])
            .env("CARGO_TARGET_DIR", &self.target)
            .current_dir(&self.dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
}

#[test]
fn editing_adding_and_removing_schemas_rebuilds() {
    let probe = Probe::new();
    probe.write("acme/a/t2i.json", &schema(&["prompt"]));
    assert_eq!(probe.run(), "acme/a/t2i [\"prompt\"]\n");

    // Edit: a new property appears.
    probe.write("acme/a/t2i.json", &schema(&["prompt", "seed"]));
    assert_eq!(probe.run(), "acme/a/t2i [\"prompt\", \"seed\"]\n");

    // Add: a second endpoint appears.
    probe.write("acme/b/i2v.json", &schema(&["image"]));
    assert_eq!(
        probe.run(),
        "acme/a/t2i [\"prompt\", \"seed\"]\nacme/b/i2v [\"image\"]\n"
    );

    // Remove: it is gone again.
    std::fs::remove_dir_all(probe.dir.join("schemas/acme/a")).unwrap();
    assert_eq!(probe.run(), "acme/b/i2v [\"image\"]\n");
}
