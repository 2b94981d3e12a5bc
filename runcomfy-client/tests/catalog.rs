//! The live catalog through the client, against the simulator's catalog routes: listing,
//! paging, filters, one model with its schema, categories, price estimates, the schema
//! resolver with its cache (freshness, `ETag` revalidation, offline fallback), and schema
//! files (pull, drift check).

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use runcomfy_client::catalog::{CatalogQuery, PriceUnit, SchemaCache, Unpriced, estimate};
use runcomfy_client::resolve::{Origin, SchemaResolver};
use runcomfy_client::{DynamicRequest, ErrorKind, JobOptions};
use serde_json::json;

/// A schema folder: `count` generated text-to-image models plus one per-second video model.
fn folder(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..count {
        let path = dir.path().join(format!("acme/gen-{i:03}/text-to-image.json"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            r#"{"type": "object", "required": ["prompt"], "properties": {
                "prompt": {"type": "string", "maxLength": 200},
                "num_images": {"type": "integer", "minimum": 1, "maximum": 4}}}"#,
        )
        .unwrap();
    }
    let video = dir.path().join("acme/clip/image-to-video.json");
    std::fs::create_dir_all(video.parent().unwrap()).unwrap();
    std::fs::write(
        &video,
        r#"{"type": "object", "required": ["prompt"], "properties": {
            "prompt": {"type": "string"},
            "duration": {"type": "integer", "enum": [5, 10], "default": 5}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("acme/clip/image-to-video.meta.json"),
        r#"{"display_name": "Acme Clip", "base_price_usd": 0.07, "price_unit": "second", "pricing_note": "per second of video"}"#,
    )
    .unwrap();
    dir
}

async fn sim_of(dir: &Path) -> runcomfy_sim::SimHandle {
    sim_with(runcomfy_sim::SimConfig {
        schemas_dir: dir.to_owned(),
        ..fast_config()
    })
    .await
}

#[tokio::test]
async fn the_catalog_is_listed_paged_filtered_and_searched() {
    let dir = folder(130);
    let sim = sim_of(dir.path()).await;
    let client = client(&sim);
    let page = client.catalog().list(&CatalogQuery::default().limit(50)).await.unwrap();
    assert_eq!((page.models.len(), page.total), (50, Some(131)));
    // Every page, in order, once: 131 entries over 3 pages of 50.
    let all: Vec<_> = client
        .catalog()
        .list_all(CatalogQuery::default().limit(50))
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .map(|e| e.unwrap().model_id)
        .collect();
    assert_eq!(all.len(), 131);
    let unique: std::collections::BTreeSet<_> = all.iter().collect();
    assert_eq!(unique.len(), 131);
    let videos = client
        .catalog()
        .list(&CatalogQuery::default().category("image-to-video"))
        .await
        .unwrap();
    assert_eq!(videos.models.len(), 1);
    let clip = &videos.models[0];
    assert_eq!(clip.display_name.as_deref(), Some("Acme Clip"));
    assert_eq!(clip.price_unit, Some(PriceUnit::Second));
    assert!(clip.input_schema.is_none(), "no schema unless asked");
    let found = client
        .catalog()
        .list(&CatalogQuery::default().search("GEN-12").include_schema(true))
        .await
        .unwrap();
    let ids: Vec<&str> = found.models.iter().map(|m| m.model_id.as_str()).collect();
    assert_eq!(ids.len(), 10, "gen-120 .. gen-129: {ids:?}");
    assert!(found.models.iter().all(|m| m.input_schema.is_some()));
    let categories = client.catalog().categories().await.unwrap();
    assert!(categories.iter().any(|c| c == "image-to-video"), "{categories:?}");
}

