//! Hostile project files and import files, through the `diptych` binary:
//! each gives exit 2 and an error naming the file (with line:column where
//! it has a place), never a panic, and leaves every file byte-identical.

mod common;

use common::{diptych, repo, sample_copy, stderr};
use std::fs;
use std::path::{Path, PathBuf};

/// The content hash of every file under `dir` (names sorted), to compare before and after.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.push((path.clone(), "dir".to_owned()));
                stack.push(path);
            } else {
                let meta = fs::metadata(&path).unwrap();
                // Sparse huge files: hashed by size only (reading them is the point not to).
                let hash = if meta.len() > 64 << 20 {
                    format!("{} bytes", meta.len())
                } else {
                    blake3::hash(&fs::read(&path).unwrap()).to_hex().to_string()
                };
                out.push((path, hash));
            }
        }
    }
    out.sort();
    out
}

/// Runs `args`, expects exit 2 with an error that names `file` (followed by
/// `:line:column:` when `positioned`) and contains `needle`; nothing under
/// `dir` may change. Returns the error line.
fn refused(dir: &Path, args: &[&str], file: &Path, positioned: bool, needle: &str) -> String {
    let before = snapshot(dir);
    let out = diptych(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE") && !err.contains("overflow"),
        "{args:?}: {err}"
    );
    let shown = file.display().to_string();
    let at = err
        .find(&shown)
        .unwrap_or_else(|| panic!("{args:?}: the error does not name {shown}: {err}"));
    if positioned {
        let position: Vec<&str> = err[at + shown.len()..]
            .trim_start_matches(':')
            .splitn(3, ':')
            .take(2)
            .collect();
        assert!(
            position.len() == 2 && position.iter().all(|p| p.parse::<usize>().is_ok()),
            "{args:?}: no line:column after the file name in {err}"
        );
    }
    assert!(
        err.contains(needle),
        "{args:?}: expected {needle:?} in {err}"
    );
    assert_eq!(snapshot(dir), before, "{args:?} changed files");
    err
}

fn check_refuses(dir: &Path, project: &Path, positioned: bool, needle: &str) -> String {
    refused(
        dir,
        &["check", project.to_str().unwrap()],
        project,
        positioned,
        needle,
    )
}

#[test]
fn truncated_projects_at_many_cut_points_are_refused_with_a_position() {
    let (dir, _) = sample_copy();
    let good = fs::read(repo().join("projects/seeds.ron")).unwrap();
    let end = good.iter().rposition(|&b| b == b')').unwrap();
    let path = dir.path().join("projects/cut.ron");
    // Evenly spread cut points, plus every cut inside a multi-byte character.
    let mut cuts: Vec<usize> = (1..40).map(|i| end * i / 40).collect();
    let mid_char: Vec<usize> = (1..end)
        .filter(|&i| good[i] & 0xc0 == 0x80)
        .step_by(7)
        .take(10)
        .collect();
    assert!(!mid_char.is_empty(), "the sample has non-ASCII text");
    cuts.extend(&mid_char);
    for cut in cuts {
        fs::write(&path, &good[..cut]).unwrap();
        let needle = if mid_char.contains(&cut) {
            "not valid UTF-8"
        } else {
            ""
        };
        check_refuses(dir.path(), &path, true, needle);
    }
}

#[test]
fn wrong_typed_fields_are_refused_with_a_position() {
    let (dir, project) = sample_copy();
    let good = fs::read_to_string(&project).unwrap();
    let cases = [
        ("version: 1,", "version: \"one\",", "integer"),
        ("version: 1,", "version: -1,", ""),
        ("version: 1,", "version: 99999999999,", ""),
        ("labels: [", "labels: 7, x: [", ""),
        ("documents: [", "documents: {\"a\": 1}, x: [", ""),
        ("span: (", "span: \"0..4\", x: (", ""),
        ("format: \"diptych-project\"", "format: (1, 2)", ""),
    ];
    let path = dir.path().join("projects/wrong.ron");
    for (from, to, needle) in cases {
        assert!(good.contains(from), "{from}");
        fs::write(&path, good.replacen(from, to, 1)).unwrap();
        let err = check_refuses(dir.path(), &path, true, needle);
        assert!(!err.contains("seeds.ron"), "{err}");
    }
}

