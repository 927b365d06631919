//! `crypto.subtle` (W3C Web Cryptography, with Cloudflare's extensions) and `crypto.DigestStream`.
//!
//! The WebCrypto semantics (algorithm normalization, usages, formats' rules, JWK members, the
//! errors each step throws, `CryptoKey` and its `algorithm` objects) are JavaScript in
//! `js/19_subtle.js`; the natives here do the cryptography on bytes and on opaque key handles. A
//! key's material lives only in a [`KeyHandle`], a class instance without properties or methods
//! that the glue keeps in a `CryptoKey`'s private record, so no script can read it: it leaves Rust
//! only through `exportKey` (and `wrapKey`) of an extractable key.
//!
//! Natives receive already normalized arguments (exact algorithm names, copied byte arrays) and
//! report failures as errors whose `name` is a `DOMException` name (`DataError`,
//! `OperationError`, ...) that the glue turns into `DOMException`s, or as `TypeError`s.
//!
//! One module per family: [`digest`] (SHA-1/2, MD5, DigestStream's hasher), [`hmac`], [`aes`]
//! (GCM, CBC, CTR, KW), [`rsa`] (PKCS#1 v1.5, PSS, OAEP), [`ec`] (ECDSA, ECDH on P-256/384/521),
//! [`okp`] (Ed25519, X25519), [`kdf`] (HKDF, PBKDF2), and [`formats`] for key import/export.

mod aes;
mod digest;
mod ec;
mod formats;
mod hmac;
mod kdf;
mod okp;
mod rsa;

use rquickjs::{
    class::Trace, prelude::Opt, ArrayBuffer, Class, Ctx, Exception, Function, JsLifetime, Object,
    Result, TypedArray, Value,
};
use zeroize::Zeroizing;

/// Why a native failed: a `TypeError`, or a `DOMException` of the given name.
#[derive(Debug)]
pub(crate) enum Fail {
    Type(String),
    Dom(&'static str, String),
}

pub(crate) type R<T> = std::result::Result<T, Fail>;

pub(crate) fn data_error(msg: impl Into<String>) -> Fail {
    Fail::Dom("DataError", msg.into())
}
pub(crate) fn operation_error(msg: impl Into<String>) -> Fail {
    Fail::Dom("OperationError", msg.into())
}
pub(crate) fn not_supported(msg: impl Into<String>) -> Fail {
    Fail::Dom("NotSupportedError", msg.into())
}
pub(crate) fn invalid_access(msg: impl Into<String>) -> Fail {
    Fail::Dom("InvalidAccessError", msg.into())
}

impl Fail {
    /// Throws this failure in `ctx`: a `TypeError`, or an `Error` whose `name` the glue maps to a
    /// `DOMException`.
    fn throw(self, ctx: &Ctx<'_>) -> rquickjs::Error {
        match self {
            Fail::Type(msg) => Exception::throw_type(ctx, &msg),
            Fail::Dom(name, msg) => match Exception::from_message(ctx.clone(), &msg) {
                Ok(e) => match e.set("name", name) {
                    Ok(()) => e.throw(),
                    Err(err) => err,
                },
                Err(err) => err,
            },
        }
    }
}

/// Key material. Public and private halves of a pair are separate keys.
pub(crate) enum Key {
    /// HMAC, AES, HKDF and PBKDF2 keys: the raw bytes.
    Secret(Zeroizing<Vec<u8>>),
    RsaPrivate(Box<::rsa::RsaPrivateKey>),
    RsaPublic(Box<::rsa::RsaPublicKey>),
    EcPrivate(ec::Private),
    EcPublic(ec::Public),
    Ed25519Private(Box<ed25519_dalek::SigningKey>),
    Ed25519Public(ed25519_dalek::VerifyingKey),
    X25519Private(Box<x25519_dalek::StaticSecret>),
    X25519Public(x25519_dalek::PublicKey),
}

impl Key {
    /// The WebCrypto key type: `"secret"`, `"public"` or `"private"`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Key::Secret(_) => "secret",
            Key::RsaPublic(_) | Key::EcPublic(_) | Key::Ed25519Public(_) | Key::X25519Public(_) => {
                "public"
            }
            _ => "private",
        }
    }

    pub(crate) fn secret(&self) -> R<&[u8]> {
        match self {
            Key::Secret(bytes) => Ok(bytes),
            _ => Err(invalid_access("the key is not a secret key")),
        }
    }
}

