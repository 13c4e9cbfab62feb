//! The `diptych` binary: the command line, or the window when no command is given.

use std::process::ExitCode;

use clap::Parser;
use diptych::cli::{Cli, Outcome, run};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (`libmimalloc-sys`
/// names only some of the options; the number is checked by the test below).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // SAFETY: sets a plain integer option, before any thread is started
    // (parsing the command line starts none). Freed memory goes back to the
    // system sooner than mimalloc's default second (`Cli::purge_delay_ms`).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, cli.purge_delay_ms().into()) };
    let _ = no_huge_pages();
    match run(cli) {
        Outcome::Exit(code) => code,
        Outcome::Gui(path, annotator, verbosity) => {
            match diptych::app::run(path.as_deref(), annotator, verbosity) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    let text = diptych::cli::error_text(&err);
                    eprintln!("diptych: error: {}", diptych::model::escaped(&text));
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// Turns transparent huge pages off, for the window and the command line
/// alike. mimalloc asks for huge pages; a 2 MiB page is zeroed whole when
/// first touched and stays taken while any of it is used. The window, which
/// stays open for hours with what it read, kept memory it had freed after
/// loading (10 MB at 10,000 articles); without them `check` of a million
/// annotations took 3.94 s instead of 6.46 s on the dev machine (the
/// kernel's zeroing of huge pages was most of the difference), the other
/// commands as long as before, and every command's peak was 3–21 % lower
/// (BENCHMARKS.md, "Issue 14, 2026-12-01 (fifth session)"). Returns
/// whether they are off. The flag passes to the processes Diptych starts
/// (the file manager the window opens a folder in, say), which is harmless.
fn no_huge_pages() -> bool {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with integer arguments; it changes only how this
    // process and its children are paged. An error (an old kernel) leaves
    // them on.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0
    }
    #[cfg(not(target_os = "linux"))]
    false
}

#[cfg(test)]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    #[cfg(target_os = "linux")]
    #[test]
    fn transparent_huge_pages_are_turned_off() {
        // (Whether they were on before depends on the parent: the flag is
        // inherited.)
        assert!(super::no_huge_pages());
        // SAFETY: reads this process's flag.
        let after = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(after, 1);
    }

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // The option after it, which the crate does name.
        assert_eq!(
            libmimalloc_sys::mi_option_use_numa_nodes - 1,
            MI_OPTION_PURGE_DELAY
        );
        // SAFETY: reads an integer option.
        let before = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        // The default in the pinned mimalloc's src/options.c (1 s): no
        // neighbouring option has it.
        assert_eq!(before, 1000);
    }
}
