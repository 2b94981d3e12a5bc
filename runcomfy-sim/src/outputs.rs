//! Generated outputs: real images (PNG, JPEG, WebP), H.264 MP4 videos and WAV audio,
//! deterministic from the request's prompt and seed.
//!
//! What an endpoint produces is its catalog entry's output kind (the ending of its
//! categories, else its model id, see [`crate::catalog`]):
//! * video: one MP4 (`output.video`) of the request's `duration` (seconds, default 5, at most
//!   [`crate::SimConfig::max_media_seconds`]);
//! * audio: one WAV file (`output.audio`);
//! * images: one (`output.image`), or several (`output.images`) when the request has a
//!   count field (`num_images`, `num_outputs`, `n`, `batch_size`, `number_of_images`,
//!   `image_num`) above 1 (at most 4).
//!
//! Sizes come from the request: `width`/`height` integers, or string fields whose name holds
//! `ratio`, `resolution`, `size`, `width`, `height`, `aspect` or `dimension`, read as exact
//! pixels (`1280:720`, `1152:864 (4:3)`, `1024x1024(1:1)`), an aspect ratio (`16:9`), a long
//! side (`1k`, `2k`, `4k` = 1024, 2048, 4096) or a short side (`720p`, `1080p`). Without any,
//! images are 1024x1024 and videos 1280x720. The result is then scaled down, keeping its
//! aspect ratio, so that its long side is at most [`crate::SimConfig::max_image_side`]
//! (default 2048) or [`crate::SimConfig::max_video_side`] (default 320): real endpoints
//! return up to 6198 pixels, which would make tests slow for no gain. Video sides are then
//! rounded down to even numbers (H.264 4:2:0 needs them).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};
use runcomfy_wire::catalog::OutputKind;
use serde_json::Value;

use crate::rng::{fnv1a, mix};

/// Image encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// One file a job produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        seconds: u32,
    },
}

impl Item {
    pub(crate) fn ext(&self) -> &'static str {
        match self {
            Item::Image { format, .. } => format.ext(),
            Item::Video { .. } => "mp4",
            Item::Audio { .. } => "wav",
        }
    }

    pub(crate) fn mime(&self) -> &'static str {
        match self {
            Item::Image { format, .. } => format.mime(),
            Item::Video { .. } => "video/mp4",
            Item::Audio { .. } => "audio/wav",
        }
    }
}

impl Item {
    /// Seconds of media this item holds (`None` for images).
    pub(crate) fn seconds(&self) -> Option<f64> {
        match *self {
            Item::Image { .. } => None,
            Item::Video { frames, fps, .. } => Some(f64::from(frames) / f64::from(fps.max(1))),
            Item::Audio { seconds } => Some(f64::from(seconds)),
        }
    }
}

/// The files of a job and the `output` key they go under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) key: &'static str,
    pub(crate) items: Vec<Item>,
}

/// Limits from the config.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_image_side: u32,
    pub(crate) max_video_side: u32,
    pub(crate) fps: u32,
    pub(crate) max_seconds: u32,
}

pub(crate) fn plan(kind: OutputKind, body: &Value, limits: Limits) -> Plan {
    let seconds = duration_seconds(body).clamp(1, limits.max_seconds.max(1));
    if kind == OutputKind::Video {
        let (w, h) = cap(size_from(body, (1280, 720)), limits.max_video_side.max(2));
        let fps = limits.fps.clamp(1, 60);
        return Plan {
            key: "video",
            items: vec![Item::Video {
                width: crate::mp4::even(w),
                height: crate::mp4::even(h),
                frames: seconds * fps,
                fps,
            }],
        };
    }
    if kind == OutputKind::Audio {
        return Plan {
            key: "audio",
            items: vec![Item::Audio { seconds }],
        };
    }
    let (width, height) = cap(size_from(body, (1024, 1024)), limits.max_image_side);
    let format = image_format(body);
    let count = image_count(body);
    Plan {
        key: if count > 1 { "images" } else { "image" },
        items: vec![Item::Image { width, height, format }; count],
    }
}

fn image_count(body: &Value) -> usize {
    runcomfy_wire::catalog::request_output_count(body).map_or(1, |n| n.clamp(1, 4) as usize)
}

fn as_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().trim_end_matches('s').parse().ok(),
        _ => None,
    }
}

