//! A generator of hostile corpus folders: every kind of file an analyst's
//! folder (or an attacker) can hold, with what Diptych must make of each.
//!
//! Used by `tests/hostile.rs` (library and CLI) and `tests/ui_hostile.rs`
//! (the window). Everything is written under a temporary folder:
//!
//! ```text
//! TMP/corpus/   the folder that is opened
//! TMP/outside/  files next to it that symbolic links point at
//! ```

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// Text of the UTF-16 files (with and without a byte order mark).
pub const UTF16_TEXT: &str = "Café “déjà vu” costs 5 €.\nSecond line, naïve.";
/// Text of the UTF-16 files without a BOM in a non-Latin script.
pub const RUSSIAN_TEXT: &str =
    "Москва, 12 мая. Правительство объявило о новых мерах.\nВторой абзац.";
/// Text of the Latin-1 (ISO-8859-1) file.
pub const LATIN1_TEXT: &str =
    "Le café était délicieux, à côté de la forêt.\nOù est le garçon? Très bien, merci.";
/// Text of the Windows-1252 file (curly quotes, euro sign, en dash).
pub const CP1252_TEXT: &str =
    "The “quoted” price was 20 € – a naïve café’s menu.\nSecond paragraph, façade.";
/// The UTF-8 file with two invalid bytes in the middle, decoded: each becomes U+FFFD.
pub const BROKEN_UTF8_TEXT: &str =
    "Première partie: café, thé, crème. \u{FFFD}\u{FFFD} Deuxième partie: été, où, déjà.";
/// The HTML page: what a browser shows, without scripts, styles or frames.
pub const HTML_PAGE: &str = r#"<!DOCTYPE html>
<html><head><title>Caf&eacute; &amp; Co</title>
<style>body { background: url("http://HOST/style-bg.png"); } .secret { color: red }</style>
<script>document.write("SCRIPT-TEXT"); fetch("http://HOST/fetch");</script>
<script src="http://HOST/script.js"></script>
<link rel="stylesheet" href="http://HOST/style.css">
<link rel="icon" href="http://HOST/favicon.ico">
<meta http-equiv="refresh" content="0; url=http://HOST/refresh">
</head><body>
<!-- COMMENT-TEXT <p>not shown</p> -->
<h1>Headline &amp; more</h1>
<p>Caf&eacute; costs 10&nbsp;&euro; &#x1F600; &lt;tag&gt; &quot;q&quot;</p>
<iframe src="http://HOST/frame.html">IFRAME-TEXT</iframe>
<p>See <a href="http://HOST/link">the link</a> and <img src="http://HOST/image.png" alt="ALT-TEXT"> here.</p>
<video src="http://HOST/video.mp4" poster="http://HOST/poster.png"></video>
<object data="http://HOST/object.swf">OBJECT-TEXT</object>
<noscript>NOSCRIPT-TEXT</noscript>
<form action="http://HOST/form"><input value="INPUT-TEXT"></form>
</body></html>
"#;
/// The text Diptych reads from [`HTML_PAGE`].
pub const HTML_TEXT: &str =
    "Headline & more\nCafé costs 10\u{A0}€ 😀 <tag> \"q\"\nSee the link and here.";
/// Words of [`HTML_PAGE`] that must never reach the text.
pub const HTML_HIDDEN: &[&str] = &[
    "SCRIPT-TEXT",
    "COMMENT-TEXT",
    "IFRAME-TEXT",
    "ALT-TEXT",
    "OBJECT-TEXT",
    "NOSCRIPT-TEXT",
    "INPUT-TEXT",
    "secret",
    "http",
];
/// How deep the nested folders go.
pub const DEPTH: usize = 200;
/// Size of the file of one line.
pub const ONE_LINE_LEN: usize = 5 * 1024 * 1024;
/// Size of the big file: over the default 50 MB limit.
pub const BIG_LEN: u64 = 60 * 1024 * 1024;

/// A generated folder.
pub struct Hostile {
    pub dir: tempfile::TempDir,
    /// The folder to open.
    pub root: PathBuf,
    /// A folder beside it that links point into.
    pub outside: PathBuf,
}

