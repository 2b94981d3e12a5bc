// Bounds no value satisfies.
mod models {
    runcomfy_client::include_models!("fixtures/min_above_max");
}

fn main() {}
