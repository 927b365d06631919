//! One isolate: a QuickJS runtime + context holding the evaluated modules of one version.
//!
//! Field order matters for teardown: JS values held from Rust (`JsState`) are dropped first, then
//! GC runs, then the context, then the runtime (which drops the futures it owns, e.g. timers and
//! body pumps, before `JS_FreeRuntime`). JS-side state is only ever referenced from JS or from
//! futures owned by the runtime, never from Rust closures, so nothing outlives the runtime.

use crate::code::{CallLimits, ModuleKind, WorkerCode, WorkerFormat};
use crate::config::{EgressPolicy, LogLevel, RuntimeConfig};
use crate::errors::WorkerError;
use crate::fetch::body::Body;
use crate::fetch::client::HttpClient;
use crate::fetch::{self, body_to_js, RequestHead};
use crate::limits::{Budget, Meter, Metered, Termination};
use crate::loader::{self, VersionLoader};
use crate::websocket::{self, SocketTable, SocketTask, WsFrame};
use crate::{bindings, console, pool, timers, ServiceResolver};
use http::{HeaderName, HeaderValue, Request, Response, StatusCode};
use rquickjs::context::EvalOptions;
use rquickjs::{
    Array, ArrayBuffer, AsyncContext, AsyncRuntime, CatchResultExt, CaughtError, Class, Ctx,
    Function, Module, Object, Persistent, Promise, Value,
};
use std::cell::{Cell, OnceCell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::sync::{Arc, Weak};
use std::time::Duration;

/// Per-thread services shared by the isolates of one thread.
pub struct Host {
    pub config: Arc<RuntimeConfig>,
    pub policy: Arc<EgressPolicy>,
    pub resolver: Arc<dyn ServiceResolver>,
    /// Tenant module bytecode shared by all threads.
    pub modules: Arc<loader::ModuleCache>,
    runtime: Weak<pool::Inner>,
    client: OnceCell<HttpClient>,
    ws_client: OnceCell<HttpClient>,
}

impl Host {
    pub fn new(
        config: Arc<RuntimeConfig>,
        resolver: Arc<dyn ServiceResolver>,
        runtime: Weak<pool::Inner>,
        modules: Arc<loader::ModuleCache>,
    ) -> Rc<Host> {
        Rc::new(Host {
            policy: Arc::new(config.egress.clone()),
            config,
            resolver,
            modules,
            runtime,
            client: OnceCell::new(),
            ws_client: OnceCell::new(),
        })
    }

    /// The outbound HTTP client (created on first use).
    pub fn client(&self) -> HttpClient {
        self.client
            .get_or_init(|| crate::fetch::client::new_client(self.policy.clone()))
            .clone()
    }

    /// The HTTP/1.1-only client for outbound WebSocket handshakes (created on first use).
    pub fn ws_client(&self) -> HttpClient {
        self.ws_client
            .get_or_init(|| crate::fetch::client::new_http1_client(self.policy.clone()))
            .clone()
    }

    /// The runtime, for in-process service calls (None during validation or after shutdown).
    pub fn runtime(&self) -> Option<crate::Runtime> {
        self.runtime.upgrade().map(crate::Runtime::from_inner)
    }
}

/// Rust-side state of one isolate that native functions may use.
pub struct IsolateShared {
    pub code: Arc<WorkerCode>,
    pub meter: Rc<Meter>,
    pub host: Rc<Host>,
    /// Budget charged when no request is being polled (timers, pumps after the response).
    pub background: Rc<Budget>,
    /// Wakes the driver task (see [`Kick`]).
    pub driver: Rc<Kick>,
    /// WebSockets handed to the edge (see [`crate::websocket`]).
    pub sockets: Rc<SocketTable>,
}

/// The driver task's waker. QuickJS's spawner remembers only the waker of whoever polled it last;
/// when that was a request that has finished since, a later wake-up of a spawned future (a timer,
/// a fetch, a service call) would be lost. Every request kicks the driver when it ends, so the
/// driver polls the spawner again and becomes its waker.
#[derive(Default)]
pub struct Kick {
    waker: RefCell<Option<std::task::Waker>>,
}

impl Kick {
    /// Wakes the driver task.
    pub fn kick(&self) {
        if let Some(w) = self.waker.borrow().as_ref() {
            w.wake_by_ref();
        }
    }
}

pin_project_lite::pin_project! {
    /// The driver future, recording its task's waker for [`Kick::kick`].
    struct Kickable<F> {
        #[pin]
        inner: F,
        kick: Rc<Kick>,
    }
}

impl<F: Future> Future for Kickable<F> {
    type Output = F::Output;
    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        let this = self.project();
        let mut slot = this.kick.waker.borrow_mut();
        if !slot.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
            *slot = Some(cx.waker().clone());
        }
        drop(slot);
        this.inner.poll(cx)
    }
}

