// The folder does not exist: the message says where it was looked for.
mod models {
    runcomfy_client::include_models!("fixtures/no_such_folder");
}

fn main() {}
