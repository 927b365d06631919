//! Isolate threads and the public [`Runtime`].
//!
//! N threads, each a current-thread tokio runtime with a `LocalSet` that owns its isolates
//! (QuickJS is `!Send`). `invoke` picks a thread by hash of the version id (cache locality), or
//! the least loaded thread when that one is much busier, sends the job over a channel and awaits
//! the answer. Each thread caches isolates by version id and evicts idle ones LRU under its share
//! of the memory budget.

use crate::code::{CallLimits, ServiceResolver, WorkerCode};
use crate::config::RuntimeConfig;
use crate::errors::{error_response, WorkerError};
use crate::fetch::body::Body;
use crate::isolate::{Host, Isolate, Outcome, ScheduledOutcome};
use http::{Request, Response};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use tokio::sync::{mpsc, oneshot};

struct Job {
    code: Arc<WorkerCode>,
    request_id: String,
    work: Work,
}

// Jobs are boxed on the channel, so the variants' size difference costs nothing.
#[allow(clippy::large_enum_variant)]
enum Work {
    Fetch {
        req: Request<Body>,
        entrypoint: Option<String>,
        depth: u32,
        limits: CallLimits,
        reply: oneshot::Sender<Response<Body>>,
    },
    Scheduled {
        cron: String,
        time_ms: f64,
        reply: oneshot::Sender<ScheduledOutcome>,
    },
}

enum Msg {
    Job(Box<Job>),
    Shutdown,
}

struct Thread {
    tx: mpsc::UnboundedSender<Msg>,
    load: Arc<AtomicUsize>,
    join: Mutex<Option<std::thread::JoinHandle<()>>>,
}

pub(crate) struct Inner {
    threads: Vec<Thread>,
    cache: Arc<crate::cache::CacheStore>,
    stopped: AtomicBool,
}

/// The Worker runtime: a pool of isolate threads. `Send + Sync`; clone it or share it in an `Arc`.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

impl Runtime {
    /// Starts `config.threads` isolate threads (one per CPU when 0).
    pub fn new(config: RuntimeConfig, resolver: Arc<dyn ServiceResolver>) -> Runtime {
        let n = if config.threads == 0 {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        } else {
            config.threads
        };
        let config = Arc::new(config);
        let modules = Arc::new(crate::loader::ModuleCache::default());
        let inner = Arc::new_cyclic(|weak: &Weak<Inner>| {
            let threads = (0..n)
                .map(|i| {
                    let (tx, rx) = mpsc::unbounded_channel();
                    let load = Arc::new(AtomicUsize::new(0));
                    let (config, resolver, weak, l) =
                        (config.clone(), resolver.clone(), weak.clone(), load.clone());
                    let modules = modules.clone();
                    let join = std::thread::Builder::new()
                        .name(format!("hearth-isolate-{i}"))
                        .stack_size(8 << 20)
                        .spawn(move || thread_main(rx, config, resolver, weak, modules, l, n))
                        .expect("spawning an isolate thread");
                    Thread {
                        tx,
                        load,
                        join: Mutex::new(Some(join)),
                    }
                })
                .collect();
            Inner {
                threads,
                cache: Arc::new(crate::cache::CacheStore::new(config.cache_budget_bytes)),
                stopped: AtomicBool::new(false),
            }
        });
        Runtime { inner }
    }

    pub(crate) fn from_inner(inner: Arc<Inner>) -> Runtime {
        Runtime { inner }
    }

    /// The Cache API's store, shared by every isolate of this runtime.
    pub fn cache(&self) -> &Arc<crate::cache::CacheStore> {
        &self.inner.cache
    }

    fn pick(&self, version_id: &str) -> &Thread {
        let threads = &self.inner.threads;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        version_id.hash(&mut h);
        let home = &threads[(h.finish() % threads.len() as u64) as usize];
        let least = threads
            .iter()
            .min_by_key(|t| t.load.load(Ordering::Relaxed))
            .unwrap_or(home);
        if home.load.load(Ordering::Relaxed) > least.load.load(Ordering::Relaxed) * 2 + 32 {
            least
        } else {
            home
        }
    }

    /// Runs one request through the Worker. Never fails: errors become Cloudflare-style error
    /// responses (500/1101 for an uncaught exception, 503/1102 for exceeded CPU or memory).
    pub async fn invoke(
        &self,
        code: Arc<WorkerCode>,
        req: Request<Body>,
        request_id: &str,
    ) -> Response<Body> {
        self.invoke_entrypoint(code, None, req, request_id).await
    }

