//! Handlers for character and entity references in content, and the entity stack.

use super::entity_expander::{
    check_recursion, predefined_entity, resolve_char_ref, EntityFrame, ExpansionError,
};
use super::names::check_name;
use super::position::LineTracker;
use super::prolog::Stage;
use super::xml_decl::{parse_declaration, DeclKind};
use super::{configure, DocumentReader};
use crate::event::Event;
use crate::session::EventSink;
use schemakit_model::{Code, Diagnostic, DiagnosticKind, EntityValue, Position};
use schemakit_resolve::ResolveError;
use std::borrow::Cow;
use std::io::{BufRead, Cursor};

/// Builds the fatal error for a reference to the undeclared entity `name`, in content
/// or in an attribute value (WFC: Entity Declared).
pub(super) fn undeclared_entity(name: &str) -> Diagnostic {
    Diagnostic::error(
        DiagnosticKind::Syntax,
        Code::UndeclaredEntity,
        format!("entity `{name}` is referenced but not declared"),
    )
    .with_help("declare it in the DOCTYPE's internal subset, or write `&amp;` for a literal `&`")
}

/// Replacement text to read as content, and where it comes from.
struct Replacement {
    text: String,
    /// The file of an external entity.
    external_file: Option<String>,
    external_markup: bool,
}

