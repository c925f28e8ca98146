//! The order of an element's children against its content model, with recovery
//! so that one misplaced or missing child gives one finding.
//!
//! A child that does not fit gets the first of these explanations that applies:
//!
//! 1. An earlier child was taken to follow missing children, and this is one of
//!    them turning up late. This child is then out of order: it belongs before
//!    the earlier one.
//! 2. The child repeats a recent sibling that the content model allows only so
//!    many times (an `xs:all` member, or one past `maxOccurs`), and no missing
//!    children would let it fit: it is one too many.
//! 3. The child fits before one of the recent siblings, so it is out of order.
//! 4. Children are missing before it: the shortest run of expected children that
//!    lets it fit. This is reported once the following siblings rule out (1).
//! 5. The child is unexpected, and the order of that element is no longer checked.

use super::checker::Site;
use super::compiled::{XsdAutomaton, XsdMatchState};
use super::wildcards::describe_wildcard;
use crate::report::Findings;
use crate::validity::{describe_expected, quote_list};
use schemakit_model::{ChildMatch, Code, CompactState, Position, Schema, Symbol};
use std::borrow::Cow;
use std::collections::{HashSet, VecDeque};

/// How many recent siblings are remembered, to recognize a child that comes too late.
const HISTORY: usize = 16;

/// The maximum number of children assumed missing before one child.
const MAX_MISSING_RUN: usize = 4;

/// The maximum number of matching states explored to find a missing run.
const MAX_REPAIR_STATES: usize = 256;

/// Children assumed missing before `child`, not reported yet.
#[derive(Debug)]
struct PendingMissing {
    skipped: Vec<Symbol>,
    child: Symbol,
    position: Position,
    path: String,
    /// The first skipped child that turned up later, which was reported out of
    /// order.
    resolved: Option<LateChild>,
}

/// A child that was assumed missing and turned up after a later sibling.
#[derive(Debug)]
struct LateChild {
    symbol: Symbol,
    position: Position,
    path: String,
    /// How many of the children still assumed missing come before it in the model.
    skipped_before: usize,
}

/// The names a finding needs: the schema's symbol table and the parent's name.
pub(super) struct Names<'a> {
    pub(super) schema: &'a Schema,
    pub(super) parent: &'a str,
}

impl Names<'_> {
    fn name(&self, symbol: Symbol) -> &str {
        self.schema.name(symbol)
    }

    fn list(&self, symbols: &[Symbol], conjunction: &str) -> String {
        let names: Vec<&str> = symbols.iter().map(|symbol| self.name(*symbol)).collect();
        quote_list(&names, conjunction)
    }
}

/// The state before each recent child, with the child, oldest first.
pub(super) type OrderHistory = VecDeque<(Snapshot, Symbol)>;

/// A state kept in the history. It is compact when the automaton's transition table
/// covers it, so that a step of a small model without counters moves no match state.
#[derive(Debug)]
pub(super) enum Snapshot {
    Compact(CompactState),
    Full(XsdMatchState),
}

impl Snapshot {
    fn of(automaton: &XsdAutomaton, state: XsdMatchState) -> Snapshot {
        match automaton.compact(&state) {
            Some(compact) => Snapshot::Compact(compact),
            None => Snapshot::Full(state),
        }
    }

    fn state(&self, automaton: &XsdAutomaton) -> Cow<'_, XsdMatchState> {
        match self {
            Snapshot::Compact(compact) => Cow::Owned(automaton.expand(*compact)),
            Snapshot::Full(state) => Cow::Borrowed(state),
        }
    }
}

/// The order check of one open element with element content.
#[derive(Debug)]
pub(super) struct OrderCheck {
    state: XsdMatchState,
    history: OrderHistory,
    pending: Option<Box<PendingMissing>>,
    /// An unexpected child was reported: the rest of the element is not checked.
    stopped: bool,
}

impl OrderCheck {
    /// Starts an order check in `start` that keeps its history in the buffer
    /// `history`, emptied first.
    pub(super) fn new(start: XsdMatchState, mut history: OrderHistory) -> OrderCheck {
        history.clear();
        OrderCheck {
            state: start,
            history,
            pending: None,
            stopped: false,
        }
    }

