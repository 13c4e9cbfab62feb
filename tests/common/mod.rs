//! Helpers shared by the integration tests: the `diptych` binary as a user
//! runs it, and a copy of the sample project to work on.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, not started yet: for tests that spawn it, pipe it or kill it.
pub fn diptych_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_diptych"))
}

/// Runs the binary with `args` (from the test's working directory).
pub fn diptych(args: &[&str]) -> Output {
    diptych_command()
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The exit status, stdout and stderr of a run, for an assertion's message.
pub fn describe(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        stdout(output),
        stderr(output)
    )
}

/// A copy of the sample project (`projects/seeds.ron`) and its articles
/// (`seeds/`) in a temp folder; returns the folder and the project file.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("projects")).unwrap();
    fs::create_dir_all(dir.path().join("seeds")).unwrap();
    for entry in fs::read_dir(repo().join("seeds")).unwrap() {
        let entry = entry.unwrap();
        let to = dir.path().join("seeds").join(entry.file_name());
        fs::copy(entry.path(), to).unwrap();
    }
    let project = dir.path().join("projects/seeds.ron");
    fs::copy(repo().join("projects/seeds.ron"), &project).unwrap();
    (dir, project)
}
