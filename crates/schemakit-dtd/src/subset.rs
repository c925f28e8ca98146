//! The subset loop: `[28b] intSubset ::= (markupdecl | DeclSep)*` and
//! `[31] extSubsetDecl ::= ( markupdecl | conditionalSect | DeclSep)*`, with error
//! recovery so that every error in a file is reported.

use crate::builder::DtdBuilder;
use crate::collector::CollectMode;
use crate::comment_pi::{comment, pi};
use crate::conditional::{conditional_start, ignore_sect_contents, SectionKind};
use crate::input::{Collected, Frame, Location};
use crate::lexical::pe_reference;
use crate::parse_error::{describe_found, join_alternatives, SyntaxError};
use crate::text_decl::starts_with_text_decl;
use schemakit_model::chars::{is_name_char, is_xml_whitespace};
use schemakit_model::{Code, DiagnosticKind};

/// The constructs allowed between declarations, listed in "expected ..." messages.
const BETWEEN_DECLARATIONS: &str = "a markup declaration, a comment, a processing instruction, a parameter-entity reference or whitespace";

/// An INCLUDE section whose `]]>` has not been read yet.
struct OpenSection {
    at: Location,
    instance: u32,
}

/// The state of one run of the subset loop.
struct SubsetRun {
    frames: Vec<Frame>,
    sections: Vec<OpenSection>,
    /// Comments read since the last declaration, for the next element's doc.
    comments: Vec<String>,
}

