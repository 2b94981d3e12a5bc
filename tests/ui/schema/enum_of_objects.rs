// Enum values must be literals; every object and array in the list is reported.
mod models {
    runcomfy_client::include_models!("fixtures/enum_of_objects");
}

fn main() {}
