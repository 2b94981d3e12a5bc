//! The dialect parser: RunComfy's JSON-Schema-like input schemas to the [IR](crate::ir).
//!
//! Two halves: `read.rs` reads each keyword's JSON value into its Rust form, and `resolve.rs`
//! decides what a node means (its kind, which keywords apply, whether its constraints leave
//! a value, how media hints reach array items, whether its default fits).
//!
//! Every problem in a file is reported into one [`Ctxt`] and the caller checks it once, so
//! all of them are reported together, each with the file and the JSON pointer it is at.
//! Errors are problems that make a correct type impossible (a bound that is not a number, an
//! enum holding objects); warnings are things that were ignored or inferred (an unknown
//! keyword, an unknown validation metric). Nothing here panics, on any input.

mod read;
mod resolve;

use serde_json::Value;

use crate::diagnostic::{Ctxt, Diagnostic, FileCtxt};
use crate::ir::EndpointSchema;
use crate::model_id::{check_model_id, segment_count};

/// The result of parsing one schema file.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The IR, when the file has no errors.
    pub schema: Option<EndpointSchema>,
    /// Every error and warning found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// The errors, one message each (`file: pointer: message`); warnings are left out.
    pub fn error_messages(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect()
    }
}

/// Parses the schema text of the endpoint `model_id`, read from `file`.
///
/// ```
/// let parsed = runcomfy_schema::parse_schema(
///     "schemas/x/y.json",
///     "x/y",
///     r#"{"type":"object","properties":{"steps":{"type":"integer","maximum":"8"}}}"#,
/// );
/// assert!(parsed.schema.is_none());
/// assert_eq!(
///     parsed.diagnostics[0].to_string(),
///     r#"schemas/x/y.json: /properties/steps/maximum: expected a number, found "8""#
/// );
/// ```
pub fn parse_schema(file: &str, model_id: &str, text: &str) -> Parsed {
    let mut cx = Ctxt::new();
    let schema = parse_into(&mut cx, file, model_id, text);
    Parsed {
        schema,
        diagnostics: cx.into_problems(),
    }
}

/// Parses like [`parse_schema`], reporting into `cx`. The IR is returned only when this file
/// added no error to `cx`.
pub fn parse_into(cx: &mut Ctxt, file: &str, model_id: &str, text: &str) -> Option<EndpointSchema> {
    let before = cx.error_count();
    let mut p = Parser { cx: cx.file(file) };
    match check_model_id(model_id) {
        Ok(()) if segment_count(model_id) > 5 => p.cx.warning(
            "",
            format!("model id {model_id:?} has more than 5 segments; the catalog uses 2 to 5"),
        ),
        Ok(()) => {}
        Err(e) => p.cx.error("", e),
    }
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            p.cx.error("", format!("invalid JSON: {e}"));
            return None;
        }
    };
    let (input, docs) = p.root(&root)?;
    (cx.error_count() == before).then(|| EndpointSchema {
        model_id: model_id.to_owned(),
        file: file.to_owned(),
        input,
        docs,
    })
}

