//! Synthetic schemas for `cargo xtask bench codegen`: deterministic (seeded) RunComfy-style
//! input schemas that together exercise every dialect feature the parser and the generator
//! handle, written to a folder that the criterion bench and the build-time crate both read.
//!
//! Every schema has a required `prompt`; every other feature is drawn with a fixed seed, and
//! schema `i` always holds feature `i % FEATURES.len()`, so each feature appears in many
//! schemas whatever the draw.

use std::io;
use std::path::Path;

use serde_json::{Map, Value, json};

/// One synthetic schema: its model id and file text.
#[derive(Debug, Clone)]
pub struct SynthSchema {
    /// `owner/model[/...]`, 2 to 5 segments with dots, digits and capitals.
    pub model_id: String,
    /// The schema file's text (pretty JSON).
    pub text: String,
}

/// The seed `cargo xtask bench codegen` uses.
pub const SEED: u64 = 0x5eed_2026;

/// The features a schema can hold, by the name of the property that shows them.
pub const FEATURES: &[&str] = &[
    "negative_prompt",
    "steps",
    "guidance",
    "strength",
    "legacy_bound",
    "seed",
    "width×height",
    "resolution",
    "duration",
    "frames",
    "ratio",
    "rendering_speed",
    "image",
    "images",
    "video",
    "video_urls",
    "audio",
    "audios",
    "lora_url",
    "image_url_1",
    "style",
    "loras",
    "camera",
    "tags",
    "enable_safety_checker",
    "imageUrl",
    "num_images",
];

/// SplitMix64: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const OWNERS: &[&str] = &[
    "acme",
    "Black-Forest-Labs",
    "bytedance",
    "ideogram",
    "openai",
    "runwayml",
    "Kling.AI",
    "minimax",
    "alibaba",
    "StabilityAI",
];
const FAMILIES: &[&str] = &[
    "flux",
    "seedance",
    "wan",
    "Veo",
    "kling",
    "hunyuan",
    "sdxl",
    "GPT-image",
];
const TAILS: &[&str] = &[
    "text-to-image",
    "image-to-video",
    "v2.1",
    "4K",
    "turbo",
    "Pro",
    "1080p",
    "reframe",
    "edit",
    "V3",
];
const SAMPLE_PROMPTS: &[&str] = &[
    "A beautiful girl is walking on the street",
    "A red fox in the snow, golden hour, 35mm",
    "A minimal hero product still life: a matte ceramic bottle on warm linen, \"AQUA+\" on the label",
    "Ein Fuchs im Schnee, Aquarell — 雪の中の狐 🦊",
];
const STRING_TYPES: &[&str] = &["string", "String", "STRING", "str"];
const INTEGER_TYPES: &[&str] = &["integer", "Integer", "INTEGER", "int"];
const NUMBER_TYPES: &[&str] = &["number", "Number", "float", "Float", "FLOAT", "double"];
const ASPECTS: &[&[&str]] = &[
    &["1024x1024(1:1)", "2304x1728(4:3)", "1152:864 (4:3)", "16:9", "1k"],
    &["1:1", "3:2", "2:3", "16:9", "9:16", "21:9"],
    &["1536:640 (12:5)", "1152:864 (4:3)", "1024:1024 (1:1)", "864:1152 (3:4)"],
];
const RESOLUTIONS: &[&[&str]] = &[
    &["720P", "720p", "1080p", "4K"],
    &["1k", "2k", "4k"],
    &["480p", "720p", "1080P"],
];
const SPEEDS: &[&[&str]] = &[
    &["TURBO", "BALANCED", "QUALITY"],
    &["low", "medium", "high"],
    &["png", "jpeg", "webp"],
];

/// A rule entry of `validations`.
fn rule(rule: &str, value: Value, message: &str) -> Value {
    json!({ "validation_rule": rule, "validation_value": value, "validation_error": message })
}

fn image_rules(rng: &mut Rng) -> Value {
    let mut rules = vec![
        rule("width_pixels<", json!(8000), "Width must be under 8000 px."),
        rule("height_pixels<", json!(8000), "Height must be under 8000 px."),
        rule("width/height>", json!(0.5), "The aspect ratio must be above 1:2."),
        rule("width/height<", json!(2), "The aspect ratio must be below 2:1."),
        rule("file_size_mb<", json!(rng.range(5, 50)), "The file is too large."),
    ];
    rules.truncate(rng.range(1, 5) as usize);
    Value::Array(rules)
}

fn string_enum(rng: &mut Rng, values: &[&str], title: &str) -> Value {
    let default = *rng.pick(values);
    json!({ "title": title, "type": rng.pick(STRING_TYPES), "enum": values, "default": default })
}