#[test]
fn unknown_versions_empty_non_utf8_and_directories_are_refused() {
    let (dir, project) = sample_copy();
    let good = fs::read_to_string(&project).unwrap();
    let path = dir.path().join("projects/other.ron");
    fs::write(&path, good.replacen("version: 1,", "version: 2,", 1)).unwrap();
    check_refuses(dir.path(), &path, false, "version 2 is newer");
    fs::write(
        &path,
        good.replacen("version: 1,", "version: 4294967295,", 1),
    )
    .unwrap();
    check_refuses(dir.path(), &path, false, "version 4294967295 is newer");
    fs::write(&path, good.replacen("version: 1,", "version: 0,", 1)).unwrap();
    check_refuses(dir.path(), &path, false, "unknown format version 0");
    for empty in ["", "\n  \n", "\u{feff}"] {
        fs::write(&path, empty).unwrap();
        check_refuses(dir.path(), &path, false, "the file is empty");
    }
    let mut latin1 = good.clone().into_bytes();
    let at = latin1.windows(5).position(|w| w == b"name:").unwrap() + 7;
    latin1.insert(at, 0xe9);
    fs::write(&path, &latin1).unwrap();
    check_refuses(dir.path(), &path, true, "not valid UTF-8");
    fs::remove_file(&path).unwrap();
    fs::create_dir(&path).unwrap();
    check_refuses(dir.path(), &path, false, "");
}

#[test]
fn deeply_nested_projects_are_an_error_not_a_stack_overflow() {
    let (dir, _) = sample_copy();
    let path = dir.path().join("projects/deep.ron");
    for open in ["[", "(", "{", "Some("] {
        let text = format!(
            "(format: \"diptych-project\", version: 1, name: {})",
            open.repeat(100_000)
        );
        fs::write(&path, text).unwrap();
        check_refuses(dir.path(), &path, true, "nested more than 64 levels");
    }
}

#[test]
fn huge_projects_are_refused_before_reading_and_long_strings_load() {
    let (dir, project) = sample_copy();
    let path = dir.path().join("projects/huge.ron");
    // Sparse: 1100 MiB by its size, no disk space used.
    fs::File::create(&path)
        .unwrap()
        .set_len(1100 << 20)
        .unwrap();
    check_refuses(dir.path(), &path, false, "over 1024 MiB are refused");
    fs::remove_file(&path).unwrap();
    // Under the limit, a 50 MB string is just data: it loads.
    let good = fs::read_to_string(&project).unwrap();
    let long = "x".repeat(50 << 20);
    let at = good.find("name: \"").unwrap() + "name: \"".len();
    let text = format!("{}{long}{}", &good[..at], &good[at..]);
    fs::write(&project, &text).unwrap();
    let started = std::time::Instant::now();
    let out = diptych(&["check", project.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(fs::read_to_string(&project).unwrap(), text);
}

/// A small valid file of each import format, matching the sample project.
fn import_cases() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "jsonl",
            "in.jsonl",
            r#"{"id": "000_fcbbd4f1fe241d7e.txt", "spans": [{"id": 1, "start": 0, "end": 3, "label": "Claim"}]}"#
                .to_owned(),
        ),
        (
            "label-studio",
            "in.json",
            r#"[{"id": 1, "data": {"text": "x", "id": "000_fcbbd4f1fe241d7e.txt"}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 3, "labels": ["Claim"]}}]}]}]"#
                .to_owned(),
        ),
        (
            "doccano",
            "in.jsonl",
            r#"{"id": 1, "text": "x", "label": [[0, 1, "Claim"]]}"#.to_owned(),
        ),
        (
            "w3c",
            "in.json",
            r#"{"type": "AnnotationCollection", "first": {"items": [{"type": "Annotation", "body": [], "target": {"source": "000_fcbbd4f1fe241d7e.txt", "selector": [{"type": "TextPositionSelector", "start": 0, "end": 3}]}}]}}"#
                .to_owned(),
        ),
    ]
}

