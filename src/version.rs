//! Which Diptych this is: the package version and the commit it was built
//! from (named by `build.rs`), for `diptych --version`, the manual page and
//! the window.

/// The package version, e.g. "0.1.0".
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The short hash of the commit built from, or "unknown" (a build outside
/// a git checkout with no `DIPTYCH_COMMIT` given).
pub const COMMIT: &str = env!("DIPTYCH_COMMIT");

/// The commit's date (YYYY-MM-DD), or "unknown".
pub const COMMIT_DATE: &str = env!("DIPTYCH_COMMIT_DATE");

/// Version and commit in one line: "0.1.0 (commit 1d98af2c3e, 2026-12-01)".
pub const LINE: &str = env!("DIPTYCH_VERSION_LINE");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_names_the_version_and_the_commit() {
        assert!(
            LINE.starts_with(&format!("{VERSION} (commit {COMMIT}")),
            "{LINE}"
        );
        // Tests run from the git checkout (CI clones it): the hash is known.
        assert!(
            COMMIT.len() >= 7 && COMMIT.chars().all(|c| c.is_ascii_hexdigit()),
            "{COMMIT}"
        );
        assert_eq!(COMMIT_DATE.len(), "2026-12-01".len(), "{COMMIT_DATE}");
    }
}
