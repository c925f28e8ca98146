//! Parameter-entity expansion: opening a parameter entity's replacement text as a
//! frame, including it in an entity value, and the checks and limits that apply
//! to both.

use crate::builder::DtdBuilder;
use crate::input::{Frame, Location, Origin};
use crate::lexical::{char_ref, pe_reference};
use crate::text_decl::{starts_with_text_decl, text_decl};
use schemakit_model::{Code, DiagnosticKind, EntityValue, Position};
use std::sync::Arc;

/// A parameter entity's replacement text, ready to be read.
enum Replacement {
    Internal(String),
    /// The text of an external entity, with the frame that reads it.
    External(Frame),
}

impl DtdBuilder<'_> {
    /// Opens the replacement text of parameter entity `name`, referenced at `at`,
    /// after checking that it is declared, not recursive and within the limits.
    /// Returns `None`, having reported why, when the reference is skipped.
    pub(crate) fn open_parameter_entity(
        &mut self,
        frames: &[Frame],
        name: &str,
        at: &Location,
        in_declaration: bool,
    ) -> Option<Frame> {
        let active: Vec<&str> = frames
            .iter()
            .filter_map(|frame| frame.entity.as_deref())
            .collect();
        let replacement = self.replacement(name, at, &active, frames.len())?;
        let parent = frames.last();

        let frame = match replacement {
            Replacement::Internal(text) => Frame {
                text: Arc::from(text),
                pos: 0,
                origin: Origin::Replacement { at: at.clone() },
                entity: Some(name.to_owned()),
                instance: self.new_instance(),
                external_markup: parent.is_some_and(|parent| parent.external_markup),
                internal_subset: parent.is_some_and(|parent| parent.internal_subset),
                base: parent.and_then(|parent| parent.base.clone()),
                pad_on_exit: in_declaration,
            },
            Replacement::External(mut frame) => {
                frame.entity = Some(name.to_owned());
                frame.pad_on_exit = in_declaration;
                frame
            }
        };
        tracing::trace!(
            entity = name,
            bytes = frame.text.len(),
            "expanding parameter entity"
        );
        Some(frame)
    }

    /// Looks up parameter entity `name` and counts its expansion. `active` lists
    /// the entities being expanded around the reference and `depth` their number.
    fn replacement(
        &mut self,
        name: &str,
        at: &Location,
        active: &[&str],
        depth: usize,
    ) -> Option<Replacement> {
        if self.limit_exceeded {
            return None;
        }
        self.pe_references += 1;

        let Some(declaration) = self.schema.parameter_entities.get(name) else {
            self.report_undeclared_pe(name, at);
            return None;
        };
        let value = declaration.value.clone();

        if active.contains(&name) {
            self.report(at.error(
                DiagnosticKind::Syntax,
                Code::EntityRecursion,
                format!("parameter entity `%{name};` refers to itself (WFC: No Recursion); remove the reference from its replacement text"),
            ));
            return None;
        }
        if depth > self.max_entity_depth() {
            let limit = self.max_entity_depth();
            self.report_limit(at, format!("parameter-entity references nest more than {limit} levels deep at `%{name};` (limit max_entity_depth); raise the limit if the DTD is trusted"));
            return None;
        }
        if !self.count_expansion(at, name) {
            return None;
        }

        match value {
            EntityValue::Internal(text) => {
                if !self.count_bytes(at, name, text.len()) {
                    return None;
                }
                Some(Replacement::Internal(text))
            }
            EntityValue::External { id, .. } => {
                let loaded = match self.loader.load(&id) {
                    Ok(loaded) => loaded,
                    Err(error) => {
                        self.report(at.error(
                            DiagnosticKind::Resource,
                            Code::Unresolved,
                            format!(
                                "cannot load parameter entity `%{name};` from `{}`: {error}",
                                id.system_id
                            ),
                        ));
                        return None;
                    }
                };
                if !self.count_bytes(at, name, loaded.text.len()) {
                    return None;
                }

                tracing::debug!(entity = name, system_id = %id.system_id, "loaded external parameter entity");
                let mut frame = self.file_frame(
                    &loaded.text,
                    loaded.source,
                    Position::START,
                    Some(loaded.base),
                    true,
                );
                self.skip_text_decl(&mut frame);
                Some(Replacement::External(frame))
            }
        }
    }

    /// Reports a reference to an undeclared parameter entity (XML 1.0 section 4.1,
    /// WFC and VC: Entity Declared). It is a well-formedness error when the
    /// document is standalone or nothing could have declared the entity (no
    /// external subset, no earlier parameter-entity reference). Otherwise it is a
    /// validity error.
    fn report_undeclared_pe(&mut self, name: &str, at: &Location) {
        let earlier_references = self.pe_references > 1;
        let fatal = self.standalone || (!self.has_external_subset && !earlier_references);

        let diagnostic = if fatal {
            at.error(
                DiagnosticKind::Syntax,
                Code::UndeclaredEntity,
                format!("parameter entity `%{name};` is not declared (WFC: Entity Declared); declare it before this reference"),
            )
        } else {
            at.error(
                DiagnosticKind::Validity,
                Code::UndeclaredEntity,
                format!("parameter entity `%{name};` is not declared (VC: Entity Declared), so the reference was skipped; declare it before this reference"),
            )
        };
        self.report(diagnostic);
    }

    /// Counts one expansion; returns false, having reported it, past the limit.
    pub(crate) fn count_expansion(&mut self, at: &Location, name: &str) -> bool {
        self.expansions += 1;
        if self.expansions > self.limits.max_entity_expansions {
            let limit = self.limits.max_entity_expansions;
            self.report_limit(at, format!("more than {limit} entity references expanded, the last at `{name}` (limit max_entity_expansions); raise the limit (`--max-entity-expansions` on the command line) if the DTD is trusted"));
            return false;
        }
        true
    }

    /// Counts `bytes` of expanded text; returns false, having reported it, past the
    /// limit.
    pub(crate) fn count_bytes(&mut self, at: &Location, name: &str, bytes: usize) -> bool {
        self.expanded_bytes = self.expanded_bytes.saturating_add(bytes);
        if self.expanded_bytes > self.limits.max_expansion_bytes {
            let limit = self.limits.max_expansion_bytes;
            self.report_limit(at, format!("entity expansion produced more than {limit} bytes, the last at `{name}` (limit max_expansion_bytes); raise the limit (`--max-expansion-bytes` on the command line) if the DTD is trusted"));
            return false;
        }
        true
    }

    /// Checks and skips the text declaration at the start of an external entity's
    /// frame, if there is one.
    pub(crate) fn skip_text_decl(&mut self, frame: &mut Frame) {
        let (text, pos) = frame.shared_text();
        let rest = text.get(pos..).unwrap_or("");
        if !starts_with_text_decl(rest) {
            return;
        }

        match text_decl(rest) {
            Ok((after, _)) => frame.advance_to(after),
            Err(nom::Err::Error(error) | nom::Err::Failure(error)) => {
                let offset = frame.text.len().saturating_sub(error.input.len());
                let at = frame.locate(offset);
                let detail = error.message.clone().unwrap_or_else(|| {
                    format!(
                        "expected {}, found {}",
                        crate::parse_error::join_alternatives(&error.expected),
                        error.found()
                    )
                });
                self.report(at.syntax(format!("invalid text declaration: {detail}")));
                let end = rest.find("?>").map_or(rest.len(), |end| end + 2);
                frame.advance(end);
            }
            Err(nom::Err::Incomplete(_)) => {}
        }
    }

    /// Appends to `output` the replacement text of parameter entity `name` included
    /// in an entity value (XML 1.0 section 4.4.5): its parameter-entity and
    /// character references are replaced in turn, quotes are data and no spaces are
    /// added. Returns false when the reference could not be included.
    pub(crate) fn include_in_literal(
        &mut self,
        name: &str,
        at: &Location,
        active: &mut Vec<String>,
        output: &mut String,
    ) -> bool {
        let active_names: Vec<&str> = active.iter().map(String::as_str).collect();
        let Some(replacement) = self.replacement(name, at, &active_names, active.len()) else {
            return false;
        };
        let text = match replacement {
            Replacement::Internal(text) => text,
            Replacement::External(frame) => normalize_line_ends(frame.rest()),
        };

        active.push(name.to_owned());
        let included = self.replace_in_included_text(&text, at, active, output);
        active.pop();
        included
    }

    /// Replaces the references in included replacement text. Text that does not
    /// form a reference is kept as it is.
    fn replace_in_included_text(
        &mut self,
        text: &str,
        at: &Location,
        active: &mut Vec<String>,
        output: &mut String,
    ) -> bool {
        let mut rest = text;

        while let Some(index) = rest.find(['%', '&']) {
            output.push_str(rest.get(..index).unwrap_or(""));
            let reference = rest.get(index..).unwrap_or("");

            if reference.starts_with('%') {
                if let Ok((after, name)) = pe_reference(reference) {
                    let name = name.to_owned();
                    if !self.include_in_literal(&name, at, active, output) && self.limit_exceeded {
                        return false;
                    }
                    rest = after;
                    continue;
                }
            } else if let Ok((after, character)) = char_ref(reference) {
                output.push(character);
                rest = after;
                continue;
            }

            output.push_str(reference.get(..1).unwrap_or(""));
            rest = reference.get(1..).unwrap_or("");
        }

        output.push_str(rest);
        true
    }
}

/// Applies XML end-of-line handling: `\r\n` and a lone `\r` become `\n`.
pub(crate) fn normalize_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}
