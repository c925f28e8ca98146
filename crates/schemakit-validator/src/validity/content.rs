//! Content-model checks for one open element: children against the content model,
//! text against element content, and EMPTY.
//!
//! Element content steps through the element's [`ContentAutomaton`]. A child that
//! does not fit is repaired (the shortest run of missing children is assumed) or
//! skipped, so that each fault gives exactly one finding and later siblings are
//! checked against a sensible state instead of cascading.

use super::messages::{describe_expected, quote_list};
use super::Site;
use crate::report::Findings;
use schemakit_model::{
    chars, Code, ContentAutomaton, ContentSpec, Diagnostic, DiagnosticKind, MatchState, Position,
    Symbol,
};

/// A "missing element" finding held back until the next child or the end tag shows
/// whether it is really two swapped siblings.
#[derive(Debug)]
struct PendingMissing {
    /// The children assumed missing before `child`.
    skipped: Vec<Symbol>,
    child: Symbol,
    position: Position,
    path: String,
    /// Whether one of `skipped` already turned up after `child` and was reported as
    /// out of order. The rest of `skipped` turning up later is the same fault.
    reordered: bool,
}

/// The progress of an open element through its content model.
#[derive(Debug)]
enum ContentState {
    /// Not checked: the element is undeclared or its model could not be compiled.
    Unchecked,
    Empty {
        reported: bool,
    },
    Any,
    Mixed,
    Children {
        state: MatchState,
        pending: Option<PendingMissing>,
        history: History,
    },
}

/// The most recent states of an element's content, each with the child read in it.
/// They tell a child that comes too late (out of order) from one that does not
/// belong. Only state changes are kept, at most [`History::CAPACITY`] of them, so a
/// long list of repeated children uses constant memory.
#[derive(Debug, Default)]
struct History {
    steps: std::collections::VecDeque<(MatchState, Symbol)>,
    /// The sibling that the last out-of-order child should have preceded, until a
    /// child fits again.
    reordered_before: Option<Symbol>,
}

impl History {
    // NOTE: a child that belonged before more than this many state changes ago is
    // reported as unexpected rather than out of order.
    const CAPACITY: usize = 64;

    fn record(&mut self, before: &MatchState, after: &MatchState, child: Symbol) {
        if before == after {
            return;
        }
        if self.steps.len() == Self::CAPACITY {
            self.steps.pop_front();
        }
        self.steps.push_back((before.clone(), child));
    }

    /// The sibling that `child` should have preceded: the child read in the latest
    /// recorded state that accepted `child`. Returns `None` when that sibling has the
    /// same name, because then `child` is a repetition, not a misplacement.
    fn must_precede(&self, automaton: &ContentAutomaton, child: Symbol) -> Option<Symbol> {
        self.steps
            .iter()
            .rev()
            .find(|(state, _)| automaton.next(state, child).is_some())
            .map(|(_, later)| *later)
            .filter(|later| *later != child)
    }
}

/// The content check of one open element.
#[derive(Debug)]
pub(crate) struct ContentFrame {
    /// The element's index in `Schema::elements`, when it is declared.
    element: Option<usize>,
    state: ContentState,
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
            external_markup: false,
            text_run_checked: false,
            standalone_whitespace_reported: false,
        }
    }

    /// Creates a frame for the declared element at `index` with content
    /// specification `spec`. `automaton` is its compiled model when `spec` is
    /// element content.
    pub(crate) fn new(
        index: usize,
        spec: &ContentSpec,
        automaton: Option<&ContentAutomaton>,
        external_markup: bool,
    ) -> Self {
        let state = match (spec, automaton) {
            (ContentSpec::Empty, _) => ContentState::Empty { reported: false },
            (ContentSpec::Any, _) => ContentState::Any,
            (ContentSpec::Mixed(_), _) => ContentState::Mixed,
            (ContentSpec::Children(_), Some(automaton)) => ContentState::Children {
                state: automaton.start(),
                pending: None,
                history: History::default(),
            },
            _ => ContentState::Unchecked,
        };
        ContentFrame {
            element: Some(index),
            state,
            external_markup,
            text_run_checked: false,
            standalone_whitespace_reported: false,
        }
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
            ContentState::Children {
                state,
                pending,
                history,
            } => {
                if let Some(automaton) = automaton {
                    let mut content = ChildrenContent {
                        automaton,
                        state,
                        pending,
                        history,
                    };
                    content.step(self.element, child, site, findings);
                }
            }
        }
    }

    /// Checks character data: `text` starting at `site.position`.
    pub(crate) fn text(
        &mut self,
        text: &str,
        ignorable_candidate: bool,
        site: &Site,
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
                if ignorable_candidate {
                    findings.push(not_empty(site, self.element, "whitespace"));
                } else {
                    findings.push(text_not_allowed(text, site, self.element));
                }
            }
            ContentState::Children { .. } => {
                if ignorable_candidate {
                    if site.standalone
                        && self.external_markup
                        && !text.is_empty()
                        && !self.standalone_whitespace_reported
                    {
                        self.standalone_whitespace_reported = true;
                        findings.push(standalone_whitespace(site, self.element));
                    }
                    return;
                }
                if self.text_run_checked {
                    return;
                }
                self.text_run_checked = true;
                findings.push(text_not_allowed(text, site, self.element));
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

    /// Checks the end of the element at `site` (the end tag).
    pub(crate) fn end(
        &mut self,
        automaton: Option<&ContentAutomaton>,
        site: &Site,
        findings: &mut Findings,
    ) {
        let ContentState::Children { state, pending, .. } = &mut self.state else {
            return;
        };
        let Some(automaton) = automaton else {
            return;
        };

        if let Some(pending) = pending.take() {
            findings.push(missing_before(pending, site, self.element));
        }

        if automaton.accepts_end(state) {
            return;
        }
        findings.push(missing_at_end(automaton, state, site, self.element));
    }
}

