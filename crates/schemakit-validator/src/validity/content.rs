//! Content-model checks for one open element: children against the content model,
//! text against element content, and EMPTY.
//!
//! Element content steps through the element's [`ContentAutomaton`]; a child that
//! does not fit goes through the error recovery of [`super::recovery`], so that each
//! fault gives exactly one finding and later siblings do not cascade.

use super::messages::{describe_expected, quote_list};
use super::recovery::{Fault, Located, Recovery, Side};
use super::Site;
use crate::report::Findings;
use schemakit_model::{
    chars, Code, ContentAutomaton, ContentSpec, Diagnostic, DiagnosticKind, Symbol,
};

/// The kind of content an open element has, as far as it is checked.
#[derive(Clone, Copy, Debug)]
enum ContentState {
    /// Not checked: the element is undeclared or its model could not be compiled.
    Unchecked,
    Empty {
        reported: bool,
    },
    Any,
    Mixed,
    /// Element content, checked by the frame's recovery state.
    Children,
}

/// The content check of one open element.
///
/// The checker keeps the frames of closed elements and resets them for the next
/// element at the same depth, so the recovery state's buffers are allocated once
/// per depth rather than once per element.
#[derive(Debug)]
pub(crate) struct ContentFrame {
    /// The element's index in `Schema::elements`, when it is declared.
    element: Option<usize>,
    state: ContentState,
    /// The progress through the content model while `state` is `Children`.
    recovery: Recovery,
    /// Whether the element's declaration came from external markup.
    external_markup: bool,
    /// Whether the current run of text was already checked; reset by child elements.
    text_run_checked: bool,
    standalone_whitespace_reported: bool,
}

impl ContentFrame {
    /// Creates a frame whose content is not checked.
    pub(crate) fn unchecked() -> Self {
        ContentFrame {
            element: None,
            state: ContentState::Unchecked,
            recovery: Recovery::default(),
            external_markup: false,
            text_run_checked: false,
            standalone_whitespace_reported: false,
        }
    }

    /// Makes this frame check nothing, for an undeclared element.
    pub(super) fn reset_unchecked(&mut self) {
        self.element = None;
        self.state = ContentState::Unchecked;
        self.external_markup = false;
        self.text_run_checked = false;
        self.standalone_whitespace_reported = false;
    }

    /// Makes this frame check the declared element at `index` with content
    /// specification `spec`. `automaton` is its compiled model when `spec` is
    /// element content.
    pub(super) fn reset(
        &mut self,
        index: usize,
        spec: &ContentSpec,
        automaton: Option<&ContentAutomaton>,
        external_markup: bool,
    ) {
        self.state = match (spec, automaton) {
            (ContentSpec::Empty, _) => ContentState::Empty { reported: false },
            (ContentSpec::Any, _) => ContentState::Any,
            (ContentSpec::Mixed(_), _) => ContentState::Mixed,
            (ContentSpec::Children(_), Some(automaton)) => {
                self.recovery.restart(automaton.start());
                ContentState::Children
            }
            _ => ContentState::Unchecked,
        };
        self.element = Some(index);
        self.external_markup = external_markup;
        self.text_run_checked = false;
        self.standalone_whitespace_reported = false;
    }

    pub(crate) fn element_index(&self) -> Option<usize> {
        self.element
    }

