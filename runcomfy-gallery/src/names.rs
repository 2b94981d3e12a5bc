//! Readable output file names: `<line or id>-<short request id>-<n>.<ext>`.

use sha2::{Digest as _, Sha256};

use crate::MediaKind;

/// What names a job in its file names: its batch line, or the user's id of the line (or any
/// other label a caller has, e.g. for a `run`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobLabel<'a> {
    /// A batch line number: written with at least four digits (`0007`), so that a folder
    /// listing sorts in line order.
    Line(u64),
    /// The user's id of the line (any text: it is made safe).
    Id(&'a str),
}

/// Longest label part of a name (before its hash suffix, if any).
const MAX_LABEL: usize = 48;

/// The file name of output `index` (0-based) of a job: `<label>-<short request id>-<index>.<ext>`,
/// the extension taken from `url`'s last path segment when it is a short alphanumeric one
/// (lower-cased), else `kind`'s usual one.
///
/// Safe for any label and request id: only `[A-Za-z0-9._-]`, never starting with a dot,
/// at most about 110 characters. Distinct labels give distinct names (a label that had to be
/// changed to be safe, or cut, gets 6 hex digits of its SHA-256), and distinct request ids of
/// one label give distinct names: a UUID is cut to its first 8 hex digits (the full id is in
/// `results.jsonl`), any other id is kept when short and safe, else cut and hashed. So no
/// UUID appears twice in a path, and a rerun of a line never overwrites the earlier files.
///
/// ```
/// use runcomfy_gallery::{JobLabel, MediaKind, output_file_name};
/// let id = "e220a839-7b1d-4daf-ae78-9e6aa1b965f4";
/// let url = "https://out.runcomfy.net/e220a839-7b1d-4daf-ae78-9e6aa1b965f4/0.MP4";
/// assert_eq!(output_file_name(JobLabel::Line(7), id, 0, url, MediaKind::Video), "0007-e220a839-0.mp4");
/// assert_eq!(output_file_name(JobLabel::Id("fox"), id, 1, "https://x/a", MediaKind::Image), "fox-e220a839-1.png");
/// let hostile = output_file_name(JobLabel::Id("../../etc/passwd"), "../x", 0, "https://x/a.png", MediaKind::Image);
/// assert!(!hostile.contains('/') && !hostile.starts_with('.'));
/// ```
pub fn output_file_name(label: JobLabel<'_>, request_id: &str, index: usize, url: &str, kind: MediaKind) -> String {
    format!("{}-{index}.{}", file_stem(label, request_id), extension(url, kind))
}

/// The stem of a job's output file names, `<label>-<short request id>` (see
/// [`output_file_name`]): what a downloader that appends `-<n>.<ext>` itself is given
/// (`runcomfy_client::download::DownloadOptions::file_stem`).
///
/// ```
/// use runcomfy_gallery::{JobLabel, file_stem};
/// assert_eq!(file_stem(JobLabel::Line(7), "e220a839-7b1d-4daf-ae78-9e6aa1b965f4"), "0007-e220a839");
/// ```
pub fn file_stem(label: JobLabel<'_>, request_id: &str) -> String {
    let label = match label {
        JobLabel::Line(n) => format!("{n:04}"),
        JobLabel::Id(id) => safe_part(id, MAX_LABEL),
    };
    format!("{label}-{}", short_request_id(request_id))
}

/// The short form of a request id used in file names: the first 8 hex digits of a UUID;
/// another id as it is when it is at most 16 safe characters, else its safe form cut to 8
/// characters plus 8 hex digits of its SHA-256.
///
/// ```
/// use runcomfy_gallery::short_request_id;
/// assert_eq!(short_request_id("E220A839-7B1D-4DAF-AE78-9E6AA1B965F4"), "e220a839");
/// assert_eq!(short_request_id("req_42"), "req_42");
/// assert_ne!(short_request_id("req-000000000000001"), short_request_id("req-000000000000002"));
/// ```
pub fn short_request_id(request_id: &str) -> String {
    if is_uuid(request_id) {
        return request_id[..8].to_ascii_lowercase();
    }
    let safe = sanitize(request_id);
    if safe == request_id && !safe.is_empty() && safe.len() <= 16 && !safe.starts_with('.') {
        return safe;
    }
    let head: String = safe.trim_start_matches(['.', '_']).chars().take(8).collect();
    let head = if head.is_empty() { "r".to_owned() } else { head };
    format!("{head}{}", &hash_hex(request_id)[..8])
}

