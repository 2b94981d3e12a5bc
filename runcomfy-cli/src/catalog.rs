//! The bundled endpoints, parsed into the schema IR, and their descriptions for people.

use runcomfy_schema::constraints::fmt_num;
use runcomfy_schema::ir::{EndpointSchema, Kind, Property, Schema};
use runcomfy_schema::{IntegerRange, LengthRange, NumberRange};

/// Every bundled endpoint's IR, in the bundle's order. Schemas that fail to parse are left
/// out (`cargo xtask check` reports them).
pub fn endpoints() -> Vec<EndpointSchema> {
    runcomfy_client::models::ENDPOINTS
        .iter()
        .filter_map(|(model_id, file, text)| runcomfy_schema::parse_schema(file, model_id, text).schema)
        .collect()
}

/// The bundled model ids (and the closest to `model_id`), for an "unknown model" message.
pub fn known_models_hint(model_id: &str) -> String {
    let ids: Vec<String> = endpoints().into_iter().map(|e| e.model_id).collect();
    let close = ids
        .iter()
        .map(|id| (strsim::levenshtein(id, model_id), id))
        .min()
        .filter(|(d, _)| *d <= model_id.chars().count() / 3)
        .map(|(_, id)| format!("  did you mean {id}?\n"))
        .unwrap_or_default();
    format!(
        "{close}  bundled models (`runcomfy models` lists the catalog):\n    {}",
        ids.join("\n    ")
    )
}

/// The input kinds of an endpoint: its media fields' kinds (`image`, `video`, `audio`), or
/// `text` when it has none.
pub fn input_kind(schema: &EndpointSchema) -> String {
    let mut kinds: Vec<&'static str> = Vec::new();
    for p in &schema.input.properties {
        if let Some(kind) = media_kind(&p.schema)
            && !kinds.contains(&kind)
        {
            kinds.push(kind);
        }
    }
    if kinds.is_empty() {
        "text".to_owned()
    } else {
        kinds.join("+")
    }
}

fn media_kind(schema: &Schema) -> Option<&'static str> {
    match &schema.kind {
        Kind::Media(m) => Some(m.kind.name()),
        Kind::Array { items, .. } => media_kind(items),
        _ => None,
    }
}

/// The `runcomfy models show` text: every field with type, constraints, allowed values,
/// default and description.
pub fn show(schema: &EndpointSchema) -> String {
    let mut out = format!("{}\n", schema.model_id);
    if let Some(title) = &schema.docs.title {
        out.push_str(&format!("  {title}\n"));
    }
    if let Some(desc) = &schema.docs.description {
        out.push_str(&format!("  {}\n", one_line(desc)));
    }
    out.push_str(&format!("  input: {}\n\nfields:\n", input_kind(schema)));
    for p in &schema.input.properties {
        out.push_str(&format!(
            "  {}{}  (--{})\n",
            p.name,
            if p.required { " (required)" } else { "" },
            crate::flags::flag_name(&p.name)
        ));
        out.push_str(&format!("      type: {}\n", type_name(&p.schema.kind)));
        for c in constraints(&p.schema.kind) {
            out.push_str(&format!("      {c}\n"));
        }
        if let Some(d) = &p.schema.docs.default {
            out.push_str(&format!("      default: {d}\n"));
        }
        if let Some(desc) = &p.schema.docs.description {
            out.push_str(&format!("      {}\n", one_line(desc)));
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A short name of a kind: `string`, `integer`, `image (URL or path)`, `array of ...`.
pub fn type_name(kind: &Kind) -> String {
    match kind {
        Kind::String { .. } => "string".into(),
        Kind::Integer { .. } => "integer".into(),
        Kind::Number { .. } => "number".into(),
        Kind::Boolean => "boolean".into(),
        Kind::Enum(_) => "enum".into(),
        Kind::Media(m) => format!("{} (URL or local path)", m.kind.name()),
        Kind::Array { items, .. } => format!("array of {}", type_name(&items.kind)),
        Kind::Object(_) => "object (JSON)".into(),
        Kind::FreeForm => "object (JSON)".into(),
        Kind::Any => "any (JSON)".into(),
    }
}

/// The constraints of a kind, one line each (`range: 1..=8`, `allowed: 16:9, 1:1`).
pub fn constraints(kind: &Kind) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        Kind::String { length } => out.extend(length_text("length", length)),
        Kind::Integer { range } => out.extend(integer_text(range)),
        Kind::Number { range } => out.extend(number_text(range)),
        Kind::Enum(e) => out.push(format!(
            "allowed: {}",
            e.values.iter().map(|v| v.to_text()).collect::<Vec<_>>().join(", ")
        )),
        Kind::Media(m) => {
            for rule in &m.rules {
                out.push(format!(
                    "rule: {} {} ({})",
                    rule.rule,
                    fmt_num(rule.limit),
                    rule.message
                ));
            }
        }
        Kind::Array { items, count } => {
            out.extend(length_text("items", count));
            out.extend(constraints(&items.kind).into_iter().map(|c| format!("each: {c}")));
        }
        Kind::Boolean | Kind::Object(_) | Kind::FreeForm | Kind::Any => {}
    }
    out
}

fn length_text(what: &str, r: &LengthRange) -> Option<String> {
    match (r.min, r.max) {
        (None, None) => None,
        (Some(a), Some(b)) => Some(format!("{what}: {a}..={b}")),
        (Some(a), None) => Some(format!("{what}: at least {a}")),
        (None, Some(b)) => Some(format!("{what}: at most {b}")),
    }
}

fn integer_text(r: &IntegerRange) -> Option<String> {
    match (r.effective_min(), r.effective_max()) {
        (None, None) => None,
        (Some(a), Some(b)) => Some(format!("range: {a}..={b}")),
        (Some(a), None) => Some(format!("range: >= {a}")),
        (None, Some(b)) => Some(format!("range: <= {b}")),
    }
}

fn number_text(r: &NumberRange) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(x) = r.minimum {
        parts.push(format!(">= {}", fmt_num(x)));
    }
    if let Some(x) = r.exclusive_minimum {
        parts.push(format!("> {}", fmt_num(x)));
    }
    if let Some(x) = r.maximum {
        parts.push(format!("<= {}", fmt_num(x)));
    }
    if let Some(x) = r.exclusive_maximum {
        parts.push(format!("< {}", fmt_num(x)));
    }
    (!parts.is_empty()).then(|| format!("range: {}", parts.join(", ")))
}

/// One line of help for a property's flag: type, constraints, default, description.
pub fn flag_help(p: &Property) -> String {
    let mut parts = vec![type_name(&p.schema.kind)];
    parts.extend(constraints(&p.schema.kind));
    if let Some(d) = &p.schema.docs.default {
        parts.push(format!("default: {d}"));
    }
    if p.required {
        parts.push("required".into());
    }
    let mut s = parts.join("; ");
    if let Some(desc) = &p.schema.docs.description {
        s.push_str(". ");
        s.push_str(&one_line(desc));
    }
    s
}
