// A bound that is a string, not a number.
mod models {
    runcomfy_client::include_models!("fixtures/bad_bound");
}

fn main() {}