/// The handler target, `env` and a dispatch function, as held between requests.
type Handles = (
    Persistent<Value<'static>>,
    Persistent<Value<'static>>,
    Persistent<Function<'static>>,
);

struct JsState {
    target: Persistent<Value<'static>>,
    env: Persistent<Value<'static>>,
    dispatch: Persistent<Function<'static>>,
    scheduled: Persistent<Function<'static>>,
    drain: Persistent<Function<'static>>,
    ws_deliver: Persistent<Function<'static>>,
}

/// How a `scheduled` (cron) invocation ended, in Cloudflare's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledOutcome {
    /// `ok`, `exception`, `exceededResources` or `internalError`.
    pub outcome: String,
    /// The handler called `controller.noRetry()`.
    pub no_retry: bool,
}

impl ScheduledOutcome {
    fn failed(e: WorkerError) -> ScheduledOutcome {
        let outcome = match e {
            WorkerError::Threw => "exception",
            WorkerError::ResourceLimits => "exceededResources",
            WorkerError::Internal => "internalError",
        };
        ScheduledOutcome {
            outcome: outcome.into(),
            no_retry: false,
        }
    }
}

impl From<Termination> for WorkerError {
    fn from(_: Termination) -> WorkerError {
        WorkerError::ResourceLimits
    }
}

/// The JS function told about promise rejections (held as runtime userdata, which is dropped
/// before the runtime is freed).
#[derive(rquickjs::JsLifetime)]
struct RejectionHook<'js>(Function<'js>);

/// A failure while starting an isolate.
#[derive(Debug)]
pub struct StartupError {
    pub message: String,
    pub limits: bool,
}

/// The result of one request: the response, its `waitUntil` work and, for a 101 with a
/// WebSocket, the isolate's end of the socket.
pub enum Outcome {
    Response(Response<Body>, Option<WaitUntil>, Option<SocketTask>),
    Failed(WorkerError),
}

/// Pending `ctx.waitUntil` work of one request.
pub struct WaitUntil {
    ctx_obj: Persistent<Object<'static>>,
    budget: Rc<Budget>,
}

/// One isolate (see the module docs for the teardown order).
pub struct Isolate {
    js: RefCell<Option<JsState>>,
    ctx: AsyncContext,
    rt: AsyncRuntime,
    pub shared: Rc<IsolateShared>,
    /// Handlers the Worker exports (`fetch`, `scheduled`, ...).
    pub handlers: Vec<String>,
    /// Last measured heap size, for the LRU memory budget.
    pub memory: Cell<usize>,
    served: Cell<u64>,
}

/// A JS failure, described for logs and error messages.
pub struct JsFailure {
    pub name: String,
    pub message: String,
    pub stack: String,
    /// The thrown value was `null` (what QuickJS leaves when out of memory).
    pub null_thrown: bool,
}

impl JsFailure {
    fn is_oom(&self) -> bool {
        self.message.contains("out of memory")
    }

    /// `Uncaught SyntaxError: message at file:line`.
    pub fn uncaught(&self) -> String {
        let at = self
            .stack
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("at "))
            .unwrap_or("");
        let mut s = format!("Uncaught {}: {}", self.name, self.message);
        if !at.is_empty() {
            s.push(' ');
            s.push_str(at);
        }
        s
    }

    fn log_text(&self) -> String {
        let mut s = format!("Uncaught {}: {}", self.name, self.message);
        if !self.stack.trim().is_empty() {
            s.push('\n');
            s.push_str(self.stack.trim_end());
        }
        s
    }
}

