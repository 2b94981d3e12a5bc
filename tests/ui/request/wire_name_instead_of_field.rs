fn main() {
    let _ = runcomfy_client::request!(runwayml::runway_gen_4::turbo::image_to_video { promptImage: "https://example.com/a.png" });
}
