//! Workspace-level tests of runcomfy-rs, and a stand-in for a downstream crate: it generates
//! types from its own schema folder (`downstream_schemas/`) with the same macro that
//! `runcomfy-client` uses for the bundled endpoints.
#![forbid(unsafe_code)]

/// Endpoints generated from this crate's own `downstream_schemas/` folder.
///
/// `#[allow(deprecated)]` silences the schema warnings the macro reports (the zoo has a field
/// with no `type` on purpose); `cargo xtask check tests/downstream_schemas` still prints them.
#[allow(deprecated)]
pub mod downstream {
    runcomfy_client::include_models!(
        "downstream_schemas",
        module = downstream,
        request_macro = downstream_request
    );
}

/// The downstream request macro at the crate root, as a library that generates its own types
/// offers it (`runcomfy_tests::downstream_request!`).
pub use downstream::downstream_request;

/// The generated code checked in under `expanded/` (snapshots), compiled as-is.
pub mod expanded {
    /// `blackforestlabs/flux-1-schnell/text-to-image`.
    pub mod flux {
        include!("../expanded/blackforestlabs__flux-1-schnell__text-to-image.rs");
    }
    /// `openai/gpt-image-2/text-to-image`.
    pub mod gpt_image {
        include!("../expanded/openai__gpt-image-2__text-to-image.rs");
    }
    /// `bytedance/dreamina-4-0/text-to-image`.
    pub mod dreamina {
        include!("../expanded/bytedance__dreamina-4-0__text-to-image.rs");
    }
    /// `ideogram/ideogram-v3/reframe`.
    pub mod ideogram_reframe {
        include!("../expanded/ideogram__ideogram-v3__reframe.rs");
    }
    /// `runwayml/runway-gen-4/turbo/image-to-video`.
    pub mod runway {
        include!("../expanded/runwayml__runway-gen-4__turbo__image-to-video.rs");
    }
}
