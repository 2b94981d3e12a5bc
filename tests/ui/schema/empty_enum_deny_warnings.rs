// An empty enum is ignored with a warning (the field takes its declared type); under
// `deny_warnings` it is an error.
mod models {
    runcomfy_client::include_models!("fixtures/empty_enum", deny_warnings);
}

fn main() {}
