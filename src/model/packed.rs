//! A document's text, held as it is or packed.
//!
//! The window holds every article of its corpus, and at 100,000 articles
//! their texts were a third of its memory, although only the few on screen
//! are read at any time. So a [`Text`] can be packed (zstd, level 1: news
//! text to about half, a 3 KB article unpacked in microseconds); whoever
//! reads it gets it unpacked, and the last few texts unpacked on each
//! thread are kept, so a pane that reads its article every frame unpacks it
//! once. The command line never packs: it reads each text once or twice.

use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, Weak};

/// A document's text (decoded UTF-8): as it is, or packed.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Plain(Arc<str>),
    Packed(Arc<Packed>),
}

/// zstd's frame of a text and the text's length in bytes.
struct Packed {
    frame: Box<[u8]>,
    len: usize,
}

/// The zstd level: the fastest to pack; the higher levels pack news text a
/// few per cent smaller at several times the cost.
const LEVEL: i32 = 1;

/// How many unpacked texts each thread keeps: the panes on screen and the
/// documents a job goes back to.
const KEPT: usize = 8;

thread_local! {
    /// The texts this thread unpacked last, most recent first. A weak
    /// reference keeps its packed text's allocation (not the frame), so an
    /// address here is never reused by another packed text.
    static UNPACKED: RefCell<Vec<(Weak<Packed>, Arc<str>)>> = const { RefCell::new(Vec::new()) };
    static PACKER: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
    static UNPACKER: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

impl Text {
    /// Length of the text in bytes.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Plain(text) => text.len(),
            Repr::Packed(packed) => packed.len,
        }
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the text is held packed.
    pub fn is_packed(&self) -> bool {
        matches!(self.0, Repr::Packed(_))
    }

    /// The text, unpacked if it is packed.
    pub fn get(&self) -> TextRef<'_> {
        match &self.0 {
            Repr::Plain(text) => TextRef::Held(text),
            Repr::Packed(packed) => TextRef::Unpacked(unpack(packed)),
        }
    }

    /// The text as a shared string (unpacked if it is packed).
    pub fn shared(&self) -> Arc<str> {
        match &self.0 {
            Repr::Plain(text) => Arc::clone(text),
            Repr::Packed(packed) => unpack(packed),
        }
    }

    /// The same text packed; as it is when packing would not make it
    /// smaller (short texts) or zstd fails.
    pub fn packed(&self) -> Self {
        let Repr::Plain(text) = &self.0 else {
            return self.clone();
        };
        let frame = PACKER.with_borrow_mut(|packer| {
            if packer.is_none() {
                *packer = zstd::bulk::Compressor::new(LEVEL).ok();
            }
            packer.as_mut()?.compress(text.as_bytes()).ok()
        });
        match frame {
            Some(frame) if frame.len() < text.len() => Self(Repr::Packed(Arc::new(Packed {
                frame: frame.into_boxed_slice(),
                len: text.len(),
            }))),
            _ => self.clone(),
        }
    }

    /// Bytes held for the text (the frame when packed).
    pub fn held_bytes(&self) -> usize {
        match &self.0 {
            Repr::Plain(text) => text.len(),
            Repr::Packed(packed) => packed.frame.len(),
        }
    }
}

/// Unpacks a text, or takes it from this thread's last unpacked ones.
fn unpack(packed: &Arc<Packed>) -> Arc<str> {
    let kept = UNPACKED.with_borrow_mut(|kept| {
        let at = kept
            .iter()
            .position(|(weak, _)| std::ptr::eq(weak.as_ptr(), Arc::as_ptr(packed)))?;
        let entry = kept.remove(at);
        let text = Arc::clone(&entry.1);
        kept.insert(0, entry);
        Some(text)
    });
    if let Some(text) = kept {
        return text;
    }
    let bytes = UNPACKER
        .with_borrow_mut(|unpacker| {
            if unpacker.is_none() {
                *unpacker = zstd::bulk::Decompressor::new().ok();
            }
            unpacker
                .as_mut()?
                .decompress(&packed.frame, packed.len)
                .ok()
        })
        .expect("a frame zstd made unpacks to the text it was made from");
    let text: Arc<str> = String::from_utf8(bytes)
        .expect("a packed text unpacks to the UTF-8 it was made from")
        .into();
    UNPACKED.with_borrow_mut(|kept| {
        kept.truncate(KEPT - 1);
        kept.insert(0, (Arc::downgrade(packed), Arc::clone(&text)));
    });
    text
}

impl From<Arc<str>> for Text {
    fn from(text: Arc<str>) -> Self {
        Self(Repr::Plain(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self(Repr::Plain(text.into()))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self(Repr::Plain(text.into()))
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Plain(text) => fmt::Debug::fmt(&**text, f),
            Repr::Packed(packed) => {
                write!(f, "<{} bytes packed in {}>", packed.len, packed.frame.len())
            }
        }
    }
}

/// A text as read: the text held, or an unpacked copy.
pub enum TextRef<'a> {
    Held(&'a Arc<str>),
    Unpacked(Arc<str>),
}

impl Deref for TextRef<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Self::Held(text) => text,
            Self::Unpacked(text) => text,
        }
    }
}

impl AsRef<str> for TextRef<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl fmt::Debug for TextRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{KEPT, Text};

    const ARTICLE: &str = "Café owners reacted with a shrug; the naïve view is that nothing \
        changes. Shares rose 537 cents in early trading before giving up most of the gain. \
        Critics called the plan unrealistic and said it ignored the cost of maintenance. \
        Critics called the plan unrealistic 📈 and said it ignored the cost. 市场有风险。";

    #[test]
    fn packed_text_reads_as_the_text_and_is_smaller() {
        let text = Text::from(ARTICLE);
        let packed = text.packed();
        assert!(packed.is_packed());
        assert_eq!(packed.len(), ARTICLE.len());
        assert!(packed.held_bytes() < ARTICLE.len(), "{packed:?}");
        assert_eq!(&*packed.get(), ARTICLE);
        assert_eq!(&*packed.shared(), ARTICLE);
        // Packing twice changes nothing; a plain text reads as itself.
        assert_eq!(&*packed.packed().get(), ARTICLE);
        assert!(!text.is_packed());
        assert_eq!(&*text.get(), ARTICLE);
    }

    #[test]
    fn a_short_text_stays_plain() {
        for short in ["", "a", "Headline"] {
            let packed = Text::from(short).packed();
            assert!(!packed.is_packed(), "{short:?}");
            assert_eq!(&*packed.get(), short);
            assert_eq!(packed.is_empty(), short.is_empty());
        }
    }

    #[test]
    fn a_text_unpacked_again_soon_is_the_same_string() {
        let packed = Text::from(ARTICLE).packed();
        let first = packed.shared();
        assert!(Arc::ptr_eq(&first, &packed.shared()));
        // Once more texts than are kept were unpacked, it is unpacked anew.
        let others: Vec<Text> = (0..KEPT)
            .map(|n| Text::from(format!("{n} {ARTICLE}")).packed())
            .collect();
        for (n, other) in others.iter().enumerate() {
            assert!(other.get().starts_with(&format!("{n} Café")));
        }
        let again = packed.shared();
        assert!(!Arc::ptr_eq(&first, &again));
        assert_eq!(first, again);
    }

    #[test]
    fn texts_dropped_and_made_again_never_read_as_each_other() {
        // A packed text freed and another made in its place must not be
        // answered from what was unpacked of the first.
        for n in 0..200 {
            let expected = format!("{ARTICLE} {n}");
            let packed = Text::from(expected.as_str()).packed();
            assert_eq!(&*packed.get(), expected);
        }
    }
}
