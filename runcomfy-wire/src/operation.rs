//! The API calls: names (as fault specs, logs and accounting use them), methods and paths.

use std::fmt;

use crate::catalog::MODELS_SEGMENT;
use crate::request_id::{RequestIdError, check_request_id};

/// The path prefix of every API route (the base URL ends with it: `.../v1`).
pub const API_PREFIX: &str = "/v1";

/// The path segment of every per-request route after the base URL (`.../v1/requests/{id}/...`).
pub const REQUESTS_SEGMENT: &str = "requests";

/// The query that asks a result answer to carry `cost` (USD).
pub const INCLUDE_COST_QUERY: &str = "include_cost=true";

/// One kind of call to the Model API or its output origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    /// `POST /v1/models/{model_id}`: not idempotent, the API has no idempotency key.
    Submit,
    /// `GET /v1/requests/{id}/status`.
    Status,
    /// `GET /v1/requests/{id}/result`.
    Result,
    /// `POST /v1/requests/{id}/cancel`: repeating it is harmless.
    Cancel,
    /// `GET` of an output file (on the output host, without the token).
    Output,
    /// The model catalog: `GET /v1/models`, `GET /v1/models/categories` and
    /// `GET /v1/models/{model_id}` (see [`crate::catalog`]). Idempotent.
    Catalog,
}

impl Operation {
    /// Every operation.
    pub const ALL: [Operation; 6] = [
        Operation::Submit,
        Operation::Status,
        Operation::Result,
        Operation::Cancel,
        Operation::Output,
        Operation::Catalog,
    ];

