// `properties` must be an object.
mod models {
    runcomfy_client::include_models!("fixtures/properties_not_object");
}

fn main() {}
