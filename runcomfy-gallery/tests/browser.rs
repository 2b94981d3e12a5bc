//! The gallery of a simulated batch, rendered by headless Chromium from `file://`.
//!
//! Real jobs run on the simulator over loopback with the client (images in PNG, JPEG and
//! WebP, a job with four images, an MP4 video, a failed job, a submit whose outcome is
//! unknown, an invalid request, a hostile prompt), their files are renamed with
//! `output_file_name`, and the page is checked in the browser: every image decoded
//! (`naturalWidth > 0`), the video has a duration and plays, the audio has a duration, the
//! filters and sorts show what the records say, real key presses move through the page,
//! hostile text stays text, and nothing was fetched from the network. A screenshot is kept
//! at `target/tmp/gallery/screenshot.png`.
//!
//! Without a browser it skips with a loud message, unless `RUNCOMFY_REQUIRE_BROWSER` is set
//! (`.ci/run` sets it once Chromium is installed), where it fails.

#[path = "support/cdp.rs"]
mod cdp;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use runcomfy_client::config::{PollPolicy, RetryPolicy};
use runcomfy_client::schema::OutputKind;
use runcomfy_client::{Client, DynamicRequest, ErrorKind, JobOptions};
use runcomfy_gallery::{
    JobError, JobLabel, ManifestOptions, MediaKind, OutputFile, Record, Status, Violation, output_file_name, rebuild,
};
use runcomfy_sim::{ClockMode, FaultKind, ModelMeta, Op, RunTime, SimConfig, SimHandle};
use serde_json::{Value, json};

const TOKEN: &str = "gallery-test-token";
const XSS: &str = "</script><img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
const XSS_ID: &str = "\"><svg onload=window.__xss=3>";

/// A model that makes several images (`num_images`), served next to the bundled ones.
const GRID_SCHEMA: &str = r#"{
  "type": "object",
  "required": ["prompt"],
  "properties": {
    "prompt": {"type": "string", "maxLength": 2000},
    "num_images": {"type": "integer", "minimum": 1, "maximum": 4}
  }
}"#;
const GRID_MODEL: &str = "acme/grid/text-to-image";

fn sim_config(failure_rate: f64, seed: u64) -> SimConfig {
    let mut schemas: Vec<(&str, &str, &str)> = runcomfy_client::models::ENDPOINTS.to_vec();
    schemas.push((GRID_MODEL, "acme/grid/text-to-image.json", GRID_SCHEMA));
    let mut config = SimConfig {
        clock: ClockMode::Accelerated(50.0),
        run_time: RunTime::fixed(Duration::from_secs(2)),
        dispatch_delay: Duration::from_millis(500),
        failure_rate,
        seed,
        max_image_side: 512,
        ..SimConfig::for_tests(TOKEN)
    }
    .with_schema_texts(schemas);
    // Distinct prices, so that sorting by cost means something.
    for (model, price) in [
        ("blackforestlabs/flux-1-schnell/text-to-image", 0.003),
        ("openai/gpt-image-2/text-to-image", 0.04),
        ("bytedance/dreamina-4-0/text-to-image", 0.03),
        (GRID_MODEL, 0.01),
        ("runwayml/runway-gen-4/turbo/image-to-video", 0.05),
    ] {
        config.model_meta.insert(
            model.to_owned(),
            ModelMeta {
                base_price_usd: Some(price),
                ..ModelMeta::default()
            },
        );
    }
    config
}

fn client(sim: &SimHandle) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(sim.base_url())
        .request_timeout(Duration::from_secs(5))
        .poll(PollPolicy {
            first: Duration::from_millis(10),
            factor: 1.5,
            max: Duration::from_millis(60),
            call_cost: Duration::from_millis(3),
            min_gap: Duration::from_millis(2),
            max_gap: Duration::from_secs(2),
            ..PollPolicy::default()
        })
        .retry(
            RetryPolicy::default()
                .max_retries(2)
                .delays(Duration::from_millis(5), Duration::from_millis(40)),
        )
        .build()
        .expect("client builds")
}

