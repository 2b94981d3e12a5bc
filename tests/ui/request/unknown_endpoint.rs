fn main() {
    let _ = runcomfy_client::request!(blackforestlabs::flux_1_schnel::text_to_image { prompt: "a" });
}
