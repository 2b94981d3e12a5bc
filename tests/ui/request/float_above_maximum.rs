fn main() {
    let _ = runcomfy_client::request!(bytedance::dreamina_4_0::text_to_image { prompt: "a", scale: 1.5 });
}
