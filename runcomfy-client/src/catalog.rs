//! The live model catalog: list, search and page it, one model with its schema and price,
//! the categories; a price estimate for a request; and where the dynamic core finds a
//! model's schema ([`SchemaResolver`]: compiled in, a folder, the catalog with an on-disk
//! cache that has an age limit, revalidates with `ETag`/`If-None-Match` and falls back to
//! what it holds when offline).

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::Stream;
use runcomfy_schema::{Diagnostic, EndpointSchema};
use runcomfy_wire::Operation;
use runcomfy_wire::catalog::{self as wire_catalog, CatalogEntry, CatalogQuery, CategoryList, ModelList};
use serde_json::Value;

use crate::client::Reply;
use crate::{Client, Error, ErrorKind};

impl Client {
    /// One page of the catalog (`GET /v1/models`). Unusable entries are left out and listed
    /// in [`ModelList::skipped`].
    pub async fn models(&self, query: &CatalogQuery) -> Result<ModelList, Error> {
        let mut url = self.url(wire_catalog::list_segments())?;
        let q = query.to_query_string();
        if !q.is_empty() {
            url.set_query(Some(&q));
        }
        self.call(Operation::Catalog, None, url, None, ModelList::parse)
            .await
            .map_err(|e| e.into_error_without_id())
    }

    /// Every entry matching `query`, page after page (from `query.offset`, `query.limit`
    /// entries a page, default 100), until the catalog ends; paging cannot loop (see
    /// [`ModelList::next_offset`]). The stream ends after the first error.
    pub fn all_models(&self, query: CatalogQuery) -> impl Stream<Item = Result<CatalogEntry, Error>> + Send + use<> {
        let paging = Paging {
            client: self.clone(),
            limit: query.limit.unwrap_or(100),
            next: Some(query.offset.unwrap_or(0)),
            query,
            buffered: VecDeque::new(),
        };
        futures_util::stream::unfold(paging, |mut p| async move { p.step().await.map(|item| (item, p)) })
    }

    /// One model with its `input_schema` and price (`GET /v1/models/{model_id}`).
    pub async fn model(&self, model_id: &str) -> Result<CatalogEntry, Error> {
        match self.model_if_changed(model_id, None).await? {
            Some((entry, _)) => Ok(entry),
            None => Err(Error::new(ErrorKind::Malformed, "HTTP 304 to an unconditional call")),
        }
    }

    /// [`Client::model`], conditional on `etag`: `None` when the server says the entry did
    /// not change (304); otherwise the entry and its new `ETag`.
    pub async fn model_if_changed(
        &self,
        model_id: &str,
        etag: Option<&str>,
    ) -> Result<Option<(CatalogEntry, Option<String>)>, Error> {
        let segments = wire_catalog::model_segments(model_id)
            .map_err(|why| Error::new(ErrorKind::InvalidRequest, why).with_model_id(model_id))?;
        let url = self.url(segments)?;
        let reply = self
            .call_reply(Operation::Catalog, None, url, None, etag, |v| {
                CatalogEntry::parse_for(v, model_id)
            })
            .await
            .map_err(|e| e.into_error_without_id().with_model_id(model_id))?;
        Ok(match reply {
            Reply::Fresh { value, etag } => Some((value, etag)),
            Reply::NotModified => None,
        })
    }

    /// The categories (`GET /v1/models/categories`).
    pub async fn categories(&self) -> Result<Vec<String>, Error> {
        let url = self.url(wire_catalog::categories_segments())?;
        self.call(Operation::Catalog, None, url, None, CategoryList::parse)
            .await
            .map(|c| c.categories)
            .map_err(|e| e.into_error_without_id())
    }
}

/// Where paging through the catalog is.
struct Paging {
    client: Client,
    query: CatalogQuery,
    limit: u32,
    next: Option<u64>,
    buffered: VecDeque<CatalogEntry>,
}

