//! Requests written in code, checked against the schema at compile time.
//!
//! Run: `cargo run -p runcomfy-client --example checked_request`
//!
//! Change `steps: 4` to `steps: 12` and the build fails at that token:
//!
//! ```text
//! error: `steps` of `blackforestlabs/flux-1-schnell/text-to-image`: 12 is greater than the maximum 8
//! ```

use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;
use runcomfy_client::{Endpoint, Validate, request};

/// Any endpoint's model id, through the `Endpoint` trait.
fn model_id<E: Endpoint>(_request: &E) -> &'static str {
    E::MODEL_ID
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Literals are checked at compile time: field names, enum values, bounds, lengths, media.
    let flux = request!(blackforestlabs::flux_1_schnell::text_to_image {
        prompt: "a red fox in fresh snow, golden hour",
        steps: 4,
    });
    println!("{} <- {}", model_id(&flux), serde_json::to_string(&flux)?);

    // Any other expression is converted with `Into` to the field's type; its value was
    // checked when that typed value was made.
    let seed = gen4::Seed::new(42)?;
    let video = request!(runwayml::runway_gen_4::turbo::image_to_video {
        prompt_image: "https://example.com/cat.png",
        duration: 10,
        seed,
    });
    video.validate()?;
    println!("{} <- {}", gen4::MODEL_ID, serde_json::to_string(&video)?);

    // The typed builder: forgetting `prompt_image` before `build()` does not compile.
    let built = gen4::Request::builder()
        .prompt_image(gen4::PromptImage::parse("https://example.com/dog.png")?)
        .ratio(gen4::Ratio::V1280_720)
        .build();
    println!("{} <- {}", gen4::MODEL_ID, serde_json::to_string(&built)?);
    Ok(())
}
