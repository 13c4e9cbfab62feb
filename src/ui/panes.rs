//! The reader panes side by side, with the annotation toolbar above them.

use eframe::egui;

use super::ViewCtx;
use super::actions::Action;
use super::command::UiCommand;
use super::compare::CompareView;
use super::find::FindState;
use super::layout;
use super::reader::{self, ReaderInput};
use super::state::{MAX_PANES, Pane, UiState};
use super::tiles::PaneKey;
use crate::model::{AnnotationId, ByteOffset, DocumentId, Span};

/// What drawing one pane produced, for Compare mode and synchronised scrolling.
#[derive(Default)]
struct PaneDrawn {
    /// The user scrolled the pane: the new first visible byte as a fraction of the text.
    scrolled_to: Option<f32>,
    /// The scroll offset moved while the pointer was over the pane.
    offset_moved: bool,
    /// A paragraph was clicked.
    paragraph_clicked: bool,
    /// The paragraphs in view, with their screen rects.
    shown: Vec<(Span, egui::Rect)>,
}

/// Draws the toolbar and the panes as tiles.
pub fn panes_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    toolbar_ui(ui, view, state, out);
    ui.separator();
    if state.panes.is_empty() {
        ui.centered_and_justified(|ui| ui.label("Open a document from the library."));
        return;
    }
    state.follow_tile_order();
    state.tiles.sync(&state.pane_keys());
    let compared = compared(view, state);
    let font = egui::FontId::proportional(state.prefs.reader_text_size);
    let max_line_width = state.prefs.measure as f32 * layout::char_width(ui.ctx(), &font);
    let mut behavior = PaneBehavior {
        view,
        panes: &mut state.panes,
        active: state.active,
        selected: state.selected,
        linking_from: state.linking_from,
        compared,
        font_size: font.size,
        max_line_width,
        find: &mut state.find,
        out,
        drawn: Vec::new(),
    };
    let count = behavior.panes.len();
    behavior.drawn.resize_with(count, PaneDrawn::default);
    state.tiles.ui(&mut behavior, ui);
    let drawn = behavior.drawn;

    // Only the compared panes keep blank rows.
    let pair = state.compared_panes();
    if compared.is_none() {
        state.compare_lead_offset = None;
    }
    for (i, pane) in state.panes.iter_mut().enumerate() {
        if pair.is_none_or(|pair| !pair.contains(&i)) {
            pane.reader.set_row_padding(&[]);
        }
    }
    if let Some((cmp, pair)) = compared {
        compare_overlay_ui(ui, cmp, pair.map(|i| drawn[i].shown.as_slice()));
        // While the padding settles each reader keeps its own text in view
        // (see `set_row_padding`); once it has, the other side is brought
        // level with the active one, which never moves.
        let settled = if line_up_rows(cmp, state, pair) {
            state.compare_settling = true;
            ui.ctx().request_repaint();
            false
        } else {
            std::mem::take(&mut state.compare_settling)
        };
        let lead = pair.iter().position(|&p| p == state.active).unwrap_or(0);
        // The active pane moved by itself (a reveal, a find, heights measured).
        let lead_offset = state.panes[pair[lead]].reader.scroll_offset();
        let lead_moved = state
            .compare_lead_offset
            .is_some_and(|o| (o - lead_offset).abs() >= 0.5);
        state.compare_lead_offset = Some(lead_offset);
        // Rows line up, so the other side follows at the same offset: a
        // scroll, or a click on a paragraph, shows its counterpart beside it.
        let driver = (0..2)
            .find(|&side| drawn[pair[side]].paragraph_clicked)
            .or_else(|| (0..2).find(|&side| drawn[pair[side]].offset_moved))
            .or((settled || lead_moved).then_some(lead));
        if let Some(side) = driver {
            let offset = state.panes[pair[side]].reader.scroll_offset();
            let other = &mut state.panes[pair[1 - side]].reader;
            if (other.scroll_offset() - offset).abs() >= 0.5 {
                other.set_scroll_offset(offset);
                ui.ctx().request_repaint();
            }
        }
        return;
    }
    if pair.is_some() {
        // The alignment is of the documents shown before a change (the next
        // frame has theirs), or none when a compared document is missing.
        if view.compare.is_some() {
            ui.ctx().request_repaint();
        }
        return;
    }
    let scrolled = drawn
        .iter()
        .enumerate()
        .find_map(|(i, d)| d.scrolled_to.map(|f| (i, f)));
    if state.sync_scroll
        && let Some((from, fraction)) = scrolled
    {
        for (i, pane) in state.panes.iter_mut().enumerate() {
            if i != from
                && let Some(doc) = view.corpus.get(&pane.doc)
            {
                let byte = crate::model::text::floor_char_boundary(
                    &doc.text(),
                    (fraction * doc.byte_len() as f32) as usize,
                );
                pane.reader.scroll_to_top_byte(ByteOffset(byte));
            }
        }
    }
}

