//! The schemas embedded from the repository's `schemas/` folder: the bundled catalog
//! must reach every bundled schema, and the root index must name resolvable schemas.

use schemakit_model::ExternalId;
use schemakit_resolve::{
    bundled_files, Catalog, CatalogError, EntityLoader, ExternalPolicy, Resolution, Resolver,
    RootIndex,
};
use std::path::{Path, PathBuf};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const CATALOG_NAMESPACE: &str = "urn:oasis:names:tc:entity:xmlns:xml:catalog";

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

/// Returns the bundled catalog text, or `None` (after printing why) when this build
/// embeds no `catalog.xml`. With `CI=true` a missing catalog fails the test.
fn bundled_catalog_text() -> Option<&'static str> {
    let text = bundled_files()
        .find(|(path, _)| *path == "catalog.xml")
        .map(|(_, text)| text);
    if text.is_none() {
        let in_ci = std::env::var("CI").is_ok_and(|value| value == "true");
        assert!(
            !in_ci,
            "schemas/catalog.xml is not bundled, and CI=true requires it"
        );
        eprintln!("skipped: schemas/catalog.xml is not bundled into this build");
    }
    text
}

fn bundled_resolver() -> Result<Resolver, CatalogError> {
    Ok(Resolver::new(ExternalPolicy::Catalog).with_catalog(Catalog::bundled()?))
}

fn system_id(id: &str) -> ExternalId {
    ExternalId {
        public_id: None,
        system_id: id.to_owned(),
        base: None,
    }
}

fn schema_paths() -> Vec<&'static str> {
    bundled_files()
        .map(|(path, _)| path)
        .filter(|path| path.ends_with(".dtd") || path.ends_with(".xsd"))
        .collect()
}

#[test]
fn table_is_sorted_and_matches_folder() {
    let paths: Vec<&str> = bundled_files().map(|(path, _)| path).collect();

    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "bundled files are not sorted");
    for path in &paths {
        assert!(!path.starts_with('/'), "{path} is not relative");
        assert!(!path.contains('\\'), "{path} uses a backslash");
        let on_disk = schemas_dir().join(path);
        assert!(
            on_disk.is_file(),
            "{path} is bundled but {} does not exist",
            on_disk.display()
        );
    }
}

#[test]
fn every_catalog_entry_targets_bundled_file() -> TestResult {
    let Some(text) = bundled_catalog_text() else {
        return Ok(());
    };
    let document = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )?;
    let resolver = bundled_resolver()?;
    let schemas = schema_paths();
    let mut checked = 0;

    for node in document
        .descendants()
        .filter(|node| node.tag_name().namespace() == Some(CATALOG_NAMESPACE))
    {
        // Each entry kind becomes an identifier it must map, and the file it must map to.
        let probes: Vec<(String, String)> = match node.tag_name().name() {
            "system" => vec![(
                node.attribute("systemId").unwrap_or_default().to_owned(),
                node.attribute("uri").unwrap_or_default().to_owned(),
            )],
            "systemSuffix" => {
                let suffix = node.attribute("systemIdSuffix").unwrap_or_default();
                vec![(
                    format!("https://host.example.com{suffix}"),
                    node.attribute("uri").unwrap_or_default().to_owned(),
                )]
            }
            "rewriteSystem" => {
                let start = node.attribute("systemIdStartString").unwrap_or_default();
                let prefix = node
                    .attribute("rewritePrefix")
                    .unwrap_or_default()
                    .trim_start_matches("./");
                schemas
                    .iter()
                    .map(|schema| (format!("{start}{schema}"), format!("{prefix}{schema}")))
                    .collect()
            }
            _ => continue,
        };

        for (id, expected) in probes {
            let entity = resolver.load(&system_id(&id))?;
            assert_eq!(entity.source.name, format!("schemas/{expected}"), "{id}");
            assert!(entity.is_bundled(), "{id}");
            checked += 1;
        }
    }

    assert!(
        checked > 0,
        "schemas/catalog.xml has no system, systemSuffix or rewriteSystem entry"
    );
    Ok(())
}

