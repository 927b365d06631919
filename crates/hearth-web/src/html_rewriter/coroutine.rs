//! lol_html's `HtmlRewriter` running on its own stack (a `corosensei` coroutine).
//!
//! lol_html calls content handlers synchronously, from inside `write`/`end`, while JavaScript
//! handlers may return promises. So the rewriter runs in a stackful coroutine: each lol_html
//! handler only *suspends* the coroutine with a pointer to the unit it was given (element, text
//! chunk, ...) and waits to be resumed with the JavaScript handler's outcome. The driver
//! ([`Session`]) is called from JavaScript on the normal stack: it resumes the coroutine, and
//! when the coroutine suspends with an event it returns to JavaScript, which runs the handler
//! (awaiting its promise if it returns one) and then calls back to resume.
//!
//! No QuickJS code ever runs on the coroutine stack (QuickJS compares the stack pointer against
//! the limit of the thread's own stack), and nothing on the coroutine stack refers to a JS value.
//!
//! Soundness of the unit pointers: a pointer handed out by a suspension points into a frame of
//! the (suspended) coroutine stack, which stays put until the coroutine is resumed. [`Session`]
//! keeps the pending event (pointer and generation number) and forgets it *before* every resume,
//! so a JavaScript object that outlives its handler finds no matching event and throws.

use corosensei::{stack::DefaultStack, Coroutine, CoroutineResult, Yielder};
use lol_html::html_content::{Comment, Doctype, DocumentEnd, Element, EndTag, TextChunk};
use lol_html::{
    AsciiCompatibleEncoding, DocumentContentHandlers, ElementContentHandlers, HandlerResult,
    HtmlRewriter, MemorySettings, Selector, Settings,
};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Size of each rewriter's coroutine stack (reserved, committed by the OS as it is touched;
/// lol_html's own frames need a few KiB, workerd runs it on 64 KiB fibers).
const STACK_SIZE: usize = 256 * 1024;

/// Most memory lol_html may use for buffering one rewriter's input (what workerd allows).
const MAX_MEMORY: usize = 3 * 1024 * 1024;

/// What kind of unit an event carries (the numbers the JavaScript glue sees).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Kind {
    /// An `Element` (element handler of `on()`).
    Element = 0,
    /// A `Comment` (comments handler of `on()` or `onDocument()`).
    Comment = 1,
    /// A `TextChunk` (text handler of `on()` or `onDocument()`).
    Text = 2,
    /// A `Doctype` (doctype handler of `onDocument()`).
    Doctype = 3,
    /// A `DocumentEnd` (end handler of `onDocument()`).
    End = 4,
    /// An `EndTag` (a handler registered with `Element.onEndTag`).
    EndTag = 5,
}

/// One registered handler set, as the glue describes it: an `on(selector, ...)` entry or an
/// `onDocument(...)` entry, with which of its handlers exist. Handler ids are
/// `entry index * 4 + slot` (slots: element/doctype 0, comments 1, text 2, end 3).
pub struct Entry {
    /// The selector (`None` for `onDocument`).
    pub selector: Option<Selector>,
    /// Which slots have a handler (bit `1 << slot`).
    pub slots: u8,
}

/// A suspension: lol_html called the handler `handler` with the unit at `unit`.
#[derive(Clone, Copy)]
pub struct Event {
    /// The unit's kind.
    pub kind: Kind,
    /// The handler id (see [`Entry`]), or the end-tag handler id for [`Kind::EndTag`].
    pub handler: u32,
    /// The unit, on the suspended coroutine's stack.
    pub unit: *mut (),
}

/// What the driver sends into the coroutine.
enum Input {
    /// Feed these bytes to `HtmlRewriter::write`.
    Write(Vec<u8>),
    /// Call `HtmlRewriter::end`.
    End,
    /// The JavaScript handler finished (`true`) or threw (`false`).
    Handled(bool),
    /// Stop: fail every pending handler and return.
    Abort,
}

/// What the coroutine hands back while suspended.
enum Output {
    /// The input was consumed; send more (or `End`).
    NeedInput,
    /// A handler ran: answer with `Handled`.
    Event(Event),
}