/// Is the isolate's heap close to its limit? When QuickJS cannot even allocate the "out of
/// memory" error, the exception it leaves is a bare `null`; this tells that apart from a script's
/// own `throw null`.
fn near_memory_limit(ctx: &Ctx<'_>, limit: usize) -> bool {
    // SAFETY: the context (and so its runtime) is alive for the duration of the borrow; the
    // usage struct is plain data filled in by QuickJS.
    let used = unsafe {
        let rt = rquickjs::qjs::JS_GetRuntime(ctx.as_raw().as_ptr());
        let mut usage: rquickjs::qjs::JSMemoryUsage = std::mem::zeroed();
        rquickjs::qjs::JS_ComputeMemoryUsage(rt, &mut usage);
        usage.malloc_size.max(0) as usize
    };
    used >= limit / 10 * 9
}

/// Describes the exception behind `err` (clearing it from the context).
pub fn describe<'js>(ctx: &Ctx<'js>, err: CaughtError<'js>) -> JsFailure {
    match err {
        CaughtError::Exception(e) => {
            let name: String = e.as_object().get("name").unwrap_or_else(|_| "Error".into());
            JsFailure {
                name,
                message: e.message().unwrap_or_default(),
                stack: e.stack().unwrap_or_default(),
                null_thrown: false,
            }
        }
        CaughtError::Value(v) => {
            let message = match v.as_string() {
                Some(s) => s.to_string().unwrap_or_default(),
                None => ctx
                    .json_stringify(v.clone())
                    .ok()
                    .flatten()
                    .and_then(|s| s.to_string().ok())
                    .unwrap_or_else(|| format!("{:?}", v.type_of())),
            };
            JsFailure {
                name: "Error".into(),
                message,
                stack: String::new(),
                null_thrown: v.is_null(),
            }
        }
        CaughtError::Error(e) => JsFailure {
            name: "Error".into(),
            message: e.to_string(),
            stack: String::new(),
            null_thrown: false,
        },
    }
}

fn eval_glue<'js>(ctx: &Ctx<'js>, file: &str, src: &str) -> rquickjs::Result<Value<'js>> {
    let mut opts = EvalOptions::default();
    opts.filename = Some(file.to_string());
    opts.strict = false;
    ctx.eval_with_options(src, opts)
}

fn install_module_natives<'js>(
    ctx: &Ctx<'js>,
    native: &Object<'js>,
    shared: &Rc<IsolateShared>,
) -> rquickjs::Result<()> {
    let code = shared.code.clone();
    native.set(
        "resolveModule",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, base: String, spec: String| -> rquickjs::Result<Vec<String>> {
                match loader::resolve_name(&code, &base, &spec) {
                    Ok(m) => Ok(vec![m.name.clone(), loader::kind_name(m.kind).to_string()]),
                    Err(msg) => Err(rquickjs::Exception::throw_message(&ctx, &msg)),
                }
            },
        )?,
    )?;
    let code = shared.code.clone();
    native.set(
        "cjsFactory",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, name: String| -> rquickjs::Result<Value<'js>> {
                let m = code
                    .modules
                    .iter()
                    .find(|m| m.name == name && m.kind == ModuleKind::CommonJs);
                let Some(m) = m else {
                    return Err(rquickjs::Exception::throw_message(
                        &ctx,
                        "no such CommonJS module",
                    ));
                };
                let src = format!(
                    "(function (exports, require, module, __filename, __dirname) {{{}\n}})",
                    String::from_utf8_lossy(&m.body)
                );
                eval_glue(&ctx, &name, &src)
            },
        )?,
    )?;
    let code = shared.code.clone();
    native.set(
        "moduleText",
        Function::new(ctx.clone(), move |name: String| -> Option<String> {
            code.modules
                .iter()
                .find(|m| m.name == name)
                .map(|m| String::from_utf8_lossy(&m.body).into_owned())
        })?,
    )?;
    let code = shared.code.clone();
    native.set(
        "dataModule",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, name: String| -> rquickjs::Result<Value<'js>> {
                match code.modules.iter().find(|m| m.name == name) {
                    Some(m) => Ok(ArrayBuffer::new(ctx, m.body.to_vec())?.into_value()),
                    None => Ok(Value::new_undefined(ctx)),
                }
            },
        )?,
    )?;
    Ok(())
}

