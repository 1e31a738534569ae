//! Probes for what some integration tests need (`../shared/corpus`, `swaks`, root), so that a test
//! that cannot run here is marked ignored, with its reason, in the normal `cargo test` summary
//! instead of passing quietly. The cfgs only gate `#[ignore]`; no production code reads them.

use std::path::Path;
use std::process::Command;

fn main() {
    for cfg in ["has_corpus", "has_swaks", "is_root"] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    println!("cargo::rerun-if-changed=build.rs");
    // What is there is watched itself; what is missing, through the folder whose mtime changes
    // when it appears (watching that folder always would rebuild on every write beside it).
    let labels = "../shared/corpus/labels.csv";
    if Path::new(labels).is_file() {
        println!("cargo::rustc-cfg=has_corpus");
        println!("cargo::rerun-if-changed={labels}");
    } else {
        println!("cargo::rerun-if-changed=..");
    }
    if Path::new("/usr/bin/swaks").is_file() || on_path("swaks") {
        println!("cargo::rustc-cfg=has_swaks");
    } else {
        println!("cargo::rerun-if-changed=/usr/bin");
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
