//! Property tests of the dialect parser on generated schema documents: it never panics, it
//! returns a schema exactly when it reports no error, and (feature `codegen`) the code
//! generated from such a schema parses as a Rust file.
//!
//! The generated documents are biased toward the dialect's keywords with values of every JSON
//! type, so both well-formed schemas and every kind of error are reached.
//!
//! `cargo test -p runcomfy-schema --test no_panic` runs the parser half;
//! `cargo test -p runcomfy-schema --features codegen --test no_panic` (or `cargo test
//! --workspace`, where `runcomfy-macros` enables the feature) adds code generation.

use proptest::prelude::*;
use proptest::sample::select;
use runcomfy_schema::{Diagnostic, EndpointSchema, Parsed, parse_schema};
use serde_json::{Map, Value};

const FILE: &str = "schemas/acme/prop.json";

const TYPES: &[&str] = &[
    "string", "integer", "number", "float", "boolean", "object", "array", "null", "STRING", "Float", "int", "dict",
    "list", "strnig", "",
];

const FORMATS: &[&str] = &[
    "image_uri",
    "image_uris",
    "video_uri",
    "video_uris",
    "audio_uri",
    "audio_uris",
    "uri",
    "uris",
    "date-time",
    "textarea",
    "made-up",
];

const BOUNDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
];

const OTHER_KEYWORDS: &[&str] = &[
    "title",
    "description",
    "examples",
    "pattern",
    "additionalProperties",
    "nullable",
    "deprecated",
    "$schema",
];

/// Property names and strings chosen to collide or to need renaming.
const NAMES: &[&str] = &[
    "prompt",
    "steps",
    "a-b",
    "a_b",
    "imageUrl",
    "image_url",
    "type",
    "self",
    "Self",
    "16:9",
    "16-9",
    "1k",
    "1K",
    "720P",
    "720p",
    "×",
    "",
    "-1",
    "width×height",
    "request",
    "Request",
    "new",
    "validate",
    "MODEL_ID",
];

const RULES: &[&str] = &[
    "width_pixels<",
    "height_pixels>=",
    "width/height>",
    "file_size_mb<=",
    "duration_seconds<",
    "width_pixels",
    "<",
    "",
];

const MODEL_IDS: &[&str] = &[
    "acme/prop",
    "acme/prop/v1.5/4K",
    "solo",
    "a//b",
    "a/b/c/d/e/f",
    "-a/b",
    "a/b c",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-20i64..20).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        select(&[u64::MAX, 1 << 53, 4_294_967_295][..]).prop_map(Value::from),
        (-1.0e3f64..1.0e3).prop_map(Value::from),
        select(&[0.5, 1.5, -0.0, 1.0e300, -1.0e300, 9.3e18][..]).prop_map(Value::from),
        select(NAMES).prop_map(Value::from),
        select(TYPES).prop_map(Value::from),
        "[a-zA-Z0-9:_ ./-]{0,8}".prop_map(Value::from),
    ]
}

fn object(entries: Vec<(String, Value)>) -> Value {
    Value::Object(entries.into_iter().collect::<Map<_, _>>())
}

fn rule(any_value: BoxedStrategy<Value>) -> impl Strategy<Value = Value> {
    (
        prop_oneof![3 => select(RULES).prop_map(Value::from), 1 => any_value.clone()],
        prop_oneof![3 => (-10.0f64..5000.0).prop_map(Value::from), 1 => any_value.clone()],
        prop::option::of(prop_oneof![scalar(), any_value]),
    )
        .prop_map(|(rule, value, error)| {
            let mut m = Map::new();
            m.insert("validation_rule".into(), rule);
            m.insert("validation_value".into(), value);
            if let Some(e) = error {
                m.insert("validation_error".into(), e);
            }
            Value::Object(m)
        })
}

