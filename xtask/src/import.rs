//! `cargo xtask import`: RunComfy API doc pages (or bare schemas) to `schemas/<model_id>.json`,
//! using [`runcomfy_schema::import`].

use std::path::Path;
use std::process::ExitCode;

use runcomfy_schema::import::{extract, render};
use runcomfy_schema::{check_model_id, local_file, parse_schema};

/// The largest page (or bare schema) read: twice the largest schema file a folder may hold.
const MAX_PAGE_BYTES: u64 = 2 * runcomfy_schema::catalog::MAX_SCHEMA_FILE_BYTES;

pub fn run(files: &[std::path::PathBuf], dir: &Path, model_id: Option<&str>) -> ExitCode {
    let mut failed = false;
    for file in files {
        match import_one(file, dir, model_id) {
            Ok(path) => eprintln!("{} -> {}", file.display(), path),
            Err(e) => {
                eprintln!("error: {}: {e}", file.display());
                failed = true;
            }
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn import_one(file: &Path, dir: &Path, model_id: Option<&str>) -> Result<String, String> {
    // The caller prints the path before the error: the problem alone (`a FIFO, not a
    // regular file`, `larger than ... bytes`).
    let text = local_file::read_to_string(file, MAX_PAGE_BYTES).map_err(|e| e.kind().to_string())?;
    let found = extract(&text)?;
    let id = model_id
        .map(str::to_owned)
        .or(found.model_id)
        .ok_or("no model id in the file; pass --model-id")?;
    check_model_id(&id)?;
    let rendered = render(&found.schema);
    let rel = format!("{}/{id}.json", dir.display());
    let parsed = parse_schema(&rel, &id, &rendered);
    for d in &parsed.diagnostics {
        eprintln!("{}: {d}", d.severity);
    }
    if parsed.schema.is_none() {
        return Err("the schema has errors; nothing written".into());
    }
    let path = dir.join(format!("{id}.json"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    // Write beside, then rename: no half-written schema on failure.
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, rendered).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds() -> Vec<std::path::PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seeds");
        let mut v: Vec<_> = std::fs::read_dir(&dir)
            .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    /// Importing the five seed pages reproduces `schemas/` byte for byte.
    #[test]
    fn seed_pages_reproduce_schemas() {
        let seeds = seeds();
        assert_eq!(seeds.len(), 5, "the five seed pages live in tests/fixtures/seeds");
        let out = tempfile::tempdir().unwrap();
        for page in &seeds {
            import_one(page, out.path(), None).unwrap();
        }
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        for page in &seeds {
            let found = extract(&std::fs::read_to_string(page).unwrap()).unwrap();
            let id = found.model_id.unwrap();
            let ours = std::fs::read_to_string(out.path().join(format!("{id}.json"))).unwrap();
            let committed = std::fs::read_to_string(repo.join(format!("{id}.json"))).unwrap();
            assert_eq!(ours, committed, "{id}");
        }
    }

    /// A page that is not a regular file is an error that says what it is, not a hang.
    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("page.txt");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        // No writer ever opens the FIFO: a blocking read would never return.
        assert_eq!(
            import_one(&fifo, dir.path(), None).unwrap_err(),
            "a FIFO, not a regular file"
        );
        assert_eq!(
            import_one(Path::new("/dev/zero"), dir.path(), None).unwrap_err(),
            "a character device, not a regular file"
        );
    }

    #[test]
    fn bare_schema_needs_model_id() {
        let found = extract(r#"{"type":"object","properties":{"a":{"type":"string"}}}"#).unwrap();
        assert_eq!(found.model_id, None);
        assert!(extract(r#"{"output":{}}"#).is_err());
        assert!(extract("no json here").is_err());
    }
}
