//! The two HTTP origins: the Model API and the output files.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body::Body as _;
use serde_json::{Value, json};

use runcomfy_wire::catalog::{CATEGORIES_SEGMENT, CatalogQuery, MODELS_SEGMENT, check_model_id};
use runcomfy_wire::{
    API_PREFIX, CancelAnswer, CancelWord, ErrorBody, MAX_VIOLATIONS, Operation, ResultAnswer, StatusAnswer,
    SubmitAnswer, codes,
};

use crate::accounting::{InjectedFault, MediaUrl, Submission, body_hash_json, sha256_hex};
use crate::faults::{FaultKind, Op, UNKNOWN_STATUS};
use crate::outputs::OutputKindWire;
use crate::queue::{CancelOutcome, Job, JobState};
use crate::server::ConnCtx;
use crate::{AnswerStyle, Sim, lock};

pub(crate) fn error(status: StatusCode, code: u32, message: impl Into<String>, detail: Value) -> Response {
    (status, axum::Json(ErrorBody::new(code, message, detail).to_value())).into_response()
}

fn json_ok(value: Value) -> Response {
    (StatusCode::OK, axum::Json(value)).into_response()
}

pub(crate) fn api_router(sim: Arc<Sim>) -> Router {
    // The routes are the wire contract's (`Operation`), so they cannot drift from the client's.
    let models = Operation::models_path();
    let per_request = |op: Operation| op.request_route().unwrap_or_default();
    Router::new()
        .route(&models, get(list_models))
        .route(&format!("{models}/{{*model_id}}"), get(get_model).post(submit))
        .route(&per_request(Operation::Status), get(status))
        .route(&per_request(Operation::Result), get(result))
        .route(&per_request(Operation::Cancel), post(cancel))
        .fallback(no_route)
        .layer(middleware::from_fn_with_state(sim.clone(), api_layer))
        .with_state(sim)
}

pub(crate) fn output_router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route("/outputs/{id}/{file}", get(output_file))
        .fallback(no_route)
        .layer(middleware::from_fn_with_state(sim.clone(), output_layer))
        .with_state(sim)
}

async fn no_route(method: Method, uri: Uri) -> Response {
    error(
        StatusCode::NOT_FOUND,
        codes::NO_ROUTE,
        format!("no route for {method} {}", uri.path()),
        Value::Null,
    )
}

/// axum answers a known path with an unknown method by 405 and an empty body; every answer
/// of the simulator carries the error body instead (axum adds the `Allow` header after this
/// layer, to this answer too).
fn json_405(resp: Response, method: &Method, path: &str) -> Response {
    if resp.status() != StatusCode::METHOD_NOT_ALLOWED || resp.headers().contains_key(header::CONTENT_TYPE) {
        return resp;
    }
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        codes::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {path} (the Allow header lists the methods that are)"),
        Value::Null,
    )
}

/// `(operation, request id)` of an API path (`None` for a submit).
/// What follows `/v1/models/` in a path: a model id, or `categories`.
fn after_models(path: &str) -> Option<&str> {
    path.strip_prefix(API_PREFIX)?
        .strip_prefix('/')?
        .strip_prefix(MODELS_SEGMENT)?
        .strip_prefix('/')
}

fn classify(method: &Method, path: &str) -> Option<(Op, Option<String>)> {
    let (op, id) = Operation::classify(method.as_str(), path)?;
    Some((op, (op != Op::Submit).then(|| id.to_owned())))
}

fn body_len(resp: &Response) -> u64 {
    resp.body().size_hint().exact().unwrap_or(0)
}

/// Counts an API request as being answered until dropped.
struct ApiInFlight(Arc<Sim>);

impl ApiInFlight {
    fn new(sim: &Arc<Sim>) -> ApiInFlight {
        let mut acct = lock(&sim.accounting);
        acct.api_in_flight += 1;
        acct.api_in_flight_peak = acct.api_in_flight_peak.max(acct.api_in_flight);
        ApiInFlight(sim.clone())
    }
}

impl Drop for ApiInFlight {
    fn drop(&mut self) {
        let mut acct = lock(&self.0.accounting);
        acct.api_in_flight = acct.api_in_flight.saturating_sub(1);
    }
}