/// One `keyword: value` entry of a schema node; `node` is a nested schema node, `any_value` any
/// generated value (including nodes).
fn entry(node: BoxedStrategy<Value>, any_value: BoxedStrategy<Value>) -> impl Strategy<Value = (String, Value)> {
    let key = |k: &'static str| Just(k.to_owned());
    prop_oneof![
        3 => (key("type"), prop_oneof![
            4 => select(TYPES).prop_map(Value::from),
            1 => prop::collection::vec(select(TYPES).prop_map(Value::from), 0..3).prop_map(Value::Array),
            1 => any_value.clone(),
        ]),
        2 => (key("enum"), prop_oneof![
            4 => prop::collection::vec(scalar(), 0..5).prop_map(Value::Array),
            1 => any_value.clone(),
        ]),
        3 => (select(BOUNDS).prop_map(str::to_owned), prop_oneof![
            4 => scalar(),
            1 => any_value.clone(),
        ]),
        2 => (key("items"), prop_oneof![4 => node.clone(), 1 => any_value.clone()]),
        2 => (key("properties"), prop_oneof![
            4 => prop::collection::vec((select(NAMES).prop_map(str::to_owned), node.clone()), 0..4).prop_map(object),
            1 => any_value.clone(),
        ]),
        2 => (key("required"), prop_oneof![
            4 => prop::collection::vec(prop_oneof![select(NAMES).prop_map(Value::from), scalar()], 0..3)
                .prop_map(Value::Array),
            1 => any_value.clone(),
        ]),
        2 => (key("format"), prop_oneof![4 => select(FORMATS).prop_map(Value::from), 1 => any_value.clone()]),
        2 => (key("validations"), prop_oneof![
            4 => prop::collection::vec(rule(any_value.clone()), 0..3).prop_map(Value::Array),
            1 => any_value.clone(),
        ]),
        2 => (key("default"), any_value.clone()),
        1 => (select(OTHER_KEYWORDS).prop_map(str::to_owned), any_value.clone()),
        1 => ("[a-z]{1,6}", any_value),
    ]
}

/// A schema node: an object of keyword entries, nested up to a few levels.
fn node() -> BoxedStrategy<Value> {
    let leaf = prop::collection::vec(
        (
            prop_oneof![
                select(&["type", "default", "enum", "minimum", "maxLength"][..]),
                select(BOUNDS)
            ]
            .prop_map(str::to_owned),
            scalar(),
        ),
        0..3,
    )
    .prop_map(object)
    .boxed();
    leaf.prop_recursive(3, 48, 6, |inner| {
        let any_value = prop_oneof![
            3 => scalar(),
            1 => inner.clone(),
            1 => prop::collection::vec(scalar(), 0..3).prop_map(Value::Array),
        ]
        .boxed();
        prop::collection::vec(entry(inner, any_value), 0..6).prop_map(object)
    })
    .boxed()
}

/// A whole document: usually an object schema with properties, sometimes any node or scalar.
fn document() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (
            prop::collection::vec((select(NAMES).prop_map(str::to_owned), node()), 0..6),
            prop::collection::vec(select(NAMES).prop_map(Value::from), 0..3),
            prop::option::of(select(&["object", "Object", "string"][..])),
        )
            .prop_map(|(props, required, ty)| {
                let mut m = Map::new();
                if let Some(ty) = ty {
                    m.insert("type".into(), Value::from(ty));
                }
                m.insert("required".into(), Value::Array(required));
                m.insert("properties".into(), object(props));
                Value::Object(m)
            }),
        2 => node(),
        1 => scalar(),
    ]
}

/// The parser's contract, on any input: a schema exactly when no error is reported, and every
/// diagnostic names the file and a JSON pointer.
fn check_parsed(parsed: &Parsed) {
    let has_errors = parsed.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(
        parsed.schema.is_some(),
        !has_errors,
        "schema returned with errors, or no schema and no error: {:#?}",
        parsed.diagnostics
    );
    for d in &parsed.diagnostics {
        assert_eq!(d.file, FILE);
        assert!(d.pointer.is_empty() || d.pointer.starts_with('/'), "bad pointer in {d}");
        assert!(!d.message.is_empty(), "empty message at {}", d.pointer);
    }
}

/// Validating the documented defaults, an empty body and the document itself never panics, and
/// a rejection always names at least one violation.
fn check_validation(schema: &EndpointSchema, doc: &Value) {
    let defaults: Map<String, Value> = schema
        .input
        .properties
        .iter()
        .filter_map(|p| Some((p.name.clone(), p.schema.docs.default.clone()?)))
        .collect();
    for body in [doc.clone(), Value::Object(defaults), Value::Object(Map::new())] {
        match schema.validate(&body) {
            Ok(()) => {
                for m in schema.media_inputs(&body) {
                    assert_eq!(body.pointer(&m.pointer).and_then(Value::as_str), Some(m.value));
                }
            }
            Err(violations) => assert!(!violations.is_empty()),
        }
    }
}

