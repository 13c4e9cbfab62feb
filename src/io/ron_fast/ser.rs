//! The fast writer: a serde `Serializer` that writes the same bytes as
//! `ron::ser::to_string_pretty` with the project file's settings
//! ([`Layout`]: values nested up to a depth on lines of their own, two
//! spaces of indentation, no struct names, strings escaped as Rust's
//! `char::escape_debug` does), without `ron`'s per-value overhead.
//!
//! Maps, byte strings, newtype structs and lists of unknown length are
//! refused with [`Unsupported`]; the caller then writes with `ron`.

use std::io;

use rustc_hash::FxHashMap;
use serde::Serialize;
use serde::ser::{self, Impossible};

use super::de::Unsupported;

type Result<T> = std::result::Result<T, Unsupported>;

/// The pretty-printing settings this writer reproduces.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// Values nested deeper than this are written on one line.
    pub depth_limit: usize,
}

/// Writes `value` as `ron::ser::to_string_pretty` would with
/// `PrettyConfig::new().depth_limit(layout.depth_limit).indentor("  ")
/// .struct_names(false).escape_strings(true)`.
#[cfg(test)]
pub fn to_string<T: Serialize>(value: &T, layout: Layout) -> Result<String> {
    append_to(String::with_capacity(1 << 16), value, layout)
}

/// Writes `value` after `out`'s text (a file's header comment) as
/// `ron::ser::to_string_pretty` would with
/// `PrettyConfig::new().depth_limit(layout.depth_limit).indentor("  ")
/// .struct_names(false).escape_strings(true)`.
pub fn append_to<T: Serialize>(out: String, value: &T, layout: Layout) -> Result<String> {
    let mut writer = Writer {
        out,
        indent: 0,
        limit: layout.depth_limit,
        sink: None,
        as_is: FxHashMap::default(),
    };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

/// How much text is gathered before it goes to the sink.
const PIECE: usize = 1 << 20;

/// Writes `before`, then `value` as [`append_to`] does, then `after`, to
/// `sink` in pieces of about a megabyte as they are made, instead of
/// holding the whole text (a project file of half a gigabyte). An error is
/// the sink's, or an [`Unsupported`] (inside an `io::Error` of kind
/// `Other`) for a value this writer does not write: what reached `sink`
/// is then to be thrown away.
pub fn write_to<T: Serialize>(
    sink: &mut dyn io::Write,
    before: &str,
    value: &T,
    after: &str,
    layout: Layout,
) -> io::Result<()> {
    let mut writer = Writer {
        out: String::with_capacity(PIECE + (1 << 16)),
        indent: 0,
        limit: layout.depth_limit,
        sink: Some(Sink {
            to: sink,
            error: None,
        }),
        as_is: FxHashMap::default(),
    };
    writer.out.push_str(before);
    let written = value.serialize(&mut writer);
    let sink = writer.sink.take().expect("set above");
    if let Some(err) = sink.error {
        return Err(err);
    }
    written.map_err(io::Error::other)?;
    writer.out.push_str(after);
    sink.to.write_all(writer.out.as_bytes())
}

/// Where [`write_to`] sends the text, and the first error it gave.
struct Sink<'s> {
    to: &'s mut dyn io::Write,
    error: Option<io::Error>,
}

struct Writer<'s> {
    out: String,
    indent: usize,
    limit: usize,
    sink: Option<Sink<'s>>,
    /// Whether `char::escape_debug` writes each non-ASCII character met so
    /// far as it is: asking it again costs a search of Unicode's tables
    /// (a third of saving a project whose quotes are in Chinese).
    as_is: FxHashMap<char, bool>,
}

impl Writer<'_> {
    /// Sends the text made so far to the sink once it is a piece's worth;
    /// after a failed write, refuses to go on.
    fn spill(&mut self) -> Result<()> {
        let Some(sink) = &mut self.sink else {
            return Ok(());
        };
        if sink.error.is_none() && self.out.len() >= PIECE {
            match sink.to.write_all(self.out.as_bytes()) {
                Ok(()) => self.out.clear(),
                Err(err) => sink.error = Some(err),
            }
        }
        match sink.error {
            Some(_) => Err(Unsupported("the file could not be written".into())),
            None => Ok(()),
        }
    }
}

impl<'s> Writer<'s> {
    fn pretty(&self) -> bool {
        self.indent <= self.limit
    }

    fn write_indent(&mut self, levels: usize) {
        for _ in 0..levels {
            self.out.push_str("  ");
        }
    }

    /// Opens a list or struct of `len` items after its bracket.
    fn open(&mut self, len: usize, close: char) -> Compound<'_, 's> {
        self.indent += 1;
        if self.pretty() && len > 0 {
            self.out.push('\n');
        }
        Compound {
            writer: self,
            close,
            empty: len == 0,
            first: true,
            indented: true,
        }
    }