fn schema(model: &str) -> Arc<runcomfy_client::schema::EndpointSchema> {
    if model == GRID_MODEL {
        let parsed = runcomfy_client::schema::parse_schema("grid.json", model, GRID_SCHEMA);
        return Arc::new(parsed.schema.expect("grid schema parses"));
    }
    runcomfy_client::resolve::compiled(model).expect("bundled model")
}

/// A small PNG (a real one, 64x48), as a `data:` URI for image inputs.
fn png_data_uri() -> String {
    let img = image_bytes();
    runcomfy_client::media::from_bytes(&img, "image.png").into_string()
}

/// 64x48 grey PNG, made by hand (stored blocks, no compression library needed).
fn image_bytes() -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for b in data {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn adler(data: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for x in data {
            a = (a + u32::from(*x)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc(&body).to_be_bytes());
    }
    let (w, h) = (64u32, 48u32);
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend_from_slice(&[(x * 4) as u8, (y * 5) as u8, 128]);
        }
    }
    let mut z = vec![0x78, 0x01];
    for (i, block) in raw.chunks(65_535).enumerate() {
        let last = (i + 1) * 65_535 >= raw.len();
        z.push(u8::from(last));
        z.extend_from_slice(&(block.len() as u16).to_le_bytes());
        z.extend_from_slice(&(!(block.len() as u16)).to_le_bytes());
        z.extend_from_slice(block);
    }
    z.extend_from_slice(&adler(&raw).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// One second of a 440 Hz tone, 8 kHz mono 16-bit WAV (no simulated model makes sound).
fn wav_bytes() -> Vec<u8> {
    let rate = 8000u32;
    let samples: Vec<i16> = (0..rate)
        .map(|i| ((i as f64 * 440.0 * std::f64::consts::TAU / f64::from(rate)).sin() * 8000.0) as i16)
        .collect();
    let data_len = (samples.len() * 2) as u32;
    let mut v = b"RIFF".to_vec();
    v.extend_from_slice(&(36 + data_len).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&(rate * 2).to_le_bytes());
    v.extend_from_slice(&2u16.to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        v.extend_from_slice(&s.to_le_bytes());
    }
    v
}

fn error_words(kind: ErrorKind) -> (&'static str, Status) {
    match kind {
        ErrorKind::JobFailed => ("job failed", Status::Failed),
        ErrorKind::SubmitOutcomeUnknown => ("submit outcome unknown", Status::OutcomeUnknown),
        ErrorKind::Validation => ("invalid request", Status::Invalid),
        ErrorKind::Rejected => ("rejected", Status::Rejected),
        other => panic!("unexpected error kind {other:?}"),
    }
}

/// Runs one job as the CLI will: execute, then rename the downloads to readable names and
/// make the record.
async fn job(client: &Client, out: &Path, line: u64, id: Option<&str>, model: &str, input: Value) -> Record {
    let mut record = Record::new(model, input.clone(), Status::Done);
    record.line = Some(line);
    record.id = id.map(str::to_owned);
    let request = DynamicRequest::new(schema(model), input);
    match client
        .run_with(&request, &JobOptions::default().download_to(out), &mut |_| {})
        .await
    {
        Ok(done) => {
            let rid = done.job.request_id().to_owned();
            record.request_id = Some(rid.clone());
            record.cost = done.result.cost;
            record.submitted_at = done.result.raw["created_at"].as_str().map(str::to_owned);
            record.finished_at = done.result.raw["finished_at"].as_str().map(str::to_owned);
            for (i, f) in done.downloads.iter().enumerate() {
                let f = f.as_ref().expect("downloaded");
                let kind = match f.kind {
                    OutputKind::Image => MediaKind::Image,
                    OutputKind::Video => MediaKind::Video,
                    OutputKind::Audio => MediaKind::Audio,
                };
                let label = id.map_or(JobLabel::Line(line), JobLabel::Id);
                let name = output_file_name(label, &rid, i, &f.url, kind);
                std::fs::rename(&f.path, out.join(&name)).unwrap();
                let mut file = OutputFile::new(kind, Some(name), Some(f.url.clone()));
                file.bytes = Some(f.bytes);
                record.files.push(file);
            }
        }
        Err(e) => {
            let (kind, status) = error_words(e.kind());
            record.status = status;
            record.request_id = e.request_id().map(str::to_owned);
            let mut error = JobError::new(kind, e.to_string());
            if let Some(vs) = e.violations() {
                error.violations = vs
                    .iter()
                    .map(|v| Violation {
                        pointer: v.pointer.clone(),
                        message: v.constraint.to_string(),
                    })
                    .collect();
            }
            record.error = Some(error);
        }
    }
    record
}

/// The batch: every kind of card the gallery shows.
async fn simulated_batch(out: &Path) -> Vec<Record> {
    let sim = runcomfy_sim::start(sim_config(0.0, 0)).await.expect("simulator");
    let failing = runcomfy_sim::start(sim_config(1.0, 7)).await.expect("simulator");
    let (c, bad) = (client(&sim), client(&failing));
    let flux = "blackforestlabs/flux-1-schnell/text-to-image";
    let mut records = vec![
        job(
            &c,
            out,
            1,
            None,
            flux,
            json!({"prompt": "a red fox in fresh snow", "steps": 4}),
        )
        .await,
        job(
            &c,
            out,
            2,
            Some("lighthouse"),
            "openai/gpt-image-2/text-to-image",
            json!({"prompt": "a lighthouse at dusk, long exposure", "output_format": "jpeg", "aspect_ratio": "16:9"}),
        )
        .await,
        job(
            &c,
            out,
            3,
            None,
            GRID_MODEL,
            json!({"prompt": "four studies of a pear", "num_images": 4}),
        )
        .await,
        job(
            &c,
            out,
            4,
            Some("waves"),
            "runwayml/runway-gen-4/turbo/image-to-video",
            json!({"promptText": "waves rolling onto a beach", "promptImage": png_data_uri(), "duration": 5}),
        )
        .await,
        job(&c, out, 5, Some(XSS_ID), flux, json!({"prompt": XSS, "steps": 2})).await,
        job(
            &bad,
            out,
            6,
            None,
            "bytedance/dreamina-4-0/text-to-image",
            json!({"prompt": "a city made of glass"}),
        )
        .await,
    ];
    sim.inject(Op::Submit, FaultKind::ResetAfterBody);
    records.push(job(&c, out, 7, None, flux, json!({"prompt": "an owl on a branch at night"})).await);
    records.push(job(&c, out, 8, None, flux, json!({"prompt": "too many steps", "steps": 99})).await);
    records.push(
        job(
            &c,
            out,
            9,
            None,
            "openai/gpt-image-2/text-to-image",
            json!({"prompt": "a bowl of ramen, top view", "output_format": "webp"}),
        )
        .await,
    );

    // Sound: no simulated model makes any, so the test writes a tone itself.
    std::fs::write(out.join("0010-local-0.wav"), wav_bytes()).unwrap();
    let mut tone = Record::new("local/test-tone", json!({"prompt": "a 440 Hz test tone"}), Status::Done);
    tone.line = Some(10);
    tone.files
        .push(OutputFile::new(MediaKind::Audio, Some("0010-local-0.wav".into()), None));
    records.push(tone);

    // A file deleted by hand since: the card says so.
    let mut gone = Record::new(flux, json!({"prompt": "a file deleted since"}), Status::Done);
    gone.line = Some(11);
    gone.request_id = Some("gone-1".into());
    gone.files
        .push(OutputFile::new(MediaKind::Image, Some("0011-gone-0.png".into()), None));
    records.push(gone);

    // A hostile server's URL: never a link.
    records[4].files.push(OutputFile::new(
        MediaKind::Other,
        None,
        Some("javascript:window.__xss=4".into()),
    ));

    let statuses: Vec<&str> = records.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "done",
            "done",
            "done",
            "done",
            "done",
            "failed",
            "outcome unknown",
            "invalid",
            "done",
            "done",
            "done"
        ],
        "{records:#?}"
    );
    assert_eq!(records[2].files.len(), 4, "four images");
    assert_eq!(records[3].files[0].kind, MediaKind::Video);
    assert!(records[5].request_id.is_some(), "a failed job has its request id");
    assert!(!records[7].error.as_ref().unwrap().violations.is_empty());
    assert_eq!(sim.accounting().duplicate_jobs().len(), 0);
    records
}