    /// Checks a declared child element `child` starting at `site` (whose path is the
    /// child's). `automaton` is this element's compiled model, if it has one.
    pub(crate) fn child(
        &mut self,
        child: Symbol,
        automaton: Option<&ContentAutomaton>,
        site: &Site,
        findings: &mut Findings,
    ) {
        self.text_run_checked = false;

        match &mut self.state {
            ContentState::Unchecked | ContentState::Any => {}
            ContentState::Empty { reported } => {
                if !*reported {
                    *reported = true;
                    findings.push(not_empty(
                        site,
                        self.element,
                        &format!("child element `{}`", site.schema.name(child)),
                    ));
                }
            }
            ContentState::Mixed => {
                let allowed = match element_spec(site, self.element) {
                    Some(ContentSpec::Mixed(names)) => names.contains(&child),
                    _ => true,
                };
                if !allowed {
                    findings.push(unexpected_in_mixed(site, self.element, child));
                }
            }
            ContentState::Children => {
                if let Some(automaton) = automaton {
                    let at = || Located {
                        position: site.position,
                        path: site.path.render(),
                    };
                    for fault in self.recovery.child(automaton, child, &at) {
                        findings.push(fault_diagnostic(fault, site, self.element));
                    }
                }
            }
        }
    }

    /// Checks character data `text`. `standalone` is whether the document declared
    /// standalone="yes", and `site` gives the location of the text, built only
    /// when a finding needs it.
    pub(crate) fn text<'s>(
        &mut self,
        text: &str,
        ignorable_candidate: bool,
        standalone: bool,
        site: impl FnOnce() -> Site<'s>,
        findings: &mut Findings,
    ) {
        match &mut self.state {
            ContentState::Unchecked | ContentState::Any | ContentState::Mixed => {}
            ContentState::Empty { reported } => {
                if *reported || text.is_empty() {
                    return;
                }
                *reported = true;

                // Text is reported as text where none is allowed, like text in
                // element content. Whitespace only makes the element not empty.
                let site = site();
                if ignorable_candidate {
                    findings.push(not_empty(&site, self.element, "whitespace"));
                } else {
                    findings.push(text_not_allowed(text, &site, self.element));
                }
            }
            ContentState::Children => {
                if ignorable_candidate {
                    if standalone
                        && self.external_markup
                        && !text.is_empty()
                        && !self.standalone_whitespace_reported
                    {
                        self.standalone_whitespace_reported = true;
                        findings.push(standalone_whitespace(&site(), self.element));
                    }
                    return;
                }
                if self.text_run_checked {
                    return;
                }
                self.text_run_checked = true;
                findings.push(text_not_allowed(text, &site(), self.element));
            }
        }
    }

    /// Returns whether [`Self::text`] does nothing with whitespace-only text of any
    /// length: true in mixed, ANY and unchecked content, and in element content
    /// unless a standalone document must not have whitespace there.
    pub(crate) fn ignores_whitespace(&self, standalone: bool) -> bool {
        match self.state {
            ContentState::Unchecked | ContentState::Any | ContentState::Mixed => true,
            ContentState::Empty { .. } => false,
            ContentState::Children => {
                !(standalone && self.external_markup) || self.standalone_whitespace_reported
            }
        }
    }

    /// Checks a comment, processing instruction or entity reference in content,
    /// which only an EMPTY element forbids.
    pub(crate) fn markup(&mut self, what: &str, site: &Site, findings: &mut Findings) {
        if let ContentState::Empty { reported } = &mut self.state {
            if !*reported {
                *reported = true;
                findings.push(not_empty(site, self.element, what));
            }
        }
    }

    /// Checks the end of the element. `site` gives the location of the end tag,
    /// built only when a finding needs it.
    pub(crate) fn end<'s>(
        &mut self,
        automaton: Option<&ContentAutomaton>,
        site: impl Fn() -> Site<'s>,
        findings: &mut Findings,
    ) {
        let ContentState::Children = self.state else {
            return;
        };
        let Some(automaton) = automaton else {
            return;
        };

        let at = || here(&site());
        let faults = self.recovery.end(automaton, &at);
        if faults.is_empty() {
            return;
        }

        let site = site();
        for fault in faults {
            findings.push(fault_diagnostic(fault, &site, self.element));
        }
    }
}

fn element_spec<'s>(site: &Site<'s>, element: Option<usize>) -> Option<&'s ContentSpec> {
    site.schema.elements.get_index(element?)?.1.content.as_ref()
}

