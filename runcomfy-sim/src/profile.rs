//! What a model makes, read from its schema and its id: the output kind (image, video or
//! audio), its catalog categories in the catalog's own forms (`text-to-video`,
//! `image-to-image`, ...), the field that asks for several outputs and the fields that say
//! how long the media is. [`infer_profile`] is the one function that decides it; the catalog
//! and the outputs both use its answer, and a sidecar's `output_kind` / `categories` always
//! win over it (see [`crate::catalog`]).
//!
//! # How the kind is decided
//!
//! 1. A task segment of the id whose ending names a kind: `.../image-to-video` (or
//!    `image_to_video`, or an abbreviation `i2v`, `t2i`, `v2v`, `t2a`, ...) is a video model,
//!    whatever its fields say.
//! 2. Otherwise the evidence is weighed, and the kind with the most wins (ties: video, then
//!    audio, then image; no evidence at all: image):
//!
//! | evidence | weight |
//! |---|---|
//! | a `*format*`/`encoding`/`codec` enum holding audio formats (`mp3`, `wav`, `mp3_44100_128`, `pcm_16000`, ...), video formats (`mp4`, `webm`, `mov`) or image formats (`png`, `jpeg`, `webp`) | 3 for that kind |
//! | a word of the id: `video` / `image` / `audio`, `music`, `speech`, `tts`, `voice`, `sound`, `song`, `sfx` | 3 |
//! | a video family in the id (`seedance`, `kling`, `veo`, `wan`, `hailuo`, `runway`, `pika`, `ray`, `sora`, `vidu`, `pixverse`, `ltx`, `mochi`, `lipsync`) | 2 for video |
//! | a field name word: `fps`, `frames`, `frame_rate`, `camera...`, `motion...` (video); `music`, `song`, `lyrics`, `voice`, `speech`, `bpm`, `sample_rate`, `bitrate`, `instrumental` (audio); `num_images`, `number_of_images`, `image_num` (image) | 2 |
//! | an enum value that is a video resolution (`480p`, `720P`, `1080p`) | 2 for video |
//! | an enum value that is an image size (`1k`, `2K`, `1024x1024(1:1)`) | 1 for image |
//! | a length field (`duration`, `seconds`, `*_length_ms`, `duration_ms`) | 1 for video and 1 for audio |
//! | a media input of a kind (`image_uri`, or a string field named like `image_url`, `promptImage`, `video`, `audio_url`) | 1 for that kind |
//!
//! # Categories
//!
//! The id's task segments (lowercased, `_` as `-`, abbreviations spelled out), when it has
//! some; a task segment whose ending names
//! no kind (`text-to-speech`) is followed by the inferred form. Otherwise one category
//! `<input>-to-<kind>`: the input is the media kind of a required media field (the output's
//! own kind first, then video, image, audio), or `text`; a schema whose media fields are all
//! optional gets two, `text-to-<kind>` and `<input>-to-<kind>`.

use runcomfy_schema::requested::OUTPUT_COUNT_FIELDS;
use runcomfy_schema::{EndpointSchema, Kind, Literal, MediaKind, Schema};
use runcomfy_wire::catalog::OutputKind;

/// What the simulator makes of a model (see the module documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct OutputProfile {
    /// The kind of file a job produces.
    pub kind: OutputKind,
    /// The catalog categories, e.g. `["image-to-video"]`; the first one's ending names
    /// [`OutputProfile::kind`].
    pub categories: Vec<String>,
    /// The media kinds the schema takes as inputs: required ones first, each once.
    pub inputs: Vec<OutputKind>,
    /// The field asking for several outputs (one of
    /// [`runcomfy_schema::requested::OUTPUT_COUNT_FIELDS`]), if the schema has one.
    pub count_field: Option<String>,
    /// The count field's largest allowed value, if the schema bounds it.
    pub max_count: Option<u64>,
    /// The fields giving the media's length (read by [`runcomfy_schema::requested::request_length`]).
    pub length_fields: Vec<String>,
    /// Why [`OutputProfile::kind`]: the evidence that decided it, for people.
    pub reason: String,
}

