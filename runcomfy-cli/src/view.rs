//! The one renderer of jobs for `run`, `result` and `batch`: every [`JobEvent`] of a job
//! becomes a live line on a terminal (spinner, state, elapsed time, download bars for large
//! files, colours unless `NO_COLOR`) or plain lines elsewhere (pipes, CI, `-q`, `--output
//! json`), and a line ends on a typed [`End`]. What is printed from the server (states,
//! errors) goes through the sanitizer.

use std::collections::HashMap;
use std::io::IsTerminal as _;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use runcomfy_client::{JobEvent, JobState};

use crate::args::Global;
use crate::text;

/// Files at least this large get a download bar on a terminal.
pub const DOWNLOAD_BAR_BYTES: u64 = 4 * 1024 * 1024;

/// How a job's line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Finished as asked.
    Success,
    /// Not finished, nothing lost: a rerun or a later command goes on.
    Pending,
    /// Failed.
    Failure,
}

/// The renderer of one command: live lines on a terminal, plain lines elsewhere.
pub struct View {
    global: Global,
    multi: Option<MultiProgress>,
}

impl View {
    /// A renderer for `global`'s output settings: live lines only on a terminal, and never
    /// with `-q` or `--output json`.
    pub fn new(global: &Global) -> View {
        let live = !global.quiet && !global.json && std::io::stderr().is_terminal();
        console::set_colors_enabled_stderr(global.color != clap::ColorChoice::Never);
        View {
            global: global.clone(),
            multi: live.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
        }
    }

    /// A line above the live ones (or a plain note): not with `-q`, nor with `--output json`
    /// unless `-v`.
    pub fn note(&self, line: &str) {
        match &self.multi {
            Some(multi) => {
                let _ = multi.println(text::multiline(line));
            }
            None => self.global.note(line),
        }
    }

    /// A line shown in every output mode (`-q` and `--output json` included): what the user
    /// must not miss, such as the request id of a paid job.
    pub fn always(&self, line: &str) {
        match &self.multi {
            Some(multi) => {
                let _ = multi.println(text::multiline(line));
            }
            None => eprintln!("{}", text::multiline(line)),
        }
    }

    /// A job's line, named `label` (a model id, or `line 3`).
    pub fn job(&self, label: impl Into<String>) -> JobLine<'_> {
        let label = text::line(&label.into()).into_owned();
        let bar = self.multi.as_ref().map(|multi| {
            let bar = multi.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix}: {msg} [{elapsed}]")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(label.clone());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        JobLine {
            view: self,
            label,
            bar,
            downloads: HashMap::new(),
            last: None,
        }
    }
}

/// One job's line.
pub struct JobLine<'v> {
    view: &'v View,
    label: String,
    bar: Option<ProgressBar>,
    downloads: HashMap<String, ProgressBar>,
    last: Option<JobState>,
}

impl JobLine<'_> {
    /// Shows `what` as this job's state: the live line's message, or a plain line
    /// `<label>: <what>`.
    pub fn set(&self, what: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(text::line(what).into_owned()),
            None => self.view.global.note(&format!("{}: {what}", self.label)),
        }
    }

    /// A line shown in every output mode, above the live lines.
    pub fn always(&self, what: &str) {
        self.view.always(what);
    }

    /// Renders one event of the job. The request id of [`JobEvent::Submitted`] is shown in
    /// every output mode: a paid job's id must reach the user whatever fails later.
    pub fn on(&mut self, event: JobEvent<'_>) {
        match event {
            JobEvent::Submitted(job) => {
                self.always(&format!("submitted {}: request {}", self.label, job.request_id()));
            }
            JobEvent::Progress(p) => {
                let changed = self.last.as_ref() != Some(&p.state);
                if self.bar.is_some() || self.view.global.verbose || changed {
                    let what = match &self.bar {
                        Some(_) => p.state.to_string(),
                        None => format!("{} ({:.1}s)", p.state, p.elapsed.as_secs_f64()),
                    };
                    self.set(&what);
                }
                self.last = Some(p.state.clone());
            }
            JobEvent::CancelRequested(outcome) => {
                let what = match outcome {
                    Ok(o) => format!("{}: cancel: {o}", self.label),
                    Err(e) => format!("{}: cancel failed: {e}", self.label),
                };
                if !self.view.global.quiet {
                    self.always(&what);
                }
            }
            JobEvent::Result(r) => {
                if let Some(cost) = r.cost {
                    self.view.note(&format!("{}: cost {} USD", self.label, text::usd(cost)));
                }
                self.set("downloading");
            }
            JobEvent::DownloadProgress(p) => self.download_progress(&p.url, p.received, p.total),
            JobEvent::Downloaded(file) => {
                if let Some(bar) = self.downloads.remove(&file.url) {
                    bar.finish_and_clear();
                }
            }
            JobEvent::DownloadFailed(e) => {
                self.view
                    .note(&format!("{}: download failed: {}", self.label, e.display_chain()))
            }
            _ => {}
        }
    }

    /// Bytes of the output at `url` on disk so far, of `total` when known: a bar for files
    /// of at least [`DOWNLOAD_BAR_BYTES`] on a terminal (nothing elsewhere).
    fn download_progress(&mut self, url: &str, received: u64, total: Option<u64>) {
        let (Some(multi), Some(total)) = (&self.view.multi, total) else {
            return;
        };
        if total < DOWNLOAD_BAR_BYTES {
            return;
        }
        let label = &self.label;
        let name = url.rsplit('/').next().unwrap_or_default();
        let bar = self.downloads.entry(url.to_owned()).or_insert_with(|| {
            let bar = multi.add(ProgressBar::new(total));
            bar.set_style(
                ProgressStyle::with_template("  {prefix} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_prefix(format!("{label} {}", text::line(name)));
            bar
        });
        bar.set_position(received.min(total));
    }

    /// Ends the line with `what` (the job's final state), coloured by `end` on a terminal.
    pub fn end(self, what: &str, end: End) {
        for bar in self.downloads.values() {
            bar.finish_and_clear();
        }
        match &self.bar {
            Some(bar) => {
                let style = match end {
                    End::Success => console::Style::new().green(),
                    End::Pending => console::Style::new().yellow(),
                    End::Failure => console::Style::new().red(),
                };
                bar.set_style(
                    ProgressStyle::with_template("  {prefix}: {msg} [{elapsed}]")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                bar.finish_with_message(style.apply_to(text::line(what)).for_stderr().to_string());
            }
            None => self.view.global.note(&format!("{}: {what}", self.label)),
        }
    }

    /// Removes the line without a final word (a single job whose result is printed next).
    pub fn clear(self) {
        for bar in self.downloads.values() {
            bar.finish_and_clear();
        }
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Prints one JSON document on stdout.
pub fn json(value: &serde_json::Value) {
    outln!("{value}");
}
