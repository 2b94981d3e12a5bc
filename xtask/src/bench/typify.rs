//! The baseline: the same schemas through typify's `import_types!`, in a scratch crate that
//! this module writes under `target/` at bench time (typify is no workspace dependency).
//!
//! typify reads standard JSON Schema, so each schema is given to it as our parser reads it,
//! written back as standard JSON Schema (`EndpointSchema::to_json_schema`): `float` is
//! `number`, type names are the standard lower-case ones, draft-4 boolean exclusive bounds are
//! numbers, plural media formats are arrays of strings, `validations` (which typify would
//! ignore) are left out, and so are defaults the field's own schema rejects. One more change
//! typify needs: it cannot name two enum values that differ only in case (`720P`, `720p`), so
//! of such values it gets the first (and a default it no longer lists is dropped).

use std::path::Path;

use runcomfy_schema::Catalog;
use serde_json::Value;

use super::Result;

/// The typify version measured.
pub const VERSION: &str = "=0.8.0";

/// Writes `dir` as a crate with one `import_types!` module per schema of `schemas`.
pub fn write_crate(dir: &Path, name: &str, schemas: &Path) -> Result<usize> {
    let catalog = Catalog::load(schemas, &schemas.to_string_lossy());
    let mut lib = String::from(
        "//! The same schemas through typify, for `cargo xtask bench codegen`.\n\
         #![allow(missing_docs, non_snake_case, non_camel_case_types, clippy::all)]\n",
    );
    let mut written = 0;
    for (i, file) in catalog.files.iter().enumerate() {
        let schema = file
            .parsed
            .schema
            .as_ref()
            .ok_or_else(|| format!("{}: does not parse", file.label))?;
        let mut json = schema.to_json_schema();
        drop_case_twins(&mut json);
        let rel = format!("schemas/e{i:03}.json");
        let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
        super::write_if_changed(&dir.join(&rel), &text)?;
        lib.push_str(&format!(
            "/// `{}`\npub mod e{i:03} {{\n    typify::import_types!(schema = \"{rel}\");\n}}\n",
            file.model_id
        ));
        written += 1;
    }
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ntypify = \"{VERSION}\"\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\n[workspace]\n"
    );
    super::write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    super::write_if_changed(&dir.join("src/lib.rs"), &lib)?;
    Ok(written)
}

/// Keeps the first of enum string values that differ only in case, everywhere in `v`.
fn drop_case_twins(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(values)) = m.get_mut("enum") {
                let mut seen = std::collections::BTreeSet::new();
                values.retain(|x| match x {
                    Value::String(s) => seen.insert(s.to_lowercase()),
                    _ => true,
                });
                let kept = values.clone();
                if m.get("default").is_some_and(|d| !kept.contains(d)) {
                    m.remove("default");
                }
            }
            m.values_mut().for_each(drop_case_twins);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_case_twins),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn case_twins_go_and_take_a_stale_default_with_them() {
        let mut v = json!({"properties": {"r": {"enum": ["720P", "720p", "1080p"], "default": "720p"}}});
        drop_case_twins(&mut v);
        assert_eq!(v, json!({"properties": {"r": {"enum": ["720P", "1080p"]}}}));
    }
}
