//! The library's text search, in the background: a thread of its own owns
//! the corpus's search index (`io::search`), builds or updates it when a
//! corpus is installed, takes the watcher's changes, and answers the
//! queries the library's box sends. The thread also keeps what the filters
//! test of each document (`io::search::Tags`), brought up to date from the
//! edits, and lists there the documents a query's filters let through. The
//! UI thread parses the query, sends what the edits since changed (or, the
//! first time and after a change it cannot follow, every document's tags:
//! made on the loading thread with a project file, else a slice per frame)
//! and reads the answers.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::io::corpus::Corpus;
use crate::io::search::{
    AnnotationTag, Filter, Progress, Query, SearchIndex, TagChange, Tags, TagsBuilder,
    cache_folder_in, place_on_annotations, record_tag,
};
use crate::model::{Annotation, Document, DocumentId, History, Project};
use crate::ui::library::{LibraryState, SearchOutcome, SearchView};

/// The most documents a search lists in the library.
const LIMIT: usize = 500;

/// How long a frame spends making every document's tags, at most: a
/// million annotations take about a quarter of a second in all on the dev
/// machine, so about a hundred frames of 3 ms, each within the window's
/// budget (8 ms).
const SLICE: Duration = Duration::from_millis(3);

/// Records or annotations read between two looks at the clock. Few: the
/// first records read each land on a page of the new table the kernel has
/// yet to give (about 15 µs each on the dev machine), and with 4096, then
/// 512, the first slices ran to 14 and 11.5 ms. A look costs some 25 ns.
const STRIDE: usize = 64;

/// What the search thread is asked to do.
enum Request {
    /// Bring the index in step with these documents, the whole corpus.
    Build(Vec<Document>),
    /// Documents read again by the watcher, and files gone.
    Update(Vec<Document>, Vec<DocumentId>),
    /// Every document's tags, made anew.
    Tags(Tags),
    /// What edits changed of them.
    Tagged(TagChange),
    Query {
        /// Counts the queries sent: only the answer to the last is shown
        /// (the same text sent again after an edit is a new query).
        seq: u64,
        text: String,
        query: Query,
    },
    /// Put the hits of a query of filters only on the annotations their
    /// documents were found by (`io::search::place_on_annotations`): the
    /// UI thread lists those annotations, the texts are the thread's.
    Place {
        reply: Reply,
        query: Query,
        annotations: Vec<AnnotationTag>,
    },
}

