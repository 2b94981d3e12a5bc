//! `request!` builds checked requests from field/value pairs (compile-pass side; the
//! compile-fail side is `tests/ui/request/`).

use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as runway;
use runcomfy_client::{Validate, request};
use serde_json::json;

#[test]
fn literals_build_the_generated_type() {
    let r: flux::Request = request!(blackforestlabs::flux_1_schnell::text_to_image {
        prompt: "a red fox",
        steps: 4
    });
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"prompt": "a red fox", "steps": 4})
    );
    assert!(r.validate().is_ok());
}

#[test]
fn only_required_fields() {
    let r = request!(runwayml::runway_gen_4::turbo::image_to_video {
        prompt_image: "https://example.com/cat.png"
    });
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"promptImage": "https://example.com/cat.png"})
    );
}

#[test]
fn every_kind_of_literal() {
    let r = request!(runwayml::runway_gen_4::turbo::image_to_video {
        prompt_text: "a cat jumps",
        prompt_image: "data:image/png;base64,iVBORw0KGgo=",
        ratio: "960:960",
        duration: 10,
        seed: 4294967295,
    });
    assert_eq!(r.duration, Some(runway::Duration::V10));
    assert_eq!(r.ratio, Some(runway::Ratio::V960_960));
    let d = request!(bytedance::dreamina_4_0::text_to_image {
        prompt: "x",
        width_height: "2048x2048(1:1)",
        scale: 1,
        force_single: true
    });
    assert_eq!(serde_json::to_value(&d).unwrap()["scale"], json!(1.0));
    assert_eq!(
        serde_json::to_value(&d).unwrap()["width×height"],
        json!("2048x2048(1:1)")
    );
}

#[test]
fn expressions_pass_through_into() {
    let steps = flux::Steps::new(2).unwrap();
    let prompt = flux::Prompt::new(format!("fox number {}", 7)).unwrap();
    let r = request!(blackforestlabs::flux_1_schnell::text_to_image {
        prompt: prompt.clone(),
        steps: steps
    });
    assert_eq!(r.steps, Some(steps));
    let maybe: Option<flux::Steps> = None;
    let r = request!(blackforestlabs::flux_1_schnell::text_to_image { prompt, steps: maybe });
    assert_eq!(r.steps, None);
    // Text without limits is made with its constructor too (the same shape in every model);
    // a free-form object takes its plain `serde_json::Map`.
    let image =
        runcomfy_client::models::ideogram::ideogram_v3::reframe::Image::new(String::from("https://example.com/a.png"))
            .unwrap();
    let r = request!(ideogram::ideogram_v3::reframe {
        image: image,
        resolution: "1152:864 (4:3)",
        style: serde_json::Map::new()
    });
    assert_eq!(r.image.as_str(), "https://example.com/a.png");
}

#[test]
fn non_ascii_prompt_at_exactly_the_limit() {
    // 2048 Unicode scalar values, 8192 bytes.
    let r = request!(blackforestlabs::flux_1_schnell::text_to_image {
        prompt: "🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊"
    });
    assert_eq!(r.prompt.chars().count(), 64);
}

#[test]
fn downstream_crates_get_their_own_macro() {
    let r = runcomfy_tests::downstream_request!(acme::tiny::_4k::image_to_video {
        image: "https://example.com/a.png"
    });
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"image": "https://example.com/a.png"})
    );
    let z = runcomfy_tests::downstream_request!(acme::dialect_zoo::v1_5::everything {
        prompt: "p",
        width_height: "1152:864 (4:3)",
        images: ["https://example.com/1.png", "https://example.com/2.png"],
        type_: "TURBO",
        resolution: "720P",
        duration: "5",
        frames: 5,
        seed: -1,
        ratio: 1.5,
        tags: ["a", "b"],
    });
    assert!(z.validate().is_ok());
    assert_eq!(z.images.len(), 2);
    assert_eq!(serde_json::to_value(&z).unwrap()["duration"], json!("5"));
}

#[test]
fn the_builder_sets_required_then_optional_fields() {
    let r = runway::Request::builder()
        .prompt_image(runway::PromptImage::parse("https://example.com/a.png").unwrap())
        .duration(runway::Duration::V5)
        .seed(runway::Seed::new(7).unwrap())
        .build();
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"promptImage": "https://example.com/a.png", "duration": 5, "seed": 7})
    );
    let f = flux::Request::builder().prompt(flux::Prompt::new("x").unwrap()).build();
    assert_eq!(f.steps, None);
}
