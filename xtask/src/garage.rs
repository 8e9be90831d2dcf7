//! A throwaway single-node Garage server, the S3-compatible store of the
//! storage tests: a temp folder, a generated configuration
//! (`replication_factor = 1`, a random RPC secret, the S3 API on a free
//! loopback port), then through Garage's own command line a layout of
//! one node, a bucket and a key allowed to use it. Stopped and removed
//! when dropped. Garage is AGPL and only ever runs here, as a test server;
//! the API ships with none of it.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Result;
use crate::postgres::free_port;

pub const BUCKET: &str = "akun-test";
const KEY_NAME: &str = "akun-test";
const REGION: &str = "garage";

pub struct Server {
    dir: PathBuf,
    bin: PathBuf,
    child: Child,
    s3_port: u16,
    key_id: String,
    secret: String,
}

/// `n` random bytes from the kernel, as hex (xtask has no dependencies).
fn random_hex(n: usize) -> Result<String> {
    use std::io::Read;
    let mut bytes = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("reading /dev/urandom: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Server {
    pub fn start() -> Result<Server> {
        let bin = crate::tools::ensure_garage()?;
        let dir = std::env::temp_dir().join(format!("akun-garage-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let (rpc_port, s3_port) = (free_port()?, free_port()?);
        let config = format!(
            r#"metadata_dir = "{dir}/meta"
data_dir = "{dir}/data"
db_engine = "sqlite"
replication_factor = 1
metadata_fsync = false
data_fsync = false
rpc_bind_addr = "127.0.0.1:{rpc_port}"
rpc_public_addr = "127.0.0.1:{rpc_port}"
rpc_secret = "{secret}"

[s3_api]
s3_region = "{REGION}"
api_bind_addr = "127.0.0.1:{s3_port}"
root_domain = ".s3.garage.localhost"
"#,
            dir = dir.display(),
            secret = random_hex(32)?,
        );
        let config_file = dir.join("garage.toml");
        std::fs::write(&config_file, config).map_err(|e| e.to_string())?;
        let log = std::fs::File::create(dir.join("garage.log")).map_err(|e| e.to_string())?;
        let child = Command::new(&bin)
            .arg("-c")
            .arg(&config_file)
            .arg("server")
            .env("RUST_LOG", "garage=warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("starting {}: {e}", bin.display()))?;
        let mut server = Server {
            dir,
            bin,
            child,
            s3_port,
            key_id: String::new(),
            secret: String::new(),
        };
        server.set_up().map_err(|e| {
            let log = std::fs::read_to_string(server.dir.join("garage.log")).unwrap_or_default();
            format!("{e}\ngarage's log:\n{log}")
        })?;
        eprintln!("Garage test server: S3 on 127.0.0.1:{s3_port}, bucket {BUCKET}");
        Ok(server)
    }

    /// One node in the layout, a bucket, a key that may use it.
    fn set_up(&mut self) -> Result {
        // The node's id, once the server answers its command line.
        let started = Instant::now();
        let node = loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("garage server stopped ({status})"));
            }
            match self.garage(&["node", "id", "-q"]) {
                Ok(out) => break out.trim().split('@').next().unwrap_or("").to_owned(),
                Err(e) if started.elapsed() > Duration::from_secs(30) => {
                    return Err(format!("garage did not answer within 30 s: {e}"));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        };
        self.garage(&["layout", "assign", "-z", "dc1", "-c", "1G", &node])?;
        self.garage(&["layout", "apply", "--version", "1"])?;
        self.garage(&["bucket", "create", BUCKET])?;
        let key = self.garage(&["key", "create", KEY_NAME])?;
        let field = |name: &str| {
            key.lines()
                .find_map(|l| l.trim().strip_prefix(name))
                .map(|v| v.trim().to_owned())
                .ok_or_else(|| format!("no {name:?} in garage's answer:\n{key}"))
        };
        self.key_id = field("Key ID:")?;
        self.secret = field("Secret key:")?;
        self.garage(&[
            "bucket", "allow", "--read", "--write", "--owner", BUCKET, "--key", KEY_NAME,
        ])?;
        // The S3 API answers once the layout has reached it.
        let started = Instant::now();
        while crate::http_get(self.s3_port, "/").is_none() {
            if started.elapsed() > Duration::from_secs(30) {
                return Err("Garage's S3 API did not answer within 30 s".into());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(())
    }

    /// Runs `garage -c CONFIG ARGS` and returns what it printed.
    fn garage(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.bin)
            .arg("-c")
            .arg(self.dir.join("garage.toml"))
            .args(args)
            .env("RUST_LOG", "garage=warn")
            .output()
            .map_err(|e| format!("garage {}: {e}", args.join(" ")))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "`garage {}` failed: {}{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// What the storage tests read to reach this server: the bucket and
    /// the usual AWS variables.
    pub fn test_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AKUN_TEST_OBJECT_STORE_URL", format!("s3://{BUCKET}")),
            ("AWS_ACCESS_KEY_ID", self.key_id.clone()),
            ("AWS_SECRET_ACCESS_KEY", self.secret.clone()),
            (
                "AWS_ENDPOINT_URL",
                format!("http://127.0.0.1:{}", self.s3_port),
            ),
            ("AWS_REGION", REGION.to_owned()),
            ("AWS_ALLOW_HTTP", "true".to_owned()),
        ]
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
