//! Rustdoc text taken from the schema's titles, descriptions, constraints and defaults.

use crate::catalog::SchemaFile;
use crate::constraints::{Bounds, fmt_num};
use crate::ir::{Docs, Kind, Schema};
use crate::media::MediaKind;

/// Escapes text so rustdoc shows it as written (no stray links, HTML or code blocks).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' | '>' | '[' | ']' | '*' | '_' | '`' | '#' | '|' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    // Indented lines would become code blocks.
    out.lines().map(str::trim_start).collect::<Vec<_>>().join("\n")
}

/// Wraps `text` in backticks safely.
pub fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

pub fn endpoint_module_doc(file: &SchemaFile) -> String {
    let mut s = format!("Endpoint {} (schema file {}).", code(&file.model_id), code(&file.label));
    if let Some(schema) = &file.parsed.schema
        && let Some(d) = &schema.docs.description
    {
        s.push_str("\n\n");
        s.push_str(&escape(d));
    }
    s.push_str("\n\nBuild its `Request` and submit it with the client.");
    s
}

/// The doc comment of an endpoint's `Request`.
pub fn request(model_id: &str, docs: &Docs) -> String {
    let mut doc = format!("A request to {}.", code(model_id));
    if let Some(t) = &docs.title {
        doc.push_str(&format!("\n\nSchema title: {}.", escape(t)));
    }
    if let Some(d) = &docs.description {
        doc.push_str("\n\n");
        doc.push_str(&escape(d));
    }
    doc.push_str(
        "\n\nRequired fields are plain, optional ones `Option` (and `None` is never sent). \
         Each field has its own type in this module, whose constructors check the schema's \
         limits, so a value of this type can only hold what the schema allows. Documented \
         defaults are documentation: they are never sent on your behalf.",
    );
    doc
}

/// The constraint summary of a node, one sentence per constraint.
pub fn constraints(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    match &schema.kind {
        Kind::String { length } => match (length.min, length.max) {
            (Some(a), Some(b)) => out.push(format!("Length: {a} to {b} characters (Unicode scalar values).")),
            (Some(a), None) => out.push(format!("Length: at least {a} characters (Unicode scalar values).")),
            (None, Some(b)) => out.push(format!("Length: at most {b} characters (Unicode scalar values).")),
            (None, None) => {}
        },
        Kind::Integer { range } => out.extend(range_text(range).map(|r| format!("Range: {r}."))),
        Kind::Number { range } => out.extend(range_text(range).map(|r| format!("Range: {r}."))),
        Kind::Enum(e) => {
            let values: Vec<String> = e.values.iter().map(|v| code(&v.to_json())).collect();
            out.push(format!("Allowed values: {}.", values.join(", ")));
        }
        Kind::Media(m) => {
            // The rules as a list under the sentence: one line each.
            let mut text = format!(
                "Media input ({}): an `https://` URL the server can fetch, or a `data:` URI.",
                match m.kind {
                    MediaKind::Any => "any file",
                    k => k.name(),
                }
            );
            for r in &m.rules {
                let metric = r.rule.trim_end_matches(['<', '>', '=']).trim();
                text.push_str(&format!(
                    "\n- Rule {}: {}",
                    code(&format!("{metric} {} {}", r.op.as_str(), fmt_num(r.limit))),
                    escape(&r.message)
                ));
            }
            out.push(text);
        }
        Kind::Array { items, count } => {
            match (count.min, count.max) {
                (Some(a), Some(b)) => out.push(format!("Items: {a} to {b}.")),
                (Some(a), None) => out.push(format!("Items: at least {a}.")),
                (None, Some(b)) => out.push(format!("Items: at most {b}.")),
                (None, None) => {}
            }
            for c in constraints(items) {
                out.push(format!("Each item: {c}"));
            }
        }
        Kind::FreeForm => out.push("Free-form JSON object.".into()),
        Kind::Any => out.push("Any JSON value.".into()),
        Kind::Boolean | Kind::Object(_) => {}
    }
    for u in &schema.docs.unenforced {
        out.push(format!("Also stated, not checked by this crate: {}.", code(u)));
    }
    out
}

fn range_text<T>(b: &Bounds<T>) -> Option<String> {
    let lo = b
        .minimum
        .map(|m| format!("{} ≤", fmt_num(m)))
        .or(b.exclusive_minimum.map(|m| format!("{} <", fmt_num(m))));
    let hi = b
        .maximum
        .map(|m| format!("≤ {}", fmt_num(m)))
        .or(b.exclusive_maximum.map(|m| format!("< {}", fmt_num(m))));
    match (lo, hi) {
        (None, None) => None,
        (lo, hi) => Some(format!(
            "`{}value{}`",
            lo.map(|l| l + " ").unwrap_or_default(),
            hi.map(|h| format!(" {h}")).unwrap_or_default()
        )),
    }
}

/// The doc comment of a field of a generated struct. (The field's type is generated too, and
/// its own docs state the constraints; they are not repeated here.)
pub fn field(name: &str, schema: &Schema, required: bool, default_fn: Option<&str>) -> String {
    let mut parts = Vec::new();
    parts.push(head(&schema.docs, name));
    // One paragraph for how the field travels: required or not, its wire name, its default.
    let mut wire = if required {
        format!("Required; wire name {}", code(&format!("{name:?}")))
    } else {
        format!(
            "Optional (`None` is not sent); wire name {}",
            code(&format!("{name:?}"))
        )
    };
    if let Some(d) = &schema.docs.default {
        let text = d.to_string();
        let shown = if text.chars().count() > 200 {
            format!("{}...", text.chars().take(200).collect::<String>())
        } else {
            text
        };
        wire.push_str(&format!(
            "; documented default {} (documentation only, never sent on your behalf",
            code(&shown)
        ));
        if let Some(f) = default_fn {
            wire.push_str(&format!("; typed: [`Request::{f}`]"));
        }
        wire.push(')');
    }
    wire.push('.');
    parts.push(wire);
    if !schema.docs.examples.is_empty() {
        let ex: Vec<String> = schema
            .docs
            .examples
            .iter()
            .take(3)
            .map(|e| code(&e.to_string()))
            .collect();
        parts.push(format!("Examples: {}.", ex.join(", ")));
    }
    parts.join("\n\n")
}

/// Title and description as the first paragraph.
pub fn head(docs: &Docs, fallback: &str) -> String {
    match (&docs.title, &docs.description) {
        (Some(t), Some(d)) if t.trim() != d.trim() => format!("**{}**: {}", escape(t.trim()), escape(d.trim())),
        (Some(t), _) => format!("**{}**", escape(t.trim())),
        (None, Some(d)) => escape(d.trim()),
        (None, None) => format!("Field {}.", code(fallback)),
    }
}

/// `#[doc]` attributes, one per line, so that expanded code reads as `/// ...` comments.
pub fn attrs(text: &str) -> proc_macro2::TokenStream {
    let lines = text
        .lines()
        .map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote::quote!(#(#[doc = #lines])*)
}
