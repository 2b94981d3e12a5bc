fn main() {
    let _ = runcomfy_client::request!(openai::gpt_image_2::text_to_image {
        aspect_ratio: "5:3",
        quality: "ultra",
        output_format: "gif",
        colour: "red",
    });
}