fn label(r: &Record) -> String {
    match (&r.line, &r.id) {
        (Some(l), Some(id)) => format!("Line {l} \u{b7} {id}"),
        (Some(l), None) => format!("Line {l}"),
        _ => unreachable!("every test record has a line"),
    }
}

fn labels<'a>(rs: impl IntoIterator<Item = &'a Record>) -> Vec<String> {
    rs.into_iter().map(label).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// Scrolls through every card as a person would, then waits (with a ceiling) for every image,
/// video and sound to load, and reports what the browser sees.
const LOAD_REPORT: &str = r#"(async () => {
  const until = (cond, what) => new Promise((resolve, reject) => {
    const end = Date.now() + 60000;
    (function poll() {
      if (cond()) return resolve();
      if (Date.now() > end) return reject(new Error('timed out waiting for ' + what));
      setTimeout(poll, 25);
    })();
  });
  const cards = [...document.querySelectorAll('#cards .card')];
  for (const c of cards) {
    c.scrollIntoView();
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  const imgs = () => [...document.querySelectorAll('#cards img')];
  await until(() => imgs().every(i => i.complete), 'images');
  const media = () => [...document.querySelectorAll('#cards video, #cards audio')];
  await until(() => media().every(m => m.getAttribute('src') && (m.readyState >= 2 || m.error)), 'videos and sounds');
  const report = {
    ready: document.body.dataset.ready,
    cards: cards.length,
    images: imgs().map(i => ({ src: i.getAttribute('src'), width: i.naturalWidth, alt: i.alt })),
    media: media().map(m => ({ tag: m.tagName, src: m.getAttribute('src'), duration: m.duration,
      width: m.videoWidth || 0, ready: m.readyState, error: m.error ? m.error.code : null,
      label: m.getAttribute('aria-label') })),
    missing: [...document.querySelectorAll('.missing')].map(e => e.textContent),
  };
  const video = document.querySelector('#cards video');
  if (video) {
    video.muted = true;
    await video.play();
    await until(() => video.currentTime > 0.2, 'the video to play');
    video.pause();
    report.played = video.currentTime;
  }
  // The hostile card: its texts as text, no element or link made from them.
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  await new Promise(r => setTimeout(r, 50));
  report.xss = window.__xss === undefined ? null : window.__xss;
  report.prompts = [...document.querySelectorAll('.prompt')].map(p => p.textContent);
  report.scriptLinks = [...document.querySelectorAll('a')].filter(a => !/^(https?:|[^:]*$)/i.test(a.getAttribute('href') || '')).map(a => a.getAttribute('href'));
  report.svg = document.querySelectorAll('svg').length;
  report.scripts = document.querySelectorAll('script').length;
  report.errorTexts = [...document.querySelectorAll('.error')].map(e => e.textContent);
  report.unlabelled = [...document.querySelectorAll('select, input')].filter(e => !e.labels || !e.labels.length).map(e => e.id);
  report.fetched = performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('file:'));
  report.title = document.title;
  return report;
})()"#;

