//! The module graph: which top-level module of `src/` refers to which (through `crate::X`, in
//! `use` lines, grouped `use crate::{..}` or paths in code; comments are ignored), and which groups
//! of modules depend on one another in a cycle. A new cycle fails this test; so does an entry of
//! `KNOWN_CYCLES` that no longer exists (the list may only shrink). The layers of
//! `docs/architecture.md` are checked against the same graph: every import points down.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Strongly connected groups of modules that still import one another: none since issue 13.
/// Vocabulary (`taxonomy`, `envelope`, `address`) sits at the bottom, each module owns its
/// settings and `config` embeds them, and the store hands applied events to an `EventSink`
/// (the webhook outbox) instead of importing `webhook`.
const KNOWN_CYCLES: &[&[&str]] = &[];

type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// Removes `//` and `/* */` comments and the contents of string literals (roughly: enough for
/// `crate::` inside a doc comment or a message not to count).
fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if b[i] == b'"' && (i == 0 || b[i - 1] != b'\'') {
            out.push('"');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            out.push('"');
            i += 1;
        } else {
            let ch = text[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn ident(s: &str) -> &str {
    let s = s.trim_start();
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first path segment after each `crate::` (each item of a `crate::{..}` group).
fn referenced(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item_start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => {
                        names.push(ident(&group[item_start..i]).to_string());
                        item_start = i + 1;
                    }
                    _ => {}
                }
                if depth == 0 {
                    names.push(ident(&group[item_start..i]).to_string());
                    break;
                }
            }
        } else {
            names.push(ident(rest).to_string());
        }
    }
    names
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    let top = |p: &Path| -> String {
        let first = p.strip_prefix(&src).unwrap().components().next().unwrap();
        let name = first.as_os_str().to_str().unwrap();
        name.strip_suffix(".rs").unwrap_or(name).to_string()
    };
    let modules: BTreeSet<String> = paths
        .iter()
        .map(|p| top(p))
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let mut graph = Graph::new();
    for path in &paths {
        let from = top(path);
        if !modules.contains(&from) {
            continue;
        }
        graph.entry(from.clone()).or_default();
        let text = strip(&fs::read_to_string(path).unwrap());
        for to in referenced(&text) {
            if to != from && modules.contains(&to) {
                let file = path.strip_prefix(&src).unwrap().display().to_string();
                graph
                    .get_mut(&from)
                    .unwrap()
                    .entry(to)
                    .or_default()
                    .insert(file);
            }
        }
    }
    graph
}

/// Tarjan's strongly connected components with more than one module, each sorted.
fn cycles(graph: &Graph) -> BTreeSet<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        next: usize,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: BTreeSet<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        for w in s.graph[v].keys() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.stack.contains(&w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.insert(group);
            }
        }
    }
    let mut s = State {
        graph,
        next: 0,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: BTreeSet::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

fn describe(graph: &Graph, group: &[String]) -> String {
    let mut lines = Vec::new();
    for from in group {
        for (to, files) in &graph[from] {
            if group.contains(to) {
                let files: Vec<&str> = files.iter().map(String::as_str).collect();
                lines.push(format!("  {from} -> {to} ({})", files.join(", ")));
            }
        }
    }
    lines.join("\n")
}

#[test]
fn module_import_cycles_are_only_the_known_ones() {
    let graph = graph();
    let found = cycles(&graph);
    let known: BTreeSet<Vec<String>> = KNOWN_CYCLES
        .iter()
        .map(|g| g.iter().map(|m| m.to_string()).collect())
        .collect();
    let mut report = String::new();
    for group in found.difference(&known) {
        report += &format!("new cycle {group:?}:\n{}\n", describe(&graph, group));
    }
    for group in known.difference(&found) {
        report += &format!("{group:?} is no longer a cycle: update KNOWN_CYCLES\n");
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn the_scanner_sees_grouped_and_inline_paths() {
    let text = strip(
        "use crate::{a::X, b::{self, Y}};\n// crate::c\nlet x = crate::d::f(\"crate::e\");\n/* crate::g */",
    );
    assert_eq!(referenced(&text), ["a", "b", "d"]);
}

/// The layer of each module, from the table in `docs/architecture.md` (rows
/// `| N | \`module\` | ... |`).
fn layers() -> BTreeMap<String, u32> {
    let doc =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    let mut layers = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(layer), Some(module)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let (Ok(layer), Some(module)) = (
            layer.parse::<u32>(),
            module.strip_prefix('`').and_then(|m| m.strip_suffix('`')),
        ) else {
            continue;
        };
        assert!(
            layers.insert(module.to_string(), layer).is_none(),
            "{module} is in the table twice"
        );
    }
    layers
}

#[test]
fn imports_point_down_the_layers() {
    let graph = graph();
    let layers = layers();
    let mut report = String::new();
    for (from, imports) in &graph {
        let names: Vec<&str> = imports.keys().map(String::as_str).collect();
        println!("{from} -> {}", names.join(" "));
        let Some(&layer) = layers.get(from) else {
            report += &format!("{from} is not in the table of docs/architecture.md\n");
            continue;
        };
        for (to, files) in imports {
            if layers.get(to).is_none_or(|&l| l >= layer) {
                let files: Vec<&str> = files.iter().map(String::as_str).collect();
                report += &format!(
                    "{from} (layer {layer}) imports {to} (layer {:?}) in {}\n",
                    layers.get(to),
                    files.join(", ")
                );
            }
        }
    }
    for module in layers.keys() {
        if !graph.contains_key(module) {
            report += &format!("docs/architecture.md lists {module}, which src/ does not have\n");
        }
    }
    assert!(report.is_empty(), "{report}");
}
