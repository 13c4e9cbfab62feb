//! `diptych align` run as a user would, on the two sample articles.

mod common;

use std::fs;
use std::process::Output;

use serde_json::Value;

const SEED_A: &str = "seeds/000_fcbbd4f1fe241d7e.txt";
const SEED_B: &str = "seeds/001_d855b870b5cef35b.txt";

/// Runs the binary from the repository root (the seeds' paths are relative to it).
fn diptych(args: &[&str]) -> Output {
    common::diptych_command()
        .current_dir(common::repo())
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not JSON ({err}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn text_of(path: &str) -> Vec<char> {
    let path = common::repo().join(path);
    fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        .chars()
        .collect()
}

/// `text[start:end]` in code points, as Python would slice it.
fn slice(text: &[char], range: &Value) -> String {
    let pair = range.as_array().expect("[start, end]");
    assert_eq!(pair.len(), 2, "{range}");
    let (start, end) = (
        pair[0].as_u64().unwrap() as usize,
        pair[1].as_u64().unwrap() as usize,
    );
    assert!(
        start < end && end <= text.len(),
        "{range} in {} chars",
        text.len()
    );
    text[start..end].iter().collect()
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let value = json_of(&diptych(&["align", SEED_A, SEED_B, "--json"]));
    let object = value.as_object().expect("one object");
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    let mut expected = vec!["a", "b", "unit", "pairs", "only_a", "only_b"];
    expected.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(value["a"], SEED_A);
    assert_eq!(value["b"], SEED_B);
    assert_eq!(value["unit"], "codepoint");
    for pair in value["pairs"].as_array().unwrap() {
        let keys: Vec<&str> = pair
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 3);
        let score = pair["score"].as_f64().expect("a number");
        assert!((0.0..=1.0).contains(&score));
        assert_eq!(pair["a"].as_array().unwrap().len(), 2);
        assert_eq!(pair["b"].as_array().unwrap().len(), 2);
    }
    for side in ["only_a", "only_b"] {
        for span in value[side].as_array().unwrap() {
            assert_eq!(span.as_array().unwrap().len(), 2);
        }
    }
    // Exactly one line of output: one object.
    assert_eq!(
        String::from_utf8_lossy(&diptych(&["align", SEED_A, SEED_B, "--json"]).stdout)
            .lines()
            .count(),
        1
    );
}

#[test]
fn seeds_pair_their_article_paragraphs_and_leave_the_menu_one_sided() {
    let (a, b) = (text_of(SEED_A), text_of(SEED_B));
    let value = json_of(&diptych(&["align", SEED_A, SEED_B, "--json"]));
    let pairs = value["pairs"].as_array().unwrap();
    let texts: Vec<(String, String)> = pairs
        .iter()
        .map(|p| (slice(&a, &p["a"]), slice(&b, &p["b"])))
        .collect();
    // Headline, 13 article paragraphs and section headings 1-1, the disclaimer 1-2.
    assert_eq!(texts.len(), 15, "{texts:#?}");
    assert_eq!(
        texts[0],
        (
            "OpenAI and AWS sign agreement to sell artificial intelligence to U.S. government employees".to_owned(),
            "OpenAI and AWS Sign Agreement to Sell Artificial Intelligence to U.S. Government Staff".to_owned()
        )
    );
    assert!(
        texts[1]
            .0
            .starts_with("OpenAI is accelerating its presence")
    );
    assert!(texts[1].1.starts_with("OpenAI is accelerating its entry"));
    assert!(
        texts[13]
            .0
            .starts_with("Faced with internal and external pressure")
    );
    assert!(
        texts[13]
            .1
            .starts_with("Facing internal and external pressure")
    );
    // Article paragraphs are whole lines, paired one to one.
    for (x, y) in &texts[..14] {
        assert!(!x.contains('\n') && !y.contains('\n'), "{x:?} | {y:?}");
    }
    // The glued "Risk Warning and DisclaimerThe market ..." pairs with the
    // heading and the body of b: one span over both lines.
    let (x, y) = &texts[14];
    assert!(x.starts_with("Risk Warning and DisclaimerThe market carries risks"));
    assert!(y.starts_with("Risk Warning and Disclaimer\nMarket risks exist"));
    // The 30 menu lines of b are all one-sided.
    let only_b: Vec<String> = value["only_b"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| slice(&b, s))
        .collect();
    assert_eq!(only_b.len(), 30, "{only_b:#?}");
    for menu in [
        "Futures",
        "Demo Trading",
        "CandyDrop",
        "Earn futures points and claim airdrop rewards",
    ] {
        assert!(only_b.iter().any(|s| s == menu), "{menu} not in only_b");
    }
    // The lone "```" line of a is one-sided.
    let only_a: Vec<String> = value["only_a"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| slice(&a, s))
        .collect();
    assert_eq!(only_a, ["```"]);
}

#[test]
fn sentence_level_spans_are_sentences() {
    let (a, b) = (text_of(SEED_A), text_of(SEED_B));
    let value = json_of(&diptych(&[
        "align",
        SEED_A,
        SEED_B,
        "--json",
        "--sentences",
    ]));
    let pairs = value["pairs"].as_array().unwrap();
    assert!(pairs.len() >= 25, "{} sentence pairs", pairs.len());
    let texts: Vec<(String, String)> = pairs
        .iter()
        .map(|p| (slice(&a, &p["a"]), slice(&b, &p["b"])))
        .collect();
    // The glued heading is its own sentence and pairs with b's heading line.
    assert!(
        texts.contains(&(
            "Risk Warning and Disclaimer".to_owned(),
            "Risk Warning and Disclaimer".to_owned()
        )),
        "{texts:#?}"
    );
    assert!(texts.iter().any(|(x, y)| x
        == "This partnership with AWS is a key outcome of OpenAI’s months-long effort to secure government contracts, premised on modifications to the agreement with Microsoft."
        && y.starts_with("This partnership with AWS is a key achievement")));
}

#[test]
fn readable_report_shows_both_columns() {
    let out = diptych(&["align", SEED_A, SEED_B]);
    assert!(out.status.success());
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("15 pairs"), "{report}");
    assert!(report.contains("30 only in B"), "{report}");
    let line = report
        .lines()
        .find(|l| l.contains("Risk Warning and DisclaimerThe"))
        .expect("the disclaimer row");
    assert!(line.contains("44+45"), "{line}");
    assert!(line.contains('│'));
}

