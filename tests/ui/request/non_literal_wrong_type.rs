// Expressions pass through: the compiler checks them against the field's type.
fn main() {
    let steps: i64 = 4;
    let _ = runcomfy_client::request!(blackforestlabs::flux_1_schnell::text_to_image { prompt: "a", steps: steps });
}
