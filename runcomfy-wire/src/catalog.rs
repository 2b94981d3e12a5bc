//! The model catalog: its routes, query, entries and answers.
//!
//! ```text
//! GET /v1/models?search=&category=&kind=&include_schema=true&limit=&offset=
//!     -> {"models": [entry, ...], "total": n}
//! GET /v1/models/categories      -> {"categories": ["text-to-image", ...]}
//! GET /v1/models/{model_id}      -> entry (with input_schema)
//! ```
//!
//! An entry is `{model_id, display_name, categories, kind, base_price_usd, price_unit,
//! pricing_note?, input_schema?}`. Model ids have 2 or more segments, so
//! `/v1/models/categories` can never be a model.
//!
//! # What the parsers accept, and what they assume
//!
//! Servers are written with the constructors and `to_value`; clients read answers with the
//! `parse` functions, which are tolerant where tolerance is harmless and strict where a
//! hostile or broken server could make a client misbehave:
//!
//! * unknown fields are ignored; optional fields that are missing, `null` or of the wrong
//!   type are absent (`None`, or no categories), never an error;
//! * `model_id` must be a usable model id ([`check_model_id`]): it is what a client puts in
//!   a URL and in a file path (`<dir>/<model_id>.json`), so `..`, `/x`, `a\b` or control
//!   characters are refused; an entry without one is skipped and reported
//!   ([`ModelList::skipped`]);
//! * the single-model answer must be about the model asked for ([`CatalogEntry::parse_for`]);
//! * text meant for people (`display_name`, `categories`, `kind`, `pricing_note`) has its
//!   control characters (terminal escapes included) replaced by U+FFFD, so printing it cannot
//!   drive a terminal;
//! * prices are kept only when finite and non-negative (a number, or a string holding one);
//! * paging cannot loop forever: [`ModelList::next_offset`] ends on an empty page, at `total`,
//!   and after [`MAX_CATALOG_ENTRIES`] entries, whatever the server says;
//! * `input_schema` is kept as raw JSON when it is an object (anything else is absent); it is
//!   parsed later by the schema dialect parser, with its own diagnostics.
//!
//! Sizes are **not** bounded here: a client reads answers with a byte cap (the client
//! library's is 8 MiB) before they reach these parsers, and that cap bounds every string and
//! list in them.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::answer::quote;

/// The path segment of every catalog route after the base URL (`.../v1`).
pub const MODELS_SEGMENT: &str = "models";

/// The last segment of the categories route (`/v1/models/categories`).
pub const CATEGORIES_SEGMENT: &str = "categories";

/// The longest model id accepted, in bytes. Real ids are well under 100.
pub const MAX_MODEL_ID_LEN: usize = 256;

/// The most catalog entries a client pages through ([`ModelList::next_offset`] stops there):
/// the real catalog holds several hundred; a server announcing more is broken or hostile.
pub const MAX_CATALOG_ENTRIES: u64 = 100_000;

/// The segments of the list route after the base URL: `["models"]`.
pub const fn list_segments() -> [&'static str; 1] {
    [MODELS_SEGMENT]
}

/// The segments of the categories route after the base URL: `["models", "categories"]`.
pub const fn categories_segments() -> [&'static str; 2] {
    [MODELS_SEGMENT, CATEGORIES_SEGMENT]
}

/// The segments of the single-model route after the base URL: `["models", "owner", ...]`,
/// once the id passed [`check_model_id`] (build the URL from segments, which escapes).
///
/// ```
/// let segments: Vec<&str> = runcomfy_wire::catalog::model_segments("aidc-ai/ovis-image").unwrap().collect();
/// assert_eq!(segments, ["models", "aidc-ai", "ovis-image"]);
/// assert!(runcomfy_wire::catalog::model_segments("../etc").is_err());
/// ```
pub fn model_segments(model_id: &str) -> Result<impl Iterator<Item = &str>, String> {
    check_model_id(model_id)?;
    Ok(std::iter::once(MODELS_SEGMENT).chain(model_id.split('/')))
}

