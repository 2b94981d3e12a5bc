//! `runcomfy run <model_id>` flags, generated at run time from the endpoint's IR, and the
//! conversion of their text to the JSON request body.

use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, ArgMatches, Command};
use heck::ToKebabCase;
use runcomfy_schema::ir::{EndpointSchema, Kind, Property};
use runcomfy_schema::{Constraint, Violation, Violations};
use serde_json::{Map, Value};

use crate::exit::{CliError, violation_lines};

/// Flags of `run` itself; a property whose flag would clash gets a `field-` prefix.
const RESERVED: &[&str] = &[
    "input",
    "input-file",
    "output-dir",
    "output",
    "no-wait",
    "no-download",
    "timeout",
    "simulate",
    "quiet",
    "verbose",
    "help",
    "schema",
    "dry-run",
    "yes",
    "max-price",
    "confirm-above",
    "schemas",
    "retries",
];

/// What `run` needs to know before it can generate a model's flags: a schema file given
/// with `--schema FILE`, and `--simulate`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prescan {
    /// `--schema FILE`.
    pub schema: Option<PathBuf>,
    /// `--simulate`.
    pub simulate: bool,
}

/// Looks for `--schema FILE` / `--schema=FILE` and `--simulate` among `run`'s arguments.
pub fn prescan(args: &[String]) -> Prescan {
    let mut out = Prescan::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        } else if a == "--schema" {
            out.schema = it.next().map(PathBuf::from);
        } else if let Some(path) = a.strip_prefix("--schema=") {
            out.schema = Some(PathBuf::from(path));
        } else if a == "--simulate" {
            out.simulate = true;
        }
    }
    out
}

/// The flag of a property name: kebab case (`aspect_ratio` -> `aspect-ratio`,
/// `promptImage` -> `prompt-image`, `width×height` -> `width-height`).
pub fn flag_name(property: &str) -> String {
    let kebab = property.to_kebab_case();
    let kebab = if kebab.is_empty() { "field".to_owned() } else { kebab };
    if RESERVED.contains(&kebab.as_str()) {
        format!("field-{kebab}")
    } else {
        kebab
    }
}

/// The `run <model_id>` command: the fixed flags plus one flag per property.
pub fn command(schema: &EndpointSchema, color: clap::ColorChoice) -> Command {
    let mut cmd = Command::new(format!("runcomfy run {}", schema.model_id))
        .no_binary_name(true)
        // `--steps -1` is a value for the validator to judge, not an unknown flag `-1`.
        .allow_negative_numbers(true)
        .color(color)
        .about(
            schema
                .docs
                .title
                .clone()
                .unwrap_or_else(|| format!("Run {}", schema.model_id)),
        )
        .arg(
            Arg::new("input")
                .long("input")
                .value_name("JSON")
                .help("The request body as a JSON object; flags override its fields"),
        )
        .arg(
            Arg::new("input-file")
                .long("input-file")
                .value_name("PATH|-")
                .help("Read the request body (a JSON object) from a file, or stdin with -"),
        )
        .arg(
            Arg::new("output-dir")
                .long("output-dir")
                .short('o')
                .value_name("DIR")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Where outputs are downloaded [default: current directory]"),
        )
        .arg(
            Arg::new("no-wait")
                .long("no-wait")
                .action(ArgAction::SetTrue)
                .help("Submit, print the request id and exit"),
        )
        .arg(
            Arg::new("no-download")
                .long("no-download")
                .action(ArgAction::SetTrue)
                .help("Print the outputs' URLs instead of downloading them"),
        )
        .arg(
            Arg::new("schema")
                .long("schema")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Read the model's schema from this file (e.g. one `runcomfy schemas pull` wrote)"),
        )
        .arg(
            Arg::new("dry-run")
                .long("dry-run")
                .action(ArgAction::SetTrue)
                .help("Check the request and print its body and estimated price; submit nothing"),
        )
        .arg(
            Arg::new("yes")
                .long("yes")
                .short('y')
                .action(ArgAction::SetTrue)
                .help("Do not ask before submitting, whatever the estimated price"),
        )
        .arg(
            Arg::new("max-price")
                .long("max-price")
                .value_name("USD")
                .value_parser(crate::parse_usd)
                .help("Refuse to submit when the estimated price is above this (for scripts)"),
        )
        .arg(
            Arg::new("confirm-above")
                .long("confirm-above")
                .value_name("USD")
                .value_parser(crate::parse_usd)
                .help("On a terminal, ask before submitting when the estimated price is above this [default: 1 USD, or RUNCOMFY_CONFIRM_ABOVE]"),
        )
        .arg(
            Arg::new("timeout")
                .long("timeout")
                .value_name("SECONDS")
                .value_parser(clap::value_parser!(u64).range(1..=crate::remote::MAX_TIMEOUT_SECS))
                .default_value("600")
                .help("Stop waiting after this long, at most 7 days (exit 75; the job may still run)"),
        )
        .arg(
            Arg::new("output")
                .long("output")
                .value_parser(["text", "json"])
                .help("Output format (also accepted before `run`)"),
        )
        .arg(
            Arg::new("simulate")
                .long("simulate")
                .action(ArgAction::SetTrue)
                .help("Run against an in-process simulator (also accepted before `run`)"),
        )
        .arg(
            Arg::new("quiet")
                .long("quiet")
                .short('q')
                .action(ArgAction::SetTrue)
                .help("Less output"),
        )
        .arg(
            Arg::new("verbose")
                .long("verbose")
                .short('v')
                .action(ArgAction::SetTrue)
                .help("More output"),
        );
    let mut seen: Vec<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
    for p in &schema.input.properties {
        let mut flag = flag_name(&p.name);
        while seen.contains(&flag) {
            flag = format!("field-{flag}");
        }
        seen.push(flag.clone());
        let mut arg = Arg::new(p.name.clone())
            .long(flag)
            .help(crate::catalog::flag_help(p))
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
pub fn body(schema: &EndpointSchema, m: &ArgMatches) -> Result<Value, CliError> {
    let mut body = Map::new();
    if let Some(text) = m.get_one::<String>("input") {
        body = parse_object(text, "--input")?;
    }
    if let Some(path) = m.get_one::<String>("input-file") {
        let bytes = read_input(Path::new(path), runcomfy_client::config::MAX_BODY_BYTES as u64)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            CliError::data(format!(
                "{path}: not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let from_file = parse_object(&text, path)?;
        body.extend(from_file);
    }
    let mut problems = Vec::new();
    for p in &schema.input.properties {
        let Some(values) = m.get_many::<String>(&p.name) else {
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

    #[test]
    fn flag_names_are_kebab_case() {
        assert_eq!(flag_name("aspect_ratio"), "aspect-ratio");
        assert_eq!(flag_name("promptImage"), "prompt-image");
        assert_eq!(flag_name("width×height"), "width-height");
        assert_eq!(flag_name("input"), "field-input");
    }
}
