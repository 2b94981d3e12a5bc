// A file that is not UTF-8.
mod models {
    runcomfy_client::include_models!("fixtures/not_utf8");
}

fn main() {}