struct Started {
    js: JsState,
    handlers: Vec<String>,
}

async fn start<'js>(ctx: Ctx<'js>, shared: Rc<IsolateShared>) -> Result<Started, JsFailure> {
    let r: rquickjs::Result<Started> = async {
        hearth_web::install_all(&ctx)?;
        let native = Object::new(ctx.clone())?;
        let internal = Object::new(ctx.clone())?;
        fetch::install(&ctx, &native, &shared)?;
        console::install(&ctx, &native, &shared)?;
        timers::install(&ctx, &native)?;
        websocket::install(&ctx, &native, &shared)?;
        crate::form_data::install(&ctx, &native)?;
        bindings::install(&ctx, &native, &shared)?;
        crate::cache::natives::install(&ctx, &native, &shared)?;
        install_module_natives(&ctx, &native, &shared)?;
        crate::glue::install(&ctx, &native, &internal)?;
        let _ = ctx.store_userdata(RejectionHook(internal.get("trackRejection")?));
        let env = bindings::build_env(&ctx, &shared, &internal)?;
        internal.set("env", env.clone())?;
        let code = &shared.code;
        let target: Value = match code.format {
            WorkerFormat::Modules => {
                let ns: Object = Module::import(&ctx, code.main_module.as_str())?
                    .into_future()
                    .await?;
                internal.set("namespace", ns.clone())?;
                let default: Value = ns.get("default")?;
                if default.is_object() || default.is_function() {
                    default
                } else {
                    Object::new(ctx.clone())?.into_value()
                }
            }
            WorkerFormat::ServiceWorker => {
                internal
                    .get::<_, Function>("installServiceWorkerGlobals")?
                    .call::<_, ()>(())?;
                let globals = ctx.globals();
                for key in env.keys::<String>() {
                    let key = key?;
                    globals.set(key.as_str(), env.get::<_, Value>(key.as_str())?)?;
                }
                let main = code
                    .modules
                    .iter()
                    .find(|m| m.name == code.main_module)
                    .ok_or_else(|| {
                        rquickjs::Exception::throw_message(&ctx, "main module not found")
                    })?;
                eval_glue(&ctx, &main.name, &String::from_utf8_lossy(&main.body))?;
                Value::new_null(ctx.clone())
            }
        };
        let handlers: Vec<String> = internal
            .get::<_, Function>("handlersOf")?
            .call((target.clone(),))?;
        let dispatch: Function = internal.get("dispatchFetch")?;
        let scheduled: Function = internal.get("dispatchScheduled")?;
        let drain: Function = internal.get("drainWaitUntil")?;
        let ws_deliver: Function = internal.get("wsDeliver")?;
        Ok(Started {
            js: JsState {
                target: Persistent::save(&ctx, target),
                env: Persistent::save(&ctx, env.into_value()),
                dispatch: Persistent::save(&ctx, dispatch),
                scheduled: Persistent::save(&ctx, scheduled),
                drain: Persistent::save(&ctx, drain),
                ws_deliver: Persistent::save(&ctx, ws_deliver),
            },
            handlers,
        })
    }
    .await;
    r.catch(&ctx).map_err(|e| describe(&ctx, e))
}

