//! Generated outputs: real images (PNG, JPEG, WebP), H.264 MP4 videos and WAV or MP3 audio,
//! deterministic from the request's prompt and seed, shaped by the request.
//!
//! What a job produces is decided when it is submitted ([`plan`]) and kept with the job, so
//! its files are the same whoever renders them (another process restoring a state file
//! included):
//! * the kind is the model's output kind ([`crate::profile`], a sidecar winning);
//! * the count is the request's count field (the schema's, else one of
//!   [`runcomfy_schema::requested::OUTPUT_COUNT_FIELDS`]), at least 1, at most
//!   [`MAX_OUTPUTS`];
//! * the length (videos and audio) is the request's, read by
//!   [`runcomfy_schema::requested::request_length`] (`duration`, `*_length_ms`,
//!   `num_frames`/`fps`, ...), default 5 s, at most [`crate::SimConfig::max_media_seconds`];
//!   a video has `round(seconds x fps)` frames at the request's `fps`/`frame_rate` (else
//!   [`crate::SimConfig::video_fps`]), so its length is the request's within one frame;
//! * sizes come from the request: `width`/`height` integers, or string fields whose name
//!   holds `ratio`, `resolution`, `size`, `width`, `height`, `aspect` or `dimension`, read as
//!   exact pixels (`1280:720`, `1152:864 (4:3)`, `1024x1024(1:1)`), an aspect ratio
//!   (`16:9`), a long side (`1k`, `2k`, `4k` = 1024, 2048, 4096) or a short side (`720p`,
//!   `1080p`). Without any, images are 1024x1024 and videos 1280x720. The result is then
//!   scaled down, keeping its aspect ratio, so that its long side is at most
//!   [`crate::SimConfig::max_image_side`] (default 2048) or
//!   [`crate::SimConfig::max_video_side`] (default 320). Video sides are then rounded down
//!   to even numbers (H.264 4:2:0 needs them);
//! * formats: images `output_format`/`format`/`image_format` = `png` (default), `jpeg`/`jpg`,
//!   `webp`; audio `output_format`/`format`/`audio_format`/`response_format`/`encoding` =
//!   `wav`/`pcm...` (WAV), `mp3...` (MP3, encoded by `rusty_mp3`), anything else WAV; the
//!   sample rate from `sample_rate`, else the format's (`mp3_44100_128`, `pcm_22050`), else
//!   16 kHz (MP3 rates are snapped to the nearest MPEG rate); the MP3 bit rate from
//!   `bitrate`, else the format's, else 128 kbps.
//!
//! A video job also has a poster (its first frame as a PNG), linked as `output.image` in the
//! documented answer shapes ([`crate::AnswerStyle::Docs`]).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};
use runcomfy_schema::requested::{FPS_FIELDS, RequestLength, request_length};
use runcomfy_wire::catalog::OutputKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::profile::OutputProfile;
use crate::rng::{fnv1a, mix};

/// The most files one job produces.
pub const MAX_OUTPUTS: usize = 16;

/// Image encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ImageFormat {
    Png,
    Jpeg,
    Webp,
}

impl ImageFormat {
    pub(crate) fn ext(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Webp => "webp",
        }
    }

    pub(crate) fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Webp => "image/webp",
        }
    }
}

/// Audio encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "codec")]
pub(crate) enum AudioFormat {
    /// 16-bit mono PCM in a RIFF/WAVE file.
    Wav,
    /// MPEG Layer III, mono, constant bit rate.
    Mp3 {
        /// Bit rate asked for, in kbps (the encoder snaps it to a legal one).
        kbps: u32,
    },
}

/// The MPEG Layer III sample rates.
const MP3_RATES: [u32; 9] = [8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000];

/// One file a job produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub(crate) enum Item {
    Image {
        width: u32,
        height: u32,
        format: ImageFormat,
    },
    Video {
        width: u32,
        height: u32,
        frames: u32,
        fps: u32,
    },
    Audio {
        /// Samples (mono), at `rate` per second.
        samples: u32,
        rate: u32,
        format: AudioFormat,
    },
}

