// A warning (unknown validation metric) is an error under `deny_warnings`.
mod models {
    runcomfy_client::include_models!("fixtures/unknown_metric", deny_warnings);
}

fn main() {}
