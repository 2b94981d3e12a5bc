// The doc page's own example sends `""`: a placeholder, never a valid image.
fn main() {
    let _ = runcomfy_client::request!(runwayml::runway_gen_4::turbo::image_to_video { prompt_image: "" });
}