#[test]
fn every_schema_reachable_from_catalog() -> TestResult {
    if bundled_catalog_text().is_none() {
        return Ok(());
    }
    let catalog = Catalog::bundled()?;

    for schema in schema_paths() {
        let reached = [
            "https://qualysapi.qualys.com/",
            "http://qualysapi.qualys.eu/",
            "https://unknown.example.com/x/",
        ]
        .iter()
        .any(|host| {
            catalog
                .resolve_system(&format!("{host}{schema}"))
                .is_some_and(|target| target.ends_with(schema))
        });
        assert!(
            reached,
            "no catalog entry in schemas/catalog.xml maps an id to {schema}"
        );
    }
    Ok(())
}

#[test]
fn known_hosts_and_schemes_resolve() -> TestResult {
    if bundled_catalog_text().is_none() {
        return Ok(());
    }
    let resolver = bundled_resolver()?;
    let Some(schema) = schema_paths()
        .into_iter()
        .find(|path| path.contains("auth_records.dtd"))
    else {
        eprintln!("skipped: no auth_records.dtd is bundled");
        return Ok(());
    };

    for host in [
        "https://qualysapi.qualys.com/",
        "http://qualysapi.qualys.com/",
        "https://qualysapi.qualys.eu/",
        "https://qualysapi.qg2.apps.qualys.com/",
    ] {
        let id = format!("{host}{schema}");
        let entity = resolver.load(&system_id(&id))?;
        assert_eq!(entity.source.name, format!("schemas/{schema}"), "{id}");
        assert_eq!(
            entity.resolution,
            Resolution::Catalog {
                catalog: "schemas/catalog.xml".to_owned()
            },
            "{id}"
        );
        assert_eq!(
            entity.source.path.as_deref().map(Path::is_file),
            Some(true),
            "{id}: source path"
        );
    }
    Ok(())
}

/// Returns the shortest relative reference from the file `from` to the file `to`, both
/// relative to `schemas/`.
fn relative_reference(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = from_dirs
        .get(..from_dirs.len().saturating_sub(1))
        .unwrap_or_default();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(left, right)| left == right)
        .count();

    let mut reference = "../".repeat(from_dirs.len() - common);
    reference.push_str(&to_parts.get(common..).unwrap_or_default().join("/"));
    reference
}

#[test]
fn relative_id_stays_among_bundled_files() -> TestResult {
    if bundled_catalog_text().is_none() {
        return Ok(());
    }
    let resolver = bundled_resolver()?;
    let schemas = schema_paths();
    // The reference must not end with the target's whole path, because a
    // systemSuffix entry would then map it before relative resolution.
    let pair = schemas.iter().find_map(|first| {
        schemas
            .iter()
            .find(|second| {
                second != &first
                    && !relative_reference(first, second).ends_with(&format!("/{second}"))
            })
            .map(|second| (first, second))
    });
    let Some((first, second)) = pair else {
        eprintln!("skipped: no two bundled schemas with a relative reference that no systemSuffix matches");
        return Ok(());
    };
    let referrer = resolver.load(&system_id(&format!("https://qualysapi.qualys.com/{first}")))?;
    let reference = relative_reference(first, second);

    let relative = resolver.load(&ExternalId {
        public_id: None,
        system_id: reference.clone(),
        base: Some(referrer.base.clone()),
    })?;
    let escape = resolver.load(&ExternalId {
        public_id: None,
        system_id: format!(
            "{}../../../etc/hostname",
            "../".repeat(first.matches('/').count())
        ),
        base: Some(referrer.base.clone()),
    });

    assert_eq!(
        relative.source.name,
        format!("schemas/{second}"),
        "{reference} from {first}"
    );
    assert_eq!(
        relative.resolution,
        Resolution::Relative,
        "{reference} from {first}"
    );
    assert!(
        escape.is_err(),
        "a relative id left the bundled files: {:?}",
        escape.map(|entity| entity.source)
    );
    Ok(())
}