/// The parts of an element-content state that one step changes.
struct ChildrenContent<'a> {
    automaton: &'a ContentAutomaton,
    state: &'a mut MatchState,
    pending: &'a mut Option<PendingMissing>,
    history: &'a mut History,
}

impl ChildrenContent<'_> {
    /// Steps over `child`: it fits, or it fits after assumed missing children, or it
    /// is a sibling that belonged earlier, or it does not belong here at all.
    fn step(
        &mut self,
        element: Option<usize>,
        child: Symbol,
        site: &Site,
        findings: &mut Findings,
    ) {
        if let Some(next) = self.automaton.next(self.state, child) {
            flush(self.pending, site, element, findings);
            self.history.reordered_before = None;
            self.history.record(self.state, &next, child);
            *self.state = next;
            return;
        }

        // Swapped siblings: the earlier child was repaired by assuming this one
        // missing, so report the order once, at the earlier child (which took this
        // one's place), and ignore this child. Further children from the same
        // missing run are part of the same misplacement.
        if let Some(missing) = self.pending.as_mut() {
            if let Some(at) = missing.skipped.iter().position(|name| *name == child) {
                if !missing.reordered {
                    missing.reordered = true;
                    let at = Located {
                        position: missing.position,
                        path: missing.path.clone(),
                    };
                    findings.push(out_of_order(child, missing.child, at, site, element));
                }
                missing.skipped.remove(at);
                if missing.skipped.is_empty() {
                    *self.pending = None;
                }
                return;
            }
        }

        flush(self.pending, site, element, findings);

        if let Some(repair) = self.automaton.repair(self.state, child) {
            *self.pending = Some(PendingMissing {
                skipped: repair.skipped,
                child,
                position: site.position,
                path: site.path.render(),
                reordered: false,
            });
            self.history.record(self.state, &repair.state, child);
            *self.state = repair.state;
            return;
        }

        // A child that fitted before an earlier sibling is out of order. It is
        // ignored so that the siblings after it are still checked. Further children
        // that belong before the same sibling are the same fault: that sibling came
        // too early.
        match self.history.must_precede(self.automaton, child) {
            Some(later) if self.history.reordered_before == Some(later) => {}
            Some(later) => {
                self.history.reordered_before = Some(later);
                let at = Located {
                    position: site.position,
                    path: site.path.render(),
                };
                findings.push(out_of_order(child, later, at, site, element));
            }
            None => findings.push(unexpected_child(
                self.automaton,
                self.state,
                child,
                site,
                element,
            )),
        }
    }
}

