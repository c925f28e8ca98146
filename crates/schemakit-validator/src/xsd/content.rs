//! Content checks for one open element: children against the content model of its
//! complex type, text against element-only, empty and simple content, and `xsi:nil`.
//!
//! A child whose name the content model does not declare is reported and skipped,
//! so its later siblings are still checked. The order of declared children is
//! checked by [`OrderCheck`], which gives one finding per fault.

use super::checker::Site;
use super::compiled::{CompiledXsd, XsdAutomaton, XsdMatchState};
use super::order::{Names, OrderCheck, OrderHistory};
use super::wildcards::{all_wildcards, describe_wildcard, first_allowing, wildcard_declaration};
use crate::report::Findings;
use schemakit_model::xsd::{ComplexContent, ElementId, QName, TypeDefinition, TypeId};
use schemakit_model::{ChildMatch, Code, Particle, Position, Symbol, Wildcard};

/// The declaration a child element is checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum ChildDeclaration {
    Declared(ElementId),
    /// Not declared where it is, and allowed: checked against a global declaration
    /// of its name when there is one, like its own children.
    Lax,
    /// Not checked, nor are its children: a finding was reported already.
    Skipped,
    /// Not declared where a declaration is required: at the root (`None`) or where a
    /// strict wildcard matched it. Checked against the type its `xsi:type` names, or
    /// else reported as undeclared.
    Required(Option<Wildcard>),
    /// Not checked, nor are its children, and allowed: a wildcard with
    /// `processContents="skip"` matched it.
    Unchecked,
}

/// The progress of an open element through its content type.
#[derive(Debug)]
enum Content {
    Skipped,
    /// `xs:anyType` content or an undeclared element inside it.
    Lax,
    Empty,
    /// Text of the simple type `type_id`, buffered in [`Frame::text`] up to the
    /// end tag.
    Simple {
        type_id: TypeId,
        /// The position of the first text.
        text_position: Option<Position>,
        /// The text exceeded the buffer limit, or a child element appeared.
        unchecked: bool,
    },
    Elements {
        type_id: TypeId,
        /// `None` when the content model could not be compiled: children are then
        /// checked against their declarations but not for order.
        order: Option<OrderCheck>,
        mixed: bool,
        /// Whether the current run of text was already reported.
        text_reported: bool,
    },
}

/// The content check of one open element.
///
/// A frame stays in its slot of the frame stack after its element ends, and the
/// next element opened at that depth restarts it in place from a [`FrameStart`]
/// (see [`Frame::restart`]). So its buffers are allocated once per depth rather
/// than once per element, and the frame is not copied per element.
#[derive(Debug)]
pub(super) struct Frame {
    declaration: Option<ElementId>,
    /// The element's name as written, for messages.
    name: String,
    position: Position,
    content: Content,
    /// The text of simple content, checked at the end tag.
    text: String,
    /// A buffer for the order check's history, kept while the content has no order
    /// check.
    spare_history: OrderHistory,
    /// `xsi:nil="true"` on a nillable element: no content at all.
    nil: bool,
    /// A fault of nil, empty or simple content was reported, so no further
    /// finding of that kind is made for this element.
    faulted: bool,
    /// The content of a mixed element with a fixed value, compared at the end tag.
    fixed_mixed: Option<Box<FixedMixed>>,
}

/// The content of a mixed element whose declaration has a fixed value: it must be
/// empty, or text equal to the fixed value without child elements.
#[derive(Debug)]
struct FixedMixed {
    fixed: String,
    text: String,
    /// A child element appeared.
    has_child: bool,
    /// The text outgrew the buffer limit, so it is not compared.
    overflowed: bool,
}

/// The settings of a frame that an element's start tag determines, which are the
/// declaration, the content type, `xsi:nil` and a fixed value of mixed content.
/// It is smaller than a [`Frame`], which it starts in place.
#[derive(Debug)]
pub(super) struct FrameStart {
    declaration: Option<ElementId>,
    position: Position,
    content: ContentStart,
    nil: bool,
    fixed_mixed: Option<Box<FixedMixed>>,
}

