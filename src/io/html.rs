//! HTML pages to readable text: one paragraph per line, without scripts or site chrome.
//!
//! Nothing is ever fetched: images, links and frames are not followed.

use std::borrow::Cow;

use scraper::{ElementRef, Html, Node};

use super::decode::normalize_newlines;

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Readable text of an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlText {
    /// The `<title>`, else the first `<h1>`, whitespace collapsed; `None` when neither has text.
    pub title: Option<String>,
    /// One paragraph per line, separated by a single `\n`, no empty lines.
    pub text: String,
}

/// Extracts readable text from HTML: drops script/style/nav/... keeps paragraph breaks, decodes entities.
///
/// - Scripts, styles, forms controls, embedded objects, `hidden` / `aria-hidden="true"`
///   elements and site chrome (`nav`, `aside`, `footer`, a page-level `header`) are dropped.
/// - Each block element (`p`, `div`, `li`, `h1`, `tr`, ...) is its own line, `<br>` breaks
///   a line, table cells are separated by a tab.
/// - Whitespace collapses to single spaces except inside `<pre>`, where lines keep their
///   indentation. Lines are trimmed, empty lines dropped.
/// - Entities are decoded by the parser. A no-break space (U+00A0) is text, not
///   layout: it is kept and never collapsed ("10&nbsp;km" stays "10\u{A0}km"), but it
///   is trimmed at the ends of a line, so `<p>&nbsp;</p>` spacers vanish.
///
/// Malformed HTML is repaired the way browsers do it (html5ever). Elements
/// nested deeper than [`MAX_DEPTH`] are flattened first ([`limit_nesting`]):
/// html5ever's time grows with the square of the depth, and a 200 KB page of
/// 40,000 unclosed `<div>`s took 14 s. Never panics.
#[must_use]
pub fn html_to_text(html: &str) -> HtmlText {
    let html = limit_nesting(html);
    let document = Html::parse_document(&html);
    let text = Lines::of(document.root_element()).join("\n");
    HtmlText {
        title: title(&document),
        text,
    }
}

/// How deep elements may nest before [`limit_nesting`] flattens them
/// (Blink's HTML parser stops nesting at 512 as well).
pub const MAX_DEPTH: usize = 512;

