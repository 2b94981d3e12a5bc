//! The five bundled endpoints against their seed doc pages: example requests round-trip,
//! constraints hold, and the schemars schema agrees with the source schema.

use std::path::Path;

use runcomfy_client::Endpoint;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::models::bytedance::dreamina_4_0::text_to_image as dreamina;
use runcomfy_client::models::ideogram::ideogram_v3::reframe as ideogram;
use runcomfy_client::models::openai::gpt_image_2::text_to_image as gpt;
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as runway;
use runcomfy_client::schema::Constraint;
use runcomfy_schema::import::extract;
use serde_json::{Value, json};

fn page(model_id: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        if extract(&text).unwrap().model_id.as_deref() == Some(model_id) {
            return text;
        }
    }
    panic!("no seed page for {model_id}");
}

fn example<E: Endpoint>() -> Value {
    extract(&page(E::MODEL_ID))
        .unwrap()
        .example
        .expect("the page has an example request")
}

fn round_trip<E: Endpoint>(body: Value) {
    let typed: E = serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{}: {e}", E::MODEL_ID));
    assert!(typed.validate().is_ok(), "{}", E::MODEL_ID);
    assert_eq!(serde_json::to_value(&typed).unwrap(), body, "{}", E::MODEL_ID);
}

#[test]
fn seed_examples_round_trip() {
    round_trip::<flux::Request>(example::<flux::Request>());
    round_trip::<gpt::Request>(example::<gpt::Request>());
    round_trip::<dreamina::Request>(example::<dreamina::Request>());
    round_trip::<ideogram::Request>(example::<ideogram::Request>());
}

/// The runway page's example is `{"promptImage": ""}`: a placeholder, not an image. It must
/// be rejected before it costs a job; with a real URL in its place the body round-trips.
#[test]
fn runway_placeholder_is_rejected_then_round_trips_with_a_url() {
    let placeholder = example::<runway::Request>();
    assert_eq!(placeholder, json!({"promptImage": ""}));
    let err = runway::Request::from_json(placeholder).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err.0[0].pointer, "/promptImage");
    assert!(matches!(err.0[0].constraint, Constraint::Media { .. }));
    assert!(serde_json::from_value::<runway::Request>(json!({"promptImage": ""})).is_err());
    round_trip::<runway::Request>(json!({"promptImage": "https://example.com/cat.png"}));
    round_trip::<runway::Request>(json!({
        "promptText": "a cat",
        "promptImage": "data:image/png;base64,iVBORw0KGgo=",
        "ratio": "960:960",
        "duration": 10,
        "seed": 4294967295u64
    }));
}

#[test]
fn quirky_values_round_trip() {
    round_trip::<dreamina::Request>(
        json!({"prompt": "x", "width×height": "2560x1440(16:9)", "scale": 0.25, "force_single": true}),
    );
    round_trip::<ideogram::Request>(json!({
        "image": "https://example.com/a.png",
        "resolution": "1152:864 (4:3)",
        "seed": 2147483647,
        "rendering_speed": "TURBO",
        "color_palette": {"name": "EMBER"},
        "style": {}
    }));
    round_trip::<gpt::Request>(
        json!({"prompt": "p", "aspect_ratio": "16:9", "resolution": "1k", "quality": "high", "output_format": "webp"}),
    );
}