/// Checks a model id as it comes from a server or a user, before it goes into a URL or a
/// file path: at most [`MAX_MODEL_ID_LEN`] bytes, at least 2 `/`-separated segments, each
/// made of ASCII letters, digits, `.`, `-` and `_` and starting with a letter or a digit
/// (so never `.` or `..`). The same character rules as the schema folder's model ids.
///
/// ```
/// use runcomfy_wire::catalog::check_model_id;
/// for ok in ["aidc-ai/ovis-image", "bytedance/seedance-2.5/image-to-video/1080p", "kling/kling-video-o3/4K/image-to-video"] {
///     assert!(check_model_id(ok).is_ok(), "{ok}");
/// }
/// for bad in ["", "flux", "a//b", "../x/y", "a/./b", "a/b/", "/a/b", "a/b c", "a/b\u{1b}[2J", "a\\b/c"] {
///     assert!(check_model_id(bad).is_err(), "{bad:?}");
/// }
/// ```
pub fn check_model_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("the model id is empty".to_owned());
    }
    if id.len() > MAX_MODEL_ID_LEN {
        return Err(format!(
            "the model id is {} bytes long, more than the {MAX_MODEL_ID_LEN} accepted",
            id.len()
        ));
    }
    if !id.contains('/') {
        return Err(format!(
            "model id {} has 1 segment; model ids are owner/model[/...] paths",
            quote(id)
        ));
    }
    for seg in id.split('/') {
        let Some(first) = seg.chars().next() else {
            return Err(format!("model id {} has an empty segment", quote(id)));
        };
        if !first.is_ascii_alphanumeric() {
            return Err(format!(
                "model id segment {} must start with an ASCII letter or digit",
                quote(seg)
            ));
        }
        if let Some(c) = seg
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        {
            return Err(format!(
                "model id segment {} holds {c:?}; allowed are ASCII letters, digits, '.', '-', '_'",
                quote(seg)
            ));
        }
    }
    Ok(())
}

/// The query of `GET /v1/models`: every parameter optional.
///
/// ```
/// use runcomfy_wire::CatalogQuery;
/// let q = CatalogQuery::default().search("red fox").category("text-to-image").include_schema(true).limit(20);
/// assert_eq!(q.to_query_string(), "search=red+fox&category=text-to-image&include_schema=true&limit=20");
/// assert_eq!(CatalogQuery::parse(&q.to_query_string()).unwrap(), q);
/// assert!(CatalogQuery::parse("limit=ten").is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogQuery {
    /// `search`: a case-insensitive substring of the model id or display name.
    pub search: Option<String>,
    /// `category`: entries listing this category.
    pub category: Option<String>,
    /// `kind`: entries of this kind (`model`).
    pub kind: Option<String>,
    /// `include_schema=true`: every entry carries its `input_schema`.
    pub include_schema: bool,
    /// `limit`: the most entries in the page (a server may clamp it).
    pub limit: Option<u32>,
    /// `offset`: entries to skip.
    pub offset: Option<u64>,
}