impl Hostile {
    /// The id of the deepest file.
    pub fn deep_id() -> String {
        let mut id = "deep/".to_owned();
        for _ in 0..DEPTH {
            id.push_str("d/");
        }
        id.push_str("deepest.txt");
        id
    }
}

/// What Diptych must load from the folder: (id, exact text).
pub fn expected_documents() -> Vec<(String, String)> {
    let mut docs = vec![
        ("broken-utf8.txt".to_owned(), BROKEN_UTF8_TEXT.to_owned()),
        ("cp1252.txt".to_owned(), CP1252_TEXT.to_owned()),
        (Hostile::deep_id(), "At the bottom.".to_owned()),
        ("latin1.txt".to_owned(), LATIN1_TEXT.to_owned()),
        ("one-line.txt".to_owned(), one_line()),
        ("page.html".to_owned(), HTML_TEXT.to_owned()),
        (
            "plain.md".to_owned(),
            "# A plain article\n\nIt loads.".to_owned(),
        ),
        ("utf16be-bom.txt".to_owned(), UTF16_TEXT.to_owned()),
        ("utf16be.txt".to_owned(), UTF16_TEXT.to_owned()),
        ("utf16le-bom.txt".to_owned(), UTF16_TEXT.to_owned()),
        ("utf16le.txt".to_owned(), UTF16_TEXT.to_owned()),
        ("utf16le-russian.txt".to_owned(), RUSSIAN_TEXT.to_owned()),
        ("utf16be-russian.txt".to_owned(), RUSSIAN_TEXT.to_owned()),
    ];
    docs.sort();
    docs
}

/// What Diptych must skip, sorted by path: (path, reason as displayed).
/// `big` says whether the 60 MB file was generated.
pub fn expected_skipped(big: bool) -> Vec<(String, String)> {
    let mut skipped: Vec<(String, String)> = [
        ("a.txt", "symbolic link loop"),
        ("b.txt", "symbolic link loop"),
        ("bad\u{FFFD}name.txt", "file name is not valid UTF-8"),
        ("binary/elf.txt", "binary file (not text)"),
        (
            "ctrl\\u{1b}[31mred\\nskipped fake.txt",
            "file name contains control characters",
        ),
        ("binary/program", "unsupported format (no extension)"),
        ("binary/random.txt", "binary file (not text)"),
        (
            "dangling.txt",
            "broken symbolic link (its target does not exist)",
        ),
        ("empty.txt", "empty file"),
        ("image.png", "unsupported format .png"),
        ("image.txt", "binary file (not text)"),
        ("loop/up", "symbolic link loop"),
        ("outside-dir", "symlink points outside the corpus folder"),
        (
            "outside-link.txt",
            "symlink points outside the corpus folder",
        ),
        ("utf32.txt", "binary file (not text)"),
        ("whitespace.txt", "empty file"),
    ]
    .into_iter()
    .map(|(p, r)| (p.to_owned(), r.to_owned()))
    .collect();
    if big {
        skipped.push((
            "huge.txt".to_owned(),
            format!("too large: {BIG_LEN} bytes, the limit is 52428800 bytes"),
        ));
    }
    skipped.sort();
    skipped
}

/// The text of the file of one 5 MB line.
pub fn one_line() -> String {
    let word = "lorem ipsum dolor sit amet ";
    let mut line = word.repeat(ONE_LINE_LEN / word.len() + 1);
    line.truncate(ONE_LINE_LEN);
    line.truncate(line.trim_end().len());
    line
}

/// A valid 1x1 PNG (red pixel).
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// Deterministic pseudo-random bytes (xorshift).
fn random_bytes(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = (if bom { Some('\u{FEFF}') } else { None })
        .into_iter()
        .chain(text.chars())
        .collect::<String>();
    for unit in units.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, bytes).unwrap();
}

