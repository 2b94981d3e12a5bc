//! Helpers shared by the CLI tests: the built binary with a clean environment, and a
//! simulator on 127.0.0.1 that outlives single commands.
#![allow(dead_code)]

use assert_cmd::Command;

/// The flux text-to-image endpoint.
pub const FLUX: &str = "blackforestlabs/flux-1-schnell/text-to-image";

/// The binary's path.
pub const BIN: &str = env!("CARGO_BIN_EXE_runcomfy");

/// The environment variables the tests control.
pub const VARS: [&str; 5] = [
    "RUNCOMFY_TOKEN",
    "RUNCOMFY_API_TOKEN",
    "RUNCOMFY_API_KEY",
    "RUNCOMFY_SIMULATE",
    "RUNCOMFY_MODEL_API_BASE",
];

/// The cache folder of this test process (under cargo's temporary folder for tests, new for
/// every run), so that no test reads or writes the user's cache, and no run sees another's.
pub fn test_cache() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("runcomfy-cli-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a cache folder for the tests");
        dir
    })
}

/// The binary with a clean environment (no token, no simulate, no base URL, no color).
pub fn runcomfy() -> Command {
    let mut cmd = Command::new(BIN);
    for var in VARS {
        cmd.env_remove(var);
    }
    // No token file of the machine's user either: an empty configuration directory; and no
    // catalog cache or simulated jobs of theirs: a cache of this test process.
    cmd.env("RUNCOMFY_CONFIG_DIR", "/nonexistent/runcomfy-test-config");
    cmd.env("XDG_CACHE_HOME", test_cache());
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A simulator on 127.0.0.1 with its own runtime, so that jobs outlive the CLI processes.
pub struct Sim {
    _rt: tokio::runtime::Runtime,
    /// The simulator.
    pub sim: runcomfy_sim::SimHandle,
}

impl Sim {
    /// Starts a simulator with `config`.
    pub fn start(config: runcomfy_sim::SimConfig) -> Sim {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let sim = rt.block_on(runcomfy_sim::start(config)).expect("simulator");
        Sim { _rt: rt, sim }
    }

    /// The binary pointed at this simulator with `token`.
    pub fn cmd(&self, token: &str) -> Command {
        let mut cmd = runcomfy();
        cmd.env("RUNCOMFY_TOKEN", token)
            .env("RUNCOMFY_MODEL_API_BASE", self.sim.base_url());
        cmd
    }
}

/// A scripted (hostile or broken) server on 127.0.0.1 with its own runtime.
pub struct Hostile {
    _rt: tokio::runtime::Runtime,
    /// The server.
    pub server: runcomfy_sim::scripted::Scripted,
}

impl Hostile {
    /// Starts a server with no routes.
    pub fn start() -> Hostile {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let server = rt.block_on(runcomfy_sim::scripted::Scripted::start());
        Hostile { _rt: rt, server }
    }

    /// The binary pointed at this server with `token`.
    pub fn cmd(&self, token: &str) -> Command {
        let mut cmd = runcomfy();
        cmd.env("RUNCOMFY_TOKEN", token)
            .env("RUNCOMFY_MODEL_API_BASE", self.server.url("/v1"));
        cmd
    }

    /// Answers status and result of `id` as completed with `output`.
    pub fn completed(&self, id: &str, output: serde_json::Value) {
        use runcomfy_sim::scripted::Reply;
        let status = serde_json::json!({"request_id": id, "status": "completed"});
        self.server
            .route("GET", &format!("/v1/requests/{id}/status"), Reply::json(200, status));
        let result = serde_json::json!({"status": "completed", "output": output, "cost": 0.01});
        self.server.route(
            "GET",
            &format!("/v1/requests/{id}/result?include_cost=true"),
            Reply::json(200, result),
        );
    }
}