impl CatalogQuery {
    /// Sets `search`.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// Sets `category`.
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }

    /// Sets `kind`.
    pub fn kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = Some(kind.into());
        self
    }

    /// Sets `include_schema`.
    pub fn include_schema(mut self, include: bool) -> Self {
        self.include_schema = include;
        self
    }

    /// Sets `limit`.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Sets `offset`.
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// The parameters that are set, in the order `search`, `category`, `kind`,
    /// `include_schema` (only when true), `limit`, `offset`, unescaped (for
    /// `Url::query_pairs_mut` and the like). Empty strings are left out.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut text = |key: &'static str, v: &Option<String>| {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                out.push((key, v.to_owned()));
            }
        };
        text("search", &self.search);
        text("category", &self.category);
        text("kind", &self.kind);
        if self.include_schema {
            out.push(("include_schema", "true".to_owned()));
        }
        if let Some(limit) = self.limit {
            out.push(("limit", limit.to_string()));
        }
        if let Some(offset) = self.offset {
            out.push(("offset", offset.to_string()));
        }
        out
    }

    /// The query string, form-encoded, without the `?` (empty when nothing is set).
    pub fn to_query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.pairs() {
            s.append_pair(k, &v);
        }
        s.finish()
    }

    /// Reads a query string (without the `?`), as a server does. Unknown parameters are
    /// ignored, empty values are unset, a repeated parameter keeps its last value.
    /// `include_schema` takes `true`/`false`/`1`/`0` (any case); `limit` and `offset`
    /// take decimal integers (a `limit` beyond `u32::MAX` is `u32::MAX`). Anything else is
    /// an error naming the parameter.
    pub fn parse(query: &str) -> Result<CatalogQuery, String> {
        let mut q = CatalogQuery::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            let text = (!value.is_empty()).then(|| value.to_owned());
            let number = |what: &str| -> Result<Option<u64>, String> {
                if value.is_empty() {
                    return Ok(None);
                }
                value
                    .parse::<u64>()
                    .map(Some)
                    .map_err(|_| format!("`{what}` must be a non-negative integer, not {}", quote(value)))
            };
            match key.as_ref() {
                "search" => q.search = text,
                "category" => q.category = text,
                "kind" => q.kind = text,
                "include_schema" => {
                    q.include_schema = match value.to_ascii_lowercase().as_str() {
                        "true" | "1" => true,
                        "false" | "0" | "" => false,
                        _ => {
                            return Err(format!("`include_schema` must be true or false, not {}", quote(value)));
                        }
                    }
                }
                "limit" => q.limit = number("limit")?.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
                "offset" => q.offset = number("offset")?,
                _ => {}
            }
        }
        Ok(q)
    }
}

/// How a model's price is counted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PriceUnit {
    /// `output`: the base price per output file.
    Output,
    /// `second`: the base price per second of the request's `duration`.
    Second,
    /// A unit this contract does not know, kept as sent (no estimate is made from it).
    Other(String),
}

impl PriceUnit {
    /// The word on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            PriceUnit::Output => "output",
            PriceUnit::Second => "second",
            PriceUnit::Other(s) => s,
        }
    }

    /// Reads a unit word: `output`/`outputs`, `second`/`seconds` (any case, trimmed); any
    /// other word is [`PriceUnit::Other`] with control characters replaced.
    pub fn parse(word: &str) -> PriceUnit {
        let w = word.trim();
        if w.eq_ignore_ascii_case("output") || w.eq_ignore_ascii_case("outputs") {
            PriceUnit::Output
        } else if w.eq_ignore_ascii_case("second") || w.eq_ignore_ascii_case("seconds") {
            PriceUnit::Second
        } else {
            PriceUnit::Other(clean(w))
        }
    }
}

impl Serialize for PriceUnit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What kind of file a model produces, read from its categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputKind {
    /// A category ending in `image`.
    Image,
    /// A category ending in `video`.
    Video,
    /// A category ending in `audio`.
    Audio,
}

impl OutputKind {
    /// The output kind a category names by its ending (`text-to-image` -> image,
    /// `image-to-video` -> video, `text-to-audio` -> audio; any case), if any.
    pub fn from_category(category: &str) -> Option<OutputKind> {
        let c = category.trim().to_ascii_lowercase();
        if c.ends_with("image") {
            Some(OutputKind::Image)
        } else if c.ends_with("video") {
            Some(OutputKind::Video)
        } else if c.ends_with("audio") {
            Some(OutputKind::Audio)
        } else {
            None
        }
    }

