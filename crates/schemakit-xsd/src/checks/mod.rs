//! Checks of schema documents and of the components built from them.

mod components;
mod content_specs;
mod particles;
mod representation;
pub(crate) mod structure;
pub(crate) mod values;