async fn api_layer(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let class = classify(req.method(), &path);
    let model = match &class {
        Some((Op::Submit | Op::Catalog, _)) => after_models(&path)
            .filter(|id| *id != CATEGORIES_SEGMENT)
            .map(str::to_owned),
        Some((_, Some(id))) => lock(&sim.queue).get(id).map(|j| j.model_id.clone()),
        _ => None,
    };
    let _in_flight = ApiInFlight::new(&sim);
    {
        let mut acct = lock(&sim.accounting);
        acct.api_requests += 1;
        if matches!(class, Some((Op::Catalog, _))) {
            acct.catalog_requests += 1;
        }
        if let Some((op, Some(id))) = &class {
            let map = match op {
                Op::Status => Some(&mut acct.status_calls),
                Op::Result => Some(&mut acct.result_calls),
                Op::Cancel => Some(&mut acct.cancel_calls),
                _ => None,
            };
            if let Some(map) = map {
                *map.entry(id.clone()).or_default() += 1;
            }
        }
    }
    let resp = match class.and_then(|(op, _)| sim.faults.decide(op, model.as_deref()).map(|k| (op, k))) {
        None => next.run(req).await,
        Some((op, kind)) => {
            lock(&sim.accounting).faults.push(InjectedFault {
                op,
                kind,
                path: path.clone(),
            });
            apply_fault(kind, req, next).await
        }
    };
    let resp = json_405(resp, &method, &path);
    lock(&sim.accounting).api_bytes_served += body_len(&resp);
    resp
}

async fn output_layer(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let id = path
        .strip_prefix("/outputs/")
        .and_then(|r| r.split('/').next())
        .map(str::to_owned);
    let model = id.and_then(|id| lock(&sim.queue).get(&id).map(|j| j.model_id.clone()));
    {
        let mut acct = lock(&sim.accounting);
        acct.output_requests += 1;
        if req.headers().contains_key(header::AUTHORIZATION) {
            acct.output_requests_with_auth += 1;
            acct.output_auth_paths.push(path.clone());
        }
    }
    let resp = match sim.faults.decide(Op::Output, model.as_deref()) {
        None => next.run(req).await,
        Some(kind) => {
            lock(&sim.accounting).faults.push(InjectedFault {
                op: Op::Output,
                kind,
                path: path.clone(),
            });
            apply_fault(kind, req, next).await
        }
    };
    let resp = json_405(resp, &method, &path);
    lock(&sim.accounting).output_bytes_served += body_len(&resp);
    resp
}

async fn hang_up(ctx: Option<Arc<ConnCtx>>) -> Response {
    match ctx {
        Some(ctx) => {
            ctx.reset();
            std::future::pending::<Response>().await
        }
        // Not served by our accept loop (cannot happen in practice): fail loudly instead.
        None => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            500001,
            "connection reset requested, but the connection is not reachable",
            Value::Null,
        ),
    }
}

