//! The simulator's model catalog: one entry per served schema, with metadata from an optional
//! sidecar file and defaults derived from the model id.
//!
//! # Sidecars
//!
//! Next to `<dir>/<model_id>.json` a file `<dir>/<model_id>.meta.json` may give the entry's
//! metadata; every field is optional and unknown fields are an error (a typo must not be
//! silently ignored):
//!
//! ```json
//! {
//!   "display_name": "Runway Gen-4 Turbo",
//!   "categories": ["image-to-video"],
//!   "kind": "model",
//!   "base_price_usd": 0.05,
//!   "price_unit": "second",
//!   "pricing_note": "billed per second of video",
//!   "output_kind": "video"
//! }
//! ```
//!
//! `price_unit` may be any word (`output` and `second` are the known ones; another word is
//! served as is, for clients to cope with). The schema loader skips `*.meta.json` files, so a
//! sidecar is never read as a schema. A sidecar that is not valid, or that has no schema
//! beside it, stops the simulator from starting with a message naming the file.
//! [`crate::SimConfig::model_meta`] gives the same metadata in code (its fields win over a
//! sidecar's).
//!
//! # Defaults
//!
//! * `display_name`: the id's segments after the owner, split at `-` and `_`, lowercase words
//!   capitalised (`to` kept): `runwayml/runway-gen-4/turbo/image-to-video` ->
//!   `Runway Gen 4 Turbo Image to Video`;
//! * `categories` and the output kind: inferred from the schema and the id
//!   ([`crate::infer_profile`]: `image-to-video`, `text-to-audio`, ...);
//! * `kind`: `model`;
//! * price, from the output kind: images 0.003 USD per output, video 0.05 USD per second,
//!   audio 0.002 USD per second.
//!
//! The output kind (what a job renders) is the sidecar's `output_kind` (simulator-only, not
//! served in the entry), else the first of the entry's categories whose ending names one,
//! else the inferred kind.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use runcomfy_wire::catalog::{CatalogEntry, CatalogQuery, CategoryList, ModelList, OutputKind, PriceUnit};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::profile::OutputProfile;

/// The file name ending of a metadata sidecar.
pub const SIDECAR_SUFFIX: &str = ".meta.json";

/// Entries in a page when the query gives no `limit`.
pub const DEFAULT_LIMIT: u32 = 50;

/// The most entries in a page; a larger `limit` is clamped to it.
pub const MAX_LIMIT: u32 = 200;

/// The largest sidecar file read, in bytes.
const MAX_SIDECAR_BYTES: u64 = 1024 * 1024;

/// A model's catalog metadata, as a sidecar file (`<model_id>.meta.json`) or
/// [`crate::SimConfig::model_meta`] gives it. Every field is optional; unset fields get the
/// derived defaults (see the module documentation).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelMeta {
    /// `display_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// `categories`, e.g. `["text-to-image"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// `kind`, e.g. `model`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `base_price_usd`: a finite, non-negative number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_price_usd: Option<f64>,
    /// `price_unit`: `output`, `second`, or any other word (served as is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_unit: Option<String>,
    /// `pricing_note`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing_note: Option<String>,
    /// What a job renders, `image`, `video` or `audio` (any case): the simulator's own field,
    /// not served in the catalog entry. Wins over the categories and the inference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_kind: Option<String>,
}