/// The parser of one file: [`read`] and [`resolve`] add its methods.
struct Parser<'a> {
    cx: FileCtxt<'a>,
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::ir::{Kind, Literal};
    use crate::media::Metric;

    fn parse(text: &str) -> Parsed {
        parse_schema("schemas/acme/m.json", "acme/m", text)
    }

    fn messages(p: &Parsed, severity: Severity) -> Vec<String> {
        p.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect()
    }

    #[test]
    fn every_error_in_a_file_is_reported_together() {
        let p = parse(
            r#"{"type":"object","properties":{
                "a":{"type":"strnig"},
                "b":{"type":"integer","maximum":"8"},
                "c":{"type":"string","minLength":5,"maxLength":2},
                "d":{"enum":[{"x":1}]},
                "e":{"type":"string","validations":[{"validation_rule":"width_pixels","validation_value":5}]}
            }}"#,
        );
        assert!(p.schema.is_none());
        let errors = messages(&p, Severity::Error);
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(errors[0].starts_with("/properties/a/type: unknown type \"strnig\""));
        assert_eq!(errors[1], "/properties/b/maximum: expected a number, found \"8\"");
        assert!(
            errors[2].starts_with("/properties/c/minLength: no value fits"),
            "{errors:#?}"
        );
        assert!(errors[3].starts_with("/properties/d/enum/0: enum values must be"));
        assert!(errors[4].starts_with("/properties/e/validations/0/validation_rule: rule \"width_pixels\""));
    }

    #[test]
    fn quirks_parse_with_warnings_not_errors() {
        let p = parse(
            r#"{"type":"object","properties":{
                "img":{"type":"string","format":"image_uri","default":""},
                "v":{"type":"string","validations":[{"validation_rule":"duration_seconds<","validation_value":10,"validation_error":"short"}]},
                "e":{"type":"string","enum":[]},
                "c":{"const":"fixed"},
                "any":true,
                "u":{"oneOf":[{"type":"string"},{"type":"integer"}]},
                "m":{"type":"number","multipleOf":0.5},
                "x":{"type":"string","x-order":3}
            }}"#,
        );
        let schema = p.schema.as_ref().expect("no errors");
        let warnings = messages(&p, Severity::Warning);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("unknown validation metric \"duration_seconds\"")),
            "{warnings:#?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("/properties/e/enum: the enum lists no value"))
        );
        assert!(warnings.iter().any(|w| w.starts_with("/properties/u/oneOf")));
        assert!(warnings.iter().any(|w| w.starts_with("/properties/m/multipleOf")));
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("/properties/x/x-order: unknown keyword"))
        );
        assert!(
            !warnings.iter().any(|w| w.starts_with("/properties/img")),
            "a blank default is not stale docs"
        );
        assert!(matches!(
            schema.input.property("e").unwrap().schema.kind,
            Kind::String { .. }
        ));
        assert!(
            matches!(&schema.input.property("c").unwrap().schema.kind, Kind::Enum(e) if e.values == [Literal::String("fixed".into())])
        );
        assert!(matches!(schema.input.property("any").unwrap().schema.kind, Kind::Any));
        assert!(matches!(schema.input.property("u").unwrap().schema.kind, Kind::Any));
        match &schema.input.property("v").unwrap().schema.kind {
            Kind::Media(m) => assert!(matches!(m.rules[0].metric, Metric::Unknown(_))),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn duplicates_are_found_by_value_and_required_names_by_set() {
        let p = parse(
            r#"{"type":"object","required":["a","a","zz"],"properties":{
                "a":{"enum":[5, 5.0, "5", 5, -0.0, 0.0, true, true]},
                "b":{"type":"string"}
            }}"#,
        );
        let warnings = messages(&p, Severity::Warning);
        assert_eq!(
            warnings,
            [
                "/required/1: \"a\" is listed twice",
                "/required/2: required property \"zz\" is not defined in \"properties\"; ignored",
                "/properties/a/enum/3: duplicate enum value 5; ignored",
                "/properties/a/enum/5: duplicate enum value 0.0; ignored",
                "/properties/a/enum/7: duplicate enum value true; ignored",
            ]
        );
        let schema = p.schema.unwrap();
        let a = schema.input.property("a").unwrap();
        assert!(a.required);
        assert!(!schema.input.property("b").unwrap().required);
        match &a.schema.kind {
            Kind::Enum(e) => assert_eq!(e.values.len(), 5),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn types_are_case_insensitive_and_float_means_number() {
        let p = parse(
            r#"{"type":"OBJECT","properties":{"a":{"type":"Float","maximum":1},"b":{"type":"STRING"},"c":{"type":["integer","null"]}}}"#,
        );
        let schema = p.schema.unwrap();
        assert!(matches!(schema.input.properties[0].schema.kind, Kind::Number { .. }));
        assert!(matches!(schema.input.properties[1].schema.kind, Kind::String { .. }));
        assert!(matches!(schema.input.properties[2].schema.kind, Kind::Integer { .. }));
    }

    #[test]
    fn invalid_json_and_bad_model_ids_are_errors() {
        let p = parse("{\"type\": \"object\",");
        assert!(
            p.diagnostics[0].message.starts_with("invalid JSON"),
            "{:?}",
            p.diagnostics
        );
        assert!(p.diagnostics[0].message.contains("line 1"), "{:?}", p.diagnostics);
        let p = parse_schema("schemas/solo.json", "solo", r#"{"properties":{}}"#);
        assert!(p.schema.is_none());
        assert!(p.diagnostics[0].message.contains("1 segment"));
    }
}
