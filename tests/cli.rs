//! Runs the `diptych` binary as a user would and checks what it prints.

mod common;

use common::{diptych, repo, sample_copy, stderr, stdout};
use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not JSON ({err}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn stats_json_on_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Hello world.\r\nSecond line 👩‍👩‍👧").unwrap();
    fs::write(dir.path().join("b.md"), "# Title\n\nCafe\u{301} au lait").unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("blob.bin"), [0u8, 1, 2]).unwrap();
    let out = diptych(&["stats", dir.path().to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats = json_of(&out);
    let keys: Vec<&str> = stats
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "annotations",
            "characters",
            "documents",
            "links",
            "skipped",
            "suggestions",
            "words"
        ]
    );
    assert_eq!(stats["documents"], 2);
    // "Hello world.\nSecond line " + 5 code points of the family, and "# Title\n\nCafe\u{301} au lait".
    let a = "Hello world.\nSecond line 👩‍👩‍👧".chars().count();
    let b = "# Title\n\nCafe\u{301} au lait".chars().count();
    assert_eq!(stats["characters"], a + b);
    assert_eq!(stats["words"], 4 + 4);
    assert_eq!(stats["links"], 0);
    assert_eq!(
        stats["annotations"],
        serde_json::json!({"Boilerplate": 0, "Claim": 0, "Disclaimer": 0})
    );
    assert_eq!(stats["suggestions"], stats["annotations"]);
    assert_eq!(
        stats["skipped"],
        serde_json::json!([
            {"path": "blob.bin", "reason": "unsupported format .bin"},
            {"path": "empty.txt", "reason": "empty file"},
        ])
    );
}