/// Every filter choice and sort, and what each shows.
const FILTER_REPORT: &str = r#"(() => {
  const set = (id, v) => { const s = document.getElementById(id); s.value = v; s.dispatchEvent(new Event('change')); };
  const shown = () => [...document.querySelectorAll('#cards .card')].filter(c => !c.hidden).map(c => c.querySelector('h2 .label').textContent);
  const out = { model: {}, status: {} };
  for (const o of document.getElementById('f-model').options) { set('f-model', o.value); out.model[o.value] = shown(); }
  set('f-model', '');
  for (const o of document.getElementById('f-status').options) { set('f-status', o.value); out.status[o.value] = shown(); }
  set('f-status', 'failed');
  out.shownText = document.getElementById('shown').textContent;
  set('f-status', '');
  set('f-sort', 'cost-desc'); out.costDesc = shown();
  set('f-sort', 'time-asc'); out.timeAsc = shown();
  set('f-sort', 'line'); out.line = shown();
  out.spent = document.getElementById('spent').textContent;
  return out;
})()"#;

fn focused(b: &mut cdp::Browser) -> Value {
    b.eval(
        "(() => { const a = document.activeElement; const c = a && a.closest('.card');
           return { tag: a ? a.tagName : null, id: a ? a.id : null, cls: a ? a.className : null,
                    card: c ? c.querySelector('h2 .label').textContent : null }; })()",
    )
    .unwrap()
}

