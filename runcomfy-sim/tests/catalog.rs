//! The catalog routes: list (search, filters, paging, include_schema), categories, one model,
//! sidecar metadata, ETags, and what a broken sidecar does.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use runcomfy_wire::catalog::{CatalogQuery, ModelList};
use runcomfy_wire::{CatalogEntry, CategoryList, PriceUnit};
use serde_json::{Value, json};

async fn list(c: &reqwest::Client, sim: &runcomfy_sim::SimHandle, query: &CatalogQuery) -> ModelList {
    let url = format!("{}/models?{}", sim.base_url(), query.to_query_string());
    let (code, body) = get_json(c, &url, TOKEN).await;
    assert_eq!(code, 200, "{url}: {body}");
    let page = ModelList::parse(&body).expect("a list answer");
    assert!(page.skipped.is_empty(), "{:?}", page.skipped);
    page
}

fn ids(page: &ModelList) -> Vec<&str> {
    page.models.iter().map(|m| m.model_id.as_str()).collect()
}

#[tokio::test]
async fn the_list_holds_every_served_schema_with_derived_metadata() {
    let sim = start(config()).await;
    let c = client();
    let page = list(&c, &sim, &CatalogQuery::default()).await;
    assert_eq!(page.total, Some(5));
    assert_eq!(ids(&page), sim.model_ids());
    let runway = page.models.iter().find(|m| m.model_id == RUNWAY).unwrap();
    assert_eq!(runway.name(), "Runway Gen 4 Turbo Image to Video");
    assert_eq!(runway.categories, ["image-to-video"]);
    assert_eq!(runway.kind.as_deref(), Some("model"));
    assert_eq!(runway.price_unit, Some(PriceUnit::Second));
    assert_eq!(runway.estimate_usd(1, Some(10.0)), Some(0.5));
    assert!(runway.input_schema.is_none(), "no schema without include_schema");
    let reframe = page.models.iter().find(|m| m.model_id == REFRAME).unwrap();
    assert_eq!(
        reframe.categories,
        ["image-to-image"],
        "no task segment: inferred from the schema (an image input, image sizes)"
    );
    assert_eq!(reframe.price_unit, Some(PriceUnit::Output));
}

#[tokio::test]
async fn search_filters_and_paging() {
    let sim = start(config()).await;
    let c = client();
    let q = CatalogQuery::default;
    // Search: case-insensitive, on the id or the display name.
    assert_eq!(ids(&list(&c, &sim, &q().search("FLUX-1")).await), [FLUX]);
    assert_eq!(ids(&list(&c, &sim, &q().search("gen 4 TURBO")).await), [RUNWAY]);
    assert_eq!(list(&c, &sim, &q().search("nothing like it")).await.total, Some(0));
    // Category and kind, alone and together.
    let t2i = list(&c, &sim, &q().category("TEXT-TO-IMAGE")).await;
    assert_eq!(ids(&t2i), [FLUX, DREAMINA, GPT_IMAGE]);
    assert_eq!(t2i.total, Some(3));
    assert_eq!(
        ids(&list(&c, &sim, &q().category("image-to-video").kind("model")).await),
        [RUNWAY]
    );
    assert_eq!(list(&c, &sim, &q().kind("workflow")).await.total, Some(0));
    assert_eq!(
        ids(&list(&c, &sim, &q().category("text-to-image").search("gpt")).await),
        [GPT_IMAGE]
    );
    // Paging: pages of 2 give every entry once, in id order, with the same total.
    let mut seen = Vec::new();
    let mut offset = Some(0);
    let mut pages = 0;
    while let Some(at) = offset {
        let page = list(&c, &sim, &q().limit(2).offset(at)).await;
        assert_eq!(page.total, Some(5));
        assert!(page.models.len() <= 2);
        seen.extend(ids(&page).into_iter().map(str::to_owned));
        offset = page.next_offset(at);
        pages += 1;
    }
    assert_eq!((seen, pages), (sim.model_ids(), 3));
    let empty = list(&c, &sim, &q().offset(99)).await;
    assert_eq!((empty.models.len(), empty.total), (0, Some(5)));
    let none = list(&c, &sim, &q().limit(0)).await;
    assert_eq!((none.models.len(), none.total), (0, Some(5)));
    // A huge limit is clamped, not refused.
    assert_eq!(list(&c, &sim, &q().limit(u32::MAX)).await.models.len(), 5);
    // Unreadable parameters: 400 with the error body naming the parameter.
    for bad in ["limit=ten", "offset=-1", "include_schema=perhaps"] {
        let (code, err) = get_json(&c, &format!("{}/models?{bad}", sim.base_url()), TOKEN).await;
        assert_eq!((code, err["error_code"].clone()), (400, json!(400010)), "{bad}: {err}");
        let name = bad.split('=').next().unwrap();
        assert!(err["detail"].as_str().unwrap().contains(name), "{err}");
    }
}