    /// The operation's name: `submit`, `status`, `result`, `cancel`, `output`, `catalog`.
    pub const fn name(self) -> &'static str {
        match self {
            Operation::Submit => "submit",
            Operation::Status => "status",
            Operation::Result => "result",
            Operation::Cancel => "cancel",
            Operation::Output => "output",
            Operation::Catalog => "catalog",
        }
    }

    /// The operation named `name` (see [`Operation::name`]).
    pub fn parse(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }

    /// The HTTP method.
    pub const fn method(self) -> &'static str {
        match self {
            Operation::Submit | Operation::Cancel => "POST",
            Operation::Status | Operation::Result | Operation::Output | Operation::Catalog => "GET",
        }
    }

    /// The last path segment of a per-request call (`status`, `result`, `cancel`).
    pub const fn request_suffix(self) -> Option<&'static str> {
        match self {
            Operation::Status | Operation::Result | Operation::Cancel => Some(self.name()),
            Operation::Submit | Operation::Output | Operation::Catalog => None,
        }
    }

    /// The path segments after the base URL for a per-request call:
    /// `["requests", id, "status"]`. The id is checked first ([`check_request_id`]).
    pub fn request_segments(self, request_id: &str) -> Result<[&str; 3], RequestIdError> {
        check_request_id(request_id)?;
        let suffix = self.request_suffix().ok_or(RequestIdError::NotPerRequest(self))?;
        Ok([REQUESTS_SEGMENT, request_id, suffix])
    }

    /// The route of a per-request call with `{id}` in place of the request id
    /// (`/v1/requests/{id}/status`), as servers declare their routes; `None` for the others.
    ///
    /// ```
    /// use runcomfy_wire::Operation;
    /// assert_eq!(Operation::Cancel.request_route().as_deref(), Some("/v1/requests/{id}/cancel"));
    /// assert_eq!(Operation::Submit.request_route(), None);
    /// ```
    pub fn request_route(self) -> Option<String> {
        let suffix = self.request_suffix()?;
        Some(format!("{API_PREFIX}/{REQUESTS_SEGMENT}/{{id}}/{suffix}"))
    }

    /// The full path of a per-request call, for ids that need no escaping (as checked
    /// request ids are used in tests and logs). Clients build URLs from
    /// [`Operation::request_segments`], which escapes.
    pub fn path(self, request_id: &str) -> Result<String, RequestIdError> {
        let [a, b, c] = self.request_segments(request_id)?;
        Ok(format!("{API_PREFIX}/{a}/{b}/{c}"))
    }

    /// Which API call a method and path are, with the request id:
    /// `("GET", "/v1/requests/abc/status")` -> `(Status, "abc")`; submits are
    /// `(Submit, "")`; the catalog's three GETs (`/v1/models`, `/v1/models/categories`,
    /// `/v1/models/{model_id}`, also as `HEAD`) are `(Catalog, "")`. `None` for any other
    /// method or route.
    ///
    /// ```
    /// use runcomfy_wire::Operation;
    /// assert_eq!(Operation::classify("GET", "/v1/models"), Some((Operation::Catalog, "")));
    /// assert_eq!(Operation::classify("GET", "/v1/models/a/b"), Some((Operation::Catalog, "")));
    /// assert_eq!(Operation::classify("POST", "/v1/models/a/b"), Some((Operation::Submit, "")));
    /// assert_eq!(Operation::classify("DELETE", "/v1/models/a/b"), None);
    /// ```
    pub fn classify<'a>(method: &str, path: &'a str) -> Option<(Operation, &'a str)> {
        let rest = path.strip_prefix(API_PREFIX)?.strip_prefix('/')?;
        if let Some(models) = rest.strip_prefix(MODELS_SEGMENT) {
            let is_get = method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD");
            return match models {
                _ if method.eq_ignore_ascii_case("POST") && models.starts_with('/') => Some((Operation::Submit, "")),
                "" => is_get.then_some((Operation::Catalog, "")),
                _ if models.starts_with('/') => is_get.then_some((Operation::Catalog, "")),
                _ => None,
            };
        }
        let rest = rest.strip_prefix(REQUESTS_SEGMENT)?.strip_prefix('/')?;
        let (id, suffix) = rest.split_once('/')?;
        let op = [Operation::Status, Operation::Result, Operation::Cancel]
            .into_iter()
            .find(|op| op.request_suffix() == Some(suffix))?;
        let method_ok = method.eq_ignore_ascii_case(op.method()) || (op.method() == "GET" && method == "HEAD");
        method_ok.then_some((op, id))
    }

    /// The path of the catalog's list route, `/v1/models`: a model's submit and catalog
    /// routes are under it (`/v1/models/{model_id}`, `/v1/models/categories`).
    pub fn models_path() -> String {
        format!("{API_PREFIX}/{MODELS_SEGMENT}")
    }

    /// The path segments of a submit: `["models", "owner", "model", ...]`.
    pub fn submit_segments(model_id: &str) -> impl Iterator<Item = &str> {
        std::iter::once(MODELS_SEGMENT).chain(model_id.split('/'))
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_paths_classify_back() {
        for op in Operation::ALL {
            assert_eq!(Operation::parse(op.name()), Some(op));
        }
        assert_eq!(Operation::parse("download"), None);
        for op in [Operation::Status, Operation::Result, Operation::Cancel] {
            let path = op.path("abc-1").unwrap();
            assert_eq!(Operation::classify(op.method(), &path), Some((op, "abc-1")));
        }
        assert_eq!(
            Operation::classify("POST", "/v1/models/a/b"),
            Some((Operation::Submit, ""))
        );
        assert_eq!(
            Operation::classify("GET", "/v1/models/a/b"),
            Some((Operation::Catalog, ""))
        );
        for path in ["/v1/models", "/v1/models/", "/v1/models/categories"] {
            assert_eq!(
                Operation::classify("GET", path),
                Some((Operation::Catalog, "")),
                "{path}"
            );
            assert_eq!(
                Operation::classify("HEAD", path),
                Some((Operation::Catalog, "")),
                "{path}"
            );
        }
        assert_eq!(Operation::classify("POST", "/v1/models"), None);
        assert_eq!(Operation::classify("PUT", "/v1/models/a/b"), None);
        assert_eq!(Operation::classify("GET", "/v1/modelsx"), None);
        assert!(Operation::Catalog.path("x").is_err());
        assert_eq!(Operation::Catalog.method(), "GET");
        assert_eq!(Operation::classify("POST", "/v1/requests/x/status"), None);
        assert_eq!(Operation::classify("GET", "/v1/requests/x/stats"), None);
        assert!(Operation::Submit.path("x").is_err());
        assert!(Operation::Status.path("a/b").is_err());
        let segments: Vec<&str> = Operation::submit_segments("kling/kling-video-o3/4K/image-to-video").collect();
        assert_eq!(segments, ["models", "kling", "kling-video-o3", "4K", "image-to-video"]);
    }
}