impl Paging {
    async fn step(&mut self) -> Option<Result<CatalogEntry, Error>> {
        loop {
            if let Some(entry) = self.buffered.pop_front() {
                return Some(Ok(entry));
            }
            let offset = self.next?;
            let query = self.query.clone().limit(self.limit).offset(offset);
            match self.client.models(&query).await {
                Ok(page) => {
                    self.next = page.next_offset(offset);
                    self.buffered.extend(page.models);
                }
                Err(e) => {
                    self.next = None;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// A catalog entry with its `input_schema` read by the schema dialect parser (the same one
/// the compile-time types use).
#[derive(Debug, Clone)]
pub struct CatalogModel {
    /// The entry (name, categories, price).
    pub entry: CatalogEntry,
    /// The parsed schema.
    pub schema: Arc<EndpointSchema>,
    /// The parser's warnings (unknown keywords, unknown validation metrics, ...).
    pub diagnostics: Vec<Diagnostic>,
}

impl CatalogModel {
    /// Parses the entry's `input_schema`; an entry without one, or one with errors, is an
    /// error listing every problem with its JSON pointer.
    pub fn from_entry(entry: CatalogEntry) -> Result<CatalogModel, Error> {
        let id = entry.model_id.clone();
        let Some(raw) = &entry.input_schema else {
            return Err(Error::new(
                ErrorKind::Malformed,
                format!("the catalog entry of {id} has no input_schema"),
            )
            .with_model_id(&id));
        };
        let text = serde_json::to_string(raw)
            .map_err(|e| Error::new(ErrorKind::Malformed, e.to_string()).with_model_id(&id))?;
        let parsed = runcomfy_schema::parse_schema(&format!("catalog:{id}"), &id, &text);
        match parsed.schema {
            Some(schema) => Ok(CatalogModel {
                entry,
                schema: Arc::new(schema),
                diagnostics: parsed.diagnostics,
            }),
            None => Err(Error::new(
                ErrorKind::Malformed,
                format!(
                    "the catalog's input_schema of {id} has errors:\n{}",
                    parsed
                        .error_messages()
                        .iter()
                        .map(|m| format!("  {m}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            )
            .with_model_id(&id)),
        }
    }
}

/// An estimated price, with how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceEstimate {
    /// USD.
    pub usd: f64,
    /// For people: `0.003 USD per output x 2 outputs`, `0.05 USD per second x 10 s`.
    pub basis: String,
}

/// How many outputs a request asks for: its count field (`num_images`, `num_outputs`, `n`,
/// ...; [`wire_catalog::request_output_count`]) when it has one, else 1.
pub fn output_count(body: &Value) -> u64 {
    wire_catalog::request_output_count(body).unwrap_or(1).clamp(1, 10_000)
}

/// The estimated price of `body` for the model of `entry`: unit `output`, the base price per
/// output ([`output_count`]); unit `second`, the base price times the request's `duration`
/// (or the schema's documented default `duration` when the body has none). `None` where the
/// catalog gives no price or no known unit, or a per-second model's request gives no
/// duration.
///
/// ```
/// use runcomfy_client::catalog::estimate;
/// use runcomfy_client::wire::{CatalogEntry, PriceUnit};
/// let mut e = CatalogEntry::new("acme/v/image-to-video");
/// e.base_price_usd = Some(0.05);
/// e.price_unit = Some(PriceUnit::Second);
/// let p = estimate(&e, None, &serde_json::json!({"duration": 10})).unwrap();
/// assert_eq!(p.usd, 0.5);
/// assert!(estimate(&e, None, &serde_json::json!({})).is_none());
/// e.price_unit = Some(PriceUnit::Output);
/// assert_eq!(estimate(&e, None, &serde_json::json!({"num_images": 3})).unwrap().usd, 0.15);
/// ```
pub fn estimate(entry: &CatalogEntry, schema: Option<&EndpointSchema>, body: &Value) -> Option<PriceEstimate> {
    let base = entry.base_price_usd?;
    match entry.price_unit.as_ref()? {
        wire_catalog::PriceUnit::Output => {
            let n = output_count(body);
            Some(PriceEstimate {
                usd: entry.estimate_usd(n, None)?,
                basis: format!("{base} USD per output x {n} output{}", if n == 1 { "" } else { "s" }),
            })
        }
        wire_catalog::PriceUnit::Second => {
            let seconds = wire_catalog::request_duration_seconds(body).or_else(|| {
                let default = schema?.input.property("duration")?.schema.docs.default.clone()?;
                wire_catalog::request_duration_seconds(&serde_json::json!({ "duration": default }))
            })?;
            Some(PriceEstimate {
                usd: entry.estimate_usd(1, Some(seconds))?,
                basis: format!("{base} USD per second x {seconds} s"),
            })
        }
        wire_catalog::PriceUnit::Other(_) => None,
    }
}

/// The on-disk cache of catalog entries (with their schemas): one JSON file per model under
/// a directory (by default the user's cache directory, `runcomfy/catalog`), each with the
/// time it was fetched and the server's `ETag`.
#[derive(Debug, Clone)]
pub struct SchemaCache {
    dir: PathBuf,
    max_age: Duration,
}

/// A cached entry.
#[derive(Debug, Clone)]
pub struct Cached {
    /// The entry, with its `input_schema`.
    pub entry: CatalogEntry,
    /// The server's `ETag`, if it sent one.
    pub etag: Option<String>,
    /// How long ago it was fetched (or revalidated).
    pub age: Duration,
}

/// The largest cached file read.
const MAX_CACHED_BYTES: u64 = 8 * 1024 * 1024;

impl SchemaCache {
    /// A cache in `dir` whose entries are fresh for `max_age`.
    pub fn new(dir: impl Into<PathBuf>, max_age: Duration) -> SchemaCache {
        SchemaCache {
            dir: dir.into(),
            max_age,
        }
    }

    /// The user's cache directory for the catalog: `$XDG_CACHE_HOME/runcomfy/catalog` (or the
    /// platform's cache directory), if there is a home.
    pub fn default_dir() -> Option<PathBuf> {
        use etcetera::BaseStrategy as _;
        let base = etcetera::choose_base_strategy().ok()?;
        Some(base.cache_dir().join("runcomfy").join("catalog"))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How long an entry is fresh.
    pub fn max_age(&self) -> Duration {
        self.max_age
    }

    fn path(&self, model_id: &str) -> Option<PathBuf> {
        wire_catalog::check_model_id(model_id).ok()?;
        Some(self.dir.join(format!("{model_id}.json")))
    }

    /// The cached entry of `model_id`, fresh or not. A file that cannot be read is no entry.
    pub fn load(&self, model_id: &str) -> Option<Cached> {
        let path = self.path(model_id)?;
        let bytes = crate::media::read_file(&path, MAX_CACHED_BYTES).ok()?;
        let v: Value = serde_json::from_slice(&bytes).ok()?;
        let entry = CatalogEntry::parse_for(v.get("entry")?, model_id).ok()?;
        let fetched = v.get("fetched_at").and_then(Value::as_u64)?;
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Some(Cached {
            entry,
            etag: v.get("etag").and_then(Value::as_str).map(str::to_owned),
            age: Duration::from_secs(now.saturating_sub(fetched)),
        })
    }

    /// Stores `entry` (atomically: a temporary file renamed into place).
    pub fn store(&self, entry: &CatalogEntry, etag: Option<&str>) -> Result<(), Error> {
        let path = self.path(&entry.model_id).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidRequest,
                format!("unusable model id {:?}", entry.model_id),
            )
        })?;
        let dir = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create the cache directory", dir, e))?;
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let body = serde_json::json!({"fetched_at": now, "etag": etag, "entry": entry.to_value()});
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io("cannot write to", dir, e))?;
        std::io::Write::write_all(&mut tmp, body.to_string().as_bytes())
            .map_err(|e| Error::io("cannot write to", dir, e))?;
        tmp.persist(&path)
            .map_err(|e| Error::io("cannot write", &path, e.error))?;
        Ok(())
    }

    /// Every cached entry (for listing the catalog offline), by model id.
    pub fn entries(&self) -> Vec<CatalogEntry> {
        let mut out = BTreeMap::new();
        let mut stack = vec![(self.dir.clone(), 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(read) = std::fs::read_dir(&dir) else { continue };
            for e in read.flatten().take(100_000) {
                let p = e.path();
                if p.is_dir() && depth < 6 {
                    stack.push((p, depth + 1));
                } else if p.extension().is_some_and(|x| x == "json")
                    && let Ok(rel) = p.with_extension("").strip_prefix(&self.dir)
                    && let Some(id) = rel.to_str().map(|s| s.replace('\\', "/"))
                    && let Some(c) = self.load(&id)
                {
                    out.insert(id, c.entry);
                }
            }
        }
        out.into_values().collect()
    }
}

/// Where a resolved schema came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into this program (`runcomfy_client::models`).
    Compiled,
    /// A schema file in a folder.
    Folder(PathBuf),
    /// The live catalog, just now.
    Catalog,
    /// The cache: fresh (younger than its age limit), or stale (offline, or the catalog
    /// could not be reached).
    Cache {
        /// Time since it was fetched.
        age: Duration,
        /// Older than the age limit.
        stale: bool,
    },
}

/// A model's schema, found.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The schema.
    pub schema: Arc<EndpointSchema>,
    /// The catalog entry (name, price), when it came from the catalog or its cache.
    pub entry: Option<CatalogEntry>,
    /// Where it came from.
    pub origin: Origin,
}

#[derive(Debug, Clone)]
enum Source {
    Compiled,
    Folder(PathBuf),
    Catalog {
        client: Client,
        cache: Option<SchemaCache>,
        offline: bool,
    },
}

/// Where the dynamic core finds a model's schema: sources tried in the order they were
/// added.
///
/// ```no_run
/// # async fn demo(client: runcomfy_client::Client) -> Result<(), runcomfy_client::Error> {
/// use std::time::Duration;
/// use runcomfy_client::catalog::{SchemaCache, SchemaResolver};
///
/// let cache = SchemaCache::new(SchemaCache::default_dir().unwrap(), Duration::from_secs(24 * 3600));
/// let schemas = SchemaResolver::new().compiled().folder("my_schemas").catalog(client, Some(cache), false);
/// let found = schemas.resolve("kling/kling-video-o3/4K/image-to-video").await?;
/// println!("{} fields, from {:?}", found.schema.input.properties.len(), found.origin);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct SchemaResolver {
    sources: Vec<Source>,
}

impl SchemaResolver {
    /// No sources yet.
    pub fn new() -> SchemaResolver {
        SchemaResolver::default()
    }

    /// The schemas compiled into this program.
    pub fn compiled(mut self) -> Self {
        self.sources.push(Source::Compiled);
        self
    }

    /// A schema folder, `<dir>/<model_id>.json`.
    pub fn folder(mut self, dir: impl Into<PathBuf>) -> Self {
        self.sources.push(Source::Folder(dir.into()));
        self
    }

    /// The live catalog through `client`, with an optional cache; `offline` uses the cache
    /// only.
    pub fn catalog(mut self, client: Client, cache: Option<SchemaCache>, offline: bool) -> Self {
        self.sources.push(Source::Catalog { client, cache, offline });
        self
    }

    /// The schema of `model_id` from the first source that has it. A source that fails
    /// (a broken file, the catalog unreachable without a cached copy) is an error; a source
    /// that does not know the model passes to the next.
    pub async fn resolve(&self, model_id: &str) -> Result<Resolved, Error> {
        let mut last = None;
        for source in &self.sources {
            match source {
                Source::Compiled => {
                    if let Some(schema) = compiled(model_id) {
                        return Ok(Resolved {
                            schema,
                            entry: None,
                            origin: Origin::Compiled,
                        });
                    }
                }
                Source::Folder(dir) => {
                    if let Some(found) = from_folder(dir, model_id)? {
                        return Ok(found);
                    }
                }
                Source::Catalog { client, cache, offline } => {
                    match from_catalog(client, cache.as_ref(), *offline, model_id).await {
                        Ok(found) => return Ok(found),
                        Err(e) if e.is_not_found() => last = Some(e),
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        Err(last.unwrap_or_else(|| {
            Error::new(ErrorKind::NotFound, format!("no schema for model {model_id:?}")).with_model_id(model_id)
        }))
    }

    /// The catalog entry of `model_id` (for its price), from the cache when fresh, else the
    /// catalog; `None` when there is no catalog source or it cannot say.
    pub async fn entry(&self, model_id: &str) -> Option<CatalogEntry> {
        for source in &self.sources {
            if let Source::Catalog { client, cache, offline } = source {
                return from_catalog(client, cache.as_ref(), *offline, model_id)
                    .await
                    .ok()
                    .and_then(|r| r.entry);
            }
        }
        None
    }
}

/// The compiled-in schema of `model_id`.
pub fn compiled(model_id: &str) -> Option<Arc<EndpointSchema>> {
    let (id, file, text) = crate::models::ENDPOINTS.iter().find(|(id, _, _)| *id == model_id)?;
    runcomfy_schema::parse_schema(file, id, text).schema.map(Arc::new)
}

fn from_folder(dir: &Path, model_id: &str) -> Result<Option<Resolved>, Error> {
    if wire_catalog::check_model_id(model_id).is_err() {
        return Ok(None);
    }
    let path = dir.join(format!("{model_id}.json"));
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = crate::media::read_file(&path, MAX_CACHED_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::InvalidRequest,
            format!("{} is not UTF-8: {e}", path.display()),
        )
        .with_path(&path)
    })?;
    let parsed = runcomfy_schema::parse_schema(&path.display().to_string(), model_id, &text);
    match parsed.schema {
        Some(schema) => Ok(Some(Resolved {
            schema: Arc::new(schema),
            entry: None,
            origin: Origin::Folder(path),
        })),
        None => Err(
            Error::new(ErrorKind::InvalidRequest, parsed.error_messages().join("\n"))
                .with_path(&path)
                .with_model_id(model_id),
        ),
    }
}

async fn from_catalog(
    client: &Client,
    cache: Option<&SchemaCache>,
    offline: bool,
    model_id: &str,
) -> Result<Resolved, Error> {
    let cached = cache.and_then(|c| c.load(model_id));
    let from_cache = |c: Cached, stale: bool| -> Result<Resolved, Error> {
        let age = c.age;
        let model = CatalogModel::from_entry(c.entry)?;
        Ok(Resolved {
            schema: model.schema,
            entry: Some(model.entry),
            origin: Origin::Cache { age, stale },
        })
    };
    if let (Some(c), Some(cache)) = (&cached, cache)
        && (c.age < cache.max_age() || offline)
    {
        let stale = c.age >= cache.max_age();
        return from_cache(c.clone(), stale);
    }
    if offline {
        return Err(Error::new(
            ErrorKind::NotFound,
            format!("{model_id} is not in the catalog cache (offline)"),
        )
        .with_model_id(model_id));
    }
    let etag = cached.as_ref().and_then(|c| c.etag.as_deref());
    match (client.model_if_changed(model_id, etag).await, cached) {
        (Ok(Some((entry, etag))), _) => {
            if let Some(cache) = cache
                && let Err(e) = cache.store(&entry, etag.as_deref())
            {
                tracing::debug!(error = %e, "the catalog cache could not be written");
            }
            let model = CatalogModel::from_entry(entry)?;
            Ok(Resolved {
                schema: model.schema,
                entry: Some(model.entry),
                origin: Origin::Catalog,
            })
        }
        // 304: the cached entry is current; refresh its age.
        (Ok(None), Some(c)) => {
            if let Some(cache) = cache {
                let _ = cache.store(&c.entry, c.etag.as_deref());
            }
            from_cache(
                Cached {
                    age: Duration::ZERO,
                    ..c
                },
                false,
            )
        }
        (Ok(None), None) => {
            Err(Error::new(ErrorKind::Malformed, "HTTP 304 without a cached entry").with_model_id(model_id))
        }
        // Unreachable or failing: what the cache holds, however old.
        (Err(e), Some(c)) if !e.is_not_found() && !e.is_auth() => {
            tracing::debug!(error = %e, "the catalog could not be reached; using the cache");
            from_cache(c, true)
        }
        (Err(e), _) => Err(e),
    }
}
