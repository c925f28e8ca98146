//! The checker for one document: dispatches the reader's events to the content,
//! attribute and ID checks.

use super::attributes::check_attributes;
use super::content::ContentFrame;
use super::element_path::ElementPath;
use super::ids::IdTable;
use super::Site;
use crate::compiled::CompiledDtd;
use crate::event::{Attribute, Event};
use crate::report::Findings;
use rustc_hash::FxHashMap;
use schemakit_model::{Code, Diagnostic, DiagnosticKind, EntityValue, Position};
use std::collections::HashSet;
use std::sync::Arc;

/// The inputs shared by every check of one document: the DTD, the document's name
/// and declarations, and the path of the open element.
#[derive(Debug)]
struct Context {
    dtd: Arc<CompiledDtd>,
    file: String,
    standalone: bool,
    namespaces: bool,
    path: ElementPath,
}

impl Context {
    /// Returns the site of a finding at `position` in the open element.
    fn site(&self, position: Position) -> Site<'_> {
        Site {
            file: &self.file,
            position,
            path: &self.path,
            schema: self.dtd.schema(),
            standalone: self.standalone,
            namespaces: self.namespaces,
        }
    }
}

/// Checks one document's events against a compiled DTD.
#[derive(Debug)]
pub(crate) struct Checker {
    context: Context,
    /// The DOCTYPE name the root element must match, when the DOCTYPE selected the schema.
    doctype_name: Option<String>,
    /// The content checks of the open elements, the first `depth` entries. The
    /// entries past them are reused by the next elements at those depths.
    frames: Vec<ContentFrame>,
    depth: usize,
    ids: IdTable,
    /// The indexes of declared element types by name, filled as names occur. Only
    /// declared names are added, so the DTD bounds its size.
    element_indexes: FxHashMap<Box<str>, usize>,
    /// For each declared element type, by index, the index of the element type whose
    /// start tag followed its start tag last time. It is tried before the name lookup
    /// because documents repeat their patterns. The last slot is for the root and for
    /// start tags after an undeclared element.
    next_start_guesses: Vec<Option<usize>>,
    /// The slot in `next_start_guesses` of the latest start tag.
    last_start_slot: usize,
    /// Element types whose content model could not be compiled, reported once each.
    uncompiled_reported: HashSet<usize>,
    root_seen: bool,
}

impl Checker {
    pub(crate) fn new(
        dtd: Arc<CompiledDtd>,
        file: &str,
        doctype_name: Option<String>,
        standalone: bool,
    ) -> Self {
        let declared_count = dtd.schema().elements.len();
        Checker {
            context: Context {
                dtd,
                file: file.to_owned(),
                standalone,
                namespaces: true,
                path: ElementPath::default(),
            },
            doctype_name,
            frames: Vec::new(),
            depth: 0,
            ids: IdTable::default(),
            element_indexes: FxHashMap::default(),
            next_start_guesses: vec![None; declared_count + 1],
            last_start_slot: declared_count,
            uncompiled_reported: HashSet::new(),
            root_seen: false,
        }
    }

    /// Sets whether Namespaces in XML 1.0 applies (on by default).
    pub(crate) fn with_namespaces(mut self, namespaces: bool) -> Self {
        self.context.namespaces = namespaces;
        self
    }

    /// Checks one event.
    pub(crate) fn handle(&mut self, event: &Event, findings: &mut Findings) {
        match event {
            Event::StartElement {
                name,
                attributes,
                position,
                ..
            } => self.start_element(name, attributes, *position, findings),
            Event::EndElement { position, .. } => self.end_element(*position, findings),
            Event::Text {
                text,
                ignorable_candidate,
                position,
                ..
            } => self.text(text, *ignorable_candidate, *position, findings),
            Event::CommentOrPi { position } => {
                self.markup("a comment or processing instruction", *position, findings)
            }
            Event::EntityStart { name, position } => self.entity_start(name, *position, findings),
            Event::SkippedEntity { name, position } => {
                self.skipped_entity(name, *position, findings)
            }
            Event::XmlDecl(_) | Event::Doctype(_) | Event::EntityEnd { .. } | Event::Eof => {}
        }
    }

    /// Reports what is known only at the end of the document: IDREFs without target.
    /// Returns the path of the innermost open element, `None` outside the root.
    pub(crate) fn open_element_path(&self) -> Option<String> {
        (!self.context.path.is_empty()).then(|| self.context.path.render())
    }

    /// Returns whether whitespace-only text in the innermost open element needs no
    /// check, so that the reader may leave it out.
    #[inline]
    pub(crate) fn ignores_whitespace(&self) -> bool {
        self.depth
            .checked_sub(1)
            .and_then(|innermost| self.frames.get(innermost))
            .is_some_and(|frame| frame.ignores_whitespace(self.context.standalone))
    }

