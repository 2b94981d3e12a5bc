//! How schema names become Rust identifiers. The rules (also in the README):
//!
//! * Words are the runs of ASCII letters and digits; every other character separates words
//!   (`width×height` -> `width`, `height`; `1152:864 (4:3)` -> `1152`, `864`, `4`, `3`).
//! * Modules and fields: `snake_case` of the words (`flux-1-schnell` -> `flux_1_schnell`,
//!   `promptImage` -> `prompt_image`). A leading digit gets a `_` prefix (`4K` -> `_4k`), a
//!   Rust keyword a `_` suffix (`type` -> `type_`).
//! * Types and enum variants: each word in `UpperCamelCase`, joined; two number words in a
//!   row keep a `_` between them so `16:9` and `169` stay apart (`16:9` -> `V16_9`,
//!   `1152:864 (4:3)` -> `V1152_864_4_3`, `TURBO` -> `Turbo`, `1k` -> `V1k`). A leading
//!   digit gets a `V` prefix for variants (`5` -> `V5`) and a `Field` prefix for types;
//!   negative numbers start with `Minus`.
//! * Field types: every field has one, named after the field (`prompt_image` ->
//!   `PromptImage`) whatever its constraints; list items add `Item`, a nested object's fields
//!   start with its type's name; a name the module already uses gets `Value`, then a number
//!   (see `model.rs`).
//! * Collisions: when two values of one enum (or two properties of one object) get the same
//!   name, those values are named again keeping their case and every separator as `_`
//!   (`720P` -> `V720P`, `720p` -> `V720p`; properties `imageUrl` and `image_url` ->
//!   fields `imageUrl` and `image_url`). If they still collide, the schema is rejected with
//!   both values named: the names would otherwise depend on the order of the list.

use std::collections::HashMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// The runs of ASCII alphanumerics in `s`.
pub fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

fn fix_keyword(mut s: String) -> String {
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `snake_case` identifier for a module or a field; `None` when `s` has no letter or digit.
pub fn snake(s: &str) -> Option<String> {
    let w = words(s);
    if w.is_empty() {
        return None;
    }
    let mut out = w.join(" ").to_snake_case();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    Some(fix_keyword(out))
}

/// Case-preserving fallback for fields: the words joined by `_`, as written.
pub fn snake_exact(s: &str) -> Option<String> {
    let w = words(s);
    if w.is_empty() {
        return None;
    }
    let mut out = w.join("_");
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    Some(fix_keyword(out))
}

fn join_camel<'a>(parts: impl Iterator<Item = &'a str>, camel: bool) -> String {
    let mut out = String::new();
    for part in parts {
        let piece = if camel {
            part.to_upper_camel_case()
        } else {
            part.to_owned()
        };
        if out.ends_with(|c: char| c.is_ascii_digit()) && piece.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.push_str(&piece);
    }
    out
}

fn with_prefix(mut s: String, prefix: &str, negative: bool) -> String {
    if negative {
        s.insert_str(0, "Minus");
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, prefix);
    }
    if s.is_empty() {
        s.push_str(if prefix == "V" { "Empty" } else { "Field" });
    }
    fix_keyword(s)
}

/// Tier-1 enum variant name (see the module docs).
pub fn variant(text: &str) -> String {
    let negative = text.starts_with('-') && text[1..].starts_with(|c: char| c.is_ascii_digit());
    with_prefix(join_camel(words(text).into_iter(), true), "V", negative)
}

/// Tier-2 enum variant name: case kept, every separator a `_`.
pub fn variant_exact(text: &str) -> String {
    let negative = text.starts_with('-') && text[1..].starts_with(|c: char| c.is_ascii_digit());
    let w = words(text);
    let mut s = w.join("_");
    if let Some(first) = s.get(..1)
        && !negative
    {
        let upper = first.to_ascii_uppercase();
        s.replace_range(..1, &upper);
    }
    with_prefix(s, "V", negative)
}

/// `UpperCamelCase` type name for a property (`aspect_ratio` -> `AspectRatio`).
pub fn type_name(s: &str) -> String {
    with_prefix(join_camel(words(s).into_iter(), true), "Field", false)
}

/// Is `s` a valid (non-raw) Rust identifier?
pub fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && s != "_"
        && !KEYWORDS.contains(&s)
}

