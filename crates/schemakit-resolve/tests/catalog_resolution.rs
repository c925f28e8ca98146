//! Catalog loading and identifier resolution on the catalogs in `tests/data/catalogs`.

use schemakit_resolve::{Catalog, CatalogError};
use std::path::{Path, PathBuf};

fn catalogs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/catalogs")
}

/// Returns the `file:` URI of a path relative to `tests/data/catalogs`.
fn data_uri(relative: &str) -> String {
    format!("file://{}/{relative}", catalogs_dir().display())
}

fn load(name: &str) -> Result<Catalog, CatalogError> {
    Catalog::load(&catalogs_dir().join(name))
}

#[test]
fn standard_doctype_loads_offline() -> Result<(), CatalogError> {
    let catalog = load("entries.xml")?;
    assert!(
        catalog.name().ends_with("entries.xml"),
        "name {}",
        catalog.name()
    );
    Ok(())
}

#[test]
fn system_id_table() -> Result<(), CatalogError> {
    let catalog = load("entries.xml")?;

    // (system id, expected target relative to tests/data/catalogs, or None)
    let cases: &[(&str, Option<&str>)] = &[
        ("http://example.com/exact.dtd", Some("dtd/exact.dtd")),
        (
            "http://example.com/prefix/special.dtd",
            Some("dtd/special-exact.dtd"),
        ),
        ("http://example.com/prefix/a.dtd", Some("dtd/short/a.dtd")),
        (
            "http://example.com/prefix/long/a.dtd",
            Some("dtd/long/a.dtd"),
        ),
        (
            "http://example.com/prefix/x/deep/suffix.dtd",
            Some("dtd/short/x/deep/suffix.dtd"),
        ),
        (
            "https://other.example.net/a/suffix.dtd",
            Some("dtd/suffix-short.dtd"),
        ),
        (
            "https://other.example.net/a/deep/suffix.dtd",
            Some("dtd/suffix-long.dtd"),
        ),
        (
            "http://example.com/in-group.dtd",
            Some("grouped/in-group.dtd"),
        ),
        ("http://example.com/with space.dtd", Some("dtd/space.dtd")),
        ("http://example.com/with%20space.dtd", Some("dtd/space.dtd")),
        (
            "http://example.com/from-next.dtd",
            Some("dtd/from-next.dtd"),
        ),
        (
            "http://delegated.example.com/a.dtd",
            Some("dtd/delegated-a.dtd"),
        ),
        ("http://delegated.example.com/missing.dtd", None),
        ("http://example.com/foreign.dtd", None),
        ("http://example.com/inside-foreign.dtd", None),
        ("http://example.com/unknown.dtd", None),
        ("http://example.com/EXACT.dtd", None),
    ];

    for (system_id, expected) in cases {
        let expected = expected.map(data_uri);
        assert_eq!(
            catalog.resolve_system(system_id),
            expected,
            "system id {system_id:?}"
        );
    }
    Ok(())
}

#[test]
fn entry_xml_base_overrides_catalog_location() -> Result<(), CatalogError> {
    let catalog = load("entries.xml")?;

    let target = catalog.resolve_system("http://example.com/entry-base.dtd");

    assert_eq!(
        target.as_deref(),
        Some("http://mirror.example.org/dtds/entry-base.dtd")
    );
    Ok(())
}

#[test]
fn public_id_table() -> Result<(), CatalogError> {
    let catalog = load("entries.xml")?;

    // (public id, system id, expected target relative to tests/data/catalogs, or None)
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        ("-//EXAMPLE//DTD Public//EN", None, Some("dtd/public.dtd")),
        (
            "  -//EXAMPLE//DTD\n  Public//EN ",
            None,
            Some("dtd/public.dtd"),
        ),
        (
            "-//EXAMPLE//DTD Public//EN",
            Some("http://example.com/unmapped.dtd"),
            Some("dtd/public.dtd"),
        ),
        // A system entry comes before any public entry.
        (
            "-//EXAMPLE//DTD Public//EN",
            Some("http://example.com/exact.dtd"),
            Some("dtd/exact.dtd"),
        ),
        // Under prefer="system" a public entry applies only without a system id.
        (
            "-//EXAMPLE//DTD System Preferred//EN",
            None,
            Some("grouped/system-preferred.dtd"),
        ),
        (
            "-//EXAMPLE//DTD System Preferred//EN",
            Some("http://example.com/unmapped.dtd"),
            None,
        ),
        ("-//DELEGATED//DTD B//EN", None, Some("dtd/delegated-b.dtd")),
        // A delegatePublic under prefer="system" also applies only without a system id.
        (
            "-//DELEGATED-SYSTEM//DTD C//EN",
            None,
            Some("dtd/delegated-c.dtd"),
        ),
        (
            "-//DELEGATED-SYSTEM//DTD C//EN",
            Some("http://example.com/unmapped.dtd"),
            None,
        ),
        ("-//EXAMPLE//DTD Unknown//EN", None, None),
        // A urn:publicid: public id is unwrapped before matching.
        (
            "urn:publicid:-:EXAMPLE:DTD+Public:EN",
            None,
            Some("dtd/public.dtd"),
        ),
    ];

    for (public_id, system_id, expected) in cases {
        let expected = expected.map(data_uri);
        let found = catalog
            .resolve_external(Some(public_id), *system_id)
            .map(|found| found.target);
        assert_eq!(
            found, expected,
            "public id {public_id:?} with system id {system_id:?}"
        );
    }
    Ok(())
}

