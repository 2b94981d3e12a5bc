use runcomfy_client::models::ideogram::ideogram_v3::reframe;

fn main() {
    let _ = reframe::Request::builder().image("https://e.com/a.png").build();
}