type Routine = Coroutine<Input, Output, Result<(), String>, DefaultStack>;

/// What the coroutine and the driver share (only ever used from one thread, never at once).
struct Shared {
    /// Rewritten bytes not yet taken by the driver.
    output: RefCell<Vec<u8>>,
    /// The coroutine's yielder, for end-tag handlers added while it runs.
    yielder: Cell<*const Yielder<Input, Output>>,
}

/// Where a rewriting session stands after a step.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Step {
    /// All given input is consumed: call [`Session::write`] or [`Session::end`].
    NeedInput = 0,
    /// A handler must run for [`Session::event`]; then call [`Session::resume`].
    Event = 1,
    /// `end` finished: nothing more will be produced.
    Done = 2,
}

/// One `transform()`: a lol_html rewriter on its own stack, driven one step at a time.
pub struct Session {
    routine: Routine,
    shared: Rc<Shared>,
    /// The pending event and its generation (`None` while no handler runs).
    event: Option<(u32, Event)>,
    /// Bumped for every event: a stale JS object's generation never matches again.
    generation: u32,
    /// Set once lol_html failed or `end` completed.
    finished: bool,
    /// Ids for end-tag handlers (a separate space from the entry handler ids).
    next_end_tag: u32,
}

impl Session {
    /// Builds a rewriter for `entries` that decodes and encodes `encoding`.
    pub fn new(entries: Vec<Entry>, encoding: AsciiCompatibleEncoding) -> std::io::Result<Self> {
        let shared = Rc::new(Shared {
            output: RefCell::new(Vec::new()),
            yielder: Cell::new(std::ptr::null()),
        });
        let inner = shared.clone();
        let stack = DefaultStack::new(STACK_SIZE)?;
        let routine =
            Coroutine::with_stack(stack, move |yielder: &Yielder<Input, Output>, first| {
                inner.yielder.set(yielder);
                run(yielder, &inner, entries, encoding, first)
            });
        Ok(Session {
            routine,
            shared,
            event: None,
            generation: 0,
            finished: false,
            next_end_tag: 0,
        })
    }

    /// Feeds `bytes` to the rewriter.
    pub fn write(&mut self, bytes: Vec<u8>) -> Result<Step, String> {
        self.step(Input::Write(bytes))
    }

    /// Ends the document (runs the end handlers and flushes).
    pub fn end(&mut self) -> Result<Step, String> {
        self.step(Input::End)
    }

    /// Resumes after the JavaScript handler for the pending event finished (`ok`) or threw.
    pub fn resume(&mut self, ok: bool) -> Result<Step, String> {
        if self.event.is_none() {
            return Err("no content handler is running".into());
        }
        self.step(Input::Handled(ok))
    }

