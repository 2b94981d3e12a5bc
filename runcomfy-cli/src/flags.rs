//! `runcomfy run <model_id>` flags, generated at run time from the endpoint's IR in their
//! own namespace (argument ids `field:<property>`, flag names never taken from `run`'s own
//! options), and the conversion of their text to the JSON request body.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use clap::{Arg, ArgAction, ArgMatches, Command};
use heck::ToKebabCase;
use runcomfy_schema::ir::{EndpointSchema, Kind, Property};
use runcomfy_schema::{Constraint, Violation, Violations};
use serde_json::{Map, Value};

use crate::describe;
use crate::exit::{CliError, violation_lines};

/// The id prefix of generated flags: their own namespace, apart from `run`'s own options.
const ID_PREFIX: &str = "field:";

/// The prefix a property's flag gets when its name is taken (by `run`'s own options, the
/// global ones, or another property).
const FLAG_PREFIX: &str = "field-";

/// The flag of each property of `schema`, in the schema's order: kebab case (`aspect_ratio`
/// -> `aspect-ratio`, `promptImage` -> `prompt-image`, `width×height` -> `width-height`),
/// prefixed with `field-` (as often as needed) when the name is reserved or already taken.
pub fn flag_names(schema: &EndpointSchema, reserved: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut taken: HashSet<String> = reserved.iter().cloned().collect();
    let mut out = Vec::with_capacity(schema.input.properties.len());
    for p in &schema.input.properties {
        let kebab = p.name.to_kebab_case();
        let mut flag = if kebab.is_empty() { "field".to_owned() } else { kebab };
        while taken.contains(&flag) {
            flag = format!("{FLAG_PREFIX}{flag}");
        }
        taken.insert(flag.clone());
        out.push((p.name.clone(), flag));
    }
    out
}

/// The `run` subcommand with one flag per property of `schema` added next to `run`'s own
/// options, under the heading "Model fields" (help: type, constraints, default, description).
pub fn add_model_flags(run: Command, schema: &EndpointSchema) -> Command {
    let names = flag_names(schema, &crate::args::reserved_long_names());
    let about = format!(
        "Run {}: `run`'s own options, then the model's fields",
        crate::text::line(&schema.model_id)
    );
    let mut cmd = run.about(about);
    for (p, (_, flag)) in schema.input.properties.iter().zip(names) {
        let mut arg = Arg::new(format!("{ID_PREFIX}{}", p.name))
            .long(flag.clone())
            .help(describe::flag_help(p, &flag))
            .help_heading("Model fields");
        arg = match &p.schema.kind {
            Kind::Boolean => arg
                .num_args(0..=1)
                .default_missing_value("true")
                .value_name("BOOL")
                .action(ArgAction::Set),
            Kind::Array { .. } => arg.action(ArgAction::Append).value_name("VALUE"),
            Kind::Media(m) => arg.value_name(m.kind.name().to_uppercase()),
            Kind::Integer { .. } => arg.value_name("INT"),
            Kind::Number { .. } => arg.value_name("NUMBER"),
            Kind::Enum(_) => arg.value_name("VALUE"),
            _ => arg.value_name("TEXT"),
        };
        cmd = cmd.arg(arg);
    }
    cmd
}