/// Picks unique names from candidates: `Ok(names)` in input order, or `Err((i, j, name))`
/// naming the first two inputs that collide even after the exact fallback. Linear in the
/// number of items (hashed), so a schema of 150,000 properties names its fields at once.
pub fn allocate(
    items: &[String],
    first: impl Fn(&str) -> Option<String>,
    exact: impl Fn(&str) -> Option<String>,
    reserved: &[&str],
) -> Result<Vec<String>, Collision> {
    let mut names: Vec<Option<String>> = items.iter().map(|s| first(s)).collect();
    let retry: Vec<usize> = {
        let mut count: HashMap<&str, usize> = HashMap::with_capacity(names.len());
        for n in names.iter().flatten() {
            *count.entry(n.as_str()).or_default() += 1;
        }
        let clashes = |n: &Option<String>| match n {
            None => true,
            Some(n) => reserved.contains(&n.as_str()) || count.get(n.as_str()).is_some_and(|c| *c > 1),
        };
        (0..items.len()).filter(|&i| clashes(&names[i])).collect()
    };
    for &i in &retry {
        names[i] = exact(&items[i]);
    }
    // For each name, the next input that got the same name.
    let mut next_same: Vec<Option<usize>> = vec![None; names.len()];
    let mut seen_later: HashMap<&str, usize> = HashMap::with_capacity(names.len());
    for (i, n) in names.iter().enumerate().rev() {
        if let Some(n) = n {
            next_same[i] = seen_later.insert(n.as_str(), i);
        }
    }
    for (i, n) in names.iter().enumerate() {
        match n {
            None => {
                return Err(Collision {
                    first: i,
                    second: None,
                    name: String::new(),
                });
            }
            Some(n) if reserved.contains(&n.as_str()) => {
                return Err(Collision {
                    first: i,
                    second: None,
                    name: n.clone(),
                });
            }
            Some(n) => {
                if let Some(j) = next_same[i] {
                    return Err(Collision {
                        first: i,
                        second: Some(j),
                        name: n.clone(),
                    });
                }
            }
        }
    }
    Ok(names.into_iter().flatten().collect())
}

/// Two inputs that map to one name (or one input that maps to none, or a reserved one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    /// Index of the first input.
    pub first: usize,
    /// Index of the second input, if two collided.
    pub second: Option<usize>,
    /// The name they share.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_and_fields() {
        assert_eq!(snake("flux-1-schnell").unwrap(), "flux_1_schnell");
        assert_eq!(snake("seedance-2.5").unwrap(), "seedance_2_5");
        assert_eq!(snake("4K").unwrap(), "_4k");
        assert_eq!(snake("1080p").unwrap(), "_1080p");
        assert_eq!(snake("promptImage").unwrap(), "prompt_image");
        assert_eq!(snake("width×height").unwrap(), "width_height");
        assert_eq!(snake("type").unwrap(), "type_");
        assert_eq!(snake("image_url_1").unwrap(), "image_url_1");
        assert_eq!(snake("×"), None);
        assert_eq!(snake_exact("imageUrl").unwrap(), "imageUrl");
    }

    #[test]
    fn variants() {
        assert_eq!(variant("1152:864 (4:3)"), "V1152_864_4_3");
        assert_eq!(variant("16:9"), "V16_9");
        assert_eq!(variant("1k"), "V1k");
        assert_eq!(variant("TURBO"), "Turbo");
        assert_eq!(variant("1024x1024(1:1)"), "V1024x1024_1_1");
        assert_eq!(variant("5"), "V5");
        assert_eq!(variant("-1"), "Minus1");
        assert_eq!(variant("0.5"), "V0_5");
        assert_eq!(variant(""), "Empty");
        assert_eq!(variant("self"), "Self_");
        assert_eq!(variant("DPM++ 2M Karras"), "Dpm2mKarras");
        assert_eq!(variant_exact("720P"), "V720P");
        assert_eq!(variant_exact("720p"), "V720p");
        assert_eq!(variant_exact("high"), "High");
    }

    #[test]
    fn allocation_falls_back_then_reports() {
        let items = vec!["720P".to_owned(), "720p".to_owned(), "1080p".to_owned()];
        let names = allocate(&items, |s| Some(variant(s)), |s| Some(variant_exact(s)), &[]).unwrap();
        assert_eq!(names, ["V720P", "V720p", "V1080p"]);
        let items = vec!["16:9".to_owned(), "16-9".to_owned()];
        let err = allocate(&items, |s| Some(variant(s)), |s| Some(variant_exact(s)), &[]).unwrap_err();
        assert_eq!(
            err,
            Collision {
                first: 0,
                second: Some(1),
                name: "V16_9".into()
            }
        );
    }

    #[test]
    fn allocation_of_many_names_reports_the_first_pair_in_input_order() {
        let mut items: Vec<String> = (0..50_000).map(|i| format!("field_{i}")).collect();
        let names = allocate(&items, snake, snake_exact, &["reserved"]).unwrap();
        assert_eq!(names.len(), items.len());
        assert_eq!(names[49_999], "field_49999");
        // `fieldB_7` and `field_b_7` share the snake name and the exact fallbacks differ;
        // `x-1` and `x_1` share both: the first such pair in input order is reported.
        items.push("fieldB_7".into());
        items.push("x-1".into());
        items.push("field_b_7".into());
        items.push("x_1".into());
        items.push("y-2".into());
        items.push("y_2".into());
        let err = allocate(&items, snake, snake_exact, &[]).unwrap_err();
        assert_eq!(
            err,
            Collision {
                first: 50_001,
                second: Some(50_003),
                name: "x_1".into()
            }
        );
        let err = allocate(&items[..50_000], snake, snake_exact, &["field_42"]).unwrap_err();
        assert_eq!(
            err,
            Collision {
                first: 42,
                second: None,
                name: "field_42".into()
            }
        );
    }

    #[test]
    fn every_name_is_an_identifier() {
        for s in ["", "-", "5", "a b", "Ω", "self", "_", "9a", "__", "a__b", "x-1.5"] {
            assert!(is_ident(&variant(s)), "{s:?} -> {}", variant(s));
            assert!(is_ident(&type_name(s)), "{s:?} -> {}", type_name(s));
            if let Some(n) = snake(s) {
                assert!(is_ident(&n), "{s:?} -> {n}");
            }
        }
    }
}
