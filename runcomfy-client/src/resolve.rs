//! Where the dynamic core finds a model's schema: compiled in, a schema folder, or the live
//! catalog with its on-disk cache (an age limit, revalidation with `ETag`/`If-None-Match`,
//! what it holds when offline).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use runcomfy_schema::EndpointSchema;
use runcomfy_wire::catalog::{CatalogEntry, check_model_id};

use crate::catalog::{CachedEntry, CatalogModel, SchemaCache};
use crate::{Client, Error, ErrorKind};

/// The largest schema file read.
const MAX_SCHEMA_FILE_BYTES: u64 = 8 * 1024 * 1024;

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
        /// Time since it was fetched; `None` when the cache says it was fetched in the
        /// future (its age is unknown, and it counts as stale).
        age: Option<Duration>,
        /// Older than the age limit, or of unknown age.
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
/// use runcomfy_client::catalog::SchemaCache;
/// use runcomfy_client::resolve::SchemaResolver;
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
///
/// ```
/// let schema = runcomfy_client::resolve::compiled("blackforestlabs/flux-1-schnell/text-to-image").unwrap();
/// assert!(schema.input.property("prompt").is_some());
/// assert!(runcomfy_client::resolve::compiled("acme/none").is_none());
/// ```
pub fn compiled(model_id: &str) -> Option<Arc<EndpointSchema>> {
    let (id, file, text) = crate::models::ENDPOINTS.iter().find(|(id, _, _)| *id == model_id)?;
    runcomfy_schema::parse_schema(file, id, text).schema.map(Arc::new)
}

/// Reads a schema file (at most 8 MiB, UTF-8).
pub fn read_schema_file(path: &Path) -> Result<String, Error> {
    let bytes = crate::media::read_file(path, MAX_SCHEMA_FILE_BYTES)?;
    String::from_utf8(bytes)
        .map_err(|e| Error::new(ErrorKind::Validation, format!("{} is not UTF-8: {e}", path.display())).with_path(path))
}

fn from_folder(dir: &Path, model_id: &str) -> Result<Option<Resolved>, Error> {
    if check_model_id(model_id).is_err() {
        return Ok(None);
    }
    let path = dir.join(format!("{model_id}.json"));
    if !path.is_file() {
        return Ok(None);
    }
    let text = read_schema_file(&path)?;
    let parsed = runcomfy_schema::parse_schema(&path.display().to_string(), model_id, &text);
    match parsed.schema {
        Some(schema) => Ok(Some(Resolved {
            schema: Arc::new(schema),
            entry: None,
            origin: Origin::Folder(path),
        })),
        None => Err(Error::new(ErrorKind::Validation, parsed.error_messages().join("\n"))
            .with_path(&path)
            .with_model_id(model_id)),
    }
}

async fn from_catalog(
    client: &Client,
    cache: Option<&SchemaCache>,
    offline: bool,
    model_id: &str,
) -> Result<Resolved, Error> {
    // A cached entry that holds the token (written by an older version) is not used.
    let cached = cache
        .and_then(|c| c.load(model_id))
        .filter(|c| !client.holds_token(&c.entry.to_value().to_string()));
    let from_cache = |c: CachedEntry, stale: bool| -> Result<Resolved, Error> {
        let age = c.age();
        let model = CatalogModel::from_entry(c.entry)?;
        Ok(Resolved {
            schema: model.schema,
            entry: Some(model.entry),
            origin: Origin::Cache {
                age,
                stale: stale || age.is_none(),
            },
        })
    };
    if let (Some(c), Some(cache)) = (&cached, cache)
        && (c.is_fresh(cache.max_age()) || offline)
    {
        let stale = !c.is_fresh(cache.max_age());
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
    match (client.catalog().get_if_changed(model_id, etag).await, cached) {
        (Ok(Some(fetched)), _) => {
            // An answer that held the token is used (redacted) but never written down.
            if let Some(cache) = cache.filter(|_| !fetched.redacted)
                && let Err(e) = cache.store(&fetched.entry, fetched.etag.as_deref())
            {
                tracing::debug!(error = %e, "the catalog cache could not be written");
            }
            let model = CatalogModel::from_entry(fetched.entry)?;
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
                CachedEntry {
                    fetched_at: std::time::SystemTime::now(),
                    ..c
                },
                false,
            )
        }
        (Ok(None), None) => Err(Error::new(ErrorKind::Protocol, "HTTP 304 without a cached entry")
            .with_operation(runcomfy_wire::Operation::Catalog)
            .with_model_id(model_id)),
        // Unreachable or failing: what the cache holds, however old.
        (Err(e), Some(c)) if !e.is_not_found() && !e.is_auth() => {
            tracing::debug!(error = %e, "the catalog could not be reached; using the cache");
            from_cache(c, true)
        }
        (Err(e), _) => Err(e),
    }
}
