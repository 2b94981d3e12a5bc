//! The API token: a secret that never shows in `Debug`, `Display`, logs or errors.

use std::fmt;
use std::path::{Path, PathBuf};

/// A RunComfy API token.
///
/// It has no `Display` and its `Debug` prints `ApiToken(<redacted>)`, so it cannot leak
/// through formatting, tracing fields or error messages. The client sends it only to the
/// API's own origin.
///
/// ```
/// use runcomfy_client::config::ApiToken;
/// let token = ApiToken::new("rc-secret-123").unwrap();
/// assert_eq!(format!("{token:?}"), "ApiToken(<redacted>)");
/// assert!(ApiToken::new("  ").is_none());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiToken(String);

impl ApiToken {
    /// Wraps a token; `None` if it is empty or only whitespace (or holds characters an HTTP
    /// header cannot carry).
    pub fn new(token: impl Into<String>) -> Option<ApiToken> {
        let token = token.into().trim().to_owned();
        let ok = !token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic());
        ok.then_some(ApiToken(token))
    }

    /// The secret itself, for the `Authorization` header only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

/// Where a token came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// An environment variable (its name).
    Env(&'static str),
    /// The official CLI's token file.
    File(PathBuf),
}

impl fmt::Display for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Env(name) => f.write_str(name),
            TokenSource::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// The largest token file read.
const MAX_TOKEN_FILE_BYTES: u64 = 64 * 1024;

/// The official CLI's token file: `$RUNCOMFY_CONFIG_DIR/token.json`, else
/// `$XDG_CONFIG_HOME/runcomfy/token.json`, else `~/.config/runcomfy/token.json` (the first
/// of these directories that is configured, whether or not the file exists).
pub fn token_file(lookup: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let set = |k: &str| lookup(k).filter(|v| !v.trim().is_empty()).map(PathBuf::from);
    if let Some(dir) = set("RUNCOMFY_CONFIG_DIR") {
        return Some(dir.join("token.json"));
    }
    if let Some(dir) = set("XDG_CONFIG_HOME").filter(|d| d.is_absolute()) {
        return Some(dir.join("runcomfy").join("token.json"));
    }
    let home = set("HOME").or_else(|| set("USERPROFILE"))?;
    Some(home.join(".config").join("runcomfy").join("token.json"))
}

/// Reads a token file (`{"access_token": ..., "refresh_token"?, "expires_at"?,
/// "user_email"?}`). `Ok(None)` when there is no file; a file that cannot be read or holds no
/// usable `access_token` is an error naming the path (never the token).
pub fn read_token_file(path: &Path) -> Result<Option<ApiToken>, String> {
    // Regular files only (a FIFO or device is an error, never a hang), at most the cap.
    let text = match runcomfy_schema::local_file::read(path, MAX_TOKEN_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(format!("cannot read the token file: {e}; it is not a token file")),
    };
    let value: serde_json::Value = serde_json::from_slice(&text).map_err(|e| {
        format!(
            "the token file {} is not JSON ({e}); sign in again with the official CLI or set RUNCOMFY_TOKEN",
            path.display()
        )
    })?;
    match value.get("access_token") {
        Some(serde_json::Value::String(s)) => ApiToken::new(s.as_str()).map(Some).ok_or_else(|| {
            format!(
                "the token file {} holds an empty or unusable access_token",
                path.display()
            )
        }),
        _ => Err(format!(
            "the token file {} has no access_token string; sign in again with the official CLI or set RUNCOMFY_TOKEN",
            path.display()
        )),
    }
}

/// Finds the API token: `RUNCOMFY_TOKEN`, `RUNCOMFY_API_TOKEN`, `RUNCOMFY_API_KEY` (the
/// first that is set and not blank), else the official CLI's token file ([`token_file`]).
/// `Ok(None)` when there is none; an error names the variable or the file, never the token.
pub fn find_token(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Option<(ApiToken, TokenSource)>, String> {
    for k in crate::config::TOKEN_VARS {
        let Some(value) = lookup(k).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        return match ApiToken::new(value) {
            Some(t) => Ok(Some((t, TokenSource::Env(k)))),
            None => Err(format!(
                "{k} is set but does not hold a usable token (it has whitespace inside, or characters an HTTP header cannot carry)"
            )),
        };
    }
    let Some(path) = token_file(lookup) else {
        return Ok(None);
    };
    Ok(read_token_file(&path)?.map(|t| (t, TokenSource::File(path))))
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_redacted_and_trimmed() {
        let t = ApiToken::new(" abc \n").unwrap();
        assert_eq!(t.expose(), "abc");
        assert!(!format!("{t:?}").contains("abc"));
        assert!(ApiToken::new("a b").is_none());
        assert!(ApiToken::new("").is_none());
    }

    fn env(vars: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
        move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_token_file_follows_the_official_cli() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        let lookup = env(vec![
            ("RUNCOMFY_CONFIG_DIR", d.clone()),
            ("XDG_CONFIG_HOME", "/x".into()),
        ]);
        assert_eq!(token_file(&lookup), Some(dir.path().join("token.json")));
        let lookup = env(vec![("XDG_CONFIG_HOME", d.clone()), ("HOME", "/home/u".into())]);
        assert_eq!(token_file(&lookup), Some(dir.path().join("runcomfy/token.json")));
        let lookup = env(vec![("XDG_CONFIG_HOME", "relative".into()), ("HOME", "/home/u".into())]);
        assert_eq!(
            token_file(&lookup),
            Some(PathBuf::from("/home/u/.config/runcomfy/token.json"))
        );

        // Precedence: the variables, then the file.
        std::fs::write(
            dir.path().join("token.json"),
            r#"{"access_token": "from-file-123", "user_email": "a@b"}"#,
        )
        .unwrap();
        let lookup = env(vec![("RUNCOMFY_CONFIG_DIR", d.clone())]);
        let (t, source) = find_token(&lookup).unwrap().unwrap();
        assert_eq!(
            (t.expose(), source),
            ("from-file-123", TokenSource::File(dir.path().join("token.json")))
        );
        let lookup = env(vec![
            ("RUNCOMFY_CONFIG_DIR", d.clone()),
            ("RUNCOMFY_API_KEY", "from-env".into()),
        ]);
        assert_eq!(
            find_token(&lookup).unwrap().unwrap().1,
            TokenSource::Env("RUNCOMFY_API_KEY")
        );

        // No file: no token. A broken file: an error naming the path, never a panic.
        let empty = tempfile::tempdir().unwrap();
        let lookup = env(vec![("RUNCOMFY_CONFIG_DIR", empty.path().display().to_string())]);
        assert_eq!(find_token(&lookup).unwrap(), None);
        for bad in [
            "not json",
            r#"{"access_token": 5}"#,
            r#"{"access_token": "a b"}"#,
            "[]",
            "",
        ] {
            std::fs::write(dir.path().join("token.json"), bad).unwrap();
            let lookup = env(vec![("RUNCOMFY_CONFIG_DIR", d.clone())]);
            let err = find_token(&lookup).unwrap_err();
            assert!(
                err.contains(&dir.path().join("token.json").display().to_string()),
                "{bad}: {err}"
            );
            assert!(!err.contains("a b"), "{err}");
        }
    }
}
