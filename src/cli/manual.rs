//! What the command line says about itself: the manual pages (`diptych
//! manpage`, made from the clap definitions by clap_mangen) and the shell
//! completions (`diptych completions SHELL`, by clap_complete), and the one
//! table of exit codes that the README and the manual page both show.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use roff::{Roff, bold, italic, roman};

use super::Cli;
use crate::version;

/// The exit codes of every command, as the README's table shows them
/// (Markdown; a test keeps the two the same).
pub const EXIT_CODES: &[(u8, &str)] = &[
    (0, "done, nothing needs attention"),
    (
        1,
        "done, but something needs attention (`check`: listed problems; `import`: records not imported; `check --reanchor`: orphans)",
    ),
    (
        2,
        "error: a file cannot be read or written (the message names it)",
    ),
    (
        3,
        "another writer holds the project's lock (the message names it: program, pid, user@host, since when); nothing was changed",
    ),
    (
        4,
        "the project file changed on disk while the command ran and its change cannot be merged onto the newer file; nothing was changed",
    ),
];

/// The command line's definition, as the manual and the completions see it
/// (no `help` subcommand: `--help` is the way, and it gets no page).
fn command() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

/// Prints the completion script of `shell` for `diptych`.
pub fn completions(shell: Shell, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "diptych", &mut script);
    printed(out.write_all(&script)).context("cannot write the completion script")
}

/// A write to standard output that a reader closed early (`| head`) is not
/// an error.
fn printed(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result,
    }
}

/// Prints diptych(1), or with `dir` writes it and a page per subcommand
/// (`diptych-export.1`, …) there and lists the files written.
pub fn manpage(dir: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<()> {
    let command = command();
    let Some(dir) = dir else {
        let mut page = Vec::new();
        main_page(&command, &mut page)?;
        return printed(out.write_all(&page)).context("cannot write the manual page");
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = vec![write_page(dir, "diptych.1", |file| {
        main_page(&command, file)
    })?];
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let name = format!("diptych-{}.1", sub.get_name());
        written.push(write_page(dir, &name, |file| {
            described(Man::new(sub.clone())).render(file)
        })?);
    }
    for path in written {
        writeln!(out, "{}", path.display())?;
    }
    Ok(())
}

/// Writes the page `name` in `dir` with `render`.
fn write_page(
    dir: &Path,
    name: &str,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<PathBuf> {
    let path = dir.join(name);
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&path)
            .with_context(|| format!("cannot create {}", path.display()))?,
    );
    render(&mut file)
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// A page's footer and header: the version with its commit, and the manual's name.
fn described(man: Man) -> Man {
    let man = man
        .source(format!("Diptych {}", version::VERSION))
        .manual("Diptych Manual");
    if version::COMMIT_DATE == "unknown" {
        man
    } else {
        man.date(version::COMMIT_DATE)
    }
}

/// diptych(1): clap_mangen's sections for the options and the subcommands,
/// between a description of the two ways to use it and the sections clap
/// does not know (exit status, environment, files).
fn main_page(command: &clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let man = described(Man::new(command.clone()));
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    description().to_writer(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    extra_sections().to_writer(&mut page)?;
    man.render_version_section(&mut page)?;
    // Each part starts with the same two lines of roff set-up; once is enough.
    let page = String::from_utf8_lossy(&page);
    let mut seen = std::collections::HashSet::new();
    let lines: Vec<&str> = page
        .lines()
        .filter(|line| {
            !line.starts_with(".ie \\n(.g") && !line.starts_with(".el .ds Aq") || seen.insert(*line)
        })
        .collect();
    writeln!(out, "{}", lines.join("\n"))
}

fn description() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["DESCRIPTION"])
        .text([roman(
            "Diptych is a desktop app in which analysts read news articles side by side, \
             highlight the claims they make, tag sentiment and disclaimers, save their work \
             as RON project files and export datasets that NLP tools load as they are.",
        )])
        .control("PP", [])
        .text([
            roman("Without a subcommand, "),
            bold("diptych"),
            roman(" opens the window on "),
            italic("PATH"),
            roman(
                " (a .ron project, or a folder of articles), or on the bundled sample \
                 project. Every subcommand works headless on the same files: it never opens \
                 a window and never touches the network. Spans in exports use code-point \
                 offsets unless --offsets says otherwise.",
            ),
        ]);
    roff
}

