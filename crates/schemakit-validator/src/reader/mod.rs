//! Well-formedness checking, entity expansion and positions over quick-xml.
