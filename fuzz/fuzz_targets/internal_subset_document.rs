//! Validates arbitrary bytes as a document, which may declare its own DTD in an
//! internal subset. External entities are disabled, so only the document is read.
//! Any panic, hang or runaway allocation is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;
use schemakit::{ExternalPolicy, Resolver, Validator, ValidatorOptions};

fuzz_target!(|data: &[u8]| {
    let validator = Validator::new(Resolver::new(ExternalPolicy::None), ValidatorOptions::default());
    let _ = validator.validate_reader(data, "fuzz.xml", None);
});
