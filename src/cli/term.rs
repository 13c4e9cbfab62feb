//! Text for the terminal: names, quotes and messages from files are shown
//! with their control characters escaped, so that a label named
//! `"a\u{1b}[31m"` prints as `a\u{1b}[31m` instead of turning the terminal red.

/// Every control character, line break and bidirectional mark written as
/// a Rust escape; the one escaper of the program (the corpus walk uses it
/// for the names of files it skips).
pub(crate) use crate::model::escaped as shown;

/// An error and its causes as one line, `outer: cause: …`, as anyhow's
/// `{:#}` writes it, except that a cause whose message already ends the
/// line is left out: several errors name their cause in their own message
/// ("cannot read x.ron: No such file or directory (os error 2)") and keep
/// it as their source too, which printed the reason twice.
pub fn error_text(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let message = cause.to_string();
        if text.is_empty() {
            text = message;
        } else if !text.ends_with(&format!(": {message}")) {
            text.push_str(": ");
            text.push_str(&message);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use anyhow::Context;

    use super::error_text;

    #[test]
    fn a_cause_already_told_is_not_told_again() {
        let missing = std::fs::read("/no/such/diptych/file").unwrap_err();
        let told = missing.to_string();
        let err = anyhow::Error::new(crate::io::project_file::LoadError::Read {
            path: "x.ron".into(),
            source: missing,
        });
        assert_eq!(error_text(&err), format!("cannot read x.ron: {told}"));
        // A context above it, and a cause not yet told, are kept.
        let err = err.context("opening the project");
        assert_eq!(
            error_text(&err),
            format!("opening the project: cannot read x.ron: {told}")
        );
        let err = Err::<(), _>(std::io::Error::other("disk full"))
            .context("cannot save y.ron")
            .unwrap_err();
        assert_eq!(error_text(&err), "cannot save y.ron: disk full");
    }
}