impl Isolate {
    /// Creates the isolate for `code` and runs its top-level code.
    pub async fn create(code: Arc<WorkerCode>, host: Rc<Host>) -> Result<Isolate, StartupError> {
        let internal = |e: rquickjs::Error| StartupError {
            message: e.to_string(),
            limits: false,
        };
        let rt = AsyncRuntime::new().map_err(internal)?;
        rt.set_memory_limit(code.limits.memory_bytes).await;
        rt.set_max_stack_size(1 << 20).await;
        let meter = Rc::new(Meter::default());
        let m = meter.clone();
        rt.set_interrupt_handler(Some(Box::new(move || m.should_interrupt())))
            .await;
        rt.set_loader(
            VersionLoader {
                code: code.clone(),
                cache: None,
            },
            VersionLoader {
                code: code.clone(),
                cache: Some(host.modules.clone()),
            },
        )
        .await;
        let ctx = AsyncContext::full(&rt).await.map_err(internal)?;
        let cpu = Duration::from_millis(code.limits.cpu_ms);
        let shared = Rc::new(IsolateShared {
            background: Budget::per_poll("", cpu, code.limits.subrequests),
            code: code.clone(),
            meter: meter.clone(),
            host,
            driver: Rc::default(),
            sockets: Rc::default(),
        });
        let startup = Budget::new(
            "startup",
            cpu.max(Duration::from_millis(400)),
            code.limits.subrequests,
        );
        // Unhandled rejections are tracked in JS (`trackRejection`) and logged once the job
        // queue has run, so a rejection handled a moment later is not reported.
        rt.set_host_promise_rejection_tracker(Some(Box::new(|ctx, promise, reason, handled| {
            if let Some(hook) = ctx.userdata::<RejectionHook>() {
                if hook.0.call::<_, ()>((promise, reason, handled)).is_err() {
                    ctx.catch(); // never leave an exception of our own pending (e.g. out of memory)
                }
            }
        })))
        .await;
        let sh = shared.clone();
        let started = Metered::new(
            meter.clone(),
            startup,
            ctx.async_with(async move |ctx| start(ctx, sh).await),
        )
        .await;
        let iso_parts = match started {
            Ok(s) => s,
            Err(f) => {
                let limits = meter.terminated().is_some() || f.is_oom();
                let message = match meter.terminated() {
                    Some(Termination::CpuExceeded) => {
                        "Worker exceeded CPU time limit during startup".to_string()
                    }
                    _ if f.is_oom() => "Worker exceeded memory limit during startup".to_string(),
                    _ => f.uncaught(),
                };
                // Tear down in order even on failure.
                drop(ctx);
                drop(rt);
                return Err(StartupError { message, limits });
            }
        };
        let iso = Isolate {
            js: RefCell::new(Some(iso_parts.js)),
            ctx,
            rt,
            shared,
            handlers: iso_parts.handlers,
            memory: Cell::new(0),
            served: Cell::new(0),
        };
        iso.memory
            .set(iso.rt.memory_usage().await.malloc_size.max(0) as usize);
        Ok(iso)
    }

    /// Spawns the future that drives timers and body pumps while no request is running
    /// (must be called on a `LocalSet`).
    pub fn spawn_driver(&self) {
        let drive = Kickable {
            inner: self.rt.drive(),
            kick: self.shared.driver.clone(),
        };
        tokio::task::spawn_local(Metered::new(
            self.shared.meter.clone(),
            self.shared.background.clone(),
            drive,
        ));
    }

    /// Whether the isolate was terminated by a limit and must be discarded.
    pub fn terminated(&self) -> Option<Termination> {
        self.shared.meter.terminated()
    }

    fn state(&self) -> Option<Handles> {
        let js = self.js.borrow();
        let js = js.as_ref()?;
        Some((js.target.clone(), js.env.clone(), js.dispatch.clone()))
    }

    fn scheduled_state(&self) -> Option<Handles> {
        let js = self.js.borrow();
        let js = js.as_ref()?;
        Some((js.target.clone(), js.env.clone(), js.scheduled.clone()))
    }

    /// Runs one request through the fetch handler (of the named entrypoint, if given).
    pub async fn fetch(
        &self,
        req: Request<Body>,
        request_id: &str,
        entrypoint: Option<String>,
        depth: u32,
        limits: CallLimits,
    ) -> Outcome {
        let Some(handles) = self.state() else {
            return Outcome::Failed(WorkerError::Internal);
        };
        let budget = self.budget_with(request_id, limits);
        budget.depth.set(depth);
        let (shared, b2) = (self.shared.clone(), budget.clone());
        let work = self.ctx.async_with(async move |ctx| {
            run_fetch(ctx, &shared, req, entrypoint, handles, b2).await
        });
        match self.limited(request_id, &budget, work).await {
            Ok((resp, waits, socket)) => Outcome::Response(resp, waits, socket),
            Err(e) => Outcome::Failed(e),
        }
    }

