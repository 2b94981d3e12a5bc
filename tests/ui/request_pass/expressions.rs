// Non-literal values pass through `Into` to the field's type.
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;
use runcomfy_client::request;

fn prompt() -> flux::Prompt {
    flux::Prompt::new(format!("fox #{}", 1)).unwrap()
}

fn main() {
    let steps = flux::Steps::new(3).unwrap();
    let _ = request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: prompt(), steps });
    let maybe_steps: Option<flux::Steps> = None;
    let _ = request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: prompt(), steps: maybe_steps });
    let image = gen4::PromptImage::parse("https://example.com/a.png").unwrap();
    let _ = request!(runwayml::runway_gen_4::turbo::image_to_video { prompt_image: image, duration: gen4::Duration::V10 });
    let name = String::from("x");
    let _ = request!(openai::gpt_image_2::text_to_image { prompt: name });
}
