//! Media inputs (HTTPS URLs or `data:` URIs) and the schema's `validations` rules for them.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::constraints::{Constraint, fmt_num};

/// What kind of media a field takes, from its `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MediaKind {
    /// `image_uri(s)`, or a field whose `validations` measure pixels.
    Image,
    /// `video_uri(s)`.
    Video,
    /// `audio_uri(s)`.
    Audio,
    /// `uri`: any file the server fetches.
    Any,
}

impl MediaKind {
    /// The top-level MIME type a `data:` URI for this kind should carry, if any.
    pub fn mime_prefix(self) -> Option<&'static str> {
        match self {
            MediaKind::Image => Some("image/"),
            MediaKind::Video => Some("video/"),
            MediaKind::Audio => Some("audio/"),
            MediaKind::Any => None,
        }
    }

    /// Lower-case name (`image`, `video`, `audio`, `file`).
    pub fn name(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Any => "file",
        }
    }
}

/// What a `validations` rule measures: the part of `validation_rule` before the operator.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Metric {
    /// `width_pixels`.
    WidthPixels,
    /// `height_pixels`.
    HeightPixels,
    /// `width/height`.
    AspectRatio,
    /// `file_size_mb` (MiB is what the servers measure: 1 MB = 1,048,576 bytes here).
    FileSizeMb,
    /// A metric this version does not know. Kept as data and reported as a warning when the
    /// schema is read; never checked.
    Unknown(Cow<'static, str>),
}

impl Metric {
    /// Parses a metric name.
    pub fn parse(name: &str) -> Metric {
        match name.trim() {
            "width_pixels" => Metric::WidthPixels,
            "height_pixels" => Metric::HeightPixels,
            "width/height" => Metric::AspectRatio,
            "file_size_mb" => Metric::FileSizeMb,
            other => Metric::Unknown(Cow::Owned(other.to_owned())),
        }
    }
}

/// The comparison of a rule: the value must be strictly less or greater than the limit
/// (`<`, `>`), or at most / at least (`<=`, `>=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
}

impl Op {
    /// Does `measured` pass against `limit`?
    pub fn holds(self, measured: f64, limit: f64) -> bool {
        match self {
            Op::Less => measured < limit,
            Op::LessOrEqual => measured <= limit,
            Op::Greater => measured > limit,
            Op::GreaterOrEqual => measured >= limit,
        }
    }

    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Less => "<",
            Op::LessOrEqual => "<=",
            Op::Greater => ">",
            Op::GreaterOrEqual => ">=",
        }
    }
}

/// One entry of a field's `validations` array.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaRule {
    /// What is measured.
    pub metric: Metric,
    /// How it is compared.
    pub op: Op,
    /// `validation_value`.
    pub limit: f64,
    /// `validation_rule` as written (`width_pixels<`).
    pub rule: Cow<'static, str>,
    /// `validation_error`: the schema's own message, quoted back to the user.
    pub message: Cow<'static, str>,
}

/// What the runner or the simulator measured about one media input.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MediaFacts {
    /// Pixel width, if known (from the image header).
    pub width: Option<u64>,
    /// Pixel height, if known.
    pub height: Option<u64>,
    /// Size in bytes, if known.
    pub bytes: Option<u64>,
}

impl MediaRule {
    /// Splits `width_pixels<` into metric and operator. `None` when there is no operator.
    pub fn split_rule(rule: &str) -> Option<(Metric, Op)> {
        let rule = rule.trim();
        let (name, op) = if let Some(n) = rule.strip_suffix("<=") {
            (n, Op::LessOrEqual)
        } else if let Some(n) = rule.strip_suffix(">=") {
            (n, Op::GreaterOrEqual)
        } else if let Some(n) = rule.strip_suffix('<') {
            (n, Op::Less)
        } else if let Some(n) = rule.strip_suffix('>') {
            (n, Op::Greater)
        } else {
            return None;
        };
        if name.trim().is_empty() {
            return None;
        }
        Some((Metric::parse(name), op))
    }

    /// The measured value this rule looks at, if `facts` has it.
    pub fn measure(&self, facts: &MediaFacts) -> Option<f64> {
        match self.metric {
            Metric::WidthPixels => facts.width.map(|w| w as f64),
            Metric::HeightPixels => facts.height.map(|h| h as f64),
            Metric::AspectRatio => match (facts.width, facts.height) {
                (Some(w), Some(h)) if h > 0 => Some(w as f64 / h as f64),
                _ => None,
            },
            Metric::FileSizeMb => facts.bytes.map(|b| b as f64 / (1024.0 * 1024.0)),
            Metric::Unknown(_) => None,
        }
    }