/// Infers what `model_id`, with input schema `schema`, produces (see the module
/// documentation for the rules).
///
/// ```
/// let text = r#"{"type": "object", "properties": {
///     "prompt": {"type": "string"},
///     "image_url": {"type": "string", "format": "image_uri"},
///     "duration": {"type": "integer", "enum": [5, 10]},
///     "resolution": {"type": "string", "enum": ["480p", "720p", "1080p"]}
/// }, "required": ["prompt"]}"#;
/// let schema = runcomfy_schema::parse_schema("pro.json", "bytedance/seedance-2.0/pro", text).schema.unwrap();
/// let profile = runcomfy_sim::infer_profile("bytedance/seedance-2.0/pro", &schema);
/// assert_eq!(profile.kind, runcomfy_wire::catalog::OutputKind::Video);
/// assert_eq!(profile.categories, ["text-to-video", "image-to-video"]);
/// ```
pub fn infer_profile(model_id: &str, schema: &EndpointSchema) -> OutputProfile {
    let props = &schema.input.properties;
    let mut ev = Evidence::default();

    // Media inputs, required first.
    let mut required_inputs = Vec::new();
    let mut optional_inputs = Vec::new();
    for p in props {
        if let Some(kind) = media_input_kind(&p.name, &p.schema) {
            ev.add(kind, 1, format!("{} input `{}`", article(kind), p.name));
            let list = if p.required {
                &mut required_inputs
            } else {
                &mut optional_inputs
            };
            if !list.contains(&kind) {
                list.push(kind);
            }
        }
    }

    // Field names and enum values.
    let mut length_fields = Vec::new();
    for p in props {
        let words = words(&p.name);
        let has = |w: &str| words.iter().any(|x| x == w);
        let lower = p.name.to_ascii_lowercase();
        if is_length_field(&lower) {
            length_fields.push(p.name.clone());
            ev.add(OutputKind::Video, 1, format!("a length field `{}`", p.name));
            ev.add(OutputKind::Audio, 1, format!("a length field `{}`", p.name));
        }
        let video_word = ["fps", "frames", "frame"].iter().any(|w| has(w))
            || words.iter().any(|w| w.starts_with("camera") || w.starts_with("motion"));
        if video_word {
            ev.add(OutputKind::Video, 2, format!("a video field `{}`", p.name));
        }
        let audio_word = [
            "music",
            "song",
            "lyrics",
            "voice",
            "speech",
            "bpm",
            "bitrate",
            "instrumental",
        ]
        .iter()
        .any(|w| has(w))
            || lower.contains("sample_rate");
        if audio_word {
            ev.add(OutputKind::Audio, 2, format!("an audio field `{}`", p.name));
        }
        if ["num_images", "number_of_images", "image_num"].contains(&lower.as_str()) {
            ev.add(OutputKind::Image, 2, format!("an image count field `{}`", p.name));
        }
        if let Some(values) = enum_strings(&p.schema) {
            let format_field = ["format", "encoding", "codec"].iter().any(|w| lower.contains(w));
            if format_field {
                for kind in values.iter().filter_map(|v| format_kind(v)) {
                    ev.add_once(kind, 3, format!("{} format in `{}`", article(kind), p.name));
                }
            }
            if values.iter().any(|v| is_video_resolution(v)) {
                ev.add_once(OutputKind::Video, 2, format!("video resolutions in `{}`", p.name));
            }
            if values.iter().any(|v| is_image_size(v)) {
                ev.add_once(OutputKind::Image, 1, format!("image sizes in `{}`", p.name));
            }
        }
    }

    // The id.
    let id_words = words(model_id);
    let id_has = |w: &str| id_words.iter().any(|x| x == w);
    if id_has("video") {
        ev.add(OutputKind::Video, 3, "the model id says `video`".to_owned());
    }
    if id_has("image") {
        ev.add(OutputKind::Image, 3, "the model id says `image`".to_owned());
    }
    if let Some(w) = ["audio", "music", "speech", "tts", "voice", "sound", "song", "sfx"]
        .iter()
        .find(|w| id_has(w))
    {
        ev.add(OutputKind::Audio, 3, format!("the model id says `{w}`"));
    }
    if let Some(w) = VIDEO_FAMILIES.iter().find(|w| id_has(w)) {
        ev.add(
            OutputKind::Video,
            2,
            format!("`{w}` in the model id is a video model family"),
        );
    }

    let task_segments: Vec<String> = model_id.split('/').filter_map(task_segment).collect();
    let task_kind = task_segments.iter().find_map(|s| OutputKind::from_category(s));
    let (kind, reason) = match task_kind {
        Some(kind) => (kind, "the model id's task segment".to_owned()),
        None => ev.decide(),
    };

    let mut inputs = required_inputs.clone();
    for k in &optional_inputs {
        if !inputs.contains(k) {
            inputs.push(*k);
        }
    }
    let pick = |list: &[OutputKind]| -> Option<OutputKind> {
        [kind, OutputKind::Video, OutputKind::Image, OutputKind::Audio]
            .into_iter()
            .find(|k| list.contains(k))
    };
    let inferred: Vec<String> = match (pick(&required_inputs), pick(&optional_inputs)) {
        (Some(input), _) => vec![category(input.as_str(), kind)],
        (None, Some(input)) => vec![category("text", kind), category(input.as_str(), kind)],
        (None, None) => vec![category("text", kind)],
    };
    let mut categories = task_segments;
    categories.dedup();
    if categories.iter().all(|c| OutputKind::from_category(c).is_none()) {
        for c in inferred {
            if !categories.contains(&c) {
                categories.push(c);
            }
        }
    }

    let count = props.iter().find(|p| OUTPUT_COUNT_FIELDS.contains(&p.name.as_str()));
    OutputProfile {
        kind,
        categories,
        inputs,
        count_field: count.map(|p| p.name.clone()),
        max_count: count.and_then(|p| max_of(&p.schema)),
        length_fields,
        reason,
    }
}

