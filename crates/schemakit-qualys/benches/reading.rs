//! Criterion benchmarks of reading documents into the generated Qualys types: a
//! posture-info response of many records, and the bundled option profile export.
//!
//! Run with `cargo bench -p schemakit-qualys`.

// A benchmark whose setup fails has nothing to measure, so it stops with a message.
#![allow(clippy::expect_used)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use schemakit_qualys::{option_profiles, posture_info_list_output};
use std::path::PathBuf;

/// The number of `INFO` records in the posture-info benchmark document.
const RECORDS: usize = 1_000;

/// Returns the text of the sample document `name` in `tests/samples`.
fn sample(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/samples")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Returns the posture-info sample with its `INFO` record repeated `count` times.
fn posture_info_with_records(count: usize) -> String {
    let text = sample("posture_info_list.xml");
    let start = text.find("<INFO>").expect("the sample has an INFO record");
    let end = text
        .find("</INFO>")
        .map(|index| index + "</INFO>".len())
        .expect("the INFO record ends");

    let record = &text[start..end];
    let mut document = String::with_capacity(text.len() + (record.len() + 7) * count);
    document.push_str(&text[..start]);
    for _ in 0..count {
        document.push_str(record);
        document.push_str("\n      ");
    }
    document.push_str(&text[end..]);
    document
}

fn reading(c: &mut Criterion) {
    let posture = posture_info_with_records(RECORDS);
    let read = posture_info_list_output::PostureInfoListOutput::from_xml(&posture)
        .expect("the posture-info document reads");
    assert_eq!(read.response.info_list.info.len(), RECORDS);
    let export = sample("option_profiles_export.xml");
    option_profiles::OptionProfilesType::from_xml(&export)
        .expect("the option profile export reads");

    let mut group = c.benchmark_group("read_generated_types");
    group.throughput(Throughput::Bytes(posture.len() as u64));
    group.bench_function("posture_info_1000_records", |b| {
        b.iter(|| posture_info_list_output::PostureInfoListOutput::from_xml(black_box(&posture)));
    });
    group.throughput(Throughput::Bytes(export.len() as u64));
    group.bench_function("option_profiles_export", |b| {
        b.iter(|| option_profiles::OptionProfilesType::from_xml(black_box(&export)));
    });
    group.finish();
}

criterion_group!(benches, reading);
criterion_main!(benches);
