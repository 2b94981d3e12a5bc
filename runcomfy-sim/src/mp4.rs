//! MP4 videos: H.264 frames from `less-avc`, in an ISO-BMFF (MP4) file written by `mp4`.
//!
//! `less-avc` is a small pure-Rust H.264 encoder whose pictures are lossless I_PCM
//! macroblocks (Baseline profile, 8-bit 4:2:0, every frame an IDR picture): files are large
//! for their size (1.5 bytes a pixel per frame) but decode everywhere H.264 does. `mp4`
//! writes the container: `ftyp` (`isom`, `iso2`, `avc1`, `mp41`), `mdat`, then `moov` with
//! one `avc1` track whose `avcC` holds the encoder's SPS and PPS, one sample per frame, every
//! sample a sync sample, a track timescale of `fps * 1000`.
//!
//! H.264 4:2:0 needs even sides: callers round them ([`even`]).
//!
//! # Cheap frames
//!
//! An I_PCM picture is a fixed bit layout with the raw samples at fixed, byte-aligned places:
//! for each macroblock a constant header, then its 256 luma and 2 x 64 chroma samples. So
//! `less-avc` encodes two uniform pictures of a size once ([`Layout`]), the bytes where they
//! differ are the sample places, and every frame after that is the first encoding with its
//! samples written in: a copy of bytes, with no per-bit work (a debug build renders a video
//! about as fast as a release build). Samples are kept at 1 or above, so no emulation
//! prevention byte (`00 00 0x`) can appear among them, and the result is byte for byte what
//! `less-avc` writes (a unit test compares them). The video is the job's picture scrolling one
//! macroblock (16 pixels) a frame to the left, wrapping around: so a frame is the first
//! frame's encoding with its macroblocks' sample runs in another order, a few hundred copies
//! of 384 bytes.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::body::Bytes;
use image::RgbImage;
use less_avc::ycbcr_image::{DataPlane, Planes, YCbCrImage};
use less_avc::{BitDepth, LessEncoder};
use mp4::{AvcConfig, FourCC, MediaConfig, Mp4Config, Mp4Sample, Mp4Writer, TrackConfig, TrackType};

/// `n` rounded down to an even number, at least 2.
pub(crate) fn even(n: u32) -> u32 {
    (n & !1).max(2)
}

/// One frame as 8-bit YCbCr 4:2:0 planes (full range, BT.601), padded to whole 16x16
/// macroblocks as the encoder wants them.
#[derive(Clone)]
struct Yuv {
    y: Vec<u8>,
    cb: Vec<u8>,
    cr: Vec<u8>,
    y_stride: usize,
    c_stride: usize,
}

/// The frame's planes: BT.601 full range in 8-bit fixed point, over the padding too (edge
/// pixels repeated: frames scroll through it), every sample at least 1 (see the module
/// documentation).
fn to_yuv(img: &RgbImage) -> Yuv {
    let (w, h) = (img.width().max(1) as usize, img.height().max(1) as usize);
    let raw = img.as_raw();
    let y_stride = w.div_ceil(16) * 16;
    let y_rows = h.div_ceil(16) * 16;
    let (c_stride, c_rows) = (y_stride / 2, y_rows / 2);
    let mut y = vec![0u8; y_stride * y_rows];
    let mut cb = vec![128u8; c_stride * c_rows];
    let mut cr = vec![128u8; c_stride * c_rows];
    if raw.len() < 3 * w * h {
        return Yuv {
            y,
            cb,
            cr,
            y_stride,
            c_stride,
        };
    }
    let pixel = |x: usize, row: usize| -> [i32; 3] {
        let at = 3 * (row.min(h - 1) * w + x.min(w - 1));
        [i32::from(raw[at]), i32::from(raw[at + 1]), i32::from(raw[at + 2])]
    };
    let sample = |v: i32| v.clamp(1, 255) as u8;
    for row in 0..y_rows {
        let line = &mut y[row * y_stride..(row + 1) * y_stride];
        for (col, out) in line.iter_mut().enumerate() {
            let [r, g, b] = pixel(col, row);
            *out = sample((77 * r + 150 * g + 29 * b + 128) >> 8);
        }
    }
    for row in 0..c_rows {
        for col in 0..c_stride {
            let mut sum = [0i32; 3];
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let p = pixel(col * 2 + dx, row * 2 + dy);
                for i in 0..3 {
                    sum[i] += p[i];
                }
            }
            // The 2x2 average is sum / 4: the weights below are divided by 1024, not 256.
            let [r, g, b] = sum;
            cb[row * c_stride + col] = sample(128 + ((-43 * r - 85 * g + 128 * b + 512) >> 10));
            cr[row * c_stride + col] = sample(128 + ((128 * r - 107 * g - 21 * b + 512) >> 10));
        }
    }
    Yuv {
        y,
        cb,
        cr,
        y_stride,
        c_stride,
    }
}

