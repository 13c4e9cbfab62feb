//! Alignment of two versions of an article (being written).