/// The schema of feature `name`, and whether it is required.
fn feature(rng: &mut Rng, name: &str) -> Vec<(String, Value, bool)> {
    let one = |schema: Value, required: bool| vec![(name.to_owned(), schema, required)];
    match name {
        "negative_prompt" => one(
            json!({ "type": ["string", "null"], "maxLength": rng.range(100, 1000) }),
            false,
        ),
        "steps" => {
            let max = rng.range(8, 100);
            one(
                json!({
                    "title": "Steps",
                    "type": rng.pick(INTEGER_TYPES),
                    "minimum": 1,
                    "maximum": max,
                    "default": rng.range(1, max)
                }),
                rng.chance(30),
            )
        }
        "guidance" => one(
            json!({ "type": rng.pick(NUMBER_TYPES), "minimum": 0, "maximum": rng.range(10, 30), "default": 3.5 }),
            false,
        ),
        "strength" => one(
            json!({ "type": rng.pick(NUMBER_TYPES), "exclusiveMinimum": 0, "exclusiveMaximum": 1 }),
            false,
        ),
        "legacy_bound" => one(
            json!({ "type": "integer", "minimum": 0, "maximum": 100, "exclusiveMaximum": true }),
            false,
        ),
        "seed" => {
            let max: u64 = if rng.chance(50) { 4_294_967_295 } else { 2_147_483_647 };
            one(
                json!({ "title": "Seed", "type": rng.pick(INTEGER_TYPES), "minimum": -1, "maximum": max, "default": -1 }),
                false,
            )
        }
        "width×height" => {
            let values = *rng.pick(ASPECTS);
            let required = rng.chance(30);
            one(string_enum(rng, values, "Aspect Ratio (W:H)"), required)
        }
        "resolution" => {
            let values = *rng.pick(RESOLUTIONS);
            one(string_enum(rng, values, "Resolution"), false)
        }
        "duration" => one(
            json!({ "type": "string", "enum": ["auto", "5", "10"], "default": "auto" }),
            false,
        ),
        "frames" => {
            let values: &[i64] = if rng.chance(50) { &[5, 10] } else { &[1, 2, 4, 8, 16] };
            one(json!({ "type": rng.pick(INTEGER_TYPES), "enum": values }), false)
        }
        "ratio" => one(json!({ "type": "number", "enum": [0.5, 1, 1.5] }), false),
        "rendering_speed" => {
            let values = *rng.pick(SPEEDS);
            one(string_enum(rng, values, "Rendering Speed"), false)
        }
        "image" => one(
            json!({ "type": "string", "format": "image_uri", "validations": image_rules(rng) }),
            rng.chance(40),
        ),
        "images" => {
            let max = rng.range(2, 10);
            one(
                json!({
                    "title": "Reference images",
                    "type": "array",
                    "format": "image_uris",
                    "items": { "type": "string" },
                    "minItems": 1,
                    "maxItems": max,
                    "validations": image_rules(rng)
                }),
                false,
            )
        }
        "video" => one(json!({ "type": "string", "format": "video_uri" }), false),
        "video_urls" => one(json!({ "type": "array", "format": "video_urls", "maxItems": 3 }), false),
        "audio" => one(json!({ "type": "STRING", "format": "audio_uri" }), false),
        "audios" => one(json!({ "type": "array", "format": "audio_uris" }), false),
        "lora_url" => one(json!({ "type": "string", "format": "uri" }), false),
        "image_url_1" => (1..=if rng.chance(40) { 9 } else { rng.range(2, 8) })
            .map(|n| {
                (
                    format!("image_url_{n}"),
                    json!({ "type": "string", "format": "image_uri" }),
                    n == 1,
                )
            })
            .collect(),
        "style" => one(json!({ "title": "Style", "type": "object" }), false),
        "loras" => one(
            json!({
                "type": "array",
                "minItems": 1,
                "maxItems": rng.range(2, 5),
                "items": {
                    "type": "object",
                    "required": ["path"],
                    "properties": {
                        "path": { "type": "string", "format": "uri" },
                        "scale": { "type": rng.pick(NUMBER_TYPES), "minimum": 0, "maximum": 4, "default": 1 }
                    }
                }
            }),
            false,
        ),
        "camera" => one(
            json!({
                "type": "object",
                "properties": {
                    "motion": { "type": "string", "enum": ["pan", "zoom", "static"] },
                    "speed": { "type": "integer", "minimum": 1, "maximum": 10 },
                    "path": {
                        "type": "object",
                        "required": ["points"],
                        "properties": {
                            "points": { "type": "array", "items": { "type": "number" }, "maxItems": 16 },
                            "closed": { "type": "boolean" }
                        }
                    }
                }
            }),
            false,
        ),
        "tags" => one(
            json!({
                "type": "array",
                "minItems": 0,
                "maxItems": rng.range(3, 12),
                "items": { "type": "string", "minLength": 1, "maxLength": rng.range(10, 40) }
            }),
            false,
        ),
        "enable_safety_checker" => one(json!({ "type": "boolean", "default": true }), false),
        // No format: the validations make it an image input.
        "imageUrl" => one(
            json!({ "type": "string", "validations": [rule("width/height>", json!(0.5), "Aspect ratio must be above 1:2.")] }),
            false,
        ),
        "num_images" => one(
            json!({ "type": "integer", "minimum": 1, "maximum": 4, "default": 1 }),
            true,
        ),
        other => unreachable!("unknown feature {other}"),
    }
}

