//! Snapshot tests of the generated code: `cargo xtask expand <model_id>` for each bundled
//! endpoint must equal the checked-in `tests/expanded/*.rs`, which `src/lib.rs` compiles.
//!
//! After an intended change to the generator, refresh with
//! `EXPECTORATE=overwrite cargo test -p runcomfy-tests --test snapshots`.

use std::path::Path;

use runcomfy_schema::Catalog;
use runcomfy_schema::codegen::{Options, generate_catalog, pretty};

const MODELS: &[&str] = &[
    "blackforestlabs/flux-1-schnell/text-to-image",
    "openai/gpt-image-2/text-to-image",
    "bytedance/dreamina-4-0/text-to-image",
    "ideogram/ideogram-v3/reframe",
    "runwayml/runway-gen-4/turbo/image-to-video",
];

#[test]
fn generated_code_matches_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = Catalog::load(&root.join("../schemas"), "schemas");
    assert!(!catalog.has_errors());
    for id in MODELS {
        let generated = generate_catalog(&catalog, Some(id), &Options::default());
        assert!(!generated.has_errors(), "{id}: {:?}", generated.diagnostics);
        let code = pretty(&generated.tokens).unwrap();
        let file = root.join("expanded").join(format!("{}.rs", id.replace('/', "__")));
        expectorate::assert_contents(file, &code);
    }
}

/// The compiled snapshots behave like the macro's output.
#[test]
fn compiled_snapshots_are_usable() {
    use runcomfy_client::Validate;
    use runcomfy_tests::expanded::flux::blackforestlabs::flux_1_schnell::text_to_image as snap;
    let request = snap::Request::new(snap::Prompt::new("a fox").unwrap());
    assert!(request.validate().is_ok());
    assert!(snap::Steps::new(9).is_err());
    assert_eq!(snap::MODEL_ID, "blackforestlabs/flux-1-schnell/text-to-image");
}

/// The request macro carries each endpoint's model in compact form (names, types,
/// constraints), not its schema text: a fraction of the size for real schemas, whose prose
/// it leaves out.
#[test]
fn the_request_macro_carries_compact_models() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = Catalog::load(&root.join("../schemas"), "schemas");
    let (mut text, mut compact) = (0, 0);
    for file in &catalog.files {
        let schema = file.parsed.schema.as_ref().expect("the bundled schemas parse");
        let mut cx = runcomfy_schema::Ctxt::new();
        let model = runcomfy_schema::codegen::EndpointModel::build(&mut cx, schema).expect("builds");
        text += file.text.len();
        compact += model.to_compact().len();
    }
    assert!(
        compact * 2 < text,
        "compact models {compact} bytes, schema texts {text} bytes"
    );
}
