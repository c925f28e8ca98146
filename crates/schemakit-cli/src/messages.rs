//! Messages for the user on standard error, kept apart from the debug logs.
//!
//! Findings go to standard output. These messages report what kept the tool from
//! doing its work, such as an unreadable path or a bad catalog, in the form that clap
//! uses for usage errors.

use std::io::Write as _;

/// Prints `error: MESSAGE` on standard error.
pub fn error(message: &str) {
    print("error", message);
}

/// Prints `warning: MESSAGE` on standard error.
pub fn warning(message: &str) {
    print("warning", message);
}

fn print(label: &str, message: &str) {
    // Nothing useful remains to be done when standard error itself is closed.
    let _ = writeln!(std::io::stderr().lock(), "{label}: {message}");
}
