//! The CLI's rooms and the order they may use each other in: `args` -> `describe` -> `flags`
//! -> `session` -> `view` -> `commands` (a room uses only rooms before it; `exit` and `text`
//! are leaves any room may use, and they use no room). Read from the sources: every
//! `crate::<room>` path and every `use crate::{...}` group in code (doc links may point
//! anywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The rooms, in order.
const ORDER: [&str; 6] = ["args", "describe", "flags", "session", "view", "commands"];
/// Modules any room may use.
const LEAVES: [&str; 2] = ["exit", "text"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The room a source file belongs to (`src/commands/batch/mod.rs` -> `commands`).
fn room_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("inside src");
    let first = rel
        .components()
        .next()
        .expect("a path")
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_owned()
}

/// The top-level modules a source text's code (comments aside) names through `crate::`.
fn used_rooms(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = code.as_str();
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c, d}`: each first segment.
            let inner = group.split('}').next().unwrap_or_default();
            for part in inner.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn rooms_use_only_rooms_before_them_and_there_is_no_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let room = room_of(&src, file);
        let text = std::fs::read_to_string(file).expect("read");
        let uses = graph.entry(room.clone()).or_default();
        for used in used_rooms(&text) {
            if used != room && (ORDER.contains(&used.as_str()) || LEAVES.contains(&used.as_str())) {
                uses.insert(used);
            }
        }
    }
    let mut problems = Vec::new();
    for (room, uses) in &graph {
        let position = ORDER.iter().position(|r| r == room);
        for used in uses {
            match (position, ORDER.iter().position(|r| r == used)) {
                // A leaf uses no room.
                (None, Some(_)) if LEAVES.contains(&room.as_str()) => {
                    problems.push(format!("the leaf `{room}` uses the room `{used}`"));
                }
                (Some(here), Some(there)) if there > here => {
                    problems.push(format!("`{room}` uses `{used}`, which comes after it"));
                }
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}\n{graph:#?}", problems.join("\n"));
    // Every room exists and the order is a line: no circle is possible, but check it anyway
    // on the graph as read (a depth-first search).
    for room in ORDER {
        assert!(graph.contains_key(room), "no module `{room}`");
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(node) {
            return;
        }
        assert!(
            !stack.iter().any(|s| s == node),
            "a circle: {} -> {node}",
            stack.join(" -> ")
        );
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, stack, done);
        }
        stack.pop();
        done.insert(node.to_owned());
    }
    let mut done = BTreeSet::new();
    for room in graph.keys() {
        visit(room, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_reader_finds_grouped_and_plain_paths() {
    let uses = used_rooms("use crate::{describe, flags::x};\nfn f() { crate::session::bundled(); }");
    assert_eq!(
        uses,
        ["describe", "flags", "session"]
            .into_iter()
            .map(str::to_owned)
            .collect()
    );
}
