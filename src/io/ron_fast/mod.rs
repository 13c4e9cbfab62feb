//! A fast path for the project file's RON: a reader and a writer for the
//! subset of RON that Diptych writes, several times faster than the `ron`
//! crate's general ones on large projects (issue 14: a project of 100,000
//! annotations loads and saves in well under a second).
//!
//! Both are checked against `ron` itself (`tests` below, and the property
//! test of `project_file`): the writer's bytes are `ron`'s bytes, and the
//! reader gives the value `ron` gives. Neither ever decides alone that a
//! file is wrong: when the reader meets anything it does not read, the
//! caller reads the file with `ron`, which reads it or says where it is
//! wrong, with line and column; when the writer meets a value it does not
//! write, the caller writes with `ron`.

mod de;
mod pieces;
mod ser;
mod stream;

#[cfg(test)]
pub use de::from_str;
pub use de::{Unsupported, leading_list_strings, leading_string_field, trailing_field};
pub use pieces::from_str_in_pieces;
#[cfg(test)]
pub use pieces::list_field_pieces;
#[cfg(test)]
pub use ser::to_string;
pub use ser::{Layout, append_to, write_to};
pub use stream::{Sizes, Streamed, from_reader_in_pieces};

#[cfg(test)]
mod tests;
