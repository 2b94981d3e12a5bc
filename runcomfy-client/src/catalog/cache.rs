//! The on-disk cache of catalog entries (with their schemas): one JSON file per model, with
//! the time it was fetched and the server's `ETag`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use runcomfy_wire::catalog::{CatalogEntry, check_model_id};
use serde_json::Value;

use crate::{Error, ErrorKind};

/// The on-disk cache of catalog entries (with their schemas): one JSON file per model under
/// a directory (by default the user's cache directory, `runcomfy/catalog`), each with the
/// time it was fetched and the server's `ETag`. The resolver
/// ([`crate::resolve::SchemaResolver`]) uses an entry while it is fresh, revalidates it with
/// `If-None-Match` after, and falls back to it when the catalog cannot be reached. An answer
/// that held the API token is never written here.
///
/// ```
/// use std::time::Duration;
/// use runcomfy_client::catalog::{CatalogEntry, SchemaCache};
/// let dir = tempfile::tempdir().unwrap();
/// let cache = SchemaCache::new(dir.path(), Duration::from_secs(3600));
/// cache.store(&CatalogEntry::new("acme/tiny/text-to-image"), Some("\"v1\"")).unwrap();
/// let cached = cache.load("acme/tiny/text-to-image").unwrap();
/// assert!(cached.is_fresh(cache.max_age()));
/// assert_eq!(cached.etag.as_deref(), Some("\"v1\""));
/// ```
#[derive(Debug, Clone)]
pub struct SchemaCache {
    dir: PathBuf,
    max_age: Duration,
}

/// A cached entry.
#[derive(Debug, Clone)]
pub struct CachedEntry {
    /// The entry, with its `input_schema`.
    pub entry: CatalogEntry,
    /// The server's `ETag`, if it sent one.
    pub etag: Option<String>,
    /// When it was fetched (or last revalidated), as the file says.
    pub fetched_at: SystemTime,
}

impl CachedEntry {
    /// How long ago it was fetched; `None` when the file says it was fetched in the future
    /// (a clock set back, or a tampered file): its age is unknown.
    pub fn age(&self) -> Option<Duration> {
        SystemTime::now().duration_since(self.fetched_at).ok()
    }

    /// Fetched less than `max_age` ago. An entry fetched "in the future" is stale.
    pub fn is_fresh(&self, max_age: Duration) -> bool {
        self.age().is_some_and(|age| age < max_age)
    }
}

/// The largest cached file read.
pub(crate) const MAX_CACHED_BYTES: u64 = 8 * 1024 * 1024;

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
        check_model_id(model_id).ok()?;
        Some(self.dir.join(format!("{model_id}.json")))
    }

    /// The cached entry of `model_id`, fresh or not. A file that cannot be read is no entry.
    pub fn load(&self, model_id: &str) -> Option<CachedEntry> {
        let path = self.path(model_id)?;
        let bytes = crate::media::read_file(&path, MAX_CACHED_BYTES).ok()?;
        let v: Value = serde_json::from_slice(&bytes).ok()?;
        let entry = CatalogEntry::parse_for(v.get("entry")?, model_id).ok()?;
        let fetched = v.get("fetched_at").and_then(Value::as_u64)?;
        Some(CachedEntry {
            entry,
            etag: v.get("etag").and_then(Value::as_str).map(str::to_owned),
            fetched_at: SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(fetched))?,
        })
    }

    /// Stores `entry`, fetched now (atomically: a temporary file renamed into place).
    pub fn store(&self, entry: &CatalogEntry, etag: Option<&str>) -> Result<(), Error> {
        let path = self
            .path(&entry.model_id)
            .ok_or_else(|| Error::new(ErrorKind::Validation, format!("unusable model id {:?}", entry.model_id)))?;
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

    /// Every cached entry (for listing the catalog offline), by model id. The folder is walked
    /// with the one bounded walker (depth and entry caps, each folder once, no link out).
    pub fn entries(&self) -> Vec<CatalogEntry> {
        let limits = runcomfy_schema::local_file::WalkLimits::default();
        let Ok(found) =
            runcomfy_schema::local_file::walk(&self.dir, &limits, |p| p.extension().is_some_and(|x| x == "json"))
        else {
            return Vec::new();
        };
        let mut out = BTreeMap::new();
        for p in found.files {
            if let Ok(rel) = p.with_extension("").strip_prefix(&self.dir)
                && let Some(id) = rel.to_str().map(|s| s.replace('\\', "/"))
                && let Some(c) = self.load(&id)
            {
                out.insert(id, c.entry);
            }
        }
        out.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_fetched_in_the_future_is_stale_and_its_age_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let cache = SchemaCache::new(dir.path(), Duration::from_secs(3600));
        let id = "acme/tiny/text-to-image";
        let in_a_year = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 365 * 24 * 3600;
        let body = serde_json::json!({"fetched_at": in_a_year, "entry": CatalogEntry::new(id).to_value()});
        std::fs::create_dir_all(dir.path().join("acme/tiny")).unwrap();
        std::fs::write(dir.path().join(format!("{id}.json")), body.to_string()).unwrap();
        let cached = cache.load(id).unwrap();
        assert_eq!(cached.age(), None);
        assert!(!cached.is_fresh(Duration::MAX));
        // Absurd times are no entry, never a panic.
        let body = serde_json::json!({"fetched_at": u64::MAX, "entry": CatalogEntry::new(id).to_value()});
        std::fs::write(dir.path().join(format!("{id}.json")), body.to_string()).unwrap();
        assert!(cache.load(id).is_none());
    }
}