#[test]
fn root_index_entries_resolve() -> TestResult {
    let index = RootIndex::bundled()?;
    if bundled_files().all(|(path, _)| path != "roots.toml") {
        eprintln!("skipped: schemas/roots.toml is not bundled into this build");
        return Ok(());
    }
    let resolver = bundled_resolver()?;

    assert!(!index.is_empty(), "schemas/roots.toml has no entries");
    for entry in index.entries() {
        let loaded = resolver.load(&system_id(&entry.system_id));
        assert!(
            loaded.is_ok(),
            "root {} names {}: {:?}",
            entry.root,
            entry.system_id,
            loaded.err()
        );
        assert!(
            !entry.reason.trim().is_empty(),
            "root {} has no reason",
            entry.root
        );
        assert_eq!(
            index.lookup(&entry.root),
            Some(entry),
            "lookup of {}",
            entry.root
        );
    }
    Ok(())
}

#[test]
fn root_index_parses_user_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("roots.toml");
    std::fs::write(
        &path,
        r#"
[[root]]
element = "OPTION_PROFILES"
system_id = "https://qualysapi.qualys.com/api/2.0/fo/subscription/option_profile/option_profile_info.dtd"
reason = "option_profile_info.dtd serves the option profile list, export and import APIs"

[[root]]
element = "SIMPLE_RETURN"
system_id = "https://qualysapi.qualys.com/api/2.0/simple_return.dtd"
reason = "simple_return.dtd is the generic status response"
"#,
    )?;

    let index = RootIndex::load(&path)?;

    assert_eq!(index.len(), 2);
    let entry = index.lookup("OPTION_PROFILES");
    assert_eq!(
        entry.map(|entry| entry.root.as_str()),
        Some("OPTION_PROFILES")
    );
    assert_eq!(
        entry.map(|entry| entry.system_id.as_str()),
        Some("https://qualysapi.qualys.com/api/2.0/fo/subscription/option_profile/option_profile_info.dtd")
    );
    assert_eq!(index.lookup("option_profiles"), None);
    assert_eq!(index.lookup("UNKNOWN"), None);
    Ok(())
}

#[test]
fn root_index_rejects_bad_files() {
    let duplicate = r#"
[[root]]
element = "A"
system_id = "https://example.com/a.dtd"
reason = "first"

[[root]]
element = "A"
system_id = "https://example.com/b.dtd"
reason = "second"
"#;
    let unknown_field = r#"
[[root]]
element = "A"
system_id = "https://example.com/a.dtd"
reason = "first"
schema = "typo"
"#;
    let missing_reason = r#"
[[root]]
element = "A"
system_id = "https://example.com/a.dtd"
"#;

    let duplicate = RootIndex::parse(duplicate, "roots.toml")
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    let unknown_field = RootIndex::parse(unknown_field, "roots.toml")
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    let missing_reason = RootIndex::parse(missing_reason, "roots.toml")
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();

    assert!(duplicate.contains("`A`"), "{duplicate}");
    assert!(
        duplicate.contains("https://example.com/a.dtd"),
        "{duplicate}"
    );
    assert!(
        duplicate.contains("https://example.com/b.dtd"),
        "{duplicate}"
    );
    assert!(unknown_field.contains("schema"), "{unknown_field}");
    assert!(missing_reason.contains("reason"), "{missing_reason}");
    for message in [&unknown_field, &missing_reason] {
        assert!(message.starts_with("roots.toml:"), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }
    assert!(
        unknown_field.starts_with("roots.toml:6:1:"),
        "{unknown_field}"
    );
}

#[test]
fn root_index_missing_file() {
    let result = RootIndex::load(Path::new("tests/data/no-such-roots.toml"));

    let message = result
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(
        message.contains("tests/data/no-such-roots.toml"),
        "{message}"
    );
}
