//! How a command that failed says so: the message on standard error, and
//! for a command given `--json` one object on standard output as well.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::Command;
use super::term::{error_text, shown};

impl Command {
    /// Whether the command was asked to print JSON (`--json`).
    pub(super) fn json(&self) -> bool {
        match self {
            Self::Stats { json, .. }
            | Self::Check { json, .. }
            | Self::Import { json, .. }
            | Self::Search { json, .. }
            | Self::Suggest { json, .. } => *json,
            // With `-o -` the data owns standard output.
            Self::Export { json, output, .. } => *json && output != Path::new("-"),
            Self::Align(args) => args.json,
            Self::Agree(args) => args.json,
            Self::New { .. } | Self::Merge(_) | Self::Completions { .. } | Self::Manpage { .. } => {
                false
            }
        }
    }
}

/// What a command asked for JSON prints on standard output when it fails
/// after its arguments were read (the message goes to standard error as
/// well):
/// `{"ok": false, "error": "…", "line": L, "column": C}`, with the line and
/// column of a project file's syntax error, `null` otherwise.
pub(crate) fn json_error(err: &anyhow::Error) -> serde_json::Value {
    use crate::io::project_file::LoadError;
    use crate::io::workspace::OpenError;
    let position = err.chain().find_map(|cause| {
        match (
            cause.downcast_ref::<OpenError>(),
            cause.downcast_ref::<LoadError>(),
        ) {
            (Some(OpenError::Load(load)), _) | (_, Some(load)) => load.position(),
            _ => None,
        }
    });
    json!({
        "ok": false,
        "error": error_text(err),
        "line": position.map(|p| p.0),
        "column": position.map(|p| p.1),
    })
}

/// Tells why a command failed, on standard error, and for a command given
/// `--json` as one object on standard output as well ([`json_error`]),
/// unless standard output is what failed (its reader gone; a failure to
/// write it otherwise is let be). Returns the command's exit code.
pub(crate) fn report_failure(err: &anyhow::Error, json: bool) -> ExitCode {
    let reader_gone = err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if json && !reader_gone {
        let _ = writeln!(std::io::stdout().lock(), "{}", json_error(err));
    }
    // Not eprintln!: a standard error that is gone too must not panic.
    let _ = writeln!(
        std::io::stderr().lock(),
        "diptych: error: {}",
        shown(&error_text(err))
    );
    super::write::exit_code(err)
}
