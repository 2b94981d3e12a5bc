//! What a command talks to: the async runtime, the client (connected once per command, to
//! the API with the token or to a simulator started in this process), where the catalog
//! cache and the learned run times of that API base live, the schemas a simulator serves,
//! and Ctrl-C.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use runcomfy_client::Client;
use runcomfy_client::catalog::SchemaCache;
use runcomfy_client::config::{PollPolicy, RetryPolicy};
use runcomfy_client::job::CancellationToken;
use runcomfy_client::resolve::SchemaResolver;
use runcomfy_client::schema::EndpointSchema;
use sha2::{Digest as _, Sha256};

use crate::args::Global;
use crate::exit::{self, CliError};

/// How long a cached catalog entry is used without asking the catalog again.
pub const CATALOG_CACHE_AGE: Duration = Duration::from_secs(24 * 3600);

/// The largest run-times file read: the most a valid snapshot holds.
const MAX_RUN_TIMES_BYTES: u64 = runcomfy_client::config::MAX_SNAPSHOT_BYTES as u64;

/// The async runtime of a command.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::new(exit::UNAVAILABLE, format!("cannot start the async runtime: {e}")))
}

/// Runs `f` on a new runtime.
pub fn block_on<T>(f: impl Future<Output = Result<T, CliError>>) -> Result<T, CliError> {
    runtime()?.block_on(f)
}

/// The schemas compiled into this binary, parsed into the IR, in the bundle's order. A
/// schema that fails to parse is left out (`cargo xtask check` reports it).
pub fn bundled() -> Vec<EndpointSchema> {
    runcomfy_client::models::ENDPOINTS
        .iter()
        .filter_map(|(model_id, file, text)| runcomfy_schema::parse_schema(file, model_id, text).schema)
        .collect()
}

/// The API base this process talks to without `--simulate`: `RUNCOMFY_MODEL_API_BASE`, else
/// the real API.
pub fn configured_base() -> String {
    std::env::var(runcomfy_client::config::BASE_URL_VAR)
        .ok()
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| runcomfy_client::config::DEFAULT_BASE_URL.to_owned())
}

/// The user's cache folder of an API base: `<cache>/runcomfy/<base>/`, so that the entries
/// of one API (or of the simulator) never show up in another's offline listing. The
/// simulators this program starts share `<cache>/runcomfy/simulator/`.
pub fn base_dir(base: Option<&str>) -> Option<PathBuf> {
    let root = SchemaCache::default_dir()?.parent()?.to_path_buf();
    Some(root.join(match base {
        None => "simulator".to_owned(),
        Some(base) => base_key(base),
    }))
}

/// A folder name for an API base: its host, port and path in safe characters, and a hash of
/// the whole base (two bases never share a folder).
fn base_key(base: &str) -> String {
    let trimmed = base.trim().trim_end_matches('/');
    let readable: String = trimmed
        .split_once("://")
        .map_or(trimmed, |(_, rest)| rest)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    let hash = Sha256::digest(trimmed.as_bytes());
    let hex: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{}-{hex}", readable.trim_matches('-'))
}

/// The catalog cache of the API base configured in the environment (for offline listings
/// and completion, without connecting).
pub fn configured_cache() -> Option<SchemaCache> {
    base_dir(Some(&configured_base())).map(|d| SchemaCache::new(d.join("catalog"), CATALOG_CACHE_AGE))
}

/// Where the simulators this program starts keep their jobs, so that a later `--simulate`
/// process can follow them: `<cache>/runcomfy/simulator/jobs.json`.
pub fn simulator_state_file() -> Option<PathBuf> {
    base_dir(None).map(|d| d.join("jobs.json"))
}

/// Every model id this program knows without a network call: the bundled models and the
/// catalog cache of the configured API base.
pub fn offline_model_ids() -> Vec<String> {
    let mut ids: Vec<String> = runcomfy_client::models::ENDPOINTS
        .iter()
        .map(|(id, _, _)| (*id).to_owned())
        .collect();
    if let Some(cache) = configured_cache() {
        ids.extend(cache.entries().into_iter().map(|e| e.model_id));
    }
    ids.sort();
    ids.dedup();
    ids
}

