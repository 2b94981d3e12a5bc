//! Rebuild the crate when a schema file is added to or removed from `schemas/` (edits to
//! existing files are tracked by the compiler through `include_models!`).
fn main() {
    println!("cargo::rerun-if-changed=schemas");
}
