//! The library's text search, in the background: a thread of its own owns
//! the corpus's search index (`io::search`), builds or updates it when a
//! corpus is installed, takes the watcher's changes, and answers the
//! queries the library's box sends. The UI thread only parses the query,
//! lists what its filters let through and reads the answers.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use super::caches::ByDocument;
use crate::io::corpus::Corpus;
use crate::io::search::{Filter, Query, SearchIndex, cache_folder_in};
use crate::model::{Change, Document, DocumentId, History, Project};
use crate::ui::library::{LibraryState, SearchOutcome, SearchView};

/// The most documents a search lists in the library.
const LIMIT: usize = 500;

/// What the search thread is asked to do.
enum Request {
    /// Bring the index in step with these documents, the whole corpus.
    Build(Vec<Document>),
    /// Documents read again by the watcher, and files gone.
    Update(Vec<Document>, Vec<DocumentId>),
    Query {
        text: String,
        query: Query,
        allowed: Option<Arc<BTreeSet<DocumentId>>>,
    },
}

/// A query's answer, with the text it answers.
struct Reply {
    text: String,
    outcome: SearchOutcome,
}

/// The search of the installed corpus, as the window sees it.
#[derive(Default)]
pub(super) struct Search {
    worker: Option<Worker>,
    /// The query last sent, and the project revision its filters were
    /// listed at (0 for a query without filters).
    sent: Option<(String, u64)>,
    /// What the library shows.
    view: Option<Arc<SearchView>>,
    /// The documents the last filters let through, and the filters and
    /// project revision they were listed at: typing more words after
    /// `label:Claim` does not list them again.
    allowed: Option<(Vec<Filter>, u64, Arc<BTreeSet<DocumentId>>)>,
    /// True while the corpus is still being read: the search starts once
    /// it is whole, and says it is indexing until then.
    waiting: bool,
    /// Why the search's thread ended (a panic): said instead of an answer.
    stopped: Option<String>,
}

struct Worker {
    requests: mpsc::Sender<Request>,
    replies: mpsc::Receiver<Reply>,
    /// True while the index is being built or updated.
    indexing: Arc<AtomicBool>,
}

impl Search {
    /// Starts the search of `corpus` (a new thread; the previous one ends
    /// once its work is done): its index, kept under `cache_dir`, is built
    /// or brought up to date first.
    pub(super) fn start(&mut self, corpus: &Corpus, cache_dir: &std::path::Path) {
        *self = Self::default();
        if corpus.documents.is_empty() {
            return;
        }
        let folder = cache_folder_in(cache_dir, &corpus.root);
        let (requests, inbox) = mpsc::channel();
        let (outbox, replies) = mpsc::channel();
        let indexing = Arc::new(AtomicBool::new(true));
        let flag = Arc::clone(&indexing);
        let root = corpus.root.clone();
        // Cloning the documents shares their texts (Arc); the index is
        // read and written on the thread.
        let docs: Vec<Document> = corpus.documents.values().cloned().collect();
        let _ = requests.send(Request::Build(docs));
        std::thread::spawn(move || serve(&folder, root, &inbox, &outbox, &flag));
        self.worker = Some(Worker {
            requests,
            replies,
            indexing,
        });
    }

    /// Stops any search and waits for the whole corpus (a project shown
    /// while its corpus is read): indexing only the articles read first
    /// would drop the others from the index kept in the cache.
    pub(super) fn wait_for_corpus(&mut self) {
        *self = Self {
            waiting: true,
            ..Self::default()
        };
    }

    /// Passes the watcher's changes on to the index.
    pub(super) fn update(&mut self, changed: Vec<Document>, removed: Vec<DocumentId>) {
        if let Some(worker) = &self.worker
            && (!changed.is_empty() || !removed.is_empty())
        {
            worker.indexing.store(true, Ordering::Relaxed);
            let _ = worker.requests.send(Request::Update(changed, removed));
            // The answers shown may be stale now: ask again.
            self.sent = None;
        }
    }