/// A file of `format` whose top-level structure has a field of the wrong type.
fn wrong_type(format: &str) -> String {
    match format {
        "jsonl" => r#"{"id": "000_fcbbd4f1fe241d7e.txt", "spans": [{"id": 1, "start": "0", "end": 3, "label": "Claim"}]}"#,
        "label-studio" => r#"[{"data": {"text": "x"}, "annotations": 5}]"#,
        "doccano" => r#"{"text": "x", "entities": [{"id": 1, "label": "Claim", "start_offset": "0", "end_offset": 1}]}"#,
        "w3c" => r#"{"type": "AnnotationPage", "items": {"0": 1}}"#,
        _ => unreachable!("{format}"),
    }
    .to_owned()
}

#[test]
fn hostile_import_files_are_refused_and_nothing_changes() {
    let (dir, project) = sample_copy();
    let p = project.to_str().unwrap();
    for (format, name, good) in import_cases() {
        let file = dir.path().join(name);
        let f = file.to_str().unwrap();
        let args = ["import", p, "--format", format, f];
        let cut = &good[..good.len() / 2];
        let positioned: Vec<(String, Vec<u8>)> = vec![
            ("truncated".into(), cut.as_bytes().to_vec()),
            ("wrong type".into(), wrong_type(format).into_bytes()),
            ("nested".into(), "[".repeat(100_000).into_bytes()),
            ("not JSON".into(), b"<html>not json</html>".to_vec()),
        ];
        for (what, bytes) in positioned {
            fs::write(&file, &bytes).unwrap();
            // W3C files are read as JSON values first: a wrong type there is a
            // shape error without a position.
            let has_position = !(format == "w3c" && what == "wrong type");
            let err = refused(dir.path(), &args, &file, has_position, "");
            // The error names the import file, not the project (the copy's
            // corpus lies beside its folder: one warning line says so first).
            let error = err
                .lines()
                .filter(|l| !l.starts_with("warning: "))
                .collect::<String>();
            assert!(!error.contains("seeds.ron"), "{format} {what}: {err}");
        }
        let mut invalid = good.clone().into_bytes();
        invalid.insert(invalid.len() / 2, 0xff);
        fs::write(&file, &invalid).unwrap();
        refused(dir.path(), &args, &file, false, "not UTF-8");
        fs::write(&file, "\n \n").unwrap();
        refused(dir.path(), &args, &file, false, "the file is empty");
        fs::File::create(&file).unwrap().set_len(600 << 20).unwrap();
        refused(dir.path(), &args, &file, false, "over 512 MiB are refused");
        fs::remove_file(&file).unwrap();
        fs::create_dir(&file).unwrap();
        refused(dir.path(), &args, &file, false, "");
        fs::remove_dir(&file).unwrap();
        // The good file does import: the cases above failed for their own reason.
        fs::write(&file, &good).unwrap();
        let out = diptych(&["import", p, "--format", format, f, "--dry-run"]);
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "{format}: {}",
            stderr(&out)
        );
    }
}

