//! `cargo xtask bench request [--quick]`: what compile-time checking costs. Builds a crate with
//! 100 `request!` calls over the five bundled endpoints, and the same crate with the same
//! requests written as plain struct literals (runtime-checked constructors), and reports
//! both clean build times (crate only, dependencies already built) and their ratio in
//! `BENCHMARKS.md`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Duration;

use crate::bench::{Result, cargo, cargo_build, human, machine, median, root, status, timed};

const CALLS: usize = 100;
const START: &str = "<!-- request-figures:start (written by `cargo xtask bench request`) -->";
const END: &str = "<!-- request-figures:end -->";

/// One request, as a `request!` call and as a struct literal.
fn call(i: usize) -> (String, String) {
    match i % 5 {
        0 => (
            format!(
                "request!(blackforestlabs::flux_1_schnell::text_to_image {{ prompt: \"a fox, take {i}\", steps: {} }})",
                1 + i % 8
            ),
            format!(
                "flux::Request {{ prompt: flux::Prompt::new(\"a fox, take {i}\").unwrap(), steps: Some(flux::Steps::new({}).unwrap()) }}",
                1 + i % 8
            ),
        ),
        1 => (
            format!(
                "request!(openai::gpt_image_2::text_to_image {{ prompt: \"a bottle {i}\", aspect_ratio: \"16:9\", quality: \"high\" }})"
            ),
            format!(
                "gpt::Request {{ prompt: gpt::Prompt::new(\"a bottle {i}\").unwrap(), aspect_ratio: Some(gpt::AspectRatio::V16_9), resolution: None, quality: Some(gpt::Quality::High), output_format: None }}"
            ),
        ),
        2 => (
            format!(
                "request!(bytedance::dreamina_4_0::text_to_image {{ prompt: \"a street {i}\", width_height: \"2560x1440(16:9)\", scale: 0.5 }})"
            ),
            format!(
                "dreamina::Request {{ prompt: dreamina::Prompt::new(\"a street {i}\").unwrap(), width_height: Some(dreamina::WidthHeight::V2560x1440_16_9), scale: Some(dreamina::Scale::new(0.5).unwrap()), force_single: None }}"
            ),
        ),
        3 => (
            format!(
                "request!(ideogram::ideogram_v3::reframe {{ image: \"https://example.com/{i}.png\", resolution: \"1152:864 (4:3)\", seed: {i} }})"
            ),
            format!(
                "ideogram::Request {{ image: ideogram::Image::new(\"https://example.com/{i}.png\").unwrap(), resolution: ideogram::Resolution::V1152_864_4_3, seed: Some(ideogram::Seed::new({i}).unwrap()), rendering_speed: None, color_palette: None, style: None }}"
            ),
        ),
        _ => (
            format!(
                "request!(runwayml::runway_gen_4::turbo::image_to_video {{ prompt_image: \"https://example.com/{i}.png\", duration: 10, seed: {i} }})"
            ),
            format!(
                "gen4::Request {{ prompt_text: None, prompt_image: gen4::PromptImage::parse(\"https://example.com/{i}.png\").unwrap(), ratio: None, duration: Some(gen4::Duration::V10), seed: Some(gen4::Seed::new({i}).unwrap()) }}"
            ),
        ),
    }
}

fn source(use_macro: bool) -> String {
    let mut s = String::from(
        "//! 100 requests, for `cargo xtask bench request`.\n#![allow(missing_docs, clippy::all)]\n\
         use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;\n\
         use runcomfy_client::models::bytedance::dreamina_4_0::text_to_image as dreamina;\n\
         use runcomfy_client::models::ideogram::ideogram_v3::reframe as ideogram;\n\
         use runcomfy_client::models::openai::gpt_image_2::text_to_image as gpt;\n\
         use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;\n\
         #[allow(unused_imports)]\nuse runcomfy_client::request;\n\n",
    );
    for i in 0..CALLS {
        let (m, l) = call(i);
        let ty = ["flux", "gpt", "dreamina", "ideogram", "gen4"][i % 5];
        let body = if use_macro { m } else { l };
        let _ = writeln!(s, "pub fn r{i}() -> {ty}::Request {{\n    {body}\n}}\n");
    }
    s
}

