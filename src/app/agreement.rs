//! The Agreement window's figures: `analysis::agreement` over the open
//! project's documents, computed on request (opening the window, Refresh,
//! another unit) on a thread of its own, so that a large corpus never
//! holds up the window.

use std::collections::BTreeMap;
use std::sync::{Arc, mpsc};

use super::DiptychApp;
use crate::analysis::agreement::{Input, Report, Unit, agreement, project_input};
use crate::model::DocumentId;

/// Figures being computed, and the project revision they are for.
pub(super) struct AgreementJob {
    done: mpsc::Receiver<Report>,
    revision: u64,
}

impl DiptychApp {
    /// Starts computing the figures by `unit` for the Agreement window, or
    /// says why there are none. The spans are gathered here; the units and
    /// figures are counted on the job's thread.
    pub(super) fn compute_agreement(&mut self, unit: Unit) {
        if !self.corpus_read("Counting agreement") {
            return;
        }
        let owned: Vec<(DocumentId, Arc<str>)> = self
            .ws
            .project
            .documents
            .keys()
            .filter_map(|id| Some((id.clone(), self.ws.corpus.get(id)?.shared_text())))
            .collect();
        let texts: BTreeMap<DocumentId, &str> = owned
            .iter()
            .map(|(id, text)| (id.clone(), &**text))
            .collect();
        let window = &mut self.ui.agreement_window;
        window.unit = unit;
        let Some(input) = project_input(&self.ws.project, texts, unit) else {
            window.report = None;
            window.computing = false;
            window.problem = Some(
                "Agreement needs the accepted annotations of two annotators or more; \
                 this project has fewer. Import each analyst's annotations (their \
                 annotator is kept), or compare project files with `diptych agree`."
                    .to_owned(),
            );
            self.jobs.agreement = None;
            return;
        };
        let (annotators, labels, marks) = (input.annotators, input.labels, input.marks);
        let (tx, done) = mpsc::channel();
        std::thread::spawn(move || {
            crate::io::background::lower_priority();
            let texts = owned
                .iter()
                .map(|(id, text)| (id.clone(), &**text))
                .collect();
            let input = Input {
                unit,
                annotators,
                labels,
                texts,
                marks,
                verdicts: Vec::new(),
            };
            let _ = tx.send(agreement(&input));
        });
        window.problem = None;
        window.computing = true;
        self.jobs.agreement = Some(AgreementJob {
            done,
            revision: self.history.revision(),
        });
    }

    /// Takes the figures once they are counted.
    pub(super) fn poll_agreement(&mut self) {
        let Some(job) = &self.jobs.agreement else {
            return;
        };
        match job.done.try_recv() {
            Ok(report) => {
                let window = &mut self.ui.agreement_window;
                window.report = Some((Arc::new(report), job.revision));
                window.computing = false;
                self.jobs.agreement = None;
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => {
                self.ui.agreement_window.computing = false;
                self.ui.agreement_window.problem =
                    Some(super::crash::job_stopped("Counting the figures"));
                self.jobs.agreement = None;
            }
        }
    }
}
