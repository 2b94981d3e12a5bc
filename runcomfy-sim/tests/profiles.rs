//! What the simulator makes of each model (issue 19): the output kind, categories and price
//! unit inferred from the schema and the id, checked on every schema the repository holds
//! (bundled, downstream, binary and compile-fail fixtures, this crate's fixtures of real
//! model ids), and served by the catalog route exactly so.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::*;
use runcomfy_wire::catalog::OutputKind;
use runcomfy_wire::{CatalogEntry, PriceUnit};
use serde_json::{Value, json};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/models")
}

/// Every schema folder of the repository: (label, folder).
fn folders() -> Vec<(String, PathBuf)> {
    let mut out = vec![
        ("schemas".to_owned(), repo().join("schemas")),
        (
            "tests/downstream_schemas".to_owned(),
            repo().join("tests/downstream_schemas"),
        ),
        ("tests/bin_schemas".to_owned(), repo().join("tests/bin_schemas")),
        ("runcomfy-sim/tests/fixtures/models".to_owned(), fixtures()),
    ];
    let ui = repo().join("tests/ui/fixtures");
    let mut cases: Vec<_> = std::fs::read_dir(&ui).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        out.push((format!("tests/ui/fixtures/{name}"), case));
    }
    out
}

/// Every schema that parses, as (label/model_id, model id, schema).
fn every_schema() -> Vec<(String, String, runcomfy_schema::EndpointSchema)> {
    let mut out = Vec::new();
    for (label, dir) in folders() {
        let catalog = runcomfy_schema::Catalog::load(&dir, &label);
        for file in catalog.files {
            if file.parsed.diagnostics.iter().any(|d| d.is_error()) {
                continue;
            }
            if let Some(schema) = file.parsed.schema {
                out.push((format!("{label}/{}", file.model_id), file.model_id, schema));
            }
        }
    }
    out
}

fn kind(word: &str) -> OutputKind {
    match word {
        "image" => OutputKind::Image,
        "video" => OutputKind::Video,
        "audio" => OutputKind::Audio,
        other => panic!("{other}"),
    }
}

/// (schema, kind, categories) for every schema in the repository that parses.
const EXPECTED: &[(&str, &str, &[&str])] = &[
    (
        "schemas/blackforestlabs/flux-1-schnell/text-to-image",
        "image",
        &["text-to-image"],
    ),
    (
        "schemas/bytedance/dreamina-4-0/text-to-image",
        "image",
        &["text-to-image"],
    ),
    ("schemas/ideogram/ideogram-v3/reframe", "image", &["image-to-image"]),
    ("schemas/openai/gpt-image-2/text-to-image", "image", &["text-to-image"]),
    (
        "schemas/runwayml/runway-gen-4/turbo/image-to-video",
        "video",
        &["image-to-video"],
    ),
    (
        "tests/downstream_schemas/acme/dialect-zoo/v1.5/everything",
        "video",
        &["image-to-video"],
    ),
    (
        "tests/downstream_schemas/acme/tiny/4K/image-to-video",
        "video",
        &["image-to-video"],
    ),
    (
        "tests/bin_schemas/acme/tiny/v1/text-to-image",
        "image",
        &["text-to-image"],
    ),
    (
        "runcomfy-sim/tests/fixtures/models/acme/foley/video-to-audio",
        "audio",
        &["video-to-audio"],
    ),
    (
        "runcomfy-sim/tests/fixtures/models/bytedance/seedance-2.0/pro",
        "video",
        &["text-to-video", "image-to-video"],
    ),
    (
        "runcomfy-sim/tests/fixtures/models/elevenlabs/music/v1",
        "audio",
        &["text-to-audio"],
    ),
    (
        "runcomfy-sim/tests/fixtures/models/google/veo-3.1/fast",
        "video",
        &["text-to-video"],
    ),
    (
        "runcomfy-sim/tests/fixtures/models/luma/photon/reframe",
        "image",
        &["image-to-image"],
    ),
    (
        "runcomfy-sim/tests/fixtures/models/luma/ray-2/reframe",
        "video",
        &["video-to-video"],
    ),
    (
        "runcomfy-sim/tests/fixtures/models/minimax/speech-2.6/hd",
        "audio",
        &["text-to-audio"],
    ),
    (
        "runcomfy-sim/tests/fixtures/models/stability/stable-audio-2.5",
        "audio",
        &["text-to-audio"],
    ),
    (
        "runcomfy-sim/tests/fixtures/models/sync/lipsync-2/pro",
        "video",
        &["video-to-video"],
    ),
    (
        "runcomfy-sim/tests/fixtures/models/tongyi-mai/z-image/turbo/controlnet/lora",
        "image",
        &["image-to-image"],
    ),
    ("tests/ui/fixtures/clean/acme/m/t2i", "image", &["text-to-image"]),
    ("tests/ui/fixtures/empty_enum/acme/m/t2i", "image", &["text-to-image"]),
    ("tests/ui/fixtures/fields_module/acme/tool", "image", &["text-to-image"]),
    (
        "tests/ui/fixtures/fields_module/acme/tool/fields",
        "image",
        &["text-to-image"],
    ),
    (
        "tests/ui/fixtures/field_collision/acme/m/t2i",
        "image",
        &["text-to-image"],
    ),
    (
        "tests/ui/fixtures/module_collision/acme/m/text-to-image",
        "image",
        &["text-to-image"],
    ),
    (
        "tests/ui/fixtures/module_collision/acme/m/text_to_image",
        "image",
        &["text-to-image"],
    ),
    (
        "tests/ui/fixtures/too_many_required/acme/wide",
        "image",
        &["text-to-image"],
    ),
    (
        "tests/ui/fixtures/unknown_metric/acme/m/i2v",
        "video",
        &["image-to-video"],
    ),
    (
        "tests/ui/fixtures/variant_collision/acme/m/t2i",
        "image",
        &["text-to-image"],
    ),
    (
        "tests/ui/fixtures/warnings_only/acme/m/t2i",
        "image",
        &["text-to-image"],
    ),
];