    /// Checks `facts` against this rule. A metric that was not measured (or is unknown)
    /// passes: the server has the last word.
    pub fn check(&self, facts: &MediaFacts) -> Result<(), Constraint> {
        match self.measure(facts) {
            Some(measured) if !self.op.holds(measured, self.limit) => Err(Constraint::MediaRule {
                rule: self.rule.to_string(),
                message: self.message.to_string(),
                measured: match self.metric {
                    Metric::AspectRatio => format!("{measured:.4}"),
                    Metric::FileSizeMb => format!("{measured:.2} MB"),
                    _ => fmt_num(measured),
                },
            }),
            _ => Ok(()),
        }
    }
}

/// A media input as it goes on the wire: an `https://` URL the server fetches, or a
/// `data:` URI carrying the bytes.
///
/// ```
/// use runcomfy_schema::MediaInput;
/// let url = MediaInput::parse("https://example.com/cat.png").unwrap();
/// assert!(url.is_url());
/// let data = MediaInput::from_bytes("image/png", b"\x89PNG...");
/// assert!(data.as_str().starts_with("data:image/png;base64,"));
/// assert!(MediaInput::parse("ftp://example.com/cat.png").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MediaInput(String);

impl MediaInput {
    /// Parses and checks a URL or `data:` URI.
    pub fn parse(s: &str) -> Result<MediaInput, Constraint> {
        check_media_syntax(s, None)?;
        Ok(MediaInput(s.to_owned()))
    }

    /// Parses `s` and checks that a `data:` URI's media type fits `kind`.
    pub fn parse_for(s: &str, kind: MediaKind) -> Result<MediaInput, Constraint> {
        check_media_syntax(s, Some(kind))?;
        Ok(MediaInput(s.to_owned()))
    }

    /// Encodes `bytes` as a base64 `data:` URI with the given MIME type.
    pub fn from_bytes(mime: &str, bytes: &[u8]) -> MediaInput {
        let mut s = String::with_capacity(mime.len() + 13 + bytes.len().div_ceil(3) * 4);
        s.push_str("data:");
        s.push_str(mime);
        s.push_str(";base64,");
        base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut s);
        MediaInput(s)
    }

    /// Wraps a string the caller has already checked (the `request!` macro checks literals
    /// at compile time with [`check_media_syntax`]).
    #[doc(hidden)]
    pub fn __new_unchecked(s: String) -> MediaInput {
        MediaInput(s)
    }

    /// The wire form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Is it an `https://` URL (as opposed to a `data:` URI)?
    pub fn is_url(&self) -> bool {
        !self.is_data_uri()
    }

    /// Is it a `data:` URI?
    pub fn is_data_uri(&self) -> bool {
        self.0.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
    }

    /// For a `data:` URI: its MIME type (may be empty) and decoded bytes.
    pub fn decode_data_uri(&self) -> Option<Result<(String, Vec<u8>), Constraint>> {
        if !self.is_data_uri() {
            return None;
        }
        Some(decode_data_uri(&self.0))
    }

    /// The wire form, by value.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for MediaInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // data: URIs can be megabytes long; show their head only.
        if self.is_data_uri() && self.0.len() > 64 {
            write!(
                f,
                "MediaInput({:?}... {} bytes)",
                &self.0[..self.0.floor_char_boundary(48)],
                self.0.len()
            )
        } else {
            write!(f, "MediaInput({:?})", self.0)
        }
    }
}

impl fmt::Display for MediaInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for MediaInput {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for MediaInput {
    type Err = Constraint;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MediaInput::parse(s)
    }
}

impl TryFrom<&str> for MediaInput {
    type Error = Constraint;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        MediaInput::parse(s)
    }
}

impl TryFrom<String> for MediaInput {
    type Error = Constraint;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        check_media_syntax(&s, None)?;
        Ok(MediaInput(s))
    }
}

impl Serialize for MediaInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MediaInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        MediaInput::try_from(s).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "runtime")]
impl schemars::JsonSchema for MediaInput {
    fn schema_name() -> Cow<'static, str> {
        "MediaInput".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "uri" })
    }
}

