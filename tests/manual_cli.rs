//! The command line's conventions (issue 15): `--version` names the commit,
//! the manual pages and the completions name every subcommand, and the
//! README's table of exit codes is the one the manual page prints.

mod common;

use std::fs;

use common::{describe, diptych, repo, stdout};
use diptych::cli::{EXIT_CODES, subcommand_names};

#[test]
fn version_names_the_package_version_and_the_commit_built_from() {
    let out = diptych(&["--version"]);
    assert!(out.status.success(), "{}", describe(&out));
    let git = std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(repo())
        .output()
        .expect("git runs");
    let commit = String::from_utf8(git.stdout).unwrap();
    let expected = format!(
        "diptych {} (commit {}, ",
        env!("CARGO_PKG_VERSION"),
        commit.trim()
    );
    assert!(stdout(&out).starts_with(&expected), "{}", stdout(&out));
    // -V says the same.
    assert_eq!(stdout(&diptych(&["-V"])), stdout(&out));
}

#[test]
fn the_manual_page_names_every_subcommand_and_exit_code() {
    let out = diptych(&["manpage"]);
    assert!(out.status.success(), "{}", describe(&out));
    let page = stdout(&out);
    assert!(
        page.lines().any(|line| line.starts_with(".TH diptych 1 ")),
        "{page}"
    );
    let names = subcommand_names();
    for name in [
        "new",
        "stats",
        "check",
        "export",
        "import",
        "align",
        "agree",
        "merge",
        "search",
        "suggest",
        "completions",
        "manpage",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} not a subcommand");
    }
    for name in &names {
        assert!(page.contains(&format!("diptych\\-{name}(1)")), "{name}");
    }
    for (code, _) in EXIT_CODES {
        assert!(
            page.contains(&format!(".TP\n\\fB{code}\\fR\n")),
            "exit code {code}"
        );
    }
}

#[test]
fn manpage_dir_writes_one_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = diptych(&["manpage", "--dir", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", describe(&out));
    let mut written: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    let mut expected: Vec<String> = subcommand_names()
        .iter()
        .map(|name| format!("diptych-{name}.1"))
        .chain(["diptych.1".to_owned()])
        .collect();
    expected.sort();
    assert_eq!(written, expected);
    // The export page documents its options.
    let export = fs::read_to_string(dir.path().join("diptych-export.1")).unwrap();
    assert!(export.contains("\n.TH diptych-export 1 "), "{export}");
    for option in [
        "\\-\\-format",
        "\\-\\-offsets",
        "\\-\\-include\\-suggestions",
    ] {
        assert!(export.contains(option), "{option} in diptych-export.1");
    }
    // stdout lists the files written, one a line.
    assert_eq!(stdout(&out).lines().count(), expected.len());
}

#[test]
fn completions_for_bash_zsh_and_fish_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish"] {
        let out = diptych(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", describe(&out));
        let script = stdout(&out);
        for name in subcommand_names() {
            assert!(script.contains(&name), "{shell}: {name}");
        }
        // Options of a subcommand too: export's formats are offered by name.
        assert!(script.contains("include-suggestions"), "{shell}");
    }
    let out = diptych(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
}

#[test]
fn the_readme_table_of_exit_codes_is_the_manual_pages() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let table: Vec<(u8, String)> = readme
        .split("Exit codes of every command:")
        .nth(1)
        .expect("the README has the table")
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split(" | ").collect();
            (cells[0].trim().parse().unwrap(), cells[1].trim().to_owned())
        })
        .collect();
    let codes: Vec<(u8, String)> = EXIT_CODES
        .iter()
        .map(|(code, meaning)| (*code, (*meaning).to_owned()))
        .collect();
    assert_eq!(table, codes);
}