async fn apply_fault(kind: FaultKind, req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<Arc<ConnCtx>>().cloned();
    match kind {
        FaultKind::TooManyRequests(retry_after) => {
            let mut resp = error(
                StatusCode::TOO_MANY_REQUESTS,
                codes::RATE_LIMITED,
                "too many requests (simulated)",
                Value::Null,
            );
            if let Some(secs) = retry_after {
                resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            resp
        }
        FaultKind::ServerError(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            error(
                status,
                u32::from(status.as_u16()) * 1000 + 1,
                format!("simulated {status}"),
                Value::Null,
            )
        }
        FaultKind::ResetBeforeBody => hang_up(ctx).await,
        FaultKind::ResetAfterBody => {
            let (parts, body) = req.into_parts();
            // Read the whole body first, then let the handler act on it, then hang up.
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let _ = next.run(Request::from_parts(parts, Body::from(bytes))).await;
            hang_up(ctx).await
        }
        FaultKind::Delay(d) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        FaultKind::MalformedJson => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"request_id\": \"sim-trunc",
        )
            .into_response(),
        FaultKind::ErrorWith200 => error(
            StatusCode::OK,
            500001,
            "internal error (simulated, sent with HTTP 200)",
            Value::Null,
        ),
        FaultKind::UnknownStatus => {
            let resp = next.run(req).await;
            let (parts, body) = resp.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(mut map)) if map.contains_key("status") => {
                    map.insert("status".into(), Value::String(UNKNOWN_STATUS.into()));
                    let mut resp = axum::Json(Value::Object(map)).into_response();
                    *resp.status_mut() = parts.status;
                    resp
                }
                _ => Response::from_parts(parts, Body::from(bytes)),
            }
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The bearer token, if the simulator accepts it: one of [`crate::SimConfig::tokens`], or a
/// token with no balance (accepted, refused only when it submits).
fn auth(sim: &Sim, headers: &HeaderMap) -> Result<String, Box<Response>> {
    match bearer(headers) {
        Some(token)
            if sim.config.tokens.accepts(token)
                || (!token.is_empty() && sim.config.no_balance_tokens.iter().any(|t| t == token)) =>
        {
            Ok(token.to_owned())
        }
        Some(_) => Err(Box::new(error(
            StatusCode::UNAUTHORIZED,
            codes::BAD_TOKEN,
            "the token is invalid or expired",
            Value::Null,
        ))),
        None => Err(Box::new(error(
            StatusCode::UNAUTHORIZED,
            codes::BAD_TOKEN,
            "missing `Authorization: Bearer <token>` header",
            Value::Null,
        ))),
    }
}

fn violation_json(pointer: &str, message: String, keyword: &str) -> Value {
    json!({"pointer": pointer, "message": message, "keyword": keyword})
}

async fn submit(State(sim): State<Arc<Sim>>, headers: HeaderMap, uri: Uri, body: Body) -> Response {
    let token = match auth(&sim, &headers) {
        Ok(t) => t,
        Err(resp) => return *resp,
    };
    let model_id = after_models(uri.path())
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned();
    let limit = sim.config.max_body_bytes;
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    let bytes = match read_limited(body, limit, announced).await {
        Some(b) => b,
        None => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::TOO_LARGE,
                format!("the body could not be read or is larger than {limit} bytes"),
                Value::Null,
            );
        }
    };
    let (resp, hash, request_id) = submit_body(&sim, &token, &model_id, &bytes);
    lock(&sim.accounting).submissions.push(Submission {
        model_id,
        body_sha256: hash,
        request_id,
        http_status: resp.status().as_u16(),
    });
    resp
}

/// Reads a request body of at most `limit` bytes into one buffer, sized from the announced
/// length when there is one (no second copy of a large body). `None` beyond the limit or
/// on a broken connection.
async fn read_limited(body: Body, limit: usize, announced: Option<usize>) -> Option<Bytes> {
    use http_body_util::BodyExt as _;
    if announced.is_some_and(|n| n > limit) {
        return None;
    }
    let mut body = body;
    let mut buf = Vec::with_capacity(announced.unwrap_or(0));
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.ok()?.into_data() {
            if buf.len() + data.len() > limit {
                return None;
            }
            buf.extend_from_slice(&data);
        }
    }
    Some(Bytes::from(buf))
}

