// Without `deny_warnings`, a warning is a `deprecated` use: `#![deny(deprecated)]` makes it an error that shows the warning text.
#![deny(deprecated)]

mod models {
    runcomfy_client::include_models!("fixtures/unknown_metric");
}

fn main() {}
