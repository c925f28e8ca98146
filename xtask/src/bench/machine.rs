//! Facts about the machine and the checkout that `BENCHMARKS.md` records beside the
//! numbers.

use std::path::Path;
use std::process::Command;

pub struct MachineFacts {
    pub cpu_count: usize,
    pub cpu_model: String,
    pub date: String,
    pub commit: String,
}

impl MachineFacts {
    /// Collects the facts; one that cannot be read is recorded as "unknown".
    pub fn collect(repo_root: &Path) -> Self {
        let cpu_count = std::thread::available_parallelism().map_or(0, |count| count.get());
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| cpu_model(&text))
            .unwrap_or_else(|| "unknown".to_owned());
        let date = command_line_output(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]));
        let commit = command_line_output(Command::new("git").current_dir(repo_root).args([
            "rev-parse",
            "--short",
            "HEAD",
        ]));

        MachineFacts {
            cpu_count,
            cpu_model,
            date,
            commit,
        }
    }
}

/// Returns the first `model name` value of a /proc/cpuinfo text.
fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == "model name").then(|| value.trim().to_owned())
    })
}

fn command_line_output(command: &mut Command) -> String {
    let output = command
        .output()
        .ok()
        .filter(|output| output.status.success());
    let text = output.map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned());
    text.filter(|text| !text.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_model_first_entry() {
        let text = "processor\t: 0\nmodel name\t: Example CPU @ 2.00GHz\n\nprocessor\t: 1\nmodel name\t: Other\n";
        assert_eq!(cpu_model(text).as_deref(), Some("Example CPU @ 2.00GHz"));
    }

    #[test]
    fn cpu_model_absent() {
        assert_eq!(cpu_model("processor\t: 0\n"), None);
    }
}
