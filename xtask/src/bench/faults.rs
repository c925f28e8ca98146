//! A generated document with planted faults, and the check that the validator
//! reports each fault exactly once, at the faulty record, with no cascade.
//!
//! The faults are spread evenly over the `INFO` records of a clean generated
//! document, cycling through five kinds that users meet in real responses.

use super::generator;
use anyhow::Context as _;
use std::fmt;
use std::io;
use std::path::Path;
use std::sync::Arc;

/// One kind of planted fault and the diagnostic code it must produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// The required `INSTANCE` child is deleted.
    MissingChild,
    /// An undeclared `REMEDIATION` element follows `STATUS`.
    UndeclaredElement,
    /// `HOST_ID` and `CONTROL_ID` trade places.
    SwappedSiblings,
    /// A `DPV` element carries an undeclared `severity` attribute.
    UndeclaredAttribute,
    /// Text appears directly inside `EVIDENCE`, whose content is element-only.
    TextInElementContent,
}

impl FaultKind {
    pub const ALL: [FaultKind; 5] = [
        FaultKind::MissingChild,
        FaultKind::UndeclaredElement,
        FaultKind::SwappedSiblings,
        FaultKind::UndeclaredAttribute,
        FaultKind::TextInElementContent,
    ];

    /// Returns the diagnostic code that reports this fault.
    pub fn expected_code(self) -> &'static str {
        match self {
            FaultKind::MissingChild => "missing-element",
            FaultKind::UndeclaredElement => "undeclared-element",
            FaultKind::SwappedSiblings => "element-out-of-order",
            FaultKind::UndeclaredAttribute => "undeclared-attribute",
            FaultKind::TextInElementContent => "text-not-allowed",
        }
    }

    /// Rewrites the lines of one `INFO` record to carry this fault. Returns `false`
    /// when the record lacks the line the fault edits.
    fn plant(self, lines: &mut Vec<String>) -> bool {
        let find = |lines: &[String], prefix: &str| {
            lines
                .iter()
                .position(|line| line.trim_start().starts_with(prefix))
        };

        match self {
            FaultKind::MissingChild => {
                let Some(index) = find(lines, "<INSTANCE>") else {
                    return false;
                };
                lines.remove(index);
            }
            FaultKind::UndeclaredElement => {
                let Some(index) = find(lines, "<STATUS>") else {
                    return false;
                };
                lines.insert(
                    index + 1,
                    "        <REMEDIATION>see the hardening guide</REMEDIATION>".to_owned(),
                );
            }
            FaultKind::SwappedSiblings => {
                let (Some(host), Some(control)) =
                    (find(lines, "<HOST_ID>"), find(lines, "<CONTROL_ID>"))
                else {
                    return false;
                };
                lines.swap(host, control);
            }
            FaultKind::UndeclaredAttribute => {
                let Some(index) = find(lines, "<DPV ") else {
                    return false;
                };
                lines[index] = lines[index].replacen("<DPV ", "<DPV severity=\"3\" ", 1);
            }
            FaultKind::TextInElementContent => {
                let Some(index) = find(lines, "<EVIDENCE>") else {
                    return false;
                };
                lines[index] = lines[index].replacen("<EVIDENCE>", "<EVIDENCE>stray text", 1);
            }
        }
        true
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            FaultKind::MissingChild => "missing required child",
            FaultKind::UndeclaredElement => "undeclared element",
            FaultKind::SwappedSiblings => "swapped siblings",
            FaultKind::UndeclaredAttribute => "undeclared attribute",
            FaultKind::TextInElementContent => "text in element-only content",
        };
        formatter.write_str(name)
    }
}

/// A planted fault: its kind and the lines (1-based, inclusive) of its record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlantedFault {
    pub kind: FaultKind,
    pub first_line: u64,
    pub last_line: u64,
}

/// A document with planted faults.
pub struct FaultyDocument {
    pub text: String,
    pub faults: Vec<PlantedFault>,
}

