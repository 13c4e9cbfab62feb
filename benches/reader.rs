//! Reader benchmark (a plain bench binary): two 1 MB articles side by side,
//! 10,000 highlights each, drawn by the real reader in a headless egui
//! context; every timed frame is `Context::run_ui` plus `Context::tessellate`.
//!
//! `cargo bench --bench reader` prints the median and max of each workload.
//! Budgets: steady scrolling median <= 2 ms and max <= 8 ms, first frame
//! <= 50 ms, resize <= 16 ms, the frame after adding a highlight <= 4 ms, a
//! keystroke in the find bar (search of 1 MB and the frame) <= 8 ms.

use std::hint::black_box;
use std::time::{Duration, Instant};

use diptych::model::text::floor_char_boundary;
use diptych::model::{AnnotationId, ByteOffset, Document, DocumentId, SourceFormat, Span};
use diptych::ui::find::search::Haystack;
use diptych::ui::find::{FindState, find_bar_ui};
use diptych::ui::reader::highlights::HighlightIndex;
use diptych::ui::reader::paragraphs::ParagraphIndex;
use diptych::ui::reader::{Highlight, ReaderInput, ReaderState, reader_ui};
use eframe::egui::{self, Color32, Rect, pos2, vec2};

const SENTENCES: [&str; 8] = [
    "OpenAI signed a new contract with Amazon Web Services last Friday, according to two people familiar with the matter. ",
    "The company’s “strategic path” runs through government contracts — a springboard into enterprise sales. ",
    "U.S. mobile uninstalls of ChatGPT surged 295% on February 28 compared to the previous day. ",
    "Analysts said the deal was worth “several million dollars” over 15 months 📈. ",
    "市场有风险，投资需谨慎。本文不构成个人投资建议。",
    "Café owners in São Paulo reacted with a shrug; the naïve view is that nothing changes. ",
    "Dr. Smith, who advised the Pentagon, declined to comment on the e\u{301}tude. ",
    "“We are not in the business of picking winners,” a spokesperson said. ",
];

const COLORS: [Color32; 4] = [
    Color32::from_rgb(230, 120, 40),
    Color32::from_rgb(60, 140, 230),
    Color32::from_rgb(80, 180, 90),
    Color32::from_rgb(190, 80, 190),
];

/// About `bytes` of article text: paragraphs of 2..7 sentences, some empty
/// lines. Every paragraph is numbered, so that no two are the same text and
/// egui's own galley cache cannot make layout look cheaper than it is.
fn article(seed: usize, bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 1024);
    let mut k = seed;
    let mut n = 0;
    while text.len() < bytes {
        n += 1;
        text.push_str(&format!("{seed}.{n} "));
        for s in 0..2 + k % 6 {
            text.push_str(SENTENCES[k % SENTENCES.len()]);
            if s == 1 {
                text.push_str(&format!("(#{n}) "));
            }
            k = k.wrapping_mul(31).wrapping_add(7);
        }
        text.push('\n');
        if k.is_multiple_of(5) {
            text.push('\n');
        }
    }
    text
}

/// `n` highlights spread over `text`, some overlapping, sorted by start.
fn highlights(text: &str, n: usize, first_id: u64) -> Vec<Highlight> {
    let mut list: Vec<Highlight> = (0..n)
        .map(|i| {
            let start = floor_char_boundary(text, (i * 7919 * 13) % text.len());
            let end = floor_char_boundary(text, (start + 20 + (i * 37) % 180).min(text.len()));
            Highlight {
                id: AnnotationId(first_id + i as u64),
                span: Span {
                    start: ByteOffset(start),
                    end: ByteOffset(end.max(start)),
                },
                color: COLORS[i % COLORS.len()],
                suggested: i % 7 == 0,
                linked: i % 11 == 0,
                layer: Default::default(),
                tooltip: format!("Claim {i}"),
            }
        })
        .collect();
    list.sort_by_key(|h| h.span.start);
    list
}

struct Pane {
    doc: Document,
    highlights: Vec<Highlight>,
    state: ReaderState,
    revision: u64,
}

impl Pane {
    fn new(seed: usize) -> Self {
        let text = article(seed, 1 << 20);
        let doc = Document::new(
            DocumentId::from(format!("article-{seed}.txt").as_str()),
            format!("Article {seed}"),
            text,
            SourceFormat::Text,
            "UTF-8",
        );
        let highlights = highlights(&doc.text(), 10_000, seed as u64 * 100_000);
        Self {
            doc,
            highlights,
            state: ReaderState::default(),
            revision: 1,
        }
    }
}

struct Bench {
    ctx: egui::Context,
    panes: Vec<Pane>,
    /// The find bar over the first pane (closed until the find workload).
    find: FindState,
    screen: Rect,
    show_readers: bool,
    time: f64,
}

