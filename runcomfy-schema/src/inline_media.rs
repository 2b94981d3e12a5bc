//! The check of `data:` URI media inputs against their field's rules, shared by the client
//! (before submit) and the simulator (on submit): both refuse exactly the same inputs.

use serde_json::Value;

use crate::constraints::{Constraint, Violation};
use crate::ir::EndpointSchema;
use crate::media::{MediaFacts, MediaKind};
use crate::validate::MediaRef;

/// What can be measured of one media file's bytes: its size, and for images (an image field,
/// or an `image/*` MIME type) the pixel size from the header. An image whose header cannot
/// be read is an error: no server can use it either.
///
/// ```
/// use runcomfy_schema::{MediaKind, inline_media::measure};
/// let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x08\x08\x02\0\0\0";
/// let facts = measure(png, MediaKind::Image, "image/png").unwrap();
/// assert_eq!((facts.width, facts.height, facts.bytes), (Some(16), Some(8), Some(png.len() as u64)));
/// assert!(measure(b"not an image", MediaKind::Image, "image/png").is_err());
/// ```
pub fn measure(bytes: &[u8], kind: MediaKind, mime: &str) -> Result<MediaFacts, Constraint> {
    let mut facts = MediaFacts {
        bytes: Some(bytes.len() as u64),
        ..MediaFacts::default()
    };
    let is_image = kind == MediaKind::Image || mime.to_ascii_lowercase().starts_with("image/");
    if is_image {
        let size = imagesize::blob_size(bytes).map_err(|_| Constraint::Media {
            reason: "the data does not hold an image whose size can be read (PNG, JPEG, WebP, GIF, ...)".to_owned(),
        })?;
        facts.width = Some(size.width as u64);
        facts.height = Some(size.height as u64);
    }
    Ok(facts)
}

/// The media inputs of a request body, checked as far as they can be without a network:
/// every `data:` URI is decoded, measured ([`measure`]) and checked against its field's
/// `validations` rules; the URLs are returned for the caller to probe (the client) or
/// record (the simulator).
#[derive(Debug, Default)]
pub struct InlineCheck<'a> {
    /// Every broken rule or unreadable `data:` URI, with its pointer.
    pub violations: Vec<Violation>,
    /// The media inputs that are URLs.
    pub urls: Vec<MediaRef<'a>>,
}

/// Checks the `data:` URI media inputs of `body` (see [`InlineCheck`]). Inputs that are not
/// well-formed are skipped: [`EndpointSchema::validate`] reports them.
pub fn check_inline_media<'a>(schema: &'a EndpointSchema, body: &'a Value) -> InlineCheck<'a> {
    let mut out = InlineCheck::default();
    for media in schema.media_inputs(body) {
        let Some(input) = media.input() else { continue };
        let facts = match input.decode_data_uri() {
            None => {
                out.urls.push(media);
                continue;
            }
            Some(Err(c)) => Err(c),
            Some(Ok((mime, bytes))) => measure(&bytes, media.schema.kind, &mime),
        };
        match facts {
            Err(c) => out.violations.push(Violation::new(media.pointer.clone(), c)),
            Ok(facts) => out.violations.extend(rule_violations(&media, &facts)),
        }
    }
    out
}

/// Every `validations` rule of `media`'s field that `facts` break, with the input's pointer.
/// A metric that was not measured passes (the server has the last word).
pub fn rule_violations<'a>(media: &'a MediaRef<'_>, facts: &'a MediaFacts) -> impl Iterator<Item = Violation> + 'a {
    media
        .schema
        .rules
        .iter()
        .filter_map(|rule| rule.check(facts).err())
        .map(|c| Violation::new(media.pointer.clone(), c))
}
