fn main() {
    let _ = runcomfy_client::request!(openai::gpt_image_2::text_to_image { prompt: "a", aspect_ratio: "16:10" });
}