    /// Takes the rewritten bytes produced so far.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut *self.shared.output.borrow_mut())
    }

    /// The pending event and its generation.
    pub fn event(&self) -> Option<(u32, Event)> {
        self.event
    }

    /// A fresh id for an end-tag handler.
    pub fn next_end_tag_id(&mut self) -> u32 {
        self.next_end_tag = self.next_end_tag.wrapping_add(1);
        self.next_end_tag
    }

    /// An end-tag handler for lol_html that suspends with `id` (call only while an element
    /// event is pending: the coroutine runs it from inside its own `write`/`end`).
    pub fn end_tag_handler(
        &self,
        id: u32,
    ) -> Box<dyn FnOnce(&mut EndTag<'_>) -> HandlerResult + 'static> {
        let yielder = self.shared.yielder.get();
        Box::new(move |end: &mut EndTag<'_>| {
            // SAFETY: lol_html calls end-tag handlers only from `write`/`end`, which run on the
            // coroutine, whose yielder lives as long as the coroutine's body.
            let yielder = unsafe { &*yielder };
            suspend(yielder, Kind::EndTag, id, end as *mut EndTag<'_> as *mut ())
        })
    }

    fn step(&mut self, input: Input) -> Result<Step, String> {
        if self.finished {
            return Err("the rewriter has already finished".into());
        }
        if self.event.is_some() && !matches!(input, Input::Handled(_)) {
            return Err("a content handler is still running".into());
        }
        // Forget the unit before the coroutine moves on: its frame is about to go.
        self.event = None;
        match self.routine.resume(input) {
            CoroutineResult::Yield(Output::NeedInput) => Ok(Step::NeedInput),
            CoroutineResult::Yield(Output::Event(event)) => {
                self.generation = self.generation.wrapping_add(1);
                self.event = Some((self.generation, event));
                Ok(Step::Event)
            }
            CoroutineResult::Return(result) => {
                self.finished = true;
                result.map(|()| Step::Done)
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Let the body return on its own (every pending handler fails, then `run` returns)
        // rather than unwinding the coroutine stack; bounded in case lol_html keeps calling.
        self.event = None;
        for _ in 0..1024 {
            if !self.routine.started() || self.routine.done() {
                return;
            }
            let _ = self.routine.resume(Input::Abort);
        }
    }
}

/// Suspends the coroutine with an event and turns the driver's answer into a handler result.
fn suspend(
    yielder: &Yielder<Input, Output>,
    kind: Kind,
    handler: u32,
    unit: *mut (),
) -> HandlerResult {
    match yielder.suspend(Output::Event(Event {
        kind,
        handler,
        unit,
    })) {
        Input::Handled(true) => Ok(()),
        _ => Err("content handler failed".into()),
    }
}

/// The coroutine body: builds the rewriter and feeds it until `End` or an error.
fn run(
    yielder: &Yielder<Input, Output>,
    shared: &Rc<Shared>,
    entries: Vec<Entry>,
    encoding: AsciiCompatibleEncoding,
    first: Input,
) -> Result<(), String> {
    let mut settings = Settings::new()
        .with_encoding(encoding)
        .with_strict(true)
        .with_memory_settings(
            MemorySettings::new()
                .with_preallocated_parsing_buffer_size(1024)
                .with_max_allowed_memory_usage(MAX_MEMORY),
        );
    for (index, entry) in entries.into_iter().enumerate() {
        let id = |slot: u32| index as u32 * 4 + slot;
        let has = |slot: u8| entry.slots & (1 << slot) != 0;
        match entry.selector {
            Some(selector) => {
                let mut handlers = ElementContentHandlers::default();
                if has(0) {
                    let h = id(0);
                    handlers = handlers.element(move |el: &mut Element<'_, '_>| {
                        suspend(
                            yielder,
                            Kind::Element,
                            h,
                            el as *mut Element<'_, '_> as *mut (),
                        )
                    });
                }
                if has(1) {
                    let h = id(1);
                    handlers = handlers.comments(move |c: &mut Comment<'_>| {
                        suspend(yielder, Kind::Comment, h, c as *mut Comment<'_> as *mut ())
                    });
                }
                if has(2) {
                    let h = id(2);
                    handlers = handlers.text(move |t: &mut TextChunk<'_>| {
                        suspend(yielder, Kind::Text, h, t as *mut TextChunk<'_> as *mut ())
                    });
                }
                settings =
                    settings.append_element_content_handler((Cow::Owned(selector), handlers));
            }
            None => {
                let mut handlers = DocumentContentHandlers::default();
                if has(0) {
                    let h = id(0);
                    handlers = handlers.doctype(move |d: &mut Doctype<'_>| {
                        suspend(yielder, Kind::Doctype, h, d as *mut Doctype<'_> as *mut ())
                    });
                }
                if has(1) {
                    let h = id(1);
                    handlers = handlers.comments(move |c: &mut Comment<'_>| {
                        suspend(yielder, Kind::Comment, h, c as *mut Comment<'_> as *mut ())
                    });
                }
                if has(2) {
                    let h = id(2);
                    handlers = handlers.text(move |t: &mut TextChunk<'_>| {
                        suspend(yielder, Kind::Text, h, t as *mut TextChunk<'_> as *mut ())
                    });
                }
                if has(3) {
                    let h = id(3);
                    handlers = handlers.end(move |e: &mut DocumentEnd<'_>| {
                        suspend(yielder, Kind::End, h, e as *mut DocumentEnd<'_> as *mut ())
                    });
                }
                settings = settings.append_document_content_handler(handlers);
            }
        }
    }
    let sink = {
        let shared = shared.clone();
        move |chunk: &[u8]| shared.output.borrow_mut().extend_from_slice(chunk)
    };
    let mut rewriter = HtmlRewriter::new(settings, sink);
    let mut input = first;
    loop {
        match input {
            Input::Write(bytes) => rewriter.write(&bytes).map_err(|e| e.to_string())?,
            Input::End => return rewriter.end().map_err(|e| e.to_string()),
            Input::Handled(_) | Input::Abort => return Err("the rewriter was stopped".into()),
        }
        input = yielder.suspend(Output::NeedInput);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(selector: &str, slots: u8) -> Session {
        let entries = vec![Entry {
            selector: Some(selector.parse().unwrap()),
            slots,
        }];
        Session::new(entries, AsciiCompatibleEncoding::utf_8()).unwrap()
    }

    #[test]
    fn events_suspend_and_resume_in_document_order() {
        let mut s = session("p", 0b101);
        assert_eq!(s.write(b"<p>a</p><p>b".to_vec()), Ok(Step::Event));
        let (g1, e) = s.event().unwrap();
        assert_eq!((e.kind, e.handler), (Kind::Element, 0));
        // Output before the element is available while its handler runs.
        assert_eq!(s.take_output(), b"");
        assert_eq!(s.resume(true), Ok(Step::Event));
        let (g2, e) = s.event().unwrap();
        assert_eq!((e.kind, e.handler), (Kind::Text, 2));
        assert_ne!(g1, g2);
        // The rest of the document: every event in order, until each call needs input / ends.
        let mut kinds = vec![];
        let mut step = s.resume(true).unwrap();
        for last in [false, true] {
            while step == Step::Event {
                kinds.push(s.event().unwrap().1.kind);
                step = s.resume(true).unwrap();
            }
            assert!(s.event().is_none());
            if !last {
                assert_eq!(step, Step::NeedInput);
                kinds.push(Kind::End); // marks where the input ran out
                step = s.end().unwrap();
            }
        }
        assert_eq!(step, Step::Done);
        use Kind::*;
        assert_eq!(kinds, [Text, Element, Text, End, Text]);
        assert_eq!(s.take_output(), b"<p>a</p><p>b");
        assert!(s.write(b"x".to_vec()).is_err());
    }

    #[test]
    fn a_failed_handler_fails_the_session() {
        let mut s = session("b", 0b1);
        assert_eq!(s.write(b"<b>x</b>".to_vec()), Ok(Step::Event));
        assert!(s.resume(false).is_err());
        assert!(s.event().is_none());
        assert!(s.write(b"more".to_vec()).is_err());
        assert!(s.resume(true).is_err());
    }

    #[test]
    fn end_tag_handlers_suspend_too() {
        let mut s = session("div", 0b1);
        assert_eq!(s.write(b"<div>x</div>".to_vec()), Ok(Step::Event));
        let (_, e) = s.event().unwrap();
        let id = s.next_end_tag_id();
        // SAFETY: the element event is pending.
        let el = unsafe { &mut *(e.unit as *mut Element<'_, '_>) };
        el.end_tag_handlers().unwrap().push(s.end_tag_handler(id));
        assert_eq!(s.resume(true), Ok(Step::Event));
        let (_, e) = s.event().unwrap();
        assert_eq!((e.kind, e.handler), (Kind::EndTag, id));
        // SAFETY: the end-tag event is pending.
        let end = unsafe { &mut *(e.unit as *mut EndTag<'_>) };
        end.after("!", lol_html::html_content::ContentType::Text);
        assert_eq!(s.resume(true), Ok(Step::NeedInput));
        assert_eq!(s.end(), Ok(Step::Done));
        assert_eq!(s.take_output(), b"<div>x</div>!");
    }

    #[test]
    fn dropping_a_suspended_session_lets_lol_html_return() {
        for n in 0..3 {
            let mut s = session("*", 0b111);
            assert_eq!(
                s.write(b"<div><p>x<!--c--></p></div>".to_vec()),
                Ok(Step::Event)
            );
            for _ in 0..n {
                s.resume(true).unwrap();
            }
            drop(s);
        }
        // Never started: nothing to unwind.
        drop(session("p", 0b1));
    }
}
