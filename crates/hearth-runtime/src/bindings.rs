//! Bindings: the `env` object of module Workers (globals for service workers), and service
//! bindings that call another Worker of the same account in process.

use crate::code::{CallLimits, RuntimeBinding};
use crate::fetch::body::Body;
use crate::fetch::client::{charge_subrequest, parse_request, response_to_js, OutBody};
use crate::isolate::IsolateShared;
use http::Request;
use rquickjs::{Ctx, Exception, Function, Object, Promise, Result, Value};
use std::rc::Rc;

/// How many Workers one request may pass through via service bindings.
const MAX_DEPTH: u32 = 16;

/// Builds the env object; `internal.serviceBinding(i)` makes service-binding objects.
pub fn build_env<'js>(
    ctx: &Ctx<'js>,
    shared: &IsolateShared,
    internal: &Object<'js>,
) -> Result<Object<'js>> {
    let env = Object::new(ctx.clone())?;
    let make_service: Function = internal.get("serviceBinding")?;
    let make_dispatch: Function = internal.get("dispatchNamespace")?;
    for (i, b) in shared.code.bindings.iter().enumerate() {
        match b {
            RuntimeBinding::PlainText { name, text }
            | RuntimeBinding::SecretText { name, text } => {
                env.set(name.as_str(), text.as_str())?;
            }
            RuntimeBinding::Json { name, value } => {
                let v: Value = ctx.json_parse(value.to_string())?;
                env.set(name.as_str(), v)?;
            }
            RuntimeBinding::VersionMetadata {
                name,
                id,
                tag,
                timestamp,
            } => {
                let o = Object::new(ctx.clone())?;
                o.set("id", id.as_str())?;
                o.set("tag", tag.as_str())?;
                o.set("timestamp", timestamp.as_str())?;
                env.set(name.as_str(), o)?;
            }
            RuntimeBinding::Service { name, .. } => {
                let o: Value = make_service.call((i as u32,))?;
                env.set(name.as_str(), o)?;
            }
            RuntimeBinding::DispatchNamespace { name, .. } => {
                let o: Value = make_dispatch.call((i as u32,))?;
                env.set(name.as_str(), o)?;
            }
        }
    }
    Ok(env)
}

pub(crate) fn to_request(
    req: crate::fetch::client::OutRequest,
) -> std::result::Result<Request<Body>, String> {
    let body = match req.body {
        OutBody::Empty => crate::fetch::body::empty(),
        OutBody::Bytes(b) => crate::fetch::body::full(b),
        OutBody::Stream(s) => s,
    };
    let mut r = Request::builder()
        .method(req.method)
        .uri(req.url.as_str())
        .body(body)
        .map_err(|e| e.to_string())?;
    *r.headers_mut() = req.headers;
    Ok(r)
}

/// Adds `native.serviceFetch(index, method, url, headers, body, redirect)`.
pub fn install<'js>(
    ctx: &Ctx<'js>,
    native: &Object<'js>,
    shared: &Rc<IsolateShared>,
) -> Result<()> {
    install_dispatch(ctx, native, shared)?;
    let shared = shared.clone();
    native.set(
        "serviceFetch",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  index: u32,
                  method: String,
                  url: String,
                  headers: Vec<String>,
                  body: Value<'js>,
                  redirect: Option<String>|
                  -> Result<Promise<'js>> {
                let Some(RuntimeBinding::Service {
                    service,
                    entrypoint,
                    ..
                }) = shared.code.bindings.get(index as usize)
                else {
                    return Err(Exception::throw_type(&ctx, "not a service binding"));
                };
                charge_subrequest(&ctx, &shared)?;
                let depth = shared.meter.attributed().map(|b| b.depth.get()).unwrap_or(0) + 1;
                if depth > MAX_DEPTH {
                    return Err(Exception::throw_type(
                        &ctx,
                        "Subrequest depth limit exceeded. This request recursed through Workers too many times.",
                    ));
                }
                let req = parse_request(&ctx, method, url, headers, body, redirect)?;
                let req = to_request(req).map_err(|e| Exception::throw_type(&ctx, &e))?;
                let resolver = shared.host.resolver.clone();
                let target = resolver.resolve(&shared.code.account_id, service);
                let runtime = shared.host.runtime();
                let request_id = shared
                    .meter
                    .attributed()
                    .map(|b| b.request_id.clone())
                    .unwrap_or_default();
                let service = service.clone();
                let entrypoint = entrypoint.clone();
                let sockets = shared.sockets.clone();
                let ctx2 = ctx.clone();
                Promise::wrap_future(&ctx, async move {
                    let (Some(code), Some(runtime)) = (target, runtime) else {
                        return Err(Exception::throw_type(
                            &ctx2,
                            &format!("Service binding target \"{service}\" is not deployed"),
                        ));
                    };
                    let url = req.uri().to_string();
                    let resp = match resolver.run_elsewhere(&code, req, &request_id) {
                        Ok(elsewhere) => elsewhere.await,
                        Err(req) => {
                            runtime
                                .invoke_nested(code, entrypoint.as_deref(), req, &request_id, depth, CallLimits::default())
                                .await
                        }
                    };
                    answer(&ctx2, &sockets, resp, &url)
                })
            },
        )?,
    )?;
    Ok(())
}

