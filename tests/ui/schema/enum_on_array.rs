// An enum on an array field is not supported.
mod models {
    runcomfy_client::include_models!("fixtures/enum_on_array");
}

fn main() {}
