//! The Agreement window's figures: `analysis::agreement` over the open
//! project's documents, computed on request (opening the window, Refresh,
//! another unit).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::DiptychApp;
use crate::analysis::agreement::{Unit, agreement, project_input};

impl DiptychApp {
    /// Computes the figures by `unit` for the Agreement window, or says why
    /// there are none.
    pub(super) fn compute_agreement(&mut self, unit: Unit) {
        let texts: BTreeMap<_, &str> = self
            .ws
            .project
            .documents
            .keys()
            .filter_map(|id| Some((id.clone(), &*self.ws.corpus.get(id)?.text)))
            .collect();
        let window = &mut self.ui.agreement_window;
        window.unit = unit;
        match project_input(&self.ws.project, texts, unit) {
            Some(input) => {
                window.report = Some((Arc::new(agreement(&input)), self.history.revision()));
                window.problem = None;
            }
            None => {
                window.report = None;
                window.problem = Some(
                    "Agreement needs the accepted annotations of two annotators or more; \
                     this project has fewer. Import each analyst's annotations (their \
                     annotator is kept), or compare project files with `diptych agree`."
                        .to_owned(),
                );
            }
        }
    }
}
