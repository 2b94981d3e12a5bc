// A misspelt `type` names the file, the pointer and the accepted type names.
mod models {
    runcomfy_client::include_models!("fixtures/bad_type");
}

fn main() {}