/// A query's answer, with the text it answers.
struct Reply {
    seq: u64,
    text: String,
    outcome: SearchOutcome,
    /// True once its hits are where they are shown (a query of filters
    /// only on annotations is answered twice: found, then placed).
    placed: bool,
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
    /// The project revision the tags kept (held here, or the thread's) were
    /// last brought to; `None` when there are none to bring up to date.
    tags_at: Option<u64>,
    /// Every document's tags made off the UI thread as the project was
    /// loaded, kept here (and brought up to date with each edit) until the
    /// first query with a filter sends them to the thread.
    held: Option<Tags>,
    /// Every document's tags while they are made, a slice per frame.
    making: Option<Making>,
    /// True when this frame made a slice of them (or started them) for the
    /// query shown and more remain: the window asks for the next frame at
    /// once.
    slicing: bool,
    /// True while the answer to the last query sent has not come: the
    /// window looks again every 30 ms (it may be showing the answer to the
    /// same text before an edit, which asks for no frames).
    awaiting: bool,
    /// The last query's number (`Request::Query::seq`).
    seq: u64,
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
    /// How far that is.
    progress: Arc<Progress>,
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
        let progress = Arc::<Progress>::default();
        let counted = Arc::clone(&progress);
        let root = corpus.root.clone();
        // Cloning the documents shares their texts (Arc); the index is
        // read and written on the thread.
        let docs: Vec<Document> = corpus.documents.values().cloned().collect();
        let _ = requests.send(Request::Build(docs));
        std::thread::spawn(move || {
            crate::io::background::lower_priority();
            serve(&folder, root, &inbox, &outbox, &flag, counted);
        });
        self.worker = Some(Worker {
            requests,
            replies,
            indexing,
            progress,
        });
    }

    /// [`Self::start`] over the whole corpus of the project shown (read
    /// after it: [`Self::wait_for_corpus`]): the tags held or being made
    /// for that project are kept.
    pub(super) fn start_keeping_tags(&mut self, corpus: &Corpus, cache_dir: &std::path::Path) {
        let held = self.held.take();
        // Tags sent to a thread end with it.
        let at = held.as_ref().and(self.tags_at);
        let making = self.making.take();
        self.start(corpus, cache_dir);
        (self.held, self.tags_at, self.making) = (held, at, making);
    }

    /// Every document's tags of the project just shown, made at `at` (its
    /// history's revision) as it was loaded: a query with a filter is then
    /// answered without making them in the window.
    pub(super) fn hold_tags(&mut self, tags: Tags, at: u64) {
        (self.held, self.tags_at, self.making) = (Some(tags), Some(at), None);
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

    /// The corpus of the project shown will not be read whole (its reading
    /// failed or was cancelled): the search says `why` instead of saying
    /// it is indexing until the project is opened again.
    pub(super) fn corpus_not_read(&mut self, why: String) {
        if self.waiting {
            self.waiting = false;
            self.stopped = Some(why);
        }
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
    ///
    /// `annotations_of` lists a document's annotations (the window's index
    /// of them by document).
    pub(super) fn view<'p>(
        &mut self,
        library: &LibraryState,
        project: &'p Project,
        annotations_of: &dyn Fn(&DocumentId) -> Vec<&'p Annotation>,
        history: &History,
    ) -> Option<Arc<SearchView>> {
        self.slicing = false;
        // The tags kept follow every edit, searched or not: the history
        // lists only its last steps.
        if let (Some(change), Some(worker)) = (self.follow(project, history), &self.worker) {
            let _ = worker.requests.send(change);
        }
        let revision = history.revision();
        let Some(text) = library.search_query().map(str::to_owned) else {
            // No answer is looked for any more: a query typed again is
            // sent again, or its answer read as it comes. Tags partly made
            // are dropped.
            self.awaiting = false;
            self.making = None;
            return None;
        };
        if let Some(why) = &self.stopped {
            return Some(self.show(&text, SearchOutcome::Bad(why.clone())));
        }
        let Some(worker) = &self.worker else {
            if self.waiting {
                return Some(Arc::new(SearchView {
                    text,
                    outcome: SearchOutcome::Indexing { done: 0, files: 0 },
                }));
            }
            return Some(self.show(&text, SearchOutcome::Found(Default::default())));
        };
        loop {
            match worker.replies.try_recv() {
                Ok(reply) if reply.seq == self.seq => {
                    let reply = match placing(reply, project, annotations_of) {
                        Ok(request) => {
                            let _ = worker.requests.send(request);
                            // Looked for until it comes back placed (the
                            // box may have been emptied since it was sent).
                            self.awaiting = true;
                            continue;
                        }
                        Err(reply) => reply,
                    };
                    self.awaiting = false;
                    if reply.text == text {
                        self.view = Some(Arc::new(SearchView {
                            text: reply.text,
                            outcome: reply.outcome,
                        }));
                    }
                }
                Ok(_) => {}
                Err(mpsc::TryRecvError::Empty) => break,
                // The thread ended without an answer: it panicked.
                Err(mpsc::TryRecvError::Disconnected) => {
                    let why = super::crash::job_stopped("The search");
                    self.worker = None;
                    self.awaiting = false;
                    self.stopped = Some(why.clone());
                    return Some(self.show(&text, SearchOutcome::Bad(why)));
                }
            }
        }
        let indexing = worker.indexing.load(Ordering::Relaxed);
        let (done, files) = worker.progress.get();
        let parsed = Query::parse(&text, project);
        let key = (
            text.clone(),
            match &parsed {
                Ok(q) if !q.filters.is_empty() => revision,
                _ => 0,
            },
        );
        if self.sent.as_ref() != Some(&key) {
            match parsed {
                Err(err) => {
                    self.sent = Some(key);
                    return Some(self.show(&text, SearchOutcome::Bad(err.to_string())));
                }
                Ok(query) => {
                    let synced = match query.filters.is_empty() {
                        true => Synced::Ready(None),
                        false => self.sync_tags(project, history),
                    };
                    match synced {
                        // Sent once every document's tags are made.
                        Synced::Making => self.slicing = true,
                        Synced::Ready(tags) => {
                            self.sent = Some(key);
                            if let Some(worker) = &self.worker {
                                if let Some(tags) = tags {
                                    let _ = worker.requests.send(tags);
                                }
                                self.seq += 1;
                                self.awaiting = true;
                                let _ = worker.requests.send(Request::Query {
                                    seq: self.seq,
                                    text: text.clone(),
                                    query,
                                });
                            }
                        }
                    }
                    // The answer to the same text before an edit stays
                    // until the new one comes: the list does not empty and
                    // fill again at each edit.
                    if self.view.as_ref().is_some_and(|v| v.text != text) {
                        self.view = None;
                    }
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
                    SearchOutcome::Indexing { done, files }
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

    /// Brings the tags kept to `project` as it is now (at `history`'s
    /// revision) when the history lists what the steps since changed: the
    /// tags held here are changed here, the thread's are sent the change
    /// (returned). Else there are none kept any more.
    fn follow(&mut self, project: &Project, history: &History) -> Option<Request> {
        let now = history.revision();
        let at = self.tags_at.filter(|&at| at != now)?;
        let Some(change) = tag_change_since(project, history, at) else {
            (self.tags_at, self.held) = (None, None);
            return None;
        };
        self.tags_at = Some(now);
        match &mut self.held {
            Some(tags) => {
                tags.apply(change);
                None
            }
            None => Some(Request::Tagged(change)),
        }
    }

    /// What brings the thread's tags to `project` as it is now (at
    /// `history`'s revision): nothing when they are; the annotations and
    /// records the steps since touched when the history still lists them;
    /// the tags held here; else every document's tags, made here a slice
    /// per frame (the first query with a filter of a project not loaded
    /// from a file, and after a change of labels or documents).
    fn sync_tags(&mut self, project: &Project, history: &History) -> Synced {
        let now = history.revision();
        let change = self.follow(project, history);
        if self.tags_at == Some(now) {
            let held = self.held.take().map(Request::Tags);
            return Synced::Ready(change.or(held));
        }
        let Some(making) = &mut self.making else {
            // The frame the query changed in lists the library again: the
            // slices start in the next.
            self.making = Some(Making::new(history));
            return Synced::Making;
        };
        making.catch_up(project, history);
        let until = Instant::now() + SLICE;
        while !making.builder.step(project, STRIDE) {
            if Instant::now() >= until {
                return Synced::Making;
            }
        }
        let making = self.making.take().expect("made above");
        self.tags_at = Some(now);
        Synced::Ready(Some(Request::Tags(making.builder.finish())))
    }

    /// True when this frame made a slice of every document's tags for the
    /// query shown (or started them), and more remain.
    pub(super) fn making_tags(&self) -> bool {
        self.slicing
    }

    /// When the window should draw again for the search: at once while
    /// the tags are made, in 30 ms while an answer is awaited.
    pub(super) fn next_frame(&self) -> Option<Duration> {
        if self.slicing {
            Some(Duration::ZERO)
        } else if self.awaiting {
            Some(Duration::from_millis(30))
        } else {
            None
        }
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

/// What [`Search::sync_tags`] did.
enum Synced {
    /// The thread's tags are the project's once this request (if any) is
    /// sent.
    Ready(Option<Request>),
    /// Every document's tags are being made: ask again next frame.
    Making,
}

/// Every document's tags while they are made, and the project revision the
/// part made follows.
struct Making {
    builder: TagsBuilder,
    at: u64,
}

impl Making {
    fn new(history: &History) -> Self {
        Self {
            builder: TagsBuilder::default(),
            at: history.revision(),
        }
    }

    /// Follows the steps taken since the last slice, or starts again when
    /// the history no longer lists what they changed.
    fn catch_up(&mut self, project: &Project, history: &History) {
        let now = history.revision();
        if self.at != now {
            match tag_change_since(project, history, self.at) {
                Some(change) => self.builder.follow(change),
                None => self.builder = TagsBuilder::default(),
            }
            self.at = now;
        }
    }
}

/// What the steps taken after `revision` changed of the filters' tags, with
/// the records as `project` has them now; `None` when the history no longer
/// lists what they changed (the tags are made anew).
fn tag_change_since(project: &Project, history: &History, revision: u64) -> Option<TagChange> {
    let changes = history.listed_changes_since(revision)?;
    let mut change = TagChange::default();
    for c in &changes {
        let gone = c.before.iter().map(|a| (AnnotationTag::of(a), false));
        let came = c.after.iter().map(|a| (AnnotationTag::of(a), true));
        change.annotations.extend(gone.chain(came));
    }
    let mut records: Vec<&DocumentId> = changes.iter().flat_map(|c| &c.records).collect();
    records.sort();
    records.dedup();
    change.records = (records.into_iter())
        .map(|doc| (doc.clone(), project.documents.get(doc).map(record_tag)))
        .collect();
    Some(change)
}

/// True when a query's hits are put on annotations once found: a query
/// of filters only, one of them on annotations.
fn places_on_annotations(query: &Query) -> bool {
    query.text.is_empty() && query.filters.iter().any(Filter::reads_annotations)
}

/// A reply whose hits are yet to be put on their annotations, as the
/// request to the thread to do so (`Ok`); any other reply as it is.
fn placing<'p>(
    reply: Reply,
    project: &'p Project,
    annotations_of: &dyn Fn(&DocumentId) -> Vec<&'p Annotation>,
) -> Result<Request, Reply> {
    let SearchOutcome::Found(answer) = &reply.outcome else {
        return Err(reply);
    };
    if reply.placed || answer.hits.is_empty() {
        return Err(reply);
    }
    // Parsed again against the project as it is now: a label renamed
    // since is the label found by.
    let Ok(query) = Query::parse(&reply.text, project) else {
        return Err(reply);
    };
    let annotations = (answer.hits.iter())
        .flat_map(|hit| annotations_of(&hit.document))
        .map(AnnotationTag::of)
        .collect();
    Ok(Request::Place {
        reply,
        query,
        annotations,
    })
}

/// The search thread: takes requests until the window drops its end (the
/// window asks for frames while it waits for an answer: `Search::next_frame`).
fn serve(
    folder: &std::path::Path,
    root: PathBuf,
    inbox: &mpsc::Receiver<Request>,
    outbox: &mpsc::Sender<Reply>,
    indexing: &AtomicBool,
    progress: Arc<Progress>,
) {
    let mut index = SearchIndex::open(folder);
    index.count_on(progress);
    let mut texts = Corpus {
        root: root.clone(),
        ..Corpus::default()
    };
    let mut tags = Tags::default();
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
                Request::Tags(all) => tags = all,
                Request::Tagged(change) => tags.apply(change),
                Request::Query { seq, text, query } if Some(i) == last_query => {
                    let allowed = tags.allowed(&query.filters);
                    let answer = index.search(&query, allowed.as_ref(), LIMIT, &texts);
                    let placed = !places_on_annotations(&query);
                    let outcome = SearchOutcome::Found(answer);
                    let reply = Reply {
                        seq,
                        text,
                        outcome,
                        placed,
                    };
                    if outbox.send(reply).is_err() {
                        return;
                    }
                }
                Request::Query { .. } => {}
                Request::Place {
                    mut reply,
                    query,
                    annotations,
                } => {
                    if let SearchOutcome::Found(answer) = &mut reply.outcome {
                        place_on_annotations(answer, &query, &annotations, &texts);
                    }
                    reply.placed = true;
                    if outbox.send(reply).is_err() {
                        return;
                    }
                }
            }
        }
        indexing.store(false, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{base_project, edit_for};
    use crate::model::{DocFields, DocStatus, Edit};

    /// Queries with each kind of filter, over the test projects' values.
    const QUERIES: [&str; 6] = [
        "label:claim",
        "sentiment:negative",
        "annotator:tester status:todo",
        "label:claim path:a",
        "status:done",
        "annotator:ACCEPTOR",
    ];

    /// What `sync_tags` sends once the tags are made (in as many frames as
    /// it takes).
    fn synced(search: &mut Search, project: &Project, history: &History) -> Option<Request> {
        loop {
            if let Synced::Ready(request) = search.sync_tags(project, history) {
                return request;
            }
        }
    }

    /// Applies what `sync_tags` sent to the tags the thread would hold.
    fn receive(tags: &mut Tags, request: Option<Request>) -> &'static str {
        match request {
            None => "nothing",
            Some(Request::Tags(all)) => {
                *tags = all;
                "all"
            }
            Some(Request::Tagged(change)) => {
                tags.apply(change);
                "changes"
            }
            Some(_) => "something else",
        }
    }

    /// Undoes (`then` 0), redoes (1) or makes the edit `op` stands for.
    fn take_step(
        project: &mut Project,
        history: &mut History,
        op: &crate::model::testing::Op,
        then: u8,
    ) {
        match then {
            0 => {
                let _ = history.undo(project);
            }
            1 => {
                let _ = history.redo(project);
            }
            _ => {
                if let Some(edit) = edit_for(project, op) {
                    let _ = history.apply(project, edit);
                }
            }
        }
    }

    /// The project's first document, and the edit that marks it done.
    fn first_done(project: &Project) -> (DocumentId, Edit) {
        let doc = project.documents.keys().next().unwrap().clone();
        let fields = DocFields {
            status: DocStatus::Done,
            ..project.documents[&doc].fields.clone()
        };
        let edit = Edit::SetDocFields {
            document: doc.clone(),
            fields,
        };
        (doc, edit)
    }

    /// Fails unless `tags` let through what each of [`QUERIES`]' filters
    /// let through in `project`.
    fn same_as_the_project(
        tags: &Tags,
        project: &Project,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        for source in QUERIES {
            let Ok(query) = Query::parse(source, project) else {
                continue;
            };
            proptest::prop_assert_eq!(
                tags.allowed(&query.filters),
                query.allowed(project),
                "{}",
                source
            );
        }
        Ok(())
    }

    proptest::proptest! {
        /// The tags the thread holds, brought up to date with what the
        /// window sends after edits, undos and redos, let through what the
        /// filters let through in the whole project.
        #[test]
        fn the_threads_tags_list_what_the_project_lists(
            steps in proptest::collection::vec((crate::model::testing::op(), 0..5u8), 1..30),
        ) {
            let mut project = base_project();
            let mut history = History::default();
            let mut search = Search::default();
            let mut tags = Tags::default();
            for (op, then) in &steps {
                take_step(&mut project, &mut history, op, *then);
                // No query with a filter after an edit of this kind: the
                // tags fall behind, and catch up with the next.
                if *then == 2 {
                    continue;
                }
                receive(&mut tags, synced(&mut search, &project, &history));
                same_as_the_project(&tags, &project)?;
            }
        }

        /// Every document's tags made a record or an annotation at a time,
        /// with random edits, undos and redos between the slices (the
        /// history may list them or not: then made anew), let through what
        /// the filters let through in the whole project.
        #[test]
        fn tags_made_in_slices_follow_the_edits_between_them(
            steps in proptest::collection::vec((crate::model::testing::op(), 0..4u8), 1..40),
        ) {
            let mut project = base_project();
            let mut history = History::default();
            let mut making = Making::new(&history);
            let mut done = false;
            for (op, then) in &steps {
                take_step(&mut project, &mut history, op, *then);
                making.catch_up(&project, &history);
                done = making.builder.step(&project, 1);
                if done {
                    break;
                }
            }
            while !done {
                done = making.builder.step(&project, 1);
            }
            same_as_the_project(&making.builder.finish(), &project)?;
        }
    }

    #[test]
    fn the_window_looks_again_until_the_answer_comes() {
        let project = base_project();
        let history = History::default();
        let (requests, inbox) = mpsc::channel();
        let (outbox, replies) = mpsc::channel();
        let indexing = Arc::new(AtomicBool::new(false));
        let mut search = Search {
            worker: Some(Worker {
                requests,
                replies,
                indexing: Arc::clone(&indexing),
                progress: Arc::default(),
            }),
            ..Search::default()
        };
        let mut library = LibraryState::default();
        library.full_text = true;
        library.filter = "minister".to_owned();
        let ask = |search: &mut Search, library: &LibraryState| {
            search
                .view(library, &project, &|d| project.annotations_of(d), &history)
                .map(|v| v.outcome.clone())
        };
        let answer = |outbox: &mpsc::Sender<Reply>| {
            let Ok(Request::Query { seq, text, .. }) = inbox.try_recv() else {
                panic!("a query was sent");
            };
            let outcome = SearchOutcome::Found(Default::default());
            outbox
                .send(Reply {
                    seq,
                    text,
                    outcome,
                    placed: true,
                })
                .unwrap();
        };
        let thirty = Some(Duration::from_millis(30));
        assert_eq!(ask(&mut search, &library), Some(SearchOutcome::Searching));
        assert_eq!(search.next_frame(), thirty);
        answer(&outbox);
        let found = Some(SearchOutcome::Found(Default::default()));
        assert_eq!(ask(&mut search, &library), found);
        assert_eq!(search.next_frame(), None);
        // Asked again (the watcher read files again): the answer stays
        // listed, which asks for no frames, so the window looks again
        // itself until the new one comes.
        search.update(Vec::new(), vec![DocumentId::from("gone.txt")]);
        let Ok(Request::Update(..)) = inbox.try_recv() else {
            panic!("the changes were passed on");
        };
        // The thread updated its index.
        indexing.store(false, Ordering::Relaxed);
        assert_eq!(ask(&mut search, &library), found);
        assert_eq!(search.next_frame(), thirty);
        answer(&outbox);
        assert_eq!(ask(&mut search, &library), found);
        assert_eq!(search.next_frame(), None);
        // A query cleared while its answer is awaited: nothing is.
        library.filter = "okapi".to_owned();
        assert_eq!(ask(&mut search, &library), Some(SearchOutcome::Searching));
        library.filter.clear();
        assert_eq!(ask(&mut search, &library), None);
        assert_eq!(search.next_frame(), None);
    }

    #[test]
    fn tags_are_sent_whole_once_then_as_changes() {
        let mut project = base_project();
        let mut history = History::default();
        let mut search = Search::default();
        let mut tags = Tags::default();
        let done = Query::parse("status:done", &project).unwrap();
        let sent = |search: &mut Search, tags: &mut Tags, p: &Project, h: &History| {
            receive(tags, synced(search, p, h))
        };
        assert_eq!(sent(&mut search, &mut tags, &project, &history), "all");
        assert_eq!(tags.allowed(&done.filters).map(|d| d.len()), Some(0));
        // Nothing new: nothing sent (words typed after a filter).
        assert_eq!(sent(&mut search, &mut tags, &project, &history), "nothing");
        let (doc, edit) = first_done(&project);
        history.apply(&mut project, edit).unwrap();
        assert_eq!(sent(&mut search, &mut tags, &project, &history), "changes");
        assert_eq!(tags.allowed(&done.filters), Some([doc].into()));
        // A label's edit may change anything: made whole again.
        let label = project.labels.labels[0].clone();
        history
            .apply(&mut project, Edit::UpdateLabel(label))
            .unwrap();
        assert_eq!(sent(&mut search, &mut tags, &project, &history), "all");
        // So is what the history no longer lists (its last 64 steps).
        let claim = crate::model::LabelId::from("claim");
        for id in 1..=65 {
            let a = crate::model::testing::annotation(&project, id, 0, 0, 4, &claim);
            history
                .apply(&mut project, Edit::AddAnnotation(Box::new(a)))
                .unwrap();
        }
        assert_eq!(sent(&mut search, &mut tags, &project, &history), "all");
        let label = Query::parse("label:claim", &project).unwrap();
        assert_eq!(tags.allowed(&label.filters), label.allowed(&project));
        assert_eq!(tags.allowed(&label.filters).map(|d| d.len()), Some(1));
    }

    #[test]
    fn tags_held_from_the_load_follow_every_edit_and_go_with_the_first_filter() {
        use crate::model::testing::annotation;
        let mut project = base_project();
        let mut history = History::default();
        let (requests, inbox) = mpsc::channel();
        let (_outbox, replies) = mpsc::channel();
        let mut search = Search::default();
        search.wait_for_corpus();
        search.hold_tags(Tags::of(&project), history.revision());
        let mut library = LibraryState::default();
        library.full_text = true;
        // More edits than the history keeps (64), a frame after each
        // without a query, while the corpus is read.
        let claim = crate::model::LabelId::from("claim");
        for id in 1..=70 {
            let a = annotation(&project, id, id as usize, 0, 4, &claim);
            (history.apply(&mut project, Edit::AddAnnotation(Box::new(a)))).unwrap();
            assert!(
                search
                    .view(&library, &project, &|d| project.annotations_of(d), &history)
                    .is_none()
            );
        }
        // The corpus read: the tags are kept for the thread of the whole
        // corpus (here a thread the test plays).
        search.start_keeping_tags(&Corpus::default(), std::path::Path::new("unused"));
        search.worker = Some(Worker {
            requests,
            replies,
            indexing: Arc::new(AtomicBool::new(false)),
            progress: Arc::default(),
        });
        assert!(inbox.try_recv().is_err(), "nothing is sent before a filter");
        // The first query with a filter sends them at once, with the query.
        library.filter = "label:claim".to_owned();
        search.view(&library, &project, &|d| project.annotations_of(d), &history);
        assert!(!search.making_tags(), "not made again over frames");
        let Ok(Request::Tags(mut tags)) = inbox.try_recv() else {
            panic!("the tags held were sent");
        };
        same_as_the_project(&tags, &project).unwrap();
        assert!(matches!(inbox.try_recv(), Ok(Request::Query { .. })));
        // The query cleared, an edit: the thread is sent what it changed.
        library.filter.clear();
        let (_, edit) = first_done(&project);
        history.apply(&mut project, edit).unwrap();
        assert!(
            search
                .view(&library, &project, &|d| project.annotations_of(d), &history)
                .is_none()
        );
        let Ok(Request::Tagged(change)) = inbox.try_recv() else {
            panic!("the change was sent");
        };
        tags.apply(change);
        same_as_the_project(&tags, &project).unwrap();
        // A label's edit may change anything: none are kept, and the next
        // query with a filter makes them again.
        let label = project.labels.labels[0].clone();
        (history.apply(&mut project, Edit::UpdateLabel(label))).unwrap();
        assert!(
            search
                .view(&library, &project, &|d| project.annotations_of(d), &history)
                .is_none()
        );
        library.filter = "label:claim".to_owned();
        search.view(&library, &project, &|d| project.annotations_of(d), &history);
        assert!(search.making_tags());
        assert!(inbox.try_recv().is_err());
    }

    #[test]
    fn a_corpus_never_read_whole_is_said_instead_of_indexing() {
        let project = base_project();
        let history = History::default();
        let mut library = LibraryState::default();
        library.full_text = true;
        library.filter = "minister".to_owned();
        let mut search = Search::default();
        search.wait_for_corpus();
        let ask = |search: &mut Search| {
            (search.view(&library, &project, &|d| project.annotations_of(d), &history))
                .map(|v| v.outcome.clone())
        };
        assert_eq!(
            ask(&mut search),
            Some(SearchOutcome::Indexing { done: 0, files: 0 })
        );
        search.corpus_not_read("not read".to_owned());
        assert_eq!(
            ask(&mut search),
            Some(SearchOutcome::Bad("not read".to_owned()))
        );
        // A search that was not waiting for its corpus goes on.
        let mut running = Search::default();
        running.corpus_not_read("not read".to_owned());
        assert_eq!(
            ask(&mut running),
            Some(SearchOutcome::Found(Default::default()))
        );
    }
}
