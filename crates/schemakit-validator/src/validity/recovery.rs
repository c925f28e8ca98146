//! Error recovery in element content.
//!
//! When a child does not fit the content model, two explanations compete. Either
//! children are missing before it: assume the shortest missing run and go on after
//! the child. Or the child itself is out of place: skip it and go on from where the
//! content was. Only the siblings that follow tell which one is right, so both are
//! followed as hypotheses, each carrying the faults it assumed, and the one with the
//! fewest faults wins. A fault that an explanation splits in two is merged into one
//! out-of-order fault: a child skipped as out of place that the model later misses,
//! or a child assumed missing that turns up after the sibling it should precede. So
//! swapped and misplaced siblings give one finding, and later siblings do not cascade.
//!
//! The faults of a hypothesis are reported once it is the only one left, or at the
//! element's end tag. Memory per open element is bounded by [`MAX_HYPOTHESES`] and
//! [`MAX_PENDING_FAULTS`].

use schemakit_model::{ContentAutomaton, MatchState, Position, Symbol};
use std::collections::VecDeque;

/// The maximum number of hypotheses followed at once for one element.
const MAX_HYPOTHESES: usize = 8;

/// Hypotheses with more faults than the best one plus this are dropped.
const COST_SLACK: usize = 2;

/// How many recent steps a hypothesis remembers, to tell a child that comes too
/// late (it fitted before an earlier sibling) from one that does not belong.
const HISTORY: usize = 16;

/// When the best hypothesis has this many unreported faults, it is kept as the
/// result and the others are dropped, so memory stays bounded.
const MAX_PENDING_FAULTS: usize = 16;

/// The position and element path a fault is reported at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Located {
    pub(super) position: Position,
    pub(super) path: String,
}

/// On which side of its anchor an out-of-order child belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Side {
    Before,
    After,
}

/// A fault assumed by a hypothesis, reported when the hypothesis wins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Fault {
    /// `skipped` are missing before `child`.
    Missing {
        skipped: Vec<Symbol>,
        child: Symbol,
        at: Located,
    },
    /// `child` does not belong here. `expected` and `accepts_end` give what the model
    /// allowed instead; `too_early` lists the children that must come before it when
    /// it fits later in the model.
    Unexpected {
        child: Symbol,
        expected: Vec<Symbol>,
        accepts_end: bool,
        too_early: Option<Vec<Symbol>>,
        at: Located,
    },
    /// `child` belongs on `side` of `anchor`.
    OutOfOrder {
        child: Symbol,
        anchor: Symbol,
        side: Side,
        at: Located,
    },
    /// The element ends while `missing` are still required. When no run of children
    /// can complete it, `missing` is empty and `expected` lists what it allowed.
    MissingAtEnd {
        missing: Vec<Symbol>,
        expected: Vec<Symbol>,
        at: Located,
    },
}

#[derive(Clone, Debug)]
struct Hypothesis {
    state: MatchState,
    /// Faults assumed and not reported yet, in document order.
    faults: Vec<Fault>,
    /// The last child this hypothesis read as fitting.
    last_child: Option<Symbol>,
    /// The latest steps that changed the state: the state before each, and the child
    /// read in it. At most [`HISTORY`] are kept.
    history: VecDeque<(MatchState, Symbol)>,
    /// The sibling that the latest out-of-order children should have preceded, until
    /// a child fits again; it outlives the report of that fault.
    reordered_before: Option<Symbol>,
}

impl Hypothesis {
    fn new(start: MatchState) -> Self {
        Hypothesis {
            state: start,
            faults: Vec::new(),
            last_child: None,
            history: VecDeque::new(),
            reordered_before: None,
        }
    }

    fn cost(&self) -> usize {
        self.faults.len()
    }

    /// Moves to `next` after reading `child`, which fitted.
    #[inline(always)]
    fn advance(&mut self, next: MatchState, child: Symbol) {
        if next != self.state {
            if self.history.len() == HISTORY {
                self.history.pop_front();
            }
            let before = std::mem::replace(&mut self.state, next);
            self.history.push_back((before, child));
        }
        self.last_child = Some(child);
        self.reordered_before = None;
    }

