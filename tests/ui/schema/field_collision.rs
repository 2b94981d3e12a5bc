// `a-b` and `a_b` give the same field name even with case and separators kept.
mod models {
    runcomfy_client::include_models!("fixtures/field_collision");
}

fn main() {}
