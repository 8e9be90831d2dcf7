//! Installs the build tools the project needs when they are missing, at the
//! versions the project pins. Tools live outside the work tree (cargo's bin
//! folder and `~/.cache/akun-tools`), so a fresh clone reuses them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Result, root, run};

pub const TRUNK_VERSION: &str = "0.21.14";
/// wasm-opt from the npm package `binaryen`. Never Debian's `binaryen`: its
/// wasm-opt 108 emits a wasm that builds fine and shows a blank page.
pub const BINARYEN_VERSION: &str = "123.0.0";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Garage, the S3-compatible server the storage tests run against (AGPL;
/// a test server only, never shipped).
pub const GARAGE_VERSION: &str = "2.5.0";

pub struct Tools {
    pub trunk: PathBuf,
    /// Folders to put first on PATH (wasm-opt, wasm-bindgen).
    pub path_dirs: Vec<PathBuf>,
}

impl Tools {
    pub fn path_env(&self) -> std::ffi::OsString {
        let mut dirs = self.path_dirs.clone();
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(dirs).unwrap_or_default()
    }
}

fn home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cargo"))
        .join("bin")
}

pub fn tools_dir() -> PathBuf {
    std::env::var_os("AKUN_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cache/akun-tools"))
}

/// The first line a tool prints for `--version`, if it runs at all.
fn version_of(program: &Path) -> Option<String> {
    let out = Command::new(program).arg("--version").output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    })
}

/// The exact wasm-bindgen version in Cargo.lock: the CLI must match it.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

pub fn ensure_all(verbose: bool) -> Result<Tools> {
    // The wasm target.
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    let has_wasm = installed
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if !has_wasm {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }

    // Trunk, at the version that builds with this toolchain.
    let trunk = cargo_bin().join("trunk");
    if version_of(&trunk).is_none_or(|v| !v.contains(TRUNK_VERSION)) {
        eprintln!("installing trunk {TRUNK_VERSION} (takes several minutes once)");
        run(Command::new("cargo").args([
            "install",
            "--locked",
            "trunk",
            "--version",
            TRUNK_VERSION,
        ]))?;
    }

    // wasm-bindgen-cli, exactly the version in Cargo.lock (not --locked: its
    // own lock file may want a newer toolchain).
    let wbg_version = locked_wasm_bindgen()?;
    check_trunk_toml(&wbg_version)?;
    let wbg = cargo_bin().join("wasm-bindgen");
    if version_of(&wbg).is_none_or(|v| v.split_whitespace().nth(1) != Some(wbg_version.as_str())) {
        eprintln!("installing wasm-bindgen-cli {wbg_version}");
        run(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &wbg_version,
        ]))?;
    }

    // wasm-opt from npm's binaryen, in a folder of our own.
    let binaryen = tools_dir().join("binaryen");
    let bin = binaryen.join("node_modules/.bin");
    let want = format!(
        "version {}",
        BINARYEN_VERSION.split('.').next().unwrap_or("")
    );
    if version_of(&bin.join("wasm-opt")).is_none_or(|v| !v.contains(&want)) {
        eprintln!("installing wasm-opt (npm binaryen@{BINARYEN_VERSION})");
        std::fs::create_dir_all(&binaryen).map_err(|e| e.to_string())?;
        if which("npm").is_none() {
            ensure_apt(&["nodejs", "npm"])?;
        }
        run(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&binaryen)
            .arg(format!("binaryen@{BINARYEN_VERSION}")))?;
    }
    if verbose {
        eprintln!(
            "tools ready: trunk {TRUNK_VERSION}, wasm-bindgen {wbg_version}, wasm-opt {BINARYEN_VERSION}"
        );
    }
    Ok(Tools {
        trunk,
        path_dirs: vec![bin, cargo_bin()],
    })
}

/// The `garage` binary at [`GARAGE_VERSION`], built once from crates.io
/// into the tool cache (9 minutes on 2 cores), outside the work tree.
pub fn ensure_garage() -> Result<PathBuf> {
    let root = tools_dir().join("garage");
    let garage = root.join("bin/garage");
    if version_of(&garage).is_none_or(|v| !v.contains(GARAGE_VERSION)) {
        eprintln!(
            "installing garage {GARAGE_VERSION}, the storage tests' S3 server (takes several minutes once)"
        );
        run(Command::new("cargo")
            .args([
                "install",
                "--locked",
                "garage",
                "--version",
                GARAGE_VERSION,
                "--root",
            ])
            .arg(&root))?;
    }
    Ok(garage)
}

/// Trunk.toml pins the tool versions so Trunk never tries to download them;
/// the pin must follow Cargo.lock.
fn check_trunk_toml(wbg_version: &str) -> Result {
    let toml = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("reading Trunk.toml: {e}"))?;
    let pinned = format!("wasm_bindgen = \"{wbg_version}\"");
    if !toml.contains(&pinned) {
        return Err(format!(
            "Trunk.toml must pin `{pinned}` to match Cargo.lock"
        ));
    }
    let opt = format!(
        "wasm_opt = \"version_{}\"",
        BINARYEN_VERSION.split('.').next().unwrap_or("")
    );
    if !toml.contains(&opt) {
        return Err(format!("Trunk.toml must pin `{opt}`"));
    }
    Ok(())
}

pub fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    })
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Installs Debian packages whose programs are missing (as root), or says
/// what to install.
pub fn ensure_apt(packages: &[&str]) -> Result {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            let out = Command::new("dpkg-query")
                .args(["-W", "-f=${Status}", p])
                .output();
            !out.map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
                .unwrap_or(false)
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !is_root() {
        return Err(format!(
            "please install: sudo apt-get install -y {}",
            missing.join(" ")
        ));
    }
    eprintln!("installing Debian packages: {}", missing.join(" "));
    run(Command::new("apt-get").arg("update").arg("-q"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// What the test command needs beyond the Rust tools.
pub fn ensure_test_packages() -> Result {
    ensure_apt(&["chromium", "chromium-driver", "postgresql"])
}
