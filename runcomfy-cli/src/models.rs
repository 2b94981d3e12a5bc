//! The catalog commands: `models` (list, search, filter), `models show`, `models
//! categories`, and the schema files: `schemas pull` and `schemas check`.

use std::path::PathBuf;

use futures_util::StreamExt;
use runcomfy_client::catalog::{CatalogModel, SchemaCache};
use runcomfy_client::resolve::Origin;
use runcomfy_client::wire::{CatalogEntry, CatalogQuery};
use serde_json::{Value, json};

use crate::Global;
use crate::batch::report::table;
use crate::catalog;
use crate::exit::{self, CliError};
use crate::remote::{self, CATALOG_CACHE_AGE, Ctx};

/// The filters of `models`.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Case-insensitive text in the id or name.
    pub search: Option<String>,
    /// A category.
    pub category: Option<String>,
    /// A kind.
    pub kind: Option<String>,
    /// At most this many.
    pub limit: Option<u32>,
}

impl Query {
    fn wire(&self) -> CatalogQuery {
        let mut q = CatalogQuery::default();
        if let Some(s) = &self.search {
            q = q.search(s.clone());
        }
        if let Some(c) = &self.category {
            q = q.category(c.clone());
        }
        if let Some(k) = &self.kind {
            q = q.kind(k.clone());
        }
        q
    }

    /// The same filters, applied here (offline listing).
    fn keeps(&self, e: &CatalogEntry) -> bool {
        let has = |hay: &str, needle: &str| hay.to_lowercase().contains(&needle.to_lowercase());
        self.search
            .as_ref()
            .is_none_or(|s| has(&e.model_id, s) || e.display_name.as_deref().is_some_and(|n| has(n, s)))
            && self
                .category
                .as_ref()
                .is_none_or(|c| e.categories.iter().any(|x| x.eq_ignore_ascii_case(c)))
            && self
                .kind
                .as_ref()
                .is_none_or(|k| e.kind.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(k)))
    }
}

/// The catalog entry of a bundled model, as far as its schema tells (no price).
fn bundled_entry(schema: &runcomfy_client::schema::EndpointSchema) -> CatalogEntry {
    let mut e = CatalogEntry::new(schema.model_id.clone());
    e.display_name = schema.docs.title.clone().filter(|t| !t.trim().is_empty());
    if let Some(task) = schema
        .model_id
        .rsplit('/')
        .find(|s| s.contains("-to-") || *s == "reframe")
    {
        e.categories = vec![task.to_owned()];
    }
    e.kind = Some("model".to_owned());
    e
}

