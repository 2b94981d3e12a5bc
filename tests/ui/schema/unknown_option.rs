// An unknown macro option lists the known ones.
mod models {
    runcomfy_client::include_models!("fixtures/bad_type", frobnicate);
}

fn main() {}