    /// `image`, `video` or `audio`.
    pub const fn as_str(self) -> &'static str {
        match self {
            OutputKind::Image => "image",
            OutputKind::Video => "video",
            OutputKind::Audio => "audio",
        }
    }
}

/// One model of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogEntry {
    /// The model id (checked by [`check_model_id`] when parsed).
    pub model_id: String,
    /// `display_name`, for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// `categories` (`text-to-image`, ...); empty when the server sent none.
    pub categories: Vec<String>,
    /// `kind` (`model` for hosted model endpoints).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `base_price_usd`: USD per [`CatalogEntry::price_unit`]; only a finite, non-negative
    /// number is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_price_usd: Option<f64>,
    /// `price_unit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_unit: Option<PriceUnit>,
    /// `pricing_note`, for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing_note: Option<String>,
    /// `input_schema`, raw (a JSON object), when the answer carries it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_schema: Option<Value>,
}

impl CatalogEntry {
    /// An entry with only its model id set.
    pub fn new(model_id: impl Into<String>) -> CatalogEntry {
        CatalogEntry {
            model_id: model_id.into(),
            display_name: None,
            categories: Vec::new(),
            kind: None,
            base_price_usd: None,
            price_unit: None,
            pricing_note: None,
            input_schema: None,
        }
    }