#[tokio::test]
async fn schemas_are_served_as_they_are_in_the_folder() {
    let sim = start(config()).await;
    let c = client();
    let page = list(&c, &sim, &CatalogQuery::default().include_schema(true)).await;
    for entry in &page.models {
        let file = runcomfy_sim::SimConfig::bundled_schemas().join(format!("{}.json", entry.model_id));
        let on_disk: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(entry.input_schema.as_ref(), Some(&on_disk), "{}", entry.model_id);
        // Key order is kept: the text re-serializes to the same JSON.
        assert_eq!(
            serde_json::to_string(entry.input_schema.as_ref().unwrap()).unwrap(),
            serde_json::to_string(&on_disk).unwrap()
        );
    }
    // One model: always with its schema.
    let (code, body) = get_json(&c, &format!("{}/models/{RUNWAY}", sim.base_url()), TOKEN).await;
    assert_eq!(code, 200, "{body}");
    let entry = CatalogEntry::parse_for(&body, RUNWAY).unwrap();
    assert_eq!(
        entry.input_schema,
        page.models.iter().find(|m| m.model_id == RUNWAY).unwrap().input_schema
    );
    // The schema the catalog serves parses into the endpoint the simulator validates with.
    let text = serde_json::to_string(entry.input_schema.as_ref().unwrap()).unwrap();
    let parsed = runcomfy_schema::parse_schema("catalog", RUNWAY, &text);
    assert!(parsed.schema.unwrap().validate(&json!({"promptImage": 5})).is_err());
    // Unknown and malformed ids.
    let (code, err) = get_json(&c, &format!("{}/models/nobody/nothing", sim.base_url()), TOKEN).await;
    assert_eq!((code, err["error_code"].clone()), (404, json!(404002)), "{err}");
    let (code, err) = get_json(&c, &format!("{}/models/a/b%20c", sim.base_url()), TOKEN).await;
    assert_eq!((code, err["error_code"].clone()), (400, json!(400001)), "{err}");
    let (code, err) = get_json(&c, &format!("{}/models/{FLUX}", sim.base_url()), "wrong").await;
    assert_eq!((code, err["error_code"].clone()), (401, json!(400004)), "{err}");
}

#[tokio::test]
async fn categories_are_every_entrys_once_sorted() {
    let sim = start(config()).await;
    let c = client();
    let (code, body) = get_json(&c, &format!("{}/models/categories", sim.base_url()), TOKEN).await;
    assert_eq!(code, 200, "{body}");
    let cats = CategoryList::parse(&body).unwrap();
    assert_eq!(cats.categories, ["image-to-image", "image-to-video", "text-to-image"]);
    // `categories` is never a model: a submit to it is a bad model id.
    let resp = submit(&c, &sim, "categories", &json!({})).await;
    assert_eq!(resp.status(), 400);
}

#[tokio::test]
async fn catalog_answers_carry_an_etag_and_honour_if_none_match() {
    let sim = start(config()).await;
    let c = client();
    for path in ["/models?limit=3", "/models/categories", &format!("/models/{FLUX}")] {
        let url = format!("{}{path}", sim.base_url());
        let first = c.get(&url).bearer_auth(TOKEN).send().await.unwrap();
        assert_eq!(first.status(), 200);
        let etag = first.headers()["etag"].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
        let body = first.bytes().await.unwrap();
        let again = c
            .get(&url)
            .bearer_auth(TOKEN)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        let stale = c
            .get(&url)
            .bearer_auth(TOKEN)
            .header("if-none-match", "\"something-else\"")
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), 200);
        assert_eq!(stale.bytes().await.unwrap(), body);
    }
    let acct = sim.accounting();
    assert_eq!((acct.catalog_requests, acct.catalog_not_modified), (9, 3));
    // A different page has a different tag.
    let tag = |q: &'static str| {
        let c = c.clone();
        let url = format!("{}/models?{q}", sim.base_url());
        async move { c.get(url).bearer_auth(TOKEN).send().await.unwrap().headers()["etag"].clone() }
    };
    assert_ne!(tag("limit=1").await, tag("limit=2").await);
}

