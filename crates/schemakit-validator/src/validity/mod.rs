//! Validity checks against a DTD: content models, attributes and IDs.