impl Bench {
    /// Runs one frame (ui + tessellation) and returns how long it took.
    fn frame(&mut self) -> Duration {
        self.time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(self.screen),
            time: Some(self.time),
            ..Default::default()
        };
        let panes = &mut self.panes;
        let find = &mut self.find;
        let show = self.show_readers;
        let start = Instant::now();
        let mut output = self.ctx.run_ui(input, |ui| {
            if !show {
                ui.label("Warming up the fonts: “quotes”, 中文, 📈, e\u{301}.");
                return;
            }
            ui.columns(panes.len(), |columns| {
                for (i, (column, pane)) in columns.iter_mut().zip(panes.iter_mut()).enumerate() {
                    let marks = find_bar_ui(column, find, i == 0, &pane.doc, &mut pane.state);
                    let input = ReaderInput {
                        doc: &pane.doc,
                        highlights: &pane.highlights,
                        revision: pane.revision,
                        selected: pane.highlights.get(500).map(|h| h.id),
                        changed_words: &[],
                        font_size: 15.0,
                        max_line_width: f32::INFINITY,
                        find: marks,
                    };
                    let output = reader_ui(column, ("reader", i), &mut pane.state, &input);
                    black_box(output.clicked);
                }
            });
        });
        let shapes = std::mem::take(&mut output.shapes);
        let primitives = self.ctx.tessellate(shapes, output.pixels_per_point);
        let elapsed = start.elapsed();
        // No renderer here: font atlas updates are dropped.
        output.drop_without_applying_deltas();
        black_box(primitives);
        elapsed
    }
}

fn report(name: &str, mut times: Vec<Duration>, budget: &str) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    let max = times[times.len() - 1];
    println!(
        "{name:<58} median {:>7.2} ms   max {:>7.2} ms   (n = {}, budget {budget})",
        ms(median),
        ms(max),
        times.len()
    );
}

fn main() {
    let ctx = egui::Context::default();
    diptych::ui::fonts::install(&ctx);
    let mut bench = Bench {
        ctx,
        panes: vec![Pane::new(1), Pane::new(2)],
        find: FindState::default(),
        screen: Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 1000.0)),
        show_readers: false,
        time: 0.0,
    };
    println!(
        "Two readers side by side, {:.1} MB + {:.1} MB, {} + {} highlights, 1600 x 1000 points",
        bench.panes[0].doc.byte_len() as f64 / 1e6,
        bench.panes[1].doc.byte_len() as f64 / 1e6,
        bench.panes[0].highlights.len(),
        bench.panes[1].highlights.len(),
    );
    // Fonts loaded and the atlas started before the readers open.
    for _ in 0..3 {
        bench.frame();
    }

    bench.show_readers = true;
    let first = bench.frame();
    report(
        "first frame after opening (index, layout, draw)",
        vec![first],
        "<= 50 ms",
    );
    let paragraphs: usize = bench
        .panes
        .iter()
        .map(|p| p.doc.text().matches('\n').count())
        .sum();
    println!("  ({paragraphs} paragraphs in all)");
    for _ in 0..5 {
        bench.frame();
    }

    let idle: Vec<Duration> = (0..100).map(|_| bench.frame()).collect();
    report("idle frame (nothing changes)", idle, "-");

    // Smooth scrolling: both panes move down ~4 rows a frame (synchronised scroll).
    let mut scroll = Vec::new();
    for step in 0..300 {
        for pane in &mut bench.panes {
            let byte = floor_char_boundary(&pane.doc.text(), 40_000 + step * 400);
            pane.state.scroll_to_top_byte(ByteOffset(byte));
        }
        scroll.push(bench.frame());
    }
    report(
        "scrolling, 400 bytes a frame, 300 frames",
        scroll,
        "median <= 2 ms, max <= 8 ms",
    );

    let top = bench.panes[0].state.first_visible_byte().0;
    assert!(top > 150_000, "the view follows the scroll requests: {top}");

    // Wheel scrolling through the ScrollArea itself.
    let mut wheel = Vec::new();
    for _ in 0..300 {
        bench.time += 1.0 / 60.0;
        let pos = pos2(400.0, 500.0);
        let input = egui::RawInput {
            screen_rect: Some(bench.screen),
            time: Some(bench.time),
            events: vec![
                egui::Event::PointerMoved(pos),
                egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: vec2(0.0, -60.0),
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Unknown,
                    modifiers: egui::Modifiers::NONE,
                },
            ],
            ..Default::default()
        };
        let panes = &mut bench.panes;
        let start = Instant::now();
        let mut output = bench.ctx.run_ui(input, |ui| {
            ui.columns(panes.len(), |columns| {
                for (i, (column, pane)) in columns.iter_mut().zip(panes.iter_mut()).enumerate() {
                    let input = ReaderInput {
                        doc: &pane.doc,
                        highlights: &pane.highlights,
                        revision: pane.revision,
                        selected: None,
                        changed_words: &[],
                        font_size: 15.0,
                        max_line_width: f32::INFINITY,
                        find: Default::default(),
                    };
                    let output = reader_ui(column, ("reader", i), &mut pane.state, &input);
                    black_box(output.hovered);
                }
            });
        });
        let shapes = std::mem::take(&mut output.shapes);
        let primitives = bench.ctx.tessellate(shapes, output.pixels_per_point);
        wheel.push(start.elapsed());
        output.drop_without_applying_deltas();
        black_box(primitives);
    }
    report(
        "mouse-wheel scrolling, 60 points a frame, 300 frames",
        wheel,
        "median <= 2 ms, max <= 8 ms",
    );

    // Jumps: each frame shows a part of the text never laid out before.
    let mut jumps = Vec::new();
    for step in 0..100 {
        for pane in &mut bench.panes {
            let at = (step * 104_729 + 500_000) % pane.doc.byte_len();
            let byte = floor_char_boundary(&pane.doc.text(), at);
            pane.state.scroll_to(ByteOffset(byte));
        }
        jumps.push(bench.frame());
    }
    report("jump to an unseen place each frame, 100 frames", jumps, "-");

    // Resize: a narrower window re-lays out what is in view.
    let mut resize = Vec::new();
    for k in 0..10 {
        bench.screen = Rect::from_min_size(pos2(0.0, 0.0), vec2(1400.0 + 20.0 * k as f32, 1000.0));
        resize.push(bench.frame());
        bench.frame();
    }
    report(
        "resize frame (new wrap width), 10 resizes",
        resize,
        "<= 16 ms",
    );

    // A new highlight: revision + 1, then the next frame.
    let mut add = Vec::new();
    for k in 0..20 {
        let pane = &mut bench.panes[0];
        let start = pane.state.first_visible_byte().0;
        let end = floor_char_boundary(&pane.doc.text(), start + 30 + k);
        pane.highlights.push(Highlight {
            id: AnnotationId(900_000 + k as u64),
            span: Span {
                start: ByteOffset(start),
                end: ByteOffset(end),
            },
            color: COLORS[0],
            suggested: false,
            linked: false,
            layer: Default::default(),
            tooltip: "New claim".to_owned(),
        });
        pane.highlights.sort_by_key(|h| h.span.start);
        pane.revision += 1;
        add.push(bench.frame());
        bench.frame();
    }
    report(
        "frame after adding a highlight (revision + 1), 20 adds",
        add,
        "<= 4 ms",
    );

    find_workload(&mut bench);

    // The pure parts on their own.
    let pane = &bench.panes[0];
    let times: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            black_box(ParagraphIndex::new(&pane.doc.text()));
            start.elapsed()
        })
        .collect();
    report("ParagraphIndex::new, 1 MB", times, "-");
    let paragraphs = ParagraphIndex::new(&pane.doc.text());
    let spans: Vec<Span> = pane.highlights.iter().map(|h| h.span).collect();
    let times: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            black_box(HighlightIndex::new(&spans, &paragraphs));
            start.elapsed()
        })
        .collect();
    report(
        "HighlightIndex::new, 10,000 highlights (lanes, buckets)",
        times,
        "-",
    );
}

