//! Debug logging to standard error (`-v`, `RUST_LOG`).

use tracing_subscriber::EnvFilter;

/// Turns on logging for `-v` (info), `-vv` (debug) and `-vvv` (trace). A non-empty
/// `RUST_LOG` overrides the level with its own directives. Without either, nothing is
/// logged.
pub fn init(verbosity: u8) {
    let from_env = std::env::var("RUST_LOG")
        .ok()
        .filter(|value| !value.trim().is_empty());

    let directives = match (from_env, verbosity) {
        (Some(directives), _) => directives,
        (None, 0) => return,
        (None, 1) => "info".to_owned(),
        (None, 2) => "debug".to_owned(),
        (None, _) => "trace".to_owned(),
    };
    let filter = match EnvFilter::try_new(&directives) {
        Ok(filter) => filter,
        Err(error) => {
            crate::messages::warning(&format!(
                "ignoring invalid RUST_LOG value `{directives}`: {error}"
            ));
            EnvFilter::new("info")
        }
    };

    let result = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    if let Err(error) = result {
        crate::messages::warning(&format!("logging is off: {error}"));
    }
}
