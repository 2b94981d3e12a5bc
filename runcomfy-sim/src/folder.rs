//! A schema folder with its catalog sidecars, read once for whoever serves it: the
//! simulator's `--schemas DIR` and the CLI's `--simulate --schemas DIR` call
//! [`load_schema_folder`] and serve what it returns ([`crate::SimConfig::with_schema_folder`]).

use std::collections::BTreeMap;
use std::path::Path;

use runcomfy_schema::Catalog;

use crate::catalog::{ModelMeta, read_sidecars};

/// What [`load_schema_folder`] read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemaFolder {
    /// `(model id, file label, schema text)` of every schema without errors, sorted by model
    /// id: what [`crate::SimConfig::schema_texts`] takes.
    pub schemas: Vec<(String, String, String)>,
    /// The sidecars' metadata (`<model_id>.meta.json`), per model id.
    pub meta: BTreeMap<String, ModelMeta>,
    /// Every problem found, one line each, naming its file (and, for a schema, the JSON
    /// pointer): schema errors, unreadable or invalid sidecars, sidecars without a schema,
    /// an empty folder. Empty when the folder can be served as it is.
    pub problems: Vec<String>,
}

impl SchemaFolder {
    /// No problem found?
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Reads the schema folder `dir` (`<dir>/<model_id>.json`, with the same parser as
/// `include_models!` and `cargo xtask check`) and its sidecars (`<dir>/<model_id>.meta.json`,
/// see [`crate::catalog`]), collecting every problem rather than stopping at the first.
///
/// ```
/// let folder = runcomfy_sim::load_schema_folder(&runcomfy_sim::SimConfig::bundled_schemas());
/// assert!(folder.is_ok(), "{:?}", folder.problems);
/// assert!(folder.schemas.iter().any(|(id, ..)| id == "blackforestlabs/flux-1-schnell/text-to-image"));
/// let missing = runcomfy_sim::load_schema_folder(std::path::Path::new("/no/such/folder"));
/// assert!(!missing.is_ok());
/// ```
pub fn load_schema_folder(dir: &Path) -> SchemaFolder {
    let shown = dir.display().to_string();
    let catalog = Catalog::load(dir, &shown);
    let mut folder = SchemaFolder {
        problems: catalog
            .diagnostics()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect(),
        ..SchemaFolder::default()
    };
    let all_ids: Vec<String> = catalog.files.iter().map(|f| f.model_id.clone()).collect();
    for file in catalog.files {
        if file.parsed.schema.is_some() && !file.parsed.diagnostics.iter().any(|d| d.is_error()) {
            folder.schemas.push((file.model_id, file.label, file.text));
        }
    }
    if !dir.is_dir() {
        return folder;
    }
    let (sidecars, problems) = read_sidecars(dir);
    folder.problems.extend(problems);
    for (id, (path, meta)) in sidecars {
        if folder.schemas.iter().any(|(s, ..)| *s == id) {
            folder.meta.insert(id, meta);
        } else if !all_ids.contains(&id) {
            folder.problems.push(format!(
                "{}: no schema {id}.json beside this sidecar (a sidecar describes the schema of the same name)",
                path.display()
            ));
        }
    }
    if folder.schemas.is_empty() && folder.problems.is_empty() {
        folder.problems.push(format!("{shown}: no schema found in this folder"));
    }
    folder
}

/// Reads a local file of at most `cap` bytes: a regular file only (a FIFO, a device or a
/// socket is an error and is never waited on; a symlink loop is an error), without
/// reading more than `cap + 1` bytes whatever the file claims.
pub(crate) fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    // The one bounded reader of local files (regular files only, opened without blocking).
    runcomfy_schema::local_file::read(path, cap).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read_and_never_past_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        std::fs::write(&file, b"0123456789").unwrap();
        assert_eq!(read_regular(&file, 10).unwrap(), b"0123456789");
        assert!(read_regular(&file, 9).unwrap_err().contains("larger than"));
        assert!(read_regular(dir.path(), 100).is_err(), "a directory");
        assert!(
            read_regular(Path::new("/dev/zero"), 100)
                .unwrap_err()
                .contains("not a regular file")
        );
        let fifo = dir.path().join("fifo");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            assert!(read_regular(&fifo, 100).unwrap_err().contains("not a regular file"));
        }
        #[cfg(unix)]
        {
            let a = dir.path().join("loop-a");
            let b = dir.path().join("loop-b");
            std::os::unix::fs::symlink(&a, &b).unwrap();
            std::os::unix::fs::symlink(&b, &a).unwrap();
            assert!(read_regular(&a, 100).is_err());
        }
    }
}
