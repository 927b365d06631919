//! The natives `js/cache_impl.js` calls: `cachePut`, `cacheMatch`, `cacheDelete`. Each takes the
//! cache name ("" for `caches.default`) and the request URL; the account and dispatch namespace
//! come from the isolate's code, so JavaScript cannot reach another partition.

use super::{policy, CacheStore, CachedResponse, Key};
use crate::isolate::IsolateShared;
use rquickjs::{Array, ArrayBuffer, Ctx, Function, Object, Result, Value};
use std::rc::Rc;
use std::sync::Arc;

/// Adds the cache natives to `native`.
pub fn install<'js>(
    ctx: &Ctx<'js>,
    native: &Object<'js>,
    shared: &Rc<IsolateShared>,
) -> Result<()> {
    let s = shared.clone();
    native.set(
        "cachePut",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  name: String,
                  url: String,
                  status: u16,
                  headers: Vec<Vec<String>>,
                  body: Value<'js>|
                  -> Result<bool> {
                let store = store(&ctx, &s)?;
                let headers: Vec<(String, String)> = headers
                    .into_iter()
                    .filter_map(|mut pair| {
                        let v = pair.pop()?;
                        let k = pair.pop()?;
                        Some((k.to_ascii_lowercase(), v))
                    })
                    .collect();
                let key = key(&s, &name, &url);
                let Some(ttl) = policy::lifetime(status, &headers) else {
                    // Not storable: a put still replaces what was cached under the key.
                    store.delete(&key);
                    return Ok(false);
                };
                let body = crate::fetch::bytes_of(&body).unwrap_or_default();
                Ok(store.put(
                    key,
                    CachedResponse {
                        status,
                        headers,
                        body: body.into(),
                    },
                    ttl,
                ))
            },
        )?,
    )?;
    let s = shared.clone();
    native.set(
        "cacheMatch",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, name: String, url: String| -> Result<Value<'js>> {
                let store = store(&ctx, &s)?;
                let Some((hit, _)) = store.get(&key(&s, &name, &url)) else {
                    return Ok(Value::new_null(ctx));
                };
                let headers = Array::new(ctx.clone())?;
                for (i, (k, v)) in hit.headers.iter().enumerate() {
                    headers.set(i, vec![k.as_str(), v.as_str()])?;
                }
                let out = Array::new(ctx.clone())?;
                out.set(0, hit.status)?;
                out.set(1, headers)?;
                out.set(2, ArrayBuffer::new(ctx.clone(), hit.body.to_vec())?)?;
                Ok(out.into_value())
            },
        )?,
    )?;
    let s = shared.clone();
    native.set(
        "cacheDelete",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, name: String, url: String| -> Result<bool> {
                Ok(store(&ctx, &s)?.delete(&key(&s, &name, &url)))
            },
        )?,
    )?;
    Ok(())
}

fn key(shared: &IsolateShared, name: &str, url: &str) -> Key {
    Key::new(&shared.code.account_id, &shared.code.namespace, name, url)
}

fn store(ctx: &Ctx<'_>, shared: &IsolateShared) -> Result<Arc<CacheStore>> {
    shared
        .host
        .runtime()
        .map(|r| r.cache().clone())
        .ok_or_else(|| {
            rquickjs::Exception::throw_type(
                ctx,
                "The Cache API is not available outside a request.",
            )
        })
}
