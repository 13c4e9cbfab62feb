//! The article a window shows first, read before its project file is
//! parsed: a large project takes seconds to parse, and its first article
//! can be on screen long before, read-only, while the parse goes on.
//!
//! What to show is told from the file's first and last 64 KiB alone: the
//! corpus folder it names (its head), the first pane of its saved view
//! (the file's last field) or else the first document it lists. All of it
//! is a hint: the parse decides what the project is, and the window shows
//! what the parse gave as soon as it is there. Nothing is read from a
//! corpus folder outside the project file's folder (the user is asked
//! first), nor a file the whole read would not read (see
//! [`read_documents`]).

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::corpus::{ImportOptions, read_documents};
use super::project_file::{ViewState, head_text, is_project_head};
use super::ron_fast::{leading_list_strings, leading_string_field, trailing_field};
use super::workspace::root_outside;
use crate::model::{Document, DocumentId};

/// How much of each end of the file is read.
const END: u64 = 1 << 16;

/// The document of the project file at `path` a window shows first, read
/// from its corpus; `None` when it cannot be told from the file's ends or
/// read (the window then waits for the parse, as it did).
pub fn first_document(path: &Path) -> Option<Document> {
    let head = head_text(path)?;
    if !is_project_head(&head) {
        return None;
    }
    let base = path.parent().unwrap_or(Path::new(""));
    let root = base.join(leading_string_field(&head, "corpus")?);
    if root_outside(path, &root).is_some() {
        return None;
    }
    let id = shown_first(&head, tail_text(path).as_deref())?;
    let corpus = read_documents(&root, std::slice::from_ref(&id), &ImportOptions::default());
    corpus.documents.into_values().next()
}

/// The first pane of the view that ends the file (`tail`), or else the
/// first document the file lists (`head`).
fn shown_first(head: &str, tail: Option<&str>) -> Option<DocumentId> {
    let view = tail.and_then(|t| trailing_field::<ViewState>(t, "view"));
    if let Some(id) = view.and_then(|v| v.open.into_iter().next()) {
        return Some(id);
    }
    let first = leading_list_strings(head, "documents", "id", 1);
    first.into_iter().next().map(DocumentId::from)
}

/// The text of a file's last 64 KiB, from its first whole character.
fn tail_text(path: &Path) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(END))).ok()?;
    let mut tail = Vec::with_capacity(END as usize);
    file.take(END).read_to_end(&mut tail).ok()?;
    let start = tail.iter().position(|b| b & 0xC0 != 0x80)?;
    String::from_utf8(tail.split_off(start)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::project_file::{ViewState, save, to_ron};
    use crate::model::Project;

    fn project_of(ids: &[&str], corpus: &str) -> Project {
        let documents: Vec<(&str, &str)> = ids.iter().map(|id| (*id, "text")).collect();
        crate::model::testing::project_of("p", corpus, &documents)
    }

    fn write(dir: &Path, files: &[(&str, &str)]) {
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn the_first_pane_of_the_saved_view_is_read_before_the_parse() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[
                ("corpus/a.txt", "Alpha\n\nFirst."),
                ("corpus/b.txt", "Beta\n\nSecond."),
            ],
        );
        let path = dir.path().join("p.ron");
        let view = ViewState {
            open: vec![DocumentId::from("b.txt"), DocumentId::from("a.txt")],
            ..ViewState::default()
        };
        save(&project_of(&["a.txt", "b.txt"], "corpus"), &view, &path).unwrap();
        let doc = first_document(&path).unwrap();
        assert_eq!(doc.id.as_str(), "b.txt");
        assert_eq!(&*doc.text(), "Beta\n\nSecond.");

        // No panes saved: the first document listed.
        save(
            &project_of(&["a.txt", "b.txt"], "corpus"),
            &ViewState::default(),
            &path,
        )
        .unwrap();
        assert_eq!(first_document(&path).unwrap().id.as_str(), "a.txt");
    }

    #[test]
    fn nothing_is_read_outside_the_project_folder_or_from_other_files() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[("outside/a.txt", "Alpha"), ("in/corpus/.h.txt", "Hidden")],
        );
        let folder = dir.path().join("in");
        let path = folder.join("p.ron");
        std::fs::write(&path, to_ron(&project_of(&["a.txt"], "../outside"))).unwrap();
        assert!(first_document(&path).is_none(), "the corpus is outside");

        std::fs::write(&path, to_ron(&project_of(&[".h.txt"], "corpus"))).unwrap();
        assert!(
            first_document(&path).is_none(),
            "a hidden file is never read"
        );

        std::fs::write(&path, to_ron(&project_of(&["a.txt"], "corpus"))).unwrap();
        assert!(first_document(&path).is_none(), "not in the corpus");

        std::fs::write(&path, "(format: \"other\", corpus: \"corpus\")").unwrap();
        write(&folder, &[("corpus/a.txt", "Alpha")]);
        assert!(first_document(&path).is_none(), "not a Diptych project");
        assert!(first_document(&folder.join("missing.ron")).is_none());
    }

    #[test]
    fn only_a_diptych_project_names_a_corpus_in_its_head() {
        use crate::io::project_file::corpus_in_head;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        std::fs::write(&path, to_ron(&project_of(&["a.txt"], "corpus"))).unwrap();
        assert_eq!(corpus_in_head(&path).as_deref(), Some("corpus"));
        // Any other RON file that names a folder: none is walked for it.
        std::fs::write(&path, "(corpus: \"/\", items: [])").unwrap();
        assert_eq!(corpus_in_head(&path), None);
        std::fs::write(&path, "(format: \"other\", corpus: \"/\")").unwrap();
        assert_eq!(corpus_in_head(&path), None);
    }

    #[test]
    fn the_tail_starts_at_a_whole_character() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.ron");
        // A three-byte character cut by the 64 KiB boundary.
        let mut text = "é".repeat(40_000);
        text.push_str("€ view: (open: [\"x\"]))");
        std::fs::write(&path, &text).unwrap();
        let tail = tail_text(&path).unwrap();
        assert!(text.ends_with(&tail) && tail.len() as u64 > END - 4);
        assert_eq!(shown_first("", Some(&tail)).unwrap().as_str(), "x");
    }
}
