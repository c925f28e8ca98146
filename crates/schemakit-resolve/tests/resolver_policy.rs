//! The resolver's external-entity policy, local-file resolution, allow-list and limits,
//! on files created in a temporary directory.

use schemakit_model::ExternalId;
use schemakit_resolve::{
    catalog_files_from, Catalog, EntityLoader, ExternalPolicy, LoadedEntity, Resolution,
    ResolveError, Resolver,
};
use std::fs;
use std::path::PathBuf;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A temporary tree:
///
/// ```text
/// docs/doc.xml            (the referring document, never read)
/// docs/a.dtd
/// docs/sub/nested.xml     (a second referring document)
/// outside/common.dtd
/// dir with space/c.dtd
/// mapped/mapped.dtd       (the target of catalog.xml)
/// catalog.xml
/// ```
struct Tree {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Tree {
    fn new() -> Result<Tree, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let root = fs::canonicalize(dir.path())?;

        let files = [
            ("docs/doc.xml", "<doc/>"),
            ("docs/a.dtd", "<!ELEMENT a EMPTY>"),
            ("docs/sub/nested.xml", "<doc/>"),
            ("outside/common.dtd", "<!ELEMENT common EMPTY>"),
            ("dir with space/c.dtd", "<!ELEMENT c EMPTY>"),
            ("mapped/mapped.dtd", "<!ELEMENT mapped EMPTY>"),
            (
                "catalog.xml",
                r#"<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="http://example.com/mapped.dtd" uri="mapped/mapped.dtd"/>
  <public publicId="-//EXAMPLE//DTD Mapped//EN" uri="mapped/mapped.dtd"/>
  <system systemId="http://example.com/remote-target.dtd" uri="https://mirror.example.org/x.dtd"/>
</catalog>"#,
            ),
        ];
        for (relative, text) in files {
            let path = root.join(relative);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, text)?;
        }

        Ok(Tree { _dir: dir, root })
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn resolver(&self, policy: ExternalPolicy) -> Result<Resolver, Box<dyn std::error::Error>> {
        let catalog = Catalog::load(&self.path("catalog.xml"))?;
        Ok(Resolver::new(policy).with_catalog(catalog))
    }

    fn id(&self, system_id: &str) -> ExternalId {
        ExternalId {
            public_id: None,
            system_id: system_id.to_owned(),
            base: Some(self.path("docs/doc.xml").display().to_string()),
        }
    }
}

/// Names the outcome of a load for table comparisons.
fn outcome(result: &Result<LoadedEntity, ResolveError>) -> String {
    match result {
        Ok(entity) => match &entity.resolution {
            Resolution::Catalog { .. } => "ok catalog".to_owned(),
            Resolution::Relative => "ok relative".to_owned(),
            Resolution::LocalFile => "ok local".to_owned(),
        },
        Err(ResolveError::ExternalDisabled { .. }) => "ExternalDisabled".to_owned(),
        Err(ResolveError::NotInCatalog { .. }) => "NotInCatalog".to_owned(),
        Err(ResolveError::NeedsLocalPolicy { .. }) => "NeedsLocalPolicy".to_owned(),
        Err(ResolveError::NotAllowed { .. }) => "NotAllowed".to_owned(),
        Err(ResolveError::NotFound { .. }) => "NotFound".to_owned(),
        Err(ResolveError::TooLarge { .. }) => "TooLarge".to_owned(),
        Err(ResolveError::RemoteTarget { .. }) => "RemoteTarget".to_owned(),
        Err(ResolveError::EmptySystemId) => "EmptySystemId".to_owned(),
        Err(ResolveError::PublicNotInCatalog { .. }) => "PublicNotInCatalog".to_owned(),
        Err(other) => format!("other error: {other}"),
    }
}

