//! Building the resolver from `--catalog`, `XML_CATALOG_FILES`, the bundled catalog,
//! `--external` and `--allow-dir`.

use crate::args::{CommonArgs, External};
use anyhow::Context as _;
use schemakit_resolve::{catalog_files_from_env, Catalog, ExternalPolicy, Resolver};

/// Builds the resolver. Catalogs are consulted in this order: each `--catalog` in the
/// order given, the catalogs listed in `XML_CATALOG_FILES`, then the bundled catalog
/// when `bundled` is true.
///
/// A `--catalog` that cannot be loaded is an error. A catalog from `XML_CATALOG_FILES`
/// that cannot be loaded is skipped with a warning on standard error, because the
/// variable is often set for other tools.
pub fn build_resolver(args: &CommonArgs, bundled: bool) -> anyhow::Result<Resolver> {
    let mut resolver = Resolver::new(policy(args.external));

    for path in &args.catalog {
        let catalog = Catalog::load(path).with_context(|| {
            format!(
                "cannot load the catalog given by --catalog {}",
                path.display()
            )
        })?;
        tracing::debug!(catalog = %path.display(), "using catalog from --catalog");
        resolver = resolver.with_catalog(catalog);
    }

    for path in catalog_files_from_env() {
        match Catalog::load(&path) {
            Ok(catalog) => {
                tracing::debug!(catalog = %path.display(), "using catalog from XML_CATALOG_FILES");
                resolver = resolver.with_catalog(catalog);
            }
            Err(error) => {
                crate::messages::warning(&format!(
                    "skipping catalog {} listed in XML_CATALOG_FILES: {error}",
                    path.display()
                ));
            }
        }
    }

    if bundled {
        let catalog = Catalog::bundled().context("cannot load the bundled catalog")?;
        resolver = resolver.with_catalog(catalog);
    }

    for dir in &args.allow_dir {
        resolver = resolver.allow_dir(dir.clone());
    }
    Ok(resolver)
}

fn policy(external: External) -> ExternalPolicy {
    match external {
        External::None => ExternalPolicy::None,
        External::Catalog => ExternalPolicy::Catalog,
        External::Local => ExternalPolicy::Local,
    }
}