/// The opaque handle to one key's material. It has no properties or methods: scripts that could
/// reach it (they cannot; the glue keeps it private) would learn nothing from it.
#[derive(Trace, JsLifetime)]
#[rquickjs::class(rename = "KeyMaterial")]
pub struct KeyHandle {
    #[qjs(skip_trace)]
    pub(crate) key: Key,
}

pub(crate) type Handle<'js> = Class<'js, KeyHandle>;

pub(crate) fn handle<'js>(ctx: &Ctx<'js>, key: Key) -> Result<Handle<'js>> {
    Class::instance(ctx.clone(), KeyHandle { key })
}

/// A key pair as the array `[private, public]`.
pub(crate) fn pair<'js>(ctx: &Ctx<'js>, private: Key, public: Key) -> Result<Value<'js>> {
    let array = rquickjs::Array::new(ctx.clone())?;
    array.set(0, handle(ctx, private)?)?;
    array.set(1, handle(ctx, public)?)?;
    Ok(array.into_value())
}

/// The bytes of a `Uint8Array`, copied out (empty when detached).
pub(crate) fn bytes(array: &TypedArray<'_, u8>) -> Vec<u8> {
    // SAFETY: the slice is copied before any JavaScript can run again.
    unsafe { array.as_bytes().map(<[u8]>::to_vec).unwrap_or_default() }
}

/// An optional `Uint8Array` member of a parameters object, copied.
pub(crate) fn member_bytes(params: &Object<'_>, name: &str) -> Result<Option<Vec<u8>>> {
    let value: Option<TypedArray<u8>> = params.get(name)?;
    Ok(value.as_ref().map(bytes))
}

pub(crate) fn buffer<'js>(ctx: &Ctx<'js>, bytes: &[u8]) -> Result<ArrayBuffer<'js>> {
    ArrayBuffer::new_copy(ctx.clone(), bytes)
}

/// Runs `f` and throws its failure in `ctx`.
fn run<'js, T>(ctx: &Ctx<'js>, f: impl FnOnce() -> std::result::Result<T, Fail>) -> Result<T> {
    f().map_err(|fail| fail.throw(ctx))
}

/// Runs `f`, whose failure may be either a thrown JS error or a [`Fail`].
fn run_js<'js, T>(ctx: &Ctx<'js>, f: impl FnOnce() -> Result<R<T>>) -> Result<T> {
    f()?.map_err(|fail| fail.throw(ctx))
}

/// The natives object for `js/19_subtle.js`.
pub(crate) fn natives<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let natives = Object::new(ctx.clone())?;
    natives.set("digest", Function::new(ctx.clone(), digest::digest_native)?)?;
    natives.set("hasher", Function::new(ctx.clone(), digest::hasher_native)?)?;
    natives.set(
        "timingSafeEqual",
        Function::new(ctx.clone(), timing_safe_equal)?,
    )?;
    natives.set(
        "generateSecret",
        Function::new(ctx.clone(), generate_secret)?,
    )?;
    natives.set("generatePair", Function::new(ctx.clone(), generate_pair)?)?;
    natives.set(
        "importKey",
        Function::new(ctx.clone(), formats::import_native)?,
    )?;
    natives.set(
        "exportKey",
        Function::new(ctx.clone(), formats::export_native)?,
    )?;
    natives.set("keyInfo", Function::new(ctx.clone(), key_info)?)?;
    natives.set("sign", Function::new(ctx.clone(), sign)?)?;
    natives.set("verify", Function::new(ctx.clone(), verify)?)?;
    natives.set("encrypt", Function::new(ctx.clone(), encrypt)?)?;
    natives.set("decrypt", Function::new(ctx.clone(), decrypt)?)?;
    natives.set("deriveBits", Function::new(ctx.clone(), derive_bits)?)?;
    Ok(natives)
}

/// `timingSafeEqual(a, b)`: whether two equally long byte arrays are equal, in time that depends
/// only on their length.
fn timing_safe_equal(a: TypedArray<'_, u8>, b: TypedArray<'_, u8>) -> bool {
    use subtle::ConstantTimeEq;
    bytes(&a).ct_eq(&bytes(&b)).into()
}

/// `generateSecret(bits)`: a secret key of `bits` random bits (the unused low bits of the last
/// byte zeroed, as Chrome and workerd do).
fn generate_secret<'js>(ctx: Ctx<'js>, bits: u32) -> Result<Handle<'js>> {
    use rand::RngCore;
    let mut key = Zeroizing::new(vec![0u8; bits.div_ceil(8) as usize]);
    rand::thread_rng().fill_bytes(&mut key);
    if !bits.is_multiple_of(8) {
        if let Some(last) = key.last_mut() {
            *last &= 0xffu8 << (8 - bits % 8);
        }
    }
    handle(&ctx, Key::Secret(key))
}

