//! Headless Chromium driven over the DevTools protocol: launch, open a page, evaluate
//! scripts (awaiting their promises), press real keys, take a screenshot.
//!
//! Four protocol commands are all these tests need, so they are sent as JSON over a
//! WebSocket (`tungstenite`) rather than through a generated binding of the whole protocol
//! (the `headless_chrome` crate adds minutes of build time for it).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// The flags that work here (no sandbox as root, no GPU, no network of its own).
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-port=0",
    "--window-size=1280,900",
];

/// The longest any single step may take: a ceiling, not a pace.
const CEILING: Duration = Duration::from_secs(90);

/// The browser to use: `$RUNCOMFY_CHROMIUM`, else the first of the usual names on `PATH`.
pub fn find_browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RUNCOMFY_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// A running browser, killed on drop.
pub struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: Option<String>,
    _profile: tempfile::TempDir,
    stderr_log: PathBuf,
}

impl Browser {
    /// Starts `exe` with a fresh profile and connects to it.
    pub fn launch(exe: &Path) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let stderr_log = profile.path().join("stderr.log");
        let log = std::fs::File::create(&stderr_log).map_err(|e| e.to_string())?;
        let child = Command::new(exe)
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        let mut browser = Browser {
            child,
            ws: connect(&profile, &stderr_log)?,
            next_id: 0,
            session: None,
            _profile: profile,
            stderr_log,
        };
        let target = browser.call_browser("Target.createTarget", json!({"url": "about:blank"}))?;
        let target_id = target["targetId"].as_str().ok_or("no targetId")?.to_owned();
        let attached =
            browser.call_browser("Target.attachToTarget", json!({"targetId": target_id, "flatten": true}))?;
        browser.session = Some(attached["sessionId"].as_str().ok_or("no sessionId")?.to_owned());
        browser.call("Page.enable", json!({}))?;
        Ok(browser)
    }

    /// What the browser printed, for failure messages.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_log).unwrap_or_default()
    }

    /// Opens `url` and waits for its load event.
    pub fn navigate(&mut self, url: &str) -> Result<(), String> {
        let answer = self.call("Page.navigate", json!({"url": url}))?;
        if let Some(e) = answer.get("errorText") {
            return Err(format!("navigation to {url} failed: {e}"));
        }
        self.wait_event("Page.loadEventFired")
    }

    /// Evaluates `expression` in the page, awaiting a promise, and returns its value as JSON.
    pub fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "awaitPromise": true, "returnByValue": true}),
        )?;
        if let Some(e) = r.get("exceptionDetails") {
            return Err(format!("script threw: {e}"));
        }
        Ok(r["result"].get("value").cloned().unwrap_or(Value::Null))
    }

    /// Presses and releases a key as a person would (trusted events).
    pub fn press(&mut self, key: &str) -> Result<(), String> {
        let (code, vk, text) = match key {
            "Enter" => ("Enter", 13, Some("\r")),
            "Escape" => ("Escape", 27, None),
            "Tab" => ("Tab", 9, None),
            "ArrowRight" => ("ArrowRight", 39, None),
            "ArrowLeft" => ("ArrowLeft", 37, None),
            "j" => ("KeyJ", 74, Some("j")),
            "k" => ("KeyK", 75, Some("k")),
            "/" => ("Slash", 191, Some("/")),
            other => return Err(format!("no key {other:?} in this driver")),
        };
        let mut down = json!({"type": if text.is_some() { "keyDown" } else { "rawKeyDown" },
            "key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk});
        if let Some(t) = text {
            down["text"] = json!(t);
        }
        self.call("Input.dispatchKeyEvent", down)?;
        self.call(
            "Input.dispatchKeyEvent",
            json!({"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}),
        )?;
        Ok(())
    }

    /// A PNG of the viewport.
    pub fn screenshot(&mut self) -> Result<Vec<u8>, String> {
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}))?;
        let data = r["data"].as_str().ok_or("no screenshot data")?;
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| e.to_string())
    }

    /// Sets the viewport's size.
    pub fn viewport(&mut self, width: u32, height: u32) -> Result<(), String> {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        )
        .map(drop)
    }

    fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let session = self.session.clone();
        self.send(method, params, session.as_deref())
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.send(method, params, None)
    }

    fn send(&mut self, method: &str, params: Value, session: Option<&str>) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .map_err(|e| format!("{method}: {e}"))?;
        let deadline = Instant::now() + CEILING;
        loop {
            let m = self.read(deadline, method)?;
            if m.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(e) = m.get("error") {
                    return Err(format!("{method}: {e}"));
                }
                return Ok(m.get("result").cloned().unwrap_or(Value::Null));
            }
        }
    }

    fn wait_event(&mut self, name: &str) -> Result<(), String> {
        let deadline = Instant::now() + CEILING;
        loop {
            let m = self.read(deadline, name)?;
            if m.get("method").and_then(Value::as_str) == Some(name) {
                return Ok(());
            }
        }
    }

    fn read(&mut self, deadline: Instant, what: &str) -> Result<Value, String> {
        loop {
            if Instant::now() > deadline {
                return Err(format!("{what}: no answer within {CEILING:?}"));
            }
            match self.ws.read() {
                Ok(Message::Text(t)) => return serde_json::from_str(t.as_str()).map_err(|e| e.to_string()),
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) =>
                {
                    continue;
                }
                Err(e) => return Err(format!("{what}: {e}\n{}", self.stderr())),
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call_browser("Browser.close", json!({}));
        // Whatever Browser.close did, the process ends here (it is ours: killed by its id).
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Connects to the browser's DevTools endpoint, which it writes to `DevToolsActivePort` in
/// its profile once listening.
fn connect(profile: &tempfile::TempDir, stderr_log: &Path) -> Result<WebSocket<MaybeTlsStream<TcpStream>>, String> {
    let file = profile.path().join("DevToolsActivePort");
    let deadline = Instant::now() + CEILING;
    let (port, path) = loop {
        if let Ok(text) = std::fs::read_to_string(&file) {
            let mut lines = text.lines();
            if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                break (port.trim().to_owned(), path.trim().to_owned());
            }
        }
        if Instant::now() > deadline {
            return Err(format!(
                "the browser did not open its DevTools port within {CEILING:?}:\n{}",
                std::fs::read_to_string(stderr_log).unwrap_or_default()
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let url = format!("ws://127.0.0.1:{port}{path}");
    let (ws, _) = tungstenite::connect(&url).map_err(|e| format!("{url}: {e}"))?;
    if let MaybeTlsStream::Plain(s) = ws.get_ref() {
        // Reads wake up regularly so that every wait can honour its ceiling.
        s.set_read_timeout(Some(Duration::from_millis(500)))
            .map_err(|e| e.to_string())?;
    }
    Ok(ws)
}