impl Item {
    pub(crate) fn ext(&self) -> &'static str {
        match self {
            Item::Image { format, .. } => format.ext(),
            Item::Video { .. } => "mp4",
            Item::Audio {
                format: AudioFormat::Wav,
                ..
            } => "wav",
            Item::Audio {
                format: AudioFormat::Mp3 { .. },
                ..
            } => "mp3",
        }
    }

    pub(crate) fn mime(&self) -> &'static str {
        match self {
            Item::Image { format, .. } => format.mime(),
            Item::Video { .. } => "video/mp4",
            Item::Audio {
                format: AudioFormat::Wav,
                ..
            } => "audio/wav",
            Item::Audio {
                format: AudioFormat::Mp3 { .. },
                ..
            } => "audio/mpeg",
        }
    }

    /// Seconds of media this item holds (`None` for images).
    pub(crate) fn seconds(&self) -> Option<f64> {
        match *self {
            Item::Image { .. } => None,
            Item::Video { frames, fps, .. } => Some(f64::from(frames) / f64::from(fps.max(1))),
            Item::Audio { samples, rate, .. } => Some(f64::from(samples) / f64::from(rate.max(1))),
        }
    }

    /// Does the item stay within `limits` (what a state file written elsewhere may hold)?
    pub(crate) fn within(&self, limits: &Limits) -> bool {
        let seconds = self.seconds().unwrap_or(0.0);
        let short = seconds <= f64::from(limits.max_seconds.max(1)) + 1.0;
        match *self {
            Item::Image { width, height, .. } => {
                (1..=limits.max_image_side.max(limits.max_video_side)).contains(&width.max(height))
                    && width.min(height) >= 1
            }
            Item::Video {
                width,
                height,
                frames,
                fps,
            } => {
                (2..=limits.max_video_side.max(2)).contains(&width.max(height))
                    && width.min(height) >= 2
                    && width % 2 == 0
                    && height % 2 == 0
                    && frames >= 1
                    && (1..=60).contains(&fps)
                    && short
            }
            Item::Audio { samples, rate, .. } => (8_000..=192_000).contains(&rate) && samples >= 1 && short,
        }
    }
}

/// The files of a job: its kind, its outputs and, for a video, its poster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Plan {
    pub(crate) kind: OutputKindWire,
    pub(crate) items: Vec<Item>,
    /// A video's first frame as a PNG, file number `items.len()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) poster: Option<Item>,
}

/// [`OutputKind`] as the state file writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum OutputKindWire {
    Image,
    Video,
    Audio,
}

impl From<OutputKind> for OutputKindWire {
    fn from(k: OutputKind) -> Self {
        match k {
            OutputKind::Image => OutputKindWire::Image,
            OutputKind::Video => OutputKindWire::Video,
            OutputKind::Audio => OutputKindWire::Audio,
        }
    }
}

impl Plan {
    /// Every file with its number: the outputs, then the poster.
    pub(crate) fn files(&self) -> impl Iterator<Item = (usize, Item)> + '_ {
        self.items.iter().copied().chain(self.poster).enumerate()
    }

    /// File number `n`.
    pub(crate) fn file(&self, n: usize) -> Option<Item> {
        self.files().nth(n).map(|(_, item)| item)
    }

    /// The longest media among the outputs, in seconds.
    pub(crate) fn produced_seconds(&self) -> Option<f64> {
        self.items.iter().filter_map(Item::seconds).reduce(f64::max)
    }
}

/// Limits from the config.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_image_side: u32,
    pub(crate) max_video_side: u32,
    pub(crate) fps: u32,
    pub(crate) max_seconds: u32,
}

