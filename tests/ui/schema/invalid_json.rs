// A JSON syntax error (a trailing comma) is reported with its line and column.
mod models {
    runcomfy_client::include_models!("fixtures/invalid_json");
}

fn main() {}
