use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;

fn main() {
    let p = flux::Prompt::new("a").unwrap();
    let _ = flux::Request::builder().prompt(p.clone()).prompt(p).build();
}
