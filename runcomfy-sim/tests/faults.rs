//! Fault injection over real sockets: statuses, resets, delays, malformed answers.

mod common;

use std::time::Duration;

use common::*;
use runcomfy_sim::{FaultKind, Faults, Op};
use serde_json::{Value, json};

#[tokio::test]
async fn http_error_faults() {
    let sim = start(config()).await;
    let c = client();
    let body = json!({"prompt": "x"});
    sim.inject(Op::Submit, FaultKind::TooManyRequests(Some(3)));
    let resp = submit(&c, &sim, FLUX, &body).await;
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "3");
    sim.inject(Op::Submit, FaultKind::TooManyRequests(None));
    let resp = submit(&c, &sim, FLUX, &body).await;
    assert_eq!(resp.status(), 429);
    assert!(resp.headers().get("retry-after").is_none());
    for code in [500u16, 502, 503] {
        sim.inject(Op::Submit, FaultKind::ServerError(code));
        let resp = submit(&c, &sim, FLUX, &body).await;
        assert_eq!(resp.status().as_u16(), code);
        let err: Value = resp.json().await.unwrap();
        assert_eq!(err["error_code"], u64::from(code) * 1000 + 1);
    }
    // None of these reached the queue.
    assert!(sim.accounting().submissions.is_empty());
    let id = submit_ok(&c, &sim, FLUX, &body).await;

    sim.inject(Op::Status, FaultKind::ErrorWith200);
    let (code, v) = get_json(&c, &format!("{}/requests/{id}/status", sim.base_url()), TOKEN).await;
    assert_eq!(code, 200);
    assert!(v["error_code"].is_number() && v.get("status").is_none(), "{v}");

    sim.inject(Op::Status, FaultKind::MalformedJson);
    let resp = c
        .get(format!("{}/requests/{id}/status", sim.base_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");

    sim.inject(Op::Result, FaultKind::UnknownStatus);
    let (code, v) = get_json(&c, &format!("{}/requests/{id}/result", sim.base_url()), TOKEN).await;
    assert_eq!(
        (code, v["status"].clone()),
        (200, json!(runcomfy_sim::faults::UNKNOWN_STATUS))
    );
    assert_eq!(status(&c, &sim, &id).await["status"], "in_queue", "faults are one-shot");
    let acct = sim.accounting();
    assert_eq!(acct.faults.len(), 8);
    assert_eq!(acct.status_calls_for(&id), 3, "faulted calls are counted too");
}

#[tokio::test]
async fn reset_before_the_body_creates_no_job() {
    let sim = start(config()).await;
    let c = client();
    sim.inject(Op::Submit, FaultKind::ResetBeforeBody);
    let err = c
        .post(format!("{}/models/{FLUX}", sim.base_url()))
        .bearer_auth(TOKEN)
        .json(&json!({"prompt": "x"}))
        .send()
        .await
        .expect_err("the connection is reset");
    assert!(!err.is_status(), "{err:?}");
    assert!(sim.accounting().submissions.is_empty());
    // The server is fine afterwards.
    submit_ok(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
}

#[tokio::test]
async fn reset_after_the_body_creates_the_job_anyway() {
    let sim = start(config()).await;
    let c = client();
    let body = json!({"prompt": "paid once"});
    sim.inject(Op::Submit, FaultKind::ResetAfterBody);
    let res = c
        .post(format!("{}/models/{FLUX}", sim.base_url()))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await;
    assert!(res.is_err(), "{res:?}");
    let acct = sim.accounting();
    assert_eq!(
        acct.jobs_from(&body),
        1,
        "the job exists although the client saw no answer"
    );
    assert_eq!(acct.submissions[0].http_status, 200);
    assert_eq!(acct.faults[0].kind, FaultKind::ResetAfterBody);
}

#[tokio::test]
async fn delays_beyond_a_client_timeout() {
    let sim = start(config()).await;
    let c = client();
    let id = submit_ok(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
    sim.inject(Op::Status, FaultKind::Delay(Duration::from_millis(1500)));
    let err = c
        .get(format!("{}/requests/{id}/status", sim.base_url()))
        .bearer_auth(TOKEN)
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    // A patient client gets the normal answer.
    sim.inject(Op::Status, FaultKind::Delay(Duration::from_millis(100)));
    assert_eq!(status(&c, &sim, &id).await["status"], "in_queue");
}

#[tokio::test]
async fn output_downloads_can_fail_too() {
    let sim = start(config()).await;
    let c = client();
    let res = run_job(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
    let url = res["output"]["image"].as_str().unwrap();
    sim.inject(Op::Output, FaultKind::ServerError(503));
    assert_eq!(c.get(url).send().await.unwrap().status(), 503);
    sim.inject(Op::Output, FaultKind::ResetAfterBody);
    assert!(c.get(url).send().await.is_err());
    download(&c, url).await;
}

/// Status codes of `n` status calls under `spec`.
async fn codes_under(spec: &str, n: usize) -> Vec<u16> {
    let mut cfg = config();
    cfg.faults = spec.parse::<Faults>().unwrap();
    let sim = start(cfg).await;
    let c = client();
    let id = submit_ok(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
    let mut out = Vec::new();
    for _ in 0..n {
        let resp = c
            .get(format!("{}/requests/{id}/status", sim.base_url()))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        out.push(resp.status().as_u16());
    }
    out
}

#[tokio::test]
async fn random_faults_are_deterministic_per_seed_and_scoped() {
    let spec = format!("seed=11;status:503=0.3,429(1)=0.2;status@{GPT_IMAGE}:500=1;submit:500=0");
    let a = codes_under(&spec, 40).await;
    let b = codes_under(&spec, 40).await;
    assert_eq!(a, b);
    assert!(a.contains(&503) && a.contains(&429) && a.contains(&200), "{a:?}");
    assert!(!a.contains(&500), "the GPT-only rule does not apply to flux: {a:?}");
    let other = codes_under(&spec.replace("seed=11", "seed=12"), 40).await;
    assert_ne!(a, other);
    // A model-scoped rule beats the operation-wide one.
    let mut cfg = config();
    cfg.faults = spec.parse().unwrap();
    let sim = start(cfg).await;
    let c = client();
    let id = submit_ok(&c, &sim, GPT_IMAGE, &json!({"prompt": "x"})).await;
    let (code, _) = get_json(&c, &format!("{}/requests/{id}/status", sim.base_url()), TOKEN).await;
    assert_eq!(code, 500);
}