/// A one-file catalog, as `Catalog::load` would build it.
#[cfg(feature = "codegen")]
fn catalog(model_id: &str, text: &str, parsed: Parsed) -> runcomfy_schema::Catalog {
    runcomfy_schema::Catalog {
        files: vec![runcomfy_schema::SchemaFile {
            model_id: model_id.to_owned(),
            label: FILE.to_owned(),
            path: FILE.into(),
            text: text.to_owned(),
            parsed,
        }],
        folder_diagnostics: Vec::new(),
    }
}

/// Code generation never panics, reports the parser's errors, and when it reports none its
/// tokens parse as a Rust file.
#[cfg(feature = "codegen")]
fn check_codegen(model_id: &str, text: &str, parsed: Parsed) {
    use runcomfy_schema::codegen::{Options, generate_catalog};

    let parse_failed = parsed.schema.is_none();
    let generated = generate_catalog(&catalog(model_id, text, parsed), None, &Options::default());
    if parse_failed {
        assert!(generated.has_errors(), "code generated for a schema with errors");
        return;
    }
    if !generated.has_errors()
        && let Err(e) = syn::parse2::<syn::File>(generated.tokens.clone())
    {
        panic!("generated code does not parse: {e}\n{}", generated.tokens);
    }
}

#[cfg(not(feature = "codegen"))]
fn check_codegen(_model_id: &str, _text: &str, _parsed: Parsed) {}

fn check_document(model_id: &str, doc: &Value, pretty: bool) {
    let text = if pretty {
        serde_json::to_string_pretty(doc)
    } else {
        serde_json::to_string(doc)
    }
    .expect("a Value serializes");
    let parsed = parse_schema(FILE, model_id, &text);
    check_parsed(&parsed);
    if let Some(schema) = &parsed.schema {
        assert_eq!(schema.model_id, model_id);
        check_validation(schema, doc);
    }
    check_codegen(model_id, &text, parsed);
}

proptest! {
    // No failure persistence: a failure prints its minimal input, to be added as a unit test.
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents(doc in document(), pretty in any::<bool>()) {
        check_document("acme/prop", &doc, pretty);
    }

    #[test]
    fn generated_documents_under_any_model_id(doc in document(), model_id in select(MODEL_IDS)) {
        check_document(model_id, &doc, false);
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,120}") {
        check_parsed(&parse_schema(FILE, "acme/prop", &text));
    }

    #[test]
    fn truncated_documents(doc in document(), cut in any::<prop::sample::Index>()) {
        let text = serde_json::to_string(&doc).expect("a Value serializes");
        let cut = text.char_indices().map(|(i, _)| i).nth(cut.index(text.chars().count().max(1))).unwrap_or(0);
        check_parsed(&parse_schema(FILE, "acme/prop", &text[..cut]));
    }
}

/// The strategies do reach both outcomes: a test that only ever saw errors would prove little.
#[test]
fn the_generator_reaches_schemas_and_errors() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let (mut ok, mut errors, mut generated) = (0, 0, 0);
    for _ in 0..256 {
        let doc = document().new_tree(&mut runner).expect("a document").current();
        let text = doc.to_string();
        let parsed = parse_schema(FILE, "acme/prop", &text);
        if parsed.schema.is_some() {
            ok += 1;
            if generates_code(&text, parsed) {
                generated += 1;
            }
        } else {
            errors += 1;
        }
    }
    assert!(ok >= 10, "only {ok} of 256 documents parsed");
    assert!(errors >= 10, "only {errors} of 256 documents had errors");
    if cfg!(feature = "codegen") {
        assert!(generated >= 10, "only {generated} of 256 documents generated code");
    }
}

/// Does code generation succeed (no collision error) on this valid schema?
#[cfg(feature = "codegen")]
fn generates_code(text: &str, parsed: Parsed) -> bool {
    use runcomfy_schema::codegen::{Options, generate_catalog};

    !generate_catalog(&catalog("acme/prop", text, parsed), None, &Options::default()).has_errors()
}

#[cfg(not(feature = "codegen"))]
fn generates_code(_text: &str, _parsed: Parsed) -> bool {
    false
}