/// Flattens element nesting deeper than [`MAX_DEPTH`]: start tags that would
/// open a deeper element are dropped (and as many end tags after them), while
/// their text stays; a dropped block tag becomes `<br>` so that its line
/// break stays too. Pages within the limit are returned as they are.
///
/// A quick scan, not a parser: comments, `<!...>`, quoted attribute values
/// and the raw text of `script`, `style`, `textarea` ... are skipped; void
/// elements and elements whose end tag is optional (`p`, `li`, `td` ...) are
/// not counted, so sloppy pages that never close a `<p>` are not touched.
pub fn limit_nesting(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    // Start tags dropped and not yet matched by a dropped end tag.
    let mut excess = 0usize;
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut i = 0usize;
    while let Some(lt) = find(bytes, b"<", i) {
        let rest = &bytes[lt..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, b"-->", lt + 4).map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(bytes, b">", lt).map_or(bytes.len(), |e| e + 1);
            continue;
        }
        let end_tag = rest.get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(end_tag);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let close = tag_end(bytes, name_start + name_len);
        let self_closing = bytes[..close].ends_with(b"/>");
        let mut drop = false;
        if end_tag {
            if is_counted(&name) {
                if excess > 0 {
                    excess -= 1;
                    drop = true;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
        } else if is_raw_text(&name) {
            if name == "plaintext" {
                break;
            }
            // The content is text up to the matching end tag.
            let closing = format!("</{name}");
            i = find_ignore_case(bytes, closing.as_bytes(), close).unwrap_or(bytes.len());
            continue;
        } else if is_counted(&name) && !self_closing {
            if depth >= MAX_DEPTH {
                excess += 1;
                drop = true;
            } else {
                depth += 1;
            }
        }
        if drop {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[copied..lt]);
            if is_block(&name) {
                out.push_str("<br>");
            }
            copied = close;
        }
        i = close;
    }
    match out {
        Some(mut out) => {
            out.push_str(&html[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(html),
    }
}

/// The index of the first `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let hay = bytes.get(from..)?;
    hay.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// [`find`], ASCII case-insensitive.
fn find_ignore_case(bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let hay = bytes.get(from..)?;
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// The index just after the `>` that ends a tag whose attributes start at
/// `from` (quoted values may hold `>`); the end of the text if there is none.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// Elements that [`limit_nesting`] counts: not void, end tag not optional, not raw text.
fn is_counted(name: &str) -> bool {
    !matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "html"
            | "head"
            | "body"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rtc"
            | "rp"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
    ) && !is_raw_text(name)
}

/// Elements whose content the parser reads as text, not tags.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
    )
}

/// The `<title>` text, else the text of the first `<h1>` outside the site chrome, else
/// of the first `<h1>` at all.
fn title(document: &Html) -> Option<String> {
    let elements = || {
        document
            .tree
            .root()
            .descendants()
            .filter_map(ElementRef::wrap)
    };
    let from_title = elements()
        .filter(|el| el.value().name() == "title" && &*el.value().name.ns == HTML_NAMESPACE)
        .map(|el| collapse_whitespace(&el.text().collect::<String>()))
        .find(|title| !title.is_empty());
    if from_title.is_some() {
        return from_title;
    }
    let headings = || elements().filter(|el| el.value().name() == "h1");
    let h1_text =
        |el: ElementRef<'_>| Some(Lines::of(el).join(" ")).filter(|text| !text.is_empty());
    headings()
        .filter(|&el| {
            !is_dropped(el) && !el.ancestors().filter_map(ElementRef::wrap).any(is_dropped)
        })
        .find_map(h1_text)
        .or_else(|| headings().find_map(h1_text))
}

/// The separator owed before the next character of a line.
#[derive(Clone, Copy, Default)]
enum Gap {
    #[default]
    None,
    Space,
    /// Between table cells.
    Tab,
}

/// Builds the lines of text of an element and everything in it.
#[derive(Default)]
struct Lines {
    done: Vec<String>,
    line: String,
    /// The current line started inside `<pre>`: keep its indentation.
    line_is_pre: bool,
    gap: Gap,
    /// How many preformatted elements the walk is inside.
    pre_depth: usize,
}

impl Lines {
    /// The lines of `start`, trimmed, none empty.
    fn of(start: ElementRef<'_>) -> Vec<String> {
        let mut lines = Self::default();
        lines.walk(start);
        lines.break_line();
        lines.done
    }

    /// Depth-first walk without recursion: deeply nested pages cannot overflow the stack.
    fn walk(&mut self, start: ElementRef<'_>) {
        let root = *start;
        let mut node = root;
        'walk: loop {
            let descend = match node.value() {
                Node::Element(_) => ElementRef::wrap(node).is_some_and(|el| self.open(el)),
                Node::Text(text) => {
                    self.text(text);
                    false
                }
                Node::Document | Node::Fragment => true,
                Node::Doctype(_) | Node::Comment(_) | Node::ProcessingInstruction(_) => false,
            };
            if descend && let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            // Close `node` and the ancestors it was the last child of.
            let mut opened = descend;
            loop {
                if let Some(el) = ElementRef::wrap(node) {
                    self.close(el, opened);
                }
                if node == root {
                    break 'walk;
                }
                if let Some(next) = node.next_sibling() {
                    node = next;
                    continue 'walk;
                }
                let Some(parent) = node.parent() else {
                    break 'walk;
                };
                node = parent;
                opened = true;
            }
        }
    }

    /// Enters an element; false when its content is dropped.
    fn open(&mut self, el: ElementRef<'_>) -> bool {
        let name = el.value().name();
        if is_block(name) {
            self.break_line();
        }
        if is_dropped(el) {
            return false;
        }
        if matches!(name, "td" | "th") {
            self.gap = Gap::Tab;
        }
        if is_preformatted(name) {
            self.pre_depth += 1;
        }
        true
    }

    /// Leaves an element; `opened` is false when [`Self::open`] dropped its content.
    fn close(&mut self, el: ElementRef<'_>, opened: bool) {
        let name = el.value().name();
        if opened && is_preformatted(name) {
            self.pre_depth = self.pre_depth.saturating_sub(1);
        }
        if is_block(name) {
            self.break_line();
        }
    }

    fn text(&mut self, text: &str) {
        if self.pre_depth > 0 {
            self.preformatted_text(text);
            return;
        }
        for c in text.chars() {
            if is_html_whitespace(c) {
                if matches!(self.gap, Gap::None) {
                    self.gap = Gap::Space;
                }
            } else {
                self.push_gap();
                self.line.push(c);
            }
        }
    }

    /// Text inside `<pre>`: kept as is, its newlines break lines.
    fn preformatted_text(&mut self, text: &str) {
        let text = normalize_newlines(text);
        for (index, part) in text.split('\n').enumerate() {
            if index > 0 {
                self.break_line();
            }
            if part.is_empty() {
                continue;
            }
            if self.line.is_empty() {
                self.line_is_pre = true;
            }
            self.push_gap();
            self.line.push_str(part);
        }
    }

    /// Writes the owed separator, unless the line is still empty.
    fn push_gap(&mut self) {
        if !self.line.is_empty() {
            match self.gap {
                Gap::None => {}
                Gap::Space => self.line.push(' '),
                Gap::Tab => self.line.push('\t'),
            }
        }
        self.gap = Gap::None;
    }

    /// Ends the current line: trimmed (only at the end for `<pre>`), kept unless empty.
    fn break_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        let kept = if self.line_is_pre {
            line.trim_end()
        } else {
            line.trim()
        };
        if !kept.is_empty() {
            self.done.push(kept.to_owned());
        }
        self.line_is_pre = false;
        self.gap = Gap::None;
    }
}