/// Generates a clean document of about `target_bytes` bytes with `seed`, then plants
/// `fault_count` faults in evenly spaced `INFO` records, cycling through the kinds.
/// Fails when the document has fewer records than faults.
pub fn write_faulty_document(
    target_bytes: u64,
    seed: u64,
    fault_count: usize,
) -> io::Result<FaultyDocument> {
    let mut clean = Vec::new();
    generator::write_document(&mut clean, target_bytes, seed)?;
    let clean = String::from_utf8(clean)
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;

    let record_count = clean.matches("      <INFO>\n").count();
    if record_count < fault_count || fault_count == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "cannot plant {fault_count} faults in a document of {record_count} records; \
                 ask for a larger document or fewer faults"
            ),
        ));
    }
    let spacing = record_count / fault_count;

    let mut text = String::with_capacity(clean.len() + fault_count * 64);
    let mut faults = Vec::with_capacity(fault_count);
    let mut record: Option<Vec<String>> = None;
    let mut record_index = 0;
    let mut line_number: u64 = 0;

    for line in clean.lines() {
        if line == "      <INFO>" {
            record = Some(Vec::new());
        }
        let Some(lines) = record.as_mut() else {
            line_number += 1;
            text.push_str(line);
            text.push('\n');
            continue;
        };
        lines.push(line.to_owned());
        if line != "      </INFO>" {
            continue;
        }

        let mut lines = record.take().unwrap_or_default();
        let fault_index = record_index / spacing;
        if record_index % spacing == spacing / 2 && fault_index < fault_count {
            let kind = FaultKind::ALL[fault_index % FaultKind::ALL.len()];
            if !kind.plant(&mut lines) {
                return Err(io::Error::other(format!(
                    "record {} has no line to plant a {kind} fault in",
                    record_index + 1
                )));
            }
            faults.push(PlantedFault {
                kind,
                first_line: line_number + 1,
                last_line: line_number + lines.len() as u64,
            });
        }
        record_index += 1;

        for line in lines {
            line_number += 1;
            text.push_str(&line);
            text.push('\n');
        }
    }

    Ok(FaultyDocument { text, faults })
}

/// A diagnostic's code and line, as the check compares them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: String,
    pub line: u64,
}

/// The result of matching findings to planted faults.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FaultCheck {
    /// Per kind: faults planted, and faults reported by exactly one finding with
    /// the expected code.
    pub per_kind: Vec<(FaultKind, usize, usize)>,
    /// Faults with no finding, several findings, or a finding of another code.
    pub mismatched: Vec<String>,
    /// Findings outside every faulty record.
    pub stray: Vec<Finding>,
}

impl FaultCheck {
    /// Tells whether every fault gave exactly one finding of its code and nothing
    /// else was reported.
    pub fn one_finding_per_fault(&self) -> bool {
        self.mismatched.is_empty() && self.stray.is_empty()
    }
}

/// Matches `findings` to `faults` by line: each fault must have exactly one finding
/// within its record, with the expected code, and no finding may fall outside.
pub fn check_findings(faults: &[PlantedFault], findings: &[Finding]) -> FaultCheck {
    let mut check = FaultCheck::default();
    let mut matched_per_fault = vec![Vec::new(); faults.len()];

    for finding in findings {
        let owner = faults.partition_point(|fault| fault.last_line < finding.line);
        match faults.get(owner) {
            Some(fault) if fault.first_line <= finding.line => {
                matched_per_fault[owner].push(finding);
            }
            _ => check.stray.push(finding.clone()),
        }
    }

    for kind in FaultKind::ALL {
        let mut planted = 0;
        let mut reported = 0;
        for (fault, found) in faults.iter().zip(&matched_per_fault) {
            if fault.kind != kind {
                continue;
            }
            planted += 1;
            if let [only] = found.as_slice() {
                if only.code == kind.expected_code() {
                    reported += 1;
                    continue;
                }
            }
            let codes: Vec<String> = found
                .iter()
                .map(|finding| format!("{} at line {}", finding.code, finding.line))
                .collect();
            check.mismatched.push(format!(
                "{kind} in lines {}-{}: expected one {}, found [{}]",
                fault.first_line,
                fault.last_line,
                kind.expected_code(),
                codes.join(", ")
            ));
        }
        check.per_kind.push((kind, planted, reported));
    }
    check
}