#[test]
fn out_of_range_values_never_reach_the_wire() {
    assert!(flux::Steps::new(8).is_ok());
    let err = flux::Steps::new(9).unwrap_err();
    assert_eq!(err.to_string(), "/steps: 9 is greater than the maximum 8");
    assert!(flux::Steps::new(0).is_err());
    assert!(dreamina::Scale::new(1.5).is_err());
    assert!(dreamina::Scale::new(f64::NAN).is_err());
    assert!(runway::Seed::new(4294967296).is_err());
    assert!(ideogram::Seed::new(-1).is_err());
    // maxLength counts Unicode scalar values: 2048 foxes are 8192 bytes and fit.
    assert!(flux::Prompt::new("🦊".repeat(2048)).is_ok());
    let err = flux::Prompt::new("é".repeat(2049)).unwrap_err();
    assert_eq!(
        err.constraint,
        Constraint::MaxLength {
            limit: 2048,
            found: 2049
        }
    );
    // Deserialization validates too.
    assert!(serde_json::from_value::<flux::Request>(json!({"prompt": "a", "steps": 9})).is_err());
    assert!(
        serde_json::from_value::<runway::Request>(json!({"promptImage": "https://e.com/a.png", "duration": 7}))
            .is_err()
    );
    assert!(
        serde_json::from_value::<runway::Request>(json!({"promptImage": "https://e.com/a.png", "duration": "5"}))
            .is_err()
    );
    assert!(serde_json::from_value::<flux::Request>(json!({"prompt": "a", "stpes": 4})).is_err());
}

#[test]
fn every_violation_is_reported_with_its_pointer() {
    let err = flux::Request::from_json(json!({"prompt": 5, "steps": 12, "stpes": 4})).unwrap_err();
    let got: Vec<String> = err.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "/prompt: expected a string, found 5",
            "/steps: 12 is greater than the maximum 8",
            "/stpes: unknown field (did you mean `steps`?)",
        ]
    );
    let err = ideogram::Request::from_json(json!({"resolution": "4:3"})).unwrap_err();
    assert_eq!(err.0[0].pointer, "/image");
    assert_eq!(err.0[0].constraint, Constraint::Required);
    assert_eq!(err.0[1].pointer, "/resolution");
    assert!(
        err.0[1].to_string().contains("is not one of the 69 allowed values"),
        "{}",
        err.0[1]
    );
}

#[test]
fn defaults_are_documented_not_sent() {
    let request = gpt::Request::new(gpt::Prompt::new("a bottle").unwrap());
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"prompt": "a bottle"}));
    assert_eq!(gpt::Request::default_aspect_ratio(), gpt::AspectRatio::V1_1);
    assert_eq!(gpt::Request::default_resolution(), gpt::Resolution::V1k);
    assert!(gpt::Request::default_prompt().starts_with("A minimal hero product"));
    assert_eq!(flux::Request::default_steps().get(), 4);
    assert_eq!(runway::Request::default_duration(), runway::Duration::V5);
    assert_eq!(dreamina::Request::default_scale().get(), 0.5);
    assert!(!dreamina::Request::default_force_single().get());
    assert!(gpt::Request::DEFAULTS.contains(&("output_format", "\"png\"")));
}

#[test]
fn enums_serialize_as_their_json_literal() {
    assert_eq!(serde_json::to_value(runway::Duration::V10).unwrap(), json!(10));
    assert_eq!(
        serde_json::to_value(runway::Ratio::V1584_672).unwrap(),
        json!("1584:672")
    );
    assert_eq!(
        serde_json::to_value(ideogram::Resolution::V1152_864_4_3).unwrap(),
        json!("1152:864 (4:3)")
    );
    assert_eq!(
        serde_json::to_value(dreamina::WidthHeight::V1024x1024_1_1).unwrap(),
        json!("1024x1024(1:1)")
    );
    assert_eq!(ideogram::Resolution::ALL.len(), 69);
    assert_eq!("16:9".parse::<gpt::AspectRatio>().unwrap(), gpt::AspectRatio::V16_9);
    assert_eq!(runway::Duration::V5.as_str(), "5");
    assert!("7".parse::<runway::Duration>().is_err());
}

