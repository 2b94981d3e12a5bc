//! `index.html`: one self-contained page (style, script and data inline) that works from
//! `file://` with no network. The records are embedded as JSON in a
//! `<script type="application/json">` element, escaped so that no text in them can end that
//! element; the page's script builds the cards with DOM calls, so every text stays text. A
//! Content-Security-Policy allows only this page's own script and style (by hash) and media
//! from the folder: a remote URL in a record is a link, never a fetch.

use base64::Engine as _;
use sha2::{Digest as _, Sha256};

use crate::record::{PROMPT_KEYS, STATUSES};

const CSS: &str = include_str!("assets/gallery.css");
const JS: &str = include_str!("assets/gallery.js");

/// The page around the data, made once per title: the part before the records and the part
/// after them.
#[derive(Debug, Clone)]
pub(crate) struct PageFrame {
    head: String,
    tail: String,
}

impl PageFrame {
    /// The frame of a page titled `title`.
    pub(crate) fn new(title: &str) -> PageFrame {
        let csp = format!(
            "default-src 'none'; script-src '{}'; style-src '{}'; img-src 'self' file:; media-src 'self' file:; \
             base-uri 'none'; form-action 'none'",
            sha256_source(JS),
            sha256_source(CSS)
        );
        let title = html_text(title);
        let statuses: serde_json::Map<String, serde_json::Value> = STATUSES
            .iter()
            .map(|(word, meaning, advice)| {
                (
                    (*word).to_owned(),
                    serde_json::json!({"meaning": meaning, "advice": advice}),
                )
            })
            .collect();
        let meta = serde_json::json!({
            "generator": concat!("runcomfy-gallery ", env!("CARGO_PKG_VERSION")),
            "statuses": statuses,
            "prompt_keys": PROMPT_KEYS,
        });
        let mut meta = script_json(&meta.to_string());
        meta.pop(); // the closing brace: records follow
        let head = format!(
            r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="runcomfy-gallery">
<title>{title}</title>
<style>{CSS}</style>
</head>
<body>
<a class="skip" href="#cards">Skip to the results</a>
<header class="top">
<h1>{title}</h1>
<p class="summary" id="summary">Loading&hellip;</p>
<div class="controls" role="search">
<label for="f-search">Search prompts and ids <input id="f-search" type="search" placeholder="/ to search" autocomplete="off"></label>
<label for="f-model">Model <select id="f-model"><option value="">all models</option></select></label>
<label for="f-status">Status <select id="f-status"><option value="">all statuses</option></select></label>
<label for="f-sort">Sort by <select id="f-sort">
<option value="line">line</option>
<option value="cost-desc">cost, highest first</option>
<option value="cost-asc">cost, lowest first</option>
<option value="time-desc">time, newest first</option>
<option value="time-asc">time, oldest first</option>
</select></label>
</div>
<p class="keys">Keys: <kbd>/</kbd> search, <kbd>j</kbd> <kbd>k</kbd> next and previous card, <kbd>Tab</kbd> through links and players; on an image, <kbd>Enter</kbd> opens the viewer, <kbd>&larr;</kbd> <kbd>&rarr;</kbd> step, <kbd>Esc</kbd> closes.</p>
</header>
<main>
<p id="shown" aria-live="polite"></p>
<div id="cards"></div>
<p class="more"><button type="button" id="more" hidden>Show more</button></p>
<noscript><p>This gallery needs JavaScript to show its jobs; <a href="results.jsonl">results.jsonl</a> holds the same records.</p></noscript>
</main>
<dialog id="viewer" aria-label="Viewer">
<div class="frame">
<div class="stage" id="v-stage"></div>
<div class="bar">
<button type="button" id="v-prev">&larr; Previous</button>
<button type="button" id="v-next">Next &rarr;</button>
<p id="v-caption"></p>
<a id="v-open" href="">Open the file</a>
<button type="button" id="v-close">Close</button>
</div>
</div>
</dialog>
<script type="application/json" id="gallery-data">{meta},"generated_at":"##
        );
        let tail = format!("]}}</script>\n<script>{JS}</script>\n</body>\n</html>\n");
        PageFrame { head, tail }
    }

    /// The page: the frame around `records` (each one already [`script_json`]), written at
    /// `generated_at` (RFC 3339).
    pub(crate) fn parts<'a>(&'a self, generated_at: &'a str, records: &'a [&'a str]) -> Vec<&'a [u8]> {
        let mut parts = Vec::with_capacity(records.len() * 2 + 4);
        parts.push(self.head.as_bytes());
        parts.push(b"\"");
        parts.push(generated_at.as_bytes());
        parts.push(b"\",\"records\":[");
        for (i, r) in records.iter().enumerate() {
            if i > 0 {
                parts.push(b",");
            }
            parts.push(r.as_bytes());
        }
        parts.push(self.tail.as_bytes());
        parts
    }
}

/// JSON text made safe inside a `<script>` element: `<`, `>`, `&` and the two line
/// separators as `\u` escapes. They can occur only inside JSON strings, where the escape means
/// the same character, so the value is unchanged; `</script>` and `<!--` cannot appear.
///
/// ```
/// # use runcomfy_gallery::script_json;
/// let s = script_json(r#"{"prompt":"</script><img src=x onerror=alert(1)>"}"#);
/// assert!(!s.contains('<') && !s.contains('>'));
/// let back: serde_json::Value = serde_json::from_str(&s).unwrap();
/// assert_eq!(back["prompt"], "</script><img src=x onerror=alert(1)>");
/// ```
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text escaped for HTML element content and quoted attributes.
pub(crate) fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A CSP hash source (`sha256-<base64>`) of an inline element's text.
fn sha256_source(text: &str) -> String {
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_holds_one_script_block_of_data_and_valid_json() {
        let frame = PageFrame::new("</title><script>alert(1)</script>");
        let r1 = script_json(r#"{"v":1,"prompt":"</script><!-- & \u2028"}"#);
        let recs = [r1.as_str(), "{\"v\":1}"];
        let page: Vec<u8> = frame.parts("2026-01-01T00:00:00Z", &recs).concat();
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
        assert_eq!(
            page.matches("<script").count(),
            2,
            "the data block and the page's script only"
        );
        let start = page.find(r#"id="gallery-data">"#).unwrap() + r#"id="gallery-data">"#.len();
        let end = start + page[start..].find("</script>").unwrap();
        let data: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
        assert_eq!(data["records"][0]["prompt"], "</script><!-- & \u{2028}");
        assert_eq!(data["records"].as_array().unwrap().len(), 2);
        assert_eq!(data["generated_at"], "2026-01-01T00:00:00Z");
        assert_eq!(
            data["statuses"]["outcome unknown"]["advice"],
            crate::Status::OutcomeUnknown.advice()
        );
    }

    #[test]
    fn the_csp_hashes_match_the_inline_script_and_style() {
        let frame = PageFrame::new("t");
        assert!(frame.head.contains(&sha256_source(CSS)));
        assert!(frame.head.contains(&format!("<style>{CSS}</style>")));
        assert!(frame.tail.contains(&format!("<script>{JS}</script>")));
        assert!(frame.head.contains(&sha256_source(JS)));
    }
}