/// Compare mode's alignment with the panes it is of (side 0, side 1), when
/// it matches what they show: for a frame after panes moved or changed
/// document, it may be of other documents.
fn compared<'v>(view: &'v ViewCtx<'_>, state: &UiState) -> Option<(&'v CompareView, [usize; 2])> {
    let cmp = view.compare.as_deref()?;
    let pair = state.compared_panes()?;
    let shown = pair.map(|i| &state.panes[i].doc);
    (shown == [&cmp.docs[0], &cmp.docs[1]]).then_some((cmp, pair))
}

/// Draws the panes inside the tile tree.
struct PaneBehavior<'a, 'v> {
    view: &'a ViewCtx<'v>,
    panes: &'a mut Vec<Pane>,
    active: usize,
    selected: Option<AnnotationId>,
    linking_from: Option<AnnotationId>,
    /// Compare mode's alignment and the two panes it is of.
    compared: Option<(&'a CompareView, [usize; 2])>,
    font_size: f32,
    max_line_width: f32,
    /// The find bar (drawn on the active pane).
    find: &'a mut FindState,
    out: &'a mut Vec<UiCommand>,
    drawn: Vec<PaneDrawn>,
}

impl egui_tiles::Behavior<PaneKey> for PaneBehavior<'_, '_> {
    fn pane_ui(
        &mut self,
        ui: &mut egui::Ui,
        _tile: egui_tiles::TileId,
        key: &mut PaneKey,
    ) -> egui_tiles::UiResponse {
        let Some(i) = self.panes.iter().position(|p| p.key == *key) else {
            return egui_tiles::UiResponse::None;
        };
        let active = i == self.active;
        // The same width either way: activating a pane must not re-wrap it.
        let frame = egui::Frame::group(ui.style()).stroke(egui::Stroke::new(
            1.5,
            if active {
                ui.visuals().selection.stroke.color
            } else {
                ui.visuals().widgets.noninteractive.bg_stroke.color
            },
        ));
        let mut drag = false;
        frame.show(ui, |ui| {
            ui.set_min_size(ui.available_size());
            let count = self.panes.len();
            let compared = count > 2 && self.compared.is_some_and(|(_, p)| p.contains(&i));
            let header = PaneHeader {
                index: i,
                count,
                compared,
            };
            drag = pane_header_ui(ui, self.view, &self.panes[i], header, self.out);
            self.reader_ui(ui, i);
        });
        if drag {
            egui_tiles::UiResponse::DragStarted
        } else {
            egui_tiles::UiResponse::None
        }
    }

    fn tab_title_for_pane(&mut self, key: &PaneKey) -> egui::WidgetText {
        self.panes
            .iter()
            .find(|p| p.key == *key)
            .map_or_else(String::new, |p| doc_title(self.view, &p.doc).to_owned())
            .into()
    }

    fn is_tab_closable(
        &self,
        _tiles: &egui_tiles::Tiles<PaneKey>,
        _tile: egui_tiles::TileId,
    ) -> bool {
        self.panes.len() > 1
    }

    fn on_tab_close(
        &mut self,
        tiles: &mut egui_tiles::Tiles<PaneKey>,
        tile: egui_tiles::TileId,
    ) -> bool {
        if let Some(key) = tiles.get_pane(&tile)
            && let Some(i) = self.panes.iter().position(|p| p.key == *key)
        {
            self.out.push(UiCommand::ClosePane(i));
        }
        // The pane list closes it; the tree follows at the next frame.
        false
    }

    fn gap_width(&self, _style: &egui::Style) -> f32 {
        6.0
    }

    fn min_size(&self) -> f32 {
        120.0
    }

