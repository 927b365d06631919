//! Per-request CPU accounting and the isolate's interrupt handler.
//!
//! Every future that runs JS in an isolate is wrapped in [`Metered`], which charges the thread CPU
//! time spent in each poll to one request (or to the isolate's background budget). The QuickJS
//! interrupt handler, polled every few thousand bytecode instructions, compares the charge against
//! the request's limit and stops the isolate once it is exceeded.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

/// CPU time consumed by the calling thread.
pub fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Why an isolate was terminated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Termination {
    CpuExceeded,
    MemoryExceeded,
}

/// What one request (or the background driver) may spend and has spent.
#[derive(Debug)]
pub struct Budget {
    pub request_id: String,
    pub cpu_limit: Duration,
    pub cpu_used: Cell<Duration>,
    pub subrequests_left: Cell<u32>,
    /// How many Workers this request already passed through (service bindings); set once.
    pub depth: Cell<u32>,
    /// Reset `cpu_used` at every poll (the background driver: each run is limited, not the sum).
    pub per_poll: bool,
    /// Workers for Platforms: the outbound Worker this call's `fetch()`es go through.
    pub outbound: std::cell::RefCell<Option<std::sync::Arc<crate::WorkerCode>>>,
}

impl Budget {
    pub fn new(request_id: &str, cpu_limit: Duration, subrequests: u32) -> Rc<Budget> {
        Rc::new(Budget {
            request_id: request_id.to_string(),
            cpu_limit,
            cpu_used: Cell::new(Duration::ZERO),
            subrequests_left: Cell::new(subrequests),
            depth: Cell::new(0),
            per_poll: false,
            outbound: Default::default(),
        })
    }

    /// A budget whose CPU limit applies to each poll separately.
    pub fn per_poll(request_id: &str, cpu_limit: Duration, subrequests: u32) -> Rc<Budget> {
        Rc::new(Budget {
            request_id: request_id.to_string(),
            cpu_limit,
            cpu_used: Cell::new(Duration::ZERO),
            subrequests_left: Cell::new(subrequests),
            depth: Cell::new(0),
            per_poll: true,
            outbound: Default::default(),
        })
    }
}

/// The isolate-wide meter, shared by the interrupt handler and every [`Metered`] future.
#[derive(Default)]
pub struct Meter {
    /// The budget being charged right now and the thread CPU time when charging started.
    active: RefCell<Option<(Rc<Budget>, Duration)>>,
    terminated: Cell<Option<Termination>>,
    /// Requests in flight, oldest first (continuations polled by the background driver are
    /// attributed to the newest one).
    inflight: RefCell<Vec<Rc<Budget>>>,
    /// Woken when the isolate is terminated, so every in-flight request can answer 1102.
    pub killed: tokio::sync::Notify,
}

impl Meter {
    /// The isolate was terminated (it must not run JS any more).
    pub fn terminated(&self) -> Option<Termination> {
        self.terminated.get()
    }

    /// Marks the isolate terminated; later interrupts stop any JS at once.
    pub fn terminate(&self, why: Termination) {
        if self.terminated.get().is_none() {
            self.terminated.set(Some(why));
            self.killed.notify_waiters();
        }
    }

    /// The budget JS is currently charged to (used for subrequest counting and log attribution).
    pub fn current(&self) -> Option<Rc<Budget>> {
        self.active.borrow().as_ref().map(|(b, _)| b.clone())
    }

    /// The request that JS running now most likely belongs to: the one being polled, else the
    /// newest request in flight. `None` for background work with no request in flight.
    pub fn attributed(&self) -> Option<Rc<Budget>> {
        match self.current() {
            Some(b) if !b.per_poll => Some(b),
            _ => self.inflight.borrow().last().cloned(),
        }
    }

    /// Registers a request as in flight until the returned guard is dropped.
    pub fn track(self: &Rc<Self>, budget: &Rc<Budget>) -> InFlight {
        self.inflight.borrow_mut().push(budget.clone());
        InFlight {
            meter: self.clone(),
            budget: budget.clone(),
        }
    }

    /// Called by QuickJS's interrupt handler: true stops the running JS.
    pub fn should_interrupt(&self) -> bool {
        if self.terminated.get().is_some() {
            return true;
        }
        let over = match &*self.active.borrow() {
            Some((budget, started)) => {
                let spent = budget.cpu_used.get() + thread_cpu_time().saturating_sub(*started);
                spent > budget.cpu_limit
            }
            None => false,
        };
        if over {
            self.terminate(Termination::CpuExceeded);
        }
        over
    }

    fn enter(&self, budget: &Rc<Budget>) -> Option<(Rc<Budget>, Duration)> {
        if budget.per_poll {
            budget.cpu_used.set(Duration::ZERO);
        }
        self.active
            .replace(Some((budget.clone(), thread_cpu_time())))
    }

    fn leave(&self, prev: Option<(Rc<Budget>, Duration)>) {
        let now = thread_cpu_time();
        if let Some((b, started)) = self.active.replace(None) {
            b.cpu_used
                .set(b.cpu_used.get() + now.saturating_sub(started));
        }
        if let Some((b, _)) = prev {
            self.active.replace(Some((b, now)));
        }
    }
}

/// Keeps a request registered as in flight (see [`Meter::track`]).
pub struct InFlight {
    meter: Rc<Meter>,
    budget: Rc<Budget>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut v = self.meter.inflight.borrow_mut();
        if let Some(i) = v.iter().position(|b| Rc::ptr_eq(b, &self.budget)) {
            v.remove(i);
        }
    }
}

pin_project_lite::pin_project! {
    /// Charges the CPU time of every poll of `inner` to `budget`.
    pub struct Metered<F> {
        #[pin]
        inner: F,
        meter: Rc<Meter>,
        budget: Rc<Budget>,
    }
}

impl<F> Metered<F> {
    pub fn new(meter: Rc<Meter>, budget: Rc<Budget>, inner: F) -> Self {
        Metered {
            inner,
            meter,
            budget,
        }
    }
}

impl<F: Future> Future for Metered<F> {
    type Output = F::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let prev = this.meter.enter(this.budget);
        let out = this.inner.poll(cx);
        this.meter.leave(prev);
        out
    }
}