    /// Starts the check over in `start` for another element, keeping the history
    /// buffer.
    pub(super) fn restart(&mut self, start: XsdMatchState) {
        self.state = start;
        self.history.clear();
        self.pending = None;
        self.stopped = false;
    }

    /// Takes the history buffer, leaving an empty one.
    pub(super) fn take_history(&mut self) -> OrderHistory {
        std::mem::take(&mut self.history)
    }

    /// Tells whether an unexpected child stopped the check of this element's order.
    pub(super) fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// Advances over a child named `symbol` (`None` when the schema does not have the
    /// name) in `namespace`, matched by an element particle or else by a wildcard.
    /// Returns what matched, or `None` without a finding when nothing allows the child
    /// here or the check has stopped. [`OrderCheck::child`] then explains the fault.
    pub(super) fn step_child<'a>(
        &mut self,
        automaton: &'a XsdAutomaton,
        symbol: Option<Symbol>,
        namespace: Option<&str>,
    ) -> Option<ChildMatch<'a>> {
        if self.stopped {
            return None;
        }

        if let Some(symbol) = symbol {
            if let Some(before) = automaton.step_compact(&mut self.state, symbol) {
                self.remember(Snapshot::Compact(before), symbol);
                return Some(ChildMatch::Element(symbol));
            }
        }

        let (next, matched) = automaton.stepped_child(&self.state, symbol, namespace)?;
        let before = std::mem::replace(&mut self.state, next);
        if let ChildMatch::Element(symbol) = matched {
            self.remember(Snapshot::of(automaton, before), symbol);
        }
        Some(matched)
    }

    /// Checks a child `symbol` that the content model declares, at `site` (the
    /// child's).
    pub(super) fn child(
        &mut self,
        automaton: &XsdAutomaton,
        symbol: Symbol,
        names: &Names,
        site: &Site,
        findings: &mut Findings,
    ) {
        if self.stopped {
            return;
        }

        if let Some(next) = automaton.stepped(&self.state, symbol) {
            let before = std::mem::replace(&mut self.state, next);
            self.remember(Snapshot::of(automaton, before), symbol);
            return;
        }

        if self.resolve_pending(symbol, names, site, findings) {
            return;
        }
        self.flush_pending(names, site, findings);

        let repair = missing_run(automaton, &self.state, symbol);
        if repair.is_none() && self.is_repeated_too_often(automaton, symbol) {
            let allowed = describe_next(automaton, &self.state, names, true);
            findings.push(repeated(symbol, allowed, names, site));
            return;
        }

        // A repeated child fitting before its previous occurrence is one too many,
        // not out of order.
        let late = self
            .history
            .iter()
            .rev()
            .filter(|(_, sibling)| *sibling != symbol)
            .find(|(earlier, _)| fits(automaton, &earlier.state(automaton), symbol))
            .map(|(_, sibling)| *sibling);
        if let Some(sibling) = late {
            findings.push(out_of_order(symbol, "before", sibling, names, site));
            return;
        }

        if let Some((skipped, after)) = repair {
            self.pending = Some(Box::new(PendingMissing {
                skipped,
                child: symbol,
                position: site.position,
                path: site.path.render(),
                resolved: None,
            }));
            let before = std::mem::replace(&mut self.state, after);
            self.remember(Snapshot::of(automaton, before), symbol);
            return;
        }

        self.stopped = true;
        let allowed = describe_next(automaton, &self.state, names, true);
        let child = names.name(symbol);
        let parent = names.parent;
        findings.push(
            site.validity(
                Code::UnexpectedElement,
                format!("element `{child}` is not allowed here in `{parent}`, which expects {allowed}"),
            )
            .with_expected(allowed)
            .with_found(child)
            .with_help(format!("move or remove `{child}`, which the content model of `{parent}` does not allow at this point")),
        );
    }

    /// Reports a child that the content model does not declare, although the schema
    /// declares its name elsewhere, and skips it.
    pub(super) fn misplaced(
        &self,
        automaton: &XsdAutomaton,
        name: &str,
        names: &Names,
        site: &Site,
        findings: &mut Findings,
    ) {
        let allowed = describe_next(automaton, &self.state, names, true);
        let parent = names.parent;
        findings.push(
            site.validity(
                Code::UnexpectedElement,
                format!("element `{name}` is not allowed in `{parent}`, which expects {allowed}"),
            )
            .with_expected(allowed)
            .with_found(name)
            .with_help(format!(
                "move `{name}` to an element whose content declares it, or remove it"
            )),
        );
    }

    /// Checks the end of the element at `site` (its end tag).
    pub(super) fn end(
        &mut self,
        automaton: &XsdAutomaton,
        names: &Names,
        site: &Site,
        findings: &mut Findings,
    ) {
        self.flush_pending(names, site, findings);
        if self.stopped || automaton.accepts_end(&self.state) {
            return;
        }

        let allowed = describe_next(automaton, &self.state, names, false);
        let parent = names.parent;
        findings.push(
            site.validity(
                Code::MissingElement,
                format!("element `{parent}` ends too early: expected {allowed}"),
            )
            .with_expected(allowed)
            .with_found(format!("</{parent}>"))
            .with_help(format!(
                "add the missing child element before the end of `{parent}`"
            )),
        );
    }

    /// Tells whether `symbol` already occurred among the recent siblings and the
    /// content model could not have taken a second one there either. Such a child
    /// is one too many (a second member of an `xs:all` group, or one past
    /// `maxOccurs`), not out of order.
    fn is_repeated_too_often(&self, automaton: &XsdAutomaton, symbol: Symbol) -> bool {
        let Some((before_previous, _)) = self
            .history
            .iter()
            .rev()
            .find(|(_, sibling)| *sibling == symbol)
        else {
            return false;
        };

        automaton
            .stepped(&before_previous.state(automaton), symbol)
            .is_some_and(|after_previous| !fits(automaton, &after_previous, symbol))
    }

    #[inline]
    fn remember(&mut self, before: Snapshot, symbol: Symbol) {
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back((before, symbol));
    }

    /// Handles `symbol` when an earlier child assumed it missing: that child comes
    /// before `symbol` in the document but belongs after it. Returns whether
    /// `symbol` was explained so.
    fn resolve_pending(
        &mut self,
        symbol: Symbol,
        names: &Names,
        site: &Site,
        findings: &mut Findings,
    ) -> bool {
        let Some(pending) = self.pending.as_mut() else {
            return false;
        };
        let Some(index) = pending
            .skipped
            .iter()
            .position(|skipped| *skipped == symbol)
        else {
            return false;
        };
        pending.skipped.remove(index);
        if let Some(late) = pending.resolved.as_mut() {
            if index < late.skipped_before {
                late.skipped_before -= 1;
            }
        }

        // Moving this late child in front of the earlier one is the single move
        // that repairs the order, whatever came in between.
        if pending.resolved.is_none() {
            pending.resolved = Some(LateChild {
                symbol,
                position: site.position,
                path: site.path.render(),
                skipped_before: index,
            });
            findings.push(out_of_order(symbol, "before", pending.child, names, site));
        }
        true
    }

    /// Reports the children assumed missing, unless a later sibling showed that the
    /// child after them was out of order instead.
    fn flush_pending(&mut self, names: &Names, site: &Site, findings: &mut Findings) {
        let Some(pending) = self.pending.take() else {
            return;
        };
        if pending.skipped.is_empty() {
            return;
        }
        if let Some(late) = pending.resolved {
            report_still_missing(&pending.skipped, &late, names, site, findings);
            return;
        }

        let missing = names.list(&pending.skipped, "and");
        let child = names.name(pending.child);
        let parent = names.parent;
        let at = Site {
            file: site.file,
            position: pending.position,
            path: site.path,
        };
        findings.push(
            at.validity(
                Code::MissingElement,
                format!("missing {missing} before `{child}` in `{parent}`"),
            )
            .with_path(pending.path)
            .with_expected(missing.clone())
            .with_found(child)
            .with_help(format!("add {missing} before `{child}`")),
        );
    }
}

