//! The window asked to end from outside: SIGTERM (a logout, `kill`),
//! SIGHUP (its terminal closed) or SIGINT (Ctrl-C in it). The default
//! handlers end the process at once: unsaved work since the last recovery
//! copy was lost and the project's open-window marker stayed behind. Here a
//! signal sets a flag and wakes the window, which writes its unsaved work to
//! the recovery file (the next start offers it back) and closes as its close
//! button does. A second signal ends the process as the default would, for
//! a window that does not answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the window is asked to end; read by the window each frame.
#[derive(Clone, Debug, Default)]
pub struct Termination(Arc<AtomicBool>);

impl Termination {
    /// True once a signal asked the window to end.
    pub fn asked(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Asks the window to end, as a signal does; true when it was already asked.
    pub fn ask(&self) -> bool {
        self.0.swap(true, Ordering::Relaxed)
    }

    /// Sets the flag on SIGTERM, SIGHUP and SIGINT from now on, and calls
    /// `wake` (the window's repaint) each time; a second signal ends the
    /// process as the default handler would. Where the system refuses the
    /// handlers or the thread, the defaults stay (logged).
    #[cfg(unix)]
    pub fn listen(&self, wake: impl Fn() + Send + 'static) {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = match signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) {
            Ok(signals) => signals,
            Err(err) => {
                tracing::warn!("the window cannot catch termination signals: {err}");
                return;
            }
        };
        let flag = self.clone();
        let spawned = std::thread::Builder::new()
            .name("signals".to_owned())
            .spawn(move || {
                for signal in signals.forever() {
                    if flag.ask() {
                        tracing::warn!(signal, "asked again to end: the window ends at once");
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                    }
                    tracing::info!(signal, "asked to end: the window closes");
                    wake();
                }
            });
        if let Err(err) = spawned {
            tracing::warn!("the window cannot catch termination signals: {err}");
        }
    }

    /// No signals elsewhere: the window ends by its own close events.
    #[cfg(not(unix))]
    pub fn listen(&self, _wake: impl Fn() + Send + 'static) {}
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_hangup_sets_the_flag_and_wakes_the_window() {
        let termination = Termination::default();
        let (tx, rx) = std::sync::mpsc::channel();
        termination.listen(move || {
            let _ = tx.send(());
        });
        assert!(!termination.asked());
        signal_hook::low_level::raise(signal_hook::consts::SIGHUP).unwrap();
        rx.recv_timeout(Duration::from_secs(10))
            .expect("the window is woken");
        assert!(termination.asked());
    }
}
