fn main() {
    let _ = runcomfy_client::request!(ideogram::ideogram_v3::reframe { seed: 1 });
}
