//! The Agreement window (View › Agreement…): how far the project's
//! annotators agree, per label, per pair and per document, in sortable
//! tables; a document's row opens it, and one button opens the document
//! with the most disagreement. The figures are `diptych agree`'s
//! (docs/agreement.md), computed when the window opens or is refreshed.

use std::cmp::Ordering;
use std::sync::Arc;

use eframe::egui;

use super::ViewCtx;
use super::command::UiCommand;
use crate::analysis::agreement::{Report, Unit};
use crate::model::DocumentId;

/// Which table the window shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AgreementTab {
    #[default]
    Labels,
    Pairs,
    Documents,
}

/// The Agreement window.
#[derive(Clone, Debug)]
pub struct AgreementWindowState {
    pub open: bool,
    pub unit: Unit,
    /// The figures, with the project revision they were computed at.
    pub report: Option<(Arc<Report>, u64)>,
    /// Why there are no figures.
    pub problem: Option<String>,
    /// True while the figures are being counted (on a thread of their own).
    pub computing: bool,
    pub tab: AgreementTab,
    /// The column sorted by, and whether from the largest down.
    pub sort: (usize, bool),
}

impl Default for AgreementWindowState {
    fn default() -> Self {
        Self {
            open: false,
            unit: Unit::Char,
            report: None,
            problem: None,
            computing: false,
            tab: AgreementTab::Labels,
            sort: (0, false),
        }
    }
}

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Text(String),
    Figure(Option<f64>),
    Count(u64),
}

impl Cell {
    fn shown(&self) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Figure(Some(x)) => format!("{x:.3}"),
            Self::Figure(None) => "–".to_owned(),
            Self::Count(n) => n.to_string(),
        }
    }

    /// Order for sorting; undefined figures go last either way (handled by the caller).
    fn compare(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Text(a), Self::Text(b)) => a.cmp(b),
            (Self::Figure(a), Self::Figure(b)) => match (a, b) {
                (Some(a), Some(b)) => a.total_cmp(b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            (Self::Count(a), Self::Count(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}

/// A table: its header and rows (each with the document it opens, if any).
struct Table {
    header: &'static [&'static str],
    rows: Vec<(Vec<Cell>, Option<DocumentId>)>,
}

fn table(report: &Report, tab: AgreementTab) -> Table {
    match tab {
        AgreementTab::Labels => Table {
            header: &[
                "Label",
                "F1 exact",
                "F1 overlap",
                "Cohen κ",
                "Fleiss κ",
                "Kripp. α",
                "Units",
            ],
            rows: report
                .labels
                .iter()
                .map(|(name, l)| {
                    let cells = vec![
                        Cell::Text(name.clone()),
                        Cell::Figure(l.f1_exact),
                        Cell::Figure(l.f1_overlap),
                        Cell::Figure(l.cohen_kappa),
                        Cell::Figure(l.fleiss_kappa),
                        Cell::Figure(l.krippendorff_alpha),
                        Cell::Count(l.units),
                    ];
                    (cells, None)
                })
                .collect(),
        },
        AgreementTab::Pairs => Table {
            header: &[
                "Pair",
                "Label",
                "F1 exact",
                "F1 overlap",
                "Cohen κ",
                "Kripp. α",
            ],
            rows: report
                .pairs
                .iter()
                .flat_map(|p| {
                    p.labels.iter().map(move |(name, l)| {
                        let cells = vec![
                            Cell::Text(format!("{} – {}", p.a, p.b)),
                            Cell::Text(name.clone()),
                            Cell::Figure(l.f1_exact),
                            Cell::Figure(l.f1_overlap),
                            Cell::Figure(l.cohen_kappa),
                            Cell::Figure(l.krippendorff_alpha),
                        ];
                        (cells, None)
                    })
                })
                .collect(),
        },
        AgreementTab::Documents => Table {
            header: &["Document", "Units", "F1 overlap", "Unmatched spans"],
            rows: report
                .per_document
                .iter()
                .map(|d| {
                    let cells = vec![
                        Cell::Text(d.document.0.to_string()),
                        Cell::Count(d.units),
                        Cell::Figure(d.f1_overlap),
                        Cell::Count(d.disagreements),
                    ];
                    (cells, Some(d.document.clone()))
                })
                .collect(),
        },
    }
}

/// Draws the window while it is open.
pub fn agreement_window_ui(
    ctx: &egui::Context,
    view: &ViewCtx<'_>,
    st: &mut AgreementWindowState,
    out: &mut Vec<UiCommand>,
) {
    let mut open = st.open;
    egui::Window::new("Agreement")
        .open(&mut open)
        .default_size([640.0, 420.0])
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .show(ctx, |ui| {
            controls_ui(ui, view, st, out);
            ui.separator();
            if let Some(problem) = &st.problem {
                ui.label(problem);
                return;
            }
            if st.computing {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Counting…");
                });
            }
            let Some((report, _)) = st.report.clone() else {
                return;
            };
            ui.horizontal(|ui| {
                for (tab, name) in [
                    (AgreementTab::Labels, "Per label"),
                    (AgreementTab::Pairs, "Per pair"),
                    (AgreementTab::Documents, "Per document"),
                ] {
                    if ui.selectable_label(st.tab == tab, name).clicked() && st.tab != tab {
                        st.tab = tab;
                        st.sort = (0, false);
                    }
                }
            });
            table_ui(ui, &report, st, out);
        });
    st.open = open;
}

