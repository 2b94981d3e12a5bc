//! Model ids: slash paths of 2 to 5 segments (`bytedance/seedance-2.5/image-to-video/1080p`).

/// Checks a model id; the error says what is wrong.
///
/// Segments hold ASCII letters, digits, `.`, `-` and `_`, and start with a letter or digit.
/// Two to five segments is what the catalog uses; more than five is accepted by this
/// function (the catalog may grow) but reported as a warning by the schema loader.
///
/// ```
/// use runcomfy_schema::check_model_id;
/// assert!(check_model_id("kling/kling-video-o3/4K/image-to-video").is_ok());
/// assert!(check_model_id("flux").is_err());
/// assert!(check_model_id("a//b").is_err());
/// ```
pub fn check_model_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("the model id is empty".into());
    }
    let segments: Vec<&str> = id.split('/').collect();
    if segments.len() < 2 {
        return Err(format!(
            "model id {id:?} has 1 segment; model ids are owner/model[/...] paths of 2 to 5 segments"
        ));
    }
    for seg in &segments {
        if seg.is_empty() {
            return Err(format!("model id {id:?} has an empty segment"));
        }
        if seg.starts_with('.') || seg.starts_with('-') || seg.starts_with('_') {
            return Err(format!("model id segment {seg:?} must start with a letter or digit"));
        }
        if let Some(c) = seg
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        {
            return Err(format!(
                "model id segment {seg:?} holds {c:?}; allowed are ASCII letters, digits, '.', '-', '_'"
            ));
        }
    }
    Ok(())
}

/// Number of segments in a well-formed model id.
pub fn segment_count(id: &str) -> usize {
    id.split('/').count()
}
