//! A local simulator of the RunComfy Model API (issue 4; being built).
#![forbid(unsafe_code)]
