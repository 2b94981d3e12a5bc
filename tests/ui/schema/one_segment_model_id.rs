// A schema file directly in the folder: its model id has one segment.
mod models {
    runcomfy_client::include_models!("fixtures/one_segment");
}

fn main() {}