#[test]
fn html_files_are_read_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.html");
    let b = dir.path().join("b.txt");
    fs::write(
        &a,
        "<html><head><title>T</title><script>var x = 1;</script></head><body><nav>Home</nav>\
         <p>The central bank cut its deposit rate by 25 basis points on Thursday.</p>\
         <p>Inflation slowed to 2.4% in February from 3.1% in January.</p></body></html>",
    )
    .unwrap();
    fs::write(
        &b,
        "On Thursday the central bank cut the deposit rate by 25 basis points.\n\
         Inflation eased to 2.4% in February, from 3.1% in January.\n",
    )
    .unwrap();
    let value = json_of(&diptych(&[
        "align",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(value["pairs"].as_array().unwrap().len(), 2, "{value}");
    let first = &value["pairs"][0]["a"];
    let page = "The central bank cut its deposit rate by 25 basis points on Thursday.";
    // Offsets are into the page's readable text, which starts after dropped chrome.
    let span: Vec<u64> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(span[1] - span[0], page.chars().count() as u64);
}

#[test]
fn project_documents_by_id() {
    let root = common::repo();
    let project = root.join("projects/seeds.ron");
    let value = json_of(&diptych(&[
        "align",
        "000_fcbbd4f1fe241d7e.txt",
        "001_d855b870b5cef35b.txt",
        "--project",
        project.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(value["a"], "000_fcbbd4f1fe241d7e.txt");
    assert_eq!(value["pairs"].as_array().unwrap().len(), 15);
    let out = diptych(&[
        "align",
        "000_fcbbd4f1fe241d7e.txt",
        "nope.txt",
        "--project",
        project.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.txt"));
}

#[test]
fn unreadable_input_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let out = diptych(&["align", SEED_A, missing.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    // With --json the failure is a JSON object on standard output as well.
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["ok"], false);
    assert!(value["error"].as_str().unwrap().contains("missing.txt"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
    let binary = dir.path().join("blob.txt");
    fs::write(&binary, [0u8, 1, 2, 3]).unwrap();
    let out = diptych(&["align", binary.to_str().unwrap(), SEED_B]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("blob.txt") && stderr.contains("binary"),
        "{stderr}"
    );
}