#[test]
fn public_urn_as_system_id() -> Result<(), CatalogError> {
    let catalog = load("entries.xml")?;

    let found = catalog
        .resolve_external(None, Some("urn:publicid:-:EXAMPLE:DTD+Public:EN"))
        .map(|found| found.target);

    assert_eq!(found, Some(data_uri("dtd/public.dtd")));
    Ok(())
}

#[test]
fn uri_entry_table() -> Result<(), CatalogError> {
    let catalog = load("entries.xml")?;

    let cases: &[(&str, Option<&str>)] = &[
        ("http://example.com/ns/schema.xsd", Some("xsd/schema.xsd")),
        (
            "http://example.com/xsd/a/b.xsd",
            Some("xsd/rewritten/a/b.xsd"),
        ),
        (
            "https://elsewhere.example.org/types.xsd",
            Some("xsd/types.xsd"),
        ),
        ("http://example.com/ns/other.xsd", None),
    ];

    for (uri, expected) in cases {
        let expected = expected.map(data_uri);
        let found = catalog.resolve_uri(uri).map(|found| found.target);
        assert_eq!(found, expected, "uri {uri:?}");
    }
    Ok(())
}

#[test]
fn match_names_catalog_and_entry() -> Result<(), CatalogError> {
    let catalog = load("entries.xml")?;

    let found = catalog.resolve_external(None, Some("http://example.com/from-next.dtd"));

    let Some(found) = found else {
        panic!("http://example.com/from-next.dtd did not resolve");
    };
    assert!(
        found.catalog.ends_with("next.xml"),
        "catalog {}",
        found.catalog
    );
    assert!(
        found.entry.contains("from-next.dtd"),
        "entry {}",
        found.entry
    );
    Ok(())
}

#[test]
fn latin1_catalog_decoded() -> Result<(), CatalogError> {
    let catalog = load("latin1.xml")?;

    let accented = catalog.resolve_system("http://example.com/caf\u{e9}.dtd");
    let escaped = catalog.resolve_system("http://example.com/caf%C3%A9.dtd");
    let absolute = catalog.resolve_system("http://example.com/absolute/a/b.dtd");

    assert_eq!(accented, Some(data_uri("dtd/caf%C3%A9.dtd")));
    assert_eq!(escaped, Some(data_uri("dtd/caf%C3%A9.dtd")));
    assert_eq!(absolute.as_deref(), Some("file:///srv/dtds/a/b.dtd"));
    Ok(())
}

#[test]
fn next_catalog_loop_is_rejected() {
    let result = load("loop-a.xml");

    assert!(
        matches!(result, Err(CatalogError::ChainTooDeep { .. })),
        "{result:?}"
    );
}

/// Each `err/NAME.xml` fails to load with the message in `err/NAME.expected`, where
/// `{dir}` is replaced by the folder path as the test passes it and `{crate}` by the
/// absolute path of this crate.
#[test]
fn malformed_catalogs_report_location() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new("tests/data/catalogs/err");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.path());

    for entry in entries {
        let path = entry.path();
        if path.extension().and_then(|ext| ext.to_str()) != Some("xml") {
            continue;
        }

        let expected_path = path.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path)
            .map_err(|error| format!("{}: {error}", expected_path.display()))?
            .trim_end()
            .replace("{dir}", &dir.display().to_string())
            .replace("{crate}", env!("CARGO_MANIFEST_DIR"));
        let message = match Catalog::load(&path) {
            Ok(_) => format!("{} loaded without an error", path.display()),
            Err(error) => error.to_string(),
        };
        assert_eq!(message, expected, "catalog {}", path.display());
        checked += 1;
    }

    assert!(checked >= 8, "only {checked} cases in {}", dir.display());
    Ok(())
}

#[test]
fn missing_catalog_names_path_as_given() {
    let result = Catalog::load(Path::new("no-such-catalog.xml"));

    let message = result
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(
        message.contains("catalog no-such-catalog.xml not found"),
        "{message}"
    );
    assert!(message.contains("--catalog"), "{message}");
}
