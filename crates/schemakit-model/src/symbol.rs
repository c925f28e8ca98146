//! Interned names.
//!
//! Element names are interned once per schema so that content-model automata compare
//! small integers instead of strings. DTD names are stored as written (`prefix:local`);
//! the XSD loader stores namespaced names in Clark notation (`{namespace}local`).

use serde::Serialize;
use std::collections::HashMap;

/// An interned name, valid in the [`SymbolTable`] that made it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Symbol(pub u32);

/// Names interned in the order they were first seen.
#[derive(Clone, Debug, Default)]
pub struct SymbolTable {
    names: Vec<Box<str>>,
    index: HashMap<Box<str>, Symbol>,
}

impl SymbolTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns the symbol for `name`, adding it when it is new.
    pub fn intern(&mut self, name: &str) -> Symbol {
        if let Some(symbol) = self.index.get(name) {
            return *symbol;
        }

        // A schema with more than u32::MAX distinct names cannot be read into memory,
        // so the index always fits.
        let symbol = Symbol(u32::try_from(self.names.len()).unwrap_or(u32::MAX));
        self.names.push(name.into());
        self.index.insert(name.into(), symbol);
        symbol
    }

    /// Returns the symbol for `name` if it was interned.
    pub fn get(&self, name: &str) -> Option<Symbol> {
        self.index.get(name).copied()
    }

    /// Returns the symbol for a UTF-8 name given as bytes, if it was interned.
    pub fn get_bytes(&self, name: &[u8]) -> Option<Symbol> {
        std::str::from_utf8(name)
            .ok()
            .and_then(|name| self.get(name))
    }

    /// Returns the name of `symbol`, or `"?"` for a symbol from another table.
    pub fn name(&self, symbol: Symbol) -> &str {
        self.names
            .get(symbol.0 as usize)
            .map(|name| &**name)
            .unwrap_or("?")
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Iterates over every symbol and its name in interning order.
    pub fn iter(&self) -> impl Iterator<Item = (Symbol, &str)> {
        self.names
            .iter()
            .enumerate()
            .map(|(index, name)| (Symbol(index as u32), &**name))
    }
}
