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

use std::io::Cursor;
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
struct Yuv {
    y: Vec<u8>,
    cb: Vec<u8>,
    cr: Vec<u8>,
    y_stride: usize,
    c_stride: usize,
}

fn to_yuv(img: &RgbImage) -> Yuv {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let y_stride = w.div_ceil(16) * 16;
    let y_rows = h.div_ceil(16) * 16;
    let (c_stride, c_rows) = (y_stride / 2, y_rows / 2);
    let mut y = vec![0u8; y_stride * y_rows];
    let mut cb = vec![128u8; c_stride * c_rows];
    let mut cr = vec![128u8; c_stride * c_rows];
    let px = |x: usize, yy: usize| -> [f32; 3] {
        let p = img.get_pixel(x.min(w - 1) as u32, yy.min(h - 1) as u32).0;
        [f32::from(p[0]), f32::from(p[1]), f32::from(p[2])]
    };
    for row in 0..h {
        for col in 0..w {
            let [r, g, b] = px(col, row);
            y[row * y_stride + col] = (0.299 * r + 0.587 * g + 0.114 * b).round().clamp(0.0, 255.0) as u8;
        }
    }
    for row in 0..h.div_ceil(2) {
        for col in 0..w.div_ceil(2) {
            let mut sum = [0.0f32; 3];
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let p = px(col * 2 + dx, row * 2 + dy);
                for i in 0..3 {
                    sum[i] += p[i] / 4.0;
                }
            }
            let [r, g, b] = sum;
            cb[row * c_stride + col] = (128.0 - 0.168_736 * r - 0.331_264 * g + 0.5 * b)
                .round()
                .clamp(0.0, 255.0) as u8;
            cr[row * c_stride + col] = (128.0 + 0.5 * r - 0.418_688 * g - 0.081_312 * b)
                .round()
                .clamp(0.0, 255.0) as u8;
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

/// Encodes `frames` (all `width` x `height`, both even) as an H.264 MP4 at `fps`.
pub(crate) fn h264_mp4(
    width: u32,
    height: u32,
    fps: u32,
    frames: impl IntoIterator<Item = RgbImage>,
) -> Result<Vec<u8>, String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| format!("writing a {width}x{height} MP4 failed ({what}): {e}");
    if width < 2 || height < 2 || width % 2 == 1 || height % 2 == 1 || width > 0xFFFF || height > 0xFFFF {
        return Err(format!(
            "an H.264 video needs even sides from 2 to 65534, not {width}x{height}"
        ));
    }
    let fps = fps.clamp(1, 120);
    let timescale = fps * 1000;
    let config = Mp4Config {
        major_brand: FourCC::from(*b"isom"),
        minor_version: 512,
        compatible_brands: [*b"isom", *b"iso2", *b"avc1", *b"mp41"].map(FourCC::from).to_vec(),
        timescale: 1000,
    };
    let mut writer = Mp4Writer::write_start(Cursor::new(Vec::new()), &config).map_err(|e| fail("header", &e))?;
    let mut encoder: Option<LessEncoder> = None;
    for (n, frame) in frames.into_iter().enumerate() {
        if frame.dimensions() != (width, height) {
            return Err(format!(
                "frame {n} is {}x{}, not {width}x{height}",
                frame.width(),
                frame.height()
            ));
        }
        let yuv = to_yuv(&frame);
        let image = image_of(&yuv, width, height);
        let nal = match encoder.as_mut() {
            Some(enc) => enc.encode(&image).map_err(|e| fail("frame", &e))?,
            None => {
                let (initial, enc) = LessEncoder::new(&image).map_err(|e| fail("first frame", &e))?;
                writer
                    .add_track(&TrackConfig {
                        track_type: TrackType::Video,
                        timescale,
                        language: "und".to_owned(),
                        media_conf: MediaConfig::AvcConfig(AvcConfig {
                            width: width as u16,
                            height: height as u16,
                            seq_param_set: initial.sps.to_nal_unit(),
                            pic_param_set: initial.pps.to_nal_unit(),
                        }),
                    })
                    .map_err(|e| fail("track", &e))?;
                encoder = Some(enc);
                initial.frame
            }
        };
        let sample = Mp4Sample {
            start_time: n as u64 * 1000,
            duration: 1000,
            rendering_offset: 0,
            is_sync: true,
            bytes: Bytes::from(length_prefixed(&nal.to_nal_unit())),
        };
        writer.write_sample(1, &sample).map_err(|e| fail("sample", &e))?;
    }
    if encoder.is_none() {
        return Err("a video needs at least one frame".to_owned());
    }
    writer.write_end().map_err(|e| fail("moov", &e))?;
    Ok(writer.into_writer().into_inner())
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
}
