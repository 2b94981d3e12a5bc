//! Diagnostics: every problem in a schema file, with the file and the JSON pointer it is at.

use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The schema is usable; something was ignored or guessed and the user should know.
    Warning,
    /// The schema cannot be turned into a correct type.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in a schema file.
///
/// Displays as `schemas/x.json: /properties/steps/maximum: expected a number, found "8"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user named it (usually relative to the crate root).
    pub file: String,
    /// RFC 6901 JSON pointer into the file (`""` is the whole document).
    pub pointer: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// Is this an error (as opposed to a warning)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An empty pointer is the whole file (or, for folder problems, the folder itself).
        if self.pointer.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.pointer, self.message)
        }
    }
}

/// Something a [`Ctxt`] collects: it knows whether it stops the run.
pub trait Problem {
    /// Does this problem make the run fail (as opposed to a warning)?
    fn is_error(&self) -> bool;
}

impl Problem for Diagnostic {
    fn is_error(&self) -> bool {
        Diagnostic::is_error(self)
    }
}

/// The diagnostics context of one run, the pattern of serde_derive's `Ctxt`: every phase
/// (reading the folder, parsing the dialect, its semantic checks, building the generator's
/// model, checking a `request!`) reports into it and carries on, and the caller checks once
/// at the end, so that the user sees every problem at once.
///
/// `P` is what is reported: a [`Diagnostic`] (file + JSON pointer) for schemas; the
/// `request!` checker reports errors located at the user's tokens.
#[derive(Debug, Clone)]
pub struct Ctxt<P = Diagnostic> {
    problems: Vec<P>,
    errors: usize,
}

impl<P> Default for Ctxt<P> {
    fn default() -> Self {
        Ctxt {
            problems: Vec::new(),
            errors: 0,
        }
    }
}

impl<P: Problem> Ctxt<P> {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reports a problem.
    pub fn report(&mut self, problem: P) {
        if problem.is_error() {
            self.errors += 1;
        }
        self.problems.push(problem);
    }

    /// How many errors so far. A phase compares this before and after a step to learn
    /// whether the step failed, without threading a result of its own.
    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// Any error so far?
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// The problems so far, in the order reported.
    pub fn problems(&self) -> &[P] {
        &self.problems
    }

    /// Every problem, in the order reported.
    pub fn into_problems(self) -> Vec<P> {
        self.problems
    }

    /// The one check at the end: `Ok(warnings)` when nothing is an error, else `Err(all)`.
    pub fn check(self) -> Result<Vec<P>, Vec<P>> {
        if self.errors > 0 {
            Err(self.problems)
        } else {
            Ok(self.problems)
        }
    }
}

impl<P: Problem> Extend<P> for Ctxt<P> {
    fn extend<I: IntoIterator<Item = P>>(&mut self, iter: I) {
        for p in iter {
            self.report(p);
        }
    }
}

impl Ctxt<Diagnostic> {
    /// Reports an error in `file` at `pointer`.
    pub fn error(&mut self, file: &str, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Error, file, pointer, message.into());
    }

    /// Reports a warning in `file` at `pointer`.
    pub fn warning(&mut self, file: &str, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Warning, file, pointer, message.into());
    }

    fn push(&mut self, severity: Severity, file: &str, pointer: &str, message: String) {
        self.report(Diagnostic {
            severity,
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message,
        });
    }

    /// A reporter for problems in one file.
    pub fn file<'a>(&'a mut self, file: &'a str) -> FileCtxt<'a> {
        FileCtxt { cx: self, file }
    }
}

/// A [`Ctxt`] seen from one file: problems are reported with their JSON pointer only.
#[derive(Debug)]
pub struct FileCtxt<'a> {
    cx: &'a mut Ctxt,
    file: &'a str,
}

impl FileCtxt<'_> {
    /// The file problems are reported in.
    pub fn file(&self) -> &str {
        self.file
    }

    /// Reports an error at `pointer`.
    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.cx.error(self.file, pointer, message);
    }

    /// Reports a warning at `pointer`.
    pub fn warning(&mut self, pointer: &str, message: impl Into<String>) {
        self.cx.warning(self.file, pointer, message);
    }

    /// How many errors the whole context holds so far (see [`Ctxt::error_count`]).
    pub fn error_count(&self) -> usize {
        self.cx.error_count()
    }
}

/// Appends `token` to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// A short description of a JSON value for messages: `"8"`, `12`, `an object`, `null`.
pub fn describe_value(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let shown: String = s.chars().take(60).collect();
            if shown.len() < s.len() {
                format!("{:?}...", shown)
            } else {
                format!("{s:?}")
            }
        }
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_rfc6901() {
        assert_eq!(pointer_push("", "a/b~c"), "/a~1b~0c");
        assert_eq!(pointer_push("/properties", "width×height"), "/properties/width×height");
    }

    #[test]
    fn display_names_file_and_pointer() {
        let mut cx = Ctxt::new();
        cx.file("schemas/x.json")
            .error("/properties/steps/maximum", "expected a number, found \"8\"");
        assert_eq!(
            cx.problems()[0].to_string(),
            "schemas/x.json: /properties/steps/maximum: expected a number, found \"8\""
        );
        assert!(cx.has_errors());
    }

    #[test]
    fn one_check_at_the_end_sorts_warnings_from_errors() {
        let mut cx = Ctxt::new();
        cx.warning("a.json", "", "odd");
        assert_eq!(cx.error_count(), 0);
        let warnings = cx.clone().check().expect("only a warning");
        assert_eq!(warnings.len(), 1);
        cx.error("a.json", "/x", "bad");
        assert_eq!(cx.error_count(), 1);
        assert_eq!(cx.check().unwrap_err().len(), 2);
    }
}