    pub(crate) fn finish(&mut self, findings: &mut Findings) {
        for reference in self.ids.unresolved() {
            let message = format!(
                "attribute `{}` refers to ID \"{}\", which no element in the document has",
                reference.attribute, reference.value
            );
            findings.push(
                Diagnostic::error(DiagnosticKind::Validity, Code::UnknownIdRef, message)
                    .at(Some(&self.context.file), reference.position)
                    .with_path(reference.path)
                    .with_expected("the value of an ID attribute in this document")
                    .with_found(reference.value)
                    .with_help("correct the reference or add an element with that ID"),
            );
        }
    }

    fn start_element(
        &mut self,
        name: &str,
        attributes: &[Attribute],
        position: Position,
        findings: &mut Findings,
    ) {
        let element_index = self.element_index(name);
        match element_index {
            Some(index) => self.context.path.push_with_id(name, index),
            None => self.context.path.push(name),
        }
        let schema = self.context.dtd.schema();
        let site = self.context.site(position);

        if !self.root_seen {
            self.root_seen = true;
            if let Some(expected) = self
                .doctype_name
                .as_deref()
                .filter(|expected| *expected != name)
            {
                findings.push(root_mismatch(expected, name, &site));
            }
        }

        let declared = element_index
            .and_then(|index| {
                let (symbol, decl) = schema.elements.get_index(index)?;
                Some((index, *symbol, decl))
            })
            .and_then(|(index, symbol, decl)| {
                decl.content
                    .as_ref()
                    .map(|spec| (index, symbol, decl, spec))
            });
        let Some((index, symbol, decl, spec)) = declared else {
            findings.push(undeclared_element(name, &site));
            open_frame(&mut self.frames, &mut self.depth).reset_unchecked();
            return;
        };

        // The parent's start tag compiled its model, so reading the result suffices.
        if let Some(parent) = innermost(&mut self.frames, self.depth) {
            let parent_automaton = parent
                .element_index()
                .and_then(|parent| self.context.dtd.compiled_automaton(parent));
            parent.child(symbol, parent_automaton, &site, findings);
        }

        check_attributes(decl, attributes, &site, &mut self.ids, findings);

        let automaton = match self.context.dtd.automaton(index) {
            Some(Ok(automaton)) => Some(automaton),
            Some(Err(error)) => {
                if self.uncompiled_reported.insert(index) {
                    let message =
                        format!("the content model of `{name}` cannot be checked: {error}");
                    let mut diagnostic = Diagnostic::error(
                        DiagnosticKind::Schema,
                        Code::UnsupportedConstruct,
                        message,
                    );
                    if let Some(span) = decl.span {
                        let source = schema
                            .source(span.source)
                            .map(|source| source.name.as_str());
                        diagnostic = diagnostic.at(source, span.start);
                    }
                    findings.push(diagnostic);
                }
                None
            }
            None => None,
        };
        open_frame(&mut self.frames, &mut self.depth).reset(
            index,
            spec,
            automaton,
            decl.external_markup,
        );
    }

    /// Returns the index in `Schema::elements` of the element type `name`, if it is
    /// declared, and records it as the guess for the next start tag after the
    /// previous one.
    fn element_index(&mut self, name: &str) -> Option<usize> {
        let previous_slot = self.last_start_slot;
        let guess = self
            .next_start_guesses
            .get(previous_slot)
            .copied()
            .flatten();
        let index = match guess.filter(|guess| self.declared_name(*guess) == Some(name)) {
            Some(index) => Some(index),
            None => {
                let index = self.look_up_element_index(name);
                if let Some(slot) = self.next_start_guesses.get_mut(previous_slot) {
                    *slot = index;
                }
                index
            }
        };

        self.last_start_slot = index.unwrap_or(self.next_start_guesses.len().saturating_sub(1));
        index
    }

    /// Returns the name of the element type at `index` in `Schema::elements`.
    fn declared_name(&self, index: usize) -> Option<&str> {
        let schema = self.context.dtd.schema();
        let (symbol, _) = schema.elements.get_index(index)?;
        Some(schema.name(*symbol))
    }

    /// Finds `name` among the declared element types, caching the result.
    fn look_up_element_index(&mut self, name: &str) -> Option<usize> {
        if let Some(&index) = self.element_indexes.get(name) {
            return Some(index);
        }

        let schema = self.context.dtd.schema();
        let symbol = schema.symbols.get(name)?;
        let index = schema.elements.get_index_of(&symbol)?;
        self.element_indexes.insert(name.into(), index);
        Some(index)
    }

