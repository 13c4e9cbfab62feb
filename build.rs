//! Names the commit the binary is built from, for `diptych --version`
//! (and the window's About): `DIPTYCH_COMMIT` (short hash) and
//! `DIPTYCH_COMMIT_DATE` (YYYY-MM-DD) for `env!`, and the line the
//! version is shown as, `DIPTYCH_VERSION_LINE`: "0.1.0 (commit 1d98af2c3e,
//! 2026-12-01)".
//!
//! Taken from git when the source is a git checkout; a packager building
//! from a tarball sets them in the environment instead; otherwise both are
//! "unknown". Rerun when HEAD moves (a commit, a checkout), not on every
//! source change.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-env-changed=DIPTYCH_COMMIT");
    println!("cargo::rerun-if-env-changed=DIPTYCH_COMMIT_DATE");
    for path in git_files_naming_head() {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    let commit = given("DIPTYCH_COMMIT").or_else(|| git(&["rev-parse", "--short=10", "HEAD"]));
    let date = given("DIPTYCH_COMMIT_DATE")
        .or_else(|| git(&["show", "-s", "--format=%cs", "HEAD"]))
        .filter(|_| commit.is_some());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let line = match (&commit, &date) {
        (Some(commit), Some(date)) => format!("{version} (commit {commit}, {date})"),
        (Some(commit), None) => format!("{version} (commit {commit})"),
        (None, _) => format!("{version} (commit unknown)"),
    };
    let unknown = || "unknown".to_owned();
    println!(
        "cargo::rustc-env=DIPTYCH_COMMIT={}",
        commit.unwrap_or_else(unknown)
    );
    println!(
        "cargo::rustc-env=DIPTYCH_COMMIT_DATE={}",
        date.unwrap_or_else(unknown)
    );
    println!("cargo::rustc-env=DIPTYCH_VERSION_LINE={line}");
}

/// A variable set in the build's environment, when not empty.
fn given(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

/// What `git ARGS` prints, trimmed, when git runs and succeeds.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}

/// HEAD, the branch file it names and the packed refs: the files a commit
/// or a checkout changes. None outside a git checkout (then the build
/// script runs once, and again only when the package's files change).
fn git_files_naming_head() -> Vec<PathBuf> {
    let Some(dir) = git(&["rev-parse", "--git-dir"]).map(PathBuf::from) else {
        return Vec::new();
    };
    let mut files = vec![dir.join("HEAD"), dir.join("packed-refs")];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        files.push(dir.join(branch));
    }
    files.into_iter().filter(|path| path.exists()).collect()
}
