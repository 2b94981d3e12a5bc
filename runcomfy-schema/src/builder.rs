//! Typestate support for the generated `RequestBuilder`s: a required field starts as
//! [`Missing`], its setter turns it into the value, and `build()` needs every required field
//! to be [`IsSet`]. Forgetting one is a compile error that names the field.

use std::marker::PhantomData;

/// A required field that has not been set yet; `F` is a marker named after the field.
pub struct Missing<F>(PhantomData<F>);

impl<F> Missing<F> {
    /// The unset state.
    pub const fn new() -> Self {
        Missing(PhantomData)
    }
}

impl<F> Default for Missing<F> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F> Clone for Missing<F> {
    fn clone(&self) -> Self {
        Self::new()
    }
}

impl<F> std::fmt::Debug for Missing<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Missing")
    }
}

/// A required field's state that holds a value of type `T`.
#[diagnostic::on_unimplemented(
    message = "a required field of this request is not set: `{Self}`",
    label = "this required field was never set",
    note = "call the builder method named after the field before `.build()`"
)]
pub trait IsSet<T> {
    /// The value.
    fn into_value(self) -> T;
}

impl<T> IsSet<T> for T {
    fn into_value(self) -> T {
        self
    }
}