impl ModelMeta {
    /// Problems with the values (empty strings, control characters, a negative price).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut text = |name: &str, v: &str| {
            if v.trim().is_empty() {
                out.push(format!("`{name}` is empty"));
            } else if v.chars().any(char::is_control) {
                out.push(format!("`{name}` holds a control character"));
            }
        };
        for (name, v) in [
            ("display_name", &self.display_name),
            ("kind", &self.kind),
            ("price_unit", &self.price_unit),
            ("pricing_note", &self.pricing_note),
        ] {
            if let Some(v) = v {
                text(name, v);
            }
        }
        for c in self.categories.iter().flatten() {
            text("categories", c);
        }
        if let Some(k) = &self.output_kind
            && self.output_kind().is_none()
        {
            out.push(format!("`output_kind` must be image, video or audio, not {k:?}"));
        }
        if let Some(p) = self.base_price_usd
            && !(p.is_finite() && p >= 0.0)
        {
            out.push(format!("`base_price_usd` must be a non-negative number, not {p}"));
        }
        out
    }

    /// The output kind [`ModelMeta::output_kind`] names, if it names one.
    pub fn output_kind(&self) -> Option<OutputKind> {
        match self.output_kind.as_deref()?.trim().to_ascii_lowercase().as_str() {
            "image" => Some(OutputKind::Image),
            "video" => Some(OutputKind::Video),
            "audio" => Some(OutputKind::Audio),
            _ => None,
        }
    }

    /// `self` with every field that `over` sets replaced by `over`'s.
    pub fn overridden_by(&self, over: &ModelMeta) -> ModelMeta {
        ModelMeta {
            display_name: over.display_name.clone().or_else(|| self.display_name.clone()),
            categories: over.categories.clone().or_else(|| self.categories.clone()),
            kind: over.kind.clone().or_else(|| self.kind.clone()),
            base_price_usd: over.base_price_usd.or(self.base_price_usd),
            price_unit: over.price_unit.clone().or_else(|| self.price_unit.clone()),
            pricing_note: over.pricing_note.clone().or_else(|| self.pricing_note.clone()),
            output_kind: over.output_kind.clone().or_else(|| self.output_kind.clone()),
        }
    }
}

/// One served model: its catalog entry (with `input_schema`), what it renders and its price.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub(crate) entry: CatalogEntry,
    pub(crate) output_kind: OutputKind,
    /// What the schema says about counts and lengths.
    pub(crate) profile: OutputProfile,
}

impl Model {
    /// The entry, without `input_schema` unless asked.
    pub(crate) fn entry(&self, include_schema: bool) -> CatalogEntry {
        let mut e = self.entry.clone();
        if !include_schema {
            e.input_schema = None;
        }
        e
    }

    /// What a job of this model costs: the price table applied to what it asked for.
    /// Unit `output`: the base price per file; `second`: per second of the media the request
    /// asks for ([`runcomfy_schema::requested::request_length`]), else of the media produced,
    /// else per file; another unit: per file.
    pub(crate) fn cost(&self, files: u64, requested_seconds: Option<f64>, produced_seconds: Option<f64>) -> f64 {
        let seconds = requested_seconds.or(produced_seconds);
        let e = &self.entry;
        match e.price_unit {
            Some(PriceUnit::Second) if seconds.is_some() => e.estimate_usd(files, seconds),
            Some(PriceUnit::Output) => e.estimate_usd(files, None),
            _ => e
                .base_price_usd
                .map(|p| runcomfy_wire::catalog::round_usd(p * files as f64)),
        }
        .unwrap_or(0.0)
    }
}

