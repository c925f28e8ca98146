//! `schemakit gen`: print or write the Rust module generated from a schema, or
//! check that a written module is current.

use crate::args::{GenArgs, UnknownMode};
use crate::Status;
use anyhow::{bail, Context as _};
use schemakit_codegen::{Config, UnknownElements};
use std::io::Write;

/// Runs `schemakit gen`.
pub fn run(args: &GenArgs, output: &mut impl Write) -> anyhow::Result<Status> {
    let config = config(args)?;
    let generated = config
        .generate_file(&args.schema)
        .with_context(|| format!("cannot generate code for {}", args.schema.display()))?;
    for warning in &generated.warnings {
        crate::messages::warning(warning);
    }

    match (&args.output, args.check) {
        (Some(path), true) => {
            let current = match std::fs::read(path) {
                Ok(current) => current,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    crate::messages::error(&format!(
                        "{} does not exist; run `schemakit gen {} -o {}` to create it",
                        path.display(),
                        args.schema.display(),
                        path.display()
                    ));
                    return Ok(Status::Invalid);
                }
                Err(error) => {
                    return Err(error).with_context(|| format!("cannot read {}", path.display()))
                }
            };
            if current == generated.code.as_bytes() {
                return Ok(Status::Valid);
            }
            crate::messages::error(&format!(
                "{} is stale: it differs from the code generated from {}; run `schemakit gen {} -o {}` to update it",
                path.display(),
                args.schema.display(),
                args.schema.display(),
                path.display()
            ));
            Ok(Status::Invalid)
        }
        (Some(path), false) => {
            let unchanged =
                std::fs::read(path).is_ok_and(|current| current == generated.code.as_bytes());
            if !unchanged {
                std::fs::write(path, &generated.code)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            Ok(Status::Valid)
        }
        (None, _) => {
            output
                .write_all(generated.code.as_bytes())
                .context("cannot write the generated code")?;
            Ok(Status::Valid)
        }
    }
}

fn config(args: &GenArgs) -> anyhow::Result<Config> {
    let mut config =
        Config::new()
            .serde(args.serde)
            .unknown_elements(match args.unknown_elements {
                UnknownMode::Error => UnknownElements::Error,
                UnknownMode::Skip => UnknownElements::Skip,
                UnknownMode::Keep => UnknownElements::Keep,
            });
    for catalog in &args.catalog {
        config = config.catalog(catalog);
    }
    for pair in &args.type_overrides {
        let Some((path, rust_type)) = pair.split_once('=') else {
            bail!(
                "invalid --type {pair:?}: write it as PARENT/CHILD=TYPE, e.g. AUTH_NEO4J/PORT=u16"
            );
        };
        config = config.type_override(path, rust_type);
    }
    for pair in &args.rename {
        let Some((element, rust_name)) = pair.split_once('=') else {
            bail!("invalid --rename {pair:?}: write it as ELEMENT=NAME, e.g. FROM=To");
        };
        config = config.rename(element, rust_name);
    }
    Ok(config)
}