#[test]
fn every_schema_of_the_repository_is_inferred_as_the_table_says() {
    let mut seen = Vec::new();
    for (label, id, schema) in every_schema() {
        let p = runcomfy_sim::infer_profile(&id, &schema);
        let Some((_, k, cats)) = EXPECTED.iter().find(|(l, ..)| *l == label) else {
            panic!(
                "{label} is not in the table: it infers {} {:?} ({})",
                p.kind.as_str(),
                p.categories,
                p.reason
            );
        };
        assert_eq!(p.kind, kind(k), "{label}: {}", p.reason);
        assert_eq!(p.categories, *cats, "{label}");
        // The first category's ending names the kind: clients that read the kind from the
        // categories (`CatalogEntry::output_kind`) agree.
        assert_eq!(OutputKind::from_category(&p.categories[0]), Some(p.kind), "{label}");
        seen.push(label);
    }
    for (label, ..) in EXPECTED {
        assert!(
            seen.iter().any(|s| s == label),
            "{label} is in the table but no longer a schema"
        );
    }
}

/// Real model ids with a schema that says nothing but `prompt`: the id alone decides.
#[test]
fn real_ids_alone() {
    let table = [
        (
            "kling/kling-video-o3/4K/image-to-video",
            "video",
            vec!["image-to-video"],
        ),
        (
            "bytedance/seedance-2.5/image-to-video/1080p",
            "video",
            vec!["image-to-video"],
        ),
        ("bytedance/seedance-2.0/pro", "video", vec!["text-to-video"]),
        ("minimax/hailuo-02/fast", "video", vec!["text-to-video"]),
        ("wan/wan-2.2/i2v", "video", vec!["image-to-video"]),
        ("aidc-ai/ovis-image", "image", vec!["text-to-image"]),
        (
            "tongyi-mai/z-image/turbo/controlnet/lora",
            "image",
            vec!["text-to-image"],
        ),
        ("ideogram/ideogram-v3/reframe", "image", vec!["text-to-image"]),
        ("elevenlabs/music/v1", "audio", vec!["text-to-audio"]),
        ("resemble/tts/v2", "audio", vec!["text-to-audio"]),
        (
            "acme/voice/text-to-speech",
            "audio",
            vec!["text-to-speech", "text-to-audio"],
        ),
        ("acme/anything/else", "image", vec!["text-to-image"]),
    ];
    let text = r#"{"type": "object", "properties": {"prompt": {"type": "string"}}, "required": ["prompt"]}"#;
    for (id, k, cats) in table {
        let schema = runcomfy_schema::parse_schema("t.json", id, text).schema.unwrap();
        let p = runcomfy_sim::infer_profile(id, &schema);
        assert_eq!(
            (p.kind, p.categories.clone()),
            (kind(k), cats.iter().map(|c| (*c).to_owned()).collect()),
            "{id}: {}",
            p.reason
        );
    }
}

