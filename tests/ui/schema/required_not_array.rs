// `required` must be an array of property names.
mod models {
    runcomfy_client::include_models!("fixtures/required_not_array");
}

fn main() {}
