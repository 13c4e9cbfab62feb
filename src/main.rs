//! The `diptych` binary: the command line, or the window when no command is given.

use std::process::ExitCode;

use clap::Parser;
use diptych::cli::{Cli, Outcome, run, sample_project_path};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Outcome::Exit(code) => code,
        Outcome::Gui(path) => {
            let path = match path.map_or_else(sample_project_path, Ok) {
                Ok(path) => path,
                Err(err) => {
                    eprintln!("diptych: error: {err:#}");
                    return ExitCode::from(2);
                }
            };
            match diptych::app::run(&path) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("diptych: error: {err:#}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
