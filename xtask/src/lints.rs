//! Rules about the source that the compiler cannot check, kept by tests
//! (`cargo xtask test` runs them with the workspace's unit tests).

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    /// Every page's path is written once, in `src/pages.rs`: routes, links
    /// and navigation take a `Page`. A string literal that starts with `/`
    /// anywhere else in the SPA is a path written by hand, unless it is an
    /// API endpoint.
    #[test]
    fn page_paths_are_written_only_in_the_page_table() {
        let src = crate::root().join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        assert!(files.len() > 10, "the SPA's sources were not found");
        let mut found = Vec::new();
        for file in files {
            if file.ends_with("pages.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                if code
                    .match_indices("\"/")
                    .any(|(at, _)| !code[at + 1..].starts_with("/api/"))
                {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(
            found.is_empty(),
            "page paths outside src/pages.rs:\n{}",
            found.join("\n")
        );
    }
}
