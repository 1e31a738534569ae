//! Probes for what some integration tests need (`../shared/corpus`, `swaks`, root), so that a test
//! that cannot run here is marked ignored, with its reason, in the normal `cargo test` summary
//! instead of passing quietly. The cfgs only gate `#[ignore]`; no production code reads them.

use std::path::Path;
use std::process::Command;

fn main() {
    for cfg in ["has_corpus", "has_swaks", "is_root"] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    // The folders whose mtime changes when `../shared` or a Debian package appears.
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=..");
    println!("cargo::rerun-if-changed=/usr/bin");
    if Path::new("../shared/corpus/labels.csv").is_file() {
        println!("cargo::rustc-cfg=has_corpus");
    }
    if Path::new("/usr/bin/swaks").is_file() || on_path("swaks") {
        println!("cargo::rustc-cfg=has_swaks");
    }
    let uid = Command::new("id").arg("-u").output();
    if uid.is_ok_and(|o| o.stdout.trim_ascii() == b"0") {
        println!("cargo::rustc-cfg=is_root");
    }
}

fn on_path(cmd: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(cmd).is_file()))
}
