fn main() {
    let _ = runcomfy_client::request!(runwayml::runway_gen_4::turbo::image_to_video { prompt_image: "https://e.com/a.png", seed: 99999999999999999999 });
}