#[test]
fn media_fields_carry_their_rules() {
    assert_eq!(runway::PromptImage::KIND, runcomfy_client::schema::MediaKind::Image);
    let rules = runway::PromptImage::RULES;
    assert_eq!(rules.len(), 5);
    assert_eq!(rules[0].metric, runcomfy_client::schema::Metric::WidthPixels);
    assert_eq!(rules[2].limit, 0.5);
    assert_eq!(rules[4].message, "File size must be less than 16 MB.");
    assert!(runway::PromptImage::parse("http://example.com/a.png").is_err());
    assert!(runway::PromptImage::from_bytes("video/mp4", b"....").is_err());
    assert!(runway::PromptImage::from_bytes("image/png", b"....").is_ok());
}

#[test]
fn endpoint_trait_binds_model_and_schema() {
    fn id<E: Endpoint>() -> &'static str {
        E::MODEL_ID
    }
    assert_eq!(id::<flux::Request>(), "blackforestlabs/flux-1-schnell/text-to-image");
    assert_eq!(id::<runway::Request>(), "runwayml/runway-gen-4/turbo/image-to-video");
    let schema = <ideogram::Request as Endpoint>::schema().unwrap();
    assert_eq!(schema.input.properties.len(), 6);
    assert_eq!(runcomfy_client::models::ENDPOINTS.len(), 5);
}

/// The schemars schema of each request agrees with the source schema's constraints.
#[test]
fn json_schema_agrees_with_the_source_for_all_five() {
    fn check<E: Endpoint + schemars::JsonSchema>() {
        let source: Value = serde_json::from_str(E::SCHEMA_JSON).unwrap();
        let derived = serde_json::to_value(schemars::schema_for!(E)).unwrap();
        let src_props = source["properties"].as_object().unwrap();
        let der_props = derived["properties"].as_object().unwrap_or_else(|| panic!("{derived}"));
        assert_eq!(
            src_props.keys().collect::<Vec<_>>(),
            der_props.keys().collect::<Vec<_>>(),
            "{}",
            E::MODEL_ID
        );
        let mut src_req: Vec<&str> = source["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let mut der_req: Vec<&str> = derived["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        src_req.sort();
        der_req.sort();
        assert_eq!(src_req, der_req, "{}", E::MODEL_ID);
        for (name, src) in src_props {
            let der = &der_props[name];
            let ctx = format!("{} /properties/{name}: derived {der}", E::MODEL_ID);
            for key in [
                "enum",
                "minimum",
                "maximum",
                "minLength",
                "maxLength",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "title",
            ] {
                let optional = !source["required"].as_array().unwrap().contains(&json!(name));
                let without_null = der.get(key).map(|v| match v {
                    Value::Array(list) if optional => {
                        Value::Array(list.iter().filter(|v| !v.is_null()).cloned().collect())
                    }
                    v => v.clone(),
                });
                let (a, b) = (src.get(key), without_null.as_ref());
                match (a, b) {
                    (Some(Value::Number(a)), Some(Value::Number(b))) => {
                        assert_eq!(a.as_f64(), b.as_f64(), "{key}: {ctx}")
                    }
                    (a, b) => assert_eq!(a, b, "{key}: {ctx}"),
                }
            }
            let src_type = src["type"].as_str().map(|t| if t == "float" { "number" } else { t });
            // Optional fields are `Option<T>`: schemars says `[T, "null"]`, which is what
            // deserialization accepts (`null` means unset).
            let der_type = match der.get("type") {
                Some(Value::Array(list)) => {
                    assert!(!source["required"].as_array().unwrap().contains(&json!(name)), "{ctx}");
                    let non_null: Vec<&str> = list.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect();
                    assert_eq!(non_null.len(), 1, "{ctx}");
                    Some(non_null[0])
                }
                other => other.and_then(Value::as_str),
            };
            assert_eq!(src_type, der_type, "type: {ctx}");
            if src.get("validations").is_some() {
                assert_eq!(der["format"], "image_uri", "{ctx}");
            }
        }
    }
    check::<flux::Request>();
    check::<gpt::Request>();
    check::<dreamina::Request>();
    check::<ideogram::Request>();
    check::<runway::Request>();
}