    /// What the library shows for its search box this frame: sends the
    /// query when it changed (or the project did, for a query with
    /// filters) and takes the answers that came back.
    pub(super) fn view(
        &mut self,
        library: &LibraryState,
        project: &Project,
        history: &History,
        by_document: &ByDocument,
    ) -> Option<Arc<SearchView>> {
        let revision = history.revision();
        let text = library.search_query()?;
        if let Some(why) = &self.stopped {
            return Some(self.show(&text, SearchOutcome::Bad(why.clone())));
        }
        let Some(worker) = &self.worker else {
            if self.waiting {
                return Some(Arc::new(SearchView {
                    text,
                    outcome: SearchOutcome::Indexing,
                }));
            }
            return Some(self.show(&text, SearchOutcome::Found(Default::default())));
        };
        loop {
            match worker.replies.try_recv() {
                Ok(reply) if reply.text == text => {
                    self.view = Some(Arc::new(SearchView {
                        text: reply.text,
                        outcome: reply.outcome,
                    }));
                }
                Ok(_) => {}
                Err(mpsc::TryRecvError::Empty) => break,
                // The thread ended without an answer: it panicked.
                Err(mpsc::TryRecvError::Disconnected) => {
                    let why = super::crash::job_stopped("The search");
                    self.worker = None;
                    self.stopped = Some(why.clone());
                    return Some(self.show(&text, SearchOutcome::Bad(why)));
                }
            }
        }
        let indexing = worker.indexing.load(Ordering::Relaxed);
        let parsed = Query::parse(&text, project);
        let key = (
            text.clone(),
            match &parsed {
                Ok(q) if !q.filters.is_empty() => revision,
                _ => 0,
            },
        );
        if self.sent.as_ref() != Some(&key) {
            self.sent = Some(key);
            match parsed {
                Err(err) => return Some(self.show(&text, SearchOutcome::Bad(err.to_string()))),
                Ok(query) => {
                    let allowed = self.allowed(&query, project, (history, revision), by_document);
                    if let Some(worker) = &self.worker {
                        let _ = worker.requests.send(Request::Query {
                            text: text.clone(),
                            query,
                            allowed,
                        });
                    }
                    self.view = None;
                }
            }
        }
        let current = self.view.as_ref().filter(|v| v.text == text);
        match current {
            Some(view) if !indexing || matches!(view.outcome, SearchOutcome::Bad(_)) => {
                Some(Arc::clone(view))
            }
            _ => {
                let waiting = if indexing {
                    SearchOutcome::Indexing
                } else {
                    SearchOutcome::Searching
                };
                Some(Arc::new(SearchView {
                    text,
                    outcome: waiting,
                }))
            }
        }
    }

    /// What `query`'s filters let through in `project` at `revision` (of
    /// `history`), listed again only when the filters changed, or the
    /// project other than by edits of annotations and documents' records:
    /// after those, only the documents they touched are tested again
    /// (through `by_document`).
    fn allowed(
        &mut self,
        query: &Query,
        project: &Project,
        (history, revision): (&History, u64),
        by_document: &ByDocument,
    ) -> Option<Arc<BTreeSet<DocumentId>>> {
        if let Some((filters, at, allowed)) = &mut self.allowed
            && *filters == query.filters
        {
            if *at == revision {
                return Some(Arc::clone(allowed));
            }
            let changes: Option<Vec<&Change>> = history
                .changes_since(*at)
                .map(Iterator::collect)
                .filter(|c: &Vec<&Change>| !c.iter().any(|c| c.other));
            if let Some(changes) = changes {
                // The documents whose annotations or record (a status
                // filter's) the steps changed.
                let touched: BTreeSet<&DocumentId> = (changes.iter())
                    .flat_map(|c| {
                        (c.before.iter().chain(&c.after))
                            .map(|a| &a.document)
                            .chain(&c.records)
                    })
                    .collect();
                let set = Arc::make_mut(allowed);
                for doc in touched {
                    let annotations = super::caches::annotations_in(project, by_document, doc);
                    let record = project.documents.get(doc);
                    if record.is_some_and(|r| query.passes(r, &annotations)) {
                        set.insert(doc.clone());
                    } else {
                        set.remove(doc);
                    }
                }
                *at = revision;
                return Some(Arc::clone(allowed));
            }
        }
        let allowed = Arc::new(query.allowed(project)?);
        self.allowed = Some((query.filters.clone(), revision, Arc::clone(&allowed)));
        Some(allowed)
    }

    /// Remembers and returns `outcome` as the answer to `text`.
    fn show(&mut self, text: &str, outcome: SearchOutcome) -> Arc<SearchView> {
        let view = Arc::new(SearchView {
            text: text.to_owned(),
            outcome,
        });
        self.view = Some(Arc::clone(&view));
        view
    }
}

