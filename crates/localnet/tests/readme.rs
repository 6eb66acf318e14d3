//! The README's client snippets are the code the end-to-end tests run: every region between
//! `// README:<name>` and `// README:end` in the files below must appear verbatim (dedented) in
//! README.md, so the documentation cannot drift from code that is compiled and executed.

use std::path::Path;

const SOURCES: &[&str] = &[
    "crates/localnet/tests/e2e.rs",
    "clients/ts/e2e/localnet.e2e.ts",
];

fn regions(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some(name) = t.strip_prefix("// README:") {
            if name == "end" {
                let (n, lines) = current.take().expect("README:end without a start");
                out.push((n, dedent(&lines)));
            } else {
                assert!(current.is_none(), "nested README region {name}");
                current = Some((name.to_string(), Vec::new()));
            }
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line);
        }
    }
    assert!(current.is_none(), "unterminated README region");
    out
}

fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn readme_client_snippets_are_the_tested_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let mut found = 0;
    for src in SOURCES {
        let text = std::fs::read_to_string(root.join(src)).unwrap_or_else(|e| panic!("{src}: {e}"));
        for (name, body) in regions(&text) {
            assert!(
                readme.contains(&body),
                "README.md does not contain the `{name}` snippet of {src} verbatim; paste it:\n{body}"
            );
            found += 1;
        }
    }
    assert!(
        found >= 2,
        "expected a Rust and a TypeScript snippet, found {found}"
    );
}