/// `generatePair(kind, modulusLength, publicExponent)`: `[private, public]` handles of a new key
/// pair; `kind` is `"RSA"`, a curve name (`"P-256"`...), `"Ed25519"` or `"X25519"`.
fn generate_pair<'js>(
    ctx: Ctx<'js>,
    kind: String,
    modulus_length: Opt<u32>,
    exponent: Opt<TypedArray<'js, u8>>,
) -> Result<Value<'js>> {
    let (private, public) = run(&ctx, || match kind.as_str() {
        "RSA" => rsa::generate(
            modulus_length.0.unwrap_or(0),
            &exponent.0.as_ref().map(bytes).unwrap_or_default(),
        ),
        "Ed25519" | "X25519" => Ok(okp::generate(&kind)),
        curve => ec::generate(curve),
    })?;
    pair(&ctx, private, public)
}

/// `keyInfo(handle)`: `{type, length?, modulusLength?, publicExponent?}` of a key.
fn key_info<'js>(ctx: Ctx<'js>, key: Handle<'js>) -> Result<Object<'js>> {
    let key = key.borrow();
    let info = Object::new(ctx.clone())?;
    info.set("type", key.key.kind())?;
    match &key.key {
        Key::Secret(bytes) => info.set("length", bytes.len() * 8)?,
        Key::RsaPrivate(k) => rsa::describe(&ctx, &info, &k.to_public_key())?,
        Key::RsaPublic(k) => rsa::describe(&ctx, &info, k)?,
        _ => {}
    }
    Ok(info)
}

/// `sign(algorithm, handle, data, params)`: the signature or MAC. `params` holds `hash` (a
/// normalized name) and, for RSA-PSS, `saltLength`.
fn sign<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Handle<'js>,
    data: TypedArray<'js, u8>,
    params: Object<'js>,
) -> Result<ArrayBuffer<'js>> {
    let data = bytes(&data);
    let hash: Option<String> = params.get("hash")?;
    let salt: Option<u32> = params.get("saltLength")?;
    let key = key.borrow();
    let signature = run(&ctx, || {
        let hash = hash.as_deref().map(digest::Hash::parse).transpose()?;
        match algorithm.as_str() {
            "HMAC" => hmac::sign(need(hash)?, key.key.secret()?, &data),
            "RSASSA-PKCS1-v1_5" | "RSA-PSS" => {
                rsa::sign(&algorithm, need(hash)?, salt, &key.key, &data)
            }
            "ECDSA" => ec::sign(need(hash)?, &key.key, &data),
            "Ed25519" => okp::sign(&key.key, &data),
            other => Err(not_supported(format!("{other} cannot sign"))),
        }
    })?;
    buffer(&ctx, &signature)
}

fn need(hash: Option<digest::Hash>) -> R<digest::Hash> {
    hash.ok_or_else(|| Fail::Type("a hash is required".into()))
}

/// `verify(algorithm, handle, signature, data, params)`: whether the signature is valid.
fn verify<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Handle<'js>,
    signature: TypedArray<'js, u8>,
    data: TypedArray<'js, u8>,
    params: Object<'js>,
) -> Result<bool> {
    let (signature, data) = (bytes(&signature), bytes(&data));
    let hash: Option<String> = params.get("hash")?;
    let salt: Option<u32> = params.get("saltLength")?;
    let key = key.borrow();
    run(&ctx, || {
        let hash = hash.as_deref().map(digest::Hash::parse).transpose()?;
        match algorithm.as_str() {
            "HMAC" => hmac::verify(need(hash)?, key.key.secret()?, &data, &signature),
            "RSASSA-PKCS1-v1_5" | "RSA-PSS" => {
                rsa::verify(&algorithm, need(hash)?, salt, &key.key, &data, &signature)
            }
            "ECDSA" => ec::verify(need(hash)?, &key.key, &data, &signature),
            "Ed25519" => okp::verify(&key.key, &data, &signature),
            other => Err(not_supported(format!("{other} cannot verify"))),
        }
    })
}

