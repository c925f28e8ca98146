//! `quickxml-tokenize FILE`: reads FILE with quick-xml's buffered reader, counts the
//! events and prints the count. It checks no well-formedness beyond what the
//! tokenizer does and no validity, so it is the lower bound on the cost of reading
//! the bytes that `cargo xtask bench` compares the validators with.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: quickxml-tokenize FILE");
        return ExitCode::from(2);
    };

    match count_events(Path::new(&path)) {
        Ok(count) => {
            println!("{count}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Counts the events up to the end of the file, returning a message on the first
/// read or syntax error.
fn count_events(path: &Path) -> Result<u64, String> {
    let file =
        File::open(path).map_err(|error| format!("cannot open {}: {error}", path.display()))?;
    let mut reader = Reader::from_reader(BufReader::new(file));
    let mut buffer = Vec::new();
    let mut count: u64 = 0;

    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Eof) => break,
            Ok(_) => count += 1,
            Err(error) => {
                return Err(format!(
                    "{}: invalid XML at byte {}: {error}",
                    path.display(),
                    reader.error_position()
                ))
            }
        }
        buffer.clear();
    }

    Ok(count)
}
