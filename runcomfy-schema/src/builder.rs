//! Typestate support for the generated `RequestBuilder`s: a required field starts as
//! [`Unset`] and its setter turns it into the value; `build()` asks [`IsSet`] of every
//! required field, so forgetting one is a compile error that names the field's type.

use std::marker::PhantomData;

/// The state of a required field of a generated `RequestBuilder` before its setter is called:
/// `RequestBuilder<Unset<Prompt>>` has no prompt yet, `RequestBuilder<Prompt>` has one.
pub struct Unset<T>(PhantomData<fn() -> T>);

impl<T> Unset<T> {
    /// The state of a field not set yet.
    pub const fn new() -> Self {
        Unset(PhantomData)
    }
}

impl<T> Default for Unset<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Clone for Unset<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Unset<T> {}

impl<T> std::fmt::Debug for Unset<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Unset")
    }
}

/// Holds for a builder's required field once its setter was called: `build()` asks it of
/// every required field, so calling `build()` too early does not compile, and the error names
/// the field's type.
#[diagnostic::on_unimplemented(
    message = "`build()` needs every required field of this request; `{T}` is not set",
    label = "a required field is not set",
    note = "each field has a setter named after it on the builder; `Request::new` takes every required field at once"
)]
pub trait IsSet<T> {
    /// The field's value.
    fn into_set_value(self) -> T;
}

impl<T> IsSet<T> for T {
    fn into_set_value(self) -> T {
        self
    }
}