fn element_name<'s>(site: &Site<'s>, element: Option<usize>) -> &'s str {
    match element.and_then(|index| site.schema.elements.get_index(index)) {
        Some((symbol, _)) => site.schema.name(*symbol),
        None => "?",
    }
}

/// "the content model of `X` is (A, B)".
fn model_help(site: &Site, element: Option<usize>) -> String {
    let model = element_spec(site, element)
        .map(|spec| spec.to_dtd_syntax(&site.schema.symbols))
        .unwrap_or_default();
    format!(
        "the content model of `{}` is {model}",
        element_name(site, element)
    )
}

fn validity(code: Code, message: String, site: &Site, at: Located) -> Diagnostic {
    Diagnostic::error(DiagnosticKind::Validity, code, message)
        .at(Some(site.file), at.position)
        .with_path(at.path)
}

/// Returns the current position and path of `site`.
fn here(site: &Site) -> Located {
    Located {
        position: site.position,
        path: site.path.render(),
    }
}

/// Turns a fault found by the recovery into a finding.
#[cold]
fn fault_diagnostic(fault: Fault, site: &Site, element: Option<usize>) -> Diagnostic {
    let names = |symbols: &[Symbol]| -> Vec<&str> {
        symbols.iter().map(|name| site.schema.name(*name)).collect()
    };
    let parent = element_name(site, element);

    match fault {
        Fault::Missing { skipped, child, at } => {
            let skipped = names(&skipped);
            let child = site.schema.name(child);
            let message = format!(
                "missing {} before `{child}` in `{parent}`",
                quote_list(&skipped, "and")
            );
            validity(Code::MissingElement, message, site, at)
                .with_expected(skipped.join(", "))
                .with_found(child)
                .with_help(model_help(site, element))
        }
        Fault::Unexpected {
            child,
            expected,
            accepts_end,
            too_early,
            at,
        } => {
            let expected = describe_expected(&names(&expected), accepts_end);
            let child = site.schema.name(child);
            match too_early {
                Some(first) => {
                    let first = names(&first);
                    let message = format!(
                        "`{child}` comes too early in `{parent}`: {} must come before it",
                        quote_list(&first, "and")
                    );
                    validity(Code::ElementOutOfOrder, message, site, at)
                        .with_expected(expected)
                        .with_found(child)
                        .with_help(format!(
                            "move `{child}` after {}: {}",
                            quote_list(&first, "and"),
                            model_help(site, element)
                        ))
                }
                None => {
                    let message = format!(
                        "element `{child}` is not allowed here in `{parent}`, which expects {expected}"
                    );
                    validity(Code::UnexpectedElement, message, site, at)
                        .with_expected(expected)
                        .with_found(child)
                        .with_help(model_help(site, element))
                }
            }
        }
        Fault::OutOfOrder {
            child,
            anchor,
            side,
            at,
        } => {
            let child = site.schema.name(child);
            let anchor = site.schema.name(anchor);
            let (relation, opposite) = match side {
                Side::Before => ("before", "after"),
                Side::After => ("after", "before"),
            };
            let message = format!("`{child}` must come {relation} `{anchor}` in `{parent}`");
            validity(Code::ElementOutOfOrder, message, site, at)
                .with_expected(format!("{child} {relation} {anchor}"))
                .with_found(format!("{child} {opposite} {anchor}"))
                .with_help(format!(
                    "move `{child}` {relation} `{anchor}`: {}",
                    model_help(site, element)
                ))
        }
        Fault::MissingAtEnd {
            missing,
            expected,
            at,
        } => {
            if missing.is_empty() {
                let expected = describe_expected(&names(&expected), false);
                let message =
                    format!("`{parent}` cannot end here, its content model expects {expected}");
                return validity(Code::MissingElement, message, site, at)
                    .with_expected(expected)
                    .with_found(format!("</{parent}>"))
                    .with_help(model_help(site, element));
            }
            let missing = names(&missing);
            let noun = if missing.len() == 1 {
                "child"
            } else {
                "children"
            };
            let message = format!(
                "missing required {noun} {} at the end of `{parent}`",
                quote_list(&missing, "and")
            );
            validity(Code::MissingElement, message, site, at)
                .with_expected(missing.join(", "))
                .with_found(format!("</{parent}>"))
                .with_help(model_help(site, element))
        }
    }
}

