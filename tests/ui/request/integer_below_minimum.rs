fn main() {
    let _ = runcomfy_client::request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: "a", steps: 0 });
}