    fn simplification_options(&self) -> egui_tiles::SimplificationOptions {
        super::tiles::simplification()
    }
}

/// Draws the find bar (`bar`) at the foot of the pane `ui` and returns the
/// place above it, for the reader. At the foot, as a browser's: the text does
/// not move when the bar opens, closes or wraps onto a second row (the
/// reader only ends higher). The bar's height is the one it took last
/// frame; when it takes another (opened, wrapped), the frame is laid out
/// again before it is shown, so it is never drawn over the text.
fn find_bar_at_foot<'a>(
    ui: &mut egui::Ui,
    pane_key: PaneKey,
    bar: impl FnOnce(&mut egui::Ui) -> reader::FindMarks<'a>,
) -> (reader::FindMarks<'a>, egui::Rect) {
    let key = egui::Id::unique(("find bar height", pane_key));
    let full = ui.available_rect_before_wrap();
    let guess = 2.0 * ui.spacing().interact_size.y;
    let remembered: f32 = ui.data(|d| d.get_temp(key)).unwrap_or(guess);
    let top = (full.bottom() - remembered).max(full.top());
    // Room below to grow into (clipped at the pane's foot): a bar that
    // needs another row lays it out, and says so.
    let room = egui::Rect::from_min_max(
        egui::pos2(full.left(), top),
        egui::pos2(full.right(), top + 1000.0),
    );
    let mut bar_ui = ui.new_child(
        egui::UiBuilder::new()
            .id_salt(("find bar", pane_key))
            .max_rect(room)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    bar_ui.shrink_clip_rect(egui::Rect::from_min_max(room.min, full.max));
    bar_ui.separator();
    let marks = bar(&mut bar_ui);
    let height = bar_ui.min_rect().bottom() + ui.spacing().item_spacing.y - top;
    if (height - remembered).abs() > 0.5 {
        ui.data_mut(|d| d.insert_temp(key, height));
        ui.ctx().request_discard("the find bar's height changed");
    }
    let above = egui::Rect::from_min_max(full.min, egui::pos2(full.right(), top));
    (marks, above)
}

impl PaneBehavior<'_, '_> {
    /// The reader of pane `i`, and what it reports.
    fn reader_ui(&mut self, ui: &mut egui::Ui, i: usize) {
        let view = self.view;
        let pane = &mut self.panes[i];
        let Some(doc) = view.corpus.get(&pane.doc) else {
            if let Some(progress) = view.reading {
                ui.label(format!(
                    "{} is being read ({}).",
                    pane.doc,
                    super::reading_text(progress)
                ));
                return;
            }
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "{} is missing from the corpus folder; its annotations are kept.",
                    pane.doc
                ),
            );
            return;
        };
        let active = i == self.active;
        let full = ui.available_rect_before_wrap();
        let (find, place) = if active && self.find.open {
            find_bar_at_foot(ui, pane.key, |ui| {
                super::find::find_bar_ui(ui, self.find, active, doc, &mut pane.reader)
            })
        } else {
            (reader::FindMarks::default(), full)
        };
        // The reader in the pane, or above its find bar: in a place of its
        // own either way, whose id keeps its scroll area's when the bar
        // opens or closes.
        let mut place = ui.new_child(
            egui::UiBuilder::new()
                .id_salt(("reader place", pane.key))
                .max_rect(place)
                .layout(*ui.layout()),
        );
        ui.advance_cursor_after_rect(full);
        let ui = &mut place;
        let before = pane.reader.first_visible_byte();
        let offset_before = pane.reader.scroll_offset();
        let input = ReaderInput {
            doc,
            highlights: view.highlights.get(i).map_or(&[][..], |h| h.as_slice()),
            revision: view.revision,
            selected: self.selected,
            changed_words: self
                .compared
                .and_then(|(cmp, pair)| Some(&cmp.changed[pair.iter().position(|&p| p == i)?]))
                .map_or(&[][..], Vec::as_slice),
            font_size: self.font_size,
            max_line_width: self.max_line_width,
            find,
        };
        let output = reader::reader_ui(ui, ("reader", pane.key), &mut pane.reader, &input);
        let after = pane.reader.first_visible_byte();
        let drawn = &mut self.drawn[i];
        if output.response.hovered() {
            if after != before {
                drawn.scrolled_to = Some(after.0 as f32 / doc.byte_len().max(1) as f32);
            }
            drawn.offset_moved = pane.reader.scroll_offset() != offset_before;
        }
        // The paragraph under a click (on text or on a highlight).
        let at = output
            .response
            .interact_pointer_pos()
            .filter(|_| output.response.clicked());
        drawn.paragraph_clicked = at.is_some_and(|pos| {
            output
                .visible_paragraphs
                .iter()
                .any(|(_, r)| r.y_range().contains(pos.y))
        });
        drawn.shown = output.visible_paragraphs;
        let touched = output.has_focus || output.response.clicked() || output.selection_changed;
        if touched && self.active != i {
            self.out.push(UiCommand::ActivatePane(i));
        }
        if let Some(id) = output.clicked {
            match self.linking_from {
                Some(from) if from != id => self.out.push(UiCommand::LinkTo(id)),
                _ => self.out.push(UiCommand::Pick(id)),
            }
        }
    }
}