/// The bundled models and the cached catalog entries (a cached entry wins: it has a price).
fn offline_entries() -> Vec<(CatalogEntry, &'static str)> {
    let cached: Vec<CatalogEntry> = SchemaCache::default_dir()
        .map(|dir| SchemaCache::new(dir, CATALOG_CACHE_AGE).entries())
        .unwrap_or_default();
    let mut out: Vec<(CatalogEntry, &'static str)> = catalog::endpoints()
        .iter()
        .filter(|s| !cached.iter().any(|c| c.model_id == s.model_id))
        .map(|s| (bundled_entry(s), "bundled"))
        .collect();
    out.extend(cached.into_iter().map(|e| (e, "cache")));
    out.sort_by(|a, b| a.0.model_id.cmp(&b.0.model_id));
    out
}

fn price_text(e: &CatalogEntry) -> String {
    match (e.base_price_usd, &e.price_unit) {
        (Some(p), Some(u)) => format!("{p} USD/{}", u.as_str()),
        (Some(p), None) => format!("{p} USD"),
        _ => "-".to_owned(),
    }
}

fn print_entries(global: &Global, entries: &[(CatalogEntry, &str)]) {
    if global.json {
        let rows: Vec<Value> = entries
            .iter()
            .map(|(e, source)| {
                let mut v = e.to_value();
                v["source"] = json!(source);
                v
            })
            .collect();
        outln!("{}", Value::Array(rows));
        return;
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|(e, source)| {
            vec![
                e.model_id.clone(),
                e.categories.join(","),
                price_text(e),
                (*source).to_owned(),
                e.name().to_owned(),
            ]
        })
        .collect();
    out!("{}", table(&["MODEL", "CATEGORIES", "PRICE", "SOURCE", "NAME"], &rows));
}

/// `models`: the live catalog (with prices), or offline the bundled and cached models.
pub fn list(global: Global, query: Query, offline: bool) -> Result<(), CliError> {
    let limit = query.limit.map_or(usize::MAX, |l| l as usize);
    if offline || !remote::can_connect(&global) {
        if !offline {
            global.note("models: offline (no token): the bundled models and the catalog cache; set RUNCOMFY_TOKEN or pass --simulate for the live catalog");
        }
        let entries: Vec<_> = offline_entries()
            .into_iter()
            .filter(|(e, _)| query.keeps(e))
            .take(limit)
            .collect();
        print_entries(&global, &entries);
        return Ok(());
    }
    remote::block_on(global, |ctx| async move {
        // The whole context, simulator included, lives as long as the listing (a closure
        // would otherwise capture only the fields it names).
        let ctx = ctx;
        let stream = ctx.client.catalog().list_all(query.wire());
        futures_util::pin_mut!(stream);
        let mut entries = Vec::new();
        while entries.len() < limit {
            match stream.next().await {
                Some(Ok(e)) => entries.push((e, "catalog")),
                Some(Err(e)) if entries.is_empty() && e.is_transient() => {
                    ctx.global.note(&format!(
                        "models: the catalog cannot be reached ({e}); showing the bundled and cached models"
                    ));
                    entries = offline_entries()
                        .into_iter()
                        .filter(|(e, _)| query.keeps(e))
                        .take(limit)
                        .collect();
                    break;
                }
                Some(Err(e)) => return Err(e.into()),
                None => break,
            }
        }
        print_entries(&ctx.global, &entries);
        Ok(())
    })
}

/// `models show`: the entry (name, categories, price) and every field.
pub fn show(global: Global, model_id: &str, offline: bool) -> Result<(), CliError> {
    let compiled = runcomfy_client::resolve::compiled(model_id);
    if offline || !remote::can_connect(&global) {
        let cache = SchemaCache::default_dir().map(|d| SchemaCache::new(d, CATALOG_CACHE_AGE));
        if let Some(cached) = cache.and_then(|c| c.load(model_id))
            && let Ok(model) = CatalogModel::from_entry(cached.entry)
        {
            out!("{}", describe(&model.entry, &model.schema, "cache"));
            return Ok(());
        }
        let schema = compiled.ok_or_else(|| {
            CliError::usage(format!(
                "unknown model {model_id:?} (offline: only the bundled models and the catalog cache)\n{}",
                catalog::known_models_hint(model_id)
            ))
        })?;
        out!("{}", describe(&bundled_entry(&schema), &schema, "bundled"));
        return Ok(());
    }
    let model_id = model_id.to_owned();
    remote::block_on(global, |ctx| async move {
        let ctx = ctx;
        // The live schema: the catalog (or its fresh cache) first, the bundled one if the
        // catalog does not know the model.
        match catalog_lookup(&ctx, &model_id).await {
            Ok(Some((entry, schema, origin))) => {
                out!("{}", describe(&entry, &schema, origin));
                Ok(())
            }
            Ok(None) => match compiled {
                Some(schema) => {
                    out!("{}", describe(&bundled_entry(&schema), &schema, "bundled"));
                    Ok(())
                }
                None => Err(CliError::usage(format!(
                    "unknown model {model_id:?}\n{}",
                    catalog::known_models_hint(&model_id)
                ))),
            },
            Err(e) => Err(e),
        }
    })
}

/// The catalog's entry and schema of `model_id` (cache or live), `None` when unknown.
async fn catalog_lookup(
    ctx: &Ctx,
    model_id: &str,
) -> Result<
    Option<(
        CatalogEntry,
        std::sync::Arc<runcomfy_client::schema::EndpointSchema>,
        &'static str,
    )>,
    CliError,
> {
    let cache = (!ctx.global.simulate)
        .then(SchemaCache::default_dir)
        .flatten()
        .map(|d| SchemaCache::new(d, CATALOG_CACHE_AGE));
    let resolver = runcomfy_client::resolve::SchemaResolver::new().catalog(ctx.client.clone(), cache, false);
    match resolver.resolve(model_id).await {
        Ok(found) => {
            let origin = match found.origin {
                Origin::Cache { stale: true, .. } => "cache (the catalog could not be reached)",
                Origin::Cache { .. } => "cache",
                _ => "catalog",
            };
            Ok(found.entry.map(|e| (e, found.schema, origin)))
        }
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn describe(entry: &CatalogEntry, schema: &runcomfy_client::schema::EndpointSchema, source: &str) -> String {
    let mut out = format!("{} ({source})\n", entry.model_id);
    if let Some(name) = &entry.display_name {
        out.push_str(&format!("  name: {name}\n"));
    }
    if !entry.categories.is_empty() {
        out.push_str(&format!("  categories: {}\n", entry.categories.join(", ")));
    }
    out.push_str(&format!("  price: {}\n", price_text(entry)));
    if let Some(note) = &entry.pricing_note {
        out.push_str(&format!("  pricing note: {note}\n"));
    }
    out.push_str(&catalog::show(schema));
    out
}

/// `models categories`.
pub async fn categories(ctx: Ctx) -> Result<(), CliError> {
    let list = ctx.client.catalog().categories().await?;
    if ctx.global.json {
        outln!("{}", json!(list));
    } else {
        for c in list {
            outln!("{c}");
        }
    }
    Ok(())
}

/// `schemas pull`.
pub async fn pull(ctx: Ctx, model_ids: Vec<String>, all: bool, dir: PathBuf) -> Result<(), CliError> {
    let (results, listing_error) = if all {
        ctx.client
            .catalog()
            .pull_all(&dir, CatalogQuery::default().kind("model"))
            .await
    } else {
        (ctx.client.catalog().pull(&dir, &model_ids).await, None)
    };
    let mut failed = Vec::new();
    for r in &results {
        match r {
            Ok(path) => outln!("{}", path.display()),
            Err(e) => failed.push(format!("  {}", e.display_chain())),
        }
    }
    if let Some(e) = listing_error {
        failed.push(format!("  the catalog listing stopped: {}", e.display_chain()));
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::new(
            exit::UNAVAILABLE,
            format!("{} schema(s) could not be pulled:\n{}", failed.len(), failed.join("\n")),
        ))
    }
}

/// `schemas check`: exit 1 when any file drifted from the live catalog.
pub async fn check(ctx: Ctx, dir: PathBuf) -> Result<(), CliError> {
    let drifts = ctx.client.catalog().check(&dir).await?;
    let mut drifted = 0;
    for d in &drifts {
        if ctx.global.json {
            outln!(
                "{}",
                json!({
                    "model_id": d.model_id,
                    "path": d.path,
                    "changes": d.changes.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    "error": d.error.as_ref().map(|e| e.display_chain()),
                })
            );
        } else if let Some(e) = &d.error {
            outln!("{}: cannot compare: {}", d.model_id, e.display_chain());
        } else if d.changes.is_empty() {
            ctx.global.note(&format!("{}: in step", d.model_id));
        } else {
            outln!("{} ({}):", d.model_id, d.path.display());
            for c in &d.changes {
                outln!("  {c}");
            }
        }
        drifted += usize::from(d.drifted());
    }
    if drifted == 0 {
        ctx.global
            .note(&format!("schemas: {} file(s) in step with the catalog", drifts.len()));
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
}