/// Completion of a model id (`COMPLETE=bash runcomfy ...`): the bundled models and the
/// catalog cache.
pub fn complete_model_id(current: &std::ffi::OsStr) -> Vec<clap_complete::engine::CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    crate::describe::complete_ids(current, &offline_model_ids())
        .into_iter()
        .map(clap_complete::engine::CompletionCandidate::new)
        .collect()
}

/// Whether a client can be made without asking: `--simulate`, or a token (environment or
/// the official CLI's token file).
pub fn can_connect(global: &Global) -> bool {
    global.simulate
        || matches!(
            runcomfy_client::config::find_token(&|k| std::env::var(k).ok()),
            Ok(Some(_))
        )
}

/// A schema the simulator of this process serves on top of the bundled ones (`run --schema
/// FILE`): model id, file label, text.
#[derive(Debug, Clone)]
pub struct Served {
    /// The model id.
    pub model_id: String,
    /// The file it came from (for diagnostics).
    pub file: String,
    /// The schema text.
    pub text: String,
}

/// A connected command: its client, its settings, and the simulator it points at when
/// simulating.
pub struct Session {
    /// The API client.
    pub client: Client,
    /// Output settings.
    pub global: Global,
    /// The cache folder of this API base (none for a simulator of this process).
    base_dir: Option<PathBuf>,
    sim: Option<runcomfy_sim::SimHandle>,
}

impl Session {
    /// Connects: a simulator started here with `--simulate` (serving the bundled schemas,
    /// `--schemas DIR` and `served`), else the API with the token.
    pub async fn connect(global: Global, served: &[Served]) -> Result<Session, CliError> {
        let retry = RetryPolicy::default().max_retries(global.retries);
        if global.simulate {
            return Session::simulate(global, served, retry).await;
        }
        let lookup = |k: &str| std::env::var(k).ok();
        match runcomfy_client::config::find_token(&lookup) {
            Ok(Some((_, source))) => warn_if_exposed(&global, &source),
            Ok(None) => {
                return Err(CliError::new(
                    exit::NO_PERM,
                    "no API token: set RUNCOMFY_TOKEN to your RunComfy API token (or sign in with the official \
                     RunComfy CLI, whose token file is read too), or pass --simulate (or set RUNCOMFY_SIMULATE=1) \
                     to run offline against the built-in simulator",
                ));
            }
            Err(why) => return Err(CliError::usage(why)),
        }
        let base_dir = base_dir(Some(&configured_base()));
        let mut builder = Client::builder().from_env().retry(retry);
        // What the poller learned about run times in earlier runs against this API base.
        if let Some(path) = base_dir.as_ref().map(|d| d.join("run-times.json"))
            && let Some(snapshot) = read_run_times(&global, &path)
        {
            builder = builder.run_times(&snapshot);
        }
        Ok(Session {
            client: builder.build()?,
            global,
            base_dir,
            sim: None,
        })
    }