fn model_id(rng: &mut Rng, i: usize) -> String {
    let owner = rng.pick(OWNERS);
    let family = rng.pick(FAMILIES);
    let mut segments = vec![owner.to_string(), format!("{family}-{i}.{}", rng.below(10))];
    for _ in 0..rng.below(4) {
        segments.push(rng.pick(TAILS).to_string());
    }
    segments.join("/")
}

fn schema(rng: &mut Rng, i: usize) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let prompt_type = rng.pick(STRING_TYPES);
    let mut prompt = json!({
        "title": "Prompt",
        "description": "What to generate.",
        "type": prompt_type,
        "maxLength": rng.range(500, 4000),
        "default": rng.pick(SAMPLE_PROMPTS)
    });
    if rng.chance(50) {
        prompt["minLength"] = json!(1);
    }
    properties.insert("prompt".into(), prompt);
    required.push("prompt".to_owned());
    let forced = FEATURES[i % FEATURES.len()];
    for name in FEATURES {
        if *name == forced || rng.chance(35) {
            for (key, schema, req) in feature(rng, name) {
                if req {
                    required.push(key.clone());
                }
                properties.insert(key, schema);
            }
        }
    }
    json!({
        "type": "object",
        "title": format!("Synthetic schema {i}"),
        "required": required,
        "properties": properties
    })
}

/// `count` schemas from `seed`; the same arguments give the same schemas.
pub fn generate(count: usize, seed: u64) -> Vec<SynthSchema> {
    let mut rng = Rng(seed);
    (0..count)
        .map(|i| {
            let model_id = model_id(&mut rng, i);
            let schema = schema(&mut rng, i);
            SynthSchema {
                model_id,
                text: serde_json::to_string_pretty(&schema).expect("JSON values serialize"),
            }
        })
        .collect()
}

/// Writes `schemas` as `<dir>/<model_id>.json`, replacing whatever `dir` held.
pub fn write(dir: &Path, schemas: &[SynthSchema]) -> io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    for s in schemas {
        let path = dir.join(format!("{}.json", s.model_id));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &s.text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use runcomfy_schema::parse_schema;

    #[test]
    fn the_first_schemas_parse_without_errors() {
        for s in generate(50, SEED) {
            let parsed = parse_schema(&format!("{}.json", s.model_id), &s.model_id, &s.text);
            let errors = parsed.error_messages();
            assert!(errors.is_empty(), "{}: {errors:#?}", s.model_id);
            assert!(parsed.schema.is_some(), "{}", s.model_id);
            let segments = s.model_id.split('/').count();
            assert!((2..=5).contains(&segments), "{}", s.model_id);
        }
    }

    #[test]
    fn generation_is_deterministic_and_covers_every_feature() {
        let a = generate(60, SEED);
        let b = generate(60, SEED);
        assert_eq!(
            a.iter().map(|s| &s.text).collect::<Vec<_>>(),
            b.iter().map(|s| &s.text).collect::<Vec<_>>()
        );
        let all: String = a.iter().map(|s| s.text.as_str()).collect();
        for needle in FEATURES.iter().map(|f| format!("\"{f}\"")).chain(
            [
                "\"float\"",
                "\"exclusiveMinimum\"",
                "\"exclusiveMaximum\": true",
                "4294967295",
                "\"minimum\": -1",
                "\"1152:864 (4:3)\"",
                "\"720P\"",
                "\"image_uris\"",
                "\"video_urls\"",
                "\"height_pixels<\"",
                "\"file_size_mb<\"",
                "\"image_url_9\"",
                "\"minItems\"",
                "\"minLength\"",
            ]
            .map(String::from),
        ) {
            assert!(all.contains(&needle), "no schema holds {needle}");
        }
        let ids: std::collections::BTreeSet<&str> = a.iter().map(|s| s.model_id.as_str()).collect();
        assert_eq!(ids.len(), a.len(), "model ids are unique");
        assert!(a.iter().any(|s| s.model_id.split('/').count() == 5));
        assert!(a.iter().any(|s| s.model_id.split('/').count() == 2));
    }
}