    /// The name to show: `display_name`, or the model id without one.
    pub fn name(&self) -> &str {
        self.display_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.model_id)
    }

    /// The output kind, from the first category whose ending names one
    /// ([`OutputKind::from_category`]); `None` when no category does.
    ///
    /// ```
    /// use runcomfy_wire::CatalogEntry;
    /// use runcomfy_wire::catalog::OutputKind;
    /// let mut e = CatalogEntry::new("kling/kling-video-o3/4K/image-to-video");
    /// e.categories = vec!["featured".into(), "image-to-video".into()];
    /// assert_eq!(e.output_kind(), Some(OutputKind::Video));
    /// e.categories = vec!["reframe".into()];
    /// assert_eq!(e.output_kind(), None);
    /// ```
    pub fn output_kind(&self) -> Option<OutputKind> {
        self.categories.iter().find_map(|c| OutputKind::from_category(c))
    }

    /// The estimated price of a request in USD, rounded to a millionth: with unit `output`,
    /// the base price times `outputs`; with unit `second`, the base price times `seconds`
    /// (the caller reads them from the request: `runcomfy_schema::requested`), `None` without it.
    /// `None` too without a price, a unit, or with a unit this contract does not know.
    ///
    /// ```
    /// use runcomfy_wire::{CatalogEntry, PriceUnit};
    /// let mut e = CatalogEntry::new("a/b/image-to-video");
    /// e.base_price_usd = Some(0.05);
    /// e.price_unit = Some(PriceUnit::Second);
    /// assert_eq!(e.estimate_usd(1, Some(10.0)), Some(0.5));
    /// assert_eq!(e.estimate_usd(1, None), None);
    /// e.price_unit = Some(PriceUnit::Output);
    /// assert_eq!(e.estimate_usd(3, None), Some(0.15));
    /// ```
    pub fn estimate_usd(&self, outputs: u64, seconds: Option<f64>) -> Option<f64> {
        let base = self.base_price_usd.filter(|p| p.is_finite() && *p >= 0.0)?;
        let amount = match self.price_unit.as_ref()? {
            PriceUnit::Output => base * outputs as f64,
            PriceUnit::Second => base * seconds.filter(|s| s.is_finite() && *s >= 0.0)?,
            PriceUnit::Other(_) => return None,
        };
        Some(round_usd(amount)).filter(|a| a.is_finite())
    }

    /// The entry as JSON (absent optional fields left out).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Reads one entry of a list answer. It must be an object with a usable `model_id`
    /// ([`check_model_id`]); everything else is optional (see the module documentation).
    ///
    /// ```
    /// use runcomfy_wire::{CatalogEntry, PriceUnit};
    /// let e = CatalogEntry::parse(&serde_json::json!({
    ///     "model_id": "aidc-ai/ovis-image", "display_name": "Ovis\u{1b}[31m Image",
    ///     "categories": ["text-to-image", 7], "base_price_usd": "0.01",
    ///     "price_unit": "per-megapixel", "rating": 5,
    /// })).unwrap();
    /// assert_eq!(e.display_name.as_deref(), Some("Ovis\u{fffd}[31m Image"));
    /// assert_eq!(e.categories, ["text-to-image"]);
    /// assert_eq!(e.base_price_usd, Some(0.01));
    /// assert_eq!(e.price_unit, Some(PriceUnit::Other("per-megapixel".into())));
    /// assert!(CatalogEntry::parse(&serde_json::json!({"model_id": "../../x"})).is_err());
    /// ```
    pub fn parse(v: &Value) -> Result<CatalogEntry, String> {
        let obj = object(v, "catalog entry")?;
        let model_id = match obj.get("model_id") {
            Some(Value::String(s)) => s,
            Some(other) => {
                return Err(format!(
                    "the entry's model_id is not a string: {}",
                    quote(&other.to_string())
                ));
            }
            None => return Err("the entry has no model_id".to_owned()),
        };
        check_model_id(model_id).map_err(|e| format!("the entry's model id {} is unusable: {e}", quote(model_id)))?;
        Ok(CatalogEntry {
            model_id: model_id.clone(),
            display_name: text(obj, "display_name"),
            categories: strings(obj.get("categories")).0,
            kind: text(obj, "kind"),
            base_price_usd: obj.get("base_price_usd").and_then(price),
            price_unit: obj.get("price_unit").and_then(Value::as_str).map(PriceUnit::parse),
            pricing_note: text(obj, "pricing_note"),
            input_schema: obj.get("input_schema").filter(|s| s.is_object()).cloned(),
        })
    }

    /// Reads the answer of `GET /v1/models/{model_id}` for `model_id`: an entry as
    /// [`CatalogEntry::parse`] reads it, whose `model_id`, when present, must be the one asked
    /// for (a server cannot answer for another model); without one, the asked id is used.
    ///
    /// ```
    /// use runcomfy_wire::CatalogEntry;
    /// let v = serde_json::json!({"display_name": "Ovis", "input_schema": {"type": "object"}});
    /// let e = CatalogEntry::parse_for(&v, "aidc-ai/ovis-image").unwrap();
    /// assert_eq!(e.model_id, "aidc-ai/ovis-image");
    /// assert!(e.input_schema.is_some());
    /// let other = serde_json::json!({"model_id": "x/y"});
    /// assert!(CatalogEntry::parse_for(&other, "aidc-ai/ovis-image").is_err());
    /// ```
    pub fn parse_for(v: &Value, model_id: &str) -> Result<CatalogEntry, String> {
        check_model_id(model_id)?;
        let obj = object(v, "model")?;
        match obj.get("model_id") {
            None | Some(Value::Null) => {
                let mut with_id = obj.clone();
                with_id.insert("model_id".to_owned(), Value::String(model_id.to_owned()));
                CatalogEntry::parse(&Value::Object(with_id))
            }
            Some(Value::String(s)) if s == model_id => CatalogEntry::parse(v),
            Some(other) => Err(format!(
                "asked for model {}, the server answered for {}",
                quote(model_id),
                quote(&other.as_str().map_or_else(|| other.to_string(), str::to_owned))
            )),
        }
    }
}

/// The answer of `GET /v1/models`: `{"models": [...], "total": n}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelList {
    /// The usable entries of this page, in the server's order.
    pub models: Vec<CatalogEntry>,
    /// `total`: how many entries match the query over all pages, if the server said.
    pub total: Option<u64>,
    /// How many entries the page held, usable or not (what paging counts).
    pub received: usize,
    /// Why entries were left out (one line each: position and reason).
    pub skipped: Vec<String>,
}

