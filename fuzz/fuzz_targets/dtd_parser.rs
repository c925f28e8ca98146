//! Parses arbitrary bytes as an external DTD subset, then checks the schema.
//! Any panic, hang or runaway allocation is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;
use schemakit::dtd::{check_schema, DtdBuilder, DtdLimits};
use schemakit::model::SourceFile;
use schemakit::{ExternalPolicy, Resolver};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let resolver = Resolver::new(ExternalPolicy::None);
    let mut builder = DtdBuilder::new(&resolver, DtdLimits::default());
    let source = SourceFile {
        name: "fuzz.dtd".to_owned(),
        path: None,
    };
    builder.parse_external_subset(text, source, None);
    if let Ok(dtd) = builder.finish() {
        let _ = check_schema(&dtd.schema);
    }
});
