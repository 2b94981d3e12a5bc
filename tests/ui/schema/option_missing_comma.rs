// Options are separated from the folder by a comma.
mod models {
    runcomfy_client::include_models!("fixtures/bad_type" deny_warnings);
}

fn main() {}
