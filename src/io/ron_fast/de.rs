//! The fast reader: a serde `Deserializer` over the RON that Diptych
//! writes (structs without names, lists, pairs, `Some(…)`/`None`, enum
//! variants, plain numbers and escaped strings, `//` comments).
//!
//! It is strict: anything outside that subset (raw strings, block
//! comments, extensions, number suffixes, hex numbers, struct names,
//! nesting over the limit, trailing text) is refused with [`Unsupported`],
//! and the caller reads the file again with the `ron` crate, which either
//! reads it the same way or says where it is wrong.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};

/// Why the fast reader gave up: the text uses RON it does not read, or
/// is not valid RON for the type. Never shown to users: the `ron` crate
/// reads such a file again and reports its own error.
#[derive(Debug)]
pub struct Unsupported(pub String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl de::Error for Unsupported {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

pub(super) type Result<T> = std::result::Result<T, Unsupported>;

pub(super) fn unsupported<T>(what: &str, at: usize) -> Result<T> {
    Err(Unsupported(format!("{what} at byte {at}")))
}

/// Reads a `T` from the whole of `text`, nesting at most `max_depth`
/// levels of brackets.
pub fn from_str<T: DeserializeOwned>(text: &str, max_depth: usize) -> Result<T> {
    let mut reader = Reader::new(text, 0, 0, max_depth);
    let value = T::deserialize(&mut reader)?;
    reader.skip_ws()?;
    if reader.pos != reader.bytes.len() {
        return unsupported("text after the value", reader.pos);
    }
    Ok(value)
}

/// [`from_str`], with the list `hole` (its `[` to its `]`) read as empty,
/// its items being read elsewhere: refused unless the reader read it as a
/// list at the nesting depth `depth` (its items' depth), so that a hole that
/// is not the list it is meant to be (a guess from the text's layout that
/// fell inside a string, say) never passes.
pub(super) fn from_str_with_hole<T: DeserializeOwned>(
    text: &str,
    hole: std::ops::Range<usize>,
    depth: usize,
    max_depth: usize,
) -> Result<T> {
    let mut reader = Reader::new(text, 0, 0, max_depth);
    reader.hole = hole;
    let value = T::deserialize(&mut reader)?;
    reader.skip_ws()?;
    if reader.pos != reader.bytes.len() {
        return unsupported("text after the value", reader.pos);
    }
    if reader.hole_entered != Some(depth) {
        return unsupported("the list in pieces not read where it was found", reader.pos);
    }
    Ok(value)
}

/// The string value of the field `name` of the struct `text` begins with,
/// read without reading the rest: `None` when the fields before it or the
/// value are not plain RON, or `text` (a file's first bytes, say) ends first.
pub fn leading_string_field(text: &str, name: &str) -> Option<String> {
    let mut reader = Reader::new(text, 0, 0, 8);
    reader.enter(b'(').ok()?;
    loop {
        let key = reader.ident().ok()?;
        reader.expect(b':').ok()?;
        if key == name {
            return reader.string().ok().map(Cow::into_owned);
        }
        reader.skip_value().ok()?;
        if !reader.eat(b',').ok()? {
            return None;
        }
    }
}

/// The `field` strings of the first `n` structs of the list field `list`
/// of the struct `text` begins with (`documents: [(id: "a.txt", …), …]`),
/// read without reading the rest: those read before anything that is not
/// plain RON, or before `text` (a file's first bytes, say) ends.
pub fn leading_list_strings(text: &str, list: &str, field: &str, n: usize) -> Vec<String> {
    let mut reader = Reader::new(text, 0, 0, 8);
    let mut found = Vec::new();
    let _ = reader.list_strings(list, field, n, &mut found);
    found
}

/// The value of the field `name` that ends the struct `text` ends with (a
/// file's last bytes: `…, view: (open: ["a.txt"]),\n)\n`), read without
/// reading what comes before; `None` when no occurrence of `name` near the
/// end starts such a field.
pub fn trailing_field<T: DeserializeOwned>(text: &str, name: &str) -> Option<T> {
    text.rmatch_indices(name).take(8).find_map(|(at, _)| {
        let before = text[..at].bytes().next_back();
        if before.is_some_and(|b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r' | b',' | b'(')) {
            return None;
        }
        let mut reader = Reader::new(text, at, 1, 16);
        (reader.ident().ok()? == name).then_some(())?;
        reader.expect(b':').ok()?;
        let value = T::deserialize(&mut reader).ok()?;
        reader.leave(b')').ok()?;
        reader.skip_ws().ok()?;
        (reader.pos == reader.bytes.len()).then_some(value)
    })
}

pub(super) struct Reader<'de> {
    text: &'de str,
    pub(super) bytes: &'de [u8],
    pub(super) pos: usize,
    pub(super) depth: usize,
    max_depth: usize,
    /// A list (its `[` to its `]`) read as empty, its items being read
    /// elsewhere ([`from_str_in_pieces`]); empty when there is none.
    pub(super) hole: std::ops::Range<usize>,
    /// The depth of the list read as the hole, once it was.
    hole_entered: Option<usize>,
}

impl<'de> Reader<'de> {
    /// A reader of `text` from byte `pos`, inside `depth` levels of
    /// brackets, reading at most `max_depth`.
    pub(super) fn new(text: &'de str, pos: usize, depth: usize, max_depth: usize) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            pos,
            depth,
            max_depth,
            hole: 0..0,
            hole_entered: None,
        }
    }

    /// See [`leading_list_strings`]: pushes to `found` as it reads.
    fn list_strings(
        &mut self,
        list: &str,
        field: &str,
        n: usize,
        found: &mut Vec<String>,
    ) -> Result<()> {
        self.enter(b'(')?;
        loop {
            let key = self.ident()?;
            self.expect(b':')?;
            if key == list {
                break;
            }
            self.skip_value()?;
            if !self.eat(b',')? {
                return Ok(());
            }
        }
        self.enter(b'[')?;
        while found.len() < n && self.peek()? == b'(' {
            self.enter(b'(')?;
            let mut value = None;
            while self.peek()? != b')' {
                let key = self.ident()?;
                self.expect(b':')?;
                if key == field && value.is_none() {
                    value = Some(self.string()?.into_owned());
                } else {
                    self.skip_value()?;
                }
                if !self.eat(b',')? {
                    break;
                }
            }
            self.leave(b')')?;
            found.extend(value);
            if !self.eat(b',')? {
                break;
            }
        }
        Ok(())
    }

    /// Skips ASCII white space and `//` comments.
    pub(super) fn skip_ws(&mut self) -> Result<()> {
        // Most calls find a token at once.
        if let Some(b) = self.bytes.get(self.pos)
            && !matches!(b, b' ' | b'\n' | b'\t' | b'\r' | b'/')
        {
            return Ok(());
        }
        loop {
            loop {
                match self.bytes.get(self.pos) {
                    // Indentation: up to eight spaces in one step.
                    Some(b' ') => self.pos += leading_spaces(&self.bytes[self.pos..]),
                    Some(b'\n' | b'\t' | b'\r') => self.pos += 1,
                    _ => break,
                }
            }
            let rest = &self.bytes[self.pos..];
            if rest.starts_with(b"//") {
                self.pos = memchr::memchr(b'\n', rest).map_or(self.bytes.len(), |i| self.pos + i);
            } else if rest.starts_with(b"/*") {
                return unsupported("a block comment", self.pos);
            } else {
                return Ok(());
            }
        }
    }

    /// The next byte that is not white space, not consumed.
    pub(super) fn peek(&mut self) -> Result<u8> {
        self.skip_ws()?;
        match self.bytes.get(self.pos) {
            Some(&b) => Ok(b),
            None => unsupported("the end of the text", self.pos),
        }
    }

    pub(super) fn expect(&mut self, byte: u8) -> Result<()> {
        if self.peek()? == byte {
            self.pos += 1;
            Ok(())
        } else {
            unsupported(&format!("not {:?}", byte as char), self.pos)
        }
    }

    /// Consumes `byte` if it comes next.
    pub(super) fn eat(&mut self, byte: u8) -> Result<bool> {
        let found = self.peek()? == byte;
        self.pos += usize::from(found);
        Ok(found)
    }

    /// Opens one level of nesting with `open`.
    pub(super) fn enter(&mut self, open: u8) -> Result<()> {
        self.expect(open)?;
        self.depth += 1;
        if self.depth > self.max_depth {
            return unsupported("nesting too deep", self.pos);
        }
        Ok(())
    }

    /// Closes a level opened by [`Reader::enter`]: an optional trailing
    /// comma, then `close`.
    pub(super) fn leave(&mut self, close: u8) -> Result<()> {
        self.eat(b',')?;
        self.expect(close)?;
        self.depth -= 1;
        Ok(())
    }

    /// A plain identifier (`[A-Za-z_][A-Za-z0-9_]*`); raw identifiers
    /// (`r#…`) are not read.
    pub(super) fn ident(&mut self) -> Result<&'de str> {
        self.skip_ws()?;
        let start = self.pos;
        match self.bytes.get(self.pos) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ => return unsupported("not an identifier", self.pos),
        }
        while let Some(b) = self.bytes.get(self.pos)
            && (b.is_ascii_alphanumeric() || *b == b'_')
        {
            self.pos += 1;
        }
        if let Some(b'#' | b'"') = self.bytes.get(self.pos) {
            return unsupported("a raw identifier or string", start);
        }
        Ok(&self.text[start..self.pos])
    }

    /// Whether the identifier `word` comes next; consumed only if it does.
    fn eat_ident(&mut self, word: &str) -> Result<bool> {
        let start = self.pos;
        match self.ident() {
            Ok(found) if found == word => Ok(true),
            _ => {
                self.pos = start;
                Ok(false)
            }
        }
    }

    /// A `"…"` string: borrowed from the text when it has no escapes.
    fn string(&mut self) -> Result<Cow<'de, str>> {
        self.expect(b'"')?;
        let start = self.pos;
        let Some(end) = memchr::memchr2(b'"', b'\\', &self.bytes[start..]) else {
            return unsupported("an unclosed string", start);
        };
        if self.bytes[start + end] == b'"' {
            self.pos = start + end + 1;
            return Ok(Cow::Borrowed(&self.text[start..start + end]));
        }
        let mut out = String::with_capacity(end + 16);
        let mut from = start;
        loop {
            let Some(next) = memchr::memchr2(b'"', b'\\', &self.bytes[from..]) else {
                return unsupported("an unclosed string", start);
            };
            out.push_str(&self.text[from..from + next]);
            self.pos = from + next + 1;
            if self.bytes[from + next] == b'"' {
                return Ok(Cow::Owned(out));
            }
            out.push(self.escape()?);
            from = self.pos;
        }
    }

    /// The character of the escape after a `\` (`\x..` and line
    /// continuations are not read).
    fn escape(&mut self) -> Result<char> {
        let at = self.pos;
        let c = match self.bytes.get(at) {
            Some(b'\'') => '\'',
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'0') => '\0',
            Some(b'u') => return self.unicode_escape(),
            _ => return unsupported("an escape", at),
        };
        self.pos += 1;
        Ok(c)
    }

    /// `u{X}` to `u{XXXXXX}`, the `u` next.
    fn unicode_escape(&mut self) -> Result<char> {
        let at = self.pos;
        let rest = &self.bytes[at..];
        let Some(close) = rest.iter().take(9).position(|&b| b == b'}') else {
            return unsupported("a Unicode escape", at);
        };
        // Checked before slicing: `\u}` and `\ué}` cannot be cut as digits.
        let Some(digits) = self
            .text
            .get(at + 2..at + close)
            .filter(|_| rest.starts_with(b"u{"))
        else {
            return unsupported("a Unicode escape", at);
        };
        if digits.is_empty() || digits.len() > 6 {
            return unsupported("a Unicode escape", at);
        }
        let code = u32::from_str_radix(digits, 16).or_else(|_| unsupported("hex", at))?;
        let c = char::from_u32(code).map_or_else(|| unsupported("a code point", at), Ok)?;
        self.pos = at + close + 1;
        Ok(c)
    }

    /// The text of a number token: `-`, digits, `.`, `e`, `+` and letters
    /// (suffixes and names are refused by the callers' parsing).
    fn number_token(&mut self) -> Result<&'de str> {
        self.skip_ws()?;
        let start = self.pos;
        while let Some(b) = self.bytes.get(self.pos)
            && (b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.' | b'_'))
        {
            self.pos += 1;
        }
        Ok(&self.text[start..self.pos])
    }

    /// An integer in plain decimal (no sign unless `signed`, no leading
    /// zeros, no `_`, no suffix).
    fn integer(&mut self, signed: bool) -> Result<Integer> {
        let at = self.pos;
        let token = self.number_token()?;
        let (negative, digits) = match token.strip_prefix('-') {
            Some(rest) if signed => (true, rest),
            _ => (false, token),
        };
        let plain = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits.len() == 1 || !digits.starts_with('0'));
        if !plain {
            return unsupported("not a plain integer", at);
        }
        let value: u64 = digits
            .parse()
            .or_else(|_| unsupported("a large integer", at))?;
        if !negative {
            return Ok(Integer::Unsigned(value));
        }
        match 0i64.checked_sub_unsigned(value) {
            Some(v) => Ok(Integer::Signed(v)),
            None => unsupported("a large integer", at),
        }
    }

    /// A decimal float with a point or an exponent (`0.5`, `1e-7`).
    fn float_token(&mut self) -> Result<&'de str> {
        let at = self.pos;
        let token = self.number_token()?;
        let digits = token.strip_prefix('-').unwrap_or(token);
        let (mantissa, exponent) = match digits.split_once(['e', 'E']) {
            Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
            None => (digits, None),
        };
        let (whole, fraction) = match mantissa.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (mantissa, None),
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let valid = all_digits(whole)
            && fraction.is_none_or(all_digits)
            && exponent.is_none_or(all_digits)
            && (fraction.is_some() || exponent.is_some());
        if valid {
            Ok(token)
        } else {
            unsupported("not a plain float", at)
        }
    }

    /// Skips one value of any kind, for fields the type ignores.
    pub(super) fn skip_value(&mut self) -> Result<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'(' | b'[' => {
                let close = if self.peek()? == b'(' { b')' } else { b']' };
                self.enter(self.bytes[self.pos])?;
                while self.peek()? != close {
                    self.skip_value()?;
                    if self.eat(b':')? {
                        self.skip_value()?;
                    }
                    if !self.eat(b',')? {
                        break;
                    }
                }
                self.leave(close)
            }
            b'-' | b'0'..=b'9' => self.number_token().map(drop),
            _ => {
                self.ident()?;
                if self.peek().is_ok_and(|b| b == b'(') {
                    self.skip_value()?;
                }
                Ok(())
            }
        }
    }
}

