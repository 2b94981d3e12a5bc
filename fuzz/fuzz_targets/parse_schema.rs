//! Arbitrary bytes as a schema file: the parser, the code generator and the value validator
//! must never panic, and their results must agree with each other.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use runcomfy_schema::codegen::{Options, generate_catalog, pretty};
use runcomfy_schema::{Catalog, Diagnostic, SchemaFile, parse_schema};
use serde_json::{Map, Value};

const FILE: &str = "fuzz.json";
const MODEL_ID: &str = "acme/fuzz";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let parsed = parse_schema(FILE, MODEL_ID, &text);

    // A schema exactly when there is no error, and every diagnostic names the file and a
    // JSON pointer (empty or starting with `/`).
    let has_errors = parsed.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(parsed.schema.is_some(), !has_errors, "{:#?}", parsed.diagnostics);
    for d in &parsed.diagnostics {
        assert_eq!(d.file, FILE);
        assert!(d.pointer.is_empty() || d.pointer.starts_with('/'), "{d}");
    }

    if let Some(schema) = &parsed.schema {
        // The input parsed, so it is JSON: validate the schema document as a request body,
        // the documented defaults as a request, and an empty request.
        let value: Value = serde_json::from_str(&text).expect("a parsed schema is JSON");
        let mut defaults = Map::new();
        for p in &schema.input.properties {
            if let Some(d) = &p.schema.docs.default {
                defaults.insert(p.name.clone(), d.clone());
            }
        }
        for body in [value, Value::Object(defaults), Value::Object(Map::new())] {
            match schema.validate(&body) {
                Ok(()) => {
                    for m in schema.media_inputs(&body) {
                        let _ = m.input();
                    }
                }
                Err(violations) => assert!(!violations.is_empty()),
            }
        }
    }

    // Code generation on the same file, errors included: never a panic, and when it
    // reports no error its tokens parse as a Rust file.
    let catalog = Catalog {
        files: vec![SchemaFile {
            model_id: MODEL_ID.to_owned(),
            label: FILE.to_owned(),
            path: PathBuf::from(FILE),
            text,
            parsed,
        }],
        folder_diagnostics: Vec::new(),
    };
    let generated = generate_catalog(&catalog, None, &Options::default());
    if catalog.has_errors() {
        assert!(generated.has_errors());
    }
    if !generated.has_errors()
        && let Err(e) = pretty(&generated.tokens)
    {
        panic!("generated code does not parse: {e}\n{}", generated.tokens);
    }
});