    /// Like [`Runtime::invoke`], for a named `WorkerEntrypoint` export (service bindings with an
    /// `entrypoint`); `None` is the default export.
    pub async fn invoke_entrypoint(
        &self,
        code: Arc<WorkerCode>,
        entrypoint: Option<&str>,
        req: Request<Body>,
        request_id: &str,
    ) -> Response<Body> {
        self.invoke_nested(code, entrypoint, req, request_id, 0, CallLimits::default())
            .await
    }

    /// A service-binding call from a request that has passed through `depth` Workers.
    pub(crate) async fn invoke_nested(
        &self,
        code: Arc<WorkerCode>,
        entrypoint: Option<&str>,
        req: Request<Body>,
        request_id: &str,
        depth: u32,
        limits: CallLimits,
    ) -> Response<Body> {
        let (reply, rx) = oneshot::channel();
        let work = Work::Fetch {
            req,
            entrypoint: entrypoint.map(str::to_string),
            depth,
            limits,
            reply,
        };
        if !self.submit(code, request_id, work) {
            return error_response(WorkerError::Internal, request_id);
        }
        rx.await
            .unwrap_or_else(|_| error_response(WorkerError::Internal, request_id))
    }

    /// Runs the Worker's `scheduled` handler for a cron trigger (`scheduled_time_ms`: Unix time in
    /// milliseconds), including its `waitUntil` work. Never fails; the outcome says how it ended.
    pub async fn scheduled(
        &self,
        code: Arc<WorkerCode>,
        cron: &str,
        scheduled_time_ms: f64,
        request_id: &str,
    ) -> ScheduledOutcome {
        let (reply, rx) = oneshot::channel();
        let work = Work::Scheduled {
            cron: cron.to_string(),
            time_ms: scheduled_time_ms,
            reply,
        };
        let internal = || ScheduledOutcome {
            outcome: "internalError".into(),
            no_retry: false,
        };
        if !self.submit(code, request_id, work) {
            return internal();
        }
        rx.await.unwrap_or_else(|_| internal())
    }

    fn submit(&self, code: Arc<WorkerCode>, request_id: &str, work: Work) -> bool {
        if self.inner.stopped.load(Ordering::Acquire) {
            return false;
        }
        let thread = self.pick(&code.version_id);
        thread.load.fetch_add(1, Ordering::Relaxed);
        let job = Job {
            code,
            request_id: request_id.to_string(),
            work,
        };
        if thread.tx.send(Msg::Job(Box::new(job))).is_err() {
            thread.load.fetch_sub(1, Ordering::Relaxed);
            return false;
        }
        true
    }

    /// Stops the isolate threads, dropping every isolate safely. Idempotent.
    pub fn shutdown(&self) {
        if self.inner.stopped.swap(true, Ordering::AcqRel) {
            return;
        }
        for t in &self.inner.threads {
            let _ = t.tx.send(Msg::Shutdown);
        }
        let me = std::thread::current().id();
        for t in &self.inner.threads {
            let handle = t.join.lock().ok().and_then(|mut j| j.take());
            if let Some(h) = handle {
                if h.thread().id() != me {
                    let _ = h.join();
                }
            }
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        for t in &self.threads {
            let _ = t.tx.send(Msg::Shutdown);
        }
    }
}

struct Cached {
    isolate: Rc<Isolate>,
    last_used: u64,
}

struct ThreadState {
    host: Rc<Host>,
    cache: RefCell<HashMap<String, Cached>>,
    budget: usize,
    tick: Cell<u64>,
}

fn thread_main(
    mut rx: mpsc::UnboundedReceiver<Msg>,
    config: Arc<RuntimeConfig>,
    resolver: Arc<dyn ServiceResolver>,
    runtime: Weak<Inner>,
    modules: Arc<crate::loader::ModuleCache>,
    load: Arc<AtomicUsize>,
    threads: usize,
) {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!("cannot start isolate thread: {e}");
            return;
        }
    };
    let local = tokio::task::LocalSet::new();
    let state = Rc::new(ThreadState {
        budget: config.memory_budget_bytes / threads.max(1),
        host: Host::new(config, resolver, runtime, modules),
        cache: RefCell::new(HashMap::new()),
        tick: Cell::new(0),
    });
    local.block_on(&rt, async {
        while let Some(msg) = rx.recv().await {
            match msg {
                Msg::Job(job) => {
                    let state = state.clone();
                    let load = load.clone();
                    tokio::task::spawn_local(async move {
                        serve(&state, *job).await;
                        load.fetch_sub(1, Ordering::Relaxed);
                    });
                }
                Msg::Shutdown => break,
            }
        }
    });
    // Dropping the cache and then the LocalSet (its tasks hold the remaining isolate handles)
    // tears every isolate down on this thread, before the tokio runtime goes away.
    state.cache.borrow_mut().clear();
    drop(local);
    drop(state);
    drop(rt);
}