    fn end_element(&mut self, position: Position, findings: &mut Findings) {
        let context = &self.context;
        let frame = innermost(&mut self.frames, self.depth);
        if let Some(frame) = frame {
            let automaton = frame
                .element_index()
                .and_then(|index| context.dtd.compiled_automaton(index));
            frame.end(automaton, || context.site(position), findings);
            self.depth -= 1;
        }
        self.context.path.pop();
    }

    fn text(
        &mut self,
        text: &str,
        ignorable_candidate: bool,
        position: Position,
        findings: &mut Findings,
    ) {
        let context = &self.context;
        let frame = innermost(&mut self.frames, self.depth);
        let Some(frame) = frame else {
            return;
        };
        frame.text(
            text,
            ignorable_candidate,
            context.standalone,
            || context.site(position),
            findings,
        );
    }

    // The rare events below stay out of line, so that the per-event dispatch that
    // inlines the frequent ones stays small.
    #[inline(never)]
    fn entity_start(&mut self, name: &str, position: Position, findings: &mut Findings) {
        self.markup(
            &format!("an entity reference `&{name};`"),
            position,
            findings,
        );
    }

    #[inline(never)]
    fn markup(&mut self, what: &str, position: Position, findings: &mut Findings) {
        let Some(frame) = innermost(&mut self.frames, self.depth) else {
            return;
        };
        let site = self.context.site(position);
        frame.markup(what, &site, findings);
    }

    #[inline(never)]
    fn skipped_entity(&mut self, name: &str, position: Position, findings: &mut Findings) {
        let declared = self.context.dtd.schema().general_entities.get(name);
        let diagnostic = match declared.map(|entity| &entity.value) {
            Some(EntityValue::External { id, .. }) => {
                findings.mark_skipped_content();
                Diagnostic::warning(
                DiagnosticKind::Resource,
                Code::Unresolved,
                format!(
                    "external entity `{name}` ({}) was not loaded, so its content was not checked",
                    id.system_id
                ),
            )
            .with_help("allow local external entities (`--external local` on the command line) or map the entity in a catalog")
            }
            Some(EntityValue::Internal(_)) => return,
            None => Diagnostic::error(
                DiagnosticKind::Validity,
                Code::UndeclaredEntity,
                format!("entity `{name}` is not declared"),
            )
            .with_found(format!("&{name};"))
            .with_help(format!(
                "declare it in the DTD with <!ENTITY {name} \"...\"> or replace the reference"
            )),
        };
        findings.push(
            diagnostic
                .at(Some(&self.context.file), position)
                .with_path(self.context.path.render()),
        );
        self.markup(
            &format!("an entity reference `&{name};`"),
            position,
            findings,
        );
    }
}

/// Returns the frame of the innermost open element, the last of the first `depth`.
fn innermost(frames: &mut [ContentFrame], depth: usize) -> Option<&mut ContentFrame> {
    frames.get_mut(depth.checked_sub(1)?)
}

/// Opens a frame for a new innermost element, reusing a closed one when there is
/// one. The caller resets it.
#[inline]
fn open_frame<'f>(frames: &'f mut Vec<ContentFrame>, depth: &mut usize) -> &'f mut ContentFrame {
    if frames.len() <= *depth {
        add_frames(frames, *depth + 1);
    }
    let index = *depth;
    *depth += 1;
    &mut frames[index]
}

/// Adds frames until there are `count`, once per new maximum depth.
#[cold]
fn add_frames(frames: &mut Vec<ContentFrame>, count: usize) {
    frames.resize_with(count, ContentFrame::unchecked);
}

#[cold]
fn root_mismatch(expected: &str, found: &str, site: &Site) -> Diagnostic {
    let message = format!("root element `{found}` does not match the DOCTYPE name `{expected}`");
    Diagnostic::error(DiagnosticKind::Validity, Code::RootMismatch, message)
        .at(Some(site.file), site.position)
        .with_path(site.path.render())
        .with_expected(expected)
        .with_found(found)
        .with_help(format!(
            "rename the root element to `{expected}` or correct the DOCTYPE name"
        ))
}

#[cold]
fn undeclared_element(name: &str, site: &Site) -> Diagnostic {
    let similar = site
        .schema
        .elements
        .iter()
        .filter(|(_, decl)| decl.content.is_some())
        .map(|(symbol, _)| site.schema.name(*symbol))
        .find(|candidate| candidate.eq_ignore_ascii_case(name));
    let help = match similar {
        Some(candidate) => format!("element names are case-sensitive: did you mean `{candidate}`?"),
        None => format!("declare it with <!ELEMENT {name} ...> or correct the name"),
    };
    Diagnostic::error(
        DiagnosticKind::Validity,
        Code::UndeclaredElement,
        format!("element `{name}` is not declared in the DTD"),
    )
    .at(Some(site.file), site.position)
    .with_path(site.path.render())
    .with_found(name)
    .with_help(help)
}
