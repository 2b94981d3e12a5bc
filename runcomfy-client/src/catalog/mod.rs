//! The live model catalog (`GET /v1/models...`): list, search and page it, one model with
//! its schema and price, the categories ([`Catalog`], from [`Client::catalog`]); the price
//! estimate of a request ([`estimate`]); the on-disk cache of entries ([`SchemaCache`]); and
//! schema files pulled from it and checked against it ([`Catalog::pull`],
//! [`Catalog::check`]).
//!
//! The wire types of the catalog ([`CatalogEntry`], [`CatalogQuery`], [`ModelList`],
//! [`PriceUnit`]) are re-exported here from [`crate::wire::catalog`].

mod cache;
mod files;
mod pricing;

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use futures_util::Stream;
use runcomfy_schema::{Diagnostic, EndpointSchema};
use runcomfy_wire::Operation;
use runcomfy_wire::catalog as wire_catalog;
pub use runcomfy_wire::catalog::{CatalogEntry, CatalogQuery, ModelList, PriceUnit};

pub use cache::{CachedEntry, SchemaCache};
pub use files::{FileDrift, write_schema_file};
pub use pricing::{PriceEstimate, Unpriced, estimate};

use crate::client::Reply;
use crate::{Client, Error, ErrorKind};

impl Client {
    /// The live model catalog, through this client.
    ///
    /// ```no_run
    /// # async fn demo(client: runcomfy_client::Client) -> Result<(), runcomfy_client::Error> {
    /// use runcomfy_client::catalog::CatalogQuery;
    /// let page = client.catalog().list(&CatalogQuery::default().search("flux")).await?;
    /// for entry in &page.models {
    ///     println!("{} {:?} USD per {:?}", entry.model_id, entry.base_price_usd, entry.price_unit);
    /// }
    /// let one = client.catalog().get("blackforestlabs/flux-1-schnell/text-to-image").await?;
    /// assert!(one.input_schema.is_some());
    /// # Ok(()) }
    /// ```
    pub fn catalog(&self) -> Catalog<'_> {
        Catalog { client: self }
    }
}

/// The live model catalog ([`Client::catalog`]). Every answer is checked and bounded, and
/// any text that held the API token holds `<redacted>` instead.
#[derive(Debug, Clone, Copy)]
pub struct Catalog<'a> {
    client: &'a Client,
}

/// A catalog entry fetched from the live catalog, with what the cache needs to know.
pub(crate) struct Fetched {
    pub(crate) entry: CatalogEntry,
    pub(crate) etag: Option<String>,
    /// The answer held the API token (redacted): never cached.
    pub(crate) redacted: bool,
}

impl Catalog<'_> {
    /// One page of the catalog (`GET /v1/models`). Unusable entries are left out and listed
    /// in [`ModelList::skipped`].
    pub async fn list(&self, query: &CatalogQuery) -> Result<ModelList, Error> {
        let mut url = self.client.url(wire_catalog::list_segments())?;
        let q = query.to_query_string();
        if !q.is_empty() {
            url.set_query(Some(&q));
        }
        self.client
            .call(Operation::Catalog, None, url, None, ModelList::parse)
            .await
            .map_err(|e| e.into_error_without_id())
    }

    /// Every entry matching `query`, page after page (from `query.offset`, `query.limit`
    /// entries a page, default 100), each model once, until the catalog ends. Paging cannot
    /// loop: it stops at the total, at [`wire_catalog::MAX_CATALOG_ENTRIES`], and at a page
    /// that brings no model not seen before (a server that ignores `offset`). The stream
    /// ends after the first error.
    pub fn list_all(&self, query: CatalogQuery) -> impl Stream<Item = Result<CatalogEntry, Error>> + Send + use<> {
        let paging = Paging {
            client: self.client.clone(),
            limit: query.limit.unwrap_or(100),
            next: Some(query.offset.unwrap_or(0)),
            query,
            buffered: VecDeque::new(),
            seen: HashSet::new(),
        };
        futures_util::stream::unfold(paging, |mut p| async move { p.step().await.map(|item| (item, p)) })
    }

    /// One model with its `input_schema` and price (`GET /v1/models/{model_id}`).
    pub async fn get(&self, model_id: &str) -> Result<CatalogEntry, Error> {
        match self.get_if_changed(model_id, None).await? {
            Some(fetched) => Ok(fetched.entry),
            None => Err(Error::new(ErrorKind::Protocol, "HTTP 304 to an unconditional call")
                .with_operation(Operation::Catalog)
                .with_model_id(model_id)),
        }
    }

    /// [`Catalog::get`], conditional on `etag`: `None` when the server says the entry did
    /// not change (304).
    pub(crate) async fn get_if_changed(&self, model_id: &str, etag: Option<&str>) -> Result<Option<Fetched>, Error> {
        let segments = wire_catalog::model_segments(model_id).map_err(|why| {
            Error::new(ErrorKind::Validation, why)
                .with_operation(Operation::Catalog)
                .with_model_id(model_id)
        })?;
        let url = self.client.url(segments)?;
        let reply = self
            .client
            .call_reply(Operation::Catalog, None, url, None, etag, |v| {
                CatalogEntry::parse_for(v, model_id)
            })
            .await
            .map_err(|e| e.into_error_without_id().with_model_id(model_id))?;
        Ok(match reply {
            Reply::Fresh { value, etag, redacted } => Some(Fetched {
                entry: value,
                etag,
                redacted,
            }),
            Reply::NotModified => None,
        })
    }

    /// The categories (`GET /v1/models/categories`).
    pub async fn categories(&self) -> Result<Vec<String>, Error> {
        let url = self.client.url(wire_catalog::categories_segments())?;
        self.client
            .call(Operation::Catalog, None, url, None, wire_catalog::CategoryList::parse)
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
    /// Every model id listed so far: none is listed twice.
    seen: HashSet<String>,
}

impl Paging {
    async fn step(&mut self) -> Option<Result<CatalogEntry, Error>> {
        loop {
            if let Some(entry) = self.buffered.pop_front() {
                return Some(Ok(entry));
            }
            let offset = self.next?;
            let query = self.query.clone().limit(self.limit).offset(offset);
            match self.client.catalog().list(&query).await {
                Ok(page) => {
                    self.next = page.next_offset(offset);
                    let fresh: Vec<CatalogEntry> = page
                        .models
                        .into_iter()
                        .filter(|e| self.seen.insert(e.model_id.clone()))
                        .collect();
                    // A page of models already listed: the server repeats itself (it ignores
                    // `offset`, or its pages overlap without end). Stop rather than loop.
                    if fresh.is_empty() && page.received > 0 {
                        tracing::debug!(offset, "a catalog page repeated models already listed; paging stops");
                        self.next = None;
                    }
                    self.buffered.extend(fresh);
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
                ErrorKind::Protocol,
                format!("the catalog entry of {id} has no input_schema"),
            )
            .with_model_id(&id));
        };
        let text = serde_json::to_string(raw)
            .map_err(|e| Error::new(ErrorKind::Protocol, e.to_string()).with_model_id(&id))?;
        let parsed = runcomfy_schema::parse_schema(&format!("catalog:{id}"), &id, &text);
        match parsed.schema {
            Some(schema) => Ok(CatalogModel {
                entry,
                schema: Arc::new(schema),
                diagnostics: parsed.diagnostics,
            }),
            None => Err(Error::new(
                ErrorKind::Protocol,
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
