//! `models` (list, search, filter), `models show` and `models categories`: the live catalog,
//! or offline the bundled models and this API base's catalog cache.

use std::sync::Arc;

use futures_util::StreamExt as _;
use runcomfy_client::catalog::CatalogModel;
use runcomfy_client::resolve::Origin;
use runcomfy_client::schema::EndpointSchema;
use runcomfy_client::wire::{CatalogEntry, CatalogQuery};
use serde_json::{Value, json};

use super::batch::report::table;
use crate::args::Global;
use crate::exit::CliError;
use crate::session::{self, Session};
use crate::{describe, flags, text, view};

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

/// The catalog entry of a bundled model, as far as its id tells: no name (a schema's title
/// is not the model's name), no price.
fn bundled_entry(schema: &EndpointSchema) -> CatalogEntry {
    let mut e = CatalogEntry::new(schema.model_id.clone());
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

/// The bundled models and this API base's cached catalog entries (a cached entry wins: it
/// has a name and a price).
fn offline_entries() -> Vec<(CatalogEntry, &'static str)> {
    let cached: Vec<CatalogEntry> = session::configured_cache().map(|c| c.entries()).unwrap_or_default();
    let mut out: Vec<(CatalogEntry, &'static str)> = session::bundled()
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
        (Some(p), Some(u)) => format!("{} USD/{}", text::usd(p), text::line(u.as_str())),
        (Some(p), None) => format!("{} USD", text::usd(p)),
        _ => "-".to_owned(),
    }
}

fn print_entries(global: &Global, entries: &[(CatalogEntry, &str)]) {
    if global.json {
        let rows: Vec<Value> = entries
            .iter()
            .map(|(e, source)| {
                let mut v = e.to_value();
                v["name"] = json!(describe::model_name(e.display_name.as_deref(), &e.model_id));
                v["source"] = json!(source);
                v
            })
            .collect();
        view::json(&Value::Array(rows));
        return;
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|(e, source)| {
            vec![
                text::line(&e.model_id).into_owned(),
                text::line(&e.categories.join(",")).into_owned(),
                price_text(e),
                (*source).to_owned(),
                describe::model_name(e.display_name.as_deref(), &e.model_id),
            ]
        })
        .collect();
    out!("{}", table(&["MODEL", "CATEGORIES", "PRICE", "SOURCE", "NAME"], &rows));
}

/// `models`: the live catalog (with prices), or offline the bundled and cached models.
pub fn list(global: Global, query: Query, offline: bool) -> Result<(), CliError> {
    let limit = query.limit.map_or(usize::MAX, |l| l as usize);
    let offline_list = |query: &Query| -> Vec<(CatalogEntry, &'static str)> {
        offline_entries()
            .into_iter()
            .filter(|(e, _)| query.keeps(e))
            .take(limit)
            .collect()
    };
    if offline || !session::can_connect(&global) {
        if !offline {
            global.note(
                "models: offline (no token): the bundled models and the catalog cache; set RUNCOMFY_TOKEN or pass \
                 --simulate for the live catalog",
            );
        }
        print_entries(&global, &offline_list(&query));
        return Ok(());
    }
    session::block_on(async move {
        let session = Session::connect(global, &[]).await?;
        let stream = session.client.catalog().list_all(query.wire());
        futures_util::pin_mut!(stream);
        let mut entries = Vec::new();
        while entries.len() < limit {
            match stream.next().await {
                Some(Ok(e)) => entries.push((e, "catalog")),
                Some(Err(e)) if entries.is_empty() && e.is_transient() => {
                    session.global.note(&format!(
                        "models: the catalog cannot be reached ({e}); showing the bundled and cached models"
                    ));
                    entries = offline_list(&query);
                    break;
                }
                Some(Err(e)) => return Err(e.into()),
                None => break,
            }
        }
        print_entries(&session.global, &entries);
        Ok(())
    })
}

/// `models show`: the entry (name, categories, price) and every field.
pub fn show(global: Global, model_id: &str, offline: bool) -> Result<(), CliError> {
    let compiled = runcomfy_client::resolve::compiled(model_id);
    let model_id = model_id.to_owned();
    session::block_on(async move {
        if offline || !session::can_connect(&global) {
            if let Some(cached) = session::configured_cache().and_then(|c| c.load(&model_id))
                && let Ok(model) = CatalogModel::from_entry(cached.entry)
            {
                return print_model(&global, &model.entry, &model.schema, "cache");
            }
            let Some(schema) = compiled else {
                return Err(super::unknown_model(
                    &model_id,
                    "offline, only the bundled models and the catalog cache are known",
                    None,
                )
                .await);
            };
            return print_model(&global, &bundled_entry(&schema), &schema, "bundled");
        }
        let session = Session::connect(global, &[]).await?;
        // The live schema: the catalog (or its fresh cache) first, the bundled one if the
        // catalog does not know the model.
        match session.catalog_resolver().resolve(&model_id).await {
            Ok(found) => {
                let origin = match found.origin {
                    Origin::Cache { stale: true, .. } => "cache (the catalog could not be reached)",
                    Origin::Cache { .. } => "cache",
                    _ => "catalog",
                };
                let entry = found.entry.unwrap_or_else(|| bundled_entry(&found.schema));
                print_model(&session.global, &entry, &found.schema, origin)
            }
            Err(e) if e.is_not_found() => match compiled {
                Some(schema) => print_model(&session.global, &bundled_entry(&schema), &schema, "bundled"),
                None => Err(super::unknown_model(&model_id, "not in the catalog", Some(&session)).await),
            },
            Err(e) => Err(e.into()),
        }
    })
}

/// One model, as text or as one JSON document (the entry, the flags, the schema as standard
/// JSON Schema).
fn print_model(
    global: &Global,
    entry: &CatalogEntry,
    schema: &Arc<EndpointSchema>,
    source: &str,
) -> Result<(), CliError> {
    let names = flags::flag_names(schema, &crate::args::reserved_long_names());
    let flag_of = |property: &str| -> String {
        names
            .iter()
            .find(|(p, _)| p == property)
            .map(|(_, f)| f.clone())
            .unwrap_or_default()
    };
    if global.json {
        let mut v = entry.to_value();
        v["name"] = json!(describe::model_name(entry.display_name.as_deref(), &entry.model_id));
        v["source"] = json!(source);
        v["input"] = json!(describe::input_kind(schema));
        v["fields"] = Value::Array(
            schema
                .input
                .properties
                .iter()
                .map(|p| {
                    json!({
                        "name": p.name,
                        "flag": format!("--{}", flag_of(&p.name)),
                        "required": p.required,
                        "type": describe::type_name(&p.schema.kind),
                        "constraints": describe::constraints(&p.schema.kind),
                        "default": p.schema.docs.default,
                        "description": p.schema.docs.description,
                    })
                })
                .collect(),
        );
        v["input_schema"] = schema.to_json_schema();
        view::json(&v);
        return Ok(());
    }
    let mut out = format!("{} ({source})\n", text::line(&entry.model_id));
    out.push_str(&format!(
        "  name: {}\n",
        describe::model_name(entry.display_name.as_deref(), &entry.model_id)
    ));
    if !entry.categories.is_empty() {
        out.push_str(&format!("  categories: {}\n", text::line(&entry.categories.join(", "))));
    }
    out.push_str(&format!("  price: {}\n", price_text(entry)));
    if let Some(note) = &entry.pricing_note {
        out.push_str(&format!("  pricing note: {}\n", describe::one_line(note)));
    }
    if let Some(desc) = &schema.docs.description {
        out.push_str(&format!("  {}\n", describe::one_line(desc)));
    }
    out.push_str(&describe::fields(schema, &flag_of));
    out!("{out}");
    Ok(())
}

/// `models categories`.
pub fn categories(global: Global) -> Result<(), CliError> {
    session::block_on(async move {
        let session = Session::connect(global, &[]).await?;
        let list = session.client.catalog().categories().await?;
        if session.global.json {
            view::json(&json!(list));
        } else {
            for c in list {
                outln!("{}", text::line(&c));
            }
        }
        Ok(())
    })
}
