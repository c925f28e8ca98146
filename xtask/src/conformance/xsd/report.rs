//! Scores and prints the run: a table per test set, the failures and the summary
//! lines.

use super::library::Run;
use super::metadata::Validity;
use super::xmllint;
use std::fmt::Write as _;

/// Whether a scored test is a schema test or an instance test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestKind {
    Schema,
    Instance,
}

/// One scored test with schemakit's and xmllint's results.
#[derive(Debug)]
pub struct ScoredTest {
    /// The test set's name.
    pub set: String,
    /// `testSet/testGroup/test`.
    pub id: String,
    pub kind: TestKind,
    pub expected: Validity,
    pub schemakit: Run,
    /// xmllint's outcome, or `None` when xmllint did not run on this test.
    pub xmllint: Option<xmllint::Outcome>,
    /// Whether the test is in the supported subset (always false for schema tests).
    pub in_subset: bool,
}

impl ScoredTest {
    /// Tells whether schemakit's verdict is the expected one.
    pub fn passed(&self) -> bool {
        self.schemakit.verdict == Some(self.expected)
    }

    /// Tells whether xmllint's verdict is the expected one, when xmllint ran.
    fn xmllint_passed(&self) -> Option<bool> {
        let expected = match self.expected {
            Validity::Valid => xmllint::Outcome::Valid,
            Validity::Invalid => xmllint::Outcome::Invalid,
        };
        self.xmllint.map(|outcome| outcome == expected)
    }
}

/// A count of tests right out of a total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    pub right: usize,
    pub total: usize,
}

impl Count {
    fn add(&mut self, right: bool) {
        self.total += 1;
        if right {
            self.right += 1;
        }
    }

    /// Returns the number of tests not right.
    pub fn wrong(self) -> usize {
        self.total - self.right
    }
}

/// The counts of one table row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub schema_tests: Count,
    /// Schema tests expected invalid, and how many of them were rejected.
    pub invalid_rejected: Count,
    pub instances: Count,
    pub subset: Count,
}

/// Counts the tests for which `judge` gives a result.
fn tally<'a>(
    tests: impl Iterator<Item = &'a ScoredTest>,
    judge: impl Fn(&ScoredTest) -> Option<bool>,
) -> Tally {
    let mut tally = Tally::default();
    for test in tests {
        let Some(right) = judge(test) else { continue };
        match test.kind {
            TestKind::Schema => {
                tally.schema_tests.add(right);
                if test.expected == Validity::Invalid {
                    tally.invalid_rejected.add(right);
                }
            }
            TestKind::Instance => {
                tally.instances.add(right);
                if test.in_subset {
                    tally.subset.add(right);
                }
            }
        }
    }
    tally
}

/// Counts schemakit's results over `tests`.
pub fn schemakit_tally(tests: &[ScoredTest]) -> Tally {
    tally(tests.iter(), |test| Some(test.passed()))
}

/// Counts xmllint's results over the tests it ran on.
pub fn xmllint_tally(tests: &[ScoredTest]) -> Tally {
    tally(tests.iter(), ScoredTest::xmllint_passed)
}

/// One table row: the test set's name, schemakit's counts and xmllint's.
struct Row {
    name: String,
    schemakit: Tally,
    xmllint: Option<Tally>,
}

fn rows(tests: &[ScoredTest], with_xmllint: bool) -> Vec<Row> {
    let mut names: Vec<&str> = Vec::new();
    for test in tests {
        if !names.contains(&test.set.as_str()) {
            names.push(&test.set);
        }
    }

    let mut rows: Vec<Row> = names
        .iter()
        .map(|name| {
            let in_set = || tests.iter().filter(|test| test.set == *name);
            Row {
                name: (*name).to_owned(),
                schemakit: tally(in_set(), |test| Some(test.passed())),
                xmllint: with_xmllint.then(|| tally(in_set(), ScoredTest::xmllint_passed)),
            }
        })
        .collect();
    rows.push(Row {
        name: "all".to_owned(),
        schemakit: schemakit_tally(tests),
        xmllint: with_xmllint.then(|| xmllint_tally(tests)),
    });
    rows
}

fn cells(row: &Row) -> [String; 4] {
    let pick = |tally: &Tally| {
        [
            tally.schema_tests,
            tally.invalid_rejected,
            tally.instances,
            tally.subset,
        ]
    };
    let ours = pick(&row.schemakit);
    let theirs = row.xmllint.as_ref().map(pick);
    std::array::from_fn(|index| {
        let count = ours[index];
        match theirs {
            Some(theirs) => format!(
                "{}/{} [{}/{}]",
                count.right, count.total, theirs[index].right, theirs[index].total
            ),
            None => format!("{}/{}", count.right, count.total),
        }
    })
}

const HEADERS: [&str; 4] = [
    "schema tests",
    "invalid rejected",
    "instance verdicts",
    "subset verdicts",
];

/// Prints the table of right/total per test set.
pub fn print_table(tests: &[ScoredTest], with_xmllint: bool) {
    let rows = rows(tests, with_xmllint);
    let name_width = rows
        .iter()
        .map(|row| row.name.len())
        .max()
        .unwrap_or(0)
        .max(8);
    let cell_width = if with_xmllint { 23 } else { 17 };

    println!(
        "XSD 1.0 tests of the W3C XML Schema Test Suite, schemakit right/total{}",
        if with_xmllint {
            " [xmllint right/total]"
        } else {
            ""
        }
    );
    let mut header = format!("{:<name_width$}", "test set");
    for title in HEADERS {
        header.push_str(&format!("  {title:>cell_width$}"));
    }
    println!("{header}");

    for row in &rows {
        let mut line = format!("{:<name_width$}", row.name);
        for cell in cells(row) {
            line.push_str(&format!("  {cell:>cell_width$}"));
        }
        println!("{line}");
    }
}