#[tokio::test]
async fn one_model_its_schema_and_its_price() {
    let dir = folder(2);
    let sim = sim_of(dir.path()).await;
    let client = client(&sim);
    let entry = client.catalog().get("acme/clip/image-to-video").await.unwrap();
    let model = runcomfy_client::catalog::CatalogModel::from_entry(entry.clone()).unwrap();
    assert_eq!(model.schema.model_id, "acme/clip/image-to-video");
    // Per second: the request's duration, else the schema's documented default.
    let p = estimate(
        Some(&entry),
        Some(&model.schema),
        &json!({"prompt": "x", "duration": 10}),
    )
    .unwrap();
    assert_eq!((p.usd, p.basis.as_str()), (0.7, "0.07 USD per second x 10 s"));
    let p = estimate(Some(&entry), Some(&model.schema), &json!({"prompt": "x"})).unwrap();
    assert_eq!(p.usd, 0.35);
    assert!(
        estimate(Some(&entry), None, &json!({"prompt": "x"})) == Err(Unpriced::NoDuration),
        "no duration, no estimate"
    );
    // Per output: the count field.
    let images = client.catalog().get("acme/gen-001/text-to-image").await.unwrap();
    assert_eq!(images.price_unit, Some(PriceUnit::Output));
    let base = images.base_price_usd.unwrap();
    let p = estimate(Some(&images), None, &json!({"prompt": "x", "num_images": 3})).unwrap();
    assert_eq!(p.usd, (base * 3.0 * 1e6).round() / 1e6);
    // The simulator bills from the same price table.
    let request = DynamicRequest::new(model.schema.clone(), json!({"prompt": "a clip", "duration": 10}));
    let done = client
        .run_with(&request, &JobOptions::default(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(done.result.cost, Some(0.7));
    let err = client.catalog().get("acme/nothing/here").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    let err = client.catalog().get("../etc/passwd").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation, "{err}");
}

#[tokio::test]
async fn the_resolver_caches_revalidates_and_falls_back_offline() {
    let dir = folder(1);
    let cache_dir = tempfile::tempdir().unwrap();
    let id = "acme/clip/image-to-video";
    let sim = sim_of(dir.path()).await;
    let client = client(&sim);
    let fresh_cache = SchemaCache::new(cache_dir.path(), Duration::from_secs(3600));
    let resolver = SchemaResolver::new()
        .compiled()
        .catalog(client.clone(), Some(fresh_cache.clone()), false);
    // Compiled-in models need no network.
    let flux = resolver
        .resolve("blackforestlabs/flux-1-schnell/text-to-image")
        .await
        .unwrap();
    assert_eq!(flux.origin, Origin::Compiled);
    let first = resolver.resolve(id).await.unwrap();
    assert_eq!(first.origin, Origin::Catalog);
    assert!(cache_dir.path().join(format!("{id}.json")).is_file());
    let second = resolver.resolve(id).await.unwrap();
    assert!(
        matches!(second.origin, Origin::Cache { stale: false, .. }),
        "{:?}",
        second.origin
    );
    let catalog_calls = sim.accounting().catalog_requests;
    // An expired entry is revalidated with its ETag: 304, no new body.
    let expired = SchemaCache::new(cache_dir.path(), Duration::ZERO);
    let revalidating = SchemaResolver::new().catalog(client.clone(), Some(expired.clone()), false);
    let third = revalidating.resolve(id).await.unwrap();
    assert!(
        matches!(third.origin, Origin::Cache { stale: false, .. }),
        "{:?}",
        third.origin
    );
    let acct = sim.accounting();
    assert_eq!(acct.catalog_requests, catalog_calls + 1);
    assert_eq!(acct.catalog_not_modified, 1, "answered 304");
    // The catalog unreachable: the cache, however old.
    drop(sim);
    let offline = SchemaResolver::new().catalog(client.clone(), Some(expired.clone()), false);
    let fourth = offline.resolve(id).await.unwrap();
    assert!(
        matches!(fourth.origin, Origin::Cache { stale: true, .. }),
        "{:?}",
        fourth.origin
    );
    assert_eq!(fourth.entry.unwrap().display_name.as_deref(), Some("Acme Clip"));
    // Offline by request, and a model the cache does not hold.
    let offline = SchemaResolver::new().catalog(client, Some(expired), true);
    assert!(offline.resolve(id).await.is_ok());
    let err = offline.resolve("acme/other/text-to-image").await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(fresh_cache.entries().len(), 1);
}

#[tokio::test]
async fn pulled_schema_files_are_stable_and_drift_is_named() {
    let dir = folder(2);
    let sim = sim_of(dir.path()).await;
    let client = client(&sim);
    let pulled = tempfile::tempdir().unwrap();
    let ids = vec![
        "acme/clip/image-to-video".to_owned(),
        "acme/gen-000/text-to-image".to_owned(),
    ];
    let paths: Vec<_> = client
        .catalog()
        .pull(pulled.path(), &ids)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let first: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    client.catalog().pull(pulled.path(), &ids).await;
    let second: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert_eq!(first, second, "a second pull writes the same bytes");
    // The pulled file is what the dialect parser (and so `include_models!`) reads.
    let text = String::from_utf8(first[0].clone()).unwrap();
    assert!(
        runcomfy_client::schema::parse_schema("x.json", &ids[0], &text)
            .schema
            .is_some()
    );
    let drifts = client.catalog().check(pulled.path()).await.unwrap();
    assert!(drifts.iter().all(|d| !d.drifted()), "{drifts:?}");
    drop(sim);

    // The catalog changes a bound and an enum: the check names both.
    let changed = folder(2);
    let clip = changed.path().join("acme/clip/image-to-video.json");
    std::fs::write(
        &clip,
        r#"{"type": "object", "required": ["prompt"], "properties": {
            "prompt": {"type": "string", "maxLength": 50},
            "duration": {"type": "integer", "enum": [5, 10, 15], "default": 5}}}"#,
    )
    .unwrap();
    let sim = sim_of(changed.path()).await;
    let client = common::client(&sim);
    let drifts = client.catalog().check(pulled.path()).await.unwrap();
    let clip = drifts
        .iter()
        .find(|d| d.model_id == "acme/clip/image-to-video")
        .unwrap();
    let text: Vec<String> = clip.changes.iter().map(ToString::to_string).collect();
    assert_eq!(text, ["~ prompt: maxLength (none) -> 50", "~ duration: enum + 15"]);
    assert!(
        !drifts
            .iter()
            .find(|d| d.model_id == "acme/gen-000/text-to-image")
            .unwrap()
            .drifted()
    );
}