/// The content type of an element being opened, as in [`Content`] before any
/// child or text.
#[derive(Debug)]
enum ContentStart {
    Skipped,
    Lax,
    Empty,
    Simple {
        type_id: TypeId,
    },
    Elements {
        type_id: TypeId,
        /// The start of the compiled content model, when there is one.
        state: Option<XsdMatchState>,
        mixed: bool,
    },
}

impl FrameStart {
    pub(super) fn skipped() -> FrameStart {
        FrameStart::with_content(None, Position::START, ContentStart::Skipped)
    }

    pub(super) fn lax() -> FrameStart {
        FrameStart::with_content(None, Position::START, ContentStart::Lax)
    }

    /// Starts the frame of an element of a simple type, declared `id` when it has a
    /// declaration.
    pub(super) fn simple(id: Option<ElementId>, type_id: TypeId, position: Position) -> FrameStart {
        FrameStart::with_content(id, position, ContentStart::Simple { type_id })
    }

    /// Starts the frame of an element of a complex type with `content`, declared
    /// `id` when it has a declaration. `state` is the start of the compiled content
    /// model, when there is one.
    pub(super) fn complex(
        id: Option<ElementId>,
        type_id: TypeId,
        content: &ComplexContent,
        state: Option<XsdMatchState>,
        position: Position,
    ) -> FrameStart {
        let content = match content {
            ComplexContent::Empty => ContentStart::Empty,
            ComplexContent::Simple(simple) => ContentStart::Simple { type_id: *simple },
            ComplexContent::Elements { mixed, .. } => ContentStart::Elements {
                type_id,
                state,
                mixed: *mixed,
            },
            ComplexContent::Any => ContentStart::Lax,
        };
        FrameStart::with_content(id, position, content)
    }

    fn with_content(
        declaration: Option<ElementId>,
        position: Position,
        content: ContentStart,
    ) -> FrameStart {
        FrameStart {
            declaration,
            position,
            content,
            nil: false,
            fixed_mixed: None,
        }
    }

    /// Makes the content of a mixed element compare against the `fixed` value of its
    /// declaration at the end tag. Frames of other content ignore it.
    pub(super) fn with_fixed_mixed(mut self, fixed: &str) -> FrameStart {
        if matches!(self.content, ContentStart::Elements { mixed: true, .. }) {
            self.fixed_mixed = Some(Box::new(FixedMixed {
                fixed: fixed.to_owned(),
                text: String::new(),
                has_child: false,
                overflowed: false,
            }));
        }
        self
    }

    pub(super) fn with_nil(mut self, nil: bool) -> FrameStart {
        self.nil = nil;
        self
    }
}

impl Frame {
    /// Creates the frame of an element written `name` from `start`, with new
    /// buffers.
    pub(super) fn new(start: FrameStart, name: &str) -> Frame {
        let mut frame = Frame {
            declaration: None,
            name: String::new(),
            position: Position::START,
            content: Content::Skipped,
            text: String::new(),
            spare_history: OrderHistory::new(),
            nil: false,
            faulted: false,
            fixed_mixed: None,
        };
        frame.restart(start, name);
        frame
    }