/// Elements whose content is not part of the article.
///
/// Besides scripts, styles, embedded objects and form controls, this is the site
/// chrome: `nav`, `aside`, `footer`, and a `header` that belongs to the page rather
/// than to an `article`, `main` or `section` (the ARIA "banner" rule; an article's
/// own header holds its headline and byline). A `form` is dropped unless it wraps the
/// article itself: ASP.NET Web Forms pages put the whole body in one `<form>`.
fn is_dropped(el: ElementRef<'_>) -> bool {
    let element = el.value();
    let aria_hidden = element
        .attr("aria-hidden")
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"));
    if aria_hidden || element.attr("hidden").is_some() {
        return true;
    }
    match element.name() {
        "script" | "style" | "noscript" | "template" | "head" | "title" | "nav" | "aside"
        | "footer" | "iframe" | "frame" | "frameset" | "noframes" | "object" | "embed"
        | "applet" | "svg" | "canvas" | "audio" | "video" | "button" | "select" | "textarea"
        | "datalist" | "dialog" => true,
        "header" => !el.ancestors().any(|node| {
            node.value()
                .as_element()
                .is_some_and(|ancestor| matches!(ancestor.name(), "article" | "main" | "section"))
        }),
        "form" => !el.descendants().any(|node| {
            node.value()
                .as_element()
                .is_some_and(|inner| matches!(inner.name(), "article" | "main" | "h1"))
        }),
        _ => false,
    }
}

/// Elements that start and end a line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
            | "xmp"
    )
}

/// Elements whose whitespace is kept as written.
fn is_preformatted(name: &str) -> bool {
    matches!(name, "pre" | "listing" | "plaintext" | "xmp")
}

