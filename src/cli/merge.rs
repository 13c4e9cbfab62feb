//! `diptych merge BASE OURS THEIRS [-o OUT]`: a three-way merge of project
//! files, the git merge driver (`diptych merge %O %A %B -o %A`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::term::shown;
use crate::io::atomic::write_atomic_with;
use crate::io::project_file::{from_ron, load_with_view, to_ron_with_view};
use crate::model::merge::merge3;

/// The arguments of `diptych merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The project file both branches started from (git's %O).
    pub base: PathBuf,
    /// Our branch's project file (git's %A); our view state is kept.
    pub ours: PathBuf,
    /// Their branch's project file (git's %B).
    pub theirs: PathBuf,
    /// The file to write (git: `-o %A`); without it, standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Merges the three files; lists each conflict on standard error. Exit 0
/// when there was none, 1 when conflicts were kept; an error (exit 2) when
/// a file cannot be read or the merge would not load (nothing written).
pub fn run(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    let (base, _) = load_with_view(&args.base)?;
    let (ours, view) = load_with_view(&args.ours)?;
    let (theirs, _) = load_with_view(&args.theirs)?;
    let merged = merge3(&base, &ours, &theirs);
    let text = to_ron_with_view(&merged.project, &view);
    let target = args.output.as_deref().unwrap_or(Path::new("<merge>"));
    from_ron(&text, target).map_err(|err| {
        anyhow::anyhow!(
            "the merge of {} would not load ({err}); nothing written",
            shown(&args.ours.display().to_string())
        )
    })?;
    match &args.output {
        // No backup: git's %A is a temporary file, a .bak beside it would
        // be left in the work tree.
        Some(out) => write_atomic_with(out, false, |w| w.write_all(text.as_bytes()))?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    for conflict in &merged.conflicts {
        eprintln!("conflict: {}", shown(&conflict.to_string()));
    }
    Ok(if merged.conflicts.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
