//! Text for the terminal: names, quotes and messages from files are shown
//! with their control characters escaped, so that a label named
//! `"a\u{1b}[31m"` prints as `a\u{1b}[31m` instead of turning the terminal red.

/// Every control character, line break and bidirectional mark written as
/// a Rust escape; the one escaper of the program (the corpus walk uses it
/// for the names of files it skips).
pub(crate) use crate::model::escaped as shown;
