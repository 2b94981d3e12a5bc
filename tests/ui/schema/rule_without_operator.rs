// A validation rule that does not end in an operator.
mod models {
    runcomfy_client::include_models!("fixtures/rule_without_operator");
}

fn main() {}