impl ModelList {
    /// A page of `models` out of `total` matching entries (for servers).
    pub fn new(models: Vec<CatalogEntry>, total: u64) -> ModelList {
        ModelList {
            received: models.len(),
            models,
            total: Some(total),
            skipped: Vec::new(),
        }
    }

    /// The answer as JSON: `{"models": [...], "total": n}`.
    pub fn to_value(&self) -> Value {
        let models: Vec<Value> = self.models.iter().map(CatalogEntry::to_value).collect();
        let mut out = json!({ "models": models });
        if let Some(total) = self.total {
            out["total"] = json!(total);
        }
        out
    }

    /// Reads a list answer: an object whose `models` is an array (a bare array is accepted
    /// too). Entries that are not usable ([`CatalogEntry::parse`]) are left out and listed in
    /// [`ModelList::skipped`]; `total` is kept when it is a non-negative integer.
    ///
    /// ```
    /// use runcomfy_wire::ModelList;
    /// let page = ModelList::parse(&serde_json::json!({
    ///     "models": [{"model_id": "a/b"}, {"model_id": "/etc/passwd"}, 5],
    ///     "total": 10,
    /// })).unwrap();
    /// assert_eq!((page.models.len(), page.received, page.skipped.len()), (1, 3, 2));
    /// assert_eq!(page.next_offset(0), Some(3));
    /// assert!(ModelList::parse(&serde_json::json!({"total": 3})).is_err());
    /// ```
    pub fn parse(v: &Value) -> Result<ModelList, String> {
        let (items, total) = match v {
            Value::Array(items) => (items, None),
            Value::Object(obj) => match obj.get("models") {
                Some(Value::Array(items)) => (items, obj.get("total").and_then(Value::as_u64)),
                Some(other) => {
                    return Err(format!(
                        "the list answer's models is not an array: {}",
                        quote(&other.to_string())
                    ));
                }
                None => return Err("the list answer has no models".to_owned()),
            },
            other => {
                return Err(format!(
                    "the list answer is not a JSON object: {}",
                    quote(&other.to_string())
                ));
            }
        };
        let mut models = Vec::with_capacity(items.len());
        let mut skipped = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match CatalogEntry::parse(item) {
                Ok(e) => models.push(e),
                Err(e) => skipped.push(format!("entry {i}: {e}")),
            }
        }
        Ok(ModelList {
            models,
            total,
            received: items.len(),
            skipped,
        })
    }

    /// The offset of the next page after this one, fetched at `offset`; `None` when paging
    /// is over: this page was empty, `offset + received` reached `total`, or
    /// [`MAX_CATALOG_ENTRIES`]. Pages advance by what was received, since a server may clamp
    /// `limit`.
    ///
    /// ```
    /// use runcomfy_wire::{CatalogEntry, ModelList};
    /// let page = ModelList::new(vec![CatalogEntry::new("a/b"), CatalogEntry::new("a/c")], 5);
    /// assert_eq!(page.next_offset(0), Some(2));
    /// assert_eq!(page.next_offset(3), None);
    /// assert_eq!(ModelList::new(vec![], 5).next_offset(0), None);
    /// ```
    pub fn next_offset(&self, offset: u64) -> Option<u64> {
        if self.received == 0 {
            return None;
        }
        let next = offset.saturating_add(self.received as u64);
        if self.total.is_some_and(|t| next >= t) || next >= MAX_CATALOG_ENTRIES {
            return None;
        }
        Some(next)
    }
}

/// The answer of `GET /v1/models/categories`: `{"categories": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryList {
    /// The categories, in the server's order (control characters replaced).
    pub categories: Vec<String>,
    /// How many items were left out because they were not strings.
    pub skipped: usize,
}

impl CategoryList {
    /// A categories answer (for servers).
    pub fn new(categories: Vec<String>) -> CategoryList {
        CategoryList { categories, skipped: 0 }
    }