fn submit_body(sim: &Sim, token: &str, model_id: &str, bytes: &Bytes) -> (Response, String, Option<String>) {
    let raw_hash = || sha256_hex(bytes);
    let Some(endpoint) = sim.endpoints.get(model_id) else {
        let reason = runcomfy_schema::check_model_id(model_id)
            .err()
            .unwrap_or_else(|| format!("no endpoint {model_id:?} in the simulator's schema folder"));
        return (
            error(
                StatusCode::BAD_REQUEST,
                codes::BAD_MODEL,
                format!("unknown model id {model_id:?}"),
                Value::String(reason),
            ),
            raw_hash(),
            None,
        );
    };
    let body = match crate::body::read_body(bytes, &endpoint.input) {
        Ok(read) => read,
        Err(crate::body::BodyError::NotJson(e)) => {
            return (
                error(
                    StatusCode::BAD_REQUEST,
                    codes::BAD_JSON,
                    "the body is not valid JSON",
                    Value::String(e),
                ),
                raw_hash(),
                None,
            );
        }
        Err(crate::body::BodyError::TooManyValues) => {
            return (
                error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    codes::TOO_LARGE,
                    format!(
                        "the body holds more than {} JSON values, more than the simulator builds",
                        crate::body::MAX_BODY_VALUES
                    ),
                    Value::Null,
                ),
                raw_hash(),
                None,
            );
        }
    };
    // The canonical hash needs the whole body: a body whose unknown keys were left out is
    // hashed as sent.
    let hash = if body.dropped == 0 {
        body_hash_json(&body.value)
    } else {
        raw_hash()
    };
    let body = body.value;
    let mut violations: Vec<Value> = Vec::new();
    // The walk stops after MAX_VIOLATIONS: a body with millions of unknown keys costs no more
    // than one with a thousand (the total is then unknown: "more than").
    let mut more = false;
    if let Err((vs, cut)) = endpoint.validate_capped(&body, MAX_VIOLATIONS) {
        more = cut;
        violations.extend(
            vs.iter()
                .map(|v| violation_json(&v.pointer, v.constraint.to_string(), v.constraint.keyword())),
        );
    }
    // data: URIs are measured and checked here exactly as the client checks them.
    let inline = runcomfy_schema::inline_media::check_inline_media(endpoint, &body);
    if !more {
        violations.extend(
            inline
                .violations
                .iter()
                .map(|v| violation_json(&v.pointer, v.constraint.to_string(), v.constraint.keyword())),
        );
    }
    let urls: Vec<MediaUrl> = inline
        .urls
        .iter()
        .map(|media| MediaUrl {
            model_id: model_id.to_owned(),
            pointer: media.pointer.clone(),
            url: media.value.to_owned(),
        })
        .collect();
    lock(&sim.accounting).media_urls.extend(urls);
    if !violations.is_empty() {
        let n = violations.len();
        more |= n > MAX_VIOLATIONS;
        violations.truncate(MAX_VIOLATIONS);
        let count = if more {
            format!("more than {MAX_VIOLATIONS} violations; the first {MAX_VIOLATIONS} are listed")
        } else {
            format!("{n} violation{}", if n == 1 { "" } else { "s" })
        };
        return (
            error(
                StatusCode::UNPROCESSABLE_ENTITY,
                codes::INVALID_INPUT,
                format!("the input does not match the schema of {model_id} ({count})"),
                Value::Array(violations),
            ),
            hash,
            None,
        );
    }
    if sim.config.no_balance_tokens.iter().any(|t| t == token) {
        return (
            error(
                StatusCode::PAYMENT_REQUIRED,
                codes::NO_BALANCE,
                "insufficient balance",
                Value::Null,
            ),
            hash,
            None,
        );
    }
    let Some(model) = sim.models.get(model_id) else {
        return (
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                codes::INTERNAL,
                "the model has no catalog entry",
                Value::Null,
            ),
            hash,
            None,
        );
    };
    let mut job = sim.new_job(model, token, &body);
    drop(body);
    let now = sim.clock.now();
    let submitted = sim.with_queue(|queue| {
        // Ids are unique by construction; a clash with a job of the state file is still
        // checked.
        job.id = sim.ids.next();
        while queue.contains(&job.id) {
            job.id = sim.ids.next();
        }
        let id = job.id.clone();
        queue.submit(job, now);
        id
    });
    let id = match submitted {
        Ok(id) => id,
        Err(why) => return (state_unavailable(why), hash, None),
    };
    let mut resp = json_ok(SubmitAnswer::new(&format!("{}/v1", sim.api_origin), &id).to_value());
    if sim.config.answers == AnswerStyle::Docs {
        *resp.status_mut() = StatusCode::ACCEPTED;
    }
    (resp, hash, Some(id))
}

/// The answer when the state file cannot be used right now: 503, nothing done.
fn state_unavailable(why: String) -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        503_001,
        "the simulator's state is busy; nothing was done, try again",
        Value::String(why),
    )
}

