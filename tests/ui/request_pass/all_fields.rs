// Every field of every seed endpoint, as literals.
use runcomfy_client::request;

fn main() {
    let _ = request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: "a fox", steps: 8 });
    let _ = request!(openai::gpt_image_2::text_to_image {
        prompt: "a bottle",
        aspect_ratio: "21:9",
        resolution: "4k",
        quality: "low",
        output_format: "jpeg",
    });
    let _ = request!(bytedance::dreamina_4_0::text_to_image {
        prompt: "a street",
        width_height: "6198x2656(21:9)",
        scale: 0,
        force_single: false,
    });
    let _ = request!(ideogram::ideogram_v3::reframe {
        image: "https://example.com/a.png",
        resolution: "512:1536 (1:3)",
        seed: 2147483647,
        rendering_speed: "QUALITY",
        color_palette: serde_json::Map::new(),
        style: serde_json::Map::new(),
    });
    let _ = request!(runwayml::runway_gen_4::turbo::image_to_video {
        prompt_text: "it moves",
        prompt_image: "https://example.com/a.png",
        ratio: "720:1280",
        duration: 5,
        seed: 0,
    });
}