/// The title of `doc`, or its id when the project does not know it.
fn doc_title<'a>(view: &'a ViewCtx<'_>, doc: &'a DocumentId) -> &'a str {
    view.project
        .documents
        .get(doc)
        .map_or(doc.as_str(), |d| d.title.as_str())
}

/// Pads the readers of the compared panes `pair` so that aligned
/// paragraphs start on the same row. Returns true when the padding changed
/// (draw again to show it).
fn line_up_rows(cmp: &CompareView, state: &mut UiState, pair: [usize; 2]) -> bool {
    let Ok([left, right]) = state.panes.get_disjoint_mut(pair) else {
        return false;
    };
    let (a, b) = (&mut left.reader, &mut right.reader);
    let mut sync: Vec<(usize, usize)> = Vec::with_capacity(cmp.pairs.len());
    for (pa, pb, _) in &cmp.pairs {
        let (Some(&pa), Some(&pb)) = (pa.first(), pb.first()) else {
            continue;
        };
        let (Some(la), Some(lb)) = (
            a.layout_paragraph(cmp.a[pa].start),
            b.layout_paragraph(cmp.b[pb].start),
        ) else {
            return false;
        };
        if sync.last().is_none_or(|&(x, y)| la > x && lb > y) {
            sync.push((la, lb));
        }
    }
    let (pad_a, pad_b) = reader::row_padding(a.paragraph_heights(), b.paragraph_heights(), &sync);
    let changed_a = a.set_row_padding(&pad_a);
    let changed_b = b.set_row_padding(&pad_b);
    changed_a || changed_b
}

/// Shades text on one side only and draws a line between aligned paragraphs in view.
fn compare_overlay_ui(ui: &egui::Ui, cmp: &CompareView, shown: [&[(Span, egui::Rect)]; 2]) {
    let painter = ui.painter();
    let rect_of = |side: usize, para: usize| {
        let span = cmp.side(side)[para];
        shown[side]
            .iter()
            .find(|(s, _)| {
                s.start <= span.start && span.start < s.end.max(ByteOffset(s.start.0 + 1))
            })
            .map(|(_, r)| *r)
    };
    let shade = super::colors::one_sided_fill();
    for (side, only) in [(0, &cmp.only_a), (1, &cmp.only_b)] {
        for &para in only {
            if let Some(rect) = rect_of(side, para) {
                painter.rect_filled(rect, 2.0, shade);
                painter.rect_stroke(
                    rect,
                    2.0,
                    egui::Stroke::new(1.0, super::colors::one_sided_edge()),
                    egui::StrokeKind::Inside,
                );
            }
        }
    }
    for (a, b, score) in &cmp.pairs {
        let (Some(ra), Some(rb)) = (rect_of(0, a[0]), rect_of(1, b[0])) else {
            continue;
        };
        let color = ui
            .visuals()
            .selection
            .stroke
            .color
            .gamma_multiply(0.3 + 0.7 * score.clamp(0.0, 1.0));
        // Between the facing edges, whichever side is on the left.
        let (from, to) = if ra.center().x <= rb.center().x {
            (ra.right_center(), rb.left_center())
        } else {
            (ra.left_center(), rb.right_center())
        };
        painter.line_segment([from, to], egui::Stroke::new(1.5, color));
        painter.circle_filled(from, 2.5, color);
        painter.circle_filled(to, 2.5, color);
    }
}

/// Where a pane's header is: its place among the panes, and whether
/// Compare mode lines it up (said only when there was a choice).
struct PaneHeader {
    index: usize,
    count: usize,
    compared: bool,
}

