//! The project's chores, run as `cargo xtask <command>`:
//!
//! - `dev`: installs what is missing, builds the SPA, runs the API on SQLite
//!   serving it, and prints one URL.
//! - `test`: everything CI checks, ending with `N passed, N failed`.
//! - `bench`: first-load sizes of the SPA and the API's throughput.
//!
//! The standard library and the dependency-free `akun-texts` only, so this
//! builds in seconds on a fresh machine.

mod garage;
mod lints;
mod passwords;
mod postgres;
mod registry;
mod tools;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("size") => build_spa().and_then(|()| check_sizes()),
        Some("gen-registry") => registry::run(&args[1..]),
        Some("gen-common-passwords") => passwords::run_command(&args[1..]),
        Some("tools") => tools::ensure_all(true).map(|_| ()),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  dev [--port N]  build the SPA and run the API on SQLite (one URL)\n  test            everything CI checks\n  bench           SPA first-load sizes and API throughput\n  size            build the SPA and hold each bundle to size-limits.txt\n  tools           install the build tools that are missing\n  gen-registry    write the synthetic civil registry (--check: fail if it differs)\n  gen-common-passwords  write the API's list of common passwords from its pinned npm package (--check: fail if it differs)"
            );
            Err("unknown command".into())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = (), E = String> = std::result::Result<T, E>;

