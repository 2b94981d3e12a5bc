use runcomfy_client::request;

fn main() {
    let _ = request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: "a fox", stpes: 4 });
}