impl<R: BufRead> DocumentReader<'_, R> {
    /// `&#...;`, `&name;`
    pub(super) fn on_reference<K: EventSink + ?Sized>(
        &mut self,
        raw: &str,
        start: &LineTracker,
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        let bytes = raw.as_bytes();
        let body = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
        if self.structure.stage() != Stage::InRoot {
            return Err(self.not_well_formed(
                format!("the reference `&{body};` is not allowed outside the root element"),
                start,
                bytes,
                0,
            ));
        }

        let position = self.event_position(start);
        if let Some(number) = body.strip_prefix('#') {
            let ch = resolve_char_ref(number)
                .map_err(|message| self.not_well_formed(message, start, bytes, 0))?;
            self.emit_char(sink, ch, position);
            return Ok(());
        }

        if let Err(error) = check_name(body) {
            let message = format!("invalid entity reference `&{body};`: {}", error.message);
            return Err(self.not_well_formed(message, start, bytes, 1 + error.index));
        }
        if let Some(ch) = predefined_entity(body) {
            self.emit_char(sink, ch, position);
            return Ok(());
        }

        let Some(replacement) = self.replacement_text(body, start, bytes)? else {
            let event = Event::SkippedEntity {
                name: Cow::Borrowed(body),
                position,
            };
            self.emit(sink, &event);
            return Ok(());
        };
        self.push_entity(body, replacement, start, bytes, sink)
    }

    /// Hands over the character a reference stands for, as text.
    fn emit_char<K: EventSink + ?Sized>(&mut self, sink: &mut K, ch: char, position: Position) {
        let mut encoded = [0; 4];
        let event = Event::Text {
            text: Cow::Borrowed(ch.encode_utf8(&mut encoded)),
            ignorable_candidate: false,
            cdata: false,
            position,
        };
        self.emit(sink, &event);
    }

    /// Looks up the entity `name` and returns its replacement text, or `None` when the
    /// entity is left to the checker: it is undeclared (and that is a validity
    /// error), or it is external and external loading is disabled.
    fn replacement_text(
        &self,
        name: &str,
        start: &LineTracker,
        raw: &[u8],
    ) -> Result<Option<Replacement>, Diagnostic> {
        let declaration = self
            .dtd
            .schema
            .as_ref()
            .and_then(|schema| schema.general_entities.get(name));
        let Some(declaration) = declaration else {
            if !self.undeclared_is_fatal() {
                return Ok(None);
            }
            return Err(self.locate(undeclared_entity(name), start, raw, 0));
        };

        match &declaration.value {
            EntityValue::Internal(text) => Ok(Some(Replacement {
                text: text.clone(),
                external_file: None,
                external_markup: declaration.external_markup,
            })),
            EntityValue::External { notation: Some(notation), .. } => Err(self.not_well_formed(
                format!("the unparsed entity `{name}` (notation `{notation}`) cannot be referenced in content: name it in an ENTITY attribute instead"),
                start,
                raw,
                0,
            )),
            EntityValue::External { id, notation: None } => {
                tracing::debug!(entity = %name, system_id = %id.system_id, "loading an external parsed entity");
                let loaded = match self.loader.load(id) {
                    Ok(loaded) => loaded,
                    Err(ResolveError::ExternalDisabled { .. }) => {
                        // External loading is off: the entity is skipped and the
                        // checker decides what that means for validity.
                        tracing::debug!(entity = %name, "external loading is disabled; skipping the entity");
                        return Ok(None);
                    }
                    Err(error) => {
                        let diagnostic = Diagnostic::error(
                            DiagnosticKind::Resource,
                            Code::Unresolved,
                            format!("cannot load the external entity `{name}` (`{}`): {error}", id.system_id),
                        );
                        return Err(self.locate(diagnostic, start, raw, 0));
                    }
                };
                Ok(Some(Replacement {
                    text: loaded.text,
                    external_file: Some(loaded.source.name),
                    external_markup: declaration.external_markup,
                }))
            }
        }
    }

    /// Starts reading the replacement text of entity `name` as content.
    fn push_entity<K: EventSink + ?Sized>(
        &mut self,
        name: &str,
        replacement: Replacement,
        start: &LineTracker,
        raw: &[u8],
        sink: &mut K,
    ) -> Result<(), Diagnostic> {
        let open = self.entities.iter().map(|frame| frame.name.as_str());
        let depth = self.entities.len() + 1;
        let checked = check_recursion(name, open).and_then(|()| {
            self.budget
                .charge(replacement.text.len(), depth, &self.limits)
        });
        if let Err(error) = checked {
            let (kind, code) = match error {
                ExpansionError::Recursion(_) => (DiagnosticKind::Syntax, Code::EntityRecursion),
                ExpansionError::Limit { .. } => (DiagnosticKind::Limit, Code::LimitExceeded),
            };
            let diagnostic = Diagnostic::error(kind, code, error.message());
            return Err(self.locate(diagnostic, start, raw, 0));
        }

        let position = self.event_position(start);
        if replacement.external_markup && self.standalone == Some(true) {
            self.standalone_violation(name, position);
        }

        let mut tracker = LineTracker::new();
        let mut text = replacement.text;
        if let Some(file) = &replacement.external_file {
            let declaration_len = self.check_text_declaration(&text, file)?;
            tracker.advance(text.as_bytes().get(..declaration_len).unwrap_or(&[]));
            text.drain(..declaration_len.min(text.len()));
        }

        let mut reader = quick_xml::Reader::from_reader(Cursor::new(text.into_bytes()));
        configure(reader.config_mut());
        // The text declaration was removed, so the tracker must start after it.
        let frame = EntityFrame {
            name: name.to_owned(),
            reader,
            tracker,
            reference: position,
            external_file: replacement.external_file,
            element_depth: self.elements.len(),
        };
        tracing::trace!(entity = %name, depth, "expanding an entity in content");
        self.entities.push(frame);
        let event = Event::EntityStart {
            name: Cow::Borrowed(name),
            position,
        };
        self.emit(sink, &event);
        Ok(())
    }

    /// Checks the optional text declaration at the start of an external entity and
    /// returns its length in bytes (0 when there is none).
    fn check_text_declaration(&self, text: &str, file: &str) -> Result<usize, Diagnostic> {
        let starts_declaration = text.starts_with("<?xml")
            && text
                .as_bytes()
                .get(5)
                .is_some_and(|&byte| matches!(byte, b' ' | b'\t' | b'\r' | b'\n'));
        if !starts_declaration {
            return Ok(0);
        }

        let Some(end) = text.find("?>") else {
            let diagnostic = Diagnostic::error(
                DiagnosticKind::Syntax,
                Code::NotWellFormed,
                "the text declaration is not closed: `?>` is missing",
            );
            return Err(diagnostic.at(Some(file), schemakit_model::Position::START));
        };
        let content = text.get(5..end).unwrap_or("");
        if let Err(error) = parse_declaration(content, DeclKind::Text) {
            let position = LineTracker::new().position_at(text.as_bytes(), 5 + error.index);
            let diagnostic = Diagnostic::error(DiagnosticKind::Syntax, error.code, error.message);
            return Err(diagnostic.at(Some(file), position));
        }
        Ok(end + 2)
    }
}