/// Keys pressed through the browser's input pipeline: `j`, `k`, Tab, Enter, arrows, Escape, `/`.
fn keyboard(b: &mut cdp::Browser, first: &str, second: &str) {
    b.eval("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); true")
        .unwrap();
    b.press("j").unwrap();
    assert_eq!(focused(b)["card"], first, "j focuses the first card");
    b.press("j").unwrap();
    assert_eq!(focused(b)["card"], second, "j again: the next card");
    b.press("k").unwrap();
    assert_eq!(focused(b)["card"], first, "k: back");
    b.press("Tab").unwrap();
    let f = focused(b);
    assert_eq!(
        (f["tag"].as_str(), f["cls"].as_str()),
        (Some("A"), Some("thumb")),
        "{f}"
    );
    b.press("Enter").unwrap();
    let viewer = |b: &mut cdp::Browser| {
        b.eval(
            "(async () => { const v = document.getElementById('viewer'); const img = v.querySelector('img');
               if (img && !img.complete) await new Promise(r => { img.onload = r; img.onerror = r; });
               return { open: v.open, caption: document.getElementById('v-caption').textContent,
                        width: img ? img.naturalWidth : 0 }; })()",
        )
        .unwrap()
    };
    let v = viewer(b);
    assert_eq!(v["open"], true, "Enter on a thumbnail opens the viewer: {v}");
    assert!(v["caption"].as_str().unwrap().starts_with("1 / "), "{v}");
    assert!(v["width"].as_u64().unwrap() > 0, "{v}");
    b.press("ArrowRight").unwrap();
    let v = viewer(b);
    assert!(v["caption"].as_str().unwrap().starts_with("2 / "), "{v}");
    b.press("Escape").unwrap();
    assert_eq!(viewer(b)["open"], false, "Escape closes the viewer");
    // The dialog's close event is a task of its own: wait for its handler (with a ceiling).
    let settled = b
        .eval(&format!(
            "new Promise(resolve => {{ const end = Date.now() + 10000; (function poll() {{
               const c = document.activeElement && document.activeElement.closest('.card');
               const label = c ? c.querySelector('h2 .label').textContent : null;
               if (label === {second:?} || Date.now() > end) return resolve(label);
               setTimeout(poll, 10); }})(); }})"
        ))
        .unwrap();
    assert_eq!(settled, second, "focus goes to the card of the image last shown");
    b.press("/").unwrap();
    assert_eq!(focused(b)["id"], "f-search", "/ goes to the search box");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gallery_of_a_simulated_batch_works_in_chromium() {
    let Some(exe) = cdp::find_browser() else {
        assert!(
            std::env::var_os("RUNCOMFY_REQUIRE_BROWSER").is_none(),
            "RUNCOMFY_REQUIRE_BROWSER is set but no Chromium was found (set RUNCOMFY_CHROMIUM or install chromium)"
        );
        eprintln!(
            "\n{0}\nSKIPPED the gallery browser test: no Chromium found (RUNCOMFY_CHROMIUM, or chromium on PATH).\n\
             Install it (Debian: apt-get install chromium) to run it; .ci/run does.\n{0}\n",
            "!".repeat(78)
        );
        return;
    };
    let artifacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gallery");
    let out = artifacts.join("batch");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let records = simulated_batch(&out).await;
    rebuild(
        &out,
        records.clone(),
        ManifestOptions::default().title("Simulated batch"),
    )
    .unwrap();

    let page = format!("file://{}", out.join("index.html").display());
    let shot_path = artifacts.join("screenshot.png");
    let (load, filters, shot) = tokio::task::spawn_blocking(move || {
        let mut b = cdp::Browser::launch(&exe).expect("the browser starts");
        b.viewport(1280, 900).unwrap();
        b.navigate(&page).unwrap();
        let load = b.eval(LOAD_REPORT).unwrap_or_else(|e| panic!("{e}\n{}", b.stderr()));
        let filters = b.eval(FILTER_REPORT).unwrap();
        keyboard(&mut b, "Line 1", "Line 2 \u{b7} lighthouse");
        b.eval("document.activeElement.blur(); document.querySelectorAll('details').forEach(d => d.open = false); window.scrollTo(0, 0); new Promise(r => requestAnimationFrame(() => setTimeout(r, 100)))").unwrap();
        let shot = b.screenshot().unwrap();
        (load, filters, shot)
    })
    .await
    .unwrap();
    std::fs::write(&shot_path, &shot).unwrap();
    eprintln!("screenshot: {}", shot_path.display());

    // Every card, every image decoded.
    assert_eq!(load["ready"], "true", "{load}");
    assert_eq!(load["cards"].as_u64(), Some(records.len() as u64));
    let on_disk_images = records
        .iter()
        .flat_map(|r| &r.files)
        .filter(|f| f.kind == MediaKind::Image && f.path.as_ref().is_some_and(|p| out.join(p).is_file()))
        .count();
    let images = load["images"].as_array().unwrap();
    assert_eq!(images.len(), on_disk_images, "{load:#}");
    assert!(on_disk_images >= 8, "{on_disk_images}");
    for img in images {
        assert!(img["width"].as_u64().unwrap() > 0, "not decoded: {img}");
        assert!(!img["alt"].as_str().unwrap().is_empty(), "no alt: {img}");
    }
    assert!(
        images
            .iter()
            .any(|i| i["alt"].as_str().unwrap().contains("four studies of a pear")),
        "alt texts come from the prompt: {images:#?}"
    );
    for ext in [".png", ".jpeg", ".webp"] {
        assert!(
            images.iter().any(|i| i["src"].as_str().unwrap().ends_with(ext)),
            "a {ext} image: {images:#?}"
        );
    }
    // The video has a duration, a frame and plays; the sound has a duration.
    let media = load["media"].as_array().unwrap();
    let video = media.iter().find(|m| m["tag"] == "VIDEO").expect("a video");
    assert!(video["error"].is_null(), "{video}");
    assert!(video["duration"].as_f64().unwrap() >= 4.9, "{video}");
    assert!(
        video["width"].as_u64().unwrap() > 0 && video["ready"].as_u64().unwrap() >= 2,
        "{video}"
    );
    assert!(video["src"].as_str().unwrap().ends_with(".mp4#t=0.1"), "{video}");
    assert!(load["played"].as_f64().unwrap() > 0.2, "{load}");
    let audio = media.iter().find(|m| m["tag"] == "AUDIO").expect("a sound");
    assert!(
        audio["error"].is_null() && (audio["duration"].as_f64().unwrap() - 1.0).abs() < 0.05,
        "{audio}"
    );
    // The deleted file is named; the failure and the unknown outcome say what to do.
    // (and the hostile URL of line 5 is "not on disk", with no link)
    assert_eq!(
        strings(&load["missing"]),
        ["Not on disk", "Missing file: 0011-gone-0.png"]
    );
    let errors = strings(&load["errorTexts"]);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("job failed") && e.contains("What to do")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("submit outcome unknown") && e.contains("look for it in your RunComfy account")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("/steps")),
        "violations listed: {errors:#?}"
    );
    // Hostile text stayed text.
    assert!(load["xss"].is_null(), "injected script ran: {load}");
    assert!(strings(&load["prompts"]).iter().any(|p| p == XSS), "{load}");
    assert_eq!(load["svg"], 0);
    assert_eq!(load["scripts"], 2);
    assert_eq!(load["scriptLinks"].as_array().unwrap().len(), 0, "{load}");
    // Accessible controls, offline.
    assert_eq!(load["unlabelled"].as_array().unwrap().len(), 0, "{load}");
    assert_eq!(load["fetched"].as_array().unwrap().len(), 0, "network fetches: {load}");
    assert_eq!(load["title"], "Simulated batch");

    // Filters: each model and status shows exactly its records; sorts follow the records.
    let by_line = labels(&records);
    assert_eq!(strings(&filters["line"]), by_line);
    assert_eq!(strings(&filters["model"][""]), by_line);
    let models: std::collections::BTreeSet<&str> = records.iter().map(|r| r.model_id.as_str()).collect();
    assert_eq!(filters["model"].as_object().unwrap().len(), models.len() + 1);
    for m in models {
        let want = labels(records.iter().filter(|r| r.model_id == m));
        assert_eq!(strings(&filters["model"][m]), want, "model {m}");
    }
    for s in ["done", "failed", "outcome unknown", "invalid"] {
        let want = labels(records.iter().filter(|r| r.status.as_str() == s));
        assert_eq!(strings(&filters["status"][s]), want, "status {s}");
    }
    let attention = labels(records.iter().filter(|r| !matches!(r.status, Status::Done)));
    assert_eq!(strings(&filters["status"]["!ok"]), attention);
    assert!(
        filters["shownText"]
            .as_str()
            .unwrap()
            .starts_with("Showing 1 of 11 jobs"),
        "{filters}"
    );
    let mut by_cost: Vec<&Record> = records.iter().collect();
    by_cost.sort_by(|a, b| match (a.cost, b.cost) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.line.cmp(&b.line)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.line.cmp(&b.line),
    });
    assert_eq!(strings(&filters["costDesc"]), labels(by_cost));
    let mut by_time: Vec<&Record> = records.iter().collect();
    let time = |r: &Record| r.finished_at.clone().or_else(|| r.submitted_at.clone());
    by_time.sort_by(|a, b| match (time(a), time(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.line.cmp(&b.line)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.line.cmp(&b.line),
    });
    assert_eq!(strings(&filters["timeAsc"]), labels(by_time));
    let total: f64 = records.iter().filter_map(|r| r.cost).sum();
    assert!(total > 0.0);
    // As the page writes dollars: 2 to 4 decimals.
    let mut dollars = format!("${total:.4}");
    while dollars.ends_with('0') && dollars.len() - dollars.find('.').unwrap() > 3 {
        dollars.pop();
    }
    let uncosted = records
        .iter()
        .filter(|r| r.cost.is_none() && r.status == Status::Done)
        .count();
    assert_eq!(uncosted, 2, "the tone and the deleted file");
    assert_eq!(
        filters["spent"],
        format!("{dollars} (+ {uncosted} finished jobs with no reported cost)"),
        "{filters}"
    );

    // The screenshot is a real picture of the page.
    assert!(
        shot.starts_with(b"\x89PNG\r\n\x1a\n") && shot.len() > 20_000,
        "{} bytes",
        shot.len()
    );
}
