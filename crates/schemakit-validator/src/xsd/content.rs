//! Content checks for one open element: children against the content model of its
//! complex type, text against element-only, empty and simple content, and `xsi:nil`.
//!
//! A child whose name the content model does not declare is reported and skipped,
//! so its later siblings are still checked. The order of declared children is
//! checked by [`OrderCheck`], which gives one finding per fault.

use super::checker::Site;
use super::compiled::{CompiledXsd, XsdMatchState};
use super::order::{Names, OrderCheck};
use crate::report::Findings;
use schemakit_model::xsd::{ComplexContent, ElementId, QName, TypeDefinition, TypeId};
use schemakit_model::{chars, Code, Position, Symbol};

/// The declaration a child element is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ChildDeclaration {
    Declared(ElementId),
    /// Not declared where it is, and allowed: checked against a global declaration
    /// of its name when there is one, like its own children.
    Lax,
    /// Not checked, nor are its children: a finding was reported already.
    Skipped,
}

/// The progress of an open element through its content type.
#[derive(Debug)]
enum Content {
    Skipped,
    /// `xs:anyType` content or an undeclared element inside it.
    Lax,
    Empty,
    /// Text of the simple type `type_id`, buffered up to the end tag.
    Simple {
        type_id: TypeId,
        text: String,
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
#[derive(Debug)]
pub(super) struct Frame {
    declaration: Option<ElementId>,
    /// The element's name as written, for messages.
    name: String,
    position: Position,
    content: Content,
    /// `xsi:nil="true"` on a nillable element: no content at all.
    nil: bool,
    /// A fault of nil, empty or simple content was reported, so no further
    /// finding of that kind is made for this element.
    faulted: bool,
}

impl Frame {
    pub(super) fn skipped() -> Frame {
        Frame::with_content(None, "", Position::START, Content::Skipped)
    }

    pub(super) fn lax() -> Frame {
        Frame::with_content(None, "", Position::START, Content::Lax)
    }

    /// Creates the frame of an element declared `id` with a simple type.
    pub(super) fn simple(id: ElementId, name: &str, type_id: TypeId, position: Position) -> Frame {
        let content = Content::Simple {
            type_id,
            text: String::new(),
            text_position: None,
            unchecked: false,
        };
        Frame::with_content(Some(id), name, position, content)
    }

    /// Creates the frame of an element declared `id` with a complex type of
    /// `content`; `state` is its compiled model's start, when it has one.
    pub(super) fn complex(
        id: ElementId,
        name: &str,
        type_id: TypeId,
        content: &ComplexContent,
        state: Option<XsdMatchState>,
        position: Position,
    ) -> Frame {
        let content = match content {
            ComplexContent::Empty => Content::Empty,
            ComplexContent::Simple(simple) => Content::Simple {
                type_id: *simple,
                text: String::new(),
                text_position: None,
                unchecked: false,
            },
            ComplexContent::Elements { mixed, .. } => Content::Elements {
                type_id,
                order: state.map(OrderCheck::new),
                mixed: *mixed,
                text_reported: false,
            },
            ComplexContent::Any => Content::Lax,
        };
        Frame::with_content(Some(id), name, position, content)
    }

    fn with_content(
        declaration: Option<ElementId>,
        name: &str,
        position: Position,
        content: Content,
    ) -> Frame {
        Frame {
            declaration,
            name: name.to_owned(),
            position,
            content,
            nil: false,
            faulted: false,
        }
    }

    pub(super) fn with_nil(mut self, nil: bool) -> Frame {
        self.nil = nil;
        self
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

        let parent = self.name.clone();
        if self.nil {
            self.report_once(findings, || {
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
                self.report_once(findings, || {
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
                self.report_once(findings, || {
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
                let declared = element_children(xsd, *type_id)
                    .zip(symbol)
                    .and_then(|(children, symbol)| children.get(&symbol).copied());
                let automaton = xsd
                    .automaton(*type_id)
                    .and_then(|result| result.as_ref().ok());
                let names = Names {
                    schema: xsd.schema(),
                    parent: &parent,
                };
                let (Some(id), Some(symbol)) = (declared, symbol) else {
                    // A name the content model does not declare is skipped, and the
                    // siblings after it are checked as if it were absent.
                    let declared_elsewhere = symbol.is_some_and(|symbol| {
                        components
                            .elements
                            .iter()
                            .any(|element| element.symbol == symbol)
                    });
                    if let (true, Some(order), Some(automaton)) =
                        (declared_elsewhere, order.as_ref(), automaton)
                    {
                        order.misplaced(automaton, name, &names, site, findings);
                        return ChildDeclaration::Skipped;
                    }
                    findings.push(
                        site.validity(
                            Code::UndeclaredElement,
                            format!(
                                "element `{name}` is not declared in the content of `{parent}`"
                            ),
                        )
                        .with_found(name)
                        .with_help(format!("remove `{name}` or correct its name")),
                    );
                    return ChildDeclaration::Skipped;
                };

                // Without a compiled model only the names are checked.
                if let (Some(order), Some(automaton)) = (order.as_mut(), automaton) {
                    order.child(automaton, symbol, &names, site, findings);
                }
                ChildDeclaration::Declared(id)
            }
        }
    }

    /// Checks character data `text` at `site`. Simple content is buffered up to
    /// `max_text_bytes` for the value check at the end tag.
    pub(super) fn text(
        &mut self,
        text: &str,
        max_text_bytes: usize,
        site: &Site,
        findings: &mut Findings,
    ) {
        if text.is_empty() {
            return;
        }
        if self.nil {
            let name = self.name.clone();
            self.report_once(findings, || {
                site.validity(
                    Code::NotEmpty,
                    format!("element `{name}` has xsi:nil=\"true\", so it cannot contain text"),
                )
                .with_help("remove xsi:nil or the text")
            });
            return;
        }

        let name = self.name.clone();
        match &mut self.content {
            Content::Skipped | Content::Lax => {}
            Content::Empty => {
                // Text is reported as text where none is allowed, as in element-only
                // content. Whitespace only makes the element not empty.
                let start = text.find(|ch| !chars::is_xml_whitespace(ch));
                self.report_once(findings, || match start {
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
                });
            }
            Content::Simple {
                text: buffer,
                text_position,
                unchecked,
                ..
            } => {
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
                if *mixed || *text_reported {
                    return;
                }
                let Some(start) = text.find(|ch| !chars::is_xml_whitespace(ch)) else {
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

    /// Checks the end of the element at `site` (its end tag). Returns the buffered
    /// text when the element has simple content whose value is to be checked.
    pub(super) fn end(
        &mut self,
        xsd: &CompiledXsd,
        site: &Site,
        findings: &mut Findings,
    ) -> Option<String> {
        if self.nil {
            return None;
        }
        match &mut self.content {
            Content::Simple {
                text, unchecked, ..
            } => (!*unchecked).then(|| std::mem::take(text)),
            Content::Elements {
                type_id,
                order: Some(order),
                ..
            } => {
                let automaton = xsd.automaton(*type_id)?.as_ref().ok()?;
                let names = Names {
                    schema: xsd.schema(),
                    parent: &self.name,
                };
                order.end(automaton, &names, site, findings);
                None
            }
            _ => None,
        }
    }

    fn report_once(
        &mut self,
        findings: &mut Findings,
        diagnostic: impl FnOnce() -> schemakit_model::Diagnostic,
    ) {
        if !self.faulted {
            self.faulted = true;
            findings.push(diagnostic());
        }
    }
}

/// Returns the declarations of the children that the complex type `type_id` names.
fn element_children(
    xsd: &CompiledXsd,
    type_id: TypeId,
) -> Option<&indexmap::IndexMap<Symbol, ElementId>> {
    match xsd.components()?.type_definition(type_id)? {
        TypeDefinition::Complex(complex) => match &complex.content {
            ComplexContent::Elements { children, .. } => Some(children),
            _ => None,
        },
        TypeDefinition::Simple(_) => None,
    }
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
