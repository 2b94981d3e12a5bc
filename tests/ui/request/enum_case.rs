fn main() {
    let _ = runcomfy_client::request!(ideogram::ideogram_v3::reframe { image: "x", resolution: "1024:1024 (1:1)", rendering_speed: "turbo" });
}
