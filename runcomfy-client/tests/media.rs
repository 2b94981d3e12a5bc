//! Media pre-checks: local data by its header, remote files by their first bytes only.

mod common;

use common::*;
use runcomfy_client::models::blackforestlabs::flux_1_schnell::text_to_image as flux;
use runcomfy_client::models::runwayml::runway_gen_4::turbo::image_to_video as gen4;
use runcomfy_client::{ErrorKind, MediaFacts, MediaKind};
use serde_json::json;

#[tokio::test]
async fn a_remote_image_is_measured_from_its_first_bytes() {
    let sim = sim().await;
    let client = client(&sim);
    let out = client
        .run(&flux::Request::from_json(json!({"prompt": "big"})).unwrap())
        .await
        .unwrap();
    let url = out.output.image.clone().unwrap();
    // The full file, for comparison.
    let full = reqwest::get(&url).await.unwrap().bytes().await.unwrap();
    let before = sim.accounting().output_bytes_served;
    let probe = client.probe_media(&url, MediaKind::Image).await.unwrap();
    let served = sim.accounting().output_bytes_served - before;
    let size = imagesize::blob_size(&full).unwrap();
    assert_eq!(probe.facts.width, Some(size.width as u64));
    assert_eq!(probe.facts.height, Some(size.height as u64));
    assert_eq!(
        probe.facts.bytes,
        Some(full.len() as u64),
        "total length from Content-Range"
    );
    assert!(probe.bytes_read <= runcomfy_client::media::PROBE_BYTES);
    assert!(
        served <= runcomfy_client::media::PROBE_BYTES,
        "served {served} of {}",
        full.len()
    );
    assert!((full.len() as u64) > served, "never the whole file");
    assert_eq!(sim.accounting().output_requests_with_auth, 0);
}

#[tokio::test]
async fn the_schema_rules_quote_its_message_and_the_measured_value() {
    let sim = sim().await;
    let client = client(&sim);
    // 9000 px wide: "must not exceed 8000 pixels".
    let too_wide = png_data_uri(9000, 6000);
    let req = gen4::Request::from_json(json!({ "promptImage": too_wide })).unwrap();
    let err = client.submit(&req).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
    assert_eq!(err.model_id(), Some(gen4::Request::MODEL_ID));
    let violations = err.violations().expect("violations");
    let text = err.to_string();
    assert!(text.contains("must not exceed 8000 pixels"), "{text}");
    assert!(text.contains("9000"), "{text}");
    assert!(!violations.0.is_empty());

    // The same rules against facts measured elsewhere (e.g. by probe_media).
    let rules = gen4::PromptImage::RULES;
    let facts = MediaFacts {
        width: Some(1000),
        height: Some(100),
        bytes: Some(1000),
    };
    assert!(
        rules.iter().any(|r| r.check(&facts).is_err()),
        "aspect 10:1 breaks a rule"
    );

    // A good image goes through.
    let ok = gen4::Request::from_json(json!({ "promptImage": png_data_uri(800, 600) })).unwrap();
    assert!(client.submit(&ok).await.is_ok());
    assert_eq!(sim.accounting().submissions.len(), 1, "only the valid request was sent");
}

#[test]
fn local_files_are_size_limited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.png");
    std::fs::write(&path, png(320, 200)).unwrap();
    let input = runcomfy_client::media::from_file(&path, 1 << 20).unwrap();
    assert!(input.as_str().starts_with("data:image/png;base64,"));
    let err = runcomfy_client::media::from_file(&path, 10).unwrap_err();
    assert!(err.to_string().contains("more than 10 bytes"), "{err}");
    assert!(runcomfy_client::media::from_file(&dir.path().join("missing.png"), 10).is_err());
}

/// A one-connection file server for a 16 MiB PNG; returns how many body bytes it wrote.
async fn serve_16mb(honour_range: bool) -> (String, tokio::task::JoinHandle<u64>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    const TOTAL: usize = 16 * 1024 * 1024;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/big.png", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 4096];
        let n = sock.read(&mut buf).await.unwrap();
        let head = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
        let mut body = png(7000, 5000);
        body.resize(TOTAL, 0);
        let (status, body) = match head.find("range: bytes=0-") {
            Some(_) if honour_range => {
                let end = 65535;
                let h = format!(
                    "HTTP/1.1 206 Partial Content\r\nContent-Length: {}\r\nContent-Range: bytes 0-{end}/{TOTAL}\r\n\r\n",
                    end + 1
                );
                (h, &body[..=end])
            }
            _ => (format!("HTTP/1.1 200 OK\r\nContent-Length: {TOTAL}\r\n\r\n"), &body[..]),
        };
        sock.write_all(status.as_bytes()).await.unwrap();
        let mut written = 0u64;
        for chunk in body.chunks(16 * 1024) {
            if sock.write_all(chunk).await.is_err() {
                break;
            }
            written += chunk.len() as u64;
        }
        written
    });
    (url, task)
}

#[tokio::test]
async fn pre_checking_a_16_mib_remote_image_reads_only_its_head() {
    let sim = sim().await;
    let client = client(&sim);
    for honour_range in [true, false] {
        let (url, server) = serve_16mb(honour_range).await;
        let probe = client.probe_media(&url, MediaKind::Image).await.unwrap();
        assert_eq!(probe.facts.width, Some(7000));
        assert_eq!(probe.facts.bytes, Some(16 * 1024 * 1024));
        assert!(probe.bytes_read <= runcomfy_client::media::PROBE_BYTES);
        let written = server.await.unwrap();
        eprintln!(
            "range honoured: {honour_range}: client read {} B, server wrote {written} B",
            probe.bytes_read
        );
        if honour_range {
            assert_eq!(written, 65536);
        } else {
            assert!(
                written < 16 * 1024 * 1024,
                "the connection was dropped early ({written})"
            );
        }
    }
}