/// The whitespace HTML collapses (not U+00A0, which is text).
fn is_html_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// Collapses HTML whitespace runs to one space and trims the ends.
fn collapse_whitespace(text: &str) -> String {
    let words: Vec<&str> = text
        .split(is_html_whitespace)
        .filter(|word| !word.is_empty())
        .collect();
    words.join(" ").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        html_to_text(html).text
    }

    #[test]
    fn deep_nesting_is_flattened_and_keeps_its_text_and_lines() {
        let started = std::time::Instant::now();
        let unclosed = format!("<body>{}<p>Deep text.</p>", "<div>".repeat(40_000));
        assert_eq!(text(&unclosed), "Deep text.");
        let nested = format!(
            "{}<p>Deep text.</p>{}",
            "<div><span class='a>b'>".repeat(20_000),
            "</span></div>".repeat(20_000)
        );
        assert_eq!(text(&nested), "Deep text.");
        // Before: 14 s for the first page alone (html5ever is quadratic in depth).
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        // Lines deeper than the limit stay lines.
        let lines: String = (0..600).map(|i| format!("<div>Line {i}")).collect();
        let got = text(&lines);
        assert_eq!(got.lines().count(), 600);
        assert_eq!(got.lines().last(), Some("Line 599"));
        // The text after the deep part is still in its right place.
        let after = format!(
            "{}<p>Inside</p>{}<p>After</p>",
            "<section>".repeat(1000),
            "</section>".repeat(1000)
        );
        assert_eq!(text(&after), "Inside\nAfter");
    }

    #[test]
    fn shallow_and_sloppy_pages_are_not_touched() {
        let sloppy: String = (0..5000)
            .map(|i| format!("<p>Paragraph {i}<li>item"))
            .collect();
        assert!(matches!(limit_nesting(&sloppy), Cow::Borrowed(_)));
        let raw = format!(
            "<script>{}</script><!-- {} --><style>{}</style><div title=\"{}\">x</div>",
            "<div>".repeat(1000),
            "<div>".repeat(1000),
            "<div>".repeat(1000),
            "<div>".repeat(1000)
        );
        assert!(matches!(limit_nesting(&raw), Cow::Borrowed(_)));
        assert_eq!(text(&raw), "x");
    }

    proptest::proptest! {
        #[test]
        fn limit_nesting_never_panics_and_keeps_shallow_pages(
            html in "(<[a-zA-Z/!?]{0,3}[ a-z='\"]{0,3}>?|[a-z <>&;é😀-]{0,4}){0,200}"
        ) {
            let limited = limit_nesting(&html);
            // Fewer than MAX_DEPTH tags cannot nest deeper than it.
            proptest::prop_assert!(matches!(limited, Cow::Borrowed(_)));
            let _ = html_to_text(&html);
        }

        #[test]
        fn over_the_limit_the_result_is_within_it(extra in 1usize..300, inner in "[a-z ]{1,20}") {
            let html = format!("{}{inner}{}", "<div>".repeat(MAX_DEPTH + extra), "</div>".repeat(MAX_DEPTH + extra));
            let limited = limit_nesting(&html);
            proptest::prop_assert_eq!(limited.matches("<div>").count(), MAX_DEPTH);
            proptest::prop_assert_eq!(limited.matches("</div>").count(), MAX_DEPTH);
            proptest::prop_assert_eq!(html_to_text(&html).text, inner.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    #[test]
    fn script_and_style_are_removed() {
        let html = "<html><head><style>p { color: red }</style><script>var x = 1;</script></head>\
                    <body><p>Hello <script>document.write('no')</script>world</p>\
                    <style>.a{}</style><noscript>Enable JS</noscript><template><p>t</p></template></body></html>";
        assert_eq!(text(html), "Hello world");
    }

    #[test]
    fn entities_are_decoded() {
        let html = "<p>Tom &amp; Jerry&#8217;s caf&eacute; &lt;b&gt; &quot;x&quot; &#x263A;</p>";
        assert_eq!(text(html), "Tom & Jerry’s café <b> \"x\" ☺");
    }

    #[test]
    fn paragraphs_are_lines() {
        let html = "<body><h1>Head</h1><p>One\n  two</p><p>Three</p>\
                    <div>Four<p>Five</p>Six</div><ul><li>Seven</li><li>Eight</li></ul>\
                    <blockquote>Nine</blockquote>Ten<br>Eleven<br><br>Twelve<hr>Thirteen</body>";
        assert_eq!(
            text(html),
            "Head\nOne two\nThree\nFour\nFive\nSix\nSeven\nEight\nNine\nTen\nEleven\nTwelve\nThirteen"
        );
    }

    #[test]
    fn nested_inline_elements() {
        assert_eq!(text("<p>a <b>bold</b> word</p>"), "a bold word");
        assert_eq!(
            text("<p>a<b>b</b><i>c</i> <a href='x'>link <em>text</em></a>.</p>"),
            "abc link text."
        );
        assert_eq!(
            text("<p>  spaced \t\n out  <span> </span> words </p>"),
            "spaced out words"
        );
        assert_eq!(
            text("<p>photo: <img src='a.png' alt='A'> here</p>"),
            "photo: here"
        );
    }

    #[test]
    fn chrome_is_removed() {
        let html = "<body><header><a href='/'>Site</a> <nav><a>Home</a><a>World</a></nav></header>\
                    <main><article><header><h1>Headline</h1><p>By A. Writer</p></header>\
                    <p>Body text.</p><aside>Related stories</aside>\
                    <footer>Share this</footer></article></main>\
                    <form action='/subscribe'><p>Newsletter</p><input name=email><button>Go</button></form>\
                    <footer>© Site 2024</footer></body>";
        assert_eq!(text(html), "Headline\nBy A. Writer\nBody text.");
    }

    #[test]
    fn a_form_wrapping_the_article_is_kept() {
        let html = "<body><form id='aspnetForm'><nav>Menu</nav><h1>Headline</h1><p>Body.</p>\
                    <select><option>One</option></select></form></body>";
        assert_eq!(text(html), "Headline\nBody.");
    }

    #[test]
    fn hidden_elements_are_removed() {
        let html = "<p>Visible <span hidden>secret</span><span aria-hidden=\"TRUE\">icon</span>\
                    <span aria-hidden=\"false\">shown</span></p><div hidden><p>Gone</p></div>";
        assert_eq!(text(html), "Visible shown");
    }

    #[test]
    fn title_from_title_then_h1() {
        let page = html_to_text(
            "<html><head><title>\n  The  Title </title></head><body><h1>H</h1></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("The Title"));
        assert_eq!(page.text, "H");

        let page = html_to_text(
            "<title> </title><header><h1>Site</h1></header><article><h1>The <em>Headline</em></h1></article>",
        );
        assert_eq!(page.title.as_deref(), Some("The Headline"));

        let page = html_to_text("<body><header><h1>Only heading</h1></header><p>x</p></body>");
        assert_eq!(page.title.as_deref(), Some("Only heading"));

        let page = html_to_text("<body><svg><title>Icon</title></svg><p>No title</p></body>");
        assert_eq!(page.title, None);
        assert_eq!(page.text, "No title");
    }

    #[test]
    fn pre_is_preserved() {
        let html = "<p>Code:</p><pre>\nfn main() {\n    let x  =  1;\n\n\tprint(x);   \n}</pre><p>after   it</p>";
        assert_eq!(
            text(html),
            "Code:\nfn main() {\n    let x  =  1;\n\tprint(x);\n}\nafter it"
        );
    }

    #[test]
    fn table_cells_are_tab_separated() {
        let html =
            "<table><tr><th>Name</th> <th>Votes</th></tr><tr><td>A </td><td> 12</td></tr></table>";
        assert_eq!(text(html), "Name\tVotes\nA\t12");
    }

    #[test]
    fn nbsp_is_kept_inside_and_trimmed_at_the_ends() {
        assert_eq!(
            text("<p>10&nbsp;km &nbsp;away&nbsp;</p><p>&nbsp;</p><p>next</p>"),
            "10\u{A0}km \u{A0}away\nnext"
        );
    }

    #[test]
    fn malformed_html() {
        assert_eq!(
            text("<p>one<p>two<div><b>three <i>four</b> five"),
            "one\ntwo\nthree four five"
        );
        assert_eq!(text("</p></div>stray closers<p"), "stray closers");
        assert_eq!(text("<p>a <!-- comment --> b</p><![CDATA[x]]>"), "a b");
        assert_eq!(
            text("<table><td>cell<p>para</table>after"),
            "cell\npara\nafter"
        );
    }

    #[test]
    fn empty_html() {
        assert_eq!(
            html_to_text(""),
            HtmlText {
                title: None,
                text: String::new()
            }
        );
        assert_eq!(html_to_text("<html><body>  \n </body></html>").text, "");
    }

    #[test]
    fn unicode_survives() {
        assert_eq!(
            text("<p>👩‍👩‍👧 cafe\u{301} 中文报道</p>"),
            "👩‍👩‍👧 cafe\u{301} 中文报道"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 20_000;
        let html = format!("{}deep{}", "<div>".repeat(depth), "</div>".repeat(depth));
        assert_eq!(text(&html), "deep");
    }
}