/// Validates `path` in this process, against its DOCTYPE's DTD or against `xsd`,
/// and matches the errors to the planted faults.
pub fn validate_and_check(
    path: &Path,
    planted: &[PlantedFault],
    xsd: Option<&Path>,
) -> anyhow::Result<FaultCheck> {
    let resolver = schemakit::Resolver::new(schemakit::ExternalPolicy::Local);
    let mut validator =
        schemakit::Validator::new(resolver.clone(), schemakit::ValidatorOptions::default());
    if let Some(xsd) = xsd {
        let compiled = schemakit::CompiledXsd::load(xsd, &resolver)
            .with_context(|| format!("cannot load {}", xsd.display()))?;
        validator = validator.with_xsd(Arc::new(compiled));
    }

    let report = validator.validate_file(path);
    let findings: Vec<Finding> = report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == schemakit::Severity::Error)
        .map(|diagnostic| Finding {
            code: diagnostic.code.as_str().to_owned(),
            line: u64::from(diagnostic.line),
        })
        .collect();
    Ok(check_findings(planted, &findings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    #[test]
    fn faults_spread_over_kinds() -> io::Result<()> {
        let document = write_faulty_document(MIB, 3, 100)?;
        assert_eq!(document.faults.len(), 100);
        for kind in FaultKind::ALL {
            let count = document
                .faults
                .iter()
                .filter(|fault| fault.kind == kind)
                .count();
            assert_eq!(count, 20, "{kind}");
        }
        Ok(())
    }

    #[test]
    fn fault_lines_point_at_records() -> io::Result<()> {
        let document = write_faulty_document(MIB, 3, 50)?;
        let lines: Vec<&str> = document.text.lines().collect();
        for fault in &document.faults {
            let first = lines[usize::try_from(fault.first_line - 1).unwrap_or(0)];
            let last = lines[usize::try_from(fault.last_line - 1).unwrap_or(0)];
            assert_eq!(first, "      <INFO>", "{fault:?}");
            assert_eq!(last, "      </INFO>", "{fault:?}");
        }
        Ok(())
    }

    #[test]
    fn too_many_faults_rejected() {
        let error = write_faulty_document(64 * 1024, 3, 100_000).err();
        assert_eq!(
            error.map(|error| error.kind()),
            Some(io::ErrorKind::InvalidInput)
        );
    }

    #[test]
    fn check_matches_by_record() {
        let faults = [
            PlantedFault {
                kind: FaultKind::MissingChild,
                first_line: 10,
                last_line: 20,
            },
            PlantedFault {
                kind: FaultKind::UndeclaredAttribute,
                first_line: 40,
                last_line: 50,
            },
        ];
        let finding = |code: &str, line| Finding {
            code: code.to_owned(),
            line,
        };

        let exact = check_findings(
            &faults,
            &[
                finding("missing-element", 15),
                finding("undeclared-attribute", 44),
            ],
        );
        assert!(exact.one_finding_per_fault());

        let cascade = check_findings(
            &faults,
            &[
                finding("missing-element", 15),
                finding("missing-element", 16),
                finding("undeclared-attribute", 44),
            ],
        );
        assert_eq!(cascade.mismatched.len(), 1);

        let stray = check_findings(
            &faults,
            &[
                finding("missing-element", 15),
                finding("undeclared-attribute", 44),
                finding("undeclared-element", 30),
            ],
        );
        assert_eq!(stray.stray, vec![finding("undeclared-element", 30)]);
    }

    /// Validates a faulty document against the generated DTD and its XSD twin and
    /// expects one finding per fault from each.
    #[test]
    fn validator_reports_each_fault_once() -> Result<(), Box<dyn std::error::Error>> {
        let folder = tempfile::tempdir()?;
        std::fs::write(folder.path().join(generator::DTD_FILE_NAME), generator::DTD)?;
        let xsd_path = folder.path().join(generator::XSD_FILE_NAME);
        std::fs::write(&xsd_path, generator::XSD)?;
        let document = write_faulty_document(MIB, 9, 100)?;
        let path = folder.path().join("faulty.xml");
        std::fs::write(&path, &document.text)?;

        for (name, xsd) in [("DTD", None), ("XSD", Some(xsd_path.as_path()))] {
            let check = validate_and_check(&path, &document.faults, xsd)?;
            assert!(
                check.one_finding_per_fault(),
                "{name}: {:?} {:?}",
                check.mismatched,
                check.stray
            );
        }
        Ok(())
    }
}