/// A segment of a model id that names a task, in the catalog's form: `image-to-video`,
/// `text_to_image` (as `text-to-image`), or an abbreviation such as `i2v`, `t2i`, `v2v`.
fn task_segment(segment: &str) -> Option<String> {
    let s = segment.to_ascii_lowercase().replace('_', "-");
    if s.contains("-to-") {
        return Some(s);
    }
    let word = |c: u8| match c {
        b't' => Some("text"),
        b'i' => Some("image"),
        b'v' => Some("video"),
        b'a' => Some("audio"),
        _ => None,
    };
    match s.as_bytes() {
        [from, b'2', to] => Some(format!("{}-to-{}", word(*from)?, word(*to).filter(|w| *w != "text")?)),
        _ => None,
    }
}

/// Model families whose endpoints make videos (matched as whole words of the id).
const VIDEO_FAMILIES: [&str; 14] = [
    "seedance", "kling", "veo", "wan", "hailuo", "runway", "pika", "ray", "sora", "vidu", "pixverse", "ltx", "mochi",
    "lipsync",
];

/// `an image`, `a video`, `an audio`.
fn article(kind: OutputKind) -> &'static str {
    match kind {
        OutputKind::Image => "an image",
        OutputKind::Video => "a video",
        OutputKind::Audio => "an audio",
    }
}

fn category(input: &str, kind: OutputKind) -> String {
    format!("{input}-to-{}", kind.as_str())
}

/// The weighed evidence for each kind.
#[derive(Debug, Default)]
struct Evidence {
    /// (kind, weight, what) in the order found.
    items: Vec<(OutputKind, u32, String)>,
}

