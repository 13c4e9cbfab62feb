//! The annotations' map of a project read from its file.

use std::collections::BTreeMap;

use crate::model::{Annotation, AnnotationId};

/// How many parts the annotations' map is built in. Each further level of
/// merging moves every annotation once more: at a million annotations two
/// parts took the peak from 2.1 to 1.9 times the file for 0.1–0.2 s, four
/// to 1.75 times for about 0.5 s, eight to 1.7 times for about 0.7 s
/// (BENCHMARKS.md); the load's target is 4 s and twice the file.
const MAP_PARTS: usize = 2;

/// The annotations' map, built from the file's pieces a part at a time:
/// each part's list of entries made into a map (full nodes, as `collect`
/// makes them), then the maps merged pairwise (`BTreeMap::append` makes
/// full nodes too, and frees the merged maps' nodes as it goes). A list of
/// every entry, held while the map was built from it, was a fifth of the
/// peak of a million annotations' load (+270,000 KiB, BENCHMARKS.md); a part's
/// list is half of it. Ids listed twice were refused before.
pub(super) fn annotation_map(
    pieces: Vec<Vec<Annotation>>,
    total: usize,
) -> BTreeMap<AnnotationId, Annotation> {
    map_in_parts(pieces, total, MAP_PARTS, std::thread::Builder::new)
}

/// [`annotation_map`] in `parts` parts. Each part but the last is made
/// into a map on a thread of its own while the next part's entries are
/// gathered: the map's making was 0.1 s of one thread at the end of the
/// load of 100,000 annotations, the other core idle. At a million
/// annotations the load is 0.15–0.2 s shorter and its peak the same or up
/// to 34,000 KiB higher (1.88–1.94 times the file against 1.88), as the two
/// parts' lists and maps happen to overlap (BENCHMARKS.md, fifteenth
/// session). `thread` sets up each part's thread (a test asks for one the
/// system refuses).
fn map_in_parts(
    pieces: Vec<Vec<Annotation>>,
    total: usize,
    parts: usize,
    thread: impl Fn() -> std::thread::Builder,
) -> BTreeMap<AnnotationId, Annotation> {
    let parts = parts.max(1);
    let part = total.div_ceil(parts).max(1);
    std::thread::scope(|scope| {
        let mut made = Vec::with_capacity(parts);
        let mut entries = Vec::with_capacity(part.min(total));
        // Each piece freed once its annotations are moved.
        for piece in pieces {
            for a in piece {
                entries.push((a.id, a));
                // The last part takes whatever is left.
                if entries.len() == part && made.len() + 1 < parts {
                    let full = std::mem::replace(&mut entries, Vec::with_capacity(part));
                    made.push(make_beside(scope, thread(), full));
                }
            }
        }
        let last: BTreeMap<_, _> = entries.into_iter().collect();
        let mut maps: Vec<Map> = made.into_iter().map(Made::join).collect();
        maps.push(last);
        while maps.len() > 1 {
            let mut pairs = maps.into_iter();
            maps = Vec::new();
            while let Some(mut merged) = pairs.next() {
                if let Some(mut next) = pairs.next() {
                    merged.append(&mut next);
                }
                maps.push(merged);
            }
        }
        maps.pop().unwrap_or_default()
    })
}

type Map = BTreeMap<AnnotationId, Annotation>;

/// A part's map, made on a thread of its own or, where none could be
/// started, on the caller's.
enum Made<'scope> {
    There(std::thread::ScopedJoinHandle<'scope, Map>),
    Here(Map),
}

impl Made<'_> {
    fn join(self) -> Map {
        match self {
            Made::There(thread) => {
                (thread.join()).unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
            Made::Here(map) => map,
        }
    }
}

/// Makes `entries` into a map on a new thread of `scope` (set up by
/// `thread`); the entries are sent once it runs, so that a thread refused
/// by the system leaves them here, made into a map at once.
fn make_beside<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    thread: std::thread::Builder,
    entries: Vec<(AnnotationId, Annotation)>,
) -> Made<'scope> {
    let (send, receive) = std::sync::mpsc::channel::<Vec<(AnnotationId, Annotation)>>();
    let make = move || receive.recv().unwrap_or_default().into_iter().collect();
    match thread.spawn_scoped(scope, make) {
        Ok(thread) => match send.send(entries) {
            Ok(()) => Made::There(thread),
            // The thread has ended without its entries (it cannot: it
            // waits for them); they come back in the error.
            Err(std::sync::mpsc::SendError(entries)) => Made::Here(entries.into_iter().collect()),
        },
        Err(_) => Made::Here(entries.into_iter().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{annotation, base_project};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// The map built a part at a time and merged is the map collected
        /// at once, whatever the ids' order and however the list is cut
        /// into pieces, in any number of parts (fewer annotations than parts
        /// included).
        #[test]
        fn the_annotations_map_built_in_parts_is_the_map_collected(
            ids in proptest::sample::subsequence((1u64..3000).collect::<Vec<_>>(), 0..300)
                .prop_shuffle(),
            cuts in proptest::collection::vec(0usize..300, 0..6),
            parts in 1usize..10,
        ) {
            let project = base_project();
            let all: Vec<Annotation> = (ids.iter())
                .map(|&id| annotation(&project, id, id as usize, (id % 50) as usize, 3, &"claim".into()))
                .collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(all.len())).collect();
            cuts.sort_unstable();
            let mut pieces = Vec::new();
            let mut rest = all.clone();
            let mut taken = 0;
            for cut in cuts {
                let tail = rest.split_off(cut - taken);
                pieces.push(std::mem::replace(&mut rest, tail));
                taken = cut;
            }
            pieces.push(rest);
            let expected: BTreeMap<AnnotationId, Annotation> =
                all.into_iter().map(|a| (a.id, a)).collect();
            let built = map_in_parts(pieces.clone(), ids.len(), parts, std::thread::Builder::new);
            prop_assert_eq!(built.len(), ids.len());
            prop_assert_eq!(&built, &expected);
            // Where the system refuses every thread, each part is made on
            // the caller's thread instead: the same map.
            let here = map_in_parts(pieces, ids.len(), parts, refused_thread);
            prop_assert_eq!(here, expected);
        }
    }

    /// A thread the system cannot start: its stack is larger than any
    /// address space.
    fn refused_thread() -> std::thread::Builder {
        std::thread::Builder::new().stack_size(usize::MAX / 2)
    }

    #[test]
    fn a_refused_thread_is_refused() {
        let started =
            std::thread::scope(|scope| refused_thread().spawn_scoped(scope, || ()).is_ok());
        assert!(!started, "the test of the fallback would not reach it");
    }
}