/// The status word of `state` in the configured answer style.
fn word(sim: &Sim, state: JobState) -> &'static str {
    match sim.config.answers {
        AnswerStyle::Simulator => state.wire().as_str(),
        AnswerStyle::Docs => state.wire().documented_word(),
    }
}

fn request_id(uri: &Uri) -> String {
    Operation::classify("GET", uri.path())
        .or_else(|| Operation::classify("POST", uri.path()))
        .map(|(_, id)| id.to_owned())
        .unwrap_or_default()
}

/// The job, brought up to date, if `token` may see it.
fn find_job(sim: &Sim, headers: &HeaderMap, uri: &Uri) -> Result<(Job, Option<usize>), Box<Response>> {
    let token = auth(sim, headers)?;
    let id = request_id(uri);
    let found = sim
        .with_queue(|queue| queue.get(&id).cloned().map(|job| (job, queue.queue_position(&id))))
        .map_err(|why| Box::new(state_unavailable(why)))?;
    let Some((job, position)) = found else {
        return Err(Box::new(error(
            StatusCode::NOT_FOUND,
            codes::UNKNOWN_REQUEST,
            format!("unknown or expired request {id:?}"),
            Value::Null,
        )));
    };
    if job.owner != sha256_hex(token.as_bytes()) {
        return Err(Box::new(error(
            StatusCode::FORBIDDEN,
            codes::OTHER_USER,
            format!("request {id:?} belongs to another user"),
            Value::Null,
        )));
    }
    Ok((job, position))
}

fn status_answer(sim: &Sim, job: &Job, position: Option<usize>) -> StatusAnswer {
    let base = format!("{}/v1", sim.api_origin);
    let urls = SubmitAnswer::new(&base, &job.id);
    StatusAnswer {
        status_url: urls.status_url,
        result_url: urls.result_url,
        status: word(sim, job.state).to_owned(),
        ..StatusAnswer::new(&job.id, job.state.wire(), position.map(|p| p as u64))
    }
}

async fn status(State(sim): State<Arc<Sim>>, headers: HeaderMap, uri: Uri) -> Response {
    match find_job(&sim, &headers, &uri) {
        Ok((job, position)) => json_ok(status_answer(&sim, &job, position).to_value()),
        Err(resp) => *resp,
    }
}

fn include_cost(uri: &Uri) -> bool {
    uri.query().is_some_and(|q| {
        q.split('&').any(|kv| {
            matches!(
                kv.split_once('='),
                Some(("include_cost", v)) if v.eq_ignore_ascii_case("true") || v == "1"
            )
        })
    })
}

/// The `output` object of a completed job, in the configured answer style.
fn output_json(sim: &Sim, job: &Job) -> Value {
    let plan = &job.plan;
    let url =
        |n: usize, item: &crate::outputs::Item| format!("{}/outputs/{}/{n}.{}", sim.output_base, job.id, item.ext());
    let urls: Vec<String> = plan.items.iter().enumerate().map(|(n, item)| url(n, item)).collect();
    let (one, many) = match plan.kind {
        OutputKindWire::Image => ("image", "images"),
        OutputKindWire::Video => ("video", "videos"),
        OutputKindWire::Audio => ("audio", "audios"),
    };
    match sim.config.answers {
        AnswerStyle::Simulator if urls.len() == 1 => json!({ one: urls[0] }),
        AnswerStyle::Simulator => json!({ many: urls }),
        AnswerStyle::Docs => {
            let mut out = json!({ many: urls });
            if let Some(poster) = &plan.poster {
                out["image"] = json!(url(plan.items.len(), poster));
            }
            out
        }
    }
}

