//! Suggestions (being written).
