//! Reading one file of a corpus into its documents: the size limit,
//! decoding, HTML to text, JSON and JSON Lines records, and titles. The
//! folder load and the watcher read files through [`read_file`] alike.

use std::path::Path;

use super::{ImportOptions, Skipped};
use crate::io::SkipReason;
use crate::io::decode::{decode, normalize_newlines};
use crate::io::html::html_to_text;
use crate::model::{Document, DocumentId, SourceFormat};

fn skip(id: &str, reason: SkipReason) -> Vec<Result<Document, Skipped>> {
    vec![Err(Skipped {
        path: id.to_owned(),
        reason,
    })]
}

/// Reads one file into its documents (several for a .jsonl file).
pub(crate) fn read_file(
    path: &Path,
    id: &str,
    options: &ImportOptions,
) -> Vec<Result<Document, Skipped>> {
    let mut read = read_unpacked(path, id, options);
    if options.pack_texts {
        read.iter_mut().flatten().for_each(Document::pack);
    }
    read
}

fn read_unpacked(path: &Path, id: &str, options: &ImportOptions) -> Vec<Result<Document, Skipped>> {
    // Checked here, not in the walk, so that the watcher's reads obey it too.
    if id.chars().any(char::is_control) {
        return skip(&crate::model::escaped(id), SkipReason::ControlCharsInName);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let Some(format) = SourceFormat::from_extension(&ext) else {
        return skip(id, SkipReason::UnsupportedFormat(ext));
    };
    let bytes = match crate::io::read_at_most(path, options.max_file_size) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            return skip(
                id,
                SkipReason::TooLarge {
                    size,
                    limit: options.max_file_size,
                },
            );
        }
        Err(err) => return skip(id, SkipReason::Unreadable(err.to_string())),
    };
    let decoded = match decode(&bytes) {
        Ok(decoded) => decoded,
        Err(reason) => return skip(id, reason),
    };
    match format {
        SourceFormat::Text | SourceFormat::Markdown => {
            let title = title_from_text(&decoded.text, format == SourceFormat::Markdown, id);
            vec![Ok(Document::new(
                DocumentId(id.into()),
                title,
                decoded.text,
                format,
                decoded.encoding,
            ))]
        }
        SourceFormat::Html => {
            let page = html_to_text(&decoded.text);
            if page.text.trim().is_empty() {
                return skip(id, SkipReason::Empty);
            }
            let title = page
                .title
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| title_from_text(&page.text, false, id));
            vec![Ok(Document::new(
                DocumentId(id.into()),
                title,
                page.text,
                format,
                decoded.encoding,
            ))]
        }
        SourceFormat::Json | SourceFormat::Jsonl => {
            read_records(&decoded.text, id, format, decoded.encoding)
        }
    }
}

/// Documents from a JSON array (or JSON Lines) of `{"text": ..., "title"?: ...}` records.
fn read_records(
    text: &str,
    id: &str,
    format: SourceFormat,
    encoding: &'static str,
) -> Vec<Result<Document, Skipped>> {
    let values: Vec<(usize, Result<serde_json::Value, String>)> = if format == SourceFormat::Json {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i + 1, Ok(v)))
                .collect(),
            Ok(_) => {
                return skip(
                    id,
                    SkipReason::NotRecords("the top level is not an array".into()),
                );
            }
            Err(err) => {
                return skip(
                    id,
                    SkipReason::NotRecords(format!(
                        "invalid JSON at {}:{}: {err}",
                        err.line(),
                        err.column()
                    )),
                );
            }
        }
    } else {
        text.lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(n, line)| {
                let value = serde_json::from_str(line).map_err(|err| {
                    format!(
                        "invalid JSON at line {}, column {}: {err}",
                        n + 1,
                        err.column()
                    )
                });
                (n + 1, value)
            })
            .collect()
    };
    if values.is_empty() {
        return skip(id, SkipReason::Empty);
    }
    let mut out = Vec::new();
    let mut any_record = false;
    for (n, value) in values {
        let record_id = format!("{id}#{n}");
        let record = value.and_then(|v| match v.get("text") {
            Some(serde_json::Value::String(t)) => Ok((
                t.clone(),
                v.get("title").and_then(|t| t.as_str()).map(str::to_owned),
            )),
            Some(_) => Err("\"text\" is not a string".to_owned()),
            None => Err("no \"text\" field".to_owned()),
        });
        match record {
            Ok((text, title)) => {
                let text = normalize_newlines(&text).into_owned();
                if text.trim().is_empty() {
                    out.push(Err(Skipped {
                        path: record_id,
                        reason: SkipReason::Empty,
                    }));
                    continue;
                }
                any_record = true;
                let title = title
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| title_from_text(&text, false, &record_id));
                out.push(Ok(Document::new(
                    DocumentId(record_id.into()),
                    title,
                    text,
                    format,
                    encoding,
                )));
            }
            Err(why) => out.push(Err(Skipped {
                path: record_id,
                reason: SkipReason::NotRecords(why),
            })),
        }
    }
    if !any_record
        && out.iter().all(|r| {
            matches!(
                r,
                Err(Skipped {
                    reason: SkipReason::NotRecords(_),
                    ..
                })
            )
        })
    {
        // Not a record file at all (e.g. package.json lines): one entry for the file.
        let why = match out.first() {
            Some(Err(Skipped {
                reason: SkipReason::NotRecords(why),
                ..
            })) => why.clone(),
            _ => "no records".to_owned(),
        };
        return skip(id, SkipReason::NotRecords(why));
    }
    out
}