impl DtdBuilder<'_> {
    /// Parses the declarations of `root` and of the parameter entities it refers to.
    pub(crate) fn parse_subset(&mut self, root: Frame) {
        let mut run = SubsetRun {
            frames: vec![root],
            sections: Vec::new(),
            comments: Vec::new(),
        };

        while let Some(top) = run.frames.last_mut() {
            let rest = top.rest();
            let trimmed = rest.trim_start_matches(is_xml_whitespace);
            let skipped = rest.len() - trimmed.len();
            top.advance(skipped);

            if top.rest().is_empty() {
                run.frames.pop();
                continue;
            }
            self.parse_next(&mut run);
        }

        for section in run.sections {
            self.report(section.at.syntax(
                "conditional section is missing its closing `]]>`; add `]]>` after its last declaration",
            ));
        }
    }

    /// Parses the construct at the reading position of the top frame.
    fn parse_next(&mut self, run: &mut SubsetRun) {
        let Some(top) = run.frames.last_mut() else {
            return;
        };
        let (text, pos) = top.shared_text();
        let rest = text.get(pos..).unwrap_or("");

        if rest.starts_with("<!--") {
            match comment(rest) {
                Ok((after, comment_text)) => {
                    run.comments.push(comment_text.trim().to_owned());
                    top.advance_to(after);
                }
                Err(error) => self.recover_in_frame(run, error, "comment"),
            }
            return;
        }
        if rest.starts_with("<![") {
            run.comments.clear();
            self.parse_conditional_start(run);
            return;
        }
        if rest.starts_with("<!") {
            self.parse_declaration(run);
            return;
        }

        run.comments.clear();
        if rest.starts_with("<?") {
            self.parse_pi(run);
        } else if rest.starts_with("]]>") {
            self.close_section(run);
        } else if rest.starts_with('%') {
            self.parse_pe_reference(run);
        } else {
            let at = top.here();
            let found = describe_found(rest);
            self.report(
                at.syntax(format!(
                    "unexpected {found} between declarations; expected {BETWEEN_DECLARATIONS}"
                ))
                .with_expected(BETWEEN_DECLARATIONS)
                .with_found(found),
            );
            resynchronize(top);
        }
    }

    fn parse_pi(&mut self, run: &mut SubsetRun) {
        let Some(top) = run.frames.last_mut() else {
            return;
        };
        let (text, pos) = top.shared_text();
        let rest = text.get(pos..).unwrap_or("");

        if starts_with_text_decl(rest) {
            let at = top.here();
            self.report(at.syntax(
                "a text declaration (`<?xml ...?>`) may appear only at the very start of an external entity; remove it or move it to the start",
            ));
            resynchronize(top);
            return;
        }
        match pi(rest) {
            Ok((after, _)) => top.advance_to(after),
            Err(error) => self.recover_in_frame(run, error, "processing instruction"),
        }
    }

    /// Reports a nom error of a construct that lies in one frame, then skips to the
    /// next place where a declaration may start.
    fn recover_in_frame(
        &mut self,
        run: &mut SubsetRun,
        error: nom::Err<SyntaxError<'_>>,
        construct: &str,
    ) {
        let Some(top) = run.frames.last_mut() else {
            return;
        };
        let error = match error {
            nom::Err::Error(error) | nom::Err::Failure(error) => error,
            nom::Err::Incomplete(_) => SyntaxError::expected("", "more input"),
        };

        let offset = top
            .text
            .len()
            .saturating_sub(error.input.len())
            .max(top.pos);
        let at = top.locate(offset);
        let diagnostic = syntax_diagnostic(&at, &error, construct);
        self.report(diagnostic);

        resynchronize(top);
    }

    fn parse_conditional_start(&mut self, run: &mut SubsetRun) {
        let Some(top) = run.frames.last_mut() else {
            return;
        };
        if top.internal_subset {
            // Reported once; the section is then read as if it were allowed, so that
            // its contents and its `]]>` cause no further errors.
            let at = top.here();
            self.report(at.syntax(
                "conditional sections (`<![INCLUDE[` and `<![IGNORE[`) are allowed only in the external subset and in external parameter entities",
            ));
        }

        let start = top.here();
        let collected = self.collect(&mut run.frames, CollectMode::ConditionalStart);
        let kind = match conditional_start(&collected.text) {
            Ok((_, kind)) if collected.terminated => kind,
            Ok(_) => {
                self.report(start.syntax("conditional section start is missing its `[`"));
                return;
            }
            Err(error) => {
                self.report_collected_error(&collected, error, "conditional section");
                return;
            }
        };

        match kind {
            SectionKind::Include => run.sections.push(OpenSection {
                at: start,
                instance: collected.end_instance,
            }),
            SectionKind::Ignore => self.skip_ignored_section(run, &start),
        }
    }

    /// Skips the contents of an IGNORE section, which may continue past the end
    /// of the parameter entity that opened it.
    fn skip_ignored_section(&mut self, run: &mut SubsetRun, start: &Location) {
        let mut depth = run.frames.len();
        while let Some(top) = run.frames.last_mut() {
            let (text, pos) = top.shared_text();
            let rest = text.get(pos..).unwrap_or("");
            match ignore_sect_contents(rest) {
                Ok((after, ())) => {
                    top.advance_to(after);
                    return;
                }
                Err(_) if depth > 1 => {
                    depth -= 1;
                    run.frames.pop();
                    self.report(start.error(
                        DiagnosticKind::Validity,
                        Code::ImproperNesting,
                        "ignored section starts in one parameter entity and ends outside it (VC: Proper Conditional Section/PE Nesting)",
                    ));
                }
                Err(_) => {
                    top.advance(rest.len());
                    self.report(start.syntax(
                        "ignored section is missing its closing `]]>`; add `]]>` after the text to ignore",
                    ));
                    return;
                }
            }
        }
    }

    fn close_section(&mut self, run: &mut SubsetRun) {
        let Some(top) = run.frames.last_mut() else {
            return;
        };
        let at = top.here();
        let instance = top.instance;
        top.advance(3);

        match run.sections.pop() {
            Some(section) => {
                if section.instance != instance {
                    self.report(at.error(
                        DiagnosticKind::Validity,
                        Code::ImproperNesting,
                        "conditional section starts in one parameter entity and ends outside it (VC: Proper Conditional Section/PE Nesting)",
                    ));
                }
            }
            None => {
                self.report(
                    at.syntax(format!(
                        "unexpected `]]>` outside a conditional section; expected {BETWEEN_DECLARATIONS}"
                    ))
                    .with_expected(BETWEEN_DECLARATIONS)
                    .with_found("`]]>`"),
                );
            }
        }
    }

    fn parse_pe_reference(&mut self, run: &mut SubsetRun) {
        let Some(top) = run.frames.last_mut() else {
            return;
        };
        let at = top.here();
        let (text, pos) = top.shared_text();

        match pe_reference(text.get(pos..).unwrap_or("")) {
            Ok((after, name)) => {
                let name = name.to_owned();
                top.advance_to(after);
                if let Some(frame) = self.open_parameter_entity(&run.frames, &name, &at, false) {
                    run.frames.push(frame);
                }
            }
            Err(error) => self.recover_in_frame(run, error, "parameter-entity reference"),
        }
    }

    /// Parses an element, attribute-list, entity or notation declaration.
    fn parse_declaration(&mut self, run: &mut SubsetRun) {
        let Some(top) = run.frames.last_mut() else {
            return;
        };
        let rest = top.rest();
        let keyword: String = rest
            .get(2..)
            .unwrap_or("")
            .chars()
            .take_while(|ch| is_name_char(*ch))
            .collect();

        let mode = match keyword.as_str() {
            "ELEMENT" => CollectMode::Element,
            "ATTLIST" => CollectMode::Attlist,
            "ENTITY" | "NOTATION" => CollectMode::Quoted,
            _ => {
                let at = top.here();
                let expected = "`<!ELEMENT`, `<!ATTLIST`, `<!ENTITY`, `<!NOTATION` or `<!--`";
                let upper = keyword.to_ascii_uppercase();
                let message =
                    if ["ELEMENT", "ATTLIST", "ENTITY", "NOTATION"].contains(&upper.as_str()) {
                        format!("keyword `{keyword}` must be written in upper case as `{upper}`")
                    } else {
                        format!("unknown markup declaration `<!{keyword}`; expected {expected}")
                    };
                self.report(
                    at.syntax(message)
                        .with_expected(expected)
                        .with_found(format!("`<!{keyword}`")),
                );
                run.comments.clear();
                top.advance(2);
                resynchronize(top);
                return;
            }
        };

        let external_markup = top.external_markup;
        let internal_subset = top.internal_subset;
        let base = top.base.clone();
        let collected = self.collect(&mut run.frames, mode);
        let comments = std::mem::take(&mut run.comments);

        let context = crate::declare::DeclarationContext {
            collected: &collected,
            external_markup,
            internal_subset,
            base,
            comments,
            active_entities: run
                .frames
                .iter()
                .filter_map(|frame| frame.entity.clone())
                .collect(),
        };
        match keyword.as_str() {
            "ELEMENT" => self.parse_element_decl(&context),
            "ATTLIST" => self.parse_attlist_decl(&context),
            "ENTITY" => self.parse_entity_decl(&context),
            _ => self.parse_notation_decl(&context),
        }
    }

    /// Reports a nom error found in a collected declaration.
    pub(crate) fn report_collected_error(
        &mut self,
        collected: &Collected,
        error: nom::Err<SyntaxError<'_>>,
        construct: &str,
    ) {
        let error = match error {
            nom::Err::Error(error) | nom::Err::Failure(error) => error,
            nom::Err::Incomplete(_) => SyntaxError::expected("", "more input"),
        };
        let unterminated = !collected.terminated && error.input.trim().is_empty();
        let offset = if unterminated {
            collected.text.trim_end().len()
        } else {
            collected.text.len().saturating_sub(error.input.len())
        };
        let at = collected.locate(offset);

        let mut diagnostic = syntax_diagnostic(&at, &error, construct);
        if unterminated {
            diagnostic.message = format!(
                "{construct} is not terminated: expected {} before the next markup or the end of the text",
                join_alternatives(&error.expected)
            );
            // The parser saw only the declaration's own text, so "the end of the
            // text" would name its end, not what follows it in the file.
            diagnostic.found = None;
        }
        self.report(diagnostic);
    }
}

