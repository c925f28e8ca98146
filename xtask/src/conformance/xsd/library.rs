//! Runs schemakit's XSD loader and validator on the suite's tests.
//!
//! Each group's schema is loaded once, for its schema test and for all its instance
//! tests. A panic in the loader or validator is caught and counted as that test's
//! failure, so one bug cannot stop the run.
//!
//! NOTE: only panics are caught. A loader or validator that loops forever or
//! overflows the stack still stops the whole run.

use super::metadata::{Scoring, TestGroup, Validity};
use schemakit::validator::CompiledXsd;
use schemakit::{ExternalPolicy, Report, Resolver, Validator, ValidatorOptions, Verdict};
use schemakit_xsd::LoadedXsd;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// schemakit's result on one test.
#[derive(Clone, Debug, Default)]
pub struct Run {
    /// The verdict, when schemakit gave valid or invalid.
    pub verdict: Option<Validity>,
    /// The reason there is no verdict, or the first error behind an invalid verdict.
    pub detail: String,
}

impl Run {
    fn verdict(verdict: Validity, detail: String) -> Run {
        Run {
            verdict: Some(verdict),
            detail,
        }
    }

    fn none(detail: String) -> Run {
        Run {
            verdict: None,
            detail,
        }
    }
}

/// schemakit's results on one group: its schema test (when it has one and is
/// scored) and each of its instance tests, in metadata order (`None` when unscored).
#[derive(Debug, Default)]
pub struct GroupRuns {
    pub schema: Option<Run>,
    pub instances: Vec<Option<Run>>,
}

/// Runs every group on `threads` threads and returns the results in group order.
pub fn run_all(groups: &[&TestGroup], threads: usize) -> Vec<GroupRuns> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<GroupRuns>> =
        Mutex::new(groups.iter().map(|_| GroupRuns::default()).collect());

    // Panics become failures; the default hook would print each one.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));

    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(group) = groups.get(index) else {
                    break;
                };
                let runs = run_group(group);
                if let Ok(mut results) = results.lock() {
                    if let Some(slot) = results.get_mut(index) {
                        *slot = runs;
                    }
                }
            });
        }
    });

    std::panic::set_hook(previous_hook);
    results.into_inner().unwrap_or_default()
}

fn run_group(group: &TestGroup) -> GroupRuns {
    let schema_scored = group
        .schema
        .as_ref()
        .is_some_and(|schema| matches!(schema.scoring, Scoring::Scored(_)));
    let any_instance_scored = group
        .instances
        .iter()
        .any(|test| matches!(test.scoring, Scoring::Scored(_)));
    if !schema_scored && !any_instance_scored {
        return GroupRuns {
            schema: None,
            instances: group.instances.iter().map(|_| None).collect(),
        };
    }

    // Instance tests are scored only when the group has no schema test or exactly
    // one schema document, so a scored instance always has the schema it needs.
    let load = group.schema_document().map(load_schema);
    let schema = schema_scored.then(|| match &load {
        Some(Load::Loaded(_)) => Run::verdict(Validity::Valid, String::new()),
        Some(Load::Rejected(detail)) => Run::verdict(Validity::Invalid, detail.clone()),
        Some(Load::Panicked(detail)) => Run::none(detail.clone()),
        None => Run::none("the schema test names several schema documents".to_owned()),
    });

    let validator = match load {
        None => empty_schema_validator(),
        Some(Load::Loaded(loaded)) => xsd_validator(*loaded),
        Some(Load::Rejected(detail) | Load::Panicked(detail)) => {
            Err(format!("the schema did not load: {detail}"))
        }
    };

    let instances = group
        .instances
        .iter()
        .map(|test| {
            if !matches!(test.scoring, Scoring::Scored(_)) {
                return None;
            }
            Some(match &validator {
                Ok(validator) => validate_instance(validator, &test.document),
                Err(detail) => Run::none(detail.clone()),
            })
        })
        .collect();

    GroupRuns { schema, instances }
}

fn resolver() -> Resolver {
    Resolver::new(ExternalPolicy::Local)
}

/// The result of loading a group's schema.
enum Load {
    Loaded(Box<LoadedXsd>),
    /// The loader returned an error: its message.
    Rejected(String),
    /// The loader panicked: the panic message.
    Panicked(String),
}

fn load_schema(path: &Path) -> Load {
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        schemakit_xsd::load_file(path, &resolver())
    }));
    match result {
        Ok(Ok(loaded)) => Load::Loaded(Box::new(loaded)),
        Ok(Err(error)) => Load::Rejected(error.to_string()),
        Err(panic) => Load::Panicked(format!("panicked: {}", panic_message(panic.as_ref()))),
    }
}

/// Builds a validator that checks every document against `loaded`.
fn xsd_validator(loaded: LoadedXsd) -> Result<Validator, String> {
    let compiled = std::panic::catch_unwind(AssertUnwindSafe(|| CompiledXsd::from_loaded(loaded)))
        .map_err(|panic| format!("panicked: {}", panic_message(panic.as_ref())))?;
    Ok(Validator::new(resolver(), ValidatorOptions::default()).with_xsd(Arc::new(compiled)))
}

/// Builds the validator of a group without a schema: it checks documents against a
/// schema with no components, so strict assessment reports every root element as
/// undeclared.
fn empty_schema_validator() -> Result<Validator, String> {
    let text = "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>";
    let loaded = schemakit_xsd::load_str(text, "empty schema", None, &resolver())
        .map_err(|error| format!("the empty schema did not load: {error}"))?;
    xsd_validator(loaded)
}

fn validate_instance(validator: &Validator, document: &Path) -> Run {
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| validator.validate_file(document)));
    match result {
        Ok(report) => judge(&report),
        Err(panic) => Run::none(format!("panicked: {}", panic_message(panic.as_ref()))),
    }
}

fn judge(report: &Report) -> Run {
    let first_error = report
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.is_error())
        .map(ToString::to_string)
        .unwrap_or_default();
    match report.verdict {
        Verdict::Valid => Run::verdict(Validity::Valid, String::new()),
        Verdict::Invalid => Run::verdict(Validity::Invalid, first_error),
        other => Run::none(format!("verdict {other:?}: {first_error}")),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
        .unwrap_or_else(|| "no message".to_owned())
}