#[test]
fn policy_by_id_kind_table() -> TestResult {
    let tree = Tree::new()?;
    let absolute = tree.path("docs/a.dtd").display().to_string();
    let file_uri = format!("file://{absolute}");

    // (system id, outcome under None, under Catalog, under Local)
    let cases: Vec<(&str, [&str; 3])> = vec![
        (
            "http://example.com/mapped.dtd",
            ["ExternalDisabled", "ok catalog", "ok catalog"],
        ),
        (
            "http://example.com/unmapped.dtd",
            ["ExternalDisabled", "NotInCatalog", "NotInCatalog"],
        ),
        (
            "https://example.com/unmapped.dtd",
            ["ExternalDisabled", "NotInCatalog", "NotInCatalog"],
        ),
        (
            "ftp://example.com/unmapped.dtd",
            ["ExternalDisabled", "NotInCatalog", "NotInCatalog"],
        ),
        (
            "a.dtd",
            ["ExternalDisabled", "NeedsLocalPolicy", "ok relative"],
        ),
        (
            "../outside/common.dtd",
            ["ExternalDisabled", "NeedsLocalPolicy", "ok relative"],
        ),
        (
            &absolute,
            ["ExternalDisabled", "NeedsLocalPolicy", "ok local"],
        ),
        (
            &file_uri,
            ["ExternalDisabled", "NeedsLocalPolicy", "ok local"],
        ),
        (
            "http://example.com/remote-target.dtd",
            ["ExternalDisabled", "RemoteTarget", "RemoteTarget"],
        ),
        (
            "missing.dtd",
            ["ExternalDisabled", "NeedsLocalPolicy", "NotFound"],
        ),
    ];
    let policies = [
        ExternalPolicy::None,
        ExternalPolicy::Catalog,
        ExternalPolicy::Local,
    ];

    for (system_id, expected) in &cases {
        for (policy, expected) in policies.iter().zip(expected) {
            let resolver = tree.resolver(*policy)?;
            let result = resolver.load(&tree.id(system_id));
            assert_eq!(
                outcome(&result),
                *expected,
                "{system_id:?} under {policy:?}"
            );
        }
    }
    Ok(())
}

#[test]
fn empty_system_id_table() -> TestResult {
    let tree = Tree::new()?;
    let mapped_public = ExternalId {
        public_id: Some("-//EXAMPLE//DTD Mapped//EN".to_owned()),
        ..tree.id("")
    };
    let unmapped_public = ExternalId {
        public_id: Some("-//EXAMPLE//DTD Unmapped//EN".to_owned()),
        ..tree.id("")
    };

    // (case, id, outcome under None, under Catalog, under Local)
    let cases = [
        (
            "no public id",
            tree.id(""),
            ["ExternalDisabled", "EmptySystemId", "EmptySystemId"],
        ),
        (
            "mapped public id",
            mapped_public,
            ["ExternalDisabled", "ok catalog", "ok catalog"],
        ),
        (
            "unmapped public id",
            unmapped_public,
            [
                "ExternalDisabled",
                "PublicNotInCatalog",
                "PublicNotInCatalog",
            ],
        ),
    ];
    let policies = [
        ExternalPolicy::None,
        ExternalPolicy::Catalog,
        ExternalPolicy::Local,
    ];

    for (case, id, expected) in &cases {
        for (policy, expected) in policies.iter().zip(expected) {
            let result = tree.resolver(*policy)?.load(id);
            assert_eq!(outcome(&result), *expected, "{case} under {policy:?}");
        }
    }
    Ok(())
}

#[test]
fn public_id_mapped_before_system_id() -> TestResult {
    let tree = Tree::new()?;
    let resolver = tree.resolver(ExternalPolicy::Catalog)?;
    let id = ExternalId {
        public_id: Some("-//EXAMPLE//DTD Mapped//EN".to_owned()),
        ..tree.id("http://example.com/unmapped.dtd")
    };

    let entity = resolver.load(&id)?;

    assert_eq!(entity.text, "<!ELEMENT mapped EMPTY>");
    assert!(!entity.is_bundled());
    Ok(())
}

#[test]
fn catalogs_consulted_in_order_added() -> TestResult {
    let tree = Tree::new()?;
    let second = tree.path("second.xml");
    fs::write(
        &second,
        r#"<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="http://example.com/mapped.dtd" uri="outside/common.dtd"/>
</catalog>"#,
    )?;
    let first = Catalog::load(&tree.path("catalog.xml"))?;
    let second = Catalog::load(&second)?;
    let id = tree.id("http://example.com/mapped.dtd");

    let first_wins = Resolver::new(ExternalPolicy::Catalog)
        .with_catalog(first.clone())
        .with_catalog(second.clone())
        .load(&id)?;
    let second_wins = Resolver::new(ExternalPolicy::Catalog)
        .with_catalog(second)
        .with_catalog(first)
        .load(&id)?;

    assert_eq!(first_wins.text, "<!ELEMENT mapped EMPTY>");
    assert_eq!(second_wins.text, "<!ELEMENT common EMPTY>");
    Ok(())
}

