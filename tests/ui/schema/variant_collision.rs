// `"16:9"` and `"16-9"` give the same variant name even with case and separators kept.
mod models {
    runcomfy_client::include_models!("fixtures/variant_collision");
}

fn main() {}