fn image_of(yuv: &Yuv, width: u32, height: u32) -> YCbCrImage<'_> {
    let plane = |data, stride| DataPlane {
        data,
        stride,
        bit_depth: BitDepth::Depth8,
    };
    YCbCrImage {
        planes: Planes::YCbCr((
            plane(&yuv.y, yuv.y_stride),
            plane(&yuv.cb, yuv.c_stride),
            plane(&yuv.cr, yuv.c_stride),
        )),
        width,
        height,
    }
}

/// An NAL unit as an MP4 sample holds it: a 4-byte big-endian length, then the unit.
fn length_prefixed(nal: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(nal.len() + 4);
    out.extend_from_slice(&u32::try_from(nal.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(nal);
    out
}

fn check_size(width: u32, height: u32) -> Result<(), String> {
    if width < 2 || height < 2 || width % 2 == 1 || height % 2 == 1 || width > 0xFFFF || height > 0xFFFF {
        return Err(format!(
            "an H.264 video needs even sides from 2 to 65534, not {width}x{height}"
        ));
    }
    Ok(())
}

/// Writes an MP4 of one `avc1` track from its parameter sets and its frames' NAL units.
fn mux(
    width: u32,
    height: u32,
    fps: u32,
    sps: Vec<u8>,
    pps: Vec<u8>,
    nals: impl Iterator<Item = Result<Vec<u8>, String>>,
) -> Result<Vec<u8>, String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| format!("writing a {width}x{height} MP4 failed ({what}): {e}");
    let fps = fps.clamp(1, 120);
    let config = Mp4Config {
        major_brand: FourCC::from(*b"isom"),
        minor_version: 512,
        compatible_brands: [*b"isom", *b"iso2", *b"avc1", *b"mp41"].map(FourCC::from).to_vec(),
        timescale: 1000,
    };
    let mut writer = Mp4Writer::write_start(Cursor::new(Vec::new()), &config).map_err(|e| fail("header", &e))?;
    writer
        .add_track(&TrackConfig {
            track_type: TrackType::Video,
            timescale: fps * 1000,
            language: "und".to_owned(),
            media_conf: MediaConfig::AvcConfig(AvcConfig {
                width: width as u16,
                height: height as u16,
                seq_param_set: sps,
                pic_param_set: pps,
            }),
        })
        .map_err(|e| fail("track", &e))?;
    let mut count = 0u64;
    for nal in nals {
        let sample = Mp4Sample {
            start_time: count * 1000,
            duration: 1000,
            rendering_offset: 0,
            is_sync: true,
            bytes: Bytes::from(length_prefixed(&nal?)),
        };
        writer.write_sample(1, &sample).map_err(|e| fail("sample", &e))?;
        count += 1;
    }
    if count == 0 {
        return Err("a video needs at least one frame".to_owned());
    }
    writer.write_end().map_err(|e| fail("moov", &e))?;
    Ok(writer.into_writer().into_inner())
}

/// Encodes `frames` (all `width` x `height`, both even) as an H.264 MP4 at `fps`, every
/// frame through `less-avc` (the reference the cheap path is checked against).
#[cfg(test)]
pub(crate) fn h264_mp4(
    width: u32,
    height: u32,
    fps: u32,
    frames: impl IntoIterator<Item = RgbImage>,
) -> Result<Vec<u8>, String> {
    check_size(width, height)?;
    let mut frames = frames.into_iter().map(|f| {
        if f.dimensions() == (width, height) {
            Ok(to_yuv(&f))
        } else {
            Err(format!("a frame is {}x{}, not {width}x{height}", f.width(), f.height()))
        }
    });
    let first = frames.next().ok_or("a video needs at least one frame")??;
    let fail = |e: &dyn std::fmt::Display| format!("encoding a {width}x{height} frame failed: {e}");
    let (initial, mut encoder) = LessEncoder::new(&image_of(&first, width, height)).map_err(|e| fail(&e))?;
    let (sps, pps) = (initial.sps.to_nal_unit(), initial.pps.to_nal_unit());
    let rest = frames.map(move |f| {
        let f = f?;
        encoder
            .encode(&image_of(&f, width, height))
            .map(|n| n.to_nal_unit())
            .map_err(|e| fail(&e))
    });
    mux(
        width,
        height,
        fps,
        sps,
        pps,
        std::iter::once(Ok(initial.frame.to_nal_unit())).chain(rest),
    )
}

/// Where the samples of an I_PCM picture of one size go (see the module documentation).
#[derive(Debug)]
struct Layout {
    /// The NAL unit of a uniform picture.
    template: Vec<u8>,
    /// Per macroblock, in raster order: the offset of its first sample in `template`.
    mb_starts: Vec<usize>,
    mbs_wide: usize,
    sps: Vec<u8>,
    pps: Vec<u8>,
}

/// Bytes per macroblock of 8-bit 4:2:0 samples.
const MB_SAMPLES: usize = 256 + 2 * 64;

fn uniform(width: u32, height: u32, value: u8) -> Yuv {
    let y_stride = (width as usize).div_ceil(16) * 16;
    let y_rows = (height as usize).div_ceil(16) * 16;
    Yuv {
        y: vec![value; y_stride * y_rows],
        cb: vec![value; y_stride * y_rows / 4],
        cr: vec![value; y_stride * y_rows / 4],
        y_stride,
        c_stride: y_stride / 2,
    }
}

/// Layouts found so far, per size.
type Layouts = Mutex<HashMap<(u32, u32), Arc<Layout>>>;

/// The layout of `width` x `height` pictures, found once per size and kept.
fn layout(width: u32, height: u32) -> Result<Arc<Layout>, String> {
    static CACHE: OnceLock<Layouts> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(found) = crate::lock(cache).get(&(width, height)) {
        return Ok(found.clone());
    }
    let fail = |e: &dyn std::fmt::Display| format!("encoding a {width}x{height} frame failed: {e}");
    let (a, b) = (uniform(width, height, 0x10), uniform(width, height, 0x20));
    let (initial, mut encoder) = LessEncoder::new(&image_of(&a, width, height)).map_err(|e| fail(&e))?;
    let template = encoder
        .encode(&image_of(&a, width, height))
        .map_err(|e| fail(&e))?
        .to_nal_unit();
    let other = encoder
        .encode(&image_of(&b, width, height))
        .map_err(|e| fail(&e))?
        .to_nal_unit();
    let unexpected = || format!("less-avc's I_PCM layout of a {width}x{height} picture is not the one expected");
    if template.len() != other.len() {
        return Err(unexpected());
    }
    let places: Vec<usize> = (0..template.len()).filter(|&i| template[i] != other[i]).collect();
    let mbs_wide = (width as usize).div_ceil(16);
    let mbs = mbs_wide * (height as usize).div_ceil(16);
    if places.len() != mbs * MB_SAMPLES {
        return Err(unexpected());
    }
    let mut mb_starts = Vec::with_capacity(mbs);
    for run in places.chunks(MB_SAMPLES) {
        if run[MB_SAMPLES - 1] - run[0] != MB_SAMPLES - 1 {
            return Err(unexpected());
        }
        mb_starts.push(run[0]);
    }
    let found = Arc::new(Layout {
        template,
        mb_starts,
        mbs_wide,
        sps: initial.sps.to_nal_unit(),
        pps: initial.pps.to_nal_unit(),
    });
    let mut cache = crate::lock(cache);
    if cache.len() >= 64 {
        cache.clear();
    }
    cache.insert((width, height), found.clone());
    Ok(found)
}

/// The NAL unit of one picture: the layout's template with `yuv`'s samples written in.
fn fill(layout: &Layout, yuv: &Yuv) -> Vec<u8> {
    let mut out = layout.template.clone();
    for (i, &start) in layout.mb_starts.iter().enumerate() {
        let (row, col) = (i / layout.mbs_wide, i % layout.mbs_wide);
        let mut at = start;
        for r in 0..16 {
            let src = (row * 16 + r) * yuv.y_stride + col * 16;
            out[at..at + 16].copy_from_slice(&yuv.y[src..src + 16]);
            at += 16;
        }
        for plane in [&yuv.cb, &yuv.cr] {
            for r in 0..8 {
                let src = (row * 8 + r) * yuv.c_stride + col * 8;
                out[at..at + 8].copy_from_slice(&plane[src..src + 8]);
                at += 8;
            }
        }
    }
    out
}

/// Frame `n` from the encoding of frame 0: every macroblock column moved `n` columns to the
/// left, wrapping around (the picture scrolls 16 pixels a frame).
fn scrolled(layout: &Layout, first: &[u8], n: usize) -> Vec<u8> {
    let mut out = first.to_vec();
    let wide = layout.mbs_wide.max(1);
    for (i, &to) in layout.mb_starts.iter().enumerate() {
        let (row, col) = (i / wide, i % wide);
        let from = layout.mb_starts[row * wide + (col + n) % wide];
        out[to..to + MB_SAMPLES].copy_from_slice(&first[from..from + MB_SAMPLES]);
    }
    out
}

/// An H.264 MP4 of `frames` frames at `fps`: `base` scrolling one macroblock (16 pixels) a
/// frame to the left. `base`'s sides must be even.
pub(crate) fn scrolling_mp4(base: &RgbImage, fps: u32, frames: u32) -> Result<Vec<u8>, String> {
    let (width, height) = base.dimensions();
    check_size(width, height)?;
    let yuv = to_yuv(base);
    match layout(width, height) {
        Ok(layout) => {
            let first = fill(&layout, &yuv);
            let nals = (0..frames as usize).map(|n| Ok(scrolled(&layout, &first, n)));
            mux(width, height, fps, layout.sps.clone(), layout.pps.clone(), nals)
        }
        // Not the layout this module knows (another less-avc): every frame through the
        // encoder, slower but the same pictures.
        Err(_) => {
            let fail = |e: &dyn std::fmt::Display| format!("encoding a {width}x{height} frame failed: {e}");
            let (initial, mut encoder) = LessEncoder::new(&image_of(&yuv, width, height)).map_err(|e| fail(&e))?;
            let nals = (0..frames as usize).map(|n| {
                let frame = rotated(&yuv, n);
                encoder
                    .encode(&image_of(&frame, width, height))
                    .map(|nal| nal.to_nal_unit())
                    .map_err(|e| fail(&e))
            });
            mux(
                width,
                height,
                fps,
                initial.sps.to_nal_unit(),
                initial.pps.to_nal_unit(),
                nals,
            )
        }
    }
}

/// `yuv` with every plane's rows rotated `n` macroblocks to the left (over the padded width).
fn rotated(yuv: &Yuv, n: usize) -> Yuv {
    let rotate = |plane: &[u8], stride: usize, by: usize| -> Vec<u8> {
        let mut out = plane.to_vec();
        let by = by % stride.max(1);
        for row in out.chunks_exact_mut(stride) {
            row.rotate_left(by);
        }
        out
    };
    Yuv {
        y: rotate(&yuv.y, yuv.y_stride, 16 * n),
        cb: rotate(&yuv.cb, yuv.c_stride, 8 * n),
        cr: rotate(&yuv.cr, yuv.c_stride, 8 * n),
        y_stride: yuv.y_stride,
        c_stride: yuv.c_stride,
    }
}

/// What [`read_mp4_video`] found in an MP4 file.
#[derive(Debug, Clone, PartialEq)]
pub struct Mp4Video {
    /// The `ftyp` major brand (`isom` for the simulator's files).
    pub major_brand: String,
    /// The video track's sample entry (`avc1` for H.264).
    pub codec: String,
    /// Width in pixels, from the sample entry.
    pub width: u32,
    /// Height in pixels, from the sample entry.
    pub height: u32,
    /// Number of samples (frames).
    pub frames: u32,
    /// How many of them are sync (key) frames.
    pub sync_frames: u32,
    /// The track's duration (`mdhd`).
    pub duration: Duration,
    /// The frames' payloads as stored (length-prefixed NAL units for H.264).
    pub samples: Vec<Vec<u8>>,
    /// For `avc1`: the sequence parameter set NAL unit from `avcC`.
    pub sps: Vec<u8>,
}

/// Reads the first video track of an MP4 file with the `mp4` crate's reader: brand, codec,
/// size, frame count, duration and every sample. `None` for anything that is not an MP4
/// with a video track; a parser panic on hostile bytes is caught and is `None` too.
pub fn read_mp4_video(bytes: &[u8]) -> Option<Mp4Video> {
    let read = || -> Option<Mp4Video> {
        let mut reader = mp4::Mp4Reader::read_header(Cursor::new(bytes), bytes.len() as u64).ok()?;
        let major_brand = reader.major_brand().to_string();
        let (id, track) = reader
            .tracks()
            .iter()
            .find(|(_, t)| matches!(t.track_type(), Ok(TrackType::Video)))?;
        let id = *id;
        let codec = track.box_type().ok()?.to_string();
        let (width, height) = (u32::from(track.width()), u32::from(track.height()));
        let timescale = u64::from(track.timescale()).max(1);
        let duration = Duration::from_secs_f64(track.trak.mdia.mdhd.duration as f64 / timescale as f64);
        let sps = track.sequence_parameter_set().map(<[u8]>::to_vec).unwrap_or_default();
        let frames = track.sample_count();
        let mut samples = Vec::with_capacity(frames.min(100_000) as usize);
        let mut sync_frames = 0;
        for n in 1..=frames {
            let sample = reader.read_sample(id, n).ok()??;
            sync_frames += u32::from(sample.is_sync);
            samples.push(sample.bytes.to_vec());
        }
        Some(Mp4Video {
            major_brand,
            codec,
            width,
            height,
            frames,
            sync_frames,
            duration,
            samples,
            sps,
        })
    };
    std::panic::catch_unwind(read).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_through_the_container() {
        let frames = (0..6).map(|f| crate::outputs::picture(34, 18, 7, f));
        let file = h264_mp4(34, 18, 3, frames).unwrap();
        let video = read_mp4_video(&file).expect("an MP4");
        assert_eq!(video.major_brand, "isom");
        assert_eq!(video.codec, "avc1");
        assert_eq!((video.width, video.height), (34, 18));
        assert_eq!((video.frames, video.sync_frames), (6, 6));
        assert_eq!(video.duration, Duration::from_secs(2));
        // Baseline profile (66) in the SPS NAL unit (type 7).
        assert_eq!((video.sps[0] & 0x1f, video.sps[1]), (7, 66));
        for sample in &video.samples {
            let len = u32::from_be_bytes(sample[..4].try_into().unwrap()) as usize;
            assert_eq!(len + 4, sample.len());
            assert_eq!(sample[4] & 0x1f, 5, "an IDR slice");
        }
        assert!(h264_mp4(33, 18, 3, std::iter::empty()).is_err());
        assert!(h264_mp4(34, 18, 3, std::iter::empty()).is_err());
        assert!(h264_mp4(34, 18, 3, [RgbImage::new(4, 4)]).is_err());
        assert_eq!(read_mp4_video(b"not an mp4 at all"), None);
        assert_eq!(read_mp4_video(&file[..file.len() / 2]), None);
        assert_eq!((even(7), even(1), even(10)), (6, 2, 10));
    }

    #[test]
    fn the_cheap_frames_are_what_less_avc_writes() {
        for (w, h) in [(34, 18), (64, 48), (320, 180), (2, 2), (18, 34)] {
            let layout = layout(w, h).expect("the layout is the expected one");
            let picture = crate::outputs::picture(w, h, 0x1234_5678_9abc_def0 ^ u64::from(w), 3);
            let yuv = to_yuv(&picture);
            let (initial, mut encoder) = LessEncoder::new(&image_of(&yuv, w, h)).unwrap();
            let cheap = fill(&layout, &yuv);
            assert_eq!(cheap, initial.frame.to_nal_unit(), "{w}x{h}, first frame");
            assert_eq!(
                cheap,
                encoder.encode(&image_of(&yuv, w, h)).unwrap().to_nal_unit(),
                "{w}x{h}"
            );
            assert_eq!(layout.sps, initial.sps.to_nal_unit());
            // Extreme samples (1 and 255) too.
            let mut extreme = yuv.clone();
            for (i, v) in extreme.y.iter_mut().enumerate() {
                *v = if i % 3 == 0 { 1 } else { 255 };
            }
            assert_eq!(
                fill(&layout, &extreme),
                encoder.encode(&image_of(&extreme, w, h)).unwrap().to_nal_unit()
            );
        }
    }

    #[test]
    fn a_scrolling_video_is_the_reference_encoding_of_the_same_frames() {
        let base = crate::outputs::picture(48, 32, 99, 0);
        let cheap = scrolling_mp4(&base, 4, 7).unwrap();
        let video = read_mp4_video(&cheap).unwrap();
        assert_eq!((video.width, video.height, video.frames), (48, 32, 7));
        assert_eq!(video.duration, Duration::from_millis(1750));
        // The reference: every frame through less-avc (frame n rotated by n macroblocks).
        let yuv = to_yuv(&base);
        let (initial, mut encoder) = LessEncoder::new(&image_of(&yuv, 48, 32)).unwrap();
        let _ = initial;
        for (n, sample) in video.samples.iter().enumerate() {
            let frame = rotated(&yuv, n);
            let nal = encoder.encode(&image_of(&frame, 48, 32)).unwrap().to_nal_unit();
            assert_eq!(&sample[4..], nal.as_slice(), "frame {n}");
        }
        assert_ne!(video.samples[0], video.samples[1], "the picture moves");
    }
}
