//! Expansion of the command-line paths into the list of documents to validate.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The document name in reports for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// One document to validate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// A command-line path that gave no documents.
#[derive(Debug)]
pub enum InputError {
    /// The path could not be read (most often: it does not exist).
    Unreadable { path: PathBuf, source: io::Error },
    /// A folder without any `*.xml` file below it.
    NoXmlFiles { path: PathBuf },
    /// `-` was given more than once.
    StdinTwice,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Unreadable { path, source } => {
                write!(
                    f,
                    "cannot read {}: {source}; check the path and its permissions",
                    path.display()
                )
            }
            InputError::NoXmlFiles { path } => write!(
                f,
                "folder {} contains no *.xml files; name the documents to validate directly",
                path.display()
            ),
            InputError::StdinTwice => f.write_str(
                "standard input (`-`) can be validated only once; give `-` a single time",
            ),
        }
    }
}

/// Expands `paths` in order: a file stays as it is, a folder becomes every `*.xml`
/// file below it and `-` becomes standard input.
///
/// A path that fails does not stop the others: its error is returned alongside the
/// inputs found, in the order of the arguments.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut stdin_seen = false;

    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_seen {
                errors.push(InputError::StdinTwice);
            } else {
                stdin_seen = true;
                inputs.push(Input::Stdin);
            }
            continue;
        }

        // The metadata of a path named on the command line follows symbolic links:
        // the user asked for that path.
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(source) => {
                errors.push(InputError::Unreadable {
                    path: path.clone(),
                    source,
                });
                continue;
            }
        };
        if !metadata.is_dir() {
            inputs.push(Input::File(path.clone()));
            continue;
        }

        let mut found = Vec::new();
        if let Err(error) = walk_folder(path, &mut found) {
            errors.push(error);
        }
        if found.is_empty() {
            errors.push(InputError::NoXmlFiles { path: path.clone() });
        }
        inputs.extend(found.into_iter().map(Input::File));
    }

    (inputs, errors)
}

/// Appends every `*.xml` file below `folder` to `found`, depth first, in the order of
/// their names within each folder (a subfolder is walked at its place in that order).
/// Symbolic links are skipped, and so is everything below a folder that cannot be
/// listed (the first such error is returned).
///
/// The extension matches without regard to ASCII case, so `REPORT.XML` counts.
fn walk_folder(folder: &Path, found: &mut Vec<PathBuf>) -> Result<(), InputError> {
    // An explicit stack instead of recursion, so that deep folder trees cannot
    // exhaust the call stack. Entries are pushed in reverse, so the first pops first.
    let mut pending = vec![(folder.to_path_buf(), true)];
    let mut first_error = None;

    while let Some((path, is_dir)) = pending.pop() {
        if !is_dir {
            found.push(path);
            continue;
        }

        let entries = match list_sorted(&path) {
            Ok(entries) => entries,
            Err(source) => {
                tracing::debug!(folder = %path.display(), %source, "skipping unreadable folder");
                first_error.get_or_insert(InputError::Unreadable { path, source });
                continue;
            }
        };

        for (entry, file_type) in entries.into_iter().rev() {
            if file_type.is_dir() {
                pending.push((entry, true));
            } else if file_type.is_file() && has_xml_extension(&entry) {
                pending.push((entry, false));
            } else if file_type.is_symlink() {
                tracing::debug!(path = %entry.display(), "not following symbolic link");
            }
        }
    }

    match first_error {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// Lists the entries of `folder`, sorted by file name, with their type as stored in the
/// folder (a symbolic link is reported as a link, not followed).
fn list_sorted(folder: &Path) -> io::Result<Vec<(PathBuf, fs::FileType)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        entries.push((entry.path(), entry.file_type()?));
    }
    entries.sort_by(|(a, _), (b, _)| a.file_name().cmp(&b.file_name()));
    Ok(entries)
}

fn has_xml_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("xml"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "<a/>").unwrap();
    }

    #[test]
    fn folder_walk_is_sorted_depth_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "b.xml",
            "a/z.xml",
            "a/b/c.xml",
            "c.XML",
            "a.xml",
            "notes.txt",
            "a/y.xmlx",
        ] {
            touch(&root.join(name));
        }

        let (inputs, errors) = expand(&[root.to_path_buf()]);

        assert!(errors.is_empty(), "{errors:?}");
        // The folder `a` sorts before the file `a.xml`.
        let expected: Vec<Input> = ["a/b/c.xml", "a/z.xml", "a.xml", "b.xml", "c.XML"]
            .iter()
            .map(|name| Input::File(root.join(name)))
            .collect();
        assert_eq!(inputs, expected);
    }

    #[cfg(unix)]
    #[test]
    fn folder_walk_skips_symbolic_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        touch(&root.join("real.xml"));
        touch(&dir.path().join("outside/other.xml"));
        std::os::unix::fs::symlink(dir.path().join("outside"), root.join("linked")).unwrap();
        std::os::unix::fs::symlink(root.join("real.xml"), root.join("alias.xml")).unwrap();

        let (inputs, errors) = expand(std::slice::from_ref(&root));

        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(inputs, vec![Input::File(root.join("real.xml"))]);
    }

    #[test]
    fn missing_path_does_not_stop_others() {
        let dir = tempfile::tempdir().unwrap();
        let present = dir.path().join("present.xml");
        touch(&present);
        let missing = dir.path().join("missing.xml");

        let (inputs, errors) = expand(&[missing.clone(), present.clone()]);

        assert_eq!(inputs, vec![Input::File(present)]);
        assert_eq!(errors.len(), 1);
        assert!(matches!(&errors[0], InputError::Unreadable { path, .. } if *path == missing));
    }

    #[test]
    fn folder_without_xml_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("readme.txt"), "no documents").unwrap();

        let (inputs, errors) = expand(&[dir.path().to_path_buf()]);

        assert!(inputs.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(matches!(errors[0], InputError::NoXmlFiles { .. }));
        assert!(errors[0].to_string().contains("contains no *.xml files"));
    }

    #[test]
    fn stdin_is_accepted_once() {
        let dash = PathBuf::from("-");

        let (inputs, errors) = expand(&[dash.clone(), dash]);

        assert_eq!(inputs, vec![Input::Stdin]);
        assert_eq!(errors.len(), 1);
        assert!(matches!(errors[0], InputError::StdinTwice));
    }

    #[test]
    fn explicit_file_keeps_any_extension() {
        let dir = tempfile::tempdir().unwrap();
        let response = dir.path().join("response.txt");
        touch(&response);

        let (inputs, errors) = expand(std::slice::from_ref(&response));

        assert!(errors.is_empty());
        assert_eq!(inputs, vec![Input::File(response)]);
    }
}
