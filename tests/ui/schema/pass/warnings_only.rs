// A folder whose only problems are warnings (an unknown keyword, an unknown validation
// metric) compiles: without `deny_warnings` they are `deprecated` warnings, not errors.
mod models {
    runcomfy_client::include_models!("fixtures/warnings_only");
}

use models::acme::m::t2i::{self, Prompt, Request};

fn main() {
    assert_eq!(t2i::MODEL_ID, "acme/m/t2i");
    let request = Request::new(Prompt::new("a fox").unwrap());
    assert_eq!(serde_json::to_value(&request).unwrap(), serde_json::json!({ "prompt": "a fox" }));
    assert!(Prompt::new("x".repeat(101)).is_err());
}
