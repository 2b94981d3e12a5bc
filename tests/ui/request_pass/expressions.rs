// Non-literal values pass through `Into` to the field's type: a value of that type, and for
// types whose schema states no limit the plain value too; an optional field also takes an
// `Option` of its type.
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::models::bytedance::dreamina_4_0::text_to_image as dreamina;
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;
use runcomfy_client::request;

fn prompt() -> flux::Prompt {
    flux::Prompt::new(format!("fox #{}", 1)).unwrap()
}

fn main() {
    let steps = flux::Steps::new(3).unwrap();
    let r = request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: prompt(), steps });
    assert_eq!(r.steps, Some(steps));
    let maybe_steps: Option<flux::Steps> = None;
    let r = request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: prompt(), steps: maybe_steps });
    assert_eq!(r.steps, None);
    let r = request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: prompt(), steps: None });
    assert_eq!(r.steps, None);
    let r = request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: prompt(), steps: Some(steps) });
    assert_eq!(r.steps.map(flux::Steps::get), Some(3));
    let image = gen4::PromptImage::parse("https://example.com/a.png").unwrap();
    let _ = request!(runwayml::runway_gen_4::turbo::image_to_video { prompt_image: image, duration: gen4::Duration::V10 });
    // Unbounded text, a boolean, a free-form object: their plain values convert.
    let name = String::from("x");
    let r = request!(openai::gpt_image_2::text_to_image { prompt: name });
    assert_eq!(r.prompt.as_str(), "x");
    let borrowed: &str = "y";
    let r = request!(openai::gpt_image_2::text_to_image { prompt: borrowed });
    assert_eq!(&*r.prompt, "y");
    let single = true;
    let r = request!(bytedance::dreamina_4_0::text_to_image {
        prompt: dreamina::Prompt::new("a").unwrap(),
        force_single: single,
    });
    assert_eq!(r.force_single.map(dreamina::ForceSingle::get), Some(true));
    let palette = serde_json::Map::new();
    let r = request!(ideogram::ideogram_v3::reframe {
        image: "https://example.com/a.png",
        resolution: "1152:864 (4:3)",
        color_palette: palette,
    });
    assert!(r.color_palette.is_some_and(|p| p.as_object().is_empty()));
}
