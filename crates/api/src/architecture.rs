//! Tests that keep the import rules of ARCHITECTURE.md: imports run one
//! way, `http` → `case` → `account` → the rest, with no circle; the
//! domains (`account`, `case`) mention no HTTP framework; no handler
//! module uses another. They read the source files as text, so a change
//! that breaks a rule fails here before review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// The modules of `http/` that serve the handlers rather than answer a
/// route: any handler may use them.
const HTTP_SHARED: &[&str] = &["http", "http::auth", "http::client", "http::error"];

/// Every source file of the library, with its module path (`crate`,
/// `limits`, `account::login`); `main.rs` is a binary of its own.
fn modules() -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}::"), out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = match name.as_str() {
                    "lib" if prefix.is_empty() => "crate".to_owned(),
                    "main" if prefix.is_empty() => continue,
                    "mod" => prefix.trim_end_matches("::").to_owned(),
                    _ => format!("{prefix}{name}"),
                };
                out.insert(module, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(Path::new(SRC), "", &mut out);
    out
}

/// The code of a file: without its tests (always last, where `super`
/// means the file itself) and without comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths that follow `prefix` in `text`, braces expanded one level:
/// `super::{a::b, c}` gives `["a::b", "c"]`.
fn paths_after(text: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(group.len(), |(i, _)| i);
            let mut item = String::new();
            let mut depth = 0;
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(std::mem::take(&mut item).trim().to_owned());
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            out.retain(|path| !path.is_empty());
        } else {
            let end = rest
                .find(|c: char| !(is_ident(c) || c == ':'))
                .unwrap_or(rest.len());
            out.push(rest[..end].trim_end_matches(':').to_owned());
        }
    }
    out
}

/// The modules `module` (whose code is `text`) refers to, resolved to the
/// longest module path that exists.
fn uses(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let parent = match module.rsplit_once("::") {
        Some((parent, _)) => parent.to_owned(),
        None => "crate".to_owned(),
    };
    let mut found = BTreeSet::new();
    for (prefix, base) in [("crate::", "crate"), ("super::", parent.as_str())] {
        for path in paths_after(text, prefix) {
            let mut segments: Vec<&str> = if base == "crate" {
                Vec::new()
            } else {
                base.split("::").collect()
            };
            segments.extend(path.split("::").filter(|s| !s.is_empty()));
            let target = (0..=segments.len())
                .rev()
                .map(|n| segments[..n].join("::"))
                .map(|m| if m.is_empty() { "crate".to_owned() } else { m })
                .find(|m| known.contains(m))
                .unwrap_or_else(|| "crate".to_owned());
            if target != module {
                found.insert(target);
            }
        }
    }
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = modules();
    let known: BTreeSet<String> = files.keys().cloned().collect();
    files
        .iter()
        .map(|(module, path)| (module.clone(), uses(module, &code(path), &known)))
        .collect()
}

fn layer(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

/// The domain layers: the account's rules, and the Report Form's, which
/// stand on them.
const DOMAINS: &[&str] = &["account", "case"];

#[test]
fn the_domain_mentions_no_http() {
    let mut checked = BTreeSet::new();
    for (module, path) in modules() {
        if !DOMAINS.contains(&layer(&module)) {
            continue;
        }
        checked.insert(layer(&module).to_owned());
        let text = std::fs::read_to_string(&path).unwrap();
        for word in ["axum", "crate::http", "super::super::http"] {
            assert!(
                !text.contains(word),
                "{} mentions `{word}`: the {} domain knows nothing of HTTP",
                path.display(),
                layer(&module)
            );
        }
    }
    assert_eq!(
        checked.len(),
        DOMAINS.len(),
        "a domain folder has no files: {checked:?}"
    );
}

#[test]
fn no_handler_uses_another() {
    for (module, uses) in graph() {
        if layer(&module) != "http" || HTTP_SHARED.contains(&module.as_str()) {
            continue;
        }
        for used in uses {
            assert!(
                layer(&used) != "http" || HTTP_SHARED.contains(&used.as_str()),
                "{module} uses {used}: a handler never uses another; move what they share to the domain"
            );
        }
    }
}

#[test]
fn imports_run_from_http_to_the_domain_to_the_rest() {
    for (module, uses) in graph() {
        let allowed: &[&str] = match layer(&module) {
            "crate" | "http" => continue,
            "case" => &["case", "account"],
            "account" => &["account"],
            _ => &[],
        };
        for used in uses {
            let to = layer(&used);
            assert!(
                !matches!(to, "crate" | "http" | "case" | "account") || allowed.contains(&to),
                "{module} uses {used}: imports run http -> case -> account -> the rest, never back"
            );
        }
    }
}

#[test]
fn no_module_imports_go_round_in_a_circle() {
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(at) = path.iter().position(|m| m == module) {
            panic!("import circle: {} -> {module}", path[at..].join(" -> "));
        }
        if !done.insert(module.to_owned()) {
            return;
        }
        path.push(module.to_owned());
        for next in graph.get(module).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
    }
    let graph = graph();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn routes_are_added_only_through_the_table() {
    // The `api!` table in http/mod.rs makes both the router and the OpenAPI
    // document; its one `.route(` is the macro's. The developer mailbox's
    // pages are outside the API and its document.
    for (module, path) in modules() {
        let routes = code(&path).matches(".route(").count();
        match module.as_str() {
            "http" => assert_eq!(routes, 1, "routes outside the api! table in {module}"),
            "http::mailbox" => {}
            _ => assert_eq!(
                routes, 0,
                "{module} adds routes: add them to the api! table"
            ),
        }
    }
}

#[test]
fn every_password_the_api_sets_meets_the_long_list() {
    // `Password::parse` is the browser's check, with the short list of
    // common passwords; the API sets passwords only through
    // `Password::parse_strict`, which adds the 10,000 most common.
    for (module, path) in modules() {
        assert!(
            !code(&path).contains("Password::parse("),
            "{module} uses Password::parse: the API sets a password only through Password::parse_strict"
        );
    }
}

#[test]
fn the_checks_read_paths_as_rust_does() {
    assert_eq!(
        paths_after("use super::{a::b, c::{d, e}};", "super::"),
        ["a::b", "c::{d, e}"]
    );
    assert_eq!(
        paths_after("x crate::http::AppState;", "crate::"),
        ["http::AppState"]
    );
    assert!(paths_after("akun_api::crate::x", "crate::").is_empty());
    let known: BTreeSet<String> = ["crate", "http", "http::login", "account", "account::login"]
        .map(String::from)
        .into();
    assert_eq!(
        uses(
            "http::login",
            "use super::login; use crate::account::login::x;",
            &known
        ),
        ["account::login".to_owned()].into()
    );
    assert_eq!(
        uses(
            "account::login",
            "use super::record; use super::login::X;",
            &known
        ),
        ["account".to_owned()].into()
    );
}
