// A clean folder compiles under the strictest settings (`deny_warnings` and
// `#![deny(deprecated)]`), with the runtime named explicitly.
#![deny(deprecated)]

mod models {
    runcomfy_client::include_models!("fixtures/clean", runtime = ::runcomfy_client, deny_warnings,);
}

use models::acme::m::t2i::{AspectRatio, Request};

fn main() {
    assert_eq!(models::ENDPOINTS.len(), 1);
    assert_eq!(AspectRatio::V16_9.as_str(), "16:9");
    let violations = Request::from_json(serde_json::json!({ "prompt": "a fox", "steps": 9 })).unwrap_err();
    assert_eq!(violations.len(), 1, "{violations:?}");
}
