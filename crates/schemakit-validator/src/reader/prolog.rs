//! Document structure (XML 1.0 production [1] document): the prolog, exactly one
//! root element, and only comments, processing instructions and whitespace after it.

/// The reader's place in the document's top-level structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stage {
    /// Nothing read yet: only here may the XML declaration appear.
    Start,
    /// After the XML declaration or other prolog content, before the root element.
    Prolog,
    /// Inside the root element.
    InRoot,
    /// After the root element's end tag.
    AfterRoot,
}

/// The top-level structure seen so far.
#[derive(Debug)]
pub(super) struct DocumentStructure {
    stage: Stage,
    doctype_seen: bool,
    root_name: Option<String>,
}

impl DocumentStructure {
    pub(super) fn new() -> Self {
        DocumentStructure {
            stage: Stage::Start,
            doctype_seen: false,
            root_name: None,
        }
    }

    pub(super) fn stage(&self) -> Stage {
        self.stage
    }

    /// Records that some markup or text other than the XML declaration was read.
    pub(super) fn leave_start(&mut self) {
        if self.stage == Stage::Start {
            self.stage = Stage::Prolog;
        }
    }

    /// Checks that a DOCTYPE may appear now and records it.
    pub(super) fn enter_doctype(&mut self) -> Result<(), String> {
        match self.stage {
            Stage::Start | Stage::Prolog if !self.doctype_seen => {
                self.doctype_seen = true;
                self.stage = Stage::Prolog;
                Ok(())
            }
            Stage::Start | Stage::Prolog => {
                Err("a document may have only one DOCTYPE declaration".to_owned())
            }
            Stage::InRoot | Stage::AfterRoot => {
                Err("the DOCTYPE declaration must come before the root element".to_owned())
            }
        }
    }

    /// Checks that a start tag at the top level may appear now and records the root.
    pub(super) fn enter_root(&mut self, name: &str) -> Result<(), String> {
        match self.stage {
            Stage::Start | Stage::Prolog => {
                self.stage = Stage::InRoot;
                self.root_name = Some(name.to_owned());
                Ok(())
            }
            Stage::InRoot => Ok(()),
            Stage::AfterRoot => Err(format!(
                "element `{name}` comes after the root element `{}` ended: a document has exactly one root element",
                self.root_name.as_deref().unwrap_or("?")
            )),
        }
    }

    /// Records the end of the root element.
    pub(super) fn leave_root(&mut self) {
        self.stage = Stage::AfterRoot;
    }

    /// Checks the structure at the end of the document.
    pub(super) fn check_end(&self) -> Result<(), String> {
        match self.stage {
            Stage::Start | Stage::Prolog => Err("the document has no root element".to_owned()),
            Stage::InRoot => Err(format!(
                "the document ends inside the root element `{}`",
                self.root_name.as_deref().unwrap_or("?")
            )),
            Stage::AfterRoot => Ok(()),
        }
    }
}
