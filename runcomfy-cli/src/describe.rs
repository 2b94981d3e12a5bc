//! What a schema means to a person: model names, field types, constraints, defaults and
//! descriptions, and the nearest model ids to a mistyped one. Depends only on the schema IR;
//! every text taken from a schema is sanitized here ([`crate::text`]).

use runcomfy_schema::constraints::fmt_num;
use runcomfy_schema::ir::{EndpointSchema, Kind, Property, Schema};
use runcomfy_schema::{IntegerRange, LengthRange, NumberRange};

use crate::text;

/// How a model is named for people: the catalog's display name, else the model id; never a
/// schema's `title` (often a generic "Input schema", in any language).
pub fn model_name(display_name: Option<&str>, model_id: &str) -> String {
    match display_name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => text::line(name).into_owned(),
        None => text::line(model_id).into_owned(),
    }
}

/// The ids among `candidates` closest to `model_id` (by edit distance, at most a third of
/// its length; or sharing its last segments), best first, at most `n`.
pub fn did_you_mean<'a>(model_id: &str, candidates: &'a [String], n: usize) -> Vec<&'a str> {
    let wanted = model_id.to_ascii_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .iter()
        .filter_map(|id| {
            let lower = id.to_ascii_lowercase();
            let distance = strsim::levenshtein(&lower, &wanted);
            let related = lower.contains(&wanted) || (wanted.len() >= 4 && wanted.contains(&lower));
            (distance <= limit || related).then_some((distance, id.as_str()))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, id)| id).collect()
}

/// The ids among `candidates` that start with `prefix`, sorted, once each.
pub fn complete_ids(prefix: &str, candidates: &[String]) -> Vec<String> {
    let mut out: Vec<String> = candidates.iter().filter(|id| id.starts_with(prefix)).cloned().collect();
    out.sort();
    out.dedup();
    out
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

/// Every field of a schema for `models show`: name, flag (`flag_of` gives it), type,
/// constraints, allowed values, default and description.
pub fn fields(schema: &EndpointSchema, flag_of: &dyn Fn(&str) -> String) -> String {
    let mut out = format!("  input: {}\n\nfields:\n", input_kind(schema));
    for p in &schema.input.properties {
        out.push_str(&format!(
            "  {}{}  (--{})\n",
            text::line(&p.name),
            if p.required { " (required)" } else { "" },
            flag_of(&p.name)
        ));
        out.push_str(&format!("      type: {}\n", type_name(&p.schema.kind)));
        for c in constraints(&p.schema.kind) {
            out.push_str(&format!("      {c}\n"));
        }
        if let Some(d) = &p.schema.docs.default {
            out.push_str(&format!("      default: {}\n", text::line(&d.to_string())));
        }
        if let Some(desc) = &p.schema.docs.description {
            out.push_str(&format!("      {}\n", one_line(desc)));
        }
    }
    out
}

/// `s` on one line, whitespace collapsed, sanitized.
pub fn one_line(s: &str) -> String {
    text::line(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
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

/// The most allowed values listed in full; longer enums show the first ones and a count.
const LISTED_VALUES: usize = 24;

/// The constraints of a kind, one line each (`range: 1..=8`, `allowed: 16:9, 1:1`).
pub fn constraints(kind: &Kind) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        Kind::String { length } => out.extend(length_text("length", length)),
        Kind::Integer { range } => out.extend(integer_text(range)),
        Kind::Number { range } => out.extend(number_text(range)),
        Kind::Enum(e) => {
            let shown: Vec<String> = e
                .values
                .iter()
                .take(LISTED_VALUES)
                .map(|v| text::line(&v.to_text()).into_owned())
                .collect();
            let more = e.values.len().saturating_sub(LISTED_VALUES);
            let more = if more > 0 {
                format!(", ... ({more} more)")
            } else {
                String::new()
            };
            out.push(format!("allowed: {}{more}", shown.join(", ")));
        }
        Kind::Media(m) => {
            for rule in &m.rules {
                out.push(format!(
                    "rule: {} {} ({})",
                    text::line(rule.rule.as_ref()),
                    fmt_num(rule.limit),
                    one_line(&rule.message)
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

/// One line of help for a property's flag: the property's name when the flag differs from
/// it, type, constraints, default and description.
pub fn flag_help(p: &Property, flag: &str) -> String {
    let mut parts = Vec::new();
    if flag != p.name {
        parts.push(format!("property `{}`", text::line(&p.name)));
    }
    parts.push(type_name(&p.schema.kind));
    parts.extend(constraints(&p.schema.kind));
    if let Some(d) = &p.schema.docs.default {
        parts.push(format!("default: {}", text::line(&d.to_string())));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_come_from_a_schema_title() {
        assert_eq!(model_name(Some("FLUX.1 [schnell]"), "a/b"), "FLUX.1 [schnell]");
        assert_eq!(model_name(Some("  "), "a/b"), "a/b");
        assert_eq!(model_name(None, "a/b"), "a/b");
        assert_eq!(
            model_name(Some("x\u{1b}]0;pwned\u{7}"), "a/b"),
            "x\u{fffd}]0;pwned\u{fffd}"
        );
    }

    #[test]
    fn near_ids_are_suggested_best_first() {
        let ids: Vec<String> = ["acme/flux/text-to-image", "acme/flux/image-to-image", "other/x/y"]
            .map(str::to_owned)
            .to_vec();
        assert_eq!(
            did_you_mean("acme/flux/text-to-imag", &ids, 3).first(),
            Some(&"acme/flux/text-to-image")
        );
        assert!(did_you_mean("zzz", &ids, 3).is_empty());
        assert_eq!(complete_ids("acme/flux/t", &ids), vec!["acme/flux/text-to-image"]);
    }
}