/// The workspace root (the folder above `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Runs a command in the workspace root, streaming its output.
pub fn run(cmd: &mut Command) -> Result {
    eprintln!("$ {}", describe(cmd));
    let status = cmd
        .current_dir(root())
        .status()
        .map_err(|e| format!("{}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// The SPA's bundles: the Trunk target, where it goes under `dist/`, and
/// the URL it is served from. The applicant's bundle first: Trunk replaces
/// its whole `dist` folder, so the other bundles must be built after it.
const BUNDLES: [(&str, &str, &str); 3] = [
    ("index.html", "dist", "/"),
    ("account.html", "dist/account", "/account/"),
    ("report.html", "dist/report", "/report/"),
];

/// Builds the SPA's two bundles for release with Trunk into `dist/`.
fn build_spa() -> Result {
    let tools = tools::ensure_all(false)?;
    for (target, dist, public_url) in BUNDLES {
        let mut cmd = Command::new(&tools.trunk);
        // The target before `--release`, which takes an optional value.
        cmd.args([
            "build",
            target,
            "--release",
            "--dist",
            dist,
            "--public-url",
            public_url,
        ])
        .env("PATH", tools.path_env());
        // Trunk must not reach for the network; Trunk.toml says offline too.
        cmd.env("TRUNK_BUILD_OFFLINE", "true");
        run(&mut cmd)?;
        if !root().join(dist).join("index.html").is_file() {
            return Err(format!(
                "trunk built {target} but {dist}/index.html is missing"
            ));
        }
        write_english(target, &root().join(dist))?;
    }
    Ok(())
}

/// Writes a bundle's English texts beside its wasm, named after it
/// (`akun-<hash>_bg.wasm` -> `akun-<hash>_en.txt`), where the SPA fetches
/// them when someone chooses English (see `akun-texts`).
fn write_english(target: &str, dist: &Path) -> Result {
    let bundle = match target {
        "account.html" => akun_texts::Bundle::Account,
        "report.html" => akun_texts::Bundle::Report,
        _ => akun_texts::Bundle::Public,
    };
    let wasm = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .find(|name| name.ends_with("_bg.wasm"))
        .ok_or_else(|| format!("no wasm in {}", dist.display()))?;
    let name = format!("{}_en.txt", wasm.trim_end_matches("_bg.wasm"));
    std::fs::write(dist.join(&name), akun_texts::english_file(bundle))
        .map_err(|e| format!("{name}: {e}"))
}

fn dev(args: &[String]) -> Result {
    let port = match args {
        [flag, port] if flag == "--port" => {
            port.parse::<u16>().map_err(|e| format!("--port: {e}"))?
        }
        [] => 8080,
        _ => return Err("usage: cargo xtask dev [--port N]".into()),
    };
    if spa_is_fresh() {
        eprintln!("the SPA in dist/ is newer than its sources: not rebuilding");
    } else {
        build_spa()?;
    }
    run(Command::new("cargo").args(["build", "--quiet", "-p", "akun-api"]))?;
    let url = format!("http://127.0.0.1:{port}/");
    let mut api = Command::new(root().join("target/debug/akun-api"))
        .current_dir(root())
        .env("AKUN_BIND", format!("127.0.0.1:{port}"))
        .env("AKUN_PUBLIC_URL", url.trim_end_matches('/'))
        .env("AKUN_SPA_DIR", root().join("dist"))
        .env("AKUN_DATABASE_URL", "sqlite://data/akun.db")
        .env("AKUN_DEV_MAILBOX", "true")
        .spawn()
        .map_err(|e| format!("starting the API: {e}"))?;
    // Announce the URL once the API answers.
    let started = Instant::now();
    while !http_ok(port, "/healthz") {
        if let Ok(Some(status)) = api.try_wait() {
            return Err(format!("the API stopped ({status})"));
        }
        if started.elapsed().as_secs() > 60 {
            return Err("the API did not answer /healthz within 60 s".into());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    println!(
        "\n  akun is running: {url}\n  developer mailbox: {url}dev/mailbox\n  (Ctrl+C stops it)\n"
    );
    let status = api.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the API exited ({status})"))
    }
}

/// Is `dist/index.html` newer than every source the SPA is built from? Lets
/// a second `cargo xtask dev` start in seconds.
fn spa_is_fresh() -> bool {
    fn newest(path: &Path) -> Option<std::time::SystemTime> {
        let meta = std::fs::metadata(path).ok()?;
        if meta.is_dir() {
            std::fs::read_dir(path)
                .ok()?
                .filter_map(|e| e.ok())
                .filter_map(|e| newest(&e.path()))
                .max()
        } else {
            meta.modified().ok()
        }
    }
    let root = root();
    // The Report Form's bundle is built last.
    let Some(built) = std::fs::metadata(root.join("dist/report/index.html"))
        .and_then(|m| m.modified())
        .ok()
    else {
        return false;
    };
    [
        "src",
        "style",
        "public",
        "crates/core",
        "index.html",
        "account.html",
        "report.html",
        "Trunk.toml",
        "Cargo.toml",
        "Cargo.lock",
    ]
    .iter()
    .filter_map(|p| newest(&root.join(p)))
    .all(|t| t <= built)
}

/// A tiny HTTP/1.0 GET on loopback: is the answer 200?
pub fn http_ok(port: u16, path: &str) -> bool {
    http_get(port, path)
        .is_some_and(|r| r.starts_with("HTTP/1.1 200") || r.starts_with("HTTP/1.0 200"))
}

pub fn http_get(port: u16, path: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut out = String::new();
    stream.read_to_string(&mut out).ok()?;
    Some(out)
}

/// Counts of tests, summed over every runner's `test result:` lines.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    steps_failed: Vec<String>,
}

impl Tally {
    /// Runs a test command, echoing its output and adding up its results.
    fn tests(&mut self, name: &str, cmd: &mut Command) {
        eprintln!("\n== {name}\n$ {}", describe(cmd));
        let started = Instant::now();
        let child = cmd.current_dir(root()).stdout(Stdio::piped()).spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => {
                self.steps_failed.push(format!("{name}: {e}"));
                return;
            }
        };
        let (mut passed, mut failed) = (0, 0);
        if let Some(out) = child.stdout.take() {
            for line in BufReader::new(out)
                .lines()
                .map_while(std::result::Result::ok)
            {
                println!("{line}");
                if let Some((p, f)) = parse_result(&line) {
                    passed += p;
                    failed += f;
                }
            }
        }
        let ok = child.wait().map(|s| s.success()).unwrap_or(false);
        eprintln!(
            "== {name}: {passed} passed, {failed} failed in {:.0?}",
            started.elapsed()
        );
        self.passed += passed;
        self.failed += failed;
        if !ok {
            self.steps_failed.push(name.to_owned());
        } else if passed == 0 {
            self.steps_failed.push(format!("{name}: ran no test"));
        }
    }

    /// Runs a check that is not a test runner (fmt, clippy, a build).
    fn step(&mut self, name: &str, result: Result) {
        if let Err(e) = result {
            eprintln!("== {name}: FAILED: {e}");
            self.steps_failed.push(name.to_owned());
        }
    }
}

/// Reads `test result: ok. 12 passed; 0 failed; ...`.
fn parse_result(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let number_before = |word: &str| -> Option<u64> {
        let idx = rest.find(word)?;
        rest[..idx]
            .trim_end()
            .rsplit([' ', '.'])
            .next()?
            .parse()
            .ok()
    };
    Some((number_before(" passed")?, number_before(" failed")?))
}

fn test() -> Result {
    let started = Instant::now();
    let tools = tools::ensure_all(false)?;
    tools::ensure_test_packages()?;
    let mut tally = Tally::default();

    tally.step("registry data", registry::run(&["--check".to_owned()]));
    tally.step(
        "common passwords",
        passwords::run_command(&["--check".to_owned()]),
    );
    tally.step(
        "rustfmt",
        run(Command::new("cargo").args(["fmt", "--all", "--", "--check"])),
    );
    tally.step(
        "clippy (native)",
        run(Command::new("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
    );
    // The SPA with its browser tests, and core's library (its property
    // tests need an OS random source, so they run natively only).
    tally.step(
        "clippy (wasm)",
        run(Command::new("cargo").args([
            "clippy",
            "-p",
            "akun",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
        .and_then(|()| {
            run(Command::new("cargo").args([
                "clippy",
                "-p",
                "akun-core",
                "--target",
                "wasm32-unknown-unknown",
                "--lib",
                "--",
                "-D",
                "warnings",
            ]))
        }),
    );

    // Unit, property and API integration tests on SQLite. The SPA's own
    // unit tests (page table, texts, validation logic) run here too, on
    // the host: wasm-bindgen-test runs only `#[wasm_bindgen_test]`s, so in
    // the browser step below they would not run at all.
    tally.tests(
        "unit, property and API tests (SQLite)",
        Command::new("cargo").args(["test", "--workspace", "--exclude", "akun-e2e"]),
    );

    // The same API tests on a throwaway PostgreSQL cluster.
    match postgres::Cluster::start() {
        Ok(cluster) => {
            tally.tests(
                "API tests (PostgreSQL)",
                Command::new("cargo")
                    .args(["test", "-p", "akun-api", "--test", "api"])
                    .env("AKUN_TEST_DB", "postgres")
                    .env("AKUN_TEST_POSTGRES_URL", cluster.url()),
            );
            drop(cluster);
        }
        Err(e) if std::env::var_os("CI").is_some() => {
            tally.step(
                "PostgreSQL",
                Err(format!("could not start PostgreSQL under CI: {e}")),
            );
        }
        Err(e) => eprintln!("\n== WARNING: PostgreSQL tests SKIPPED (not under CI): {e}"),
    }

    // The storage tests again, on S3: a throwaway Garage server. (The run
    // above took them on a local folder.)
    // The server stays up for the end-to-end tests, whose Report Form
    // photos go to it too.
    let garage = match garage::Server::start() {
        Ok(server) => {
            tally.tests(
                "storage tests (S3 on Garage)",
                Command::new("cargo")
                    .args(["test", "-p", "akun-api", "--test", "api", "storage::"])
                    .envs(server.test_env()),
            );
            Some(server)
        }
        Err(e) if std::env::var_os("CI").is_some() => {
            tally.step(
                "Garage",
                Err(format!("could not start Garage under CI: {e}")),
            );
            None
        }
        Err(e) => {
            eprintln!("\n== WARNING: S3 storage tests SKIPPED (not under CI): {e}");
            None
        }
    };

    // Component tests in headless Chromium.
    tally.tests(
        "component tests (wasm, headless Chromium)",
        Command::new("cargo")
            .args(["test", "-p", "akun", "--target", "wasm32-unknown-unknown"])
            .env("PATH", tools.path_env())
            .env("CHROMEDRIVER", tools::CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    );

    // End to end: the release SPA, served by the real API, in Chromium.
    let spa = build_spa();
    let spa_ok = spa.is_ok();
    tally.step("SPA release build", spa);
    if spa_ok {
        tally.step("SPA first-load size limits", check_sizes());
        tally.tests(
            "end-to-end tests (headless Chromium)",
            Command::new("cargo")
                .args(["test", "-p", "akun-e2e", "--", "--test-threads=1"])
                .env("AKUN_E2E_DIST", root().join("dist"))
                .envs(garage.iter().flat_map(garage::Server::test_env)),
        );
    }
    drop(garage);

    eprintln!("\nxtask test finished in {:.0?}", started.elapsed());
    if !tally.steps_failed.is_empty() {
        eprintln!("failed steps: {}", tally.steps_failed.join(", "));
    }
    println!(
        "{} passed, {} failed",
        tally.passed,
        tally.failed + tally.steps_failed.len() as u64
    );
    if tally.failed == 0 && tally.steps_failed.is_empty() {
        Ok(())
    } else {
        Err("some checks failed".into())
    }
}

/// Prints the size of one bundle's first load, raw and compressed, and
/// returns the brotli total.
fn bundle_sizes(target: &str, dir: &Path) -> Result<u64> {
    println!("\n## SPA first load: {target} (bytes)\n");
    println!(
        "{:<28} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    let mut totals = (0u64, 0u64, 0u64);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("html" | "js" | "wasm" | "css")
            )
        })
        .collect();
    files.sort();
    for file in &files {
        let raw = std::fs::metadata(file).map_err(|e| e.to_string())?.len();
        let gz = compressed_len("gzip", &["-9", "-c"], file)?;
        let br = compressed_len("brotli", &["-q", "11", "-c"], file)?;
        totals = (totals.0 + raw, totals.1 + gz, totals.2 + br);
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        println!("{name:<28} {raw:>10} {gz:>10} {br:>10}");
    }
    println!(
        "{:<28} {:>10} {:>10} {:>10}",
        "first load total", totals.0, totals.1, totals.2
    );
    println!(
        "budget: 150 KB brotli; used {:.1} KB",
        totals.2 as f64 / 1024.0
    );
    Ok(totals.2)
}

/// The first-load limits of `size-limits.txt`: a bundle's target and its
/// limit in bytes, a line each.
fn size_limits() -> Result<Vec<(String, u64)>> {
    let path = root().join("size-limits.txt");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_size_limits(&text)
}

fn parse_size_limits(text: &str) -> Result<Vec<(String, u64)>> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut words = line.split_whitespace();
            match (words.next(), words.next().map(str::parse), words.next()) {
                (Some(target), Some(Ok(limit)), None) => Ok((target.to_owned(), limit)),
                _ => Err(format!("size-limits.txt: cannot read {line:?}")),
            }
        })
        .collect()
}

/// Measures each built bundle against its limit.
fn check_sizes() -> Result {
    let limits = size_limits()?;
    let mut over = Vec::new();
    for (target, dist, _) in BUNDLES {
        let limit = limits
            .iter()
            .find(|(t, _)| t == target)
            .map(|(_, l)| *l)
            .ok_or_else(|| format!("size-limits.txt has no limit for {target}"))?;
        let size = bundle_sizes(target, &root().join(dist))?;
        println!("{target}: {size} B of {limit} B");
        if size > limit {
            over.push(format!("{target} is {size} B, over its limit of {limit} B"));
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; "))
    }
}

fn bench() -> Result {
    build_spa()?;
    for (target, dist, _) in BUNDLES {
        bundle_sizes(target, &root().join(dist))?;
    }

    println!("\n## API (release build, SQLite)\n");
    run(Command::new("cargo").args(["build", "--quiet", "--profile", "server", "-p", "akun-api"]))?;
    tools::ensure_apt(&["wrk"])?;
    let bin = root().join("target/server/akun-api");
    let data = std::env::temp_dir().join(format!("akun-bench-{}", std::process::id()));
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let port = postgres::free_port()?;
    let mut api = Command::new(&bin)
        .env("AKUN_BIND", format!("127.0.0.1:{port}"))
        .env("AKUN_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
        .env(
            "AKUN_DATABASE_URL",
            format!("sqlite://{}/bench.db", data.display()),
        )
        .env("AKUN_LOG", "warn")
        // wrk plays the load balancer and forwards many client addresses,
        // as production traffic arrives.
        .env("AKUN_TRUSTED_PROXIES", "127.0.0.1")
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    while !http_ok(port, "/healthz") && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let script = root().join("xtask/bench/register.lua");
    let script = script.to_string_lossy();
    let runs: [(&str, &str, Option<&str>, u32, u32); 4] = [
        ("GET /healthz", "/healthz", None, 16, 10),
        ("GET /readyz (database ping)", "/readyz", None, 16, 10),
        ("POST /api/register (argon2id)", "/", Some(&script), 16, 10),
        ("POST /api/register, overload", "/", Some(&script), 64, 5),
    ];
    let result = (|| -> Result {
        for (label, path, lua, connections, seconds) in runs {
            let mut cmd = Command::new("wrk");
            cmd.args([
                "-t2",
                &format!("-c{connections}"),
                &format!("-d{seconds}s"),
                "--latency",
            ]);
            if let Some(lua) = lua {
                cmd.args(["-s", lua]);
            }
            let out = cmd
                .arg(format!("http://127.0.0.1:{port}{path}"))
                .output()
                .map_err(|e| e.to_string())?;
            let text = String::from_utf8_lossy(&out.stdout);
            let field = |prefix: &str| {
                text.lines()
                    .find_map(|l| l.trim().strip_prefix(prefix))
                    .unwrap_or("?")
                    .trim()
                    .to_owned()
            };
            let requests = text
                .lines()
                .find(|l| l.contains("requests in"))
                .and_then(|l| l.split_whitespace().next())
                .unwrap_or("?")
                .to_owned();
            let non_2xx = field("Non-2xx or 3xx responses:");
            println!(
                "{label:<32} {connections:>3} connections {seconds:>2} s: {} requests/s, p50 {}, p99 {}, {requests} requests, {} not 2xx{}",
                field("Requests/sec:"),
                field("50%"),
                field("99%"),
                if non_2xx == "?" {
                    "0".to_owned()
                } else {
                    non_2xx
                },
                if lua.is_some() && connections > 16 {
                    " (503 busy + Retry-After: the hashing queue is full)"
                } else {
                    ""
                },
            );
        }
        // The most memory the API held at any moment of the runs above
        // (argon2id takes 19 MiB a hash; each hashing thread reuses one
        // block, so this stays flat however many registrations come).
        let status = std::fs::read_to_string(format!("/proc/{}/status", api.id()))
            .map_err(|e| e.to_string())?;
        let peak = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .unwrap_or("?")
            .trim();
        println!("peak resident memory of the API over these runs: {peak}");
        Ok(())
    })();
    api.kill().ok();
    api.wait().ok();
    std::fs::remove_dir_all(&data).ok();
    result?;
    run(Command::new(&bin).args(["bench-hash", "--concurrency", "16", "--requests", "200"]))?;
    run(Command::new(&bin)
        .args(["bench-login", "--concurrency", "16", "--requests", "300"])
        .env("AKUN_LOG", "warn"))?;
    run(Command::new(&bin)
        .args(["bench-forgot", "--concurrency", "8", "--requests", "300"])
        .env("AKUN_LOG", "warn"))?;
    run(Command::new(&bin)
        .args(["bench-photo", "--requests", "40"])
        .env("AKUN_LOG", "warn"))?;
    Ok(())
}

fn compressed_len(tool: &str, args: &[&str], file: &Path) -> Result<u64> {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .output()
        .map_err(|e| format!("{tool}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{tool} failed on {}", file.display()));
    }
    Ok(out.stdout.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::{parse_result, parse_size_limits};

    #[test]
    fn size_limits_read_one_bundle_a_line() {
        assert_eq!(
            parse_size_limits("# note\n\nindex.html 160000\naccount.html  150000\n"),
            Ok(vec![
                ("index.html".to_owned(), 160_000),
                ("account.html".to_owned(), 150_000)
            ])
        );
        assert!(parse_size_limits("index.html lots").is_err());
        assert!(parse_size_limits("index.html 1 2").is_err());
    }

    #[test]
    fn the_checked_in_size_limits_name_every_bundle() {
        let limits = super::size_limits().unwrap();
        for (target, _, _) in super::BUNDLES {
            assert!(limits.iter().any(|(t, _)| t == target), "{target}");
        }
    }

    #[test]
    fn reads_cargo_and_wasm_bindgen_result_lines() {
        assert_eq!(
            parse_result(
                "test result: ok. 21 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.19s"
            ),
            Some((21, 0))
        );
        assert_eq!(
            parse_result("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some((3, 2))
        );
        assert_eq!(parse_result("running 3 tests"), None);
    }
}
