//! `--answers docs` (`AnswerStyle::Docs`): the shapes RunComfy's public documentation shows,
//! next to the default ones, over plain HTTP.

mod common;

use std::time::Duration;

use common::*;
use runcomfy_sim::AnswerStyle;
use serde_json::{Value, json};

fn docs() -> runcomfy_sim::SimConfig {
    let mut cfg = config();
    cfg.answers = AnswerStyle::Docs;
    cfg
}

#[tokio::test]
async fn documented_shapes_202_succeeded_400005_and_several_output_keys() {
    let sim = start(docs()).await;
    let c = client();
    let body = json!({"promptImage": png_data_uri(200, 150), "duration": 5});
    let resp = submit(&c, &sim, RUNWAY, &body).await;
    assert_eq!(resp.status(), 202, "submit is 202 Accepted");
    let sub: Value = resp.json().await.unwrap();
    let id = sub["request_id"].as_str().unwrap().to_owned();
    let result_url = format!("{}/requests/{id}/result", sim.base_url());
    // Before completion the result is a 400 with code 400005, queued and running alike.
    for _ in 0..2 {
        let (code, err) = get_json(&c, &result_url, TOKEN).await;
        assert_eq!(code, 400, "{err}");
        assert_eq!(err["error_code"], 400_005);
        assert!(
            err["error_message"].as_str().unwrap().contains("not completed yet"),
            "{err}"
        );
        assert!(
            matches!(err["detail"]["status"].as_str(), Some("in_queue" | "in_progress")),
            "{err}"
        );
        sim.advance(Duration::from_secs(2));
    }
    sim.advance(Duration::from_secs(60));
    let (code, st) = get_json(&c, &format!("{}/requests/{id}/status", sim.base_url()), TOKEN).await;
    assert_eq!((code, &st["status"]), (200, &json!("succeeded")));
    let (code, res) = get_json(&c, &format!("{result_url}?include_cost=true"), TOKEN).await;
    assert_eq!(code, 200);
    assert_eq!(res["status"], "succeeded");
    let output = &res["output"];
    let videos = output["videos"].as_array().expect("videos, a list");
    assert_eq!(videos.len(), 1);
    let poster = output["image"].as_str().expect("the poster under image");
    let parsed: runcomfy_schema::Output = serde_json::from_value(output.clone()).unwrap();
    assert_eq!(parsed.urls().count(), 2, "{output}");
    let video = runcomfy_sim::read_mp4_video(&download(&c, videos[0].as_str().unwrap()).await).unwrap();
    let png = image::load_from_memory(&download(&c, poster).await).unwrap();
    assert_eq!(
        (png.width(), png.height()),
        (video.width, video.height),
        "the poster is a frame"
    );
    assert_eq!(res["cost"], 0.25);
    // Cancel: 202 too; a finished job is not cancellable.
    let resp = c
        .post(format!("{}/requests/{id}/cancel", sim.base_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 202);
    let cancel: Value = resp.json().await.unwrap();
    assert_eq!(
        (cancel["status"].as_str(), cancel["outcome"].as_str()),
        (Some("succeeded"), Some("not_cancellable"))
    );
    // A queued job is cancelled with 202, and its result is then 200 `cancelled`.
    let id = submit_ok_docs(&c, &sim, &json!({"prompt": "x"})).await;
    let resp = c
        .post(format!("{}/requests/{id}/cancel", sim.base_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 202);
    let (code, res) = get_json(&c, &format!("{}/requests/{id}/result", sim.base_url()), TOKEN).await;
    assert_eq!((code, &res["status"]), (200, &json!("cancelled")));
    // Images come as a list, even one.
    let id = submit_ok_docs(&c, &sim, &json!({"prompt": "x"})).await;
    sim.advance(Duration::from_secs(60));
    let (_, res) = get_json(&c, &format!("{}/requests/{id}/result", sim.base_url()), TOKEN).await;
    assert_eq!(res["output"]["images"].as_array().map(Vec::len), Some(1), "{res}");
    assert!(res["output"].get("image").is_none());
}

async fn submit_ok_docs(c: &reqwest::Client, sim: &runcomfy_sim::SimHandle, body: &Value) -> String {
    let resp = submit(c, sim, FLUX, body).await;
    assert_eq!(resp.status(), 202);
    resp.json::<Value>().await.unwrap()["request_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_default_shapes_are_unchanged() {
    let sim = start(config()).await;
    let c = client();
    let id = submit_ok(&c, &sim, FLUX, &json!({"prompt": "x"})).await;
    let (code, res) = get_json(&c, &format!("{}/requests/{id}/result", sim.base_url()), TOKEN).await;
    assert_eq!((code, &res["status"]), (200, &json!("in_queue")), "{res}");
    sim.advance(Duration::from_secs(60));
    let (_, res) = get_json(&c, &format!("{}/requests/{id}/result", sim.base_url()), TOKEN).await;
    assert_eq!(res["status"], "completed");
    assert!(res["output"]["image"].is_string(), "{res}");
}

#[test]
fn the_binary_takes_the_answer_style() {
    assert_eq!("docs".parse::<AnswerStyle>(), Ok(AnswerStyle::Docs));
    assert_eq!("sim".parse::<AnswerStyle>(), Ok(AnswerStyle::Simulator));
    assert!("both".parse::<AnswerStyle>().is_err());
}