#[cold]
fn unexpected_in_mixed(site: &Site, element: Option<usize>, child: Symbol) -> Diagnostic {
    let allowed: Vec<&str> = match element_spec(site, element) {
        Some(ContentSpec::Mixed(names)) => {
            names.iter().map(|name| site.schema.name(*name)).collect()
        }
        _ => Vec::new(),
    };
    let parent = element_name(site, element);
    let child = site.schema.name(child);
    let message = if allowed.is_empty() {
        format!("element `{child}` is not allowed in `{parent}`, which may contain only text")
    } else {
        format!(
            "element `{child}` is not allowed in `{parent}`, which may contain text and {}",
            quote_list(&allowed, "or")
        )
    };
    let expected = if allowed.is_empty() {
        "text".to_owned()
    } else {
        format!("text, {}", allowed.join(", "))
    };
    validity(Code::UnexpectedElement, message, site, here(site))
        .with_expected(expected)
        .with_found(child)
        .with_help(model_help(site, element))
}

#[cold]
fn text_not_allowed(text: &str, site: &Site, element: Option<usize>) -> Diagnostic {
    // Locate the first non-whitespace character; a whitespace-only CDATA section or
    // character reference is located at its start.
    let leading = text
        .char_indices()
        .find(|(_, ch)| !chars::is_xml_whitespace(*ch))
        .map_or(0, |(at, _)| at);
    let position = site
        .position
        .advance(text.get(..leading).unwrap_or_default());
    let parent = element_name(site, element);
    let found = excerpt(text.get(leading..).unwrap_or_default());
    let (message, expected) = match element_spec(site, element) {
        Some(ContentSpec::Empty) => (
            format!("text is not allowed in `{parent}`, which is declared EMPTY"),
            "no content",
        ),
        _ => (
            format!("text is not allowed in `{parent}`, which has element content"),
            "child elements and whitespace only",
        ),
    };
    validity(
        Code::TextNotAllowed,
        message,
        site,
        Located {
            position,
            path: site.path.render(),
        },
    )
    .with_expected(expected)
    .with_found(found)
    .with_help(format!(
        "remove the text or move it into a child element: {}",
        model_help(site, element)
    ))
}

#[cold]
fn not_empty(site: &Site, element: Option<usize>, what: &str) -> Diagnostic {
    let parent = element_name(site, element);
    let message = format!("element `{parent}` is declared EMPTY but contains {what}");
    validity(Code::NotEmpty, message, site, here(site))
        .with_expected("no content")
        .with_found(what)
        .with_help(format!("write it as `<{parent}/>` with no content"))
}

#[cold]
fn standalone_whitespace(site: &Site, element: Option<usize>) -> Diagnostic {
    let parent = element_name(site, element);
    let message = format!(
        "whitespace in the element content of `{parent}`, which is declared in external markup, is not allowed in a document declared standalone=\"yes\""
    );
    validity(Code::StandaloneViolation, message, site, here(site))
        .with_help("remove standalone=\"yes\" from the XML declaration, or remove the whitespace between the child elements")
}

/// Returns the first 40 characters of `text`, on one line.
fn excerpt(text: &str) -> String {
    let mut excerpt: String = text
        .chars()
        .take(40)
        .map(|ch| if ch.is_control() { ' ' } else { ch })
        .collect();
    if text.chars().nth(40).is_some() {
        excerpt.push('…');
    }
    excerpt.trim_end().to_owned()
}