/// What a request with `body` produces from a model with `profile`.
pub(crate) fn plan(profile: &OutputProfile, kind: OutputKind, body: &Value, limits: Limits) -> Plan {
    let count = output_count(profile, body);
    let length = request_length(body);
    let max_seconds = f64::from(limits.max_seconds.max(1));
    match kind {
        OutputKind::Video => {
            let (w, h) = cap(size_from(body, (1280, 720)), limits.max_video_side.max(2));
            let (width, height) = (crate::mp4::even(w), crate::mp4::even(h));
            let fps = request_fps(body).unwrap_or(limits.fps).clamp(1, 60);
            let wanted = match length {
                Some(RequestLength::Frames { frames, .. }) => frames as f64,
                Some(RequestLength::Seconds(s)) => (s * f64::from(fps)).round(),
                None => 5.0 * f64::from(fps),
            };
            let frames = wanted.clamp(1.0, max_seconds * f64::from(fps)) as u32;
            let item = Item::Video {
                width,
                height,
                frames,
                fps,
            };
            Plan {
                kind: kind.into(),
                items: vec![item; count],
                poster: Some(Item::Image {
                    width,
                    height,
                    format: ImageFormat::Png,
                }),
            }
        }
        OutputKind::Audio => {
            let (format, rate) = audio_format(body);
            let seconds = length
                .map_or(5.0, |l| l.seconds(f64::from(limits.fps)))
                .clamp(0.0, max_seconds);
            let samples = ((seconds * f64::from(rate)).round() as u32).max(1);
            Plan {
                kind: kind.into(),
                items: vec![Item::Audio { samples, rate, format }; count],
                poster: None,
            }
        }
        OutputKind::Image => {
            let (width, height) = cap(size_from(body, (1024, 1024)), limits.max_image_side);
            let format = image_format(body);
            Plan {
                kind: kind.into(),
                items: vec![Item::Image { width, height, format }; count],
                poster: None,
            }
        }
    }
}

/// How many files the request asks for: the schema's count field, else any of the usual
/// ones; 1 to [`MAX_OUTPUTS`] (and to the schema's maximum).
fn output_count(profile: &OutputProfile, body: &Value) -> usize {
    let asked = profile
        .count_field
        .as_deref()
        .and_then(|f| body.get(f))
        .and_then(as_u64)
        .or_else(|| runcomfy_schema::requested::request_output_count(body));
    let max = profile
        .max_count
        .map_or(MAX_OUTPUTS, |m| (m as usize).clamp(1, MAX_OUTPUTS));
    asked.map_or(1, |n| (n as usize).clamp(1, max))
}

fn request_fps(body: &Value) -> Option<u32> {
    FPS_FIELDS.iter().find_map(|k| {
        let v = body.get(*k)?;
        let f = v.as_f64().or_else(|| v.as_str()?.trim().parse().ok())?;
        (f.is_finite() && f >= 1.0).then(|| f.round().min(60.0) as u32)
    })
}

fn as_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite() && *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().trim_end_matches('s').parse().ok(),
        _ => None,
    }
}

fn image_format(body: &Value) -> ImageFormat {
    for key in ["output_format", "format", "image_format", "file_format"] {
        if let Some(s) = body.get(key).and_then(Value::as_str) {
            match s.to_ascii_lowercase().as_str() {
                "jpeg" | "jpg" => return ImageFormat::Jpeg,
                "webp" => return ImageFormat::Webp,
                "png" => return ImageFormat::Png,
                _ => {}
            }
        }
    }
    ImageFormat::Png
}

/// The audio format and sample rate a request asks for (see the module documentation).
fn audio_format(body: &Value) -> (AudioFormat, u32) {
    let spec = [
        "output_format",
        "format",
        "audio_format",
        "response_format",
        "encoding",
        "file_format",
    ]
    .iter()
    .filter_map(|k| body.get(*k).and_then(Value::as_str))
    .map(str::to_ascii_lowercase)
    .find(|v| crate::profile::format_kind(v) == Some(OutputKind::Audio));
    let tokens: Vec<&str> = spec
        .as_deref()
        .map(|s| s.split(['_', '-']).collect())
        .unwrap_or_default();
    let number = |v: &Value| {
        v.as_f64()
            .or_else(|| v.as_str()?.trim().parse().ok())
            .filter(|f| f.is_finite())
    };
    let asked_rate = ["sample_rate", "sampling_rate"]
        .iter()
        .find_map(|k| body.get(*k).and_then(number))
        .or_else(|| tokens.get(1).and_then(|t| t.parse().ok()));
    let mp3 = tokens.first() == Some(&"mp3");
    if mp3 {
        let kbps = body
            .get("bitrate")
            .and_then(number)
            .map(|b| if b >= 1000.0 { b / 1000.0 } else { b })
            .or_else(|| tokens.get(2).and_then(|t| t.parse().ok()))
            .map_or(128, |k| k.round().clamp(8.0, 320.0) as u32);
        let rate = asked_rate.map_or(16_000, |r| {
            *MP3_RATES
                .iter()
                .min_by_key(|m| (f64::from(**m) - r).abs() as u64)
                .unwrap_or(&16_000)
        });
        (AudioFormat::Mp3 { kbps }, rate)
    } else {
        let rate = asked_rate.map_or(16_000, |r| r.round().clamp(8_000.0, 192_000.0) as u32);
        (AudioFormat::Wav, rate)
    }
}

