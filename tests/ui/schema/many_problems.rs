// Every problem of every file is reported at once.
mod models {
    runcomfy_client::include_models!("fixtures/many_problems");
}

fn main() {}
