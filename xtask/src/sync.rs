//! `cargo xtask sync`: this repository's `schemas/` against the live catalog, with the same
//! library functions as `runcomfy schemas check|pull`. Exit 1 on drift (for CI); `--pull`
//! rewrites the files that drifted, exactly as the catalog serves them.

use std::path::Path;
use std::process::ExitCode;

use runcomfy_client::Client;

/// What a sync found and did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Files compared.
    pub files: usize,
    /// Model ids whose file differs from the catalog (or could not be compared).
    pub drifted: Vec<String>,
    /// Files rewritten (with `--pull`).
    pub pulled: Vec<String>,
}

/// Compares `dir` with the catalog through `client`; with `pull`, rewrites drifted files.
pub async fn sync(client: &Client, dir: &Path, pull_drifted: bool) -> Result<Report, String> {
    let drifts = client.catalog().check(dir).await.map_err(|e| e.display_chain())?;
    let mut report = Report {
        files: drifts.len(),
        ..Report::default()
    };
    let mut to_pull = Vec::new();
    for d in &drifts {
        if let Some(e) = &d.error {
            eprintln!("{}: cannot compare: {}", d.model_id, e.display_chain());
        } else if !d.changes.is_empty() {
            eprintln!("{} ({}):", d.model_id, d.path.display());
            for c in &d.changes {
                eprintln!("  {c}");
            }
            to_pull.push(d.model_id.clone());
        }
        if d.drifted() {
            report.drifted.push(d.model_id.clone());
        }
    }
    if pull_drifted && !to_pull.is_empty() {
        for (id, result) in to_pull.iter().zip(client.catalog().pull(dir, &to_pull).await) {
            match result {
                Ok(path) => {
                    eprintln!("pulled {}", path.display());
                    report.pulled.push(id.clone());
                }
                Err(e) => eprintln!("{id}: cannot pull: {}", e.display_chain()),
            }
        }
    }
    Ok(report)
}

/// `cargo xtask sync [--pull] [DIR]` with the client of the environment (`RUNCOMFY_TOKEN` or
/// the official CLI's token file, `RUNCOMFY_MODEL_API_BASE`).
pub fn run(dir: &Path, pull_drifted: bool) -> ExitCode {
    let client = match Client::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {}", e.display_chain());
            return ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match rt.block_on(sync(&client, dir, pull_drifted)) {
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Ok(r) => {
            let left = r.drifted.len() - r.pulled.len();
            eprintln!(
                "sync: {} file(s), {} drifted, {} pulled",
                r.files,
                r.drifted.len(),
                r.pulled.len()
            );
            if left == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn drift_is_found_and_pulled() {
        let served = tempfile::tempdir().unwrap();
        let id = "acme/tiny/text-to-image";
        let file = served.path().join(format!("{id}.json"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(
            &file,
            r#"{"type": "object", "properties": {"steps": {"type": "integer", "maximum": 4}}}"#,
        )
        .unwrap();
        let sim = runcomfy_sim::start(runcomfy_sim::SimConfig {
            schemas_dir: served.path().to_owned(),
            ..runcomfy_sim::SimConfig::for_tests("t")
        })
        .await
        .unwrap();
        let client = Client::builder().token("t").base_url(sim.base_url()).build().unwrap();
        let local = tempfile::tempdir().unwrap();
        let mine = local.path().join(format!("{id}.json"));
        std::fs::create_dir_all(mine.parent().unwrap()).unwrap();
        std::fs::write(
            &mine,
            r#"{"type": "object", "properties": {"steps": {"type": "integer", "maximum": 8}}}"#,
        )
        .unwrap();
        let report = sync(&client, local.path(), false).await.unwrap();
        assert_eq!((report.files, report.drifted.clone()), (1, vec![id.to_owned()]));
        let report = sync(&client, local.path(), true).await.unwrap();
        assert_eq!(report.pulled, vec![id.to_owned()]);
        let report = sync(&client, local.path(), false).await.unwrap();
        assert!(report.drifted.is_empty(), "{report:?}");
    }
}