/// The display name derived from a model id.
pub(crate) fn derived_display_name(model_id: &str) -> String {
    let segments: Vec<&str> = model_id.split('/').collect();
    let rest = if segments.len() > 1 {
        &segments[1..]
    } else {
        &segments[..]
    };
    rest.iter()
        .flat_map(|s| s.split(['-', '_']))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w == "to"
                || !w
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.')
            {
                w.to_owned()
            } else {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn default_price(kind: OutputKind) -> (f64, PriceUnit) {
    match kind {
        OutputKind::Image => (0.003, PriceUnit::Output),
        OutputKind::Video => (0.05, PriceUnit::Second),
        OutputKind::Audio => (0.002, PriceUnit::Second),
    }
}

/// The served model `model_id` with its schema (raw JSON), metadata and inferred profile.
pub(crate) fn model(model_id: &str, input_schema: Option<Value>, meta: &ModelMeta, profile: OutputProfile) -> Model {
    let mut entry = CatalogEntry::new(model_id);
    entry.categories = meta.categories.clone().unwrap_or_else(|| profile.categories.clone());
    let output_kind = meta
        .output_kind()
        .or_else(|| entry.output_kind())
        .unwrap_or(profile.kind);
    let (price, unit) = default_price(output_kind);
    entry.display_name = Some(
        meta.display_name
            .clone()
            .unwrap_or_else(|| derived_display_name(model_id)),
    );
    entry.kind = Some(meta.kind.clone().unwrap_or_else(|| "model".to_owned()));
    entry.base_price_usd = Some(meta.base_price_usd.unwrap_or(price));
    entry.price_unit = Some(meta.price_unit.as_deref().map_or(unit, PriceUnit::parse));
    entry.pricing_note = meta.pricing_note.clone();
    entry.input_schema = input_schema;
    Model {
        entry,
        output_kind,
        profile,
    }
}

/// Every usable sidecar below `dir` (model id -> (file, metadata)), and the problems with the
/// others (each naming its file).
pub(crate) fn read_sidecars(dir: &Path) -> (BTreeMap<String, (PathBuf, ModelMeta)>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    walk(dir, &mut files, &mut errors);
    let mut out = BTreeMap::new();
    for path in files {
        let rel = path
            .strip_prefix(dir)
            .map(|r| {
                r.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default();
        let model_id = rel.strip_suffix(SIDECAR_SUFFIX).unwrap_or(&rel).to_owned();
        let shown = path.display();
        let text = match crate::folder::read_regular(&path, MAX_SIDECAR_BYTES)
            .and_then(|b| String::from_utf8(b).map_err(|e| format!("{shown}: not UTF-8: {e}")))
        {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{e} (a sidecar)"));
                continue;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match serde_json::from_str::<ModelMeta>(text) {
            Ok(meta) => {
                let problems = meta.problems();
                if problems.is_empty() {
                    out.insert(model_id, (path, meta));
                } else {
                    errors.extend(problems.into_iter().map(|p| format!("{shown}: {p}")));
                }
            }
            Err(e) => errors.push(format!("{shown}: not a valid sidecar: {e}")),
        }
    }
    (out, errors)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    // Bounded in depth and entries, each folder once, no link out of the folder.
    let limits = runcomfy_schema::local_file::WalkLimits::default();
    match runcomfy_schema::local_file::walk(dir, &limits, |p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with(SIDECAR_SUFFIX))
    }) {
        Ok(found) => {
            let mut files = found.files;
            files.sort();
            out.extend(files);
            errors.extend(found.problems.iter().map(ToString::to_string));
        }
        Err(e) => errors.push(format!("cannot list: {e}")),
    }
}

/// The page of `models` a list query asks for.
pub(crate) fn list(models: &BTreeMap<String, Model>, query: &CatalogQuery) -> ModelList {
    let search = query.search.as_deref().map(str::to_lowercase);
    let matching: Vec<&Model> = models
        .values()
        .filter(|m| {
            let e = &m.entry;
            search
                .as_deref()
                .is_none_or(|s| e.model_id.to_lowercase().contains(s) || e.name().to_lowercase().contains(s))
                && query
                    .category
                    .as_deref()
                    .is_none_or(|c| e.categories.iter().any(|x| x.eq_ignore_ascii_case(c)))
                && query
                    .kind
                    .as_deref()
                    .is_none_or(|k| e.kind.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(k)))
        })
        .collect();
    let total = matching.len() as u64;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
    let offset = usize::try_from(query.offset.unwrap_or(0)).unwrap_or(usize::MAX);
    let page = matching
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|m| m.entry(query.include_schema))
        .collect();
    ModelList::new(page, total)
}

/// Every category of every model, sorted, once each.
pub(crate) fn categories(models: &BTreeMap<String, Model>) -> CategoryList {
    let set: BTreeSet<&str> = models
        .values()
        .flat_map(|m| m.entry.categories.iter().map(String::as_str))
        .collect();
    CategoryList::new(set.into_iter().map(str::to_owned).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(model_id: &str, properties: &str) -> OutputProfile {
        let text = format!(r#"{{"type": "object", "properties": {{{properties}}}}}"#);
        let schema = runcomfy_schema::parse_schema("t.json", model_id, &text).schema.unwrap();
        crate::infer_profile(model_id, &schema)
    }

    #[test]
    fn defaults_come_from_the_id_and_the_schema() {
        assert_eq!(
            derived_display_name("runwayml/runway-gen-4/turbo/image-to-video"),
            "Runway Gen 4 Turbo Image to Video"
        );
        assert_eq!(
            derived_display_name("kling/kling-video-o3/4K/image-to-video"),
            "Kling Video O3 4K Image to Video"
        );
        assert_eq!(derived_display_name("bytedance/seedance-2.5/x"), "Seedance 2.5 X");
        let m = model(
            "a/b/image-to-video",
            None,
            &ModelMeta::default(),
            profile("a/b/image-to-video", r#""prompt": {"type": "string"}"#),
        );
        assert_eq!(m.output_kind, OutputKind::Video);
        assert_eq!(m.entry.categories, ["image-to-video"]);
        assert_eq!(
            (m.entry.base_price_usd, m.entry.price_unit.clone()),
            (Some(0.05), Some(PriceUnit::Second))
        );
        assert_eq!(m.entry.kind.as_deref(), Some("model"));
    }

    #[test]
    fn sidecars_win_over_the_inference() {
        let music = profile("acme/tone/generate", r#""music_length_ms": {"type": "integer"}"#);
        assert_eq!(music.kind, OutputKind::Audio);
        // Sidecar categories: the kind from their ending.
        let meta = ModelMeta {
            categories: Some(vec!["text-to-video".into()]),
            ..ModelMeta::default()
        };
        let m = model("acme/tone/generate", None, &meta, music.clone());
        assert_eq!(
            (m.output_kind, m.entry.categories.clone()),
            (OutputKind::Video, vec!["text-to-video".to_owned()])
        );
        // `output_kind` wins over everything.
        let meta = ModelMeta {
            categories: Some(vec!["featured".into()]),
            output_kind: Some("Image".into()),
            ..ModelMeta::default()
        };
        let m = model("acme/tone/generate", None, &meta, music.clone());
        assert_eq!(m.output_kind, OutputKind::Image);
        assert_eq!(m.entry.price_unit, Some(PriceUnit::Output));
        // Categories naming no kind: the inferred kind.
        let meta = ModelMeta {
            categories: Some(vec!["featured".into()]),
            ..ModelMeta::default()
        };
        let m = model("acme/tone/generate", None, &meta, music);
        assert_eq!(m.output_kind, OutputKind::Audio);
        assert_eq!(m.entry.base_price_usd, Some(0.002));
        // 10 s asked: 10 x 0.002; without a length, the seconds produced.
        assert_eq!(m.cost(1, Some(10.0), Some(5.0)), 0.02);
        assert_eq!(m.cost(1, None, Some(5.0)), 0.01);
        let odd = ModelMeta {
            base_price_usd: Some(0.5),
            price_unit: Some("megapixel".into()),
            ..ModelMeta::default()
        };
        let p = profile("a/b/text-to-image", "");
        assert_eq!(model("a/b/text-to-image", None, &odd, p).cost(2, None, None), 1.0);
        let bad = ModelMeta {
            display_name: Some(" ".into()),
            base_price_usd: Some(-1.0),
            categories: Some(vec!["a\u{1b}b".into()]),
            output_kind: Some("hologram".into()),
            ..ModelMeta::default()
        };
        assert_eq!(bad.problems().len(), 4, "{:?}", bad.problems());
    }
}
