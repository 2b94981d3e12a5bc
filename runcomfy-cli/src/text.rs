//! The one sanitizer of text that reaches a terminal, and the formatting of prices.
//!
//! Schema titles and descriptions, catalog names, enum values, server errors and request ids
//! are data from outside: a terminal must never see their control characters (escape
//! sequences can rewrite the screen, retitle the window or hide text), nor bidirectional
//! overrides that reorder what is shown. Every such text goes through [`line()`] (one line) or
//! [`multiline`] (newlines kept) before it is printed. JSON output needs none of this: its
//! strings are escaped by the serializer.

use std::borrow::Cow;

/// The largest price a command accepts or prints as a number, in USD.
pub const MAX_USD: f64 = 1e9;

/// Characters a terminal must not receive from data: C0 and C1 controls, DEL, and the
/// Unicode format characters that reorder or hide text (bidi embeddings, overrides and
/// isolates, zero-width joiners and marks).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}')
}

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_newlines && c == '\n';
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' if keep_newlines => '\n',
                '\t' | '\n' | '\r' => ' ',
                c if is_unsafe(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// `s` on one line: tabs and line breaks become spaces, every other unsafe character U+FFFD.
pub fn line(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// `s` with its line breaks kept and every other unsafe character replaced (a tab and a
/// carriage return become a space).
pub fn multiline(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// A price for people: at most 4 decimals (3 significant digits below a cent), no trailing zeros, no `-0`, and never hundreds of
/// digits (amounts past [`MAX_USD`] are written in scientific notation); `unknown` when the
/// number is not finite.
pub fn usd(x: f64) -> String {
    if !x.is_finite() {
        return "unknown".to_owned();
    }
    if x.abs() > MAX_USD {
        return format!("{x:.3e}");
    }
    // Four decimals, or three significant digits for amounts below a cent.
    let decimals = if x != 0.0 && x.abs() < 0.01 {
        ((-x.abs().log10()).ceil() as usize + 2).min(12)
    } else {
        4
    };
    // `+ 0.0` turns -0 into 0.
    let text = format!("{:.decimals$}", x + 0.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_reordering_never_pass() {
        assert_eq!(line("a\u{1b}[2Jb"), "a\u{fffd}[2Jb");
        assert_eq!(line("evil\u{202e}txt.exe"), "evil\u{fffd}txt.exe");
        assert_eq!(line("two\nlines\tand\u{9b}c1"), "two lines and\u{fffd}c1");
        assert_eq!(multiline("two\nlines\u{7}"), "two\nlines\u{fffd}");
        assert!(matches!(line("plain: ok, ünïcode 16:9"), Cow::Borrowed(_)));
    }

    #[test]
    fn prices_print_sanely() {
        assert_eq!(usd(0.7), "0.7");
        assert_eq!(usd(0.1 + 0.2), "0.3");
        assert_eq!(usd(-0.0), "0");
        assert_eq!(usd(12.0), "12");
        assert_eq!(usd(0.00004), "0.00004");
        assert_eq!(usd(0.000123456), "0.000123");
        assert_eq!(usd(0.0125), "0.0125");
        assert_eq!(usd(f64::MAX), "1.798e308");
        assert_eq!(usd(f64::NAN), "unknown");
        assert!(usd(1e9).len() <= 12, "{}", usd(1e9));
    }
}