/// Checks the syntax of a media string: `https://host/...` or `data:[mime][;base64],payload`.
pub fn check_media_syntax(s: &str, kind: Option<MediaKind>) -> Result<(), Constraint> {
    let bad = |reason: String| Err(Constraint::Media { reason });
    // `get` rather than slicing: the prefix may end inside a multi-byte character.
    let starts_with = |prefix: &str| s.get(..prefix.len()).is_some_and(|h| h.eq_ignore_ascii_case(prefix));
    if starts_with("data:") {
        let Some(comma) = s.find(',') else {
            return bad("a data: URI needs a comma before its payload".into());
        };
        let meta = &s[5..comma];
        let mut parts = meta.split(';');
        let mime = parts.next().unwrap_or("").trim();
        let is_base64 = meta.split(';').skip(1).any(|p| p.eq_ignore_ascii_case("base64"));
        if let (Some(kind), false) = (kind, mime.is_empty()) {
            let lower = mime.to_ascii_lowercase();
            if let Some(prefix) = kind.mime_prefix()
                && !lower.starts_with(prefix)
                && lower != "application/octet-stream"
            {
                return bad(format!(
                    "this field takes {} input, but the data: URI says {mime:?}",
                    kind.name()
                ));
            }
        }
        let payload = &s[comma + 1..];
        if payload.is_empty() {
            return bad("the data: URI has no payload".into());
        }
        if is_base64
            && let Some(pos) = payload
                .bytes()
                .position(|b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='))
        {
            return bad(format!(
                "the data: URI's base64 payload has an invalid byte at offset {pos}"
            ));
        }
        return Ok(());
    }
    if starts_with("https://") {
        return match url::Url::parse(s) {
            Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
            Ok(_) => bad("the URL has no host".into()),
            Err(e) => bad(format!("not a valid URL: {e}")),
        };
    }
    if s.is_empty() {
        return bad("expected an https:// URL or a data: URI, found an empty string".into());
    }
    let shown: String = s.chars().take(40).collect();
    bad(format!("expected an https:// URL or a data: URI, found {shown:?}"))
}

fn decode_data_uri(s: &str) -> Result<(String, Vec<u8>), Constraint> {
    check_media_syntax(s, None)?;
    let comma = s.find(',').unwrap_or(s.len());
    let meta = &s[5..comma];
    let mime = meta.split(';').next().unwrap_or("").trim().to_owned();
    let payload = &s[(comma + 1).min(s.len())..];
    let is_base64 = meta.split(';').skip(1).any(|p| p.eq_ignore_ascii_case("base64"));
    if is_base64 {
        base64::engine::general_purpose::STANDARD
            .decode(payload)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(payload))
            .map(|bytes| (mime, bytes))
            .map_err(|e| Constraint::Media {
                reason: format!("the data: URI's base64 payload does not decode: {e}"),
            })
    } else {
        Ok((mime, percent_decode(payload)))
    }
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_data() {
        assert!(MediaInput::parse("https://cdn.runcomfy.net/a.png").is_ok());
        assert!(MediaInput::parse("HTTPS://cdn.runcomfy.net/a.png").is_ok());
        assert!(MediaInput::parse("data:image/png;base64,iVBORw0KGgo=").is_ok());
        assert!(MediaInput::parse("http://cdn.runcomfy.net/a.png").is_err());
        assert!(MediaInput::parse("").is_err());
        assert!(MediaInput::parse("data:image/png;base64,@@@").is_err());
        assert!(MediaInput::parse("https://").is_err());
        assert!(MediaInput::parse("dat").is_err());
        assert!(MediaInput::parse("é").is_err());
        // Found by the fuzzer: a prefix ending inside a multi-byte character.
        assert!(MediaInput::parse("data×").is_err());
        assert!(MediaInput::parse("datà:").is_err());
        assert!(MediaInput::parse("https:/×/").is_err());
        assert!(check_media_syntax("data×h@ight,,,,,,ge/p", Some(MediaKind::Image)).is_err());
    }

    #[test]
    fn kind_checks_data_mime() {
        assert!(MediaInput::parse_for("data:video/mp4;base64,AAAA", MediaKind::Image).is_err());
        assert!(MediaInput::parse_for("data:image/webp;base64,AAAA", MediaKind::Image).is_ok());
        assert!(MediaInput::parse_for("data:;base64,AAAA", MediaKind::Image).is_ok());
    }

    #[test]
    fn bytes_round_trip() {
        let m = MediaInput::from_bytes("image/png", &[1, 2, 3, 250]);
        let (mime, bytes) = m.decode_data_uri().unwrap().unwrap();
        assert_eq!(mime, "image/png");
        assert_eq!(bytes, vec![1, 2, 3, 250]);
    }

    #[test]
    fn rules_split_and_check() {
        let (metric, op) = MediaRule::split_rule("width/height>").unwrap();
        assert_eq!(metric, Metric::AspectRatio);
        assert_eq!(op, Op::Greater);
        assert!(MediaRule::split_rule("width_pixels").is_none());
        let rule = MediaRule {
            metric: Metric::WidthPixels,
            op: Op::Less,
            limit: 8000.0,
            rule: "width_pixels<".into(),
            message: "too wide".into(),
        };
        assert!(
            rule.check(&MediaFacts {
                width: Some(7999),
                ..Default::default()
            })
            .is_ok()
        );
        let err = rule
            .check(&MediaFacts {
                width: Some(8000),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.to_string(), "too wide (rule `width_pixels<`, measured 8000)");
    }
}