/// A title from the first non-empty line (markdown heading marks removed),
/// at most 200 chars; the file name if there is no such line.
pub fn title_from_text(text: &str, markdown: bool, id: &str) -> String {
    const MAX: usize = 200;
    let line = text
        .lines()
        .map(str::trim)
        .map(|l| {
            if markdown {
                l.trim_start_matches('#').trim()
            } else {
                l
            }
        })
        .find(|l| {
            !l.is_empty()
                && !l
                    .chars()
                    .all(|c| c == '`' || c == '-' || c == '=' || c == '*')
        });
    match line {
        Some(line) if line.chars().count() > MAX => {
            let cut: String = line.chars().take(MAX - 1).collect();
            format!("{}…", cut.trim_end())
        }
        Some(line) => line.to_owned(),
        None => id.rsplit('/').next().unwrap_or(id).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::sync::atomic::AtomicBool;

    use super::super::load_folder;
    use super::super::test_util::{ids, load};
    use super::*;

    #[test]
    fn json_and_jsonl_records_become_documents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(
            root.join("list.json"),
            r#"[{"text": "First record\nbody", "title": "One"}, {"text": "Second"}]"#,
        )
        .unwrap();
        fs::write(
            root.join("lines.jsonl"),
            "{\"text\": \"L1\"}\n\n{\"nope\": 1}\n{\"text\": \"L3\"}\n",
        )
        .unwrap();
        fs::write(root.join("package.json"), r#"{"name": "x"}"#).unwrap();
        fs::write(root.join("broken.json"), "[{\"text\": ").unwrap();
        let corpus = load(root);
        assert_eq!(
            ids(&corpus),
            [
                "lines.jsonl#1",
                "lines.jsonl#4",
                "list.json#1",
                "list.json#2"
            ]
        );
        assert_eq!(
            corpus.documents[&DocumentId::from("list.json#1")].title,
            "One"
        );
        assert_eq!(
            corpus.documents[&DocumentId::from("list.json#2")].title,
            "Second"
        );
        let skipped: Vec<&str> = corpus.skipped.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(skipped, ["broken.json", "lines.jsonl#3", "package.json"]);
        assert!(
            corpus.skipped[0]
                .reason
                .to_string()
                .contains("invalid JSON at 1:"),
            "{}",
            corpus.skipped[0].reason
        );
    }

    #[test]
    fn size_limit_is_configurable() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("big.txt"), "x".repeat(2000)).unwrap();
        let options = ImportOptions {
            max_file_size: 1000,
            ..ImportOptions::default()
        };
        let corpus = load_folder(dir.path(), &options, &|_| {}, &AtomicBool::new(false)).unwrap();
        assert!(corpus.documents.is_empty());
        assert_eq!(
            corpus.skipped[0].reason,
            SkipReason::TooLarge {
                size: 2000,
                limit: 1000
            }
        );
    }

    #[test]
    fn titles() {
        assert_eq!(
            title_from_text("```\nReal title\n", false, "x.txt"),
            "Real title"
        );
        assert_eq!(title_from_text("   \n", false, "dir/x.txt"), "x.txt");
        assert_eq!(title_from_text("## Heading", true, "x.md"), "Heading");
        assert_eq!(
            title_from_text(&"é".repeat(300), false, "x")
                .chars()
                .count(),
            200
        );
    }
}

#[cfg(test)]
mod encoding_tests {
    use std::fs;
    use std::sync::atomic::AtomicBool;

    use super::super::load_folder;
    use super::*;

    /// Files in every encoding an analyst's folder holds, read end to end.
    #[test]
    fn a_folder_of_mixed_encodings_reads_to_the_same_text() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let text = "Café “déjà vu” — naïve 👩‍👩‍👧 e\u{301} 中文报道\nline two";
        let latin = "Café déjà vu — the naïve reader’s “view”.\nSecond paragraph, façade.";
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend(text.replace('\n', "\r\n").as_bytes());
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(latin);
        fs::write(root.join("utf8.txt"), text).unwrap();
        fs::write(root.join("utf8-bom-crlf.txt"), &bom8).unwrap();
        fs::write(root.join("utf16le.txt"), &utf16le).unwrap();
        fs::write(root.join("utf16be.txt"), &utf16be).unwrap();
        fs::write(root.join("cp1252.txt"), &cp1252).unwrap();
        fs::write(root.join("page.html"), "<html><head><title>T &amp; U</title><style>p{}</style></head><body><nav>Home</nav><script>alert(1)</script><p>Caf&eacute; &#8220;quoted&#8221;</p><p>Second</p></body></html>").unwrap();
        let corpus = load_folder(
            root,
            &ImportOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
        for id in [
            "utf8.txt",
            "utf8-bom-crlf.txt",
            "utf16le.txt",
            "utf16be.txt",
        ] {
            assert_eq!(
                &*corpus.documents[&DocumentId::from(id)].text(),
                text,
                "{id}"
            );
        }
        let legacy = &corpus.documents[&DocumentId::from("cp1252.txt")];
        assert_eq!(&*legacy.text(), latin);
        assert_eq!(legacy.encoding, "windows-1252");
        let page = &corpus.documents[&DocumentId::from("page.html")];
        assert_eq!(page.title, "T & U");
        assert_eq!(&*page.text(), "Café “quoted”\nSecond");
        assert_eq!(
            corpus.documents[&DocumentId::from("utf16be.txt")].encoding,
            "UTF-16BE"
        );
    }
}