    /// Runs the `scheduled` handler for a cron trigger, then its `waitUntil` work.
    pub async fn scheduled(
        &self,
        cron: &str,
        scheduled_time_ms: f64,
        request_id: &str,
    ) -> ScheduledOutcome {
        let Some((target, env, dispatch)) = self.scheduled_state() else {
            return ScheduledOutcome::failed(WorkerError::Internal);
        };
        let budget = self.budget(request_id);
        let (shared, b2, cron) = (self.shared.clone(), budget.clone(), cron.to_string());
        let work = self.ctx.async_with(async move |ctx| {
            let r: rquickjs::Result<(bool, Option<WaitUntil>)> = async {
                let f = dispatch.restore(&ctx)?;
                let out: Array = f
                    .call::<_, Promise>((
                        target.restore(&ctx)?,
                        cron,
                        scheduled_time_ms,
                        env.restore(&ctx)?,
                    ))?
                    .into_future()
                    .await?;
                let no_retry: bool = out.get(0)?;
                let waits: Option<Object> = out.get(1)?;
                Ok((
                    no_retry,
                    waits.map(|o| WaitUntil {
                        ctx_obj: Persistent::save(&ctx, o),
                        budget: b2,
                    }),
                ))
            }
            .await;
            r.catch(&ctx)
                .map_err(|e| failure_to_error(&ctx, &shared, e))
        });
        match self.limited(request_id, &budget, work).await {
            Ok((no_retry, waits)) => {
                if let Some(w) = waits {
                    self.drain(w).await;
                }
                match self.terminated() {
                    Some(why) => ScheduledOutcome::failed(why.into()),
                    None => ScheduledOutcome {
                        outcome: "ok".into(),
                        no_retry,
                    },
                }
            }
            Err(e) => ScheduledOutcome::failed(e),
        }
    }

    fn budget(&self, request_id: &str) -> Rc<Budget> {
        self.budget_with(request_id, CallLimits::default())
    }

    /// The budget of one call: the version's limits, lowered by the caller's if it set any.
    fn budget_with(&self, request_id: &str, call: CallLimits) -> Rc<Budget> {
        let limits = &self.shared.code.limits;
        let cpu = call
            .cpu_ms
            .map_or(limits.cpu_ms, |c| c.clamp(1, limits.cpu_ms));
        let subrequests = call
            .subrequests
            .map_or(limits.subrequests, |s| s.min(limits.subrequests));
        let budget = Budget::new(request_id, Duration::from_millis(cpu), subrequests);
        *budget.outbound.borrow_mut() = call.outbound;
        budget
    }

    /// Runs `work` charged to `budget`; ends it with 1102 if the isolate is terminated meanwhile.
    async fn limited<R>(
        &self,
        request_id: &str,
        budget: &Rc<Budget>,
        work: impl Future<Output = Result<R, WorkerError>>,
    ) -> Result<R, WorkerError> {
        let meter = self.shared.meter.clone();
        if meter.terminated().is_some() {
            return Err(WorkerError::ResourceLimits);
        }
        let _inflight = meter.track(budget);
        let killed = meter.killed.notified();
        tokio::pin!(killed);
        killed.as_mut().enable();
        let work = Metered::new(meter.clone(), budget.clone(), work);
        let result = tokio::select! {
            r = work => r,
            _ = &mut killed => Err(WorkerError::ResourceLimits),
        };
        self.shared.driver.kick();
        self.served.set(self.served.get() + 1);
        if let Some(why) = meter.terminated() {
            self.log_termination(why, request_id);
            return Err(WorkerError::ResourceLimits);
        }
        result
    }

