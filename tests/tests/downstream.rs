//! A crate outside `runcomfy-client` generating types from its own schema folder
//! (`tests/downstream_schemas/`) with the same macro; the zoo schema exercises every dialect
//! quirk DESIGN.md lists.

use runcomfy_client::schema::Constraint;
use runcomfy_client::{Endpoint, Validate};
use runcomfy_tests::downstream::acme::dialect_zoo::v1_5::everything as zoo;
use runcomfy_tests::downstream::acme::tiny::_4k::image_to_video as tiny;
use serde_json::{Value, json};

fn minimal() -> Value {
    json!({
        "prompt": "a fox",
        "width×height": "16:9",
        "images": ["https://example.com/a.png"],
        "type": "TURBO"
    })
}

fn with(extra: Value) -> Value {
    let mut v = minimal();
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

#[test]
fn module_paths_follow_the_model_ids() {
    assert_eq!(zoo::MODEL_ID, "acme/dialect-zoo/v1.5/everything");
    assert_eq!(<tiny::Request as Endpoint>::MODEL_ID, "acme/tiny/4K/image-to-video");
    assert_eq!(runcomfy_tests::downstream::ENDPOINTS.len(), 2);
}

#[test]
fn variant_names_are_readable_and_distinct() {
    assert_eq!(zoo::Resolution::V720P.as_str(), "720P");
    assert_eq!(zoo::Resolution::V720p.as_str(), "720p");
    assert_eq!(zoo::Resolution::V1080p.as_str(), "1080p");
    assert_eq!(zoo::Resolution::V4k.as_str(), "4K");
    assert_eq!(zoo::WidthHeight::V1152_864_4_3.as_str(), "1152:864 (4:3)");
    assert_eq!(zoo::WidthHeight::V16_9.as_str(), "16:9");
    assert_eq!(zoo::WidthHeight::V1k.as_str(), "1k");
    assert_eq!(zoo::Type::Balanced.as_str(), "BALANCED");
}

#[test]
fn mixed_and_numeric_enums_keep_their_json_types() {
    assert_eq!(serde_json::to_value(zoo::Duration::V5).unwrap(), json!("5"));
    assert_eq!(serde_json::to_value(zoo::Duration::Auto).unwrap(), json!("auto"));
    assert_eq!(serde_json::to_value(zoo::Frames::V5).unwrap(), json!(5));
    assert_eq!(serde_json::to_value(zoo::Ratio::V1_5).unwrap(), json!(1.5));
    assert!(serde_json::from_value::<zoo::Frames>(json!("5")).is_err());
    assert!(serde_json::from_value::<zoo::Duration>(json!(5)).is_err());
    assert_eq!(serde_json::from_value::<zoo::Ratio>(json!(1)).unwrap(), zoo::Ratio::V1);
}

#[test]
fn fields_with_colliding_names_stay_apart() {
    let body = with(json!({"imageUrl": "https://e.com/1.png", "image_url": "https://e.com/2.png", "type": "QUALITY"}));
    let request = zoo::Request::from_json(body.clone()).unwrap();
    assert_eq!(request.imageUrl.as_ref().unwrap().as_str(), "https://e.com/1.png");
    assert_eq!(request.image_url.as_ref().unwrap().as_str(), "https://e.com/2.png");
    assert_eq!(request.type_, zoo::Type::Quality);
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
}

#[test]
fn a_full_request_round_trips() {
    let body = with(json!({
        "negative_prompt": "blurry",
        "resolution": "720P",
        "duration": "10",
        "frames": 10,
        "guidance": 7.5,
        "strength": 0.3,
        "legacy_bound": 99,
        "seed": -1,
        "big_seed": 4294967295u64,
        "video": "https://e.com/v.mp4",
        "audios": ["data:audio/wav;base64,UklGRg=="],
        "lora_url": "https://e.com/lora.safetensors",
        "image_url_1": "https://e.com/1.png",
        "image_url_2": "https://e.com/2.png",
        "image_url_3": "https://e.com/3.png",
        "style": {"any": ["json", 1]},
        "loras": [{"path": "https://e.com/l.safetensors", "scale": 0.8}],
        "camera": {"motion": "pan", "speed": 3},
        "tags": ["a", "b"],
        "extra": [1, "two", null],
        "enable_safety_checker": false,
        "ratio": 0.5
    }));
    let request = zoo::Request::from_json(body.clone()).unwrap();
    assert!(request.validate().is_ok());
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
}

#[test]
fn nested_violations_have_precise_pointers() {
    let body = with(json!({
        "strength": 1,
        "legacy_bound": 100,
        "seed": -2,
        "images": ["https://e.com/1.png", "ftp://e.com/2.png", "https://e.com/3.png", "https://e.com/4.png", "https://e.com/5.png"],
        "loras": [{"scale": 5}],
        "camera": {"motion": "dolly"},
        "tags": ["this tag is far too long for the limit"],
        "video": "data:image/png;base64,AAAA"
    }));
    let err = zoo::Request::from_json(body).unwrap_err();
    let got: Vec<(String, &str)> = err
        .iter()
        .map(|v| (v.pointer.clone(), v.constraint.keyword()))
        .collect();
    assert_eq!(
        got,
        [
            ("/strength".to_owned(), "exclusiveMaximum"),
            ("/legacy_bound".to_owned(), "exclusiveMaximum"),
            ("/seed".to_owned(), "minimum"),
            ("/images".to_owned(), "maxItems"),
            ("/images/1".to_owned(), "media input"),
            ("/video".to_owned(), "media input"),
            ("/loras/0/path".to_owned(), "required"),
            ("/loras/0/scale".to_owned(), "maximum"),
            ("/camera/motion".to_owned(), "enum"),
            ("/tags/0".to_owned(), "maxLength"),
        ]
    );
}

#[test]
fn media_rules_apply_per_item_and_are_inferred_from_validations() {
    assert_eq!(zoo::ImagesItem::RULES.len(), 2);
    assert_eq!(zoo::ImagesItem::KIND, runcomfy_client::schema::MediaKind::Image);
    assert_eq!(zoo::Images::COUNT.max, Some(4));
    // `image` has no format, but its validations measure pixels: it is an image input.
    assert_eq!(tiny::Image::KIND, runcomfy_client::schema::MediaKind::Image);
    assert!(tiny::Request::from_json(json!({"image": "not a url"})).is_err());
    let schema = <zoo::Request as Endpoint>::schema().unwrap();
    let body = with(json!({"images": ["https://e.com/1.png", "https://e.com/2.png"]}));
    let media = schema.media_inputs(&body);
    assert_eq!(
        media.iter().map(|m| m.pointer.as_str()).collect::<Vec<_>>(),
        ["/images/0", "/images/1"]
    );
    assert_eq!(media[0].schema.rules.len(), 2);
}

#[test]
fn typed_constructors_enforce_bounds() {
    assert!(zoo::Strength::new(0.0).is_err());
    assert!(zoo::Strength::new(0.5).is_ok());
    assert_eq!(zoo::LegacyBound::max().map(|m| m.get()), Some(99));
    assert_eq!(zoo::Seed::min().map(|m| m.get()), Some(-1));
    assert!(zoo::Loras::new(vec![]).is_err());
    let err = zoo::Prompt::new("").unwrap_err();
    assert_eq!(err.constraint, Constraint::MinLength { limit: 1, found: 0 });
    assert_eq!(zoo::Request::default_seed().get(), -1);
    assert_eq!(zoo::Request::default_resolution(), zoo::Resolution::V720p);
    assert_eq!(zoo::Request::default_guidance().get(), 3.5);
}
