//! `brat`: brat standoff, a folder of `NAME.txt` + `NAME.ann` per document,
//! with `annotation.conf` and `visual.conf` at its root. Fields are
//! tab-separated (shown as two spaces here):
//!
//! ```text
//! T12  Claim 95 362  OpenAI is accelerating …
//! A1  Sentiment T12 neutral
//! #1  AnnotatorNotes T12  [target: OpenAI] Analytical framing …
//! R3  same-claim Arg1:T12 Arg2:T14
//! ```
//!
//! `.txt` holds the decoded text (newlines `\n`); offsets count its code
//! points, as brat does. A span that crosses a line break is written as
//! discontinuous fragments, one per line (`T1  Claim 0 5;6 10  …`), since a
//! brat annotation line cannot hold a newline. `T`/`R` numbers are the
//! annotation and link ids. Suggestions carry the `Suggested` attribute.
//! Relations join spans of one document only; others are reported.
//! A document `a/b.txt` becomes `a/b.txt` + `a/b.ann`, other extensions keep
//! theirs as `_ext` (`a/b_md.txt`), and `#` becomes `-`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{DocExport, ExportError, Selection, safe_relative};
use crate::model::{AnnotationStatus, ByteOffset, LinkKind, Sentiment};

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = &*selection;
    let mkdir = |path: &Path| {
        std::fs::create_dir_all(path).map_err(|source| ExportError::Folder {
            path: path.to_owned(),
            source,
        })
    };
    let mut files = Vec::new();
    let mut used = BTreeSet::new();
    let mut relations_by_doc: Vec<Vec<String>> = vec![Vec::new(); sel.docs.len()];
    let mut across = 0;
    for link in &sel.links {
        let (Some(&(da, _)), Some(&(db, _))) = (sel.index.get(&link.from), sel.index.get(&link.to))
        else {
            continue;
        };
        if da == db {
            relations_by_doc[da].push(format!(
                "R{}\t{} Arg1:T{} Arg2:T{}\n",
                link.id.0,
                link.kind.name(),
                link.from.0,
                link.to.0
            ));
        } else {
            across += 1;
        }
    }
    // Every file is named and checked before the first one is written, so
    // a refused file (one that lands in the corpus) leaves nothing behind.
    let mut bases = Vec::with_capacity(sel.docs.len());
    for doc in &sel.docs {
        let base = unique_base(&safe_relative(&doc.doc.id)?, &mut used);
        sel.check_target(&out.join(with_suffix(&base, ".txt")))?;
        sel.check_target(&out.join(with_suffix(&base, ".ann")))?;
        bases.push(base);
    }
    for conf in ["annotation.conf", "visual.conf"] {
        sel.check_target(&out.join(conf))?;
    }
    mkdir(out)?;
    for (i, (doc, base)) in sel.docs.iter().zip(&bases).enumerate() {
        if let Some(parent) = base.parent().filter(|p| !p.as_os_str().is_empty()) {
            make_inside(out, parent)?;
        }
        let txt = out.join(with_suffix(base, ".txt"));
        files.push(sel.write_file(&txt, |w| w.write_all(doc.text.as_bytes()))?);
        let ann = ann_lines(doc, &relations_by_doc[i]);
        let ann_path = out.join(with_suffix(base, ".ann"));
        files.push(sel.write_file(&ann_path, |w| w.write_all(ann.as_bytes()))?);
        sel.progress(i + 1);
    }
    let labels: Vec<String> = sel.label_names().iter().map(|l| type_name(l)).collect();
    files.push(sel.write_file(&out.join("annotation.conf"), |w| {
        w.write_all(annotation_conf(&labels).as_bytes())
    })?);
    let colours: Vec<(String, String)> = sel
        .project
        .labels
        .labels
        .iter()
        .map(|l| (type_name(&l.name), l.color.hex()))
        .collect();
    files.push(sel.write_file(&out.join("visual.conf"), |w| {
        w.write_all(visual_conf(&colours).as_bytes())
    })?);
    let written = sel.links.len() - across;
    if across > 0 {
        selection.warn(
            None,
            None,
            format!("{across} link(s) across documents left out: brat relations join spans of one document"),
        );
    }
    selection.links_written = Some(written);
    Ok(files)
}

/// Creates the folder `out/rel` one level at a time. A level that exists as
/// a symbolic link (or a file) is refused before anything is created through
/// it, so a link planted in the output folder cannot send files elsewhere.
fn make_inside(out: &Path, rel: &Path) -> Result<(), ExportError> {
    let mut dir = out.to_owned();
    for part in rel.components() {
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_dir() => {}
            Ok(_) => return Err(ExportError::LeavesOutput(dir)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&dir).map_err(|source| ExportError::Folder {
                    path: dir.clone(),
                    source,
                })?;
            }
            Err(source) => return Err(ExportError::Folder { path: dir, source }),
        }
    }
    Ok(())
}