/// Adds `native.dispatchFetch({index, script, cpuMs, subRequests}, method, url, headers, body,
/// redirect)`: Workers for Platforms calls into a namespace's user Worker, which sees only its own
/// bindings and runs under the caller's limits (capped by its own).
fn install_dispatch<'js>(
    ctx: &Ctx<'js>,
    native: &Object<'js>,
    shared: &Rc<IsolateShared>,
) -> Result<()> {
    let shared = shared.clone();
    native.set(
        "dispatchFetch",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  target: Object<'js>,
                  method: String,
                  url: String,
                  headers: Vec<String>,
                  body: Value<'js>,
                  redirect: Option<String>|
                  -> Result<Promise<'js>> {
                let index: u32 = target.get("index")?;
                let script: String = target.get("script")?;
                let cpu_ms: f64 = target.get("cpuMs")?;
                let subrequests: f64 = target.get("subRequests")?;
                let outbound_params: String = target.get::<_, Option<String>>("outboundParams")?.unwrap_or_default();
                let Some(RuntimeBinding::DispatchNamespace { namespace, outbound, .. }) = shared.code.bindings.get(index as usize) else {
                    return Err(Exception::throw_type(&ctx, "not a dispatch namespace binding"));
                };
                charge_subrequest(&ctx, &shared)?;
                let depth = shared.meter.attributed().map(|b| b.depth.get()).unwrap_or(0) + 1;
                if depth > MAX_DEPTH {
                    return Err(Exception::throw_type(
                        &ctx,
                        "Subrequest depth limit exceeded. This request recursed through Workers too many times.",
                    ));
                }
                let req = parse_request(&ctx, method, url, headers, body, redirect)?;
                let req = to_request(req).map_err(|e| Exception::throw_type(&ctx, &e))?;
                let resolver = shared.host.resolver.clone();
                let target = resolver.resolve_dispatch(&shared.code.account_id, namespace, &script);
                let runtime = shared.host.runtime();
                let request_id = shared.meter.attributed().map(|b| b.request_id.clone()).unwrap_or_default();
                let outbound = match outbound {
                    None => None,
                    Some(o) => Some(outbound_code(&ctx, &resolver, &shared.code.account_id, o, &outbound_params)?),
                };
                let limits = CallLimits {
                    cpu_ms: (cpu_ms > 0.0).then_some(cpu_ms as u64),
                    subrequests: (subrequests > 0.0).then_some(subrequests as u32),
                    outbound,
                };
                let sockets = shared.sockets.clone();
                let ctx2 = ctx.clone();
                Promise::wrap_future(&ctx, async move {
                    let (Some(code), Some(runtime)) = (target, runtime) else {
                        return Err(Exception::throw_message(&ctx2, "Worker not found."));
                    };
                    let url = req.uri().to_string();
                    let resp = match resolver.run_elsewhere(&code, req, &request_id) {
                        Ok(elsewhere) => elsewhere.await,
                        Err(req) => runtime.invoke_nested(code, None, req, &request_id, depth, limits).await,
                    };
                    answer(&ctx2, &sockets, resp, &url)
                })
            },
        )?,
    )?;
    Ok(())
}

/// A called Worker's response as fetch's tuple; a 101 with a WebSocket becomes a socket of this
/// isolate (its id at index 6; JS starts its delivery with `native.wsListen`, see
/// `websocket::bridge`).
fn answer<'js>(
    ctx: &Ctx<'js>,
    sockets: &Rc<crate::websocket::SocketTable>,
    mut resp: http::Response<Body>,
    url: &str,
) -> Result<rquickjs::Array<'js>> {
    let socket = crate::websocket::adopt(sockets, &mut resp);
    let out = response_to_js(ctx, resp, url, false)?;
    if let Some(id) = socket {
        out.set(6, id)?;
    }
    Ok(out)
}

/// The outbound Worker of a dispatch call: the service's current code, with the dispatcher's
/// parameters (`get(name, args, {outbound: {...}})`, only the names the binding declares) added as
/// JSON bindings. Each distinct set of parameters is its own isolate (keyed by a derived id).
fn outbound_code(
    ctx: &Ctx<'_>,
    resolver: &std::sync::Arc<dyn crate::ServiceResolver>,
    account_id: &str,
    outbound: &crate::code::OutboundWorker,
    params_json: &str,
) -> Result<std::sync::Arc<crate::WorkerCode>> {
    let base = resolver
        .resolve(account_id, &outbound.service)
        .ok_or_else(|| {
            Exception::throw_type(
                ctx,
                &format!("Outbound Worker \"{}\" is not deployed", outbound.service),
            )
        })?;
    let given: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(params_json).unwrap_or_default();
    let mut code = (*base).clone();
    for p in &outbound.params {
        let value = given.get(p).cloned().unwrap_or(serde_json::Value::Null);
        code.bindings
            .retain(|b| !matches!(b, RuntimeBinding::Json { name, .. } if name == p));
        code.bindings.push(RuntimeBinding::Json {
            name: p.clone(),
            value,
        });
    }
    let mut h: u64 = 0xcbf29ce484222325;
    for b in params_json.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    code.version_id = format!("{}+outbound-{h:016x}", base.version_id);
    Ok(std::sync::Arc::new(code))
}