/// The schema texts of every bundled and fixture model with a distinct id.
fn served_texts() -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    for (label, dir) in folders() {
        let folder = runcomfy_sim::load_schema_folder(&dir);
        for (id, file, text) in folder.schemas {
            if !out.iter().any(|(i, ..)| *i == id) {
                out.push((id, format!("{label}: {file}"), text));
            }
        }
    }
    out
}

/// (model id, kind, categories, price unit) of every model the catalog route serves.
const CATALOG: &[(&str, &str, &[&str], &str)] = &[
    (
        "acme/dialect-zoo/v1.5/everything",
        "video",
        &["image-to-video"],
        "second",
    ),
    ("acme/foley/video-to-audio", "audio", &["video-to-audio"], "second"),
    ("acme/m/i2v", "video", &["image-to-video"], "second"),
    ("acme/m/t2i", "image", &["text-to-image"], "output"),
    ("acme/m/text-to-image", "image", &["text-to-image"], "output"),
    ("acme/m/text_to_image", "image", &["text-to-image"], "output"),
    ("acme/tiny/4K/image-to-video", "video", &["image-to-video"], "second"),
    ("acme/tiny/v1/text-to-image", "image", &["text-to-image"], "output"),
    ("acme/tool", "image", &["text-to-image"], "output"),
    ("acme/tool/fields", "image", &["text-to-image"], "output"),
    ("acme/wide", "image", &["text-to-image"], "output"),
    (
        "blackforestlabs/flux-1-schnell/text-to-image",
        "image",
        &["text-to-image"],
        "output",
    ),
    (
        "bytedance/dreamina-4-0/text-to-image",
        "image",
        &["text-to-image"],
        "output",
    ),
    (
        "bytedance/seedance-2.0/pro",
        "video",
        &["text-to-video", "image-to-video"],
        "second",
    ),
    ("elevenlabs/music/v1", "audio", &["text-to-audio"], "second"),
    ("google/veo-3.1/fast", "video", &["text-to-video"], "second"),
    ("ideogram/ideogram-v3/reframe", "image", &["image-to-image"], "output"),
    ("luma/photon/reframe", "image", &["image-to-image"], "output"),
    ("luma/ray-2/reframe", "video", &["video-to-video"], "second"),
    ("minimax/speech-2.6/hd", "audio", &["text-to-audio"], "second"),
    (
        "openai/gpt-image-2/text-to-image",
        "image",
        &["text-to-image"],
        "output",
    ),
    (
        "runwayml/runway-gen-4/turbo/image-to-video",
        "video",
        &["image-to-video"],
        "second",
    ),
    ("stability/stable-audio-2.5", "audio", &["text-to-audio"], "second"),
    ("sync/lipsync-2/pro", "video", &["video-to-video"], "second"),
    (
        "tongyi-mai/z-image/turbo/controlnet/lora",
        "image",
        &["image-to-image"],
        "output",
    ),
];