async fn isolate_for(
    state: &ThreadState,
    code: &Arc<WorkerCode>,
    request_id: &str,
) -> Result<Rc<Isolate>, WorkerError> {
    let tick = state.tick.get() + 1;
    state.tick.set(tick);
    if let Some(c) = state.cache.borrow_mut().get_mut(&code.version_id) {
        if c.isolate.terminated().is_none() {
            c.last_used = tick;
            return Ok(c.isolate.clone());
        }
    }
    let isolate = match Isolate::create(code.clone(), state.host.clone()).await {
        Ok(i) => Rc::new(i),
        Err(e) => {
            let msg = format!("Worker failed to start: {}", e.message);
            crate::console::emit_for(
                &state.host.config,
                code,
                request_id.to_string(),
                crate::LogLevel::Error,
                msg,
            );
            return Err(if e.limits {
                WorkerError::ResourceLimits
            } else {
                WorkerError::Threw
            });
        }
    };
    isolate.spawn_driver();
    let mut cache = state.cache.borrow_mut();
    cache.insert(
        code.version_id.clone(),
        Cached {
            isolate: isolate.clone(),
            last_used: tick,
        },
    );
    evict(&mut cache, state.budget, &code.version_id);
    Ok(isolate)
}

fn evict(cache: &mut HashMap<String, Cached>, budget: usize, keep: &str) {
    loop {
        let total: usize = cache.values().map(|c| c.isolate.memory.get()).sum();
        if total <= budget || cache.len() <= 1 {
            return;
        }
        // An isolate serving WebSockets is not evicted: its sockets hold it alive anyway, so
        // dropping it from the cache would free nothing and start a second copy.
        let victim = cache
            .iter()
            .filter(|(k, c)| k.as_str() != keep && c.isolate.shared.sockets.live() == 0)
            .min_by_key(|(_, c)| c.last_used)
            .map(|(k, _)| k.clone());
        match victim {
            Some(k) => {
                cache.remove(&k);
            }
            None => return,
        }
    }
}

async fn serve(state: &ThreadState, job: Job) {
    let Job {
        code,
        request_id,
        work,
    } = job;
    let isolate = match isolate_for(state, &code, &request_id).await {
        Ok(i) => i,
        Err(e) => {
            match work {
                Work::Fetch { reply, .. } => {
                    let _ = reply.send(error_response(e, &request_id));
                }
                Work::Scheduled { reply, .. } => {
                    let outcome = if e == WorkerError::ResourceLimits {
                        "exceededResources"
                    } else {
                        "exception"
                    };
                    let _ = reply.send(ScheduledOutcome {
                        outcome: outcome.into(),
                        no_retry: false,
                    });
                }
            }
            return;
        }
    };
    match work {
        Work::Fetch {
            req,
            entrypoint,
            depth,
            limits,
            reply,
        } => {
            let waits = match isolate
                .fetch(req, &request_id, entrypoint, depth, limits)
                .await
            {
                Outcome::Response(resp, waits, socket) => {
                    let _ = reply.send(resp);
                    if let Some(socket) = socket {
                        // Its own task: the socket outlives this job (and its load count).
                        let iso = isolate.clone();
                        tokio::task::spawn_local(iso.serve_socket(socket, request_id.clone()));
                    }
                    waits
                }
                Outcome::Failed(e) => {
                    let _ = reply.send(error_response(e, &request_id));
                    None
                }
            };
            if let Some(w) = waits {
                isolate.drain(w).await;
            }
        }
        Work::Scheduled {
            cron,
            time_ms,
            reply,
        } => {
            let _ = reply.send(isolate.scheduled(&cron, time_ms, &request_id).await);
        }
    }
    if isolate.terminated().is_some() {
        let mut cache = state.cache.borrow_mut();
        if cache
            .get(&code.version_id)
            .is_some_and(|c| Rc::ptr_eq(&c.isolate, &isolate))
        {
            cache.remove(&code.version_id);
        }
    } else {
        isolate.maybe_measure().await;
    }
}
