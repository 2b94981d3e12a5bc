// Length and count keywords must be non-negative integers.
mod models {
    runcomfy_client::include_models!("fixtures/bad_length");
}

fn main() {}
