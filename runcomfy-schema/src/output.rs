//! The output object every endpoint shares: `image`, `images`, `video`, `videos`, `audio`,
//! `audios`, each an URL (on `*.runcomfy.net` for the real API).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// The `output` of a finished job. Modelled once for all endpoints; keys this type does not
/// name are kept in [`Output::extra`].
///
/// ```
/// let out: runcomfy_schema::Output = serde_json::from_value(serde_json::json!({
///     "images": ["https://a.runcomfy.net/1.png", "https://a.runcomfy.net/2.png"],
///     "seed": 42
/// })).unwrap();
/// assert_eq!(out.urls().count(), 2);
/// assert_eq!(out.extra["seed"], 42);
/// let schema = serde_json::to_value(schemars::schema_for!(runcomfy_schema::Output)).unwrap();
/// assert_eq!(schema["properties"]["images"]["type"], "array");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Output {
    /// One image URL.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_url")]
    pub image: Option<String>,
    /// Several image URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_urls")]
    pub images: Vec<String>,
    /// One video URL.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_url")]
    pub video: Option<String>,
    /// Several video URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_urls")]
    pub videos: Vec<String>,
    /// One audio URL.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_url")]
    pub audio: Option<String>,
    /// Several audio URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_urls")]
    pub audios: Vec<String>,
    /// Any other keys the server sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// By hand rather than derived, so that the runtime builds without schemars' derive macro.
#[cfg(feature = "runtime")]
impl schemars::JsonSchema for Output {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Output")
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut properties = Map::new();
        for (one, many, what) in [
            ("image", "images", "image"),
            ("video", "videos", "video"),
            ("audio", "audios", "audio"),
        ] {
            properties.insert(
                one.into(),
                serde_json::json!({"type": ["string", "null"], "description": format!("One {what} URL.")}),
            );
            properties.insert(
                many.into(),
                serde_json::json!({"type": "array", "items": {"type": "string"}, "description": format!("Several {what} URLs.")}),
            );
        }
        schemars::json_schema!({
            "type": "object",
            "description": "The `output` of a finished job; keys not named here are kept as they are.",
            "properties": properties,
            "additionalProperties": true,
        })
    }
}

/// Which output key an URL came from (`image`/`images`, `video`/`videos`, `audio`/`audios`):
/// the wire contract's kind, written once in [`runcomfy_wire::catalog::OutputKind`].
pub use runcomfy_wire::catalog::OutputKind;

impl Output {
    /// Every output URL with its kind, images first, in the server's order.
    pub fn urls(&self) -> impl Iterator<Item = (OutputKind, &str)> {
        fn one(kind: OutputKind, v: &Option<String>) -> impl Iterator<Item = (OutputKind, &str)> {
            v.as_deref().map(move |u| (kind, u)).into_iter()
        }
        fn many(kind: OutputKind, v: &[String]) -> impl Iterator<Item = (OutputKind, &str)> {
            v.iter().map(move |u| (kind, u.as_str()))
        }
        one(OutputKind::Image, &self.image)
            .chain(many(OutputKind::Image, &self.images))
            .chain(one(OutputKind::Video, &self.video))
            .chain(many(OutputKind::Video, &self.videos))
            .chain(one(OutputKind::Audio, &self.audio))
            .chain(many(OutputKind::Audio, &self.audios))
    }
}

// Servers have sent `null` and empty strings where a URL was absent; treat both as absent.
fn lenient_url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|s| !s.is_empty()))
}

// A plural key holding one string has been seen too; accept it as a list of one.
fn lenient_urls<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<Option<String>>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v.into_iter().flatten().collect(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect())
}
