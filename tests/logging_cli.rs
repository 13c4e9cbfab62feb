//! The command line's log (issue 16): quiet by default, `-v`/`-vv` say
//! more and `-q` nothing, on standard error only; standard output and the
//! exit code never change with them.

mod common;

use common::{describe, diptych_command, repo, stderr};
use std::process::Output;

fn run(args: &[&str], rust_log: Option<&str>) -> Output {
    let mut command = diptych_command();
    command.args(args).env_remove("RUST_LOG");
    if let Some(spec) = rust_log {
        command.env("RUST_LOG", spec);
    }
    command.output().expect("the binary runs")
}

#[test]
fn quiet_and_verbose_change_only_standard_error() {
    let sample = repo().join("projects/seeds.ron");
    let sample = sample.to_str().unwrap();
    let missing = repo().join("no-such-project.ron");
    let missing = missing.to_str().unwrap();
    for args in [
        vec!["stats", sample, "--json"],
        vec!["check", sample],
        vec!["export", sample, "--format", "jsonl", "-o", "-"],
        vec!["check", missing],
    ] {
        let plain = run(&args, None);
        for flags in [
            &["-q"][..],
            &["-v"],
            &["-vv"],
            &["--verbose", "--verbose", "--verbose"],
        ] {
            let mut with: Vec<&str> = flags.to_vec();
            with.extend(&args);
            let out = run(&with, None);
            assert_eq!(
                out.status.code(),
                plain.status.code(),
                "{with:?}: {}",
                describe(&out)
            );
            assert_eq!(out.stdout, plain.stdout, "{with:?} changed stdout");
        }
    }
}

#[test]
fn verbose_says_what_was_read_and_quiet_says_nothing() {
    let sample = repo().join("projects/seeds.ron");
    let args = ["stats", sample.to_str().unwrap()];
    let plain = run(&args, None);
    assert_eq!(stderr(&plain), "", "quiet by default");
    let verbose = run(&[&["-v"][..], &args].concat(), None);
    let said = stderr(&verbose);
    assert!(
        said.contains("INFO") && said.contains("project file read"),
        "{said}"
    );
    assert!(
        said.contains("annotations=") && said.contains("ms="),
        "{said}"
    );
    assert!(!said.contains("DEBUG"), "{said}");
    // Ids and counts, never an article's text (the first words of the first sample).
    let text = std::fs::read_to_string(repo().join("seeds/000_fcbbd4f1fe241d7e.txt")).unwrap();
    let opening: String = text
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!said.contains(&opening), "{said}");
    let quiet = run(&[&["-q"][..], &args].concat(), None);
    assert_eq!(stderr(&quiet), "");
    // An error is still said with -q: it is the command's own message.
    let missing = repo().join("no-such-project.ron");
    let failed = run(&["-q", "stats", missing.to_str().unwrap()], None);
    assert_eq!(failed.status.code(), Some(2));
    assert!(
        stderr(&failed).contains("no-such-project.ron"),
        "{}",
        describe(&failed)
    );
}

#[test]
fn rust_log_overrides_the_flags() {
    let sample = repo().join("projects/seeds.ron");
    let args = ["stats", sample.to_str().unwrap()];
    let out = run(&args, Some("diptych=info"));
    assert!(
        stderr(&out).contains("project file read"),
        "{}",
        describe(&out)
    );
    let out = run(&["-v", args[0], args[1]], Some("off"));
    assert_eq!(stderr(&out), "");
}