/// Reports the children that were assumed missing together with `late` and never
/// turned up: moving `late` into place repairs the order but not their absence.
fn report_still_missing(
    skipped: &[Symbol],
    late: &LateChild,
    names: &Names,
    site: &Site,
    findings: &mut Findings,
) {
    let missing = names.list(skipped, "and");
    let anchor = names.name(late.symbol);
    let parent = names.parent;
    let place = if late.skipped_before == skipped.len() {
        format!("before `{anchor}`")
    } else if late.skipped_before == 0 {
        format!("after `{anchor}`")
    } else {
        format!("around `{anchor}`")
    };
    let at = Site {
        file: site.file,
        position: late.position,
        path: site.path,
    };
    findings.push(
        at.validity(
            Code::MissingElement,
            format!("missing {missing} {place} in `{parent}`"),
        )
        .with_path(late.path.clone())
        .with_expected(missing.clone())
        .with_found(anchor)
        .with_help(format!("add {missing} {place}")),
    );
}

/// Describes what may come next in `state`: the element names, the wildcards (e.g.
/// "any element in namespace `urn:a`") and, when `with_end` is set and the model
/// accepts it, the end of the element.
fn describe_next(
    automaton: &XsdAutomaton,
    state: &XsdMatchState,
    names: &Names,
    with_end: bool,
) -> String {
    let expected: Vec<&str> = automaton
        .expected(state)
        .into_iter()
        .map(|expected| names.name(expected))
        .collect();
    let accepts_end = with_end && automaton.accepts_end(state);
    let wildcards = automaton.expected_wildcards(state);
    if wildcards.is_empty() {
        return describe_expected(&expected, accepts_end);
    }

    let mut items: Vec<String> = expected.iter().map(|name| format!("`{name}`")).collect();
    items.extend(wildcards.into_iter().map(describe_wildcard));
    if accepts_end {
        items.push("the end of the element".to_owned());
    }

    match items.split_last() {
        None => "no further children".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Finds the shortest run of children that, inserted before `symbol`, lets the
/// model accept it, with the state after `symbol`.
fn missing_run(
    automaton: &XsdAutomaton,
    state: &XsdMatchState,
    symbol: Symbol,
) -> Option<(Vec<Symbol>, XsdMatchState)> {
    let mut frontier = vec![(state.clone(), Vec::new())];
    let mut seen: HashSet<XsdMatchState> = HashSet::new();

    for _ in 0..MAX_MISSING_RUN {
        let mut next_frontier = Vec::new();
        for (current, run) in &frontier {
            for inserted in automaton.expected(current) {
                let mut next = current.clone();
                if !automaton.step(&mut next, inserted) {
                    continue;
                }
                let mut run = run.clone();
                run.push(inserted);

                let mut after = next.clone();
                if automaton.step(&mut after, symbol) {
                    return Some((run, after));
                }
                if seen.len() < MAX_REPAIR_STATES && seen.insert(next.clone()) {
                    next_frontier.push((next, run));
                }
            }
        }
        frontier = next_frontier;
    }
    None
}

/// Reports that `child` belongs `side` ("before" or "after") `anchor`.
fn out_of_order(
    child: Symbol,
    side: &str,
    anchor: Symbol,
    names: &Names,
    site: &Site,
) -> schemakit_model::Diagnostic {
    let child = names.name(child);
    let anchor = names.name(anchor);
    let parent = names.parent;
    site.validity(
        Code::ElementOutOfOrder,
        format!("`{child}` must come {side} `{anchor}` in `{parent}`"),
    )
    .with_expected(format!("`{child}` {side} `{anchor}`"))
    .with_found(child)
    .with_help(format!("move `{child}` {side} `{anchor}`"))
}

/// Reports a child `symbol` that occurs more often than the content model allows,
/// where `allowed` describes what may come instead.
fn repeated(
    symbol: Symbol,
    allowed: String,
    names: &Names,
    site: &Site,
) -> schemakit_model::Diagnostic {
    let child = names.name(symbol);
    let parent = names.parent;
    site.validity(
        Code::UnexpectedElement,
        format!(
            "element `{child}` occurs too often in `{parent}`: the content model allows no further `{child}` here, expected {allowed}"
        ),
    )
    .with_expected(allowed)
    .with_found(child)
    .with_help(format!(
        "remove this `{child}` or merge it into the earlier one, because the content model of `{parent}` allows no more of it"
    ))
}

/// Tells whether a child `symbol` fits in `state`, without changing it.
fn fits(automaton: &XsdAutomaton, state: &XsdMatchState, symbol: Symbol) -> bool {
    automaton.stepped(state, symbol).is_some()
}
