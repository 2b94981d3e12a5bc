//! A folder of schema files: `<dir>/<model_id>.json`, one endpoint per file.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Ctxt, Diagnostic};
use crate::dialect::{Parsed, parse_schema};
use crate::local_file::{self, WalkLimits};

/// One schema file read from a catalog folder.
#[derive(Debug, Clone)]
pub struct SchemaFile {
    /// The model id: the path below the folder, without `.json`, with `/` separators.
    pub model_id: String,
    /// The file as diagnostics name it (`<label>/<model_id>.json`).
    pub label: String,
    /// The file on disk.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// What the parser made of it.
    pub parsed: Parsed,
}

/// Every schema in a folder, sorted by model id, with every diagnostic.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// The files that were read (including those with errors).
    pub files: Vec<SchemaFile>,
    /// Problems with the folder itself (missing, unreadable files).
    pub folder_diagnostics: Vec<Diagnostic>,
}

/// The largest schema file read (a schema with an enum of 600,000 values is about 6.6 MB).
pub const MAX_SCHEMA_FILE_BYTES: u64 = 32 << 20;

/// The most bytes of schema files read from one folder, all files together.
pub const MAX_CATALOG_BYTES: u64 = 512 << 20;

/// The bounds of the folder walk: model ids have 2 to 5 segments (16 levels leaves room),
/// and no catalog has 100,000 entries.
pub fn walk_limits() -> WalkLimits {
    WalkLimits::default()
}

impl Catalog {
    /// Reads every `*.json` file below `dir`. `label` is how diagnostics name the folder
    /// (usually the path the user wrote, such as `schemas`). Other files are skipped, and so
    /// are `*.meta.json` files: those are metadata sidecars (the simulator's catalog
    /// entries), never schemas, so no model id ends in `.meta`; and so are entries whose
    /// name starts with `.`.
    ///
    /// The folder is read through [`local_file`]: a schema file that is
    /// not a regular file (a FIFO, a device), larger than [`MAX_SCHEMA_FILE_BYTES`], or past
    /// [`MAX_CATALOG_BYTES`] in all, a link out of the folder, a link loop, a folder deeper
    /// than 16 levels or a tree of more than 100,000 entries are errors of the folder, never
    /// a hang.
    pub fn load(dir: &Path, label: &str) -> Catalog {
        let mut catalog = Catalog::default();
        let mut cx = Ctxt::new();
        let label = label.trim_end_matches('/');
        let wanted = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| n.ends_with(".json") && !n.ends_with(".meta.json"))
        };
        let walk = match local_file::walk(dir, &walk_limits(), wanted) {
            Ok(walk) => walk,
            Err(e) if e.is_not_found() => {
                cx.error(
                    label,
                    "",
                    format!("schema folder not found (looked for {})", dir.display()),
                );
                catalog.folder_diagnostics = cx.into_problems();
                return catalog;
            }
            Err(e) => {
                cx.error(label, "", format!("cannot read the schema folder: {e}"));
                catalog.folder_diagnostics = cx.into_problems();
                return catalog;
            }
        };
        for problem in &walk.problems {
            cx.error(&file_label(label, dir, problem.path()), "", problem.kind().to_string());
        }
        let mut total: u64 = 0;
        for path in walk.files {
            let Ok(rel) = path.strip_prefix(dir) else { continue };
            let rel = relative(rel);
            let model_id = rel.strip_suffix(".json").unwrap_or(&rel).to_owned();
            let file_label = format!("{label}/{rel}");
            let left = MAX_CATALOG_BYTES.saturating_sub(total);
            let text = match local_file::read_to_string(&path, MAX_SCHEMA_FILE_BYTES.min(left)) {
                Ok(text) => text,
                // Listed with its error, like a file that does not parse.
                Err(ref e) if let local_file::ErrorKind::NotUtf8(utf8) = e.kind() => {
                    let mut file_cx = Ctxt::new();
                    file_cx.error(&file_label, "", format!("the file is not UTF-8: {utf8}"));
                    total += std::fs::metadata(&path).map_or(0, |m| m.len());
                    catalog.files.push(SchemaFile {
                        model_id,
                        label: file_label,
                        path,
                        text: String::new(),
                        parsed: Parsed {
                            schema: None,
                            diagnostics: file_cx.into_problems(),
                        },
                    });
                    continue;
                }
                Err(e) => {
                    let message = match e.kind() {
                        local_file::ErrorKind::TooLarge { .. } if left < MAX_SCHEMA_FILE_BYTES => format!(
                            "not read: the folder's schema files hold more than {MAX_CATALOG_BYTES} bytes in all"
                        ),
                        kind => kind.to_string(),
                    };
                    cx.error(&file_label, "", message);
                    continue;
                }
            };
            total += text.len() as u64;
            let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
            let parsed = parse_schema(&file_label, &model_id, &text);
            catalog.files.push(SchemaFile {
                model_id,
                label: file_label,
                path,
                text,
                parsed,
            });
        }
        catalog.files.sort_by(|a, b| a.model_id.cmp(&b.model_id));
        catalog.folder_diagnostics = cx.into_problems();
        catalog
    }

    /// Every diagnostic: folder problems first, then each file's in model id order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.folder_diagnostics
            .iter()
            .chain(self.files.iter().flat_map(|f| f.parsed.diagnostics.iter()))
    }

    /// Any error at all?
    pub fn has_errors(&self) -> bool {
        self.diagnostics().any(Diagnostic::is_error)
    }

    /// The file for `model_id`.
    pub fn get(&self, model_id: &str) -> Option<&SchemaFile> {
        self.files.iter().find(|f| f.model_id == model_id)
    }
}

/// A path below the folder with `/` separators.
fn relative(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// How diagnostics name a path found by the walk: below the label when it is below the
/// folder.
fn file_label(label: &str, dir: &Path, path: &Path) -> String {
    match path.strip_prefix(dir) {
        Ok(rel) if rel.as_os_str().is_empty() => label.to_owned(),
        Ok(rel) => format!("{label}/{}", relative(rel)),
        Err(_) => path.display().to_string(),
    }
}