/// Renders the table as Markdown, with the xmllint version when xmllint ran.
pub fn markdown(tests: &[ScoredTest], xmllint_version: Option<&str>) -> String {
    let rows = rows(tests, xmllint_version.is_some());
    let mut text =
        String::from("XSD 1.0 tests of the W3C XML Schema Test Suite: schemakit right/total");
    if let Some(version) = xmllint_version {
        let _ = write!(text, " [xmllint right/total; {version}]");
    }
    text.push_str(" (`cargo xtask conformance xsd --markdown FILE`).\n\n");

    text.push_str("| test set |");
    for title in HEADERS {
        let _ = write!(text, " {title} |");
    }
    text.push_str("\n|---|---:|---:|---:|---:|\n");
    for row in &rows {
        let _ = write!(text, "| {} |", row.name);
        for cell in cells(row) {
            let _ = write!(text, " {cell} |");
        }
        text.push('\n');
    }
    text
}

/// Prints every failing test with the expected verdict and schemakit's result.
pub fn print_failures(tests: &[ScoredTest]) {
    println!();
    println!("failures:");
    for test in tests.iter().filter(|test| !test.passed()) {
        let kind = match test.kind {
            TestKind::Schema => "schema",
            TestKind::Instance => "instance",
        };
        let got = test.schemakit.verdict.map_or("no verdict", Validity::name);
        let subset = if test.in_subset { " (subset)" } else { "" };
        println!(
            "  {} [{kind}{subset}] expected {}, got {got}: {}",
            test.id,
            test.expected.name(),
            first_line(&test.schemakit.detail)
        );
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// Renders the summary lines of a tally: the instance verdicts (and those of the
/// subset), the invalid schemas rejected, and the pass count over every scored test.
pub fn summary_lines(tally: &Tally) -> [String; 3] {
    let passed = tally.schema_tests.right + tally.instances.right;
    let total = tally.schema_tests.total + tally.instances.total;
    [
        format!(
            "instance verdicts: {} passed, {} failed (subset: {} passed, {} failed)",
            tally.instances.right,
            tally.instances.wrong(),
            tally.subset.right,
            tally.subset.wrong()
        ),
        format!(
            "invalid schemas rejected: {}/{}",
            tally.invalid_rejected.right, tally.invalid_rejected.total
        ),
        format!("{passed} passed, {} failed", total - passed),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(kind: TestKind, expected: Validity, got: Option<Validity>, subset: bool) -> ScoredTest {
        ScoredTest {
            set: "Set".to_owned(),
            id: "Set/g/t".to_owned(),
            kind,
            expected,
            schemakit: Run {
                verdict: got,
                detail: String::new(),
            },
            xmllint: got.map(|verdict| match verdict {
                Validity::Valid => xmllint::Outcome::Valid,
                Validity::Invalid => xmllint::Outcome::Invalid,
            }),
            in_subset: subset,
        }
    }

    #[test]
    fn tally_and_summary() {
        use TestKind::{Instance, Schema};
        use Validity::{Invalid, Valid};
        let tests = [
            test(Schema, Valid, Some(Valid), false),
            test(Schema, Invalid, Some(Invalid), false),
            test(Schema, Invalid, Some(Valid), false),
            test(Schema, Invalid, None, false),
            test(Instance, Valid, Some(Valid), true),
            test(Instance, Invalid, Some(Valid), true),
            test(Instance, Invalid, Some(Invalid), false),
            test(Instance, Valid, None, false),
        ];
        let tally = schemakit_tally(&tests);
        assert_eq!(tally.schema_tests, Count { right: 2, total: 4 });
        assert_eq!(tally.invalid_rejected, Count { right: 1, total: 3 });
        assert_eq!(tally.instances, Count { right: 2, total: 4 });
        assert_eq!(tally.subset, Count { right: 1, total: 2 });

        let [instances, rejected, overall] = summary_lines(&tally);
        assert_eq!(
            instances,
            "instance verdicts: 2 passed, 2 failed (subset: 1 passed, 1 failed)"
        );
        assert_eq!(rejected, "invalid schemas rejected: 1/3");
        assert_eq!(overall, "4 passed, 4 failed");

        // xmllint did not run on the two tests without a verdict.
        let xmllint = xmllint_tally(&tests);
        assert_eq!(xmllint.schema_tests, Count { right: 2, total: 3 });
        assert_eq!(xmllint.instances, Count { right: 2, total: 3 });
    }

    #[test]
    fn markdown_rows() {
        let tests = [test(
            TestKind::Instance,
            Validity::Valid,
            Some(Validity::Valid),
            true,
        )];
        let text = markdown(&tests, Some("libxml version 20914"));
        assert!(
            text.contains("| Set | 0/0 [0/0] | 0/0 [0/0] | 1/1 [1/1] | 1/1 [1/1] |"),
            "{text}"
        );
        assert!(text.contains("| all |"), "{text}");
        assert!(text.contains("libxml version 20914"), "{text}");
    }
}