/// `check` of the sample with `from` replaced by `to` (its `nth` occurrence,
/// from 0) is refused, pointing at the line where `to` is, with `needle`.
fn refused_at(from: &str, to: &str, nth: usize, needle: &str) -> String {
    let (dir, project) = sample_copy();
    let good = fs::read_to_string(&project).unwrap();
    let (at, _) = good
        .match_indices(from)
        .nth(nth)
        .unwrap_or_else(|| panic!("{from}"));
    let text = format!("{}{to}{}", &good[..at], &good[at + from.len()..]);
    let line = good[..at].matches('\n').count() + 1;
    let path = dir.path().join("projects/bad.ron");
    fs::write(&path, &text).unwrap();
    let err = check_refuses(dir.path(), &path, true, needle);
    let place = format!("{}:{line}:", path.display());
    assert!(err.contains(&place), "{to}: expected {place} in {err}");
    err
}

#[test]
fn blank_control_character_and_duplicate_label_names_and_keys_are_refused() {
    let name = "name: \"Claim\"";
    refused_at(
        name,
        "name: \"\"",
        0,
        "a label name cannot be empty or blank",
    );
    refused_at(
        name,
        "name: \"  \"",
        0,
        "a label name cannot be empty or blank",
    );
    refused_at(name, "name: \"x\\ny\"", 0, "(it has \\u{a})");
    // A raw ESC in the file: the message shows it escaped, the terminal gets no escape sequence.
    let err = refused_at(name, "name: \"a\u{1b}[31m\"", 0, "(it has \\u{1b})");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    let err = refused_at(
        "name: \"Disclaimer\"",
        "name: \"claim\"",
        0,
        "label name \"claim\" is used twice (as \"Claim\" too; names are compared ignoring case)",
    );
    assert!(err.contains("bad.ron"), "{err}");
    refused_at(
        "key: Some(2)",
        "key: Some(1)",
        0,
        "key 1 is bound twice: to label \"Claim\" and to label \"Disclaimer\"",
    );
}

#[test]
fn scores_outside_0_to_1_and_ids_that_would_overflow_are_refused() {
    for (score, shown) in [("NaN", "NaN"), ("inf", "inf"), ("-5.0", "-5")] {
        refused_at(
            "status: Accepted,",
            &format!("status: Suggested(source: \"rule:x\", score: {score}),"),
            1,
            &format!("annotation 2: suggestion score {shown} is not a number between 0 and 1"),
        );
    }
    refused_at(
        "id: 1,",
        "id: 18446744073709551615,",
        0,
        "annotation id 18446744073709551615 is above the largest id, 9007199254740991",
    );
}

#[test]
fn a_span_starting_inside_a_character_is_reported_as_such() {
    let (dir, project) = sample_copy();
    let good = fs::read_to_string(&project).unwrap();
    // Annotation 1 covers "OpenAI is … market." (95..362); the text before it
    // has no multi-byte character, its quote has "’" (3 bytes) further in.
    let text = fs::read_to_string(dir.path().join("seeds/000_fcbbd4f1fe241d7e.txt")).unwrap();
    let text = text.replace("\r\n", "\n");
    let quote = "Palantir’s";
    let inside = text.find(quote).unwrap() + "Palantir".len() + 1;
    assert!(!text.is_char_boundary(inside));
    let bad = good.replacen("span: (95, 362)", &format!("span: ({inside}, 362)"), 1);
    assert_ne!(bad, good);
    fs::write(&project, bad).unwrap();
    let out = diptych(&["check", project.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", stderr(&out));
    assert!(
        stdout.contains(&format!(
            "text has no text there: offset {inside} is inside a character"
        )),
        "{stdout}"
    );
    assert!(!stdout.contains("past the end"), "{stdout}");
}

#[test]
fn control_characters_in_messages_reach_the_terminal_escaped() {
    let (dir, project) = sample_copy();
    let file = dir.path().join("gone\u{1b}[31m\u{202e}.jsonl");
    let out = diptych(&[
        "import",
        project.to_str().unwrap(),
        "--format",
        "doccano",
        file.to_str().unwrap(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("gone\\u{1b}[31m\\u{202e}.jsonl"), "{err}");
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}'),
        "{err:?}"
    );
}