    /// Starts this frame, whose element has ended, over for an element written
    /// `name` from `start`, keeping its buffers. An order check stays in place, so
    /// its history buffer is not moved.
    pub(super) fn restart(&mut self, start: FrameStart, name: &str) {
        let FrameStart {
            declaration,
            position,
            content,
            nil,
            fixed_mixed,
        } = start;
        self.declaration = declaration;
        self.position = position;
        self.nil = nil;
        self.faulted = false;
        self.fixed_mixed = fixed_mixed;
        self.name.clear();
        self.name.push_str(name);
        self.text.clear();

        if let ContentStart::Elements {
            type_id: new_type,
            state: Some(state),
            mixed: new_mixed,
        } = content
        {
            if let Content::Elements {
                type_id,
                order: Some(order),
                mixed,
                text_reported,
            } = &mut self.content
            {
                *type_id = new_type;
                order.restart(state);
                *mixed = new_mixed;
                *text_reported = false;
                return;
            }
            let history = std::mem::take(&mut self.spare_history);
            self.content = Content::Elements {
                type_id: new_type,
                order: Some(OrderCheck::new(state, history)),
                mixed: new_mixed,
                text_reported: false,
            };
            return;
        }

        // Simple content after simple content is restarted in place, which saves
        // dropping the old content.
        if let (
            ContentStart::Simple { type_id: new_type },
            Content::Simple {
                type_id,
                text_position,
                unchecked,
            },
        ) = (&content, &mut self.content)
        {
            *type_id = *new_type;
            *text_position = None;
            *unchecked = false;
            return;
        }

        if let Content::Elements {
            order: Some(order), ..
        } = &mut self.content
        {
            self.spare_history = order.take_history();
        }
        self.content = match content {
            ContentStart::Skipped => Content::Skipped,
            ContentStart::Lax => Content::Lax,
            ContentStart::Empty => Content::Empty,
            ContentStart::Simple { type_id } => Content::Simple {
                type_id,
                text_position: None,
                unchecked: false,
            },
            ContentStart::Elements {
                type_id,
                state,
                mixed,
            } => Content::Elements {
                type_id,
                order: state.map(|state| OrderCheck::new(state, OrderHistory::new())),
                mixed,
                text_reported: false,
            },
        };
    }

    pub(super) fn declaration(&self) -> Option<ElementId> {
        self.declaration
    }

    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// Returns the simple type of the element's text, when it has simple content.
    pub(super) fn simple_type(&self) -> Option<TypeId> {
        match &self.content {
            Content::Simple { type_id, .. } => Some(*type_id),
            _ => None,
        }
    }

    /// Returns where the element's text starts, or its start tag when it has none.
    pub(super) fn text_position(&self) -> Position {
        match &self.content {
            Content::Simple {
                text_position: Some(position),
                ..
            } => *position,
            _ => self.position,
        }
    }

