//! A folder of schema files: `<dir>/<model_id>.json`, one endpoint per file.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Ctxt, Diagnostic};
use crate::dialect::{Parsed, parse_schema};

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

impl Catalog {
    /// Reads every `*.json` file below `dir`. `label` is how diagnostics name the folder
    /// (usually the path the user wrote, such as `schemas`). Other files are skipped, and so
    /// are `*.meta.json` files: those are metadata sidecars (the simulator's catalog
    /// entries), never schemas, so no model id ends in `.meta`.
    pub fn load(dir: &Path, label: &str) -> Catalog {
        let mut catalog = Catalog::default();
        let mut cx = Ctxt::new();
        let label = label.trim_end_matches('/');
        if !dir.is_dir() {
            cx.error(
                label,
                "",
                format!("schema folder not found (looked for {})", dir.display()),
            );
            catalog.folder_diagnostics = cx.into_problems();
            return catalog;
        }
        let mut paths = Vec::new();
        walk(dir, &mut paths, &mut cx, label);
        for path in paths {
            let Ok(rel) = path.strip_prefix(dir) else { continue };
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = rel.join("/");
            let model_id = rel.strip_suffix(".json").unwrap_or(&rel).to_owned();
            let file_label = format!("{label}/{rel}");
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let (text, parsed) = match String::from_utf8(bytes) {
                        Ok(text) => {
                            let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
                            let parsed = parse_schema(&file_label, &model_id, &text);
                            (text, parsed)
                        }
                        Err(e) => {
                            let mut file_cx = Ctxt::new();
                            file_cx.error(&file_label, "", format!("the file is not UTF-8: {e}"));
                            let parsed = Parsed {
                                schema: None,
                                diagnostics: file_cx.into_problems(),
                            };
                            (String::new(), parsed)
                        }
                    };
                    catalog.files.push(SchemaFile {
                        model_id,
                        label: file_label,
                        path,
                        text,
                        parsed,
                    });
                }
                Err(e) => cx.error(&file_label, "", format!("cannot read: {e}")),
            }
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

fn walk(dir: &Path, out: &mut Vec<PathBuf>, cx: &mut Ctxt, label: &str) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            cx.error(label, "", format!("cannot list {}: {e}", dir.display()));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, cx, label);
        } else if name.ends_with(".json") && !name.ends_with(".meta.json") {
            out.push(path);
        }
    }
}
