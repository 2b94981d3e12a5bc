// The error alone: no type mismatch for the annotated binding, no "unreachable" warning for
// the statements after it.
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image::Request;

fn main() {
    let request: Request = runcomfy_client::request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: "a fox", steps: 9 });
    let steps = request.steps;
    println!("{steps:?}");
}