    /// Checks a child element `name` (resolved to `qname`, interned as `symbol` when
    /// the schema contains the name) at `site`, whose path is the child's. Returns the
    /// declaration to check the child against.
    pub(super) fn child(
        &mut self,
        xsd: &CompiledXsd,
        symbol: Option<Symbol>,
        qname: &QName,
        name: &str,
        site: &Site,
        findings: &mut Findings,
    ) -> ChildDeclaration {
        let Some(components) = xsd.components() else {
            return ChildDeclaration::Skipped;
        };

        let parent = self.name.as_str();
        if let Some(fixed_mixed) = self.fixed_mixed.as_mut() {
            fixed_mixed.has_child = true;
        }
        if self.nil {
            report_once(&mut self.faulted, findings, || {
                site.validity(
                    Code::NotEmpty,
                    format!(
                        "element `{parent}` has xsi:nil=\"true\", so it cannot contain element `{name}`"
                    ),
                )
                .with_found(name)
                .with_help("remove xsi:nil or the child element")
            });
            return ChildDeclaration::Skipped;
        }

        match &mut self.content {
            Content::Skipped => ChildDeclaration::Skipped,
            Content::Lax => match components.global_elements.get(qname) {
                Some(id) => ChildDeclaration::Declared(*id),
                None => ChildDeclaration::Lax,
            },
            Content::Empty => {
                report_once(&mut self.faulted, findings, || {
                    site.validity(
                        Code::NotEmpty,
                        format!("element `{parent}` has empty content, so it cannot contain element `{name}`"),
                    )
                    .with_found(name)
                    .with_help(format!("remove the child element from `{parent}`"))
                });
                ChildDeclaration::Skipped
            }
            Content::Simple { unchecked, .. } => {
                *unchecked = true;
                report_once(&mut self.faulted, findings, || {
                    site.validity(
                        Code::UnexpectedElement,
                        format!("element `{parent}` has a simple type, so it cannot contain element `{name}`"),
                    )
                    .with_expected("text")
                    .with_found(name)
                    .with_help(format!("remove the child element from `{parent}`"))
                });
                ChildDeclaration::Skipped
            }
            Content::Elements {
                type_id,
                order,
                text_reported,
                ..
            } => {
                *text_reported = false;
                let Some(particle) = element_particle(xsd, *type_id) else {
                    return ChildDeclaration::Skipped;
                };
                let automaton = xsd
                    .automaton(*type_id)
                    .and_then(|result| result.as_ref().ok());
                let names = Names {
                    schema: xsd.schema(),
                    parent,
                };
                let namespace = qname.namespace.as_deref();
                let declared = symbol.and_then(|symbol| xsd.child_declaration(*type_id, symbol));
                let child = Child { qname, name, site };

                let active = match (order.as_mut(), automaton) {
                    (Some(order), Some(automaton)) if !order.is_stopped() => {
                        Some((order, automaton))
                    }
                    _ => None,
                };
                let Some((order, automaton)) = active else {
                    // Without a compiled model, or once the order check stopped, only
                    // the names are checked.
                    if let Some(id) = declared {
                        return ChildDeclaration::Declared(id);
                    }
                    if let Some(wildcard) = first_allowing(particle, namespace) {
                        return wildcard_declaration(wildcard, components, qname);
                    }
                    let misplaced = order.as_ref().zip(automaton);
                    return reject(xsd, particle, symbol, misplaced, &names, &child, findings);
                };

                match order.step_child(automaton, symbol, namespace) {
                    // An element particle matches only the child's own name, whose
                    // declaration `declared` already contains.
                    Some(ChildMatch::Element(_)) => {
                        return declared
                            .map_or(ChildDeclaration::Skipped, ChildDeclaration::Declared);
                    }
                    Some(ChildMatch::Wildcard(wildcard)) => {
                        return wildcard_declaration(wildcard, components, qname);
                    }
                    None => {}
                }

                if let (Some(id), Some(symbol)) = (declared, symbol) {
                    // A declared child out of place: the order check explains it.
                    order.child(automaton, symbol, &names, site, findings);
                    return ChildDeclaration::Declared(id);
                }
                reject(
                    xsd,
                    particle,
                    symbol,
                    Some((&*order, automaton)),
                    &names,
                    &child,
                    findings,
                )
            }
        }
    }

    /// Returns whether [`Self::text`] does nothing with whitespace-only text of any
    /// length: true in element-only, mixed, skipped and lax content, unless the
    /// element is nil or its text is kept for a fixed value.
    pub(super) fn ignores_whitespace(&self) -> bool {
        !self.nil
            && self.fixed_mixed.is_none()
            && matches!(
                self.content,
                Content::Skipped | Content::Lax | Content::Elements { .. }
            )
    }