/// The request body: `--input`/`--input-file` first, then each property flag given.
///
/// Conversion problems are reported together, in the library's violation format (exit 65);
/// a local media path or input file that does not exist is exit 66.
pub fn body(
    schema: &EndpointSchema,
    input: Option<&str>,
    input_file: Option<&Path>,
    m: &ArgMatches,
) -> Result<Value, CliError> {
    let mut body = Map::new();
    if let Some(text) = input {
        body = parse_object(text, "--input")?;
    }
    if let Some(path) = input_file {
        let shown = path.display().to_string();
        let bytes = read_input(path, runcomfy_client::config::MAX_BODY_BYTES as u64)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            CliError::data(format!(
                "{shown}: not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let from_file = parse_object(&text, &shown)?;
        body.extend(from_file);
    }
    let mut problems = Vec::new();
    for p in &schema.input.properties {
        let Some(values) = m.get_many::<String>(&format!("{ID_PREFIX}{}", p.name)) else {
            continue;
        };
        let values: Vec<&String> = values.collect();
        match convert_property(p, &values) {
            Ok(v) => {
                body.insert(p.name.clone(), v);
            }
            Err(Problem::Invalid(v)) => problems.push(v),
            Err(Problem::Missing(e)) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(CliError::data(format!(
            "invalid request for {}:\n{}",
            schema.model_id,
            violation_lines(&Violations(problems))
        )));
    }
    Ok(Value::Object(body))
}

fn parse_object(text: &str, source: &str) -> Result<Map<String, Value>, CliError> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(CliError::data(format!(
            "{source}: expected a JSON object, found {}",
            json_type(&other)
        ))),
        Err(e) => Err(CliError::data(format!("{source}: not valid JSON: {e}"))),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

enum Problem {
    Invalid(Violation),
    Missing(CliError),
}

fn convert_property(p: &Property, values: &[&String]) -> Result<Value, Problem> {
    let pointer = format!("/{}", p.name.replace('~', "~0").replace('/', "~1"));
    match &p.schema.kind {
        Kind::Array { items, .. } => {
            // One flag holding a JSON array, or the flag repeated once per item.
            if let [one] = values
                && one.trim_start().starts_with('[')
                && let Ok(v @ Value::Array(_)) = serde_json::from_str::<Value>(one)
            {
                return Ok(v);
            }
            values
                .iter()
                .enumerate()
                .map(|(i, v)| convert(&items.kind, v, &format!("{pointer}/{i}")))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        kind => match values.last() {
            Some(v) => convert(kind, v, &pointer),
            None => Ok(Value::Null),
        },
    }
}

fn type_violation(pointer: &str, expected: &'static str, found: &str) -> Problem {
    Problem::Invalid(Violation::new(
        pointer,
        Constraint::Type {
            expected,
            found: format!("{found:?}"),
        },
    ))
}

fn convert(kind: &Kind, text: &str, pointer: &str) -> Result<Value, Problem> {
    match kind {
        Kind::String { .. } => Ok(Value::String(text.to_owned())),
        Kind::Integer { .. } => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| type_violation(pointer, "an integer", text)),
        Kind::Number { .. } => match text.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Value::from(x)),
            _ => Err(type_violation(pointer, "a number", text)),
        },
        Kind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => Ok(Value::Bool(true)),
            "false" | "no" | "0" | "off" => Ok(Value::Bool(false)),
            _ => Err(type_violation(pointer, "a boolean", text)),
        },
        Kind::Enum(e) => {
            // By the text form (`16:9`, `5`); anything else goes to the validator, which
            // names the allowed values.
            if let Some(lit) = e.values.iter().find(|l| l.to_text() == text.trim()) {
                return Ok(lit.to_value());
            }
            Ok(serde_json::from_str::<Value>(text)
                .ok()
                .filter(|v| !v.is_string())
                .unwrap_or_else(|| Value::String(text.to_owned())))
        }
        Kind::Media(_) => media(text).map(Value::String),
        Kind::Array { .. } | Kind::Object(_) | Kind::FreeForm | Kind::Any => {
            Ok(serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.to_owned())))
        }
    }
}

/// Reads a user file (`-` = stdin) of at most `max` bytes: a file that cannot be read is
/// exit 66, one that is too large (or endless, like `/dev/zero`) exit 65.
pub fn read_input(path: &Path, max: u64) -> Result<Vec<u8>, CliError> {
    runcomfy_client::media::read_file(path, max).map_err(|e| match e.kind() {
        runcomfy_client::ErrorKind::Io => CliError::no_input(e.display_chain()),
        _ => CliError::data(e.message().to_owned()),
    })
}

/// A media flag: an URL or `data:` URI as given (the validator judges it), else a local
/// file read into a `data:` URI, at most [`runcomfy_client::media::DEFAULT_MAX_INLINE_BYTES`].
fn media(text: &str) -> Result<String, Problem> {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("data:") {
        return Ok(text.to_owned());
    }
    let path = Path::new(text);
    let bytes = read_input(path, runcomfy_client::media::DEFAULT_MAX_INLINE_BYTES).map_err(Problem::Missing)?;
    Ok(runcomfy_client::media::from_bytes(&bytes, text).into_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(names: &[&str]) -> EndpointSchema {
        let props: serde_json::Map<String, Value> = names
            .iter()
            .map(|n| ((*n).to_owned(), serde_json::json!({"type": "string"})))
            .collect();
        let text = serde_json::json!({"type": "object", "properties": props}).to_string();
        runcomfy_schema::parse_schema("t.json", "t/m", &text).schema.unwrap()
    }

    #[test]
    fn flag_names_are_kebab_case_in_their_own_namespace() {
        let s = schema(&[
            "aspect_ratio",
            "promptImage",
            "width×height",
            "input",
            "timeout",
            "field_timeout",
            "×",
        ]);
        let names: Vec<String> = flag_names(&s, &crate::args::reserved_long_names())
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        assert_eq!(
            names,
            [
                "aspect-ratio",
                "prompt-image",
                "width-height",
                "field-input",
                "field-timeout",
                "field-field-timeout",
                "field"
            ]
        );
    }
}
