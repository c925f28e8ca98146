//! Conformance runs: the suites' own test catalogs, run through the library.

mod differential;
mod thresholds;
pub mod xmlconf;
mod xmlconf_catalog;
pub mod xsd;