/// The pane's header: a handle to drag the pane to another place, the
/// document picker, move and close buttons, and "Compared" in Compare mode.
/// True when a drag started.
fn pane_header_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    pane: &Pane,
    header: PaneHeader,
    out: &mut Vec<UiCommand>,
) -> bool {
    let PaneHeader {
        index: i,
        count,
        compared,
    } = header;
    let doc_id = &pane.doc;
    let title = doc_title(view, doc_id);
    let mut drag = false;
    // Buttons first, from the right, so they always fit; the picker takes the rest.
    let size = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(
        size,
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            let close = ui.add_enabled(count > 1, egui::Button::new("Close").small());
            if close.on_hover_text("Close this pane").clicked() {
                out.push(UiCommand::ClosePane(i));
            }
            let right = ui.add_enabled(i + 1 < count, egui::Button::new("▶").small());
            if right.on_hover_text("Move pane right").clicked() {
                out.push(UiCommand::MovePane { pane: i, by: 1 });
            }
            let left = ui.add_enabled(i > 0, egui::Button::new("◀").small());
            if left.on_hover_text("Move pane left").clicked() {
                out.push(UiCommand::MovePane { pane: i, by: -1 });
            }
            if compared {
                ui.label(egui::RichText::new("Compared").small().weak())
                    .on_hover_text("Compare mode lines this pane up with the other compared pane");
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let handle = ui
                    .add(
                        egui::Button::new("⠿")
                            .frame(false)
                            .sense(egui::Sense::click_and_drag()),
                    )
                    .on_hover_cursor(egui::CursorIcon::Grab)
                    .on_hover_text("Drag to move this pane, or to split beside another");
                handle.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        format!("Drag pane {}", i + 1),
                    )
                });
                drag = handle.drag_started();
                egui::ComboBox::from_id_salt(("pane document", pane.key))
                    .selected_text(crate::model::short_quote(title, 48))
                    .width(ui.available_width().max(60.0))
                    .truncate()
                    .show_ui(ui, |ui| {
                        for record in view.project.documents.values() {
                            if ui
                                .selectable_label(&record.id == doc_id, &record.title)
                                .clicked()
                            {
                                out.push(UiCommand::SetPaneDocument {
                                    pane: i,
                                    doc: record.id.clone(),
                                });
                            }
                        }
                    })
                    .response
                    .on_hover_text(format!("Pane {}: {title}\n{doc_id}", i + 1));
            });
        },
    );
    drag
}

/// The toolbar's groups, in the order they give way when the window is
/// narrow (the last first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum ToolGroup {
    Labels,
    Sentiment,
    Annotation,
    Panes,
    /// Which two panes Compare mode lines up (with more than two panes).
    ComparedPanes,
}

/// One row, always: groups that do not fit go into a "⋯" menu, decided by
/// the groups' widths (remembered from when they were last shown) and the
/// row's width only, so the toolbar never changes height or jumps while the
/// user works.
fn toolbar_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    const GROUPS: [ToolGroup; 5] = [
        ToolGroup::Labels,
        ToolGroup::Sentiment,
        ToolGroup::Annotation,
        ToolGroup::Panes,
        ToolGroup::ComparedPanes,
    ];
    let more_width = 36.0;
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(
        row,
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            let mut overflow = Vec::new();
            let choose_pair = state.panes.len() > 2 && state.compared_panes().is_some();
            let has_tools = |group| group != ToolGroup::ComparedPanes || choose_pair;
            for group in GROUPS.into_iter().filter(|&g| has_tools(g)) {
                let id = egui::Id::unique(("toolbar group width", group));
                let width: f32 = ui.data(|d| d.get_temp(id)).unwrap_or(0.0);
                let spacing = ui.spacing().item_spacing.x;
                let room = ui.available_width() - more_width - spacing;
                if !overflow.is_empty() || width > room {
                    overflow.push(group);
                    continue;
                }
                let shown = ui.scope(|ui| tool_group_ui(ui, group, view, state, out));
                let width = shown.response.rect.width();
                ui.data_mut(|d| d.insert_temp(id, width));
                ui.separator();
            }
            if !overflow.is_empty() {
                // It stays open while its tools are used (a combo box in it
                // opens its own list); a click outside or Esc closes it.
                let config = egui::containers::menu::MenuConfig::new()
                    .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
                let (button, _) = egui::containers::menu::MenuButton::new("⋯")
                    .config(config)
                    .ui(ui, |ui| {
                        for group in overflow {
                            ui.horizontal_wrapped(|ui| {
                                tool_group_ui(ui, group, view, state, out);
                            });
                            ui.separator();
                        }
                    });
                button.on_hover_text("More tools (the window is too narrow to show them all)");
            }
        },
    );
}