/// The search thread: takes requests until the window drops its end (the
/// library asks for frames while it waits for an answer).
fn serve(
    folder: &std::path::Path,
    root: PathBuf,
    inbox: &mpsc::Receiver<Request>,
    outbox: &mpsc::Sender<Reply>,
    indexing: &AtomicBool,
) {
    let mut index = SearchIndex::open(folder);
    let mut texts = Corpus {
        root: root.clone(),
        ..Corpus::default()
    };
    while let Ok(first) = inbox.recv() {
        // Only the last of the queries waiting is answered.
        let mut batch = vec![first];
        batch.extend(inbox.try_iter());
        let last_query = batch
            .iter()
            .rposition(|r| matches!(r, Request::Query { .. }));
        for (i, request) in batch.into_iter().enumerate() {
            match request {
                Request::Build(docs) => {
                    index.sync_documents(&root, &docs);
                    texts.documents = docs.into_iter().map(|d| (d.id.clone(), d)).collect();
                }
                Request::Update(changed, removed) => {
                    index.update(&root, &changed, &removed);
                    for id in &removed {
                        texts.remove(id);
                    }
                    for doc in changed {
                        texts.insert(doc);
                    }
                }
                Request::Query {
                    text,
                    query,
                    allowed,
                } if Some(i) == last_query => {
                    let answer = index.search(&query, allowed.as_deref(), LIMIT, &texts);
                    if outbox
                        .send(Reply {
                            text,
                            outcome: SearchOutcome::Found(answer),
                        })
                        .is_err()
                    {
                        return;
                    }
                }
                Request::Query { .. } => {}
            }
        }
        indexing.store(false, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocRecord, DocStatus, SourceFormat};

    fn project_of(done: &[&str], todo: &[&str]) -> Project {
        let mut project = Project::new("p", "corpus");
        for (ids, status) in [(done, DocStatus::Done), (todo, DocStatus::ToDo)] {
            for id in ids {
                let doc = Document::new(
                    DocumentId::from(*id),
                    (*id).to_owned(),
                    "text",
                    SourceFormat::Text,
                    "UTF-8",
                );
                let mut record = DocRecord::of(&doc);
                record.fields.status = status;
                project.documents.insert(record.id.clone(), record);
            }
        }
        project
    }

    proptest::proptest! {
        /// The filters' documents kept and tested again only where edits
        /// touched are the documents listed from the whole project.
        #[test]
        fn the_filters_list_brought_up_to_date_is_the_list_made_again(
            steps in proptest::collection::vec((crate::model::testing::op(), 0..4u8), 1..30),
            which in 0..4usize,
        ) {
            use crate::model::testing::{base_project, edit_for};
            let queries = ["label:claim", "sentiment:negative", "annotator:tester status:todo", "label:claim path:a"];
            let mut project = base_project();
            let mut history = History::default();
            let mut search = Search::default();
            let query = Query::parse(queries[which], &project).unwrap();
            for (op, then) in &steps {
                match then {
                    0 => {
                        let _ = history.undo(&mut project);
                    }
                    1 => {
                        let _ = history.redo(&mut project);
                    }
                    _ => {
                        if let Some(edit) = edit_for(&project, op) {
                            let _ = history.apply(&mut project, edit);
                        }
                    }
                }
                let index = super::super::caches::Facts::of(&project).by_document;
                let kept = search
                    .allowed(&query, &project, (&history, history.revision()), &index)
                    .unwrap();
                proptest::prop_assert_eq!(&*kept, &query.allowed(&project).unwrap());
            }
        }
    }

    #[test]
    fn the_filters_list_is_kept_while_words_change_and_made_again_on_an_edit() {
        let project = project_of(&["a.txt", "b.txt"], &["c.txt"]);
        let mut search = Search::default();
        // Revisions of no history of this project: listed again each time.
        let history = History::default();
        let index = ByDocument::default();
        let first = Query::parse("status:done minister", &project).unwrap();
        let listed = search
            .allowed(&first, &project, (&history, 7), &index)
            .unwrap();
        assert_eq!(listed.len(), 2);
        let more_words = Query::parse("status:done minister said", &project).unwrap();
        let again = search
            .allowed(&more_words, &project, (&history, 7), &index)
            .unwrap();
        assert!(Arc::ptr_eq(&listed, &again), "listed again for new words");

        let edited = project_of(&["a.txt"], &["b.txt", "c.txt"]);
        let after_edit = search
            .allowed(&more_words, &edited, (&history, 8), &index)
            .unwrap();
        assert_eq!(
            after_edit
                .iter()
                .map(DocumentId::as_str)
                .collect::<Vec<_>>(),
            ["a.txt"]
        );
        let other_filter = Query::parse("status:todo minister", &edited).unwrap();
        assert_eq!(
            search
                .allowed(&other_filter, &edited, (&history, 8), &index)
                .unwrap()
                .len(),
            2
        );
        let no_filter = Query::parse("minister", &edited).unwrap();
        assert!(
            search
                .allowed(&no_filter, &edited, (&history, 8), &index)
                .is_none()
        );
    }
}