async fn result(State(sim): State<Arc<Sim>>, headers: HeaderMap, uri: Uri) -> Response {
    let (job, position) = match find_job(&sim, &headers, &uri) {
        Ok(x) => x,
        Err(resp) => return *resp,
    };
    let with_cost = include_cost(&uri);
    if sim.config.answers == AnswerStyle::Docs && matches!(job.state, JobState::Queued | JobState::Running) {
        let mut detail = json!({"request_id": job.id, "status": word(&sim, job.state)});
        if let Some(p) = position {
            detail["queue_position"] = json!(p);
        }
        return error(
            StatusCode::BAD_REQUEST,
            codes::NOT_COMPLETED,
            format!("request {} is not completed yet", job.id),
            detail,
        );
    }
    let mut answer = ResultAnswer {
        request_id: job.id.clone(),
        status: word(&sim, job.state).to_owned(),
        queue_position: position.map(|p| p as u64),
        output: None,
        error: None,
        model_id: Some(job.model_id.clone()),
        cost: None,
        created_at: sim.timestamp(job.created),
        finished_at: job.finished.and_then(|t| sim.timestamp(t)),
    };
    match job.state {
        JobState::Queued | JobState::Running => {}
        JobState::Completed => {
            answer.output = Some(output_json(&sim, &job));
            answer.cost = with_cost.then_some(job.cost_usd);
        }
        JobState::Failed => {
            answer.error = Some(json!(job.failure.clone().unwrap_or_default()));
            answer.cost = with_cost.then_some(0.0);
        }
        JobState::Cancelled => answer.cost = with_cost.then_some(0.0),
    }
    json_ok(answer.to_value())
}

/// A catalog answer with a strong ETag (a hash of the body); `304 Not Modified` when the
/// request's `If-None-Match` holds it (or `*`).
fn catalog_answer(sim: &Sim, headers: &HeaderMap, value: &Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let etag = format!("\"{}\"", &sha256_hex(&body)[..32]);
    let matches = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*");
    if matches {
        lock(&sim.accounting).catalog_not_modified += 1;
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::ETAG, etag),
        ],
        body,
    )
        .into_response()
}

/// `GET /v1/models?search=&category=&kind=&include_schema=&limit=&offset=`.
async fn list_models(State(sim): State<Arc<Sim>>, headers: HeaderMap, uri: Uri) -> Response {
    if let Err(resp) = auth(&sim, &headers) {
        return *resp;
    }
    let query = match CatalogQuery::parse(uri.query().unwrap_or_default()) {
        Ok(q) => q,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                codes::BAD_QUERY,
                "the query cannot be read",
                Value::String(e),
            );
        }
    };
    catalog_answer(&sim, &headers, &crate::catalog::list(&sim.models, &query).to_value())
}

/// `GET /v1/models/categories` and `GET /v1/models/{model_id}`.
async fn get_model(State(sim): State<Arc<Sim>>, headers: HeaderMap, uri: Uri) -> Response {
    if let Err(resp) = auth(&sim, &headers) {
        return *resp;
    }
    let rest = after_models(uri.path()).unwrap_or_default();
    if rest == CATEGORIES_SEGMENT {
        return catalog_answer(&sim, &headers, &crate::catalog::categories(&sim.models).to_value());
    }
    if let Err(why) = check_model_id(rest) {
        return error(
            StatusCode::BAD_REQUEST,
            codes::BAD_MODEL,
            format!("malformed model id {rest:?}"),
            Value::String(why),
        );
    }
    match sim.models.get(rest) {
        Some(model) => catalog_answer(&sim, &headers, &model.entry(true).to_value()),
        None => error(
            StatusCode::NOT_FOUND,
            codes::UNKNOWN_MODEL,
            format!("no model {rest:?} in the catalog"),
            Value::Null,
        ),
    }
}

async fn cancel(State(sim): State<Arc<Sim>>, headers: HeaderMap, uri: Uri) -> Response {
    let job = match find_job(&sim, &headers, &uri) {
        Ok((job, _)) => job,
        Err(resp) => return *resp,
    };
    let now = sim.clock.now();
    let done = sim.with_queue(|queue| {
        let outcome = queue.cancel(&job.id, now);
        (outcome, queue.get(&job.id).map_or(job.state, |j| j.state))
    });
    let (outcome, state) = match done {
        Ok(x) => x,
        Err(why) => return state_unavailable(why),
    };
    let outcome = match outcome {
        CancelOutcome::Cancelled => CancelWord::Cancelled,
        CancelOutcome::NotCancellable => CancelWord::NotCancellable,
    };
    let answer = CancelAnswer {
        status: word(&sim, state).to_owned(),
        ..CancelAnswer::new(&job.id, state.wire(), outcome)
    };
    let mut resp = json_ok(answer.to_value());
    if sim.config.answers == AnswerStyle::Docs {
        *resp.status_mut() = StatusCode::ACCEPTED;
    }
    resp
}

