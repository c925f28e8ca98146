//! Checks of a whole schema that do not depend on how it was written.

use schemakit_model::{
    Code, ContentAutomaton, ContentSpec, Diagnostic, DiagnosticKind, ElementDecl, Schema, Span,
};

/// Checks a schema on its own: content models naming undeclared elements, attribute
/// lists for undeclared elements, and content models that are not deterministic or
/// cannot be compiled. Returns warnings, and errors for uncompilable models.
pub fn check_schema(schema: &Schema) -> Vec<Diagnostic> {
    let mut findings = Vec::new();

    for element in schema.elements.values() {
        let name = schema.name(element.name);

        if element.content.is_none() {
            let message = format!("attribute list for element type `{name}`, which has no element type declaration; declare it with `<!ELEMENT {name} ...>` or remove the attribute list");
            let span = element
                .attributes
                .values()
                .find_map(|attribute| attribute.span);
            findings.push(locate(
                Diagnostic::warning(
                    DiagnosticKind::Schema,
                    Code::AttlistForUndeclaredElement,
                    message,
                ),
                schema,
                span,
            ));
        }

        check_content_names(schema, element, name, &mut findings);
        check_determinism(schema, element, name, &mut findings);
    }
    findings
}

/// Warns about each element name in a content model that has no declaration.
fn check_content_names(
    schema: &Schema,
    element: &ElementDecl,
    name: &str,
    findings: &mut Vec<Diagnostic>,
) {
    let mut named = Vec::new();
    match &element.content {
        Some(ContentSpec::Mixed(names)) => named.extend(names.iter().copied()),
        Some(ContentSpec::Children(particle)) => {
            particle.for_each_element(&mut |symbol| named.push(symbol))
        }
        _ => return,
    }

    let mut reported = Vec::new();
    for symbol in named {
        let declared = schema
            .elements
            .get(&symbol)
            .is_some_and(|child| child.content.is_some());
        if declared || reported.contains(&symbol) {
            continue;
        }
        reported.push(symbol);
        let child = schema.name(symbol);
        let message = format!("content model of `{name}` names element type `{child}`, which is not declared; declare it with `<!ELEMENT {child} ...>`");
        findings.push(locate(
            Diagnostic::warning(
                DiagnosticKind::Schema,
                Code::UndeclaredInContentModel,
                message,
            ),
            schema,
            element.span,
        ));
    }
}

/// Compiles an element content model and warns when it is not deterministic
/// (XML 1.0 appendix E).
fn check_determinism(
    schema: &Schema,
    element: &ElementDecl,
    name: &str,
    findings: &mut Vec<Diagnostic>,
) {
    let Some(ContentSpec::Children(particle)) = &element.content else {
        return;
    };

    match ContentAutomaton::compile(particle) {
        Ok(automaton) => {
            if let Some(ambiguity) = automaton.ambiguity() {
                let child = schema.name(ambiguity.symbol);
                let message = format!("content model of `{name}` is not deterministic: a `{child}` child can match more than one place in `{}`; rewrite the model so that each child has one place to match", particle.to_dtd_syntax(&schema.symbols));
                findings.push(locate(
                    Diagnostic::warning(
                        DiagnosticKind::Schema,
                        Code::NonDeterministicContent,
                        message,
                    ),
                    schema,
                    element.span,
                ));
            }
        }
        Err(error) => {
            let message = format!("content model of `{name}` cannot be compiled: {error}");
            findings.push(locate(
                Diagnostic::error(DiagnosticKind::Schema, Code::UnsupportedConstruct, message),
                schema,
                element.span,
            ));
        }
    }
}

fn locate(diagnostic: Diagnostic, schema: &Schema, span: Option<Span>) -> Diagnostic {
    let Some(span) = span else {
        return diagnostic;
    };
    let file = schema
        .source(span.source)
        .map(|source| source.name.as_str());
    diagnostic.at(file, span.start)
}