    /// The answer as JSON.
    pub fn to_value(&self) -> Value {
        json!({ "categories": self.categories })
    }

    /// Reads a categories answer: an object whose `categories` is an array (a bare array is
    /// accepted too); items that are not strings are counted in [`CategoryList::skipped`].
    ///
    /// ```
    /// use runcomfy_wire::CategoryList;
    /// let c = CategoryList::parse(&serde_json::json!({"categories": ["text-to-image", null, "image-to-video"]})).unwrap();
    /// assert_eq!((c.categories.len(), c.skipped), (2, 1));
    /// assert!(CategoryList::parse(&serde_json::json!({"categories": "x"})).is_err());
    /// ```
    pub fn parse(v: &Value) -> Result<CategoryList, String> {
        let list = match v {
            Value::Array(_) => v,
            Value::Object(obj) => match obj.get("categories") {
                Some(list @ Value::Array(_)) => list,
                Some(other) => {
                    return Err(format!(
                        "the categories answer's categories is not an array: {}",
                        quote(&other.to_string())
                    ));
                }
                None => return Err("the categories answer has no categories".to_owned()),
            },
            other => {
                return Err(format!(
                    "the categories answer is not a JSON object: {}",
                    quote(&other.to_string())
                ));
            }
        };
        let (categories, skipped) = strings(Some(list));
        Ok(CategoryList { categories, skipped })
    }
}

/// `amount` rounded to a millionth of a dollar.
pub fn round_usd(amount: f64) -> f64 {
    (amount * 1e6).round() / 1e6
}

fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object()
        .ok_or_else(|| format!("the {what} is not a JSON object: {}", quote(&v.to_string())))
}

/// `s` with every control character replaced by U+FFFD.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect()
}

fn text(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key).and_then(Value::as_str).map(clean)
}

/// The strings of an array (cleaned) and how many items were not strings; a lone string is
/// a list of one.
fn strings(v: Option<&Value>) -> (Vec<String>, usize) {
    match v {
        Some(Value::Array(items)) => {
            let list: Vec<String> = items.iter().filter_map(Value::as_str).map(clean).collect();
            let skipped = items.len() - list.len();
            (list, skipped)
        }
        Some(Value::String(s)) => (vec![clean(s)], 0),
        _ => (Vec::new(), 0),
    }
}

