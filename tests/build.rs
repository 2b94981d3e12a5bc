//! Rebuild when a schema is added to or removed from `downstream_schemas/`.
fn main() {
    println!("cargo::rerun-if-changed=downstream_schemas");
}
