//! The `diptych` binary: the command line, or the window when no command is given.

use std::process::ExitCode;

use clap::Parser;
use diptych::cli::{Cli, Outcome, run};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Outcome::Exit(code) => code,
        Outcome::Gui(path, annotator) => match diptych::app::run(path.as_deref(), annotator) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("diptych: error: {err:#}");
                ExitCode::from(1)
            }
        },
    }
}
