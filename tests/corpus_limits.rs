//! A corpus folder past the reading limits (a project whose `corpus` points
//! at `/` or `/etc` by mistake): the command line stops with a message that
//! names the folder and the option that raises the limit.

mod common;

use std::fs;

use common::{describe, diptych, stderr};

/// A folder of `n` articles of 100 bytes.
fn folder(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        fs::write(dir.path().join(format!("{i}.txt")), "x".repeat(100)).unwrap();
    }
    dir
}

#[test]
fn a_folder_with_more_files_than_the_limit_is_not_read() {
    let dir = folder(5);
    let path = dir.path().to_str().unwrap();
    let out = diptych(&["stats", path, "--json", "--max-files", "3"]);
    assert!(!out.status.success(), "{}", describe(&out));
    let err = stderr(&out);
    assert!(err.contains("more than 3 files"), "{err}");
    assert!(err.contains("--max-files") && err.contains(path), "{err}");
    // Nothing half-read is reported: standard output holds the failure only.
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["ok"], false, "{value}");
    assert!(value.get("documents").is_none(), "{value}");
    assert!(
        value["error"]
            .as_str()
            .unwrap()
            .contains("more than 3 files")
    );
    // Within the limit it reads.
    let out = diptych(&["stats", path, "--json", "--max-files", "5"]);
    assert!(out.status.success(), "{}", describe(&out));
}

#[test]
fn a_folder_with_more_bytes_than_the_limit_is_not_read() {
    let dir = folder(5);
    let path = dir.path().to_str().unwrap();
    let out = diptych(&["stats", path, "--json", "--max-total-bytes", "250"]);
    assert!(!out.status.success(), "{}", describe(&out));
    let err = stderr(&out);
    assert!(err.contains("more than 250 bytes of files"), "{err}");
    assert!(err.contains("--max-total-bytes"), "{err}");
}