/// Builds the diagnostic for a syntax error of `construct`.
fn syntax_diagnostic(
    at: &Location,
    error: &SyntaxError<'_>,
    construct: &str,
) -> schemakit_model::Diagnostic {
    let construct = error.context.unwrap_or(construct);
    let found = error.found();

    if let Some(message) = &error.message {
        let kind = if error.limit {
            DiagnosticKind::Limit
        } else {
            DiagnosticKind::Syntax
        };
        let code = if error.limit {
            Code::LimitExceeded
        } else {
            Code::DtdSyntax
        };
        return at.error(kind, code, format!("invalid {construct}: {message}"));
    }

    let expected = join_alternatives(&error.expected);
    at.syntax(format!(
        "invalid {construct}: expected {expected}, found {found}"
    ))
    .with_expected(expected)
    .with_found(found)
}

/// Moves the reading position of `frame` past the character at it and on to the
/// next place where a construct may start at declaration level: `<!` (a comment
/// included), `<?`, `]]>` or `%`. Quoted literals are skipped whole, so that their
/// contents do not count.
pub(crate) fn resynchronize(frame: &mut Frame) {
    let text = frame.rest();
    let mut index = text.chars().next().map_or(0, char::len_utf8);

    while let Some(ch) = text.get(index..).and_then(|rest| rest.chars().next()) {
        let rest = text.get(index..).unwrap_or("");
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("]]>") || ch == '%'
        {
            break;
        }
        if ch == '"' || ch == '\'' {
            // A literal is skipped whole, unless a declaration starts on a new line
            // before its closing quote: then the quote was probably a stray one.
            let after = rest.get(1..).unwrap_or("");
            let close = after.find(ch).map_or(rest.len(), |end| end + 2);
            let next_line_declaration = after.find("\n<!").map_or(usize::MAX, |start| start + 2);
            index += close.min(next_line_declaration);
            continue;
        }
        index += ch.len_utf8();
    }

    frame.advance(index);
}
