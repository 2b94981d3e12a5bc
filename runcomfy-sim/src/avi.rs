//! A minimal Motion-JPEG AVI writer (RIFF `AVI `, one video stream, `idx1` index).
//!
//! Every frame is a complete JPEG in a `00dc` chunk, every frame is a key frame. Players
//! that read AVI (ffmpeg/ffprobe, VLC, mpv, browsers via ffmpeg-based tools) open it.

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Writes a Motion-JPEG AVI from JPEG frames.
pub(crate) fn mjpeg_avi(width: u32, height: u32, fps: u32, frames: &[Vec<u8>]) -> Vec<u8> {
    let fps = fps.max(1);
    let n = len32(frames.len());
    let max_frame = len32(frames.iter().map(Vec::len).max().unwrap_or(0));

    // hdrl
    let mut avih = Vec::with_capacity(56);
    u32le(&mut avih, 1_000_000 / fps); // dwMicroSecPerFrame
    u32le(&mut avih, max_frame.saturating_mul(fps)); // dwMaxBytesPerSec
    u32le(&mut avih, 0); // dwPaddingGranularity
    u32le(&mut avih, 0x10); // dwFlags: AVIF_HASINDEX
    u32le(&mut avih, n); // dwTotalFrames
    u32le(&mut avih, 0); // dwInitialFrames
    u32le(&mut avih, 1); // dwStreams
    u32le(&mut avih, max_frame); // dwSuggestedBufferSize
    u32le(&mut avih, width);
    u32le(&mut avih, height);
    avih.extend_from_slice(&[0; 16]); // dwReserved[4]

    let mut strh = Vec::with_capacity(56);
    strh.extend_from_slice(b"vids");
    strh.extend_from_slice(b"MJPG");
    u32le(&mut strh, 0); // dwFlags
    u16le(&mut strh, 0); // wPriority
    u16le(&mut strh, 0); // wLanguage
    u32le(&mut strh, 0); // dwInitialFrames
    u32le(&mut strh, 1); // dwScale
    u32le(&mut strh, fps); // dwRate
    u32le(&mut strh, 0); // dwStart
    u32le(&mut strh, n); // dwLength
    u32le(&mut strh, max_frame); // dwSuggestedBufferSize
    u32le(&mut strh, u32::MAX); // dwQuality: default
    u32le(&mut strh, 0); // dwSampleSize
    for v in [0u16, 0, width.min(0xFFFF) as u16, height.min(0xFFFF) as u16] {
        u16le(&mut strh, v); // rcFrame
    }

    let mut strf = Vec::with_capacity(40);
    u32le(&mut strf, 40); // biSize
    u32le(&mut strf, width);
    u32le(&mut strf, height);
    u16le(&mut strf, 1); // biPlanes
    u16le(&mut strf, 24); // biBitCount
    strf.extend_from_slice(b"MJPG"); // biCompression
    u32le(&mut strf, width.saturating_mul(height).saturating_mul(3)); // biSizeImage
    strf.extend_from_slice(&[0; 16]); // pels per meter x/y, colours used/important

    let strl = list(b"strl", &[chunk(b"strh", &strh), chunk(b"strf", &strf)].concat());
    let hdrl = list(b"hdrl", &[chunk(b"avih", &avih), strl].concat());

    // movi + idx1
    let mut movi_body = Vec::new();
    let mut idx1 = Vec::with_capacity(frames.len() * 16);
    for frame in frames {
        let offset = len32(movi_body.len() + 4); // from the `movi` fourcc
        movi_body.extend_from_slice(&chunk(b"00dc", frame));
        idx1.extend_from_slice(b"00dc");
        u32le(&mut idx1, 0x10); // AVIIF_KEYFRAME
        u32le(&mut idx1, offset);
        u32le(&mut idx1, len32(frame.len()));
    }
    let movi = list(b"movi", &movi_body);

    let body = [b"AVI ".as_slice(), &hdrl, &movi, &chunk(b"idx1", &idx1)].concat();
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(b"RIFF");
    u32le(&mut out, len32(body.len()));
    out.extend_from_slice(&body);
    out
}

fn chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 9);
    out.extend_from_slice(id);
    u32le(&mut out, len32(data.len()));
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

fn list(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 12);
    out.extend_from_slice(b"LIST");
    u32le(&mut out, len32(data.len() + 4));
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out
}

/// Reads back the JPEG frames of an AVI this module wrote (or any simple MJPEG AVI):
/// `(width, height, frames)`. Used by tests and by anyone checking an output.
pub fn read_mjpeg_avi(bytes: &[u8]) -> Option<(u32, u32, Vec<&[u8]>)> {
    let rd = |at: usize| -> Option<u32> { Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?)) };
    if bytes.get(0..4)? != b"RIFF" || bytes.get(8..12)? != b"AVI " {
        return None;
    }
    let mut width = 0;
    let mut height = 0;
    let mut frames = Vec::new();
    let mut at = 12;
    let end = bytes.len();
    while at + 8 <= end {
        let id = bytes.get(at..at + 4)?;
        let size = rd(at + 4)? as usize;
        match id {
            b"LIST" => {
                at += 12; // descend into the list
                continue;
            }
            b"avih" => {
                width = rd(at + 8 + 32)?;
                height = rd(at + 8 + 36)?;
            }
            b"00dc" => frames.push(bytes.get(at + 8..at + 8 + size)?),
            _ => {}
        }
        at += 8 + size + size % 2;
    }
    Some((width, height, frames))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let frames = vec![vec![1, 2, 3], vec![4, 5]];
        let avi = mjpeg_avi(16, 8, 8, &frames);
        let (w, h, read) = read_mjpeg_avi(&avi).unwrap();
        assert_eq!((w, h), (16, 8));
        assert_eq!(read, vec![&[1u8, 2, 3][..], &[4, 5][..]]);
        assert_eq!(
            u32::from_le_bytes(avi[4..8].try_into().unwrap()) as usize,
            avi.len() - 8
        );
    }
}