/// Writes the hostile folder. `big` adds the 60 MB file; `host` replaces
/// `HOST` in the HTML page's URLs (a listener the test watches).
pub fn generate(big: bool, host: &str) -> Hostile {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let outside = dir.path().join("outside");
    fs::create_dir_all(&root).unwrap();
    fs::create_dir_all(&outside).unwrap();
    write(&outside.join("secret.txt"), "SECRET outside the corpus");

    // Binary files.
    let mut random = random_bytes(4096, 0x9E37_79B9_7F4A_7C15);
    random[100] = 0;
    write(&root.join("binary/random.txt"), &random);
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0".to_vec();
    elf.extend(random_bytes(2048, 7));
    write(&root.join("binary/elf.txt"), &elf);
    write(&root.join("binary/program"), &elf);
    write(&root.join("image.png"), PNG);
    write(&root.join("image.txt"), PNG);
    let mut utf32 = vec![0xFF, 0xFE, 0, 0];
    for c in "UTF-32 text".chars() {
        utf32.extend((c as u32).to_le_bytes());
    }
    write(&root.join("utf32.txt"), &utf32);

    // Encodings.
    write(
        &root.join("utf16le-bom.txt"),
        utf16(UTF16_TEXT, false, true),
    );
    write(&root.join("utf16be-bom.txt"), utf16(UTF16_TEXT, true, true));
    write(&root.join("utf16le.txt"), utf16(UTF16_TEXT, false, false));
    write(&root.join("utf16be.txt"), utf16(UTF16_TEXT, true, false));
    write(
        &root.join("utf16le-russian.txt"),
        utf16(RUSSIAN_TEXT, false, false),
    );
    write(
        &root.join("utf16be-russian.txt"),
        utf16(RUSSIAN_TEXT, true, false),
    );
    let latin1: Vec<u8> = LATIN1_TEXT
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    write(&root.join("latin1.txt"), latin1);
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(CP1252_TEXT);
    assert!(!unmappable);
    write(&root.join("cp1252.txt"), &*cp1252);
    let mut broken = "Première partie: café, thé, crème. ".as_bytes().to_vec();
    broken.extend([0xFF, 0xFE]);
    broken.extend(" Deuxième partie: été, où, déjà.".as_bytes());
    write(&root.join("broken-utf8.txt"), broken);
    write(&root.join("plain.md"), "# A plain article\r\n\r\nIt loads.");

    // Empty and huge.
    write(&root.join("empty.txt"), "");
    write(&root.join("whitespace.txt"), " \n\t\r\n ");
    write(&root.join("one-line.txt"), one_line());
    if big {
        let file = fs::File::create(root.join("huge.txt")).unwrap();
        let mut w = std::io::BufWriter::new(file);
        let line = "All work and no play makes a long article.\n";
        let mut written = 0u64;
        while written < BIG_LEN {
            let take = (BIG_LEN - written).min(line.len() as u64) as usize;
            std::io::Write::write_all(&mut w, &line.as_bytes()[..take]).unwrap();
            written += take as u64;
        }
        std::io::Write::flush(&mut w).unwrap();
    }

    // Deeply nested folders.
    let mut deep = root.join("deep");
    for _ in 0..DEPTH {
        deep.push("d");
    }
    write(&deep.join("deepest.txt"), "At the bottom.");

    // HTML with everything a page can try.
    write(&root.join("page.html"), HTML_PAGE.replace("HOST", host));

    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::symlink;
        fs::create_dir_all(root.join("loop")).unwrap();
        symlink("..", root.join("loop/up")).unwrap();
        symlink("b.txt", root.join("a.txt")).unwrap();
        symlink("a.txt", root.join("b.txt")).unwrap();
        symlink("nowhere.txt", root.join("dangling.txt")).unwrap();
        symlink(outside.join("secret.txt"), root.join("outside-link.txt")).unwrap();
        symlink("../outside", root.join("outside-dir")).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"bad\xffname.txt");
        write(&root.join(name), "A name that is not UTF-8.");
        write(
            &root.join("ctrl\u{1b}[31mred\nskipped fake.txt"),
            "A name that moves the cursor.",
        );
    }
    Hostile { dir, root, outside }
}