fn duration_seconds(body: &Value) -> u32 {
    ["duration", "duration_seconds", "seconds", "length"]
        .iter()
        .find_map(|k| body.get(*k).and_then(as_u64))
        .map_or(5, |n| n.min(3600) as u32)
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

/// Renders one output file.
pub(crate) fn render(item: &Item, seed: u64, index: usize) -> Result<Vec<u8>, String> {
    let seed = mix(seed, index as u64);
    match *item {
        Item::Image { width, height, format } => encode_image(&picture(width, height, seed, 0), format),
        Item::Video {
            width,
            height,
            frames,
            fps,
        } => crate::mp4::h264_mp4(width, height, fps, (0..frames).map(|f| picture(width, height, seed, f))),
        Item::Audio { seconds } => Ok(wav(seconds, seed)),
    }
}

/// A seeded picture: a diagonal gradient between two colours, with rings whose centre moves
/// with `frame`.
pub(crate) fn picture(width: u32, height: u32, seed: u64, frame: u32) -> RgbImage {
    let c = |shift: u32| {
        [
            (seed >> shift) as u8,
            (seed >> (shift + 8)) as u8,
            (seed >> (shift + 16)) as u8,
        ]
    };
    let (c0, c1) = (c(0), c(24));
    let w = width.max(1);
    let h = height.max(1);
    let cx = ((seed >> 48) as u32 % w + frame * 4) % w;
    let cy = (seed >> 56) as u32 % h;
    let ring = 8 + (seed >> 40) as u32 % 24;
    let span = (w + h).max(1);
    RgbImage::from_fn(w, h, |x, y| {
        let t = (x + y) * 255 / span;
        let dx = x.abs_diff(cx);
        let dy = y.abs_diff(cy);
        let on_ring = (((dx * dx + dy * dy) as f32).sqrt() as u32 / ring).is_multiple_of(2);
        let mut px = [0u8; 3];
        for i in 0..3 {
            let v = (u32::from(c0[i]) * (255 - t) + u32::from(c1[i]) * t) / 255;
            px[i] = if on_ring { v as u8 } else { 255 - v as u8 };
        }
        image::Rgb(px)
    })
}

fn encode_image(img: &RgbImage, format: ImageFormat) -> Result<Vec<u8>, String> {
    let mut buf = Cursor::new(Vec::new());
    let (w, h) = img.dimensions();
    let res =
        match format {
            ImageFormat::Png => PngEncoder::new_with_quality(&mut buf, CompressionType::Fast, FilterType::Sub)
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

/// A 16-bit mono 16 kHz WAV with a seeded tone.
fn wav(seconds: u32, seed: u64) -> Vec<u8> {
    const RATE: u32 = 16_000;
    let samples = RATE * seconds;
    let freq = 220.0 + (seed % 660) as f64;
    let data_len = samples * 2;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..samples {
        let t = f64::from(i) / f64::from(RATE);
        let v = (t * freq * std::f64::consts::TAU).sin() * 8000.0;
        out.extend_from_slice(&(v as i16).to_le_bytes());
    }
    out
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
        max_seconds: 5,
    };

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
    fn plans() {
        let p = plan(OutputKind::Image, &json!({"n": 3, "output_format": "webp"}), LIMITS);
        assert_eq!(p.key, "images");
        assert_eq!(p.items.len(), 3);
        let p = plan(OutputKind::Video, &json!({"duration": 10}), LIMITS);
        assert_eq!(
            p.items,
            vec![Item::Video {
                width: 320,
                height: 180,
                frames: 40,
                fps: 8
            }]
        );
        assert_eq!(plan(OutputKind::Audio, &json!({}), LIMITS).key, "audio");
        // Odd video sides are rounded down to even ones.
        let p = plan(OutputKind::Video, &json!({"aspect_ratio": "2:3"}), LIMITS);
        assert_eq!(
            p.items,
            vec![Item::Video {
                width: 212,
                height: 320,
                frames: 40,
                fps: 8
            }]
        );
    }

    #[test]
    fn images_decode_and_are_deterministic() {
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Webp] {
            let item = Item::Image {
                width: 40,
                height: 30,
                format,
            };
            let a = render(&item, 5, 0).unwrap();
            assert_eq!(a, render(&item, 5, 0).unwrap());
            assert_ne!(a, render(&item, 6, 0).unwrap());
            let img = image::load_from_memory(&a).unwrap();
            assert_eq!((img.width(), img.height()), (40, 30));
        }
        let wav = render(&Item::Audio { seconds: 1 }, 1, 0).unwrap();
        assert_eq!(&wav[..4], b"RIFF");
        assert_eq!(wav.len(), 44 + 32_000);
    }
}