    /// The sibling that `child` should have come before: the child read in the
    /// latest remembered state that accepted `child`, unless that is `child` itself
    /// (a repetition, not a misplacement).
    fn too_late_before(&self, automaton: &ContentAutomaton, child: Symbol) -> Option<Symbol> {
        self.history
            .iter()
            .rev()
            .find(|(state, _)| automaton.next(state, child).is_some())
            .map(|(_, later)| *later)
            .filter(|later| *later != child)
    }

    /// Assumes `skipped` missing before `child`. A skipped name that this hypothesis
    /// already skipped as out of place came too early: that earlier fault becomes
    /// "belongs after the last fitting child" instead of a second fault.
    fn assume_missing(&mut self, mut skipped: Vec<Symbol>, child: Symbol, at: Located) {
        self.merge_early_children(&mut skipped);
        if !skipped.is_empty() {
            self.faults.push(Fault::Missing { skipped, child, at });
        }
    }

    /// Skips `child` as out of place. When an earlier fault assumed it missing before
    /// a sibling, the two are one fault: `child` belongs before that sibling.
    fn assume_unexpected(&mut self, automaton: &ContentAutomaton, child: Symbol, at: Located) {
        let earlier_missing = self.faults.iter().rposition(
            |fault| matches!(fault, Fault::Missing { skipped, .. } if skipped.contains(&child)),
        );
        if let Some(index) = earlier_missing {
            let merged = match self.faults.get_mut(index) {
                Some(Fault::Missing {
                    skipped,
                    child: anchor,
                    at,
                }) => {
                    skipped.retain(|name| *name != child);
                    let merged = Fault::OutOfOrder {
                        child,
                        anchor: *anchor,
                        side: Side::Before,
                        at: at.clone(),
                    };
                    Some((merged, skipped.is_empty()))
                }
                _ => None,
            };
            match merged {
                Some((merged, true)) => self.faults[index] = merged,
                Some((merged, false)) => self.faults.insert(index + 1, merged),
                None => {}
            }
            return;
        }

        let too_early = automaton
            .repair(&self.state, child)
            .map(|repair| repair.skipped);
        if too_early.is_none() {
            if let Some(anchor) = self.too_late_before(automaton, child) {
                // Several children that all belong before the same sibling are one
                // fault: that sibling came too early.
                if self.reordered_before == Some(anchor) {
                    return;
                }
                self.reordered_before = Some(anchor);
                self.faults.push(Fault::OutOfOrder {
                    child,
                    anchor,
                    side: Side::Before,
                    at,
                });
                return;
            }
        }
        self.faults.push(Fault::Unexpected {
            child,
            expected: automaton.expected(&self.state),
            accepts_end: automaton.accepts_end(&self.state),
            too_early,
            at,
        });
    }

    /// Turns earlier "out of place" faults for names in `missing` into "belongs after
    /// the last fitting child", removing those names from `missing`.
    fn merge_early_children(&mut self, missing: &mut Vec<Symbol>) {
        let Some(anchor) = self.last_child else {
            return;
        };
        for fault in self.faults.iter_mut() {
            let Fault::Unexpected { child, at, .. } = fault else {
                continue;
            };
            if let Some(index) = missing.iter().position(|name| name == child) {
                missing.remove(index);
                *fault = Fault::OutOfOrder {
                    child: *child,
                    anchor,
                    side: Side::After,
                    at: at.clone(),
                };
            }
        }
    }
}

/// The recovery state of one open element with element content. The default
/// state has no hypothesis and must be started with [`Recovery::restart`].
#[derive(Debug, Default)]
pub(super) struct Recovery {
    hypotheses: Vec<Hypothesis>,
}

impl Recovery {
    /// Starts over at `start` for another element, keeping the allocated buffers.
    pub(super) fn restart(&mut self, start: MatchState) {
        self.hypotheses.truncate(1);
        match self.hypotheses.first_mut() {
            Some(hypothesis) => {
                hypothesis.state = start;
                hypothesis.faults.clear();
                hypothesis.last_child = None;
                hypothesis.history.clear();
                hypothesis.reordered_before = None;
            }
            None => self.hypotheses.push(Hypothesis::new(start)),
        }
    }