async fn output_file(State(sim): State<Arc<Sim>>, uri: Uri, headers: HeaderMap) -> Response {
    let not_found = |why: &str| {
        error(
            StatusCode::NOT_FOUND,
            codes::UNKNOWN_REQUEST,
            why.to_owned(),
            Value::Null,
        )
    };
    let mut parts = uri.path().strip_prefix("/outputs/").unwrap_or_default().split('/');
    let (Some(id), Some(file)) = (parts.next(), parts.next()) else {
        return not_found("no such output");
    };
    let job = match sim.with_queue(|queue| queue.get(id).filter(|j| j.state == JobState::Completed).cloned()) {
        Ok(job) => job,
        Err(why) => return state_unavailable(why),
    };
    let Some(job) = job else {
        return not_found("no such output (unknown request, or not completed)");
    };
    let plan = &job.plan;
    let Some((index, item)) = file.split_once('.').and_then(|(n, ext)| {
        let i: usize = n.parse().ok()?;
        let item = plan.file(i)?;
        (item.ext() == ext && n == i.to_string()).then_some((i, item))
    }) else {
        return not_found("no such output file");
    };
    let render = crate::renders::Job {
        item,
        seed: crate::outputs::file_seed(plan, job.output_seed, index),
    };
    let bytes = match sim.renders.get(render).await {
        Ok(bytes) => bytes,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL, e, Value::Null),
    };
    // Outputs never change: the job and the file index name the bytes (a client can resume).
    let etag = format!("\"{}-{index}\"", job.id);
    if let Some((start, end)) = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| byte_range(v, bytes.len()))
    {
        let total = bytes.len();
        return (
            StatusCode::PARTIAL_CONTENT,
            [
                (header::CONTENT_TYPE, item.mime().to_owned()),
                (header::CONTENT_RANGE, format!("bytes {start}-{end}/{total}")),
                (header::ACCEPT_RANGES, "bytes".to_owned()),
                (header::ETAG, etag),
            ],
            bytes.slice(start..=end),
        )
            .into_response();
    }
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, item.mime().to_owned()),
            (header::ACCEPT_RANGES, "bytes".to_owned()),
            (header::ETAG, etag),
        ],
        bytes,
    )
        .into_response()
}

/// One `bytes=START-END` / `bytes=START-` / `bytes=-SUFFIX` range, clamped to `len`; `None`
/// (a full answer) for anything else, including multiple ranges and unsatisfiable ones.
fn byte_range(header: &str, len: usize) -> Option<(usize, usize)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') || len == 0 {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let (start, end) = if a.is_empty() {
        let suffix: usize = b.parse().ok()?;
        (len.saturating_sub(suffix), len - 1)
    } else {
        let start: usize = a.parse().ok()?;
        let end = if b.is_empty() {
            len - 1
        } else {
            b.parse::<usize>().ok()?.min(len - 1)
        };
        (start, end)
    };
    (start <= end && start < len).then_some((start, end))
}

#[cfg(test)]
mod range_tests {
    use super::byte_range;

    #[test]
    fn single_ranges_are_clamped_and_others_ignored() {
        assert_eq!(byte_range("bytes=0-99", 1000), Some((0, 99)));
        assert_eq!(byte_range("bytes=0-65535", 1000), Some((0, 999)));
        assert_eq!(byte_range("bytes=900-", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=-10", 1000), Some((990, 999)));
        assert_eq!(byte_range("bytes=1000-", 1000), None);
        assert_eq!(byte_range("bytes=0-1,5-9", 1000), None);
        assert_eq!(byte_range("items=0-1", 1000), None);
        assert_eq!(byte_range("bytes=5-1", 1000), None);
        assert_eq!(byte_range("bytes=0-1", 0), None);
    }
}