/// `encrypt(algorithm, handle, data, params)`: AES-GCM/CBC/CTR/KW and RSA-OAEP, with the
/// normalized parameters (`iv`, `additionalData`, `tagLength`, `counter`, `length`, `label`,
/// `hash`).
fn encrypt<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Handle<'js>,
    data: TypedArray<'js, u8>,
    params: Object<'js>,
) -> Result<ArrayBuffer<'js>> {
    let data = bytes(&data);
    let key = key.borrow();
    let out = run_js(&ctx, || cipher(&algorithm, &key.key, &data, &params, true))?;
    buffer(&ctx, &out)
}

/// `decrypt(algorithm, handle, data, params)`: the inverse of [`encrypt`].
fn decrypt<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Handle<'js>,
    data: TypedArray<'js, u8>,
    params: Object<'js>,
) -> Result<ArrayBuffer<'js>> {
    let data = bytes(&data);
    let key = key.borrow();
    let out = run_js(&ctx, || cipher(&algorithm, &key.key, &data, &params, false))?;
    buffer(&ctx, &out)
}

fn cipher(
    algorithm: &str,
    key: &Key,
    data: &[u8],
    params: &Object<'_>,
    encrypt: bool,
) -> Result<R<Vec<u8>>> {
    if algorithm == "RSA-OAEP" {
        let label = member_bytes(params, "label")?.unwrap_or_default();
        let hash: String = params.get("hash")?;
        return Ok(
            digest::Hash::parse(&hash).and_then(|hash| rsa::oaep(encrypt, hash, key, data, &label))
        );
    }
    let secret = match key.secret() {
        Ok(s) => s,
        Err(fail) => return Ok(Err(fail)),
    };
    Ok(match algorithm {
        "AES-GCM" => {
            let iv = member_bytes(params, "iv")?.unwrap_or_default();
            let aad = member_bytes(params, "additionalData")?.unwrap_or_default();
            let tag: Option<u32> = params.get("tagLength")?;
            aes::gcm(encrypt, secret, &iv, &aad, tag.unwrap_or(128), data)
        }
        "AES-CBC" => {
            let iv = member_bytes(params, "iv")?.unwrap_or_default();
            aes::cbc(encrypt, secret, &iv, data)
        }
        "AES-CTR" => {
            let counter = member_bytes(params, "counter")?.unwrap_or_default();
            let length: u32 = params.get("length")?;
            aes::ctr(secret, &counter, length, data)
        }
        "AES-KW" => aes::kw(encrypt, secret, data),
        other => Err(not_supported(format!("{other} cannot encrypt or decrypt"))),
    })
}

/// `deriveBits(algorithm, handle, params, length, asKey)`: ECDH and X25519 (`params.public`, a
/// handle), HKDF (`hash`, `salt`, `info`) and PBKDF2 (`hash`, `salt`, `iterations`); `length`
/// in bits, `null` for the whole secret where the algorithm allows it. With `asKey` (deriveKey)
/// the bits become a secret key's handle and never reach JavaScript.
fn derive_bits<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Handle<'js>,
    params: Object<'js>,
    length: Option<u32>,
    as_key: Opt<bool>,
) -> Result<Value<'js>> {
    let key = key.borrow();
    let out = run_js(&ctx, || {
        Ok(match algorithm.as_str() {
            "ECDH" | "X25519" => {
                let public: Handle = params.get("public")?;
                let public = public.borrow();
                let secret = if algorithm == "ECDH" {
                    ec::derive(&key.key, &public.key)
                } else {
                    okp::derive(&key.key, &public.key)
                };
                secret.and_then(|s| kdf::truncate(s.to_vec(), length))
            }
            "HKDF" | "PBKDF2" => {
                let hash: String = params.get("hash")?;
                let salt = member_bytes(&params, "salt")?.unwrap_or_default();
                let info = member_bytes(&params, "info")?.unwrap_or_default();
                let iterations: Option<u32> = params.get("iterations")?;
                digest::Hash::parse(&hash).and_then(|hash| {
                    let secret = key.key.secret()?;
                    if algorithm == "HKDF" {
                        kdf::hkdf(hash, secret, &salt, &info, length)
                    } else {
                        kdf::pbkdf2(hash, secret, &salt, iterations.unwrap_or(0), length)
                    }
                })
            }
            other => Err(not_supported(format!("{other} cannot derive bits"))),
        })
    })?;
    if as_key.0 == Some(true) {
        return Ok(handle(&ctx, Key::Secret(Zeroizing::new(out)))?.into_value());
    }
    Ok(buffer(&ctx, &out)?.into_value())
}
