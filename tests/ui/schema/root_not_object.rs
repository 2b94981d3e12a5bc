// The document itself must be an object.
mod models {
    runcomfy_client::include_models!("fixtures/root_not_object");
}

fn main() {}
