//! The API token: a secret that never shows in `Debug`, `Display`, logs or errors.

use std::fmt;

/// A RunComfy API token.
///
/// It has no `Display` and its `Debug` prints `ApiToken(<redacted>)`, so it cannot leak
/// through formatting, tracing fields or error messages. The client sends it only to the
/// API's own origin.
///
/// ```
/// use runcomfy_client::ApiToken;
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
}