/// What one size value says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SizeHint {
    Exact(u32, u32),
    Aspect(u32, u32),
    LongSide(u32),
    ShortSide(u32),
}

/// Reads one enum value such as `16:9`, `1152:864 (4:3)`, `1024x1024(1:1)`, `2k`, `720p`.
pub(crate) fn parse_size_hint(s: &str) -> Option<SizeHint> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(n) = t.strip_suffix('k').and_then(|n| n.trim().parse::<u32>().ok()) {
        return (1..=16).contains(&n).then_some(SizeHint::LongSide(n * 1024));
    }
    if let Some(n) = t.strip_suffix('p').and_then(|n| n.trim().parse::<u32>().ok()) {
        return (16..=8192).contains(&n).then_some(SizeHint::ShortSide(n));
    }
    let numbers: Vec<u32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(2)
        .filter_map(|p| p.parse().ok())
        .collect();
    let &[a, b] = numbers.as_slice() else { return None };
    if a == 0 || b == 0 {
        return None;
    }
    if a <= 64 && b <= 64 {
        Some(SizeHint::Aspect(a, b))
    } else if a >= 16 && b >= 16 {
        Some(SizeHint::Exact(a.min(16384), b.min(16384)))
    } else {
        None
    }
}

pub(crate) fn size_from(body: &Value, default: (u32, u32)) -> (u32, u32) {
    let Some(map) = body.as_object() else { return default };
    let w = map.get("width").and_then(as_u64);
    let h = map.get("height").and_then(as_u64);
    if let (Some(w), Some(h)) = (w, h)
        && w > 0
        && h > 0
    {
        return (w.min(16384) as u32, h.min(16384) as u32);
    }
    let (mut aspect, mut long, mut short) = (None, None, None);
    for (key, value) in map {
        let key = key.to_ascii_lowercase();
        if !["ratio", "resolution", "size", "width", "height", "aspect", "dimension"]
            .iter()
            .any(|w| key.contains(w))
        {
            continue;
        }
        let Some(s) = value.as_str() else { continue };
        match parse_size_hint(s) {
            Some(SizeHint::Exact(w, h)) => return (w, h),
            Some(SizeHint::Aspect(a, b)) => aspect = Some((a, b)),
            Some(SizeHint::LongSide(l)) => long = Some(l),
            Some(SizeHint::ShortSide(s)) => short = Some(s),
            None => {}
        }
    }
    if aspect.is_none() && long.is_none() && short.is_none() {
        return default;
    }
    let (a, b) = aspect.unwrap_or_else(|| {
        let g = gcd(default.0, default.1).max(1);
        (default.0 / g, default.1 / g)
    });
    let (a, b) = (f64::from(a), f64::from(b));
    let (w, h) = if let Some(s) = short {
        let s = f64::from(s);
        if a >= b { (s * a / b, s) } else { (s, s * b / a) }
    } else {
        let l = f64::from(long.unwrap_or(default.0.max(default.1)));
        if a >= b { (l, l * b / a) } else { (l * a / b, l) }
    };
    (w.round().max(1.0) as u32, h.round().max(1.0) as u32)
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Scales `(w, h)` down so that its long side is at most `max`.
pub(crate) fn cap((w, h): (u32, u32), max: u32) -> (u32, u32) {
    let max = max.max(1);
    let long = w.max(h);
    if long <= max {
        return (w.max(1), h.max(1));
    }
    let scale = f64::from(max) / f64::from(long);
    (
        ((f64::from(w) * scale).round() as u32).clamp(1, max),
        ((f64::from(h) * scale).round() as u32).clamp(1, max),
    )
}

/// The prompt of a request, for seeding: the first of the usual prompt fields.
pub(crate) fn prompt_of(body: &Value) -> String {
    ["prompt", "promptText", "prompt_text", "text"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .unwrap_or("")
        .to_owned()
}

/// The seed of a request: its `seed` field when it is a non-negative integer, else
/// `fallback` (derived from the simulator seed and the request id).
pub(crate) fn seed_of(body: &Value, fallback: u64) -> u64 {
    body.get("seed")
        .and_then(Value::as_i64)
        .filter(|s| *s >= 0)
        .map_or(fallback, |s| s as u64)
}

/// The seed of file `n` of a job whose output seed is `job_seed` (a poster shares its
/// video's seed: it is the video's first frame).
pub(crate) fn file_seed(plan: &Plan, job_seed: u64, n: usize) -> u64 {
    let index = if n >= plan.items.len() { 0 } else { n };
    mix(job_seed, index as u64)
}

/// Renders one output file from its item and its seed ([`file_seed`]).
pub(crate) fn render(item: &Item, seed: u64) -> Result<Vec<u8>, String> {
    match *item {
        Item::Image { width, height, format } => encode_image(&picture(width, height, seed, 0), format),
        Item::Video {
            width,
            height,
            frames,
            fps,
        } => crate::mp4::scrolling_mp4(&picture(width, height, seed, 0), fps, frames),
        Item::Audio { samples, rate, format } => {
            let pcm = tone(samples, rate, seed);
            match format {
                AudioFormat::Wav => Ok(wav(&pcm, rate)),
                AudioFormat::Mp3 { kbps } => mp3(&pcm, rate, kbps),
            }
        }
    }
}

/// A seeded picture: a diagonal gradient between two colours, with rings (inverted bands)
/// around a seeded centre that moves with `frame`.
///
/// Built row by row from two precomputed diagonal lines (the gradient, plain and inverted):
/// a row is a few runs copied from one line or the other, switching at the rings, so the
/// cost per pixel is a copy (cheap in a debug build too).
pub(crate) fn picture(width: u32, height: u32, seed: u64, frame: u32) -> RgbImage {
    let c = |shift: u32| {
        [
            (seed >> shift) as u8,
            (seed >> (shift + 8)) as u8,
            (seed >> (shift + 16)) as u8,
        ]
    };
    let (c0, c1) = (c(0), c(24));
    let w = width.max(1) as usize;
    let h = height.max(1) as usize;
    let cx = ((seed >> 48) as usize % w + frame as usize * 4) % w;
    let cy = (seed >> 56) as usize % h;
    let ring = 8 + (seed >> 40) as usize % 24;
    let span = w + h;
    // line[on][3 * s..3 * s + 3]: the colour at x + y = s, on a ring or off it.
    let mut lines = [Vec::with_capacity(3 * span), Vec::with_capacity(3 * span)];
    for s in 0..span {
        let t = (s * 255 / span) as u32;
        for i in 0..3 {
            let v = ((u32::from(c0[i]) * (255 - t) + u32::from(c1[i]) * t) / 255) as u8;
            lines[1].push(v);
            lines[0].push(255 - v);
        }
    }
    // The smallest b with b * b >= n.
    let ceil_sqrt = |n: usize| {
        let mut b = (n as f64).sqrt() as usize;
        while b * b < n {
            b += 1;
        }
        while b > 0 && (b - 1) * (b - 1) >= n {
            b -= 1;
        }
        b
    };
    let max_dx = cx.max(w - 1 - cx);
    let mut bounds = Vec::new();
    let mut buf = vec![0u8; 3 * w * h];
    for (y, row) in buf.chunks_exact_mut(3 * w).enumerate() {
        let dy = y.abs_diff(cy);
        // Ring k holds the points at a distance in [k ring, (k + 1) ring): along the row, the
        // horizontal distances dx where the ring number grows past k0 = dy / ring.
        let k0 = dy / ring;
        bounds.clear();
        for m in k0 + 1.. {
            let b = ceil_sqrt((m * ring) * (m * ring) - dy * dy);
            if b > max_dx {
                break;
            }
            bounds.push(b);
        }
        // Interval i of dx: [lo(i), hi(i)), in ring k0 + i.
        let lo = |i: usize| if i == 0 { 0 } else { bounds[i - 1] };
        let hi = |i: usize| bounds.get(i).copied().unwrap_or(usize::MAX / 4);
        let mut copy = |from: usize, to: usize, i: usize| {
            if from < to {
                let line = &lines[usize::from((k0 + i).is_multiple_of(2))];
                row[3 * from..3 * to].copy_from_slice(&line[3 * (from + y)..3 * (to + y)]);
            }
        };
        for i in (0..=bounds.len()).rev() {
            // Left of the centre: x = cx - dx for dx in [1, cx].
            copy(
                (cx + 1).saturating_sub(hi(i)),
                (cx + 1).saturating_sub(lo(i)).min(cx),
                i,
            );
        }
        for i in 0..=bounds.len() {
            copy(cx + lo(i), (cx.saturating_add(hi(i))).min(w), i);
        }
    }
    RgbImage::from_raw(w as u32, h as u32, buf).unwrap_or_else(|| RgbImage::new(w as u32, h as u32))
}

fn encode_image(img: &RgbImage, format: ImageFormat) -> Result<Vec<u8>, String> {
    let mut buf = Cursor::new(Vec::new());
    let (w, h) = img.dimensions();
    let res =
        match format {
            ImageFormat::Png => PngEncoder::new_with_quality(&mut buf, CompressionType::Fast, FilterType::Up)
                .write_image(img.as_raw(), w, h, ExtendedColorType::Rgb8),
            ImageFormat::Jpeg => {
                JpegEncoder::new_with_quality(&mut buf, 85).write_image(img.as_raw(), w, h, ExtendedColorType::Rgb8)
            }
            ImageFormat::Webp => {
                WebPEncoder::new_lossless(&mut buf).write_image(img.as_raw(), w, h, ExtendedColorType::Rgb8)
            }
        };
    res.map_err(|e| format!("encoding a {w}x{h} {} image failed: {e}", format.ext()))?;
    Ok(buf.into_inner())
}

/// `samples` samples of a seeded sine tone at `rate` per second, 16-bit.
fn tone(samples: u32, rate: u32, seed: u64) -> Vec<i16> {
    let freq = 220.0 + (seed % 660) as f64;
    let step = freq * std::f64::consts::TAU / f64::from(rate.max(1));
    (0..samples)
        .map(|i| ((f64::from(i) * step).sin() * 8000.0) as i16)
        .collect()
}

/// A 16-bit mono WAV of `pcm` at `rate` samples per second.
fn wav(pcm: &[i16], rate: u32) -> Vec<u8> {
    let data_len = u32::try_from(pcm.len() * 2).unwrap_or(u32::MAX - 36);
    let mut out = Vec::with_capacity(44 + pcm.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in pcm {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

/// A mono constant-bit-rate MP3 of `pcm` (at an MPEG rate), with the encoder's gapless
/// Info tag (so decoders that read it trim the padding).
fn mp3(pcm: &[i16], rate: u32, kbps: u32) -> Result<Vec<u8>, String> {
    let mut encoder = rusty_mp3::Mp3Encoder::new(rusty_mp3::Mp3EncoderConfig {
        bitrate_kbps: kbps,
        vbr_quality: None,
    });
    encoder
        .push_pcm_s16(pcm, 1, rate)
        .map_err(|e| format!("encoding MP3 at {rate} Hz failed: {e}"))?;
    encoder.finish();
    let mut out = Vec::new();
    loop {
        match encoder.next_packet() {
            Ok(packet) => out.extend_from_slice(&packet),
            Err(rusty_mp3::Error::Eof | rusty_mp3::Error::Again) => break,
            Err(e) => return Err(format!("encoding MP3 failed: {e}")),
        }
    }
    Ok(out)
}

/// Seed for a whole job's outputs: prompt and seed, so equal requests give equal files.
pub(crate) fn job_seed(body: &Value, fallback: u64) -> u64 {
    mix(fnv1a(prompt_of(body).as_bytes()), seed_of(body, fallback))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const LIMITS: Limits = Limits {
        max_image_side: 2048,
        max_video_side: 320,
        fps: 8,
        max_seconds: 30,
    };

    fn profile(count_field: Option<&str>, max_count: Option<u64>) -> OutputProfile {
        OutputProfile {
            kind: OutputKind::Image,
            categories: Vec::new(),
            inputs: Vec::new(),
            count_field: count_field.map(str::to_owned),
            max_count,
            length_fields: Vec::new(),
            reason: String::new(),
        }
    }

    #[test]
    fn sizes_from_the_bundled_enums() {
        assert_eq!(size_from(&json!({"resolution": "1152:864 (4:3)"}), (1, 1)), (1152, 864));
        assert_eq!(
            size_from(&json!({"width×height": "1024x1024(1:1)"}), (1, 1)),
            (1024, 1024)
        );
        assert_eq!(size_from(&json!({"ratio": "1280:720"}), (1, 1)), (1280, 720));
        assert_eq!(size_from(&json!({"aspect_ratio": "16:9"}), (1024, 1024)), (1024, 576));
        assert_eq!(
            size_from(&json!({"aspect_ratio": "9:16", "resolution": "2k"}), (1024, 1024)),
            (1152, 2048)
        );
        assert_eq!(size_from(&json!({"resolution": "720p"}), (1280, 720)), (1280, 720));
        assert_eq!(size_from(&json!({"width": 300, "height": 200}), (1, 1)), (300, 200));
        assert_eq!(size_from(&json!({"prompt": "16:9"}), (7, 7)), (7, 7));
        assert_eq!(cap((6198, 2656), 2048), (2048, 878));
        assert_eq!(cap((100, 50), 2048), (100, 50));
    }

    #[test]
    fn counts_are_the_requests_up_to_the_schema_and_the_cap() {
        let p = plan(
            &profile(None, None),
            OutputKind::Image,
            &json!({"n": 3, "output_format": "webp"}),
            LIMITS,
        );
        assert_eq!(p.items.len(), 3);
        assert!(matches!(
            p.items[0],
            Item::Image {
                format: ImageFormat::Webp,
                ..
            }
        ));
        let p = plan(
            &profile(Some("num_images"), Some(6)),
            OutputKind::Image,
            &json!({"num_images": 6}),
            LIMITS,
        );
        assert_eq!(p.items.len(), 6, "more than the old cap of 4");
        let p = plan(&profile(None, None), OutputKind::Image, &json!({"n": 500}), LIMITS);
        assert_eq!(p.items.len(), MAX_OUTPUTS);
        let p = plan(&profile(None, None), OutputKind::Image, &json!({"n": 0}), LIMITS);
        assert_eq!(p.items.len(), 1);
        let p = plan(
            &profile(None, None),
            OutputKind::Video,
            &json!({"num_outputs": 2}),
            LIMITS,
        );
        assert_eq!(p.items.len(), 2);
        assert!(p.poster.is_some());
    }

    #[test]
    fn video_lengths_and_frame_rates_are_the_requests() {
        let video = |body: Value| match plan(&profile(None, None), OutputKind::Video, &body, LIMITS).items[0] {
            Item::Video {
                width,
                height,
                frames,
                fps,
            } => (width, height, frames, fps),
            other => panic!("{other:?}"),
        };
        assert_eq!(video(json!({"duration": 10})), (320, 180, 80, 8));
        assert_eq!(video(json!({"duration": "8s", "fps": 24})), (320, 180, 192, 24));
        assert_eq!(video(json!({"duration": 2.5, "frame_rate": 30})).2, 75);
        assert_eq!(video(json!({"num_frames": 81, "fps": 16})).2, 81);
        assert_eq!(video(json!({"video_length_ms": 4000})).2, 32);
        assert_eq!(video(json!({})).2, 40, "5 s by default");
        assert_eq!(video(json!({"duration": 3600})).2, 30 * 8, "at most max_media_seconds");
        // Odd sides are rounded down to even ones.
        assert_eq!(video(json!({"aspect_ratio": "2:3"})), (212, 320, 40, 8));
    }

    #[test]
    fn audio_formats_rates_and_lengths_are_the_requests() {
        let audio = |body: Value| match plan(&profile(None, None), OutputKind::Audio, &body, LIMITS).items[0] {
            Item::Audio { samples, rate, format } => (samples, rate, format),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            audio(json!({"music_length_ms": 8000})),
            (128_000, 16_000, AudioFormat::Wav)
        );
        assert_eq!(
            audio(json!({"music_length_ms": 8000, "output_format": "mp3_44100_128"})),
            (352_800, 44_100, AudioFormat::Mp3 { kbps: 128 })
        );
        assert_eq!(
            audio(json!({"duration": 2, "format": "wav", "sample_rate": 48000})),
            (96_000, 48_000, AudioFormat::Wav)
        );
        assert_eq!(audio(json!({"output_format": "pcm_22050"})).1, 22_050);
        assert_eq!(
            audio(json!({"format": "mp3", "sample_rate": 44000, "bitrate": 192000})),
            (220_500, 44_100, AudioFormat::Mp3 { kbps: 192 }),
            "an MPEG rate, the nearest"
        );
        assert_eq!(audio(json!({"format": "flac"})).2, AudioFormat::Wav, "the WAV fallback");
    }

    #[test]
    fn pictures_are_the_gradient_with_rings_pixel_for_pixel() {
        // The per-pixel definition the run-copying code must give.
        for (w, h, seed, frame) in [
            (40, 30, 5, 0),
            (97, 13, 0xdead_beef_1234_5678, 3),
            (1, 1, 9, 0),
            (64, 200, u64::MAX, 7),
        ] {
            let img = picture(w, h, seed, frame);
            let c = |shift: u32| {
                [
                    (seed >> shift) as u8,
                    (seed >> (shift + 8)) as u8,
                    (seed >> (shift + 16)) as u8,
                ]
            };
            let (c0, c1) = (c(0), c(24));
            let cx = ((seed >> 48) as u32 % w + frame * 4) % w;
            let cy = (seed >> 56) as u32 % h;
            let ring = 8 + (seed >> 40) as u32 % 24;
            for y in 0..h {
                for x in 0..w {
                    let t = (x + y) * 255 / (w + h);
                    let (dx, dy) = (u64::from(x.abs_diff(cx)), u64::from(y.abs_diff(cy)));
                    let d2 = dx * dx + dy * dy;
                    let mut d = (d2 as f64).sqrt() as u64;
                    while d * d > d2 {
                        d -= 1;
                    }
                    while (d + 1) * (d + 1) <= d2 {
                        d += 1;
                    }
                    let on = (d / u64::from(ring)).is_multiple_of(2);
                    let mut px = [0u8; 3];
                    for i in 0..3 {
                        let v = ((u32::from(c0[i]) * (255 - t) + u32::from(c1[i]) * t) / 255) as u8;
                        px[i] = if on { v } else { 255 - v };
                    }
                    assert_eq!(img.get_pixel(x, y).0, px, "{w}x{h} seed {seed} at ({x}, {y})");
                }
            }
        }
    }

    #[test]
    fn images_decode_and_are_deterministic() {
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Webp] {
            let item = Item::Image {
                width: 40,
                height: 30,
                format,
            };
            let a = render(&item, 5).unwrap();
            assert_eq!(a, render(&item, 5).unwrap());
            assert_ne!(a, render(&item, 6).unwrap());
            let img = image::load_from_memory(&a).unwrap();
            assert_eq!((img.width(), img.height()), (40, 30));
        }
    }

    #[test]
    fn audio_files_hold_the_samples_asked_for() {
        let wav = render(
            &Item::Audio {
                samples: 24_000,
                rate: 24_000,
                format: AudioFormat::Wav,
            },
            1,
        )
        .unwrap();
        assert_eq!(&wav[..4], b"RIFF");
        assert_eq!(wav.len(), 44 + 48_000);
        assert_eq!(u32::from_le_bytes(wav[24..28].try_into().unwrap()), 24_000);
        let mp3 = render(
            &Item::Audio {
                samples: 44_100 * 3 / 2,
                rate: 44_100,
                format: AudioFormat::Mp3 { kbps: 128 },
            },
            1,
        )
        .unwrap();
        let decoded = decode_mp3(&mp3);
        assert_eq!(decoded.1, 44_100);
        let seconds = decoded.0 as f64 / 44_100.0;
        assert!((seconds - 1.5).abs() <= 0.1, "{seconds} s");
    }

    /// (samples, rate) of an MP3, decoded with rusty_mp3.
    pub(crate) fn decode_mp3(bytes: &[u8]) -> (usize, u32) {
        let mut decoder = rusty_mp3::Mp3Decoder::new();
        decoder.push(bytes);
        decoder.flush();
        let (mut samples, mut rate) = (0, 0);
        while let Ok(frame) = decoder.next_frame() {
            samples += frame.samples.len() / usize::from(frame.channels.max(1));
            rate = frame.sample_rate;
        }
        (samples, rate)
    }
}
