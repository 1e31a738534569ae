//! Storage the daemon cannot use, and databases that are not bounced's: refused with a clear
//! error, never silently degraded or converted.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{free_port, Daemon, BIN};

/// Runs `bounced` with `args`, as an unprivileged user when we are root (root writes anything),
/// and kills it if it is still running after 20 s (a daemon that started instead of refusing).
fn run_unprivileged(args: &[&str]) -> Output {
    let mut cmd = if running_as_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    let mut child = cmd
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// Makes `dir` and the files in it readable but not writable by anyone but root.
fn read_only_for_others(dir: &Path) {
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
}

#[test]
fn serve_refuses_a_database_it_cannot_write() {
    let mut d = Daemon::start("", "");
    assert!(d.sigterm().success());
    read_only_for_others(d.dir.path());
    let db = d.db.display().to_string();
    let listen = format!("127.0.0.1:{}", free_port());
    let out = run_unprivileged(&["serve", "--db", &db, "--listen", &listen]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "serve started: {stderr}");
    assert!(!stderr.contains("ready"), "{stderr}");
    assert!(
        stderr.contains("not writable") && stderr.contains(&db),
        "{stderr}"
    );
}

#[test]
fn read_verbs_refuse_other_databases_and_leave_them_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let other = dir.path().join("other.db");
    let c = rusqlite::Connection::open(&other).unwrap();
    c.execute_batch("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('x');")
        .unwrap();
    drop(c);
    let other_bytes = std::fs::read(&other).unwrap();
    for file in [&empty, &other] {
        let path = file.display().to_string();
        for verb in [
            &["list", "--unmailable"][..],
            &["person", "a@example.com"],
            &["stats"],
            &["export"],
            &["check-db"],
            &["reset", "a@example.com", "--all", "--reason", "test"],
        ] {
            let out = Command::new(BIN)
                .args(verb)
                .args(["--db", &path])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{verb:?} {path}: {stderr}");
            assert!(
                stderr.contains(&path) && stderr.contains("not a bounced database"),
                "{verb:?}: {stderr}"
            );
        }
    }
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    assert_eq!(std::fs::read(&other).unwrap(), other_bytes);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with("-wal")),
        "a read verb switched a file to WAL: {names:?}"
    );
}
