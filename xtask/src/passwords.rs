//! `cargo xtask gen-common-passwords [--check]`: the long list of common
//! passwords the API refuses (`crates/core/src/validate/common_passwords_long.txt`)
//! and its notice (`crates/core/NOTICE`).
//!
//! The source is the password list of the npm package
//! `@zxcvbn-ts/language-common` (MIT), pinned by name, version and the
//! SHA-256 of its tarball; `npm pack` fetches it from the registry into
//! `~/.cache/akun-tools`, and nothing else is downloaded. The list is in
//! order of frequency (most common first). It is normalised as
//! `akun_core`'s short list is: ASCII lower case, no whitespace, at least
//! 8 characters (shorter ones are refused for their length anyway), each
//! once, the 10,000 most common kept, then sorted so that the API can
//! search it and a reviewer can read a diff.
//!
//! `--check` makes both files again and fails when the committed ones
//! differ, so the list cannot drift from its pinned source.

use std::path::PathBuf;
use std::process::Command;

use crate::tools::{tools_dir, which};
use crate::{Result, root, run};

const PACKAGE: &str = "@zxcvbn-ts/language-common";
const VERSION: &str = "4.1.3";
const TARBALL: &str = "zxcvbn-ts-language-common-4.1.3.tgz";
const SHA256: &str = "bf3027c16c069d7877e25dc8751bc819e10e479afcc5ee1a323eb2ab73129ca9";
/// The list inside the tarball: one JSON array of strings, most common first.
const MEMBER: &str = "package/src/passwords.json";
const LICENSE_MEMBER: &str = "package/LICENSE.txt";

const LIST: &str = "crates/core/src/validate/common_passwords_long.txt";
const NOTICE: &str = "crates/core/NOTICE";
/// How many are kept.
const KEEP: usize = 10_000;
/// `akun_core`'s `PASSWORD_MIN_CHARS`; xtask does not depend on the crate.
const MIN_CHARS: usize = 8;