#[test]
fn catalog_load_reports_source_and_catalog() -> TestResult {
    let tree = Tree::new()?;
    let resolver = tree.resolver(ExternalPolicy::Catalog)?;

    let entity = resolver.load(&tree.id("http://example.com/mapped.dtd"))?;

    assert_eq!(
        entity.source.path.as_deref(),
        Some(tree.path("mapped/mapped.dtd").as_path())
    );
    assert!(entity.base.starts_with("file:///"), "base {}", entity.base);
    assert!(
        entity.base.ends_with("/mapped/mapped.dtd"),
        "base {}",
        entity.base
    );
    let Resolution::Catalog { catalog } = &entity.resolution else {
        panic!("resolution {:?}", entity.resolution);
    };
    assert!(catalog.ends_with("catalog.xml"), "catalog {catalog}");
    Ok(())
}

#[test]
fn relative_ids_resolve_against_base() -> TestResult {
    let tree = Tree::new()?;
    let resolver = tree.resolver(ExternalPolicy::Local)?;
    let nested_base = tree.path("docs/sub/nested.xml").display().to_string();
    let nested_uri = format!("file://{}", nested_base);

    // (system id, base, expected file relative to the tree)
    let cases: Vec<(&str, &str, &str)> = vec![
        ("../a.dtd", &nested_base, "docs/a.dtd"),
        (
            "../../outside/common.dtd",
            &nested_base,
            "outside/common.dtd",
        ),
        (
            "./../../outside/./common.dtd",
            &nested_base,
            "outside/common.dtd",
        ),
        ("../a.dtd", &nested_uri, "docs/a.dtd"),
        (
            "../../dir%20with%20space/c.dtd",
            &nested_uri,
            "dir with space/c.dtd",
        ),
        (
            "../../dir with space/c.dtd",
            &nested_base,
            "dir with space/c.dtd",
        ),
        ("../a.dtd#fragment", &nested_base, "docs/a.dtd"),
    ];

    for (system_id, base, expected) in cases {
        let id = ExternalId {
            public_id: None,
            system_id: system_id.to_owned(),
            base: Some(base.to_owned()),
        };
        let entity = resolver.load(&id)?;
        assert_eq!(
            entity.source.path.as_deref(),
            Some(tree.path(expected).as_path()),
            "{system_id:?} from {base:?}"
        );
        assert_eq!(
            entity.resolution,
            Resolution::Relative,
            "{system_id:?} from {base:?}"
        );
    }
    Ok(())
}

#[test]
fn relative_base_from_working_directory() -> TestResult {
    // Cargo runs integration tests in the crate directory.
    let resolver = Resolver::new(ExternalPolicy::Local);
    let id = ExternalId {
        public_id: None,
        system_id: "next.xml".to_owned(),
        base: Some("tests/data/catalogs/entries.xml".to_owned()),
    };

    let entity = resolver.load(&id)?;

    assert_eq!(entity.source.name, "tests/data/catalogs/next.xml");
    assert!(entity.text.contains("from-next.dtd"), "{}", entity.text);
    Ok(())
}

#[test]
fn utf16_catalog_loads() -> TestResult {
    let tree = Tree::new()?;
    let text = r#"<?xml version="1.0" encoding="UTF-16"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="http://example.com/utf16.dtd" uri="docs/a.dtd"/>
</catalog>"#;
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(tree.path("utf16.xml"), bytes)?;
    let catalog = Catalog::load(&tree.path("utf16.xml"))?;

    let entity = Resolver::new(ExternalPolicy::Catalog)
        .with_catalog(catalog)
        .load(&tree.id("http://example.com/utf16.dtd"))?;

    assert_eq!(entity.text, "<!ELEMENT a EMPTY>");
    Ok(())
}