#[tokio::test]
async fn catalog_calls_can_be_faulted() {
    let sim = start(config()).await;
    let c = client();
    sim.inject(runcomfy_sim::Op::Catalog, runcomfy_sim::FaultKind::ServerError(503));
    let (code, err) = get_json(&c, &format!("{}/models", sim.base_url()), TOKEN).await;
    assert_eq!((code, err["error_code"].clone()), (503, json!(503001)));
    let (code, _) = get_json(&c, &format!("{}/models", sim.base_url()), TOKEN).await;
    assert_eq!(code, 200);
    // Per model: `catalog@<model>` faults that model's entry only.
    let mut cfg = config();
    cfg.faults = format!("catalog@{RUNWAY}:500=1").parse().unwrap();
    let sim = start(cfg).await;
    let (code, _) = get_json(&c, &format!("{}/models/{RUNWAY}", sim.base_url()), TOKEN).await;
    assert_eq!(code, 500);
    let (code, _) = get_json(&c, &format!("{}/models/{FLUX}", sim.base_url()), TOKEN).await;
    assert_eq!(code, 200);
}

/// A schema folder with sidecars: copies two bundled schemas under new ids, and writes
/// `files` (relative path, text).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let bundled = runcomfy_sim::SimConfig::bundled_schemas();
    let copy = |from: &str, to: &str| {
        let target = dir.path().join(to);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(bundled.join(from), target).unwrap();
    };
    copy(&format!("{FLUX}.json"), "acme/painter/text-to-image.json");
    copy(&format!("{FLUX}.json"), "acme/tone/generate.json");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

fn write(dir: &Path, path: &str, text: &str) {
    let target = dir.join(path);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(target, text).unwrap();
}

#[tokio::test]
async fn sidecars_give_names_categories_prices_and_what_is_rendered() {
    let dir = folder(&[
        (
            "acme/painter/text-to-image.meta.json",
            r#"{"display_name": "Acme Painter", "categories": ["text-to-image", "featured"],
                "base_price_usd": 0.04, "price_unit": "output", "pricing_note": "per image"}"#,
        ),
        (
            "acme/tone/generate.meta.json",
            r#"{"categories": ["text-to-audio"], "kind": "workflow", "base_price_usd": 0.01, "price_unit": "second"}"#,
        ),
    ]);
    let mut cfg = config();
    cfg.schemas_dir = dir.path().to_owned();
    let sim = start(cfg).await;
    assert_eq!(
        sim.model_ids(),
        ["acme/painter/text-to-image", "acme/tone/generate"],
        "sidecars are not schemas"
    );
    let c = client();
    let page = list(&c, &sim, &CatalogQuery::default()).await;
    let painter = &page.models[0];
    assert_eq!(painter.name(), "Acme Painter");
    assert_eq!(painter.categories, ["text-to-image", "featured"]);
    assert_eq!(painter.pricing_note.as_deref(), Some("per image"));
    assert_eq!(
        ids(&list(&c, &sim, &CatalogQuery::default().category("featured")).await),
        ["acme/painter/text-to-image"]
    );
    assert_eq!(
        ids(&list(&c, &sim, &CatalogQuery::default().search("painter")).await),
        ["acme/painter/text-to-image"]
    );
    assert_eq!(
        ids(&list(&c, &sim, &CatalogQuery::default().kind("workflow")).await),
        ["acme/tone/generate"]
    );
    let tone = &page.models[1];
    assert_eq!(tone.name(), "Tone Generate", "derived: no display_name in its sidecar");
    // The sidecar's categories decide the output (audio, though the id says nothing), and
    // its price the cost: 0.01 per second of the requested duration.
    let id = submit_ok(&c, &sim, "acme/tone/generate", &json!({"prompt": "x"})).await;
    let painted = submit_ok(&c, &sim, "acme/painter/text-to-image", &json!({"prompt": "x"})).await;
    sim.advance(Duration::from_secs(60));
    let url = |id: &str| format!("{}/requests/{id}/result?include_cost=true", sim.base_url());
    let (_, res) = get_json(&c, &url(&id), TOKEN).await;
    let audio = res["output"]["audio"].as_str().expect("an audio output");
    assert!(audio.ends_with(".wav"), "{audio}");
    // No duration asked: the 2 s produced (max_media_seconds in the test config).
    assert_eq!(res["cost"], 0.02, "{res}");
    let (_, res) = get_json(&c, &url(&painted), TOKEN).await;
    assert_eq!(res["cost"], 0.04, "{res}");
}