/// The unit, Refresh, and the document with the most disagreement.
fn controls_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    st: &mut AgreementWindowState,
    out: &mut Vec<UiCommand>,
) {
    ui.horizontal_wrapped(|ui| {
        let unit = ui.label("Unit");
        let before = st.unit;
        egui::ComboBox::from_id_salt("agreement unit")
            .selected_text(unit_name(st.unit))
            .show_ui(ui, |ui| {
                for u in [Unit::Char, Unit::Token] {
                    ui.selectable_value(&mut st.unit, u, unit_name(u));
                }
            })
            .response
            .labelled_by(unit.id);
        let stale = st
            .report
            .as_ref()
            .is_some_and(|(_, at)| *at != view.history.revision());
        let refresh = ui.button("Refresh").on_hover_text(if stale {
            "The project changed since these figures were computed"
        } else {
            "Compute the figures again"
        });
        if refresh.clicked() || st.unit != before {
            out.push(UiCommand::ComputeAgreement(st.unit));
        }
        if stale {
            ui.colored_label(ui.visuals().warn_fg_color, "The project changed since");
        }
        let worst = st
            .report
            .as_ref()
            .and_then(|(r, _)| r.most_disagreement().cloned());
        let open = ui.add_enabled(
            worst.is_some(),
            egui::Button::new("Open the document with the most disagreement"),
        );
        if let (true, Some(doc)) = (open.clicked(), worst) {
            out.push(UiCommand::OpenDocument {
                doc,
                new_pane: false,
            });
        }
    });
    if let Some((report, _)) = &st.report {
        ui.label(
            egui::RichText::new(format!(
                "{} over {} documents (docs/agreement.md has the definitions)",
                report.annotators.join(", "),
                report.documents
            ))
            .weak(),
        );
    }
}

fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Char => "Characters",
        Unit::Token => "Words",
    }
}

/// The table of the tab shown, sorted; a click on a header sorts by it (again: the other way).
fn table_ui(
    ui: &mut egui::Ui,
    report: &Report,
    st: &mut AgreementWindowState,
    out: &mut Vec<UiCommand>,
) {
    let mut table = table(report, st.tab);
    let (column, descending) = st.sort;
    table.rows.sort_by(|(a, _), (b, _)| {
        let order = a[column].compare(&b[column]);
        let undefined = |c: &Cell| matches!(c, Cell::Figure(None));
        match (undefined(&a[column]), undefined(&b[column])) {
            (false, false) if descending => order.reverse(),
            _ => order,
        }
    });
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new(("agreement table", st.tab as u8))
            .striped(true)
            .num_columns(table.header.len())
            .show(ui, |ui| {
                for (i, name) in table.header.iter().enumerate() {
                    let arrow = match (i == column, descending) {
                        (true, false) => " ▲",
                        (true, true) => " ▼",
                        (false, _) => "",
                    };
                    if ui.button(format!("{name}{arrow}")).clicked() {
                        st.sort = (i, i == column && !descending);
                    }
                }
                ui.end_row();
                for (cells, doc) in &table.rows {
                    for (i, cell) in cells.iter().enumerate() {
                        match (i, doc) {
                            (0, Some(doc)) => {
                                if ui.link(cell.shown()).on_hover_text("Open it").clicked() {
                                    out.push(UiCommand::OpenDocument {
                                        doc: doc.clone(),
                                        new_pane: false,
                                    });
                                }
                            }
                            _ => {
                                ui.label(cell.shown());
                            }
                        }
                    }
                    ui.end_row();
                }
            });
    });
}