    fn log_termination(&self, why: Termination, request_id: &str) {
        let code = &self.shared.code;
        let what = match why {
            Termination::CpuExceeded => format!(
                "Worker exceeded its CPU time limit of {} ms",
                code.limits.cpu_ms
            ),
            Termination::MemoryExceeded => format!(
                "Worker exceeded its memory limit of {} bytes",
                code.limits.memory_bytes
            ),
        };
        tracing::warn!(script = %code.script_name, version = %code.version_id, request_id, "{what}; isolate discarded");
    }

    /// Lets `ctx.waitUntil` work finish, bounded by `wait_until_ms`.
    pub async fn drain(&self, waits: WaitUntil) {
        let Some(drain) = self.js.borrow().as_ref().map(|js| js.drain.clone()) else {
            return;
        };
        let meter = self.shared.meter.clone();
        let killed = meter.killed.notified();
        tokio::pin!(killed);
        killed.as_mut().enable();
        if meter.terminated().is_some() {
            return;
        }
        let WaitUntil { ctx_obj, budget } = waits;
        let _inflight = meter.track(&budget);
        let work = Metered::new(
            meter.clone(),
            budget,
            self.ctx.async_with(async move |ctx| {
                let r: rquickjs::Result<()> = async {
                    let f = drain.restore(&ctx)?;
                    let o = ctx_obj.restore(&ctx)?;
                    f.call::<_, Promise>((o,))?.into_future::<()>().await
                }
                .await;
                let _ = r.catch(&ctx);
            }),
        );
        let limit = Duration::from_millis(self.shared.host.config.wait_until_ms);
        tokio::select! {
            _ = tokio::time::timeout(limit, work) => {}
            _ = &mut killed => {}
        }
        self.shared.driver.kick();
    }

    /// Serves the isolate's end of a WebSocket returned in a 101 response until either side closes
    /// it or the isolate is terminated: each frame from the edge is delivered as one event with a
    /// fresh CPU budget (as a request gets). Holding `self` keeps the isolate alive meanwhile
    /// (and [`SocketTable::live`] keeps it out of eviction); when the task ends the channel to the
    /// edge closes, so a socket the Worker never closed ends with 1011.
    pub async fn serve_socket(self: Rc<Self>, socket: SocketTask, request_id: String) {
        let SocketTask { id, mut rx } = socket;
        let sockets = self.shared.sockets.clone();
        sockets.start();
        let meter = self.shared.meter.clone();
        let Some(deliver) = self.js.borrow().as_ref().map(|js| js.ws_deliver.clone()) else {
            sockets.finish(id);
            return;
        };
        loop {
            let killed = meter.killed.notified();
            tokio::pin!(killed);
            killed.as_mut().enable();
            if meter.terminated().is_some() {
                break;
            }
            let frame = tokio::select! {
                f = rx.recv() => f.unwrap_or(WsFrame::Gone),
                _ = &mut killed => break,
            };
            let last = matches!(frame, WsFrame::Close { .. } | WsFrame::Gone);
            let budget = self.budget(&request_id);
            let (shared, f) = (self.shared.clone(), deliver.clone());
            let work = self.ctx.async_with(async move |ctx| {
                let r = f
                    .restore(&ctx)
                    .and_then(|f| websocket::deliver(&ctx, &f, id, frame));
                r.catch(&ctx)
                    .map_err(|e| failure_to_error(&ctx, &shared, e))
            });
            if self.limited(&request_id, &budget, work).await.is_err()
                && self.terminated().is_some()
            {
                break;
            }
            if last {
                break;
            }
        }
        sockets.finish(id);
    }

    /// Re-measures the heap every 1024 requests (for the memory budget).
    pub async fn maybe_measure(&self) {
        if self.served.get() % 1024 == 1 {
            self.memory
                .set(self.rt.memory_usage().await.malloc_size.max(0) as usize);
        }
    }
}

impl Drop for Isolate {
    fn drop(&mut self) {
        // Persistent handles first, then a GC pass, while the runtime is still alive.
        self.js.borrow_mut().take();
        poll_once(self.rt.run_gc());
    }
}

/// Polls a future once (used for uncontended runtime locks in `Drop`).
fn poll_once<F: Future>(f: F) {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut f = std::pin::pin!(f);
    let _ = f.as_mut().poll(&mut cx);
}

