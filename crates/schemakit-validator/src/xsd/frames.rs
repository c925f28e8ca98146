//! The frames of the open elements, with closed frames kept for their buffers.

use super::content::{Frame, FrameStart};

/// The content checks of the open elements, innermost last.
///
/// Closed frames stay in `frames` past `depth`, and the next element opened at
/// that depth restarts the closed frame there, keeping its buffers.
#[derive(Debug, Default)]
pub(super) struct FrameStack {
    frames: Vec<Frame>,
    /// The number of open elements: the first `depth` entries of `frames`.
    depth: usize,
}

impl FrameStack {
    /// Tells whether no element is open.
    pub(super) fn is_empty(&self) -> bool {
        self.depth == 0
    }

    /// Returns the frame of the innermost open element.
    pub(super) fn last_mut(&mut self) -> Option<&mut Frame> {
        let last = self.depth.checked_sub(1)?;
        self.frames.get_mut(last)
    }

    /// Returns the frame of the innermost open element, to read.
    pub(super) fn last(&self) -> Option<&Frame> {
        let last = self.depth.checked_sub(1)?;
        self.frames.get(last)
    }

    /// Opens a frame for an element written `name` from `start`, in place in the
    /// slot of a closed frame when there is one.
    pub(super) fn push(&mut self, start: FrameStart, name: &str) {
        match self.frames.get_mut(self.depth) {
            Some(closed) => closed.restart(start, name),
            None => self.frames.push(Frame::new(start, name)),
        }
        self.depth += 1;
    }

    /// Closes the innermost open element and returns its frame, which stays valid
    /// until the next [`FrameStack::push`].
    pub(super) fn pop(&mut self) -> Option<&mut Frame> {
        self.depth = self.depth.checked_sub(1)?;
        self.frames.get_mut(self.depth)
    }
}
