//! RunComfy API doc pages (or bare schemas) to schema files.
//!
//! A doc page holds the model id in its request URL (`/v1/models/<model_id>`) and several
//! JSON documents: the example request (`--data '...'`), the input schema (an object with
//! `properties`) and the output schema (`{"output": ...}`). The input schema is the first
//! JSON object with `properties` that is not the output schema.

use serde_json::Value;

/// What was found in one page.
#[derive(Debug, PartialEq)]
pub struct Extracted {
    /// The model id, if the page names one.
    pub model_id: Option<String>,
    /// The input schema.
    pub schema: Value,
    /// The example request body (`--data '...'`), if any.
    pub example: Option<Value>,
}

/// Extracts the model id, the input schema and the example request from a doc page or a
/// bare schema.
pub fn extract(text: &str) -> Result<Extracted, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return if v.get("properties").is_some() {
            Ok(Extracted {
                model_id: None,
                schema: v,
                example: None,
            })
        } else {
            Err("the JSON file is not an input schema (no \"properties\")".into())
        };
    }
    let model_id = text.split("/v1/models/").nth(1).map(|rest| {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_'))
            .collect::<String>()
    });
    let example = text.split("--data '").nth(1).and_then(|rest| {
        let end = rest.find("'")?;
        serde_json::from_str(&rest[..end]).ok()
    });
    let schema =
        first_input_schema(text).ok_or("no input schema (a JSON object with \"properties\") found in the page")?;
    Ok(Extracted {
        model_id,
        schema,
        example,
    })
}

/// The first JSON object in the text, in document order, that has `properties` (an object)
/// and no `output`: each `{` is tried as the start of a JSON document. A document that
/// parses is searched whole (its objects, in document order, are the ones that a parse
/// from each of its own `{` would find: a `{` inside one of its strings starts no object)
/// and then skipped, so that each byte is parsed once; only starts whose parse fails are
/// followed by the next `{` inside them (nested at most 128 deep, `serde_json`'s limit).
fn first_input_schema(text: &str) -> Option<Value> {
    let mut from = 0;
    while let Some(found) = text[from..].find('{') {
        let start = from + found;
        let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
        match stream.next() {
            Some(Ok(v)) => {
                if let Some(schema) = find_input_schema(&v) {
                    return Some(schema.clone());
                }
                from = start + stream.byte_offset().max(1);
            }
            _ => from = start + 1,
        }
    }
    None
}

/// The first object in `v` (itself, then its members depth first, in order) that is an
/// input schema.
fn find_input_schema(v: &Value) -> Option<&Value> {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if m.get("properties").is_some_and(Value::is_object) && !m.contains_key("output") {
                    return Some(v);
                }
                stack.extend(m.values().rev());
            }
            Value::Array(a) => stack.extend(a.iter().rev()),
            _ => {}
        }
    }
    None
}

/// The file text written for a schema: pretty JSON, two-space indent, trailing newline.
pub fn render(schema: &Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_input_schema_in_document_order() {
        // An example request, then an object holding the input schema, then the output.
        let page = r#"curl --data '{"prompt": "a {cat}"}'
            text { not json {"unclosed": [1, 2
            {"input": {"title": "x", "schema": {"type": "object", "properties": {"a": {}}}}}
            {"output": {"properties": {"url": {}}}}"#;
        let found = extract(page).unwrap();
        assert_eq!(found.schema["properties"], serde_json::json!({"a": {}}));
        assert_eq!(found.example, Some(serde_json::json!({"prompt": "a {cat}"})));
        // Text in a string is not a document: `{` inside it starts nothing.
        let page = r#"{"note": "{\"properties\": {}}", "x": 1} then {"properties": {"b": {}}}"#;
        assert_eq!(
            extract(page).unwrap().schema["properties"],
            serde_json::json!({"b": {}})
        );
        assert!(extract(r#"{"output": {"properties": {}}}"#).is_err());
    }
}