/// The file extension for an output: the URL's (when 1 to 5 ASCII letters and digits,
/// lower-cased), else the kind's usual one.
pub fn extension(url: &str, kind: MediaKind) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let after_scheme = path.split_once("://").map_or(path, |(_, rest)| rest);
    // The last segment of the path; a URL with no path (just a host) has none.
    let last = after_scheme
        .split_once('/')
        .and_then(|(_, p)| p.rsplit('/').next())
        .unwrap_or_default();
    last.rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .map_or_else(|| kind.default_extension().to_owned(), str::to_ascii_lowercase)
}

/// `text` made safe as a name part: itself when it is already safe and short, else its safe
/// form cut to `max` characters plus 6 hex digits of its SHA-256 (so two texts never share a
/// part).
fn safe_part(text: &str, max: usize) -> String {
    let safe = sanitize(text);
    if safe == text && !safe.is_empty() && safe.len() <= max && !safe.starts_with('.') {
        return safe;
    }
    let head: String = safe.trim_start_matches(['.', '_']).chars().take(max).collect();
    let head = if head.is_empty() { "id".to_owned() } else { head };
    format!("{head}_{}", &hash_hex(text)[..6])
}

/// Every character outside `[A-Za-z0-9._-]` replaced by `_`, and runs of dots by one dot.
fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(256));
    for c in text.chars().take(256) {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
            c
        } else {
            '_'
        };
        if !(c == '.' && out.ends_with('.')) {
            out.push(c);
        }
    }
    if text.chars().nth(256).is_some() {
        // Longer texts are always hashed: make sure the comparison with the text fails.
        out.push('_');
    }
    out
}

fn hash_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `8-4-4-4-12` hex digits.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(label: JobLabel<'_>, id: &str) -> String {
        output_file_name(label, id, 0, "https://x.runcomfy.net/o/0.png", MediaKind::Image)
    }

    #[test]
    fn names_are_safe_and_distinct_for_hostile_ids() {
        let labels = [
            "",
            ".",
            "..",
            "../..",
            "a/b",
            "a\\b",
            "a b",
            "a_b",
            "é",
            "e",
            ".hidden",
            "CON",
            "x".repeat(300).as_str(),
            &format!("{}y", "x".repeat(300)),
            "\u{202e}evil",
            "a\0b",
        ]
        .map(str::to_owned);
        let ids = ["", "..", "/", "a/b", "req-1", "req-2", "REQ-1", &"z".repeat(500)].map(str::to_owned);
        let mut seen = std::collections::HashSet::new();
        for l in &labels {
            for id in &ids {
                let n = name(JobLabel::Id(l), id);
                assert!(
                    n.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
                    "{n}"
                );
                assert!(!n.starts_with('.') && !n.contains(".."), "{n}");
                assert!(n.len() <= 120, "{} chars: {n}", n.len());
                assert!(seen.insert(n.clone()), "{l:?} {id:?} -> {n} twice");
            }
        }
    }

    #[test]
    fn lines_sort_and_uuids_appear_once() {
        let id = "e220a839-7b1d-4daf-ae78-9e6aa1b965f4";
        assert_eq!(name(JobLabel::Line(3), id), "0003-e220a839-0.png");
        assert_eq!(name(JobLabel::Line(123_456), id), "123456-e220a839-0.png");
        // A UUID used as the user's id is a label, not repeated.
        assert_eq!(name(JobLabel::Id(id), id), format!("{id}-e220a839-0.png"));
    }

    #[test]
    fn extensions_come_from_the_url_path_only() {
        assert_eq!(extension("https://h/a/b.WEBP?x=1.exe", MediaKind::Image), "webp");
        assert_eq!(extension("https://h.example.com", MediaKind::Video), "mp4");
        assert_eq!(extension("https://h/a.b/c", MediaKind::Audio), "wav");
        assert_eq!(extension("https://h/a.toolongext", MediaKind::Image), "png");
        assert_eq!(extension("https://h/a.p%6eg", MediaKind::Image), "png");
        assert_eq!(extension("", MediaKind::Other), "bin");
    }
}
