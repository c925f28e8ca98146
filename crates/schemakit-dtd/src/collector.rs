//! Gathering the text of one markup declaration, expanding the parameter-entity
//! references inside it (allowed in external markup only).

use crate::builder::DtdBuilder;
use crate::input::{Collected, Frame, Location};
use crate::lexical::pe_reference;
use schemakit_model::{Code, DiagnosticKind};

/// How the end of a declaration is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CollectMode {
    /// An element type declaration: no literals, ends at `>`.
    Element,
    /// An attribute-list declaration: literals may hold `>`, but never `<`, so a
    /// `<!` or `<?` ends the declaration even inside an unclosed literal.
    Attlist,
    /// An entity or notation declaration: literals may hold `<` and `>`.
    Quoted,
    /// The start of a conditional section, up to its `[`.
    ConditionalStart,
}

/// What the scan of one frame stopped at.
enum Stop {
    /// The closing delimiter, ending at this offset.
    End(usize),
    /// A `<` that cannot belong to the declaration, at this offset.
    Unterminated(usize),
    /// A parameter-entity reference `%name;` from the first offset to the second.
    Reference(usize, usize, String),
    /// The end of the frame's text.
    EndOfText,
}

impl DtdBuilder<'_> {
    /// Reads one declaration starting at the reading position of the top frame.
    ///
    /// Parameter-entity references outside literals are replaced by their text with
    /// a space on each side (XML 1.0 section 4.4.8). In the internal subset such a
    /// reference is a well-formedness error (WFC: PEs in Internal Subset) and is
    /// left unexpanded. The frames stay where the declaration ended, which may be
    /// inside a parameter entity or after the end of the one it started in.
    pub(crate) fn collect(&mut self, frames: &mut Vec<Frame>, mode: CollectMode) -> Collected {
        let Some(first) = frames.last() else {
            return Collected::new(0, Location::unknown());
        };
        let start_instance = first.instance;
        let mut collected = Collected::new(start_instance, first.here());
        let mut quote: Option<char> = None;
        // The opening delimiter (`<!` or `<![`) must not count as a stray `<`.
        let mut opening = true;

        while let Some(frame) = frames.last_mut() {
            let from = frame.pos;
            let skip = match (opening, mode) {
                (false, _) => 0,
                (true, CollectMode::ConditionalStart) => 3,
                (true, _) => 2,
            };
            opening = false;
            let stop = scan(frame.rest(), from, skip, mode, &mut quote);

            match stop {
                Stop::End(end) => {
                    collected.push_frame_text(frame, from, end);
                    frame.pos = end;
                    collected.end_instance = frame.instance;
                    collected.terminated = true;
                    return collected;
                }
                Stop::Unterminated(at) => {
                    collected.push_frame_text(frame, from, at);
                    frame.pos = at;
                    collected.end_instance = frame.instance;
                    return collected;
                }
                Stop::Reference(at, end, name) => {
                    collected.push_frame_text(frame, from, at);
                    let reference_at = frame.locate(at);
                    frame.pos = end;

                    if frame.internal_subset {
                        self.report(reference_at.syntax(format!(
                            "parameter-entity reference `%{name};` is not allowed inside a markup declaration in the internal subset (WFC: PEs in Internal Subset); move the declaration to the external subset or reference the entity between declarations"
                        )));
                        collected.push_frame_text(frame, at, end);
                        collected.failed = true;
                        continue;
                    }

                    let instance = frame.instance;
                    if let Some(mut opened) =
                        self.open_parameter_entity(frames, &name, &reference_at, true)
                    {
                        opened.pad_on_exit = true;
                        collected.push_padding(reference_at, opened.instance);
                        frames.push(opened);
                    } else {
                        collected.push_padding(reference_at, instance);
                    }
                }
                Stop::EndOfText => {
                    collected.push_frame_text(frame, from, frame.text.len());
                    frame.pos = frame.text.len();
                    if frames.len() == 1 {
                        collected.end_instance = start_instance;
                        return collected;
                    }

                    let Some(finished) = frames.pop() else {
                        break;
                    };
                    if finished.instance == start_instance && !finished.pad_on_exit {
                        collected.left_entity_between_declarations = true;
                    }
                    if finished.pad_on_exit {
                        let at = finished.here();
                        collected.push_padding(at, finished.instance);
                    }
                }
            }
        }
        collected
    }
}

/// Scans `text` (which starts at offset `base` of its frame) for the end of a
/// declaration, skipping the first `skip` bytes.
fn scan(text: &str, base: usize, skip: usize, mode: CollectMode, quote: &mut Option<char>) -> Stop {
    for (index, ch) in text.char_indices() {
        if index < skip {
            continue;
        }
        let offset = base + index;

        if let Some(open) = *quote {
            if ch == open {
                *quote = None;
            } else if ch == '<' && mode == CollectMode::Attlist {
                let rest = text.get(index..).unwrap_or("");
                if rest.starts_with("<!") || rest.starts_with("<?") {
                    return Stop::Unterminated(offset);
                }
            }
            continue;
        }

        match ch {
            '"' | '\'' if matches!(mode, CollectMode::Attlist | CollectMode::Quoted) => {
                *quote = Some(ch);
            }
            '>' => return Stop::End(offset + 1),
            '[' if mode == CollectMode::ConditionalStart => return Stop::End(offset + 1),
            '<' => return Stop::Unterminated(offset),
            '%' => {
                let rest = text.get(index..).unwrap_or("");
                if let Ok((after, name)) = pe_reference(rest) {
                    let end = offset + rest.len() - after.len();
                    return Stop::Reference(offset, end, name.to_owned());
                }
            }
            _ => {}
        }
    }
    Stop::EndOfText
}

/// Reports the validity errors of a collected declaration whose delimiters or
/// groups lie in different parameter entities.
impl DtdBuilder<'_> {
    pub(crate) fn check_declaration_nesting(&mut self, collected: &Collected, what: &str) {
        if collected.left_entity_between_declarations {
            let at = collected.locate(0);
            self.report(at.syntax(format!(
                "{what} starts in a parameter entity referenced between declarations and ends outside it (WFC: PE Between Declarations); the entity's text must hold whole declarations"
            )));
            return;
        }
        if collected.start_instance != collected.end_instance {
            let at = collected.locate(0);
            self.report(at.error(
                DiagnosticKind::Validity,
                Code::ImproperNesting,
                format!("{what} starts in one parameter entity and ends outside it (VC: Proper Declaration/PE Nesting); keep `<!` and `>` in the same replacement text"),
            ));
        }
    }

    /// Checks that each parenthesis of a content model is closed in the
    /// replacement text it was opened in (VC: Proper Group/PE Nesting).
    pub(crate) fn check_group_nesting(&mut self, collected: &Collected) {
        let mut open: Vec<(usize, u32)> = Vec::new();

        for (offset, ch) in collected.text.char_indices() {
            match ch {
                '(' => open.push((offset, collected.instance_at(offset))),
                ')' => {
                    let Some((start, instance)) = open.pop() else {
                        continue;
                    };
                    if instance != collected.instance_at(offset) {
                        let at = collected.locate(start);
                        self.report(at.error(
                            DiagnosticKind::Validity,
                            Code::ImproperNesting,
                            "content-model group opens in one parameter entity and closes outside it (VC: Proper Group/PE Nesting); keep `(` and `)` in the same replacement text",
                        ));
                        return;
                    }
                }
                _ => {}
            }
        }
    }
}
