fn main() {
    let _ = runcomfy_client::request!(ideogram::ideogram_v3::reframe { image: "https://e.com/a.png", resolution: "1152:865 (4:3)" });
}