/// A brat type name: no whitespace or punctuation other than `-` and `_`.
fn type_name(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The file base (without `.txt`/`.ann`) for a document id, unique in this export.
fn unique_base(rel: &Path, used: &mut BTreeSet<PathBuf>) -> PathBuf {
    let name = rel
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let name = name.replace('#', "-");
    let stem = match name.rsplit_once('.') {
        Some((stem, "txt")) if !stem.is_empty() => stem.to_owned(),
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}_{ext}"),
        _ => name.clone(),
    };
    let mut base = rel.with_file_name(&stem);
    let mut n = 2;
    while !used.insert(base.clone()) {
        base = rel.with_file_name(format!("{stem}-{n}"));
        n += 1;
    }
    base
}

fn with_suffix(base: &Path, suffix: &str) -> PathBuf {
    let mut name = base.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    base.with_file_name(name)
}

/// The `.ann` of one document.
fn ann_lines(doc: &DocExport<'_>, relations: &[String]) -> String {
    let text = doc.text;
    let index = doc.doc.offsets();
    let cp = |byte: usize| index.byte_to_char(text, ByteOffset(byte)).0;
    let mut out = String::new();
    let (mut attr, mut note) = (0, 0);
    for span in &doc.spans {
        let a = span.annotation;
        // One fragment per line of the span, whitespace-only pieces dropped.
        let mut fragments = Vec::new();
        let mut at = a.span.start.0;
        for piece in span.text.split('\n') {
            let (start, end) = (at, at + piece.len());
            at = end + 1;
            let lead = piece.len() - piece.trim_start().len();
            let trail = piece.len() - piece.trim_end().len();
            if start + lead < end - trail {
                fragments.push((start + lead, end - trail));
            }
        }
        if fragments.is_empty() {
            continue;
        }
        let offsets: Vec<String> = fragments
            .iter()
            .map(|&(s, e)| format!("{} {}", cp(s), cp(e)))
            .collect();
        let quote: Vec<&str> = fragments.iter().map(|&(s, e)| &text[s..e]).collect();
        let _ = writeln!(
            out,
            "T{}\t{} {}\t{}",
            a.id.0,
            type_name(span.label),
            offsets.join(";"),
            quote.join(" ")
        );
        if let Some(s) = a.sentiment {
            attr += 1;
            let _ = writeln!(out, "A{attr}\tSentiment T{} {}", a.id.0, s.name());
        }
        if let AnnotationStatus::Suggested { .. } = a.status {
            attr += 1;
            let _ = writeln!(out, "A{attr}\tSuggested T{}", a.id.0);
        }
        let mut comment = String::new();
        if let Some(target) = a.target.as_deref().filter(|t| !t.is_empty()) {
            comment.push_str(&format!("[target: {target}]"));
        }
        if !a.note.is_empty() {
            if !comment.is_empty() {
                comment.push(' ');
            }
            comment.push_str(&a.note);
        }
        if !comment.is_empty() {
            note += 1;
            let flat: String = comment
                .chars()
                .map(|c| {
                    if c == '\n' || c == '\t' || c == '\r' {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            let _ = writeln!(out, "#{note}\tAnnotatorNotes T{}\t{flat}", a.id.0);
        }
    }
    for r in relations {
        out.push_str(r);
    }
    out
}

fn annotation_conf(labels: &[String]) -> String {
    let mut conf =
        String::from("# Written by Diptych. Entity types are the project's labels.\n[entities]\n");
    for label in labels {
        conf.push_str(label);
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n");
    for kind in LinkKind::ALL {
        let _ = writeln!(conf, "{}\tArg1:<ENTITY>, Arg2:<ENTITY>", kind.name());
    }
    conf.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    conf.push_str("\n[events]\n\n[attributes]\n");
    let values: Vec<&str> = Sentiment::ALL.iter().map(|s| s.name()).collect();
    let _ = writeln!(conf, "Sentiment\tArg:<ENTITY>, Value:{}", values.join("|"));
    conf.push_str("Suggested\tArg:<ENTITY>\n");
    conf
}

fn visual_conf(colours: &[(String, String)]) -> String {
    let mut conf = String::from("[labels]\n");
    for (label, _) in colours {
        let _ = writeln!(conf, "{label} | {label}");
    }
    conf.push_str("\n[drawing]\n");
    for (label, colour) in colours {
        let _ = writeln!(conf, "{label}\tbgColor:{colour}");
    }
    conf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_are_unique_and_readable() {
        let mut used = BTreeSet::new();
        assert_eq!(
            unique_base(Path::new("a/b.txt"), &mut used),
            Path::new("a/b")
        );
        assert_eq!(
            unique_base(Path::new("a/b.md"), &mut used),
            Path::new("a/b_md")
        );
        assert_eq!(
            unique_base(Path::new("x.jsonl#3"), &mut used),
            Path::new("x_jsonl-3")
        );
        assert_eq!(unique_base(Path::new("a/b"), &mut used), Path::new("a/b-2"));
    }
}