async fn run_fetch<'js>(
    ctx: Ctx<'js>,
    shared: &IsolateShared,
    req: Request<Body>,
    entrypoint: Option<String>,
    (target, env, dispatch): Handles,
    budget: Rc<Budget>,
) -> Result<(Response<Body>, Option<WaitUntil>, Option<SocketTask>), WorkerError> {
    let r: rquickjs::Result<(Response<Body>, Option<WaitUntil>, Option<SocketTask>)> = async {
        let dispatch = dispatch.restore(&ctx)?;
        let target = target.restore(&ctx)?;
        let env = env.restore(&ctx)?;
        let (parts, body) = req.into_parts();
        let url = parts.uri.to_string();
        let method = parts.method;
        let cf = parts
            .extensions
            .get::<crate::CfProperties>()
            .map(|c| c.0.clone());
        let head = Class::instance(
            ctx.clone(),
            RequestHead {
                headers: parts.headers,
            },
        )?;
        let handle = body_to_js(&ctx, body)?;
        let p: Promise = {
            let mut args = rquickjs::function::Args::new(ctx.clone(), 8);
            args.push_arg(target)?;
            args.push_arg(method.as_str())?;
            args.push_arg(url)?;
            args.push_arg(head)?;
            args.push_arg(handle)?;
            args.push_arg(env)?;
            args.push_arg(entrypoint)?;
            args.push_arg(cf)?;
            dispatch.call_arg(args)?
        };
        let out: Array = p.into_future().await?;
        let status: u16 = out.get(0)?;
        let headers: Vec<String> = out.get(2)?;
        let body: Value = out.get(3)?;
        let waits: Option<Object> = out.get(4)?;
        let socket_id: Option<u32> = out.get(5)?;
        let mut resp = Response::new(fetch::js_to_body(&ctx, body)?);
        *resp.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        // A body of known size gets its Content-Length from the body, never from a header the
        // Worker may have got wrong; hop-by-hop headers are the server's business.
        let exact = http_body::Body::size_hint(resp.body()).exact().is_some();
        let map = resp.headers_mut();
        for pair in headers.chunks(2) {
            if let [n, v] = pair {
                if let (Ok(n), Ok(v)) = (
                    HeaderName::from_bytes(n.as_bytes()),
                    HeaderValue::from_str(v),
                ) {
                    let hop = matches!(
                        n.as_str(),
                        "connection"
                            | "keep-alive"
                            | "transfer-encoding"
                            | "upgrade"
                            | "te"
                            | "trailer"
                    );
                    let framing = exact && n == http::header::CONTENT_LENGTH;
                    if !(hop || framing) {
                        map.append(n, v);
                    }
                }
            }
        }
        let waits = waits.map(|o| WaitUntil {
            ctx_obj: Persistent::save(&ctx, o),
            budget: budget.clone(),
        });
        let socket = match socket_id.and_then(|id| shared.sockets.take_pending(id)) {
            Some((link, task)) => {
                resp.extensions_mut().insert(link);
                Some(task)
            }
            None => None,
        };
        Ok((resp, waits, socket))
    }
    .await;
    r.catch(&ctx).map_err(|e| failure_to_error(&ctx, shared, e))
}

/// Maps a JS failure to the error answered: 1102 when a limit ended it (marking the isolate),
/// otherwise 1101 with the exception and stack logged.
fn failure_to_error<'js>(
    ctx: &Ctx<'js>,
    shared: &IsolateShared,
    e: CaughtError<'js>,
) -> WorkerError {
    let failure = describe(ctx, e);
    if shared.meter.terminated().is_some() {
        return WorkerError::ResourceLimits;
    }
    if failure.is_oom()
        || (failure.null_thrown && near_memory_limit(ctx, shared.code.limits.memory_bytes))
    {
        shared.meter.terminate(Termination::MemoryExceeded);
        return WorkerError::ResourceLimits;
    }
    console::emit(shared, LogLevel::Error, failure.log_text());
    WorkerError::Threw
}