    /// Checks character data `text` at `site`. Simple content is buffered up to
    /// `max_text_bytes` for the value check at the end tag. When `whitespace_only`
    /// is set, element-only content skips the scan for other characters.
    pub(super) fn text(
        &mut self,
        text: &str,
        whitespace_only: bool,
        max_text_bytes: usize,
        site: &Site,
        findings: &mut Findings,
    ) {
        if text.is_empty() {
            return;
        }
        if self.nil {
            let name = self.name.as_str();
            report_once(&mut self.faulted, findings, || {
                site.validity(
                    Code::NotEmpty,
                    format!("element `{name}` has xsi:nil=\"true\", so it cannot contain text"),
                )
                .with_help("remove xsi:nil or the text")
            });
            return;
        }

        if let Some(fixed_mixed) = self.fixed_mixed.as_mut() {
            if fixed_mixed.text.len().saturating_add(text.len()) > max_text_bytes {
                fixed_mixed.overflowed = true;
            } else {
                fixed_mixed.text.push_str(text);
            }
        }

        let name = self.name.as_str();
        match &mut self.content {
            Content::Skipped | Content::Lax => {}
            Content::Empty => {
                // Text is reported as text where none is allowed, as in element-only
                // content. Whitespace only makes the element not empty.
                let start = first_non_whitespace(text);
                report_once(&mut self.faulted, findings, || {
                    match start {
                    Some(start) => Site {
                        file: site.file,
                        position: site.position.advance(&text[..start]),
                        path: site.path,
                    }
                    .validity(
                        Code::TextNotAllowed,
                        format!("element `{name}` has empty content, so text is not allowed in it"),
                    )
                    .with_found(excerpt(text))
                    .with_help(format!("remove the text from `{name}`")),
                    None => site
                        .validity(
                            Code::NotEmpty,
                            format!("element `{name}` has empty content, so it cannot contain whitespace either"),
                        )
                        .with_help(format!("remove the whitespace from `{name}`")),
                }
                });
            }
            Content::Simple {
                text_position,
                unchecked,
                ..
            } => {
                let buffer = &mut self.text;
                if *unchecked {
                    return;
                }
                if text_position.is_none() {
                    *text_position = Some(site.position);
                }
                if buffer.len().saturating_add(text.len()) > max_text_bytes {
                    *unchecked = true;
                    buffer.clear();
                    findings.push(
                        schemakit_model::Diagnostic::error(
                            schemakit_model::DiagnosticKind::Limit,
                            Code::LimitExceeded,
                            format!("the text of element `{name}` is longer than {max_text_bytes} bytes, so its value was not checked"),
                        )
                        .at(Some(site.file), site.position)
                        .with_path(site.path.render())
                        .with_help("raise the limit on the size of text held in memory (--max-token-bytes)"),
                    );
                    return;
                }
                buffer.push_str(text);
            }
            Content::Elements {
                mixed,
                text_reported,
                ..
            } => {
                if *mixed || *text_reported || whitespace_only {
                    return;
                }
                let Some(start) = first_non_whitespace(text) else {
                    return;
                };
                *text_reported = true;
                let at = Site {
                    file: site.file,
                    position: site.position.advance(&text[..start]),
                    path: site.path,
                };
                findings.push(
                    at.validity(
                        Code::TextNotAllowed,
                        format!("element `{name}` has element-only content, so text is not allowed in it"),
                    )
                    .with_found(excerpt(text))
                    .with_help(format!("remove the text or move it into a child element of `{name}`")),
                );
            }
        }
    }

    /// Checks the end of the element at `site` (its end tag). Returns whether the
    /// element has simple content whose value, [`Frame::text`], is to be checked.
    pub(super) fn end(&mut self, xsd: &CompiledXsd, site: &Site, findings: &mut Findings) -> bool {
        if self.nil {
            return false;
        }
        if let Some(fixed_mixed) = self.fixed_mixed.take() {
            self.check_fixed_mixed(*fixed_mixed, site, findings);
        }
        match &mut self.content {
            Content::Simple { unchecked, .. } => !*unchecked,
            Content::Elements {
                type_id,
                order: Some(order),
                ..
            } => {
                let Some(Ok(automaton)) = xsd.automaton(*type_id) else {
                    return false;
                };
                let names = Names {
                    schema: xsd.schema(),
                    parent: &self.name,
                };
                order.end(automaton, &names, site, findings);
                false
            }
            _ => false,
        }
    }

    /// Returns the buffered text of simple content.
    pub(super) fn text_value(&self) -> &str {
        &self.text
    }

    /// Compares the content of a mixed element with its fixed value. Empty content
    /// takes the fixed value, so only text that differs or a child element is an error.
    fn check_fixed_mixed(&mut self, content: FixedMixed, site: &Site, findings: &mut Findings) {
        let FixedMixed {
            fixed,
            text,
            has_child,
            overflowed,
        } = content;
        let name = &self.name;
        if has_child {
            findings.push(
                site.validity(
                    Code::FixedValueMismatch,
                    format!("element `{name}` has the fixed value \"{fixed}\", so it cannot contain child elements"),
                )
                .with_expected(fixed.clone())
                .with_help(format!("replace the content of `{name}` with \"{fixed}\" or leave it empty")),
            );
            return;
        }
        if overflowed || text.is_empty() || text == fixed {
            return;
        }
        findings.push(
            site.validity(
                Code::FixedValueMismatch,
                format!("element `{name}` must have the fixed value \"{fixed}\""),
            )
            .with_expected(fixed.clone())
            .with_found(excerpt(&text))
            .with_help(format!(
                "change the content to \"{fixed}\" or leave the element empty"
            )),
        );
    }
}

