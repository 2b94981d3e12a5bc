//! Media pre-checks: local data by its header (remote files by their first bytes only are
//! tested in `src/media.rs`: media URLs must be https, which a loopback server is not).

mod common;

use common::*;
use runcomfy_client::ErrorKind;
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;
use runcomfy_client::schema::MediaFacts;
use serde_json::json;

#[tokio::test]
async fn the_schema_rules_quote_its_message_and_the_measured_value() {
    let sim = sim().await;
    let client = client(&sim);
    // 9000 px wide: "must not exceed 8000 pixels".
    let too_wide = png_data_uri(9000, 6000);
    let req = gen4::Request::from_json(json!({ "promptImage": too_wide })).unwrap();
    let err = client.submit(&req).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation, "{err}");
    assert_eq!(err.model_id(), Some(gen4::Request::MODEL_ID));
    let violations = err.violations().expect("violations");
    let text = err.to_string();
    assert!(text.contains("must not exceed 8000 pixels"), "{text}");
    assert!(text.contains("9000"), "{text}");
    assert!(!violations.0.is_empty());

    // The same rules against facts measured elsewhere (e.g. by the remote pre-check).
    let rules = gen4::PromptImage::RULES;
    let facts = MediaFacts {
        width: Some(1000),
        height: Some(100),
        bytes: Some(1000),
    };
    assert!(
        rules.iter().any(|r| r.check(&facts).is_err()),
        "aspect 10:1 breaks a rule"
    );

    // A good image goes through.
    let ok = gen4::Request::from_json(json!({ "promptImage": png_data_uri(800, 600) })).unwrap();
    assert!(client.submit(&ok).await.is_ok());
    assert_eq!(sim.accounting().submissions.len(), 1, "only the valid request was sent");
}

#[test]
fn local_files_are_size_limited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.png");
    std::fs::write(&path, png(320, 200)).unwrap();
    let input = runcomfy_client::media::from_file(&path, 1 << 20).unwrap();
    assert!(input.as_str().starts_with("data:image/png;base64,"));
    let err = runcomfy_client::media::from_file(&path, 10).unwrap_err();
    assert!(err.to_string().contains("larger than 10 bytes"), "{err}");
    assert!(runcomfy_client::media::from_file(&dir.path().join("missing.png"), 10).is_err());
}