fn price(v: &Value) -> Option<f64> {
    let p = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (p.is_finite() && p >= 0.0).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_tolerate_what_servers_send() {
        let mut e = CatalogEntry::new("runwayml/runway-gen-4/turbo/image-to-video");
        e.display_name = Some("Runway Gen-4 Turbo".into());
        e.categories = vec!["image-to-video".into()];
        e.kind = Some("model".into());
        e.base_price_usd = Some(0.05);
        e.price_unit = Some(PriceUnit::Second);
        e.input_schema = Some(json!({"type": "object", "properties": {}}));
        let v = e.to_value();
        assert_eq!(v["price_unit"], "second");
        assert!(v.get("pricing_note").is_none());
        assert_eq!(CatalogEntry::parse(&v).unwrap(), e);
        // Wrong types for optional fields are absence, not errors.
        let odd = json!({
            "model_id": "a/b", "display_name": 5, "categories": {"x": 1}, "kind": null,
            "base_price_usd": -1, "price_unit": 3, "pricing_note": ["x"], "input_schema": "text",
        });
        assert_eq!(CatalogEntry::parse(&odd).unwrap(), CatalogEntry::new("a/b"));
        for bad_price in [json!("NaN"), json!("inf"), json!(true), json!("-0.5")] {
            let v = json!({"model_id": "a/b", "base_price_usd": bad_price});
            assert_eq!(CatalogEntry::parse(&v).unwrap().base_price_usd, None, "{v}");
        }
        assert_eq!(PriceUnit::parse(" Seconds "), PriceUnit::Second);
        assert_eq!(PriceUnit::parse("OUTPUT"), PriceUnit::Output);
        assert!(CatalogEntry::parse(&json!({"model_id": 5})).is_err());
        assert!(CatalogEntry::parse(&json!("a/b")).is_err());
        assert_eq!(CatalogEntry::new("a/b").name(), "a/b");
    }

    #[test]
    fn estimates_need_a_price_a_known_unit_and_for_seconds_a_duration() {
        let mut e = CatalogEntry::new("a/b");
        assert_eq!(e.estimate_usd(1, Some(5.0)), None);
        e.base_price_usd = Some(0.003);
        assert_eq!(e.estimate_usd(1, Some(5.0)), None, "no unit");
        e.price_unit = Some(PriceUnit::Other("megapixel".into()));
        assert_eq!(e.estimate_usd(1, Some(5.0)), None);
        e.price_unit = Some(PriceUnit::Output);
        assert_eq!(e.estimate_usd(4, None), Some(0.012));
        e.price_unit = Some(PriceUnit::Second);
        assert_eq!(e.estimate_usd(1, Some(f64::NAN)), None);
        assert_eq!(e.estimate_usd(1, Some(7.5)), Some(0.0225));
    }

    #[test]
    fn queries_render_and_parse() {
        assert_eq!(CatalogQuery::default().to_query_string(), "");
        let q = CatalogQuery::parse("search=Red%20Fox&kind=model&offset=40&limit=&include_schema=TRUE&x=1").unwrap();
        assert_eq!(
            q,
            CatalogQuery::default()
                .search("Red Fox")
                .kind("model")
                .offset(40)
                .include_schema(true)
        );
        assert_eq!(CatalogQuery::parse("limit=99999999999").unwrap().limit, Some(u32::MAX));
        for bad in ["limit=-1", "offset=1.5", "include_schema=maybe", "limit=%FF"] {
            let err = CatalogQuery::parse(bad).unwrap_err();
            assert!(err.contains(bad.split('=').next().unwrap()), "{bad}: {err}");
        }
        let q = CatalogQuery::default().search("a&b=c").category("text-to-image");
        assert_eq!(CatalogQuery::parse(&q.to_query_string()).unwrap(), q);
    }

    #[test]
    fn paging_cannot_loop_forever() {
        let page = |n: usize, total: Option<u64>| ModelList {
            models: Vec::new(),
            total,
            received: n,
            skipped: Vec::new(),
        };
        assert_eq!(page(50, None).next_offset(0), Some(50));
        assert_eq!(page(50, Some(u64::MAX)).next_offset(MAX_CATALOG_ENTRIES - 50), None);
        assert_eq!(page(50, Some(120)).next_offset(100), None);
        assert_eq!(page(0, Some(1000)).next_offset(0), None);
        assert_eq!(page(10, Some(5)).next_offset(0), None);
        let v = json!({"models": [], "total": -3});
        assert_eq!(ModelList::parse(&v).unwrap().total, None);
    }

    #[test]
    fn output_kinds_from_category_endings() {
        assert_eq!(OutputKind::from_category("text-to-image"), Some(OutputKind::Image));
        assert_eq!(OutputKind::from_category("Image-To-Video"), Some(OutputKind::Video));
        assert_eq!(OutputKind::from_category("text-to-audio"), Some(OutputKind::Audio));
        assert_eq!(OutputKind::from_category("video-to-text"), None);
        assert_eq!(OutputKind::Video.as_str(), "video");
    }

    #[test]
    fn routes() {
        assert_eq!(list_segments(), ["models"]);
        assert_eq!(categories_segments(), ["models", "categories"]);
        assert!(check_model_id("categories").is_err(), "never a model id");
        assert!(check_model_id(&format!("a/{}", "b".repeat(MAX_MODEL_ID_LEN))).is_err());
    }
}