/// Typing into the find bar over the first pane: each keystroke is one
/// frame that searches the 1 MB text again, selects and scrolls to the
/// first hit from the anchor (a jump to a place maybe never laid out at
/// this width) and outlines the hits in view. Opening the bar makes the
/// lower-cased copy of the text.
fn find_workload(bench: &mut Bench) {
    bench.find.show(ByteOffset(0));
    let open = bench.frame();
    report(
        "find: opening the bar (lower-cased copy of 1 MB, frame)",
        vec![open],
        "-",
    );
    let mut typing = Vec::new();
    for query in ["pentagon", "the company’s “strategic", "e"] {
        for (k, c) in query.char_indices() {
            bench.find.query = query[..k + c.len_utf8()].to_owned();
            typing.push(bench.frame());
        }
        println!("  (\"{query}\": {})", bench.find.count_text());
        bench.frame();
    }
    report(
        "find: a keystroke (search 1 MB, jump to the hit, frame)",
        typing,
        "<= 8 ms",
    );
    let idle: Vec<Duration> = (0..100).map(|_| bench.frame()).collect();
    report("idle frame, find bar open on a 1-letter query", idle, "-");
    bench.find.open = false;
    bench.frame();

    let text = &bench.panes[0].doc.text();
    let times: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            black_box(Haystack::new(text));
            start.elapsed()
        })
        .collect();
    report("Haystack::new (lower-cased copy), 1 MB", times, "-");
    let haystack = Haystack::new(text);
    for query in ["pentagon", "e"] {
        let times: Vec<Duration> = (0..20)
            .map(|_| {
                let start = Instant::now();
                black_box(haystack.find(text, query, false));
                start.elapsed()
            })
            .collect();
        let hits = haystack.find(text, query, false).len();
        report(
            &format!("Haystack::find \"{query}\", 1 MB ({hits} hits)"),
            times,
            "-",
        );
    }
}