    fn string(&mut self, s: &str) {
        let plain =
            |b: &u8| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'\\') || *b == b' ';
        self.out.push('"');
        let mut rest = s;
        while !rest.is_empty() {
            // A run of characters written as they are, then one escaped
            // (or written as it is) the way `char::escape_debug` does.
            let run = rest.bytes().position(|b| !plain(&b)).unwrap_or(rest.len());
            self.out.push_str(&rest[..run]);
            let mut chars = rest[run..].chars();
            if let Some(c) = chars.next() {
                // ASCII here is a quote, backslash or control character.
                let as_is = !c.is_ascii()
                    && *(self.as_is)
                        .entry(c)
                        .or_insert_with(|| c.escape_debug().len() == 1);
                if as_is {
                    self.out.push(c);
                } else {
                    self.out.extend(c.escape_debug());
                }
            }
            rest = chars.as_str();
        }
        self.out.push('"');
    }
}

/// A list, pair or struct being written.
struct Compound<'w, 's> {
    writer: &'w mut Writer<'s>,
    close: char,
    /// Opened with no items (written `[]`, `()`).
    empty: bool,
    first: bool,
    /// Lists and structs go on lines of their own; pairs stay on one.
    indented: bool,
}

impl Compound<'_, '_> {
    /// The separator before an item, and its indentation.
    fn item(&mut self) {
        let w = &mut *self.writer;
        if !std::mem::take(&mut self.first) {
            w.out.push(',');
            w.out.push(if self.indented && w.pretty() {
                '\n'
            } else {
                ' '
            });
        }
        if self.indented && w.pretty() {
            w.write_indent(w.indent);
        }
    }

    fn end(self) {
        let w = self.writer;
        if self.indented {
            if !self.first && w.pretty() {
                w.out.push_str(",\n");
            }
            if w.pretty() && !self.empty {
                w.write_indent(w.indent - 1);
            }
            w.indent -= 1;
        }
        w.out.push(self.close);
    }
}

macro_rules! integers {
    ($($method:ident: $ty:ty)*) => {$(
        fn $method(self, v: $ty) -> Result<()> {
            self.out.push_str(itoa::Buffer::new().format(v));
            Ok(())
        }
    )*};
}

impl<'w, 's> ser::Serializer for &'w mut Writer<'s> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'w, 's>;
    type SerializeTuple = Compound<'w, 's>;
    type SerializeTupleStruct = Compound<'w, 's>;
    type SerializeTupleVariant = Compound<'w, 's>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Compound<'w, 's>;
    type SerializeStructVariant = Compound<'w, 's>;

    integers!(serialize_i8: i8 serialize_i16: i16 serialize_i32: i32 serialize_i64: i64
        serialize_u8: u8 serialize_u16: u16 serialize_u32: u32 serialize_u64: u64);

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<()> {
        if v.is_nan() && v.is_sign_negative() {
            self.out.push('-');
        }
        self.out.push_str(&format!("{v:?}"));
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<()> {
        if v.is_nan() && v.is_sign_negative() {
            self.out.push('-');
        }
        self.out.push_str(&format!("{v:?}"));
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.out.push('\'');
        if matches!(v, '\\' | '\'') {
            self.out.push('\\');
        }
        self.out.push(v);
        self.out.push('\'');
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<()> {
        Err(Unsupported("bytes".into()))
    }

    fn serialize_none(self) -> Result<()> {
        self.out.push_str("None");
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        self.out.push_str("Some(");
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_unit(self) -> Result<()> {
        self.out.push_str("()");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
    ) -> Result<()> {
        identifier(variant)?;
        self.out.push_str(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _value: &T,
    ) -> Result<()> {
        Err(Unsupported("a newtype struct".into()))
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        identifier(variant)?;
        self.out.push_str(variant);
        self.out.push('(');
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'w, 's>> {
        let len = len.ok_or_else(|| Unsupported("a list of unknown length".into()))?;
        self.out.push('[');
        Ok(self.open(len, ']'))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Compound<'w, 's>> {
        self.out.push('(');
        Ok(Compound {
            writer: self,
            close: ')',
            empty: false,
            first: true,
            indented: false,
        })
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w, 's>> {
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 's>> {
        identifier(variant)?;
        self.out.push_str(variant);
        self.serialize_tuple(len)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Unsupported("a map".into()))
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w, 's>> {
        self.out.push('(');
        Ok(self.open(len, ')'))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 's>> {
        identifier(variant)?;
        self.out.push_str(variant);
        self.serialize_struct("", len)
    }
}

/// Refuses names `ron` would write as raw identifiers (`r#…`).
fn identifier(name: &str) -> Result<()> {
    let plain = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !matches!(
            name,
            "true"
                | "false"
                | "Some"
                | "None"
                | "inf"
                | "inff32"
                | "inff64"
                | "NaN"
                | "NaNf32"
                | "NaNf64"
        );
    if plain {
        Ok(())
    } else {
        Err(Unsupported(format!("the identifier {name:?}")))
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.item();
        value.serialize(&mut *self.writer)?;
        self.writer.spill()
    }

    fn end(self) -> Result<()> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<()> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<()> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<()> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        identifier(key)?;
        self.item();
        self.writer.out.push_str(key);
        self.writer.out.push_str(": ");
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<()> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<()> {
        ser::SerializeStruct::end(self)
    }
}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}