/// The widgets of one toolbar group, laid out by `ui`.
fn tool_group_ui(
    ui: &mut egui::Ui,
    group: ToolGroup,
    view: &ViewCtx<'_>,
    state: &mut UiState,
    out: &mut Vec<UiCommand>,
) {
    let has_selected = state.selected.is_some();
    match group {
        ToolGroup::Labels => {
            for label in &view.project.labels.labels {
                let key = label.key.map(|k| format!("{k} ")).unwrap_or_default();
                // A swatch in the label's colour, the name in the text colour
                // (a coloured name is unreadable on a light button).
                let mut text = egui::text::LayoutJob::default();
                let font = egui::TextStyle::Button.resolve(ui.style());
                let plain = |color| egui::TextFormat::simple(font.clone(), color);
                text.append("■ ", 0.0, plain(super::label_color(label)));
                let name_color = ui.visuals().strong_text_color();
                let name = format!("{key}{}", label.name);
                text.append(&name, 0.0, plain(name_color));
                let button = ui.button(text);
                // Its accessible name is the key and the name, without the swatch.
                button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if button
                    .on_hover_text(format!("Label the selection as {}", label.name))
                    .clicked()
                {
                    out.push(UiCommand::LabelSelection(label.id.clone()));
                }
            }
        }
        ToolGroup::Sentiment => {
            for action in [
                Action::SentimentPositive,
                Action::SentimentNegative,
                Action::SentimentNeutral,
                Action::SentimentMixed,
            ] {
                // The key is on hover: the row keeps room for the pane tools.
                let name = action.sentiment().map_or("", |s| s.name());
                let key = super::shortcut_text(ui.ctx(), action);
                if ui
                    .add_enabled(has_selected, egui::Button::new(name))
                    .on_hover_text(format!("{} ({key})", action.text()))
                    .on_disabled_hover_text(format!(
                        "{} ({key}): select an annotation first",
                        action.text()
                    ))
                    .clicked()
                {
                    out.push(UiCommand::Action(action));
                }
            }
        }
        ToolGroup::Annotation => {
            for (action, text) in [
                (Action::StartLink, "Link…"),
                (Action::DeleteAnnotation, "Delete"),
            ] {
                let key = super::short_key_text(ui.ctx(), action);
                if ui
                    .add_enabled(has_selected, egui::Button::new(text).shortcut_text(key))
                    .clicked()
                {
                    out.push(UiCommand::Action(action));
                }
            }
        }
        ToolGroup::Panes => {
            if ui
                .add_enabled(state.panes.len() < MAX_PANES, egui::Button::new("Add pane"))
                .clicked()
            {
                out.push(UiCommand::Action(Action::AddPane));
            }
            let mut sync = state.sync_scroll;
            if ui.checkbox(&mut sync, "Sync scroll").changed() {
                out.push(UiCommand::Action(Action::ToggleSyncScroll));
            }
            let mut compare = state.compare;
            let can_compare = state.panes.len() >= 2;
            if ui
                .add_enabled(can_compare, egui::Checkbox::new(&mut compare, "Compare"))
                .on_hover_text(format!(
                    "{} ({})",
                    Action::ToggleCompare.tooltip(),
                    super::shortcut_text(ui.ctx(), Action::ToggleCompare)
                ))
                .changed()
            {
                out.push(UiCommand::Action(Action::ToggleCompare));
            }
        }
        ToolGroup::ComparedPanes => {
            if state.panes.len() > 2
                && let Some(pair) = state.compared_panes()
            {
                compared_panes_ui(ui, view, state, pair, out);
            }
        }
    }
}

/// Which two panes Compare mode lines up: "Compare pane [1 ▾] with [3 ▾]"
/// (shown when there is a choice, more than two panes).
fn compared_panes_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    state: &UiState,
    pair: [usize; 2],
    out: &mut Vec<UiCommand>,
) {
    let title = |i: usize| doc_title(view, &state.panes[i].doc);
    let sides = [
        (0, "Compare pane", "First compared pane"),
        (1, "with", "Second compared pane"),
    ];
    // Pane numbers as toggles: narrow, and usable inside the ⋯ menu too.
    for (side, text, name) in sides {
        ui.label(text);
        for i in 0..state.panes.len() {
            let chosen = pair[side] == i;
            let button = ui
                .add(egui::Button::selectable(chosen, format!("{}", i + 1)).small())
                .on_hover_text(format!("Pane {}: {}", i + 1, title(i)));
            button.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::Button,
                    true,
                    chosen,
                    format!("{name}: {}", i + 1),
                )
            });
            if button.clicked() && !chosen {
                out.push(UiCommand::CompareWith { side, pane: i });
            }
        }
    }
}
