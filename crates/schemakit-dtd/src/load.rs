//! Reading a standalone DTD file.

use crate::builder::{Dtd, DtdBuilder};
use crate::error::DtdError;
use crate::limits::DtdLimits;
use schemakit_resolve::{EntityLoader, LoadedEntity};

/// Parses a DTD file (an external subset on its own, as `schemakit check` reads
/// it). External parameter entities load through `loader`.
pub fn load_dtd(
    entity: &LoadedEntity,
    loader: &dyn EntityLoader,
    limits: DtdLimits,
) -> Result<Dtd, DtdError> {
    let mut builder = DtdBuilder::new(loader, limits);
    builder.parse_external_subset(
        &entity.text,
        entity.source.clone(),
        Some(entity.base.clone()),
    );
    builder.finish()
}
