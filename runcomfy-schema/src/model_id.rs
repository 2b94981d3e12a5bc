//! Model ids: slash paths of 2 to 5 segments (`bytedance/seedance-2.5/image-to-video/1080p`).
//!
//! The rule itself is the wire contract's ([`runcomfy_wire::catalog::check_model_id`]):
//! segments of ASCII letters, digits, `.`, `-` and `_`, each starting with a letter or digit,
//! at most [`runcomfy_wire::catalog::MAX_MODEL_ID_LEN`] bytes. Two to five segments is what
//! the catalog uses; more than five is accepted (the catalog may grow) but reported as a
//! warning by the schema loader.
//!
//! ```
//! use runcomfy_schema::check_model_id;
//! assert!(check_model_id("kling/kling-video-o3/4K/image-to-video").is_ok());
//! assert!(check_model_id("flux").is_err());
//! assert!(check_model_id("a//b").is_err());
//! ```

pub use runcomfy_wire::catalog::check_model_id;

/// Number of segments in a well-formed model id.
pub fn segment_count(id: &str) -> usize {
    id.split('/').count()
}