enum Integer {
    Unsigned(u64),
    Signed(i64),
}

macro_rules! unsigned {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.integer(false)? {
                Integer::Unsigned(v) => visitor.visit_u64(v),
                Integer::Signed(v) => visitor.visit_i64(v),
            }
        }
    )*};
}

macro_rules! signed {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.integer(true)? {
                Integer::Unsigned(v) => visitor.visit_u64(v),
                Integer::Signed(v) => visitor.visit_i64(v),
            }
        }
    )*};
}

macro_rules! refused {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
            unsupported(stringify!($method), self.pos)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Unsupported;

    unsigned!(deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);
    signed!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64);
    refused!(deserialize_any deserialize_char deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_map);

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let at = self.pos;
        match self.ident()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => unsupported("not a bool", at),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let at = self.pos;
        let token = self.float_token()?;
        visitor.visit_f32(token.parse().or_else(|_| unsupported("a float", at))?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let at = self.pos;
        let token = self.float_token()?;
        visitor.visit_f64(token.parse().or_else(|_| unsupported("a float", at))?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.eat_ident("None")? {
            return visitor.visit_none();
        }
        if !self.eat_ident("Some")? {
            return unsupported("not an option", self.pos);
        }
        self.enter(b'(')?;
        let value = visitor.visit_some(&mut *self)?;
        self.leave(b')')?;
        Ok(value)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        unsupported("a unit struct", self.pos)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        unsupported("a newtype struct", self.pos)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.enter(b'[')?;
        if self.pos == self.hole.start + 1 && !self.hole.is_empty() {
            self.pos = self.hole.end - 1;
            self.hole_entered = Some(self.depth);
        }
        let value = visitor.visit_seq(Items::new(self, b']'))?;
        self.leave(b']')?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.enter(b'(')?;
        let value = visitor.visit_seq(Items::new(self, b')'))?;
        self.leave(b')')?;
        Ok(value)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.enter(b'(')?;
        let value = visitor.visit_map(Items::new(self, b')'))?;
        self.leave(b')')?;
        Ok(value)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

/// The items of a list, a pair or a struct's fields, up to `close`.
struct Items<'r, 'de> {
    reader: &'r mut Reader<'de>,
    close: u8,
    first: bool,
}

impl<'r, 'de> Items<'r, 'de> {
    fn new(reader: &'r mut Reader<'de>, close: u8) -> Self {
        Self {
            reader,
            close,
            first: true,
        }
    }

    /// Whether another item follows (its separating comma consumed).
    fn more(&mut self) -> Result<bool> {
        if !std::mem::take(&mut self.first) && !self.reader.eat(b',')? {
            return Ok(false);
        }
        Ok(self.reader.peek()? != self.close)
    }
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Unsupported;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.more()? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

impl<'de> MapAccess<'de> for Items<'_, 'de> {
    type Error = Unsupported;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.more()? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.expect(b':')?;
        seed.deserialize(&mut *self.reader)
    }
}

impl<'de> EnumAccess<'de> for &mut Reader<'de> {
    type Error = Unsupported;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.ident()?;
        let variant = seed.deserialize(BorrowedStrDeserializer::<Unsupported>::new(name))?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for &mut Reader<'de> {
    type Error = Unsupported;

    fn unit_variant(self) -> Result<()> {
        if self.peek().is_ok_and(|b| b == b'(') {
            return unsupported("a unit variant with a value", self.pos);
        }
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.enter(b'(')?;
        let value = seed.deserialize(&mut *self)?;
        self.leave(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_tuple(self, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

/// How many of the first eight bytes of `rest` are spaces in a row from its
/// start (at least 1 when `rest` starts with one), tested as one word.
fn leading_spaces(rest: &[u8]) -> usize {
    match rest.first_chunk::<8>() {
        Some(chunk) => {
            let others = u64::from_le_bytes(*chunk) ^ u64::from_ne_bytes([b' '; 8]);
            // The first byte is the word's lowest: its zero bits below the
            // first byte that is not a space, eight a space.
            (others.trailing_zeros() / 8) as usize
        }
        None => rest.iter().take_while(|&&b| b == b' ').count(),
    }
}
