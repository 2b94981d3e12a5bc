// A model id segment that would become the `fields` module of another endpoint's module.
mod models {
    runcomfy_client::include_models!("fixtures/fields_module");
}

fn main() {}
