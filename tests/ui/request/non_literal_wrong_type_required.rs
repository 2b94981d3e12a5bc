// A required field given a plain value its type must check: `Prompt::new(..)?` or a literal.
fn main() {
    let text = String::from("a red fox");
    let _ = runcomfy_client::request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: text });
}