    /// Reads `child`; returns the faults that are now certain. `at` gives the child's
    /// location, computed only when a fault needs it.
    pub(super) fn child(
        &mut self,
        automaton: &ContentAutomaton,
        child: Symbol,
        at: &dyn Fn() -> Located,
    ) -> Vec<Fault> {
        // The common case: one hypothesis, and the child fits.
        if let [only] = self.hypotheses.as_mut_slice() {
            if let Some(next) = automaton.next(&only.state, child) {
                only.advance(next, child);
                return Vec::new();
            }
        }
        self.recover_child(automaton, child, at)
    }

    /// Reads `child` when it does not fit the only hypothesis or there are several.
    #[inline(never)]
    fn recover_child(
        &mut self,
        automaton: &ContentAutomaton,
        child: Symbol,
        at: &dyn Fn() -> Located,
    ) -> Vec<Fault> {
        let mut candidates = Vec::with_capacity(self.hypotheses.len() * 2);
        for mut hypothesis in self.hypotheses.drain(..) {
            if let Some(next) = automaton.next(&hypothesis.state, child) {
                hypothesis.advance(next, child);
                candidates.push(hypothesis);
                continue;
            }

            if let Some(repair) = automaton.repair(&hypothesis.state, child) {
                let mut repaired = hypothesis.clone();
                repaired.assume_missing(repair.skipped, child, at());
                repaired.advance(repair.state, child);
                candidates.push(repaired);
            }

            hypothesis.assume_unexpected(automaton, child, at());
            candidates.push(hypothesis);
        }

        self.hypotheses = select(candidates);
        self.settled_faults()
    }

    /// Ends the element and returns the winning hypothesis's faults, including the
    /// children still missing. `at` gives the end tag's location, computed only when
    /// a fault needs it.
    pub(super) fn end(
        &mut self,
        automaton: &ContentAutomaton,
        at: &dyn Fn() -> Located,
    ) -> Vec<Fault> {
        // The common case: one hypothesis without faults, in a final state.
        if let [only] = self.hypotheses.as_slice() {
            if only.faults.is_empty() && automaton.accepts_end(&only.state) {
                return Vec::new();
            }
        }
        self.end_with_faults(automaton, at)
    }

    /// Ends the element when a hypothesis has faults or cannot end here.
    #[inline(never)]
    fn end_with_faults(
        &mut self,
        automaton: &ContentAutomaton,
        at: &dyn Fn() -> Located,
    ) -> Vec<Fault> {
        let mut best: Option<Hypothesis> = None;
        for mut hypothesis in self.hypotheses.drain(..) {
            if !automaton.accepts_end(&hypothesis.state) {
                let mut missing = automaton.completion(&hypothesis.state).unwrap_or_default();
                let complete = !missing.is_empty();
                hypothesis.merge_early_children(&mut missing);
                if !missing.is_empty() || !complete {
                    hypothesis.faults.push(Fault::MissingAtEnd {
                        missing,
                        expected: automaton.expected(&hypothesis.state),
                        at: at(),
                    });
                }
            }
            if best
                .as_ref()
                .is_none_or(|best| hypothesis.cost() < best.cost())
            {
                best = Some(hypothesis);
            }
        }
        best.map(|best| best.faults).unwrap_or_default()
    }

    /// Takes the faults that no longer depend on what follows: all of them once a single
    /// hypothesis is left, or the best one's when it has too many.
    fn settled_faults(&mut self) -> Vec<Fault> {
        match self.hypotheses.as_mut_slice() {
            [only] => std::mem::take(&mut only.faults),
            [best, ..] if best.faults.len() >= MAX_PENDING_FAULTS => {
                self.hypotheses.truncate(1);
                self.hypotheses
                    .first_mut()
                    .map(|best| std::mem::take(&mut best.faults))
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

/// Keeps, for each state, the cheapest hypothesis (the earliest on a tie), then the
/// cheapest few.
fn select(candidates: Vec<Hypothesis>) -> Vec<Hypothesis> {
    let mut kept: Vec<Hypothesis> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        match kept.iter_mut().find(|known| known.state == candidate.state) {
            Some(known) if candidate.cost() < known.cost() => *known = candidate,
            Some(_) => {}
            None => kept.push(candidate),
        }
    }

    kept.sort_by_key(Hypothesis::cost);
    let cheapest = kept.first().map_or(0, Hypothesis::cost);
    kept.retain(|hypothesis| hypothesis.cost() <= cheapest + COST_SLACK);
    kept.truncate(MAX_HYPOTHESES);
    kept
}
