//! What a request body asks for, as price estimates and the simulator read it: the length
//! of the media ([`request_length`]) and the number of outputs ([`request_output_count`]).
//!
//! These are guesses about bodies, not part of the API's contract: the catalog prices a job
//! per output or per second, and the request fields that say how many or how long differ per
//! model. The client's price estimate and the simulator's billing read them here, so they
//! cannot disagree.

use serde_json::Value;

/// The request's `duration` in seconds, as price estimates use it: a non-negative number, or
/// a string holding one (`"5"`, `"10s"`, `" 7.5 "`). `None` when absent or anything else.
///
/// ```
/// use runcomfy_schema::requested::request_duration_seconds;
/// assert_eq!(request_duration_seconds(&serde_json::json!({"duration": 10})), Some(10.0));
/// assert_eq!(request_duration_seconds(&serde_json::json!({"duration": "5s"})), Some(5.0));
/// assert_eq!(request_duration_seconds(&serde_json::json!({"duration": "auto"})), None);
/// assert_eq!(request_duration_seconds(&serde_json::json!({"prompt": "x"})), None);
/// ```
pub fn request_duration_seconds(body: &Value) -> Option<f64> {
    let seconds = match body.get("duration")? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => {
            let s = s.trim();
            s.strip_suffix('s').unwrap_or(s).trim().parse().ok()?
        }
        _ => return None,
    };
    (seconds.is_finite() && seconds >= 0.0).then_some(seconds)
}

/// The request fields read as a length in seconds by [`request_length`], in the order they
/// are looked for (after `duration`, read by [`request_duration_seconds`]).
pub const SECONDS_FIELDS: [&str; 5] = [
    "duration",
    "duration_seconds",
    "duration_secs",
    "seconds",
    "length_seconds",
];

/// The request fields read as a frame count by [`request_length`].
pub const FRAME_COUNT_FIELDS: [&str; 4] = ["num_frames", "frames", "frame_count", "number_of_frames"];

/// The request fields read as frames per second by [`request_length`].
pub const FPS_FIELDS: [&str; 3] = ["fps", "frame_rate", "frames_per_second"];

/// How long the media a request asks for is, as the request says it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RequestLength {
    /// A length in seconds (from seconds or milliseconds fields).
    Seconds(f64),
    /// A frame count, with the request's frame rate when it gives one.
    Frames {
        /// Frames asked for.
        frames: u64,
        /// Frames per second asked for, if any.
        fps: Option<f64>,
    },
}

impl RequestLength {
    /// The length in seconds; a frame count without a frame rate counts at `default_fps`.
    pub fn seconds(self, default_fps: f64) -> f64 {
        match self {
            RequestLength::Seconds(s) => s,
            RequestLength::Frames { frames, fps } => {
                let fps = fps.unwrap_or(default_fps);
                if fps > 0.0 { frames as f64 / fps } else { 0.0 }
            }
        }
    }
}

/// The length of the media a request asks for: the first of [`SECONDS_FIELDS`] holding a
/// non-negative number (or a string of one, `"5"`, `"8s"`); else a field ending in `_ms`
/// whose name holds `length` or `duration` (`music_length_ms`, `duration_ms`), in
/// milliseconds; else a frame count from [`FRAME_COUNT_FIELDS`] with the frame rate of
/// [`FPS_FIELDS`]. `None` when the request says nothing usable (`"auto"` included).
///
/// ```
/// use runcomfy_schema::requested::{RequestLength, request_length};
/// use serde_json::json;
/// assert_eq!(request_length(&json!({"duration": "8s"})), Some(RequestLength::Seconds(8.0)));
/// assert_eq!(request_length(&json!({"music_length_ms": 8000})), Some(RequestLength::Seconds(8.0)));
/// let frames = request_length(&json!({"num_frames": 81, "fps": 16})).unwrap();
/// assert_eq!(frames.seconds(8.0), 81.0 / 16.0);
/// assert_eq!(request_length(&json!({"duration": "auto"})), None);
/// ```
pub fn request_length(body: &Value) -> Option<RequestLength> {
    let map = body.as_object()?;
    let number = |v: &Value| -> Option<f64> {
        let n = match v {
            Value::Number(n) => n.as_f64()?,
            Value::String(s) => {
                let s = s.trim();
                s.strip_suffix('s').unwrap_or(s).trim().parse().ok()?
            }
            _ => return None,
        };
        (n.is_finite() && n >= 0.0).then_some(n)
    };
    if let Some(s) = SECONDS_FIELDS.iter().find_map(|k| map.get(*k).and_then(number)) {
        return Some(RequestLength::Seconds(s));
    }
    let millis = map.iter().find_map(|(k, v)| {
        let k = k.to_ascii_lowercase();
        (k.ends_with("_ms") && (k.contains("length") || k.contains("duration")))
            .then(|| number(v))
            .flatten()
    });
    if let Some(ms) = millis {
        return Some(RequestLength::Seconds(ms / 1000.0));
    }
    let frames = FRAME_COUNT_FIELDS
        .iter()
        .find_map(|k| map.get(*k).and_then(number))
        .filter(|f| f.fract() == 0.0)?;
    let fps = FPS_FIELDS
        .iter()
        .find_map(|k| map.get(*k).and_then(number))
        .filter(|f| *f > 0.0);
    Some(RequestLength::Frames {
        frames: frames as u64,
        fps,
    })
}

/// The request fields that say how many outputs a request asks for, in the order they are
/// looked for.
pub const OUTPUT_COUNT_FIELDS: [&str; 6] = [
    "num_images",
    "num_outputs",
    "n",
    "batch_size",
    "number_of_images",
    "image_num",
];

/// How many outputs a request asks for, as price estimates (and the simulator) read it: the
/// first of [`OUTPUT_COUNT_FIELDS`] holding a non-negative integer (or a string of one).
///
/// ```
/// use runcomfy_schema::requested::request_output_count;
/// assert_eq!(request_output_count(&serde_json::json!({"num_images": 3})), Some(3));
/// assert_eq!(request_output_count(&serde_json::json!({"n": "2"})), Some(2));
/// assert_eq!(request_output_count(&serde_json::json!({"prompt": "x"})), None);
/// ```
pub fn request_output_count(body: &Value) -> Option<u64> {
    OUTPUT_COUNT_FIELDS.iter().find_map(|k| match body.get(*k)? {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite() && *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}
