//! The `schemakit` command-line tool.
//!
//! `main` maps the result of [`run`] to the exit status. It stops quietly when the
//! reader of standard output goes away (`schemakit validate … | head`). `run` parses
//! the arguments and dispatches to a command.

mod args;
mod catalogs;
mod check;
mod diff;
mod drift;
mod gen;
mod inputs;
mod json;
mod logging;
mod messages;
mod parallel;
mod render_human;
mod snippet;
mod validate;

use clap::Parser as _;
use std::io::{self, IsTerminal as _};
use std::process::ExitCode;

/// The exit status. With several inputs the highest status wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 0: every document is valid (every DTD has no errors).
    Valid,
    /// 1: a document is invalid or not well-formed (a DTD has errors).
    Invalid,
    /// 2: a usage or I/O error, or a document that no schema could check.
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        match status {
            Status::Valid => ExitCode::SUCCESS,
            Status::Invalid => ExitCode::from(1),
            Status::Error => ExitCode::from(2),
        }
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(status) => status.into(),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            messages::error(&format!("{error:#}"));
            Status::Error.into()
        }
    }
}

/// Parses the arguments and runs the command. Usage errors exit from here with
/// status 2 (0 for `--help` and `--version`), as clap does.
fn run() -> anyhow::Result<Status> {
    let cli = args::Cli::parse();
    logging::init(cli.verbose);

    let stdout = io::stdout();
    let stdout_is_terminal = stdout.is_terminal();
    let mut output = stdout.lock();
    match &cli.command {
        args::Command::Validate(args) => validate::run(args, stdout_is_terminal, &mut output),
        args::Command::Check(args) => check::run(args, stdout_is_terminal, &mut output),
        args::Command::Diff(args) => diff::run(args, &mut output),
        args::Command::Gen(args) => gen::run(args, &mut output),
        args::Command::Drift(args) => drift::run(args, stdout_is_terminal, &mut output),
    }
}

/// Decides whether human output is colored.
pub fn use_color(choice: args::ColorChoice, stdout_is_terminal: bool) -> bool {
    match choice {
        args::ColorChoice::Always => true,
        args::ColorChoice::Never => false,
        args::ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
            stdout_is_terminal && !no_color
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io_error| io_error.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highest_status_wins() {
        let statuses = [
            Status::Invalid,
            Status::Valid,
            Status::Error,
            Status::Invalid,
        ];

        assert_eq!(statuses.iter().max(), Some(&Status::Error));
        assert!(Status::Valid < Status::Invalid);
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let error = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe))
            .context("cannot write the report");
        let other = anyhow::Error::new(io::Error::from(io::ErrorKind::NotFound));

        assert!(is_broken_pipe(&error));
        assert!(!is_broken_pipe(&other));
    }

    #[test]
    fn color_choice() {
        assert!(use_color(args::ColorChoice::Always, false));
        assert!(!use_color(args::ColorChoice::Never, true));
        assert!(!use_color(args::ColorChoice::Auto, false));
    }
}
