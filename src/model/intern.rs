//! Shared strings for the ids every annotation repeats.
//!
//! A project of a million annotations names a few hundred thousand
//! documents, a handful of labels and a few annotators; read as `String`s,
//! each annotation held its own copy of each (about 60 bytes of heap and
//! three allocations an annotation). Ids are `Arc<str>` instead, and a read
//! id is shared with an equal one read recently on the same thread. The
//! writer lists annotations by id, and ids mostly run through one document
//! after another (an analyst annotates a document, then the next; an import
//! or `suggest` goes document by document), so the last few ids catch most
//! repeats without a table of all of them; an id not caught is only a copy.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;
use std::thread::LocalKey;

use serde::de::{Deserializer, Error, Visitor};

/// How many recent strings a thread remembers per kind of id. Labels and
/// annotators are few; documents come in runs.
const RECENT: usize = 8;

/// The strings read or made last, most recent first: a `thread_local!` for
/// the ids a file names, or a plain value for the names one import or one
/// run of `suggest` gives its annotations.
pub(crate) struct Recent(RefCell<Vec<Arc<str>>>);

impl Recent {
    pub(crate) const fn new() -> Self {
        Self(RefCell::new(Vec::new()))
    }

    /// `s` as a shared string: one used recently when equal, else a new
    /// one, remembered.
    pub(crate) fn share(&self, s: &str) -> Arc<str> {
        let mut recent = self.0.borrow_mut();
        if let Some(at) = recent.iter().position(|r| **r == *s) {
            let found = recent[at].clone();
            // Keep it in front: the next id is most likely the same.
            recent[..=at].rotate_right(1);
            return found;
        }
        let made: Arc<str> = Arc::from(s);
        if recent.len() == RECENT {
            recent.pop();
        }
        recent.insert(0, made.clone());
        made
    }
}

/// Reads a string through `recent` (a `thread_local!` of [`Recent`]).
pub(crate) fn deserialize_shared<'de, D: Deserializer<'de>>(
    deserializer: D,
    recent: &'static LocalKey<Recent>,
) -> Result<Arc<str>, D::Error> {
    struct Shared(&'static LocalKey<Recent>);

    impl Visitor<'_> for Shared {
        type Value = Arc<str>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, s: &str) -> Result<Arc<str>, E> {
            Ok(self.0.with(|recent| recent.share(s)))
        }
    }

    deserializer.deserialize_str(Shared(recent))
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static TEST: Recent = const { Recent::new() };
    }

    fn share(s: &str) -> Arc<str> {
        TEST.with(|recent| recent.share(s))
    }

    #[test]
    fn equal_strings_read_close_together_share_one_allocation() {
        let a = share("folder/a.txt");
        let b = share("folder/b.txt");
        let a_again = share("folder/a.txt");
        assert!(Arc::ptr_eq(&a, &a_again));
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(&*a_again, "folder/a.txt");
    }

    #[test]
    fn a_string_pushed_out_by_newer_ones_is_made_again_with_the_same_text() {
        let first = share("first");
        for n in 0..RECENT {
            share(&format!("other {n}"));
        }
        let again = share("first");
        assert!(!Arc::ptr_eq(&first, &again));
        assert_eq!(first, again);
    }

    #[test]
    fn a_string_used_again_is_kept_before_newer_ones() {
        let old = share("old");
        let newer: Vec<Arc<str>> = (0..RECENT - 1)
            .map(|n| share(&format!("newer {n}")))
            .collect();
        // Used again, "old" moves to the front: the next new string pushes
        // out the least recently used ("newer 0"), not it.
        assert!(Arc::ptr_eq(&old, &share("old")));
        share("newest");
        assert!(Arc::ptr_eq(&old, &share("old")));
        assert!(Arc::ptr_eq(&newer[1], &share("newer 1")));
        assert!(!Arc::ptr_eq(&newer[0], &share("newer 0")));
    }

    #[test]
    fn reading_ids_through_serde_shares_them() {
        let ids: Vec<crate::model::DocumentId> =
            serde_json::from_str(r#"["a.txt", "a.txt", "b\"c.txt", "a.txt"]"#).unwrap();
        assert_eq!(ids[2].as_str(), "b\"c.txt");
        assert!(Arc::ptr_eq(&ids[0].0, &ids[1].0));
        assert!(Arc::ptr_eq(&ids[0].0, &ids[3].0));
        let statuses: Vec<crate::model::AnnotationStatus> = serde_json::from_str(
            r#"[{"Suggested": {"source": "rule:x", "score": 0.5}},
                {"Suggested": {"source": "rule:x", "score": 1.0}}]"#,
        )
        .unwrap();
        let sources: Vec<&Arc<str>> = (statuses.iter())
            .filter_map(|s| match s {
                crate::model::AnnotationStatus::Suggested { source, .. } => Some(source),
                crate::model::AnnotationStatus::Accepted => None,
            })
            .collect();
        assert_eq!(sources.len(), 2);
        assert!(Arc::ptr_eq(sources[0], sources[1]));
    }
}