#[tokio::test]
async fn config_metadata_overrides_sidecars_and_serves_bundled_texts() {
    let dir = folder(&[(
        "acme/painter/text-to-image.meta.json",
        r#"{"display_name": "From the sidecar", "base_price_usd": 0.04}"#,
    )]);
    let mut cfg = config();
    cfg.schemas_dir = dir.path().to_owned();
    cfg.model_meta.insert(
        "acme/painter/text-to-image".into(),
        runcomfy_sim::ModelMeta {
            display_name: Some("From the config".into()),
            price_unit: Some("megapixel".into()),
            ..Default::default()
        },
    );
    let sim = start(cfg).await;
    let c = client();
    let (_, body) = get_json(
        &c,
        &format!("{}/models/acme/painter/text-to-image", sim.base_url()),
        TOKEN,
    )
    .await;
    let e = CatalogEntry::parse(&body).unwrap();
    assert_eq!(e.name(), "From the config");
    assert_eq!(e.base_price_usd, Some(0.04), "the sidecar's, not overridden");
    assert_eq!(
        e.price_unit,
        Some(PriceUnit::Other("megapixel".into())),
        "unknown units are served as given"
    );
    // A model_meta entry for a model that is not served is refused.
    let mut cfg = config();
    cfg.model_meta
        .insert("acme/none/x".into(), runcomfy_sim::ModelMeta::default());
    let err = runcomfy_sim::start(cfg).await.unwrap_err().to_string();
    assert!(err.contains("acme/none/x"), "{err}");
}

#[tokio::test]
async fn broken_sidecars_stop_the_start_naming_the_file() {
    let cases = [
        (
            "acme/painter/text-to-image.meta.json",
            "{not json",
            "not a valid sidecar",
        ),
        (
            "acme/painter/text-to-image.meta.json",
            r#"{"display_nme": "typo"}"#,
            "display_nme",
        ),
        (
            "acme/painter/text-to-image.meta.json",
            r#"{"base_price_usd": -1}"#,
            "base_price_usd",
        ),
        (
            "acme/painter/text-to-image.meta.json",
            r#"{"categories": "text-to-image"}"#,
            "not a valid sidecar",
        ),
        (
            "acme/painter/text-to-image.meta.json",
            r#"{"display_name": ""}"#,
            "empty",
        ),
        ("acme/ghost/text-to-image.meta.json", r#"{}"#, "no schema"),
    ];
    for (path, text, why) in cases {
        let dir = folder(&[(path, text)]);
        let mut cfg = config();
        cfg.schemas_dir = dir.path().to_owned();
        let err = runcomfy_sim::start(cfg).await.unwrap_err().to_string();
        assert!(err.contains(path) && err.contains(why), "{path} {text}: {err}");
    }
}

/// The model id rule (one function: the wire's, which the schema folder re-exports) accepts
/// the ids DESIGN.md shows and every bundled schema's, and refuses hostile ones.
#[test]
fn the_model_id_rule_accepts_the_catalogs_ids_and_refuses_hostile_ones() {
    let cases = [
        "aidc-ai/ovis-image",
        "bytedance/seedance-2.5/image-to-video/1080p",
        "kling/kling-video-o3/4K/image-to-video",
        "tongyi-mai/z-image/turbo/controlnet/lora",
        "a/b",
        "a",
        "",
        "a//b",
        "/a/b",
        "a/b/",
        "a/../b",
        "../a/b",
        "a/.b",
        "a/-b",
        "a/_b",
        "a/b c",
        "a/b%2f",
        "a\\b/c",
        "a/b\u{1b}[2J",
        "a/\u{e9}t\u{e9}",
    ];
    for (i, id) in cases.iter().enumerate() {
        // The first five are well formed; the rest are not.
        assert_eq!(runcomfy_schema::check_model_id(id).is_ok(), i < 5, "{id:?}");
    }
    for id in sim_ids() {
        assert!(runcomfy_wire::catalog::check_model_id(&id).is_ok(), "{id}");
    }
}

fn sim_ids() -> Vec<String> {
    let catalog = runcomfy_schema::Catalog::load(&runcomfy_sim::SimConfig::bundled_schemas(), "schemas");
    catalog.files.into_iter().map(|f| f.model_id).collect()
}