fn extra_sections() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_CODES {
        roff.control("TP", [])
            .text([bold(code.to_string())])
            .text([roman(meaning.replace('`', ""))]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in [
        (
            "DIPTYCH_ANNOTATOR",
            "Your name as annotator when --annotator is not given.",
        ),
        (
            "RUST_LOG",
            "What to log on standard error (and, in the window, to its log file), \
             e.g. diptych=debug; it overrides -v and -q.",
        ),
        (
            "XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, XDG_CACHE_HOME",
            "Where the folders below are (on Linux; other systems use their own).",
        ),
    ] {
        roff.control("TP", [])
            .text([bold(name)])
            .text([roman(meaning)]);
    }
    roff.control("SH", ["FILES"]);
    for (path, meaning) in [
        ("~/.config/diptych/", "Your settings (who annotates)."),
        (
            "~/.local/share/diptych/",
            "The window's layout (window.ron), recent projects and the unpacked sample project.",
        ),
        (
            "~/.local/state/diptych/",
            "The window's log (logs/diptych.log, rotated at 1 MiB) and crash reports (crashes/).",
        ),
        (
            "~/.cache/diptych/search/",
            "The corpus search indexes; safe to delete (rebuilt when needed).",
        ),
        (
            "NAME.ron.lock, NAME.ron.open",
            "Beside a project: the writers' lock and the open window's mark.",
        ),
        (
            "NAME.ron.bak",
            "Beside a project: the version a save replaced.",
        ),
    ] {
        roff.control("TP", [])
            .text([italic(path)])
            .text([roman(meaning)]);
    }
    roff.control("SH", ["SEE ALSO"]).text([roman(
        "The README and docs/formats.md of the source distribution; \
         diptych-SUBCOMMAND(1) for each subcommand.",
    )]);
    roff
}

/// The subcommands a manual or a completion script must mention: every
/// visible one of the command line.
pub fn subcommand_names() -> Vec<String> {
    command()
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(write: impl FnOnce(&mut Vec<u8>) -> anyhow::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_main_page_lists_every_subcommand_and_every_exit_code() {
        let page = text(|out| manpage(None, out));
        assert!(
            page.lines().any(|line| line.starts_with(".TH diptych 1 ")),
            "{page}"
        );
        for name in subcommand_names() {
            assert!(
                page.contains(&format!("diptych\\-{name}(1)")),
                "{name} missing"
            );
        }
        assert!(page.contains(".SH \"EXIT STATUS\""), "{page}");
        for (code, _) in EXIT_CODES {
            assert!(
                page.contains(&format!("\\fB{code}\\fR")),
                "exit code {code}"
            );
        }
        // The version section (roff escapes the dashes of the date).
        assert!(
            page.contains(&format!("commit {}", version::COMMIT)),
            "the version line"
        );
    }

    #[test]
    fn the_completions_name_every_subcommand_in_each_shell() {
        let names = subcommand_names();
        assert!(names.len() >= 12, "{names:?}");
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let script = text(|out| completions(shell, out));
            for name in &names {
                assert!(script.contains(name.as_str()), "{shell}: {name} missing");
            }
        }
    }

    #[test]
    fn the_exit_codes_are_those_the_commands_return() {
        let codes: Vec<u8> = EXIT_CODES.iter().map(|(code, _)| *code).collect();
        assert_eq!(
            codes,
            [
                0,
                1,
                2,
                super::super::write::EXIT_LOCKED,
                super::super::write::EXIT_CONFLICT
            ]
        );
    }
}