#[tokio::test]
async fn the_catalog_route_serves_every_bundled_and_fixture_model_as_the_table_says() {
    let texts = served_texts();
    let config = config().with_schema_texts(texts.iter().map(|(i, f, t)| (i.as_str(), f.as_str(), t.as_str())));
    let sim = start(config).await;
    let ids = sim.model_ids();
    let table: Vec<&str> = CATALOG.iter().map(|(id, ..)| *id).collect();
    assert_eq!(ids, table, "the table lists every served model");
    let c = client();
    for (id, k, cats, unit) in CATALOG {
        let (code, body) = get_json(&c, &format!("{}/models/{id}", sim.base_url()), TOKEN).await;
        assert_eq!(code, 200, "{id}: {body}");
        let entry = CatalogEntry::parse_for(&body, id).unwrap();
        assert_eq!(entry.categories, *cats, "{id}");
        assert_eq!(entry.output_kind(), Some(kind(k)), "{id}: the kind clients read");
        assert_eq!(entry.price_unit, Some(PriceUnit::parse(unit)), "{id}");
        assert!(entry.input_schema.is_some(), "{id}");
        let (_, rendered) = sim.profile(id).unwrap();
        assert_eq!(rendered, kind(k), "{id}: the kind rendered");
    }
    // Filters on the real forms find them: a client asking for `*-to-image` sees the reframe.
    let (_, page) = get_json(
        &c,
        &format!("{}/models?category=image-to-image&limit=200", sim.base_url()),
        TOKEN,
    )
    .await;
    let found: Vec<&str> = page["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["model_id"].as_str())
        .collect();
    assert_eq!(
        found,
        [
            "ideogram/ideogram-v3/reframe",
            "luma/photon/reframe",
            "tongyi-mai/z-image/turbo/controlnet/lora"
        ]
    );
}

/// A simulator serving the fixtures of real ids, lengths up to 30 s, small videos.
async fn fixture_sim(answers: runcomfy_sim::AnswerStyle) -> runcomfy_sim::SimHandle {
    let folder = runcomfy_sim::load_schema_folder(&fixtures());
    assert!(folder.is_ok(), "{:?}", folder.problems);
    let mut cfg = config().with_schema_folder(&folder);
    cfg.max_media_seconds = 30;
    cfg.video_fps = 8;
    cfg.answers = answers;
    start(cfg).await
}

async fn completed_output(
    c: &reqwest::Client,
    sim: &runcomfy_sim::SimHandle,
    model: &str,
    body: &Value,
) -> (Value, Value) {
    let id = submit_ok(c, sim, model, body).await;
    sim.advance(Duration::from_secs(60));
    let (code, res) = get_json(
        c,
        &format!("{}/requests/{id}/result?include_cost=true", sim.base_url()),
        TOKEN,
    )
    .await;
    assert_eq!(code, 200, "{res}");
    assert_eq!(res["status"], "completed", "{res}");
    (res["output"].clone(), res["cost"].clone())
}

#[tokio::test]
async fn a_video_model_without_video_in_its_id_renders_the_video_asked_for_and_is_priced_per_second() {
    let sim = fixture_sim(runcomfy_sim::AnswerStyle::Simulator).await;
    let c = client();
    let body = json!({"prompt": "a heron lands", "duration": 7, "aspect_ratio": "9:16", "resolution": "720p"});
    let (output, cost) = completed_output(&c, &sim, "bytedance/seedance-2.0/pro", &body).await;
    let url = output["video"].as_str().unwrap_or_else(|| panic!("a video: {output}"));
    assert!(url.ends_with(".mp4"), "{url}");
    let video = runcomfy_sim::read_mp4_video(&download(&c, url).await).expect("an MP4");
    assert_eq!((video.width, video.height), (36, 64), "9:16, capped at 64");
    assert!(
        (video.duration.as_secs_f64() - 7.0).abs() <= 1.0 / 8.0,
        "{:?}",
        video.duration
    );
    // 0.05 USD per second of the 7 s asked.
    assert_eq!(cost, json!(0.35));
    // Veo's "6s": 6 s.
    let (output, _) = completed_output(
        &c,
        &sim,
        "google/veo-3.1/fast",
        &json!({"prompt": "x", "duration": "6s"}),
    )
    .await;
    let video = runcomfy_sim::read_mp4_video(&download(&c, output["video"].as_str().unwrap()).await).unwrap();
    assert!(
        (video.duration.as_secs_f64() - 6.0).abs() <= 1.0 / 8.0,
        "{:?}",
        video.duration
    );
}

fn wav_seconds(bytes: &[u8]) -> (f64, u32) {
    assert_eq!(&bytes[..4], b"RIFF");
    let rate = u32::from_le_bytes(bytes[24..28].try_into().unwrap());
    let data = u32::from_le_bytes(bytes[40..44].try_into().unwrap());
    (f64::from(data) / 2.0 / f64::from(rate), rate)
}

fn mp3_seconds(bytes: &[u8]) -> (f64, u32) {
    let mut decoder = rusty_mp3::Mp3Decoder::new();
    decoder.push(bytes);
    decoder.flush();
    let (mut samples, mut rate) = (0usize, 0u32);
    while let Ok(frame) = decoder.next_frame() {
        samples += frame.samples.len() / usize::from(frame.channels.max(1));
        rate = frame.sample_rate;
    }
    (samples as f64 / f64::from(rate.max(1)), rate)
}

#[tokio::test]
async fn audio_models_honour_lengths_formats_and_sample_rates() {
    let sim = fixture_sim(runcomfy_sim::AnswerStyle::Simulator).await;
    let c = client();
    // 8,000 ms of music as MP3 at 44.1 kHz (it used to be 5 s of WAV).
    let body = json!({"prompt": "lofi", "music_length_ms": 8000, "output_format": "mp3_44100_128"});
    let (output, cost) = completed_output(&c, &sim, "elevenlabs/music/v1", &body).await;
    let url = output["audio"].as_str().unwrap();
    assert!(url.ends_with(".mp3"), "{url}");
    let resp = c.get(url).send().await.unwrap();
    assert_eq!(resp.headers()["content-type"], "audio/mpeg");
    let (seconds, rate) = mp3_seconds(&resp.bytes().await.unwrap());
    assert_eq!(rate, 44_100);
    assert!((seconds - 8.0).abs() <= 0.1, "{seconds} s");
    assert_eq!(cost, json!(0.016), "0.002 USD per second of the 8 s asked");
    // PCM asked: a WAV at that rate.
    let body = json!({"prompt": "lofi", "music_length_ms": 3500, "output_format": "pcm_44100"});
    let (output, _) = completed_output(&c, &sim, "elevenlabs/music/v1", &body).await;
    let (seconds, rate) = wav_seconds(&download(&c, output["audio"].as_str().unwrap()).await);
    assert_eq!(rate, 44_100);
    assert!((seconds - 3.5).abs() <= 0.1, "{seconds} s");
    // Speech as WAV at 24 kHz, the default length.
    let body = json!({"text": "hello", "format": "wav", "sample_rate": 24000});
    let (output, _) = completed_output(&c, &sim, "minimax/speech-2.6/hd", &body).await;
    let (seconds, rate) = wav_seconds(&download(&c, output["audio"].as_str().unwrap()).await);
    assert_eq!((seconds, rate), (5.0, 24_000));
}

#[tokio::test]
async fn counts_and_sizes_are_the_requests() {
    let sim = fixture_sim(runcomfy_sim::AnswerStyle::Simulator).await;
    let c = client();
    let body = json!({"prompt": "x", "control_image_url": "https://example.com/a.png", "num_images": 3, "output_format": "jpeg"});
    let (output, cost) = completed_output(&c, &sim, "tongyi-mai/z-image/turbo/controlnet/lora", &body).await;
    let urls = output["images"].as_array().unwrap();
    assert_eq!(urls.len(), 3);
    assert!(urls.iter().all(|u| u.as_str().unwrap().ends_with(".jpeg")));
    assert_eq!(cost, json!(0.009));
    let body = json!({"image_url": "https://example.com/a.png", "aspect_ratio": "21:9"});
    let (output, _) = completed_output(&c, &sim, "luma/photon/reframe", &body).await;
    let png = download(&c, output["image"].as_str().unwrap()).await;
    let img = image::load_from_memory(&png).unwrap();
    assert_eq!((img.width(), img.height()), (256, 110), "21:9 at the 256 cap");
}

#[tokio::test]
async fn request_ids_differ_across_restarts_with_the_same_seed() {
    let c = client();
    let mut ids = Vec::new();
    for _ in 0..2 {
        let mut cfg = config();
        cfg.seed = 7;
        let sim = start(cfg).await;
        for _ in 0..3 {
            ids.push(submit_ok(&c, &sim, FLUX, &json!({"prompt": "same"})).await);
        }
    }
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 6, "{ids:?}");
}
