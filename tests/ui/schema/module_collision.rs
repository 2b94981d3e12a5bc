// Two model ids whose segments give the same module name.
mod models {
    runcomfy_client::include_models!("fixtures/module_collision");
}

fn main() {}