#[test]
fn stats_and_check_on_the_sample_project() {
    let project = repo().join("projects/seeds.ron");
    let out = diptych(&["stats", project.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats = json_of(&out);
    assert_eq!(stats["documents"], 2);
    assert!(
        stats["annotations"]["Claim"].as_u64().unwrap() >= 20,
        "{stats}"
    );
    assert!(
        stats["annotations"]["Disclaimer"].as_u64().unwrap() >= 2,
        "{stats}"
    );
    assert!(
        stats["annotations"]["Boilerplate"].as_u64().unwrap() >= 1,
        "{stats}"
    );
    assert!(stats["links"].as_u64().unwrap() >= 10, "{stats}");
    assert_eq!(stats["skipped"], serde_json::json!([]));
    let out = diptych(&["check", project.to_str().unwrap(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
    let check = json_of(&out);
    assert_eq!(check["ok"], true);
    assert_eq!(check["changed"], serde_json::json!([]));
    assert_eq!(check["quote_mismatches"], serde_json::json!([]));
    let human = diptych(&["stats", project.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("documents:   2") && text.contains("done: 2"),
        "{text}"
    );
}

#[test]
fn new_then_check_then_refuse_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("articles");
    fs::create_dir_all(corpus.join("2024")).unwrap();
    fs::write(corpus.join("2024/one.txt"), "One\nbody").unwrap();
    fs::write(corpus.join("two.html"), "<html><head><title>Two</title><script>x()</script></head><body><p>Caf&eacute; &amp; more</p></body></html>").unwrap();
    let project = dir.path().join("p/project.ron");
    fs::create_dir_all(project.parent().unwrap()).unwrap();
    let out = diptych(&[
        "new",
        corpus.to_str().unwrap(),
        "-o",
        project.to_str().unwrap(),
        "--name",
        "Mine",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = fs::read_to_string(&project).unwrap();
    assert!(text.contains("corpus: \"../articles\""), "{text}");
    assert!(text.contains("name: \"Mine\""), "{text}");
    assert!(text.contains("\"2024/one.txt\""), "{text}");
    let check = diptych(&["check", project.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let stats = json_of(&diptych(&["stats", project.to_str().unwrap(), "--json"]));
    assert_eq!(stats["documents"], 2);
    let again = diptych(&[
        "new",
        corpus.to_str().unwrap(),
        "-o",
        project.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(fs::read_to_string(&project).unwrap(), text);
}

#[test]
fn changed_and_missing_documents_need_attention() {
    let (dir, project) = sample_copy();
    let seed = dir.path().join("seeds/000_fcbbd4f1fe241d7e.txt");
    let text = fs::read_to_string(&seed).unwrap();
    fs::write(&seed, format!("Breaking: {text}")).unwrap();
    fs::remove_file(dir.path().join("seeds/001_d855b870b5cef35b.txt")).unwrap();
    let out = diptych(&["check", project.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let check = json_of(&out);
    assert_eq!(check["ok"], false);
    assert_eq!(
        check["changed"],
        serde_json::json!(["000_fcbbd4f1fe241d7e.txt"])
    );
    assert_eq!(
        check["missing"],
        serde_json::json!(["001_d855b870b5cef35b.txt"])
    );
    let mismatches = check["quote_mismatches"].as_array().unwrap();
    assert!(!mismatches.is_empty());
    assert!(
        mismatches
            .iter()
            .all(|m| m["document"] == "000_fcbbd4f1fe241d7e.txt")
    );
    // Nothing was dropped: every annotation is still counted.
    let stats = json_of(&diptych(&["stats", project.to_str().unwrap(), "--json"]));
    let original = json_of(&diptych(&[
        "stats",
        repo().join("projects/seeds.ron").to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(stats["annotations"], original["annotations"]);
    let human = diptych(&["check", project.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("changed: 000_fcbbd4f1fe241d7e.txt") && text.contains("needs attention"),
        "{text}"
    );
}

#[test]
fn corrupt_projects_exit_2_with_position_and_stay_untouched() {
    let (dir, project) = sample_copy();
    let good = fs::read_to_string(&project).unwrap();
    let cases = [
        ("truncated.ron", good[..good.len() / 3].to_owned()),
        (
            "wrong-type.ron",
            good.replacen("version: 1,", "version: \"one\",", 1),
        ),
        ("unknown-field.ron", good.replacen("name: ", "nmae: ", 1)),
    ];
    for (name, text) in cases {
        let path = dir.path().join("projects").join(name);
        fs::write(&path, &text).unwrap();
        let out = diptych(&["check", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        let prefix = format!("diptych: error: {}:", path.display());
        assert!(err.starts_with(&prefix), "{name}: {err}");
        let position: Vec<&str> = err[prefix.len()..].splitn(3, ':').take(2).collect();
        assert!(
            position.iter().all(|p| p.parse::<usize>().is_ok()),
            "{name}: no line:column in {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            text,
            "{name} was modified"
        );
        let json = json_of(&diptych(&["check", path.to_str().unwrap(), "--json"]));
        assert_eq!(json["ok"], false);
        assert!(json["line"].is_u64(), "{json}");
    }
    let newer = dir.path().join("projects/newer.ron");
    fs::write(&newer, good.replacen("version: 1,", "version: 99,", 1)).unwrap();
    let out = diptych(&["check", newer.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("version 99 is newer"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn user_errors_are_messages_not_panics() {
    for args in [
        vec!["stats", "/no/such/place"],
        vec!["check", "/no/such/project.ron"],
        vec!["new", "/no/such/folder", "-o", "/tmp/never-written.ron"],
    ] {
        let out = diptych(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with("diptych: error: "), "{args:?}: {err}");
        assert!(err.contains("/no/such/"), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{err}"
        );
    }
    assert!(!Path::new("/tmp/never-written.ron").exists());
}

#[test]
fn opening_a_missing_path_in_the_window_is_refused_before_any_window() {
    let out = diptych(&["/no/such/articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "diptych: error: /no/such/articles does not exist\n"
    );
}

#[test]
fn stats_counts_open_suggestions_apart_from_annotations() {
    let (_dir, project) = sample_copy();
    let path = project.to_str().unwrap();
    let stats_of = || json_of(&diptych(&["stats", path, "--json"]));
    let before = stats_of();
    let total = |v: &serde_json::Value| -> u64 {
        v.as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum()
    };
    assert_eq!(total(&before["suggestions"]), 0, "{before}");
    let out = diptych(&["suggest", path, "--write"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = stats_of();
    // Suggestions are proposals: the annotations stay as they were.
    assert_eq!(after["annotations"], before["annotations"]);
    assert!(total(&after["suggestions"]) > 0, "{after}");
    // The text form says the same.
    let text = stdout(&diptych(&["stats", path]));
    let line = format!("annotations: {}", total(&after["annotations"]));
    assert!(text.contains(&line), "{text}");
    let line = format!("suggestions: {}", total(&after["suggestions"]));
    assert!(text.contains(&line), "{text}");
}

#[test]
fn every_subcommand_is_described_in_help_by_its_own_words() {
    let out = diptych(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .collect();
    let names: Vec<&str> = commands
        .iter()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    for name in [
        "new", "stats", "check", "export", "import", "align", "agree", "merge", "search", "suggest",
    ] {
        let line = commands
            .iter()
            .find(|line| line.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} missing from --help:\n{help}"));
        assert!(
            line.split_whitespace().count() > 2,
            "{name} has no description: {line:?}"
        );
    }
    assert!(names.contains(&"help"), "{names:?}");
    let search = commands
        .iter()
        .find(|l| l.trim_start().starts_with("search "))
        .unwrap();
    assert!(search.contains("Search the corpus"), "{search}");
    let suggest = commands
        .iter()
        .find(|l| l.trim_start().starts_with("suggest "))
        .unwrap();
    assert!(suggest.contains("Suggest disclaimers"), "{suggest}");
}