    async fn simulate(global: Global, served: &[Served], retry: RetryPolicy) -> Result<Session, CliError> {
        let bundled = runcomfy_client::models::ENDPOINTS.iter().copied();
        let mut config = runcomfy_sim::SimConfig {
            clock: runcomfy_sim::ClockMode::Accelerated(10.0),
            // A fresh seed per process: faults and timings vary (request ids are unique anyway).
            seed: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0),
            ..runcomfy_sim::SimConfig::default()
        }
        .with_schema_texts(bundled);
        if let Some(dir) = &global.schemas {
            let folder = runcomfy_sim::load_schema_folder(dir);
            if !folder.is_ok() {
                return Err(CliError::data(format!(
                    "the schema folder {} has problems:\n{}",
                    dir.display(),
                    folder
                        .problems
                        .iter()
                        .map(|p| format!("  {p}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                )));
            }
            config = config.with_schema_folder(&folder);
        }
        for s in served {
            config.schema_texts.retain(|(id, _, _)| *id != s.model_id);
            config
                .schema_texts
                .push((s.model_id.clone(), s.file.clone(), s.text.clone()));
        }
        // Jobs outlive the process: a later `--simulate status|result|cancel ID` finds them.
        if let Some(file) = simulator_state_file() {
            if let Some(dir) = file.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            config = config.state_file(file);
        }
        let sim = runcomfy_sim::start(config)
            .await
            .map_err(|e| CliError::new(exit::UNAVAILABLE, format!("cannot start the simulator: {e}")))?;
        for warning in sim.warnings() {
            eprintln!("warning: {}", crate::text::multiline(&warning));
        }
        if !global.quiet {
            eprintln!(
                "runcomfy: simulating: using the in-process RunComfy simulator at {} (no real jobs, no cost)",
                sim.base_url()
            );
        }
        let client = Client::builder()
            .token("simulated")
            .base_url(sim.base_url())
            .poll(PollPolicy::fixed(Duration::from_millis(100)))
            .retry(retry)
            .build()?;
        Ok(Session {
            client,
            global,
            base_dir: None,
            sim: Some(sim),
        })
    }

    /// Whether this session talks to a simulator of this process.
    pub fn simulated(&self) -> bool {
        self.sim.is_some()
    }

    /// The catalog cache of this API base (none for a simulator of this process: its
    /// catalog is this binary's own).
    pub fn cache(&self) -> Option<SchemaCache> {
        self.base_dir
            .as_ref()
            .map(|d| SchemaCache::new(d.join("catalog"), CATALOG_CACHE_AGE))
    }

    /// Where this command finds a model's schema: compiled in, then the catalog (with this
    /// base's cache).
    pub fn resolver(&self, offline: bool) -> SchemaResolver {
        SchemaResolver::new()
            .compiled()
            .catalog(self.client.clone(), self.cache(), offline)
    }

    /// The same, without the compiled-in schemas (the live schema first, for `models show`).
    pub fn catalog_resolver(&self) -> SchemaResolver {
        SchemaResolver::new().catalog(self.client.clone(), self.cache(), false)
    }

    /// The model ids of the live catalog (every page; empty when it cannot be listed).
    pub async fn catalog_ids(&self) -> Vec<String> {
        use futures_util::StreamExt as _;
        let stream = self
            .client
            .catalog()
            .list_all(runcomfy_client::wire::CatalogQuery::default());
        futures_util::pin_mut!(stream);
        let mut ids = Vec::new();
        while let Some(Ok(entry)) = stream.next().await {
            ids.push(entry.model_id);
            if ids.len() >= 100_000 {
                break;
            }
        }
        ids
    }
}

impl Drop for Session {
    /// Keeps what the poller learned (not for a simulator of this process: its run times
    /// are not the API's). Best effort: a cache that cannot be written is no error.
    fn drop(&mut self) {
        let snapshot = self.client.run_times();
        let Some(dir) = self.base_dir.as_ref().filter(|_| !snapshot.is_empty()) else {
            return;
        };
        let path = dir.join("run-times.json");
        let _ = std::fs::create_dir_all(dir)
            .and_then(|()| tempfile::NamedTempFile::new_in(dir))
            .and_then(|mut tmp| {
                std::io::Write::write_all(&mut tmp, snapshot.to_json().as_bytes())?;
                tmp.persist(&path).map(drop).map_err(|e| e.error)
            });
    }
}

/// The learned run times in `path`; a file that is missing is none, one that cannot be
/// read or is not a valid snapshot is none with a warning (it is never trusted in part).
fn read_run_times(global: &Global, path: &Path) -> Option<runcomfy_client::config::RunTimeSnapshot> {
    let bytes = match runcomfy_client::media::read_file(path, MAX_RUN_TIMES_BYTES) {
        Ok(bytes) => bytes,
        Err(_) if !path.exists() => return None,
        Err(e) => {
            global.note(&format!(
                "warning: ignoring the learned run times: {}",
                e.display_chain()
            ));
            return None;
        }
    };
    let parsed = String::from_utf8(bytes)
        .map_err(|_| "not UTF-8".to_owned())
        .and_then(|text| runcomfy_client::config::RunTimeSnapshot::from_json(&text));
    match parsed {
        Ok(snapshot) => Some(snapshot),
        Err(why) => {
            global.note(&format!(
                "warning: ignoring the learned run times in {}: {why}",
                path.display()
            ));
            None
        }
    }
}

/// A token file others can write to could hold someone else's token: say so.
fn warn_if_exposed(global: &Global, source: &runcomfy_client::config::TokenSource) {
    #[cfg(unix)]
    if let runcomfy_client::config::TokenSource::File(path) = source {
        use std::os::unix::fs::PermissionsExt as _;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o002 != 0
        {
            let _ = global;
            eprintln!(
                "warning: the token file {} is writable by every user of this machine (anyone could replace the \
                 token); run `chmod 600 {}`",
                path.display(),
                path.display()
            );
        }
    }
    #[cfg(not(unix))]
    let _ = (global, source);
}

/// Ctrl-C presses, listened for from the moment this is made: a press that comes before the
/// listening task first runs is not lost (and does not kill the process).
pub struct CtrlC {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl CtrlC {
    /// Starts listening for SIGINT.
    pub fn listen() -> CtrlC {
        CtrlC {
            #[cfg(unix)]
            signal: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok(),
        }
    }

    /// The next press; `false` when presses cannot be listened for.
    pub async fn pressed(&mut self) -> bool {
        #[cfg(unix)]
        {
            match &mut self.signal {
                Some(signal) => signal.recv().await.is_some(),
                None => false,
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await.is_ok()
        }
    }
}

/// A token cancelled on the first Ctrl-C (SIGINT).
pub fn interrupt_on_ctrl_c() -> CancellationToken {
    let token = CancellationToken::new();
    let trigger = token.clone();
    let mut presses = CtrlC::listen();
    tokio::spawn(async move {
        if presses.pressed().await {
            trigger.cancel();
        }
    });
    token
}

/// The schema of `model_id` from `file` (`run --schema FILE`), with the file's text (for a
/// simulator to serve). Warnings are printed; errors end the command (exit 65, or 66 when
/// the file cannot be read).
pub fn schema_from_file(model_id: &str, file: &Path) -> Result<(Arc<EndpointSchema>, Served), CliError> {
    let text = runcomfy_client::resolve::read_schema_file(file).map_err(|e| match e.kind() {
        runcomfy_client::ErrorKind::Io => CliError::no_input(e.display_chain()),
        _ => CliError::data(e.display_chain()),
    })?;
    let label = file.display().to_string();
    let parsed = runcomfy_client::schema::parse_schema(&label, model_id, &text);
    for d in parsed.diagnostics.iter().filter(|d| !d.is_error()) {
        eprintln!("warning: {}", crate::text::multiline(&d.to_string()));
    }
    let errors = parsed.error_messages();
    let schema = parsed.schema.map(Arc::new).ok_or_else(|| {
        CliError::data(format!(
            "the schema file has errors:\n{}",
            errors.iter().map(|m| format!("  {m}")).collect::<Vec<_>>().join("\n")
        ))
    })?;
    Ok((
        schema,
        Served {
            model_id: model_id.to_owned(),
            file: label,
            text,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_base_gets_its_own_folder() {
        let a = base_key("https://model-api.runcomfy.net/v1");
        assert!(a.starts_with("model-api.runcomfy.net-v1-"), "{a}");
        assert_ne!(a, base_key("http://127.0.0.1:8787/v1"));
        assert_eq!(a, base_key("https://model-api.runcomfy.net/v1/"));
        assert!(!base_key("http://../../etc").contains('/'));
    }
}