#[test]
fn file_uri_with_escaped_space() -> TestResult {
    let tree = Tree::new()?;
    let resolver = tree.resolver(ExternalPolicy::Local)?;
    let escaped = format!("file://{}/dir%20with%20space/c.dtd", tree.root.display());

    let entity = resolver.load(&tree.id(&escaped))?;

    assert_eq!(entity.text, "<!ELEMENT c EMPTY>");
    assert_eq!(entity.resolution, Resolution::LocalFile);
    Ok(())
}

#[test]
fn file_uri_with_remote_host_rejected() -> TestResult {
    let tree = Tree::new()?;
    let resolver = tree.resolver(ExternalPolicy::Local)?;

    let result = resolver.load(&tree.id("file://server.example.com/share/a.dtd"));

    assert!(result.is_err(), "{:?}", result.map(|entity| entity.source));
    Ok(())
}

#[test]
fn allow_list_blocks_escapes() -> TestResult {
    let tree = Tree::new()?;
    #[cfg(unix)]
    std::os::unix::fs::symlink(tree.path("outside/common.dtd"), tree.path("docs/link.dtd"))?;
    let resolver = tree
        .resolver(ExternalPolicy::Local)?
        .allow_dir(tree.path("docs"));

    // (system id, expected outcome)
    let mut cases = vec![
        ("a.dtd", "ok relative"),
        ("sub/../a.dtd", "ok relative"),
        ("../outside/common.dtd", "NotAllowed"),
        ("sub/../../outside/common.dtd", "NotAllowed"),
        ("../docs/../outside/common.dtd", "NotAllowed"),
        // Catalog targets are trusted and bypass the allow-list.
        ("http://example.com/mapped.dtd", "ok catalog"),
    ];
    if cfg!(unix) {
        cases.push(("link.dtd", "NotAllowed"));
    }

    for (system_id, expected) in cases {
        let result = resolver.load(&tree.id(system_id));
        assert_eq!(outcome(&result), expected, "{system_id:?}");
    }
    Ok(())
}

#[cfg(unix)]
#[test]
fn allowed_dir_through_symlink() -> TestResult {
    let tree = Tree::new()?;
    std::os::unix::fs::symlink(tree.path("docs"), tree.path("docs-link"))?;
    let resolver = tree
        .resolver(ExternalPolicy::Local)?
        .allow_dir(tree.path("docs-link"));

    let inside = resolver.load(&tree.id("a.dtd"));
    let outside = resolver.load(&tree.id("../outside/common.dtd"));

    assert_eq!(outcome(&inside), "ok relative");
    assert_eq!(outcome(&outside), "NotAllowed");
    Ok(())
}

#[test]
fn missing_file_names_path_and_id() -> TestResult {
    let tree = Tree::new()?;
    let resolver = tree.resolver(ExternalPolicy::Local)?;

    let result = resolver.load(&tree.id("nothing-here.dtd"));

    let Err(ResolveError::NotFound { path, system_id }) = result else {
        panic!(
            "expected NotFound, got {:?}",
            result.map(|entity| entity.source)
        );
    };
    assert_eq!(path, tree.path("docs/nothing-here.dtd"));
    assert_eq!(system_id, "nothing-here.dtd");
    Ok(())
}

#[test]
fn folder_is_reported_as_a_folder() -> TestResult {
    let tree = Tree::new()?;
    std::fs::create_dir(tree.path("docs/schemas"))?;
    let resolver = tree.resolver(ExternalPolicy::Local)?;

    let result = resolver.load(&tree.id("schemas"));

    let Err(error @ ResolveError::Folder { .. }) = result else {
        panic!(
            "expected Folder, got {:?}",
            result.map(|entity| entity.source)
        );
    };
    assert!(error.to_string().contains("is a folder: name a file in it"));
    Ok(())
}