impl Evidence {
    fn add(&mut self, kind: OutputKind, weight: u32, what: String) {
        self.items.push((kind, weight, what));
    }

    /// Adds evidence unless the same text is there already.
    fn add_once(&mut self, kind: OutputKind, weight: u32, what: String) {
        if !self.items.iter().any(|(k, _, w)| *k == kind && *w == what) {
            self.add(kind, weight, what);
        }
    }

    fn score(&self, kind: OutputKind) -> u32 {
        self.items.iter().filter(|(k, ..)| *k == kind).map(|(_, w, _)| w).sum()
    }

    /// The kind with the highest score (ties: video, audio, image) and why.
    fn decide(&self) -> (OutputKind, String) {
        let order = [OutputKind::Video, OutputKind::Audio, OutputKind::Image];
        let best = order
            .into_iter()
            .max_by_key(|k| (self.score(*k), 3 - order.iter().position(|o| o == k).unwrap_or(3)))
            .unwrap_or(OutputKind::Image);
        if self.score(best) == 0 {
            return (
                OutputKind::Image,
                "no evidence for video or audio (images by default)".to_owned(),
            );
        }
        let why: Vec<&str> = self
            .items
            .iter()
            .filter(|(k, ..)| *k == best)
            .map(|(.., w)| w.as_str())
            .collect();
        (best, why.join(", "))
    }
}

/// Lowercase words of a name: split at non-alphanumerics and at lower-to-upper case changes
/// (`promptImage` -> `prompt`, `image`; `music_length_ms` -> `music`, `length`, `ms`).
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Is this (lowercased) field name a media length the request gives?
fn is_length_field(lower: &str) -> bool {
    runcomfy_schema::requested::SECONDS_FIELDS.contains(&lower)
        || (lower.ends_with("_ms") && (lower.contains("length") || lower.contains("duration")))
}

/// The media kind of an input field: its format (`image_uri`, ...), else a string or list
/// field whose name says `image`/`video`/`audio` (and not `..._size`, `..._format`, ...).
fn media_input_kind(name: &str, schema: &Schema) -> Option<OutputKind> {
    let of_media = |k: MediaKind| match k {
        MediaKind::Image => Some(OutputKind::Image),
        MediaKind::Video => Some(OutputKind::Video),
        MediaKind::Audio => Some(OutputKind::Audio),
        MediaKind::Any => None,
    };
    let textual = match &schema.kind {
        Kind::Media(m) => return of_media(m.kind).or_else(|| kind_by_name(name)),
        Kind::Array { items, .. } => match &items.kind {
            Kind::Media(m) => return of_media(m.kind).or_else(|| kind_by_name(name)),
            Kind::String { .. } | Kind::Any => true,
            _ => false,
        },
        Kind::String { .. } => true,
        _ => false,
    };
    if textual { kind_by_name(name) } else { None }
}

fn kind_by_name(name: &str) -> Option<OutputKind> {
    const NOT_MEDIA: [&str; 16] = [
        "size",
        "format",
        "count",
        "num",
        "number",
        "width",
        "height",
        "ratio",
        "resolution",
        "strength",
        "weight",
        "scale",
        "quality",
        "type",
        "mode",
        "prompt",
    ];
    let words = words(name);
    if words.iter().any(|w| NOT_MEDIA.contains(&w.as_str())) && !words.iter().any(|w| w == "url" || w == "urls") {
        return None;
    }
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&["video", "videos"]) {
        Some(OutputKind::Video)
    } else if has(&["audio", "audios"]) {
        Some(OutputKind::Audio)
    } else if has(&["image", "images", "img", "photo", "picture"]) {
        Some(OutputKind::Image)
    } else {
        None
    }
}

