use runcomfy_client::request;

fn main() {
    let _ = request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: "" });
    let _ = request!(openai::gpt_image_2::text_to_image { prompt: "p" });
    let _ = request!(bytedance::dreamina_4_0::text_to_image { prompt: "p" });
    let _ = request!(ideogram::ideogram_v3::reframe { image: "", resolution: "1152:864 (4:3)" });
    let _ = request!(runwayml::runway_gen_4::turbo::image_to_video { prompt_image: "data:image/png;base64,iVBORw0KGgo=" });
}
