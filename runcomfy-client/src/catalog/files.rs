//! Schema files from the live catalog: pull an endpoint's `input_schema` into a schema folder
//! (`<dir>/<model_id>.json`, the layout `include_models!` compiles), and check every file of a
//! folder against the catalog (schema drift). `runcomfy schemas pull|check` and
//! `cargo xtask sync` are these calls.

use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use runcomfy_schema::drift::{Change, diff};
use runcomfy_wire::catalog::{CatalogQuery, check_model_id};
use serde_json::Value;

use super::Catalog;
use crate::{Error, ErrorKind};

/// The path of `model_id`'s schema file in `dir`, once the id is usable in a path.
fn schema_path(dir: &Path, model_id: &str) -> Result<PathBuf, Error> {
    check_model_id(model_id).map_err(|why| Error::new(ErrorKind::Validation, why).with_model_id(model_id))?;
    Ok(dir.join(format!("{model_id}.json")))
}

/// Writes `input_schema` as `<dir>/<model_id>.json`, exactly as served: pretty-printed with
/// two spaces, keys in the server's order, a trailing newline (so a second pull of an
/// unchanged schema writes the same bytes). Atomic: a temporary file renamed into place, mode
/// 0644.
pub fn write_schema_file(dir: &Path, model_id: &str, input_schema: &Value) -> Result<PathBuf, Error> {
    let path = schema_path(dir, model_id)?;
    let parent = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
    let text = runcomfy_schema::import::render(input_schema);
    let mut tmp = tempfile::NamedTempFile::new_in(parent).map_err(|e| Error::io("cannot write to", parent, e))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(|e| Error::io("cannot write to", parent, e))?;
    // A schema file is source for the crate that includes it: readable by all (0644), not the
    // temporary file's private 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io("cannot set the mode of", tmp.path(), e))?;
    }
    tmp.persist(&path)
        .map_err(|e| Error::io("cannot write", &path, e.error))?;
    Ok(path)
}

impl Catalog<'_> {
    /// Pulls the schema of each model id into `dir` (`<dir>/<model_id>.json`, see
    /// [`write_schema_file`]); one result per id.
    pub async fn pull(&self, dir: &Path, model_ids: &[String]) -> Vec<Result<PathBuf, Error>> {
        let mut out = Vec::with_capacity(model_ids.len());
        for id in model_ids {
            out.push(self.pull_one(dir, id).await);
        }
        out
    }

    async fn pull_one(&self, dir: &Path, model_id: &str) -> Result<PathBuf, Error> {
        let schema = self.live_schema(model_id).await?;
        write_schema_file(dir, model_id, &schema)
    }

    /// Pulls every model of the catalog matching `query` into `dir`; one result per entry,
    /// and the error that ended the listing, if any.
    pub async fn pull_all(&self, dir: &Path, query: CatalogQuery) -> (Vec<Result<PathBuf, Error>>, Option<Error>) {
        let entries = self.list_all(query.include_schema(true));
        futures_util::pin_mut!(entries);
        let mut out = Vec::new();
        while let Some(entry) = entries.next().await {
            match entry {
                Ok(entry) => out.push(match &entry.input_schema {
                    Some(schema) => write_schema_file(dir, &entry.model_id, schema),
                    // Listed without a schema: ask for the model itself.
                    None => self.pull_one(dir, &entry.model_id).await,
                }),
                Err(e) => return (out, Some(e)),
            }
        }
        (out, None)
    }
    /// Compares every schema file of `dir` with the live catalog's `input_schema` (schema
    /// drift: a new enum value or a changed bound makes types compiled from the file stale).
    pub async fn check(&self, dir: &Path) -> Result<Vec<FileDrift>, Error> {
        let folder = runcomfy_schema::Catalog::load(dir, &dir.display().to_string());
        if let Some(d) = folder.folder_diagnostics.iter().find(|d| d.is_error()) {
            return Err(Error::new(ErrorKind::Io, d.to_string()).with_path(dir));
        }
        let mut out = Vec::new();
        for file in &folder.files {
            let mut drift = FileDrift {
                model_id: file.model_id.clone(),
                path: file.path.clone(),
                changes: Vec::new(),
                error: None,
            };
            let local: Result<Value, _> = serde_json::from_str(&file.text);
            match (local, self.live_schema(&file.model_id).await) {
                (Ok(local), Ok(live)) => drift.changes = diff(&local, &live),
                (Err(e), _) => {
                    drift.error = Some(Error::new(
                        ErrorKind::Validation,
                        format!("{} is not JSON: {e}", file.path.display()),
                    ))
                }
                (_, Err(e)) => drift.error = Some(e),
            }
            out.push(drift);
        }
        Ok(out)
    }

    async fn live_schema(&self, model_id: &str) -> Result<Value, Error> {
        let entry = self.get(model_id).await?;
        entry.input_schema.ok_or_else(|| {
            Error::new(
                ErrorKind::Protocol,
                format!("the catalog entry of {model_id} has no input_schema"),
            )
            .with_model_id(model_id)
        })
    }
}

/// What [`Catalog::check`] found for one schema file.
#[derive(Debug)]
pub struct FileDrift {
    /// The model id.
    pub model_id: String,
    /// The file.
    pub path: PathBuf,
    /// The differences from the file to the live schema (empty: in step).
    pub changes: Vec<Change>,
    /// The catalog could not give the live schema (unknown model, no schema, an error).
    pub error: Option<Error>,
}

impl FileDrift {
    /// The file differs from the live schema, or could not be compared.
    pub fn drifted(&self) -> bool {
        !self.changes.is_empty() || self.error.is_some()
    }
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn pulled_files_are_readable_by_all() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = super::write_schema_file(
            dir.path(),
            "acme/m/text-to-image",
            &serde_json::json!({"type": "object"}),
        )
        .unwrap();
        assert_eq!(std::fs::metadata(path).unwrap().permissions().mode() & 0o777, 0o644);
    }
}
