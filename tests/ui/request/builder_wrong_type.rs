// A setter takes the field's type (or a plain value that needs no check): a bounded integer
// must be made with its checked constructor.
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;

fn main() {
    let prompt = flux::Prompt::new("a").unwrap();
    let _ = flux::Request::builder().prompt(prompt).steps(4).build();
}