fn write_crate(dir: &Path, name: &str, use_macro: bool) -> Result<()> {
    let root = root();
    let client = root.join("runcomfy-client");
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nruncomfy-client = {{ path = {client:?} }}\n\n[workspace]\n"
    );
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/lib.rs"), source(use_macro)).map_err(|e| e.to_string())?;
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Runs the benchmark.
pub fn request(quick: bool) -> ExitCode {
    match run(quick) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(quick: bool) -> Result<()> {
    let root = root();
    // The client crates of `cargo xtask bench codegen` build the same dependencies.
    let target = root.join("target/bench-build/client");
    let repeats = if quick { 1 } else { 3 };
    let mut results: Vec<(String, Vec<Duration>)> = Vec::new();
    for (name, use_macro) in [("bench-request-macro", true), ("bench-request-literal", false)] {
        let dir = root.join("target/bench-crate").join(name);
        write_crate(&dir, name, use_macro)?;
        eprintln!("== {name}: dependencies");
        status(&mut cargo_build(&dir, &target))?;
        let mut times = Vec::new();
        for round in 1..=repeats {
            eprintln!("== {name}: clean build {round}/{repeats}");
            status(
                Command::new(cargo())
                    .current_dir(&dir)
                    .args(["clean", "--quiet", "-p", name])
                    .env("CARGO_TARGET_DIR", &target),
            )?;
            times.push(timed(cargo_build(&dir, &target))?);
        }
        results.push((name.to_owned(), times));
    }
    let macro_t = median(&results[0].1).ok_or("no macro build")?;
    let literal_t = median(&results[1].1).ok_or("no literal build")?;
    let ratio = macro_t.as_secs_f64() / literal_t.as_secs_f64().max(1e-9);
    let list = |t: &[Duration]| t.iter().map(|d| human(*d)).collect::<Vec<_>>().join(", ");
    let mut table = String::new();
    let _ = writeln!(table, "{START}");
    let _ = writeln!(
        table,
        "Measured {} on {}, {}. Clean build of the crate only (dependencies already built), dev profile, median of {repeats}.\n",
        crate::bench::now_utc(),
        machine(),
        crate::bench::rustc_version()
    );
    let _ = writeln!(
        table,
        "| crate ({CALLS} requests over the five endpoints) | clean build | runs |"
    );
    let _ = writeln!(table, "|---|---|---|");
    let _ = writeln!(
        table,
        "| `request!` calls, checked at compile time | {} | {} |",
        human(macro_t),
        list(&results[0].1)
    );
    let _ = writeln!(
        table,
        "| plain struct literals, checked at run time | {} | {} |",
        human(literal_t),
        list(&results[1].1)
    );
    let _ = writeln!(table, "| **ratio** (macro / literals) | **{ratio:.2}x** | |");
    let _ = write!(table, "{END}");
    println!("{table}");
    let path = root.join("BENCHMARKS.md");
    let old = crate::bench::read_benchmarks(&path)?;
    let new = match (old.find(START), old.find(END)) {
        (Some(a), Some(b)) if a < b => format!("{}{table}{}", &old[..a], &old[b + END.len()..]),
        _ => format!("{old}\n## Compile-time request checks (`request!`)\n\n{table}\n"),
    };
    std::fs::write(&path, new).map_err(|e| e.to_string())?;
    eprintln!("== figures written to {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_crates_hold_the_same_hundred_requests() {
        let m = source(true);
        let l = source(false);
        assert_eq!(m.matches("request!(").count(), CALLS);
        assert_eq!(l.matches("request!(").count(), 0);
        assert_eq!(m.matches("pub fn r").count(), l.matches("pub fn r").count());
    }
}