fn enum_strings(schema: &Schema) -> Option<Vec<String>> {
    match &schema.kind {
        Kind::Enum(e) => Some(
            e.values
                .iter()
                .filter_map(|v| match v {
                    Literal::String(s) => Some(s.trim().to_ascii_lowercase()),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    }
}

/// The kind a format word names: `mp3`, `wav`, `mp3_44100_128`, `pcm_16000` (audio); `mp4`,
/// `webm`, `mov` (video); `png`, `jpeg`, `jpg`, `webp` (image).
pub(crate) fn format_kind(value: &str) -> Option<OutputKind> {
    let head = value.split(['_', '-']).next().unwrap_or(value);
    match head {
        "mp3" | "wav" | "flac" | "ogg" | "opus" | "aac" | "m4a" | "pcm" | "ulaw" | "alaw" => Some(OutputKind::Audio),
        "mp4" | "webm" | "mov" | "mkv" => Some(OutputKind::Video),
        "png" | "jpeg" | "jpg" | "webp" => Some(OutputKind::Image),
        _ => None,
    }
}

/// `480p`, `720P`, `1080p`: a video resolution.
fn is_video_resolution(v: &str) -> bool {
    v.strip_suffix('p')
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| (144..=4320).contains(&n))
}

/// `1k`, `2K`, `1024x1024(1:1)`: an image size.
fn is_image_size(v: &str) -> bool {
    v.strip_suffix('k')
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| (1..=8).contains(&n))
        || matches!(
            crate::outputs::parse_size_hint(v),
            Some(crate::outputs::SizeHint::Exact(..))
        ) && v.contains('x')
}

fn max_of(schema: &Schema) -> Option<u64> {
    match &schema.kind {
        Kind::Integer { range } => range
            .maximum
            .or(range.exclusive_maximum.map(|m| m - 1.0))
            .filter(|m| m.is_finite() && *m >= 0.0)
            .map(|m| m as u64),
        Kind::Enum(e) => e
            .values
            .iter()
            .filter_map(|v| match v {
                Literal::Integer(i) => u64::try_from(*i).ok(),
                Literal::String(s) => s.trim().parse().ok(),
                _ => None,
            })
            .max(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_case_and_separators() {
        assert_eq!(words("promptImage"), ["prompt", "image"]);
        assert_eq!(words("music_length_ms"), ["music", "length", "ms"]);
        assert_eq!(
            words("bytedance/seedance-2.0/pro"),
            ["bytedance", "seedance", "2", "0", "pro"]
        );
        assert_eq!(words("width×height"), ["width", "height"]);
    }

    #[test]
    fn task_segments_in_every_spelling() {
        assert_eq!(task_segment("Image-To-Video").as_deref(), Some("image-to-video"));
        assert_eq!(task_segment("text_to_image").as_deref(), Some("text-to-image"));
        assert_eq!(task_segment("i2v").as_deref(), Some("image-to-video"));
        assert_eq!(task_segment("t2a").as_deref(), Some("text-to-audio"));
        assert_eq!(task_segment("i2t"), None, "no output kind");
        assert_eq!(task_segment("x2v"), None);
        assert_eq!(task_segment("reframe"), None);
    }

    #[test]
    fn formats_and_sizes() {
        assert_eq!(format_kind("mp3_44100_128"), Some(OutputKind::Audio));
        assert_eq!(format_kind("pcm_16000"), Some(OutputKind::Audio));
        assert_eq!(format_kind("mp4"), Some(OutputKind::Video));
        assert_eq!(format_kind("webp"), Some(OutputKind::Image));
        assert_eq!(format_kind("auto"), None);
        assert!(is_video_resolution("720p") && is_video_resolution("1080p"));
        assert!(!is_video_resolution("2k") && !is_video_resolution("p"));
        assert!(is_image_size("2k") && is_image_size("1024x1024(1:1)"));
        assert!(!is_image_size("16:9") && !is_image_size("1152:864 (4:3)"));
    }
}
