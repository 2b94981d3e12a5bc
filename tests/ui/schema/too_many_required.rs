// 65 required properties: past the typestate builder's limit of 64 (its code grows with the
// square of their number), so the schema is refused with a pointer and what to use instead.
mod models {
    runcomfy_client::include_models!("fixtures/too_many_required");
}

fn main() {}