/// The tarball, fetched with `npm pack` when it is not in the cache yet,
/// and checked against its pinned SHA-256 either way.
fn tarball() -> Result<PathBuf> {
    let dir = tools_dir().join("npm-packs");
    let path = dir.join(TARBALL);
    if !path.is_file() {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        if which("npm").is_none() {
            crate::tools::ensure_apt(&["nodejs", "npm"])?;
        }
        run(Command::new("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&dir)
            .arg(format!("{PACKAGE}@{VERSION}")))?;
    }
    let out = Command::new("sha256sum")
        .arg(&path)
        .output()
        .map_err(|e| format!("sha256sum: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let got = text.split_whitespace().next().unwrap_or("");
    if got != SHA256 {
        return Err(format!(
            "{} has SHA-256 {got}, not the pinned {SHA256}; delete it and run again, or review the new version before pinning it",
            path.display()
        ));
    }
    Ok(path)
}

/// One member of the tarball, as text.
fn member(tarball: &PathBuf, name: &str) -> Result<String> {
    let out = Command::new("tar")
        .arg("-xzOf")
        .arg(tarball)
        .arg(name)
        .output()
        .map_err(|e| format!("tar: {e}"))?;
    if !out.status.success() {
        return Err(format!("{name} is not in {}", tarball.display()));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("{name}: {e}"))
}

/// The strings of a JSON array of strings, in order. Only the escapes a
/// password list can need; anything else is an error, never a guess.
fn json_strings(text: &str) -> Result<Vec<String>> {
    let body = text
        .trim()
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .ok_or("not a JSON array")?;
    let mut out = Vec::new();
    let mut chars = body.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        match chars.next() {
            None => return Ok(out),
            Some('"') => {}
            Some(c) => return Err(format!("expected a string, found {c:?}")),
        }
        let mut s = String::new();
        loop {
            match chars.next().ok_or("unterminated string")? {
                '"' => break,
                '\\' => match chars.next().ok_or("unterminated escape")? {
                    c @ ('"' | '\\' | '/') => s.push(c),
                    c => return Err(format!("unsupported escape \\{c}")),
                },
                c => s.push(c),
            }
        }
        out.push(s);
    }
}

/// The list as shipped: normalised, the [`KEEP`] most common, sorted.
fn normalise(ranked: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<String> = ranked
        .iter()
        .map(|p| p.to_ascii_lowercase())
        .filter(|p| p.is_ascii() && !p.contains(char::is_whitespace) && p.len() >= MIN_CHARS)
        .filter(|p| seen.insert(p.clone()))
        .take(KEEP)
        .collect();
    kept.sort();
    kept
}

fn notice(license: &str) -> String {
    format!(
        "akun-core ships a list of common passwords derived from a third-party\n\
         work: src/validate/common_passwords_long.txt.\n\
         \n\
         Source: the npm package {PACKAGE} {VERSION}, file {MEMBER}\n\
         (tarball {TARBALL}, SHA-256 {SHA256}).\n\
         Derived by `cargo xtask gen-common-passwords`: lower-cased, entries\n\
         with whitespace, non-ASCII characters or fewer than {MIN_CHARS} characters left\n\
         out, each kept once, the {KEEP} most common kept, sorted.\n\
         \n\
         Its licence (MIT):\n\
         \n\
         {license}"
    )
}

/// Writes both files, or with `--check` fails when the committed ones
/// differ from what the pinned package gives.
pub fn run_command(args: &[String]) -> Result {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask gen-common-passwords [--check]".into()),
    };
    let tarball = tarball()?;
    let ranked = json_strings(&member(&tarball, MEMBER)?)?;
    let list = normalise(&ranked);
    if list.len() < KEEP {
        return Err(format!(
            "{PACKAGE} {VERSION} gave only {} passwords",
            list.len()
        ));
    }
    let mut text = list.join("\n");
    text.push('\n');
    let files = [
        (LIST, text),
        (NOTICE, notice(&member(&tarball, LICENSE_MEMBER)?)),
    ];
    for (path, fresh) in files {
        let full = root().join(path);
        if check {
            let committed = std::fs::read_to_string(&full)
                .map_err(|e| format!("reading {}: {e}", full.display()))?;
            if committed != fresh {
                return Err(format!(
                    "{path} differs from what `cargo xtask gen-common-passwords` makes; run it and commit the file"
                ));
            }
        } else {
            std::fs::write(&full, fresh).map_err(|e| format!("writing {}: {e}", full.display()))?;
            eprintln!("wrote {path}");
        }
    }
    if check {
        eprintln!("{LIST} is up to date ({KEEP} passwords from {PACKAGE} {VERSION})");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_arrays_of_strings_are_read_in_order_with_their_escapes() {
        assert_eq!(
            json_strings(r#"["123456", "pass\"word",  "a\\b"]"#).unwrap(),
            vec!["123456", "pass\"word", "a\\b"]
        );
        assert_eq!(json_strings("[]").unwrap(), Vec::<String>::new());
        assert!(json_strings(r#"["\u0041"]"#).is_err());
        assert!(json_strings(r#"{"a": 1}"#).is_err());
        assert!(json_strings(r#"["open"#).is_err());
    }

    #[test]
    fn the_list_is_lower_case_long_enough_unique_and_by_rank() {
        let ranked: Vec<String> = [
            "123456",
            "Password1",
            "password1",
            "with space1",
            "kata-sandi",
            "pässwort1",
            "dragon",
            "sunshine",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        assert_eq!(
            normalise(&ranked),
            vec!["kata-sandi", "password1", "sunshine"]
        );
        // Only the most common are kept.
        let many: Vec<String> = (0..KEEP + 5).map(|i| format!("pw{i:08}")).collect();
        let kept = normalise(&many);
        assert_eq!(kept.len(), KEEP);
        assert!(!kept.contains(&format!("pw{:08}", KEEP)));
    }
}