#[test]
fn oversize_entity_rejected() -> TestResult {
    let tree = Tree::new()?;
    let resolver = tree
        .resolver(ExternalPolicy::Local)?
        .with_max_entity_bytes(8);

    let by_id = resolver.load(&tree.id("a.dtd"));
    let by_path = resolver.load_file(&tree.path("docs/a.dtd"));
    let small = Resolver::new(ExternalPolicy::Local)
        .with_max_entity_bytes(18)
        .load_file(&tree.path("docs/a.dtd"));

    assert_eq!(outcome(&by_id), "TooLarge");
    assert_eq!(outcome(&by_path), "TooLarge");
    assert!(
        small.is_ok(),
        "a file of exactly the limit loads: {:?}",
        small.err()
    );
    Ok(())
}

#[cfg(unix)]
#[test]
fn device_file_rejected() -> TestResult {
    let tree = Tree::new()?;
    let resolver = tree.resolver(ExternalPolicy::Local)?;

    let by_id = resolver.load(&tree.id("/dev/null"));
    let by_path = resolver.load_file(std::path::Path::new("/dev/null"));

    assert!(by_id.is_err(), "/dev/null loaded as an entity");
    assert!(by_path.is_err(), "/dev/null loaded as a file");
    Ok(())
}

#[test]
fn load_file_ignores_policy() -> TestResult {
    let tree = Tree::new()?;
    let resolver = Resolver::new(ExternalPolicy::None);

    let entity = resolver.load_file(&tree.path("docs/a.dtd"))?;

    assert_eq!(entity.text, "<!ELEMENT a EMPTY>");
    assert_eq!(entity.resolution, Resolution::LocalFile);
    assert_eq!(
        entity.source.path.as_deref(),
        Some(tree.path("docs/a.dtd").as_path())
    );
    Ok(())
}

#[test]
fn messages_name_id_and_fix() -> TestResult {
    let tree = Tree::new()?;
    let catalog_policy = tree.resolver(ExternalPolicy::Catalog)?;
    let disabled = tree.resolver(ExternalPolicy::None)?;

    let not_in_catalog = catalog_policy
        .load(&tree.id("https://qualysapi.qualys.com/unknown.dtd"))
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    let needs_local = catalog_policy
        .load(&tree.id("a.dtd"))
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    let disabled = disabled
        .load(&tree.id("a.dtd"))
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();

    assert!(
        not_in_catalog.contains("https://qualysapi.qualys.com/unknown.dtd"),
        "{not_in_catalog}"
    );
    assert!(
        not_in_catalog
            .contains(r#"<system systemId="https://qualysapi.qualys.com/unknown.dtd" uri="#),
        "{not_in_catalog}"
    );
    assert!(not_in_catalog.contains("--catalog"), "{not_in_catalog}");
    assert!(
        not_in_catalog.contains("XML_CATALOG_FILES"),
        "{not_in_catalog}"
    );
    assert!(not_in_catalog.contains("--dtd"), "{not_in_catalog}");
    assert!(needs_local.contains("a.dtd"), "{needs_local}");
    assert!(needs_local.contains("--external local"), "{needs_local}");
    assert!(disabled.contains("a.dtd"), "{disabled}");
    Ok(())
}

#[test]
fn catalog_files_env_format() {
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        ("/etc/xml/catalog", &["/etc/xml/catalog"]),
        ("a.xml  b.xml\tc.xml", &["a.xml", "b.xml", "c.xml"]),
        (
            "file:///etc/xml/catalog file:///tmp/my%20catalogs/c.xml",
            &["/etc/xml/catalog", "/tmp/my catalogs/c.xml"],
        ),
    ];

    for (value, expected) in cases {
        let expected: Vec<PathBuf> = expected.iter().map(PathBuf::from).collect();
        assert_eq!(catalog_files_from(value), expected, "value {value:?}");
    }
}

#[test]
fn resolver_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}

    assert_send_sync::<Resolver>();
    assert_send_sync::<Catalog>();
}

#[test]
fn resolver_shared_between_threads() -> TestResult {
    let tree = Tree::new()?;
    let resolver = tree.resolver(ExternalPolicy::Catalog)?;
    let id = tree.id("http://example.com/mapped.dtd");

    let texts: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    resolver
                        .load(&id)
                        .map(|entity| entity.text)
                        .unwrap_or_default()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_default())
            .collect()
    });

    for text in texts {
        assert_eq!(text, "<!ELEMENT mapped EMPTY>");
    }
    Ok(())
}