/// Pushes the finding that `diagnostic` builds unless `faulted` records that one was
/// pushed already for this element. A function of the flag rather than a method, so
/// the caller can keep other fields of the frame borrowed.
fn report_once(
    faulted: &mut bool,
    findings: &mut Findings,
    diagnostic: impl FnOnce() -> schemakit_model::Diagnostic,
) {
    if !*faulted {
        *faulted = true;
        findings.push(diagnostic());
    }
}

/// A child element being checked: its resolved name, its name as written and its
/// location.
struct Child<'a> {
    qname: &'a QName,
    name: &'a str,
    site: &'a Site<'a>,
}

/// Reports a child that nothing in the content model allows where it is, and skips
/// it, so the siblings after it are checked as if it were absent. A child that the
/// schema declares elsewhere, or that a wildcard of the model allows elsewhere, is
/// reported as misplaced when `misplaced` has the element's order check.
fn reject(
    xsd: &CompiledXsd,
    particle: &Particle,
    symbol: Option<Symbol>,
    misplaced: Option<(&OrderCheck, &XsdAutomaton)>,
    names: &Names,
    child: &Child,
    findings: &mut Findings,
) -> ChildDeclaration {
    let Child { qname, name, site } = *child;
    let declared_elsewhere = symbol.is_some_and(|symbol| {
        xsd.components().is_some_and(|components| {
            components
                .elements
                .iter()
                .any(|element| element.symbol == symbol)
        })
    });
    let allowed_elsewhere = first_allowing(particle, qname.namespace.as_deref()).is_some();
    if let (true, Some((order, automaton))) = (declared_elsewhere || allowed_elsewhere, misplaced) {
        order.misplaced(automaton, name, names, site, findings);
        return ChildDeclaration::Skipped;
    }

    let parent = names.parent;
    let wildcards: Vec<String> = all_wildcards(particle)
        .into_iter()
        .map(describe_wildcard)
        .collect();
    if wildcards.is_empty() {
        findings.push(
            site.validity(
                Code::UndeclaredElement,
                format!("element `{name}` is not declared in the content of `{parent}`"),
            )
            .with_found(name)
            .with_help(format!("remove `{name}` or correct its name")),
        );
        return ChildDeclaration::Skipped;
    }

    let allowed = wildcards.join(" or ");
    findings.push(
        site.validity(
            Code::UndeclaredElement,
            format!("element `{name}` is not declared in the content of `{parent}`, which allows only its declared elements and {allowed}"),
        )
        .with_expected(format!("a declared element or {allowed}"))
        .with_found(name)
        .with_help(format!("remove `{name}` or correct its name or namespace")),
    );
    ChildDeclaration::Skipped
}

/// Returns the particle of the complex type `type_id` with element content.
fn element_particle(xsd: &CompiledXsd, type_id: TypeId) -> Option<&Particle> {
    match xsd.components()?.type_definition(type_id)? {
        TypeDefinition::Complex(complex) => match &complex.content {
            ComplexContent::Elements { particle, .. } => Some(particle),
            _ => None,
        },
        TypeDefinition::Simple(_) => None,
    }
}

/// Returns the byte offset of the first character of `text` that is not XML
/// whitespace. The scan is over bytes, because every XML whitespace character is
/// ASCII, so the offset found is a character boundary.
fn first_non_whitespace(text: &str) -> Option<usize> {
    text.bytes()
        .position(|byte| !matches!(byte, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Shortens text for a message: its first 40 characters, trimmed.
fn excerpt(text: &str) -> String {
    let trimmed = text.trim();
    let mut excerpt: String = trimmed.chars().take(40).collect();
    if excerpt.len() < trimmed.len() {
        excerpt.push('…');
    }
    excerpt
}