/// Reports a held-back "missing element" finding.
fn flush(
    pending: &mut Option<PendingMissing>,
    site: &Site,
    element: Option<usize>,
    findings: &mut Findings,
) {
    if let Some(missing) = pending.take() {
        findings.push(missing_before(missing, site, element));
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

fn validity(
    code: Code,
    message: String,
    site: &Site,
    position: Position,
    path: String,
) -> Diagnostic {
    Diagnostic::error(DiagnosticKind::Validity, code, message)
        .at(Some(site.file), position)
        .with_path(path)
}

fn missing_before(pending: PendingMissing, site: &Site, element: Option<usize>) -> Diagnostic {
    let skipped: Vec<&str> = pending
        .skipped
        .iter()
        .map(|name| site.schema.name(*name))
        .collect();
    let child = site.schema.name(pending.child);
    let message = format!(
        "missing {} before `{child}` in `{}`",
        quote_list(&skipped, "and"),
        element_name(site, element)
    );
    validity(
        Code::MissingElement,
        message,
        site,
        pending.position,
        pending.path,
    )
    .with_expected(skipped.join(", "))
    .with_found(child)
    .with_help(model_help(site, element))
}

/// The position and path a finding is reported at, when that is not the current child.
struct Located {
    position: Position,
    path: String,
}

fn out_of_order(
    earlier: Symbol,
    later: Symbol,
    at: Located,
    site: &Site,
    element: Option<usize>,
) -> Diagnostic {
    let earlier = site.schema.name(earlier);
    let later = site.schema.name(later);
    let message = format!(
        "`{earlier}` must come before `{later}` in `{}`",
        element_name(site, element)
    );
    validity(Code::ElementOutOfOrder, message, site, at.position, at.path)
        .with_expected(format!("{earlier} before {later}"))
        .with_found(format!("{earlier} after {later}"))
        .with_help(format!(
            "move `{earlier}` before `{later}`: {}",
            model_help(site, element)
        ))
}

fn unexpected_child(
    automaton: &ContentAutomaton,
    state: &MatchState,
    child: Symbol,
    site: &Site,
    element: Option<usize>,
) -> Diagnostic {
    let expected: Vec<&str> = automaton
        .expected(state)
        .into_iter()
        .map(|name| site.schema.name(name))
        .collect();
    let accepts_end = automaton.accepts_end(state);
    let child = site.schema.name(child);
    let message = format!(
        "element `{child}` is not allowed here in `{}`, which expects {}",
        element_name(site, element),
        describe_expected(&expected, accepts_end)
    );
    validity(
        Code::UnexpectedElement,
        message,
        site,
        site.position,
        site.path.render(),
    )
    .with_expected(describe_expected(&expected, accepts_end))
    .with_found(child)
    .with_help(model_help(site, element))
}

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
    validity(
        Code::UnexpectedElement,
        message,
        site,
        site.position,
        site.path.render(),
    )
    .with_expected(expected)
    .with_found(child)
    .with_help(model_help(site, element))
}

fn missing_at_end(
    automaton: &ContentAutomaton,
    state: &MatchState,
    site: &Site,
    element: Option<usize>,
) -> Diagnostic {
    let parent = element_name(site, element);
    match automaton.completion(state) {
        Some(missing) if !missing.is_empty() => {
            let names: Vec<&str> = missing.iter().map(|name| site.schema.name(*name)).collect();
            let noun = if names.len() == 1 {
                "child"
            } else {
                "children"
            };
            let message = format!(
                "missing required {noun} {} at the end of `{parent}`",
                quote_list(&names, "and")
            );
            validity(
                Code::MissingElement,
                message,
                site,
                site.position,
                site.path.render(),
            )
            .with_expected(names.join(", "))
            .with_found(format!("</{parent}>"))
            .with_help(model_help(site, element))
        }
        _ => {
            let expected: Vec<&str> = automaton
                .expected(state)
                .into_iter()
                .map(|name| site.schema.name(name))
                .collect();
            let message = format!(
                "`{parent}` cannot end here, its content model expects {}",
                describe_expected(&expected, false)
            );
            validity(
                Code::MissingElement,
                message,
                site,
                site.position,
                site.path.render(),
            )
            .with_expected(describe_expected(&expected, false))
            .with_found(format!("</{parent}>"))
            .with_help(model_help(site, element))
        }
    }
}

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
        position,
        site.path.render(),
    )
    .with_expected(expected)
    .with_found(found)
    .with_help(format!(
        "remove the text or move it into a child element: {}",
        model_help(site, element)
    ))
}

fn not_empty(site: &Site, element: Option<usize>, what: &str) -> Diagnostic {
    let parent = element_name(site, element);
    let message = format!("element `{parent}` is declared EMPTY but contains {what}");
    validity(
        Code::NotEmpty,
        message,
        site,
        site.position,
        site.path.render(),
    )
    .with_expected("no content")
    .with_found(what)
    .with_help(format!("write it as `<{parent}/>` with no content"))
}

fn standalone_whitespace(site: &Site, element: Option<usize>) -> Diagnostic {
    let parent = element_name(site, element);
    let message = format!(
        "whitespace in the element content of `{parent}`, which is declared in external markup, is not allowed in a document declared standalone=\"yes\""
    );
    validity(Code::StandaloneViolation, message, site, site.position, site.path.render())
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
