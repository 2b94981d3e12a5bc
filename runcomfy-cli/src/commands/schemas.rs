//! `schemas pull` and `schemas check`: schema files from the live catalog, and drift checks
//! of a folder against it (for CI).

use std::path::PathBuf;

use runcomfy_client::wire::CatalogQuery;
use serde_json::{Value, json};

use crate::args::Global;
use crate::exit::{self, CliError};
use crate::session::{self, Session};
use crate::{text, view};

/// `schemas pull`: one file per model, as the catalog serves its input schema.
pub fn pull(global: Global, model_ids: Vec<String>, all: bool, dir: PathBuf) -> Result<(), CliError> {
    session::block_on(async move {
        let session = Session::connect(global, &[]).await?;
        let (results, listing_error) = if all {
            session
                .client
                .catalog()
                .pull_all(&dir, CatalogQuery::default().kind("model"))
                .await
        } else {
            (session.client.catalog().pull(&dir, &model_ids).await, None)
        };
        let mut written = Vec::new();
        let mut failed = Vec::new();
        for r in &results {
            match r {
                Ok(path) => written.push(path.display().to_string()),
                Err(e) => failed.push(e.display_chain()),
            }
        }
        if let Some(e) = listing_error {
            failed.push(format!("the catalog listing stopped: {}", e.display_chain()));
        }
        if session.global.json {
            view::json(&json!({"written": written, "errors": failed}));
        } else {
            for path in &written {
                outln!("{}", text::line(path));
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(CliError::new(
                exit::UNAVAILABLE,
                format!(
                    "{} schema(s) could not be pulled:\n{}",
                    failed.len(),
                    failed.iter().map(|f| format!("  {f}")).collect::<Vec<_>>().join("\n")
                ),
            ))
        }
    })
}

/// `schemas check`: exit 1 when any file drifted from the live catalog.
pub fn check(global: Global, dir: PathBuf) -> Result<(), CliError> {
    session::block_on(async move {
        let session = Session::connect(global, &[]).await?;
        let global = &session.global;
        let drifts = session.client.catalog().check(&dir).await?;
        let mut drifted = 0;
        let mut documents = Vec::new();
        for d in &drifts {
            if global.json {
                documents.push(json!({
                    "model_id": d.model_id,
                    "path": d.path,
                    "changes": d.changes.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    "error": d.error.as_ref().map(|e| e.display_chain()),
                }));
            } else if let Some(e) = &d.error {
                outln!(
                    "{}: cannot compare: {}",
                    text::line(&d.model_id),
                    text::line(&e.display_chain())
                );
            } else if d.changes.is_empty() {
                global.note(&format!("{}: in step", d.model_id));
            } else {
                outln!(
                    "{} ({}):",
                    text::line(&d.model_id),
                    text::line(&d.path.display().to_string())
                );
                for c in &d.changes {
                    outln!("  {}", text::line(&c.to_string()));
                }
            }
            drifted += usize::from(d.drifted());
        }
        if global.json {
            view::json(&json!({"files": Value::Array(documents), "drifted": drifted}));
        }
        if drifted == 0 {
            global.note(&format!("schemas: {} file(s) in step with the catalog", drifts.len()));
            Ok(())
        } else {
            Err(CliError::new(
                exit::DRIFT,
                format!(
                    "{drifted} of {} schema file(s) differ from the live catalog; `runcomfy schemas pull` updates them",
                    drifts.len()
                ),
            ))
        }
    })
}
