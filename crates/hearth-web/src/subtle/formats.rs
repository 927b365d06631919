//! Key import and export in WebCrypto's four formats: `raw` (secret bytes, EC points, 32-byte
//! OKP public keys), `spki` and `pkcs8` (DER), and `jwk` (the key-material members only: the glue
//! checks and adds `kty` rules, `alg`, `use`, `key_ops` and `ext`). Which format suits which
//! algorithm and key type is the glue's business; here a format that cannot hold a key is a
//! `DataError` on import and an `InvalidAccessError` on export.

use super::{
    bytes, data_error, ec, handle, invalid_access, not_supported, okp, run_js, Handle, Key, R,
};
use base64::Engine;
use der::{asn1::BitStringRef, asn1::OctetStringRef, Decode, Encode};
use pkcs8::{spki::AlgorithmIdentifierRef, ObjectIdentifier, PrivateKeyInfo};
use rquickjs::{ArrayBuffer, Ctx, IntoJs, Object, Result, TypedArray, Value};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, RsaPrivateKey};
use zeroize::Zeroizing;

const ED25519_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const X25519_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const RSA_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// `importKey(kind, format, data)`: a handle for `kind` (`"secret"`, `"RSA"`, `"P-256"`,
/// `"P-384"`, `"P-521"`, `"Ed25519"`, `"X25519"`) from `data` (a `Uint8Array`, or for `jwk` an
/// object of the JWK's string members).
pub(crate) fn import_native<'js>(
    ctx: Ctx<'js>,
    kind: String,
    format: String,
    data: Value<'js>,
) -> Result<Handle<'js>> {
    let key = run_js(&ctx, || {
        if format == "jwk" {
            let jwk: Object = data.get()?;
            let member = |name: &str| -> Result<Option<String>> { jwk.get(name) };
            let mut fields = Jwk::default();
            for (name, slot) in [
                ("k", &mut fields.k),
                ("n", &mut fields.n),
                ("e", &mut fields.e),
                ("d", &mut fields.d),
                ("p", &mut fields.p),
                ("q", &mut fields.q),
                ("dp", &mut fields.dp),
                ("dq", &mut fields.dq),
                ("qi", &mut fields.qi),
                ("x", &mut fields.x),
                ("y", &mut fields.y),
            ] {
                *slot = member(name)?;
            }
            Ok(import_jwk(&kind, &fields))
        } else {
            let data: TypedArray<u8> = data.get()?;
            Ok(import(&kind, &format, &bytes(&data)))
        }
    })?;
    handle(&ctx, key)
}

fn import(kind: &str, format: &str, data: &[u8]) -> R<Key> {
    match (kind, format) {
        ("secret", "raw") => Ok(Key::Secret(Zeroizing::new(data.to_vec()))),
        ("RSA", "spki") => {
            // Parsed here rather than with `from_public_key_der`, whose size limit is 4096 bits.
            let fail = |e: &dyn std::fmt::Display| data_error(format!("invalid RSA spki: {e}"));
            let spki = spki::SubjectPublicKeyInfoRef::from_der(data).map_err(|e| fail(&e))?;
            if spki.algorithm.oid != RSA_OID {
                return Err(data_error("the spki is not an RSA key (rsaEncryption)"));
            }
            let bits = spki
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| fail(&"not whole bytes"))?;
            let key = rsa::pkcs1::RsaPublicKey::from_der(bits).map_err(|e| fail(&e))?;
            let n = BigUint::from_bytes_be(key.modulus.as_bytes());
            let e = BigUint::from_bytes_be(key.public_exponent.as_bytes());
            super::rsa::public_key(n, e)
                .map(|k| Key::RsaPublic(Box::new(k)))
                .map_err(|e| fail(&e))
        }
        ("RSA", "pkcs8") => {
            let key = RsaPrivateKey::from_pkcs8_der(data)
                .map_err(|e| data_error(format!("invalid RSA pkcs8: {e}")))?;
            key.validate()
                .map_err(|e| data_error(format!("invalid RSA private key: {e}")))?;
            Ok(Key::RsaPrivate(Box::new(key)))
        }
        ("Ed25519" | "X25519", "raw") => okp::public_from(kind, data),
        ("Ed25519" | "X25519", "spki") => {
            let spki = spki::SubjectPublicKeyInfo::<der::AnyRef, BitStringRef>::from_der(data)
                .map_err(|e| data_error(format!("invalid spki: {e}")))?;
            check_okp_algorithm(kind, &spki.algorithm)?;
            let bits = spki
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| data_error("invalid spki: the key is not whole bytes"))?;
            okp::public_from(kind, bits)
        }
        ("Ed25519" | "X25519", "pkcs8") => {
            let info = PrivateKeyInfo::from_der(data)
                .map_err(|e| data_error(format!("invalid pkcs8: {e}")))?;
            check_okp_algorithm(kind, &info.algorithm)?;
            let inner = OctetStringRef::from_der(info.private_key)
                .map_err(|e| data_error(format!("invalid pkcs8 private key: {e}")))?;
            let key = okp::private_from(kind, inner.as_bytes())?;
            if let Some(public) = info.public_key {
                if okp::public_bytes(&key)?[..] != *public {
                    return Err(data_error(
                        "pkcs8: the public key does not match the private key",
                    ));
                }
            }
            Ok(key)
        }
        (curve, "raw") => ec::import_raw(curve, data),
        (curve, "spki") => ec::import_spki(curve, data),
        (curve, "pkcs8") => ec::import_pkcs8(curve, data),
        (kind, format) => Err(not_supported(format!(
            "cannot import {kind} keys as {format}"
        ))),
    }
}

fn check_okp_algorithm(kind: &str, algorithm: &AlgorithmIdentifierRef<'_>) -> R<()> {
    let oid = if kind == "Ed25519" {
        ED25519_OID
    } else {
        X25519_OID
    };
    if algorithm.oid != oid || algorithm.parameters.is_some() {
        return Err(data_error(format!("the key is not an {kind} key")));
    }
    Ok(())
}

/// The JWK members that hold key material, still base64url-encoded.
#[derive(Default)]
struct Jwk {
    k: Option<String>,
    n: Option<String>,
    e: Option<String>,
    d: Option<String>,
    p: Option<String>,
    q: Option<String>,
    dp: Option<String>,
    dq: Option<String>,
    qi: Option<String>,
    x: Option<String>,
    y: Option<String>,
}

/// Decodes a base64url member (without padding, as RFC 7515 says; padding is tolerated).
fn b64(name: &str, value: &Option<String>) -> R<Zeroizing<Vec<u8>>> {
    let value = value
        .as_deref()
        .ok_or_else(|| data_error(format!("JWK: the \"{name}\" member is missing")))?;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(value.trim_end_matches('='))
        .map(Zeroizing::new)
        .map_err(|_| data_error(format!("JWK: \"{name}\" is not valid base64url")))
}

fn uint(name: &str, value: &Option<String>) -> R<BigUint> {
    Ok(BigUint::from_bytes_be(&b64(name, value)?))
}

fn import_jwk(kind: &str, jwk: &Jwk) -> R<Key> {
    match kind {
        "secret" => Ok(Key::Secret(b64("k", &jwk.k)?)),
        "RSA" => {
            let (n, e) = (uint("n", &jwk.n)?, uint("e", &jwk.e)?);
            if jwk.d.is_none() {
                return super::rsa::public_key(n, e)
                    .map(|k| Key::RsaPublic(Box::new(k)))
                    .map_err(|e| data_error(format!("JWK: invalid RSA public key: {e}")));
            }
            let d = uint("d", &jwk.d)?;
            let (p, q) = (uint("p", &jwk.p)?, uint("q", &jwk.q)?);
            let (dp, dq, qi) = (
                uint("dp", &jwk.dp)?,
                uint("dq", &jwk.dq)?,
                uint("qi", &jwk.qi)?,
            );
            let key = RsaPrivateKey::from_components(n, e, d, vec![p, q])
                .map_err(|e| data_error(format!("JWK: invalid RSA private key: {e}")))?;
            if key.dp() != Some(&dp) || key.dq() != Some(&dq) || key.crt_coefficient() != Some(qi) {
                return Err(data_error("JWK: dp, dq or qi does not match the key"));
            }
            Ok(Key::RsaPrivate(Box::new(key)))
        }
        "Ed25519" | "X25519" => {
            let x = b64("x", &jwk.x)?;
            match &jwk.d {
                None => okp::public_from(kind, &x),
                Some(_) => {
                    let key = okp::private_from(kind, &b64("d", &jwk.d)?)?;
                    if okp::public_bytes(&key)?[..] != x[..] {
                        return Err(data_error("JWK: x does not match d"));
                    }
                    Ok(key)
                }
            }
        }
        curve => {
            let (x, y) = (b64("x", &jwk.x)?, b64("y", &jwk.y)?);
            let d = jwk.d.as_ref().map(|_| b64("d", &jwk.d)).transpose()?;
            ec::import_jwk(curve, &x, &y, d.as_deref().map(|d| &d[..]))
        }
    }
}

/// `exportKey(handle, format)`: an `ArrayBuffer`, or for `jwk` an object with `kty` and the
/// key-material members.
pub(crate) fn export_native<'js>(
    ctx: Ctx<'js>,
    key: Handle<'js>,
    format: String,
) -> Result<Value<'js>> {
    let key = key.borrow();
    if format == "jwk" {
        let members = run_js(&ctx, || Ok(jwk_members(&key.key)))?;
        let object = Object::new(ctx.clone())?;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        for (name, value) in members {
            match value {
                Member::Text(text) => object.set(name, text)?,
                Member::Bytes(bytes) => object.set(name, b64.encode(&bytes[..]))?,
            }
        }
        return Ok(object.into_value());
    }
    let out = run_js(&ctx, || Ok(export(&key.key, &format)))?;
    ArrayBuffer::new_copy(ctx.clone(), &out[..])?.into_js(&ctx)
}

fn export(key: &Key, format: &str) -> R<Zeroizing<Vec<u8>>> {
    let der_fail =
        |e: &dyn std::fmt::Display| super::operation_error(format!("export failed: {e}"));
    Ok(Zeroizing::new(match (key, format) {
        (Key::Secret(bytes), "raw") => bytes.to_vec(),
        (Key::EcPublic(k), "raw") => ec::export_raw(k),
        (Key::EcPublic(k), "spki") => ec::export_spki(k)?,
        (Key::EcPrivate(k), "pkcs8") => return ec::export_pkcs8(k),
        (Key::Ed25519Public(_) | Key::X25519Public(_), "raw") => okp::public_bytes(key)?.to_vec(),
        (Key::Ed25519Public(_) | Key::X25519Public(_), "spki") => {
            let oid = if matches!(key, Key::Ed25519Public(_)) {
                ED25519_OID
            } else {
                X25519_OID
            };
            let public = okp::public_bytes(key)?;
            let spki = spki::SubjectPublicKeyInfo::<der::AnyRef, BitStringRef> {
                algorithm: AlgorithmIdentifierRef {
                    oid,
                    parameters: None,
                },
                subject_public_key: BitStringRef::from_bytes(&public).map_err(|e| der_fail(&e))?,
            };
            spki.to_der().map_err(|e| der_fail(&e))?
        }
        (Key::Ed25519Private(_) | Key::X25519Private(_), "pkcs8") => {
            let oid = if matches!(key, Key::Ed25519Private(_)) {
                ED25519_OID
            } else {
                X25519_OID
            };
            let private = okp::private_bytes(key)?;
            let inner = Zeroizing::new(
                OctetStringRef::new(&private[..])
                    .and_then(|o| o.to_der())
                    .map_err(|e| der_fail(&e))?,
            );
            let info = PrivateKeyInfo::new(
                AlgorithmIdentifierRef {
                    oid,
                    parameters: None,
                },
                &inner,
            );
            info.to_der().map_err(|e| der_fail(&e))?
        }
        (Key::RsaPublic(k), "spki") => k.to_public_key_der().map_err(|e| der_fail(&e))?.into_vec(),
        (Key::RsaPrivate(k), "pkcs8") => {
            return Ok(Zeroizing::new(
                k.to_pkcs8_der()
                    .map_err(|e| der_fail(&e))?
                    .as_bytes()
                    .to_vec(),
            ))
        }
        (key, format) => {
            return Err(invalid_access(format!(
                "a {} key cannot be exported as {format}",
                key.kind()
            )))
        }
    }))
}

enum Member {
    Text(&'static str),
    Bytes(Zeroizing<Vec<u8>>),
}

fn bytes_member(v: impl Into<Vec<u8>>) -> Member {
    Member::Bytes(Zeroizing::new(v.into()))
}

fn jwk_members(key: &Key) -> R<Vec<(&'static str, Member)>> {
    let mut out = vec![];
    match key {
        Key::Secret(k) => {
            out.push(("kty", Member::Text("oct")));
            out.push(("k", bytes_member(k.to_vec())));
        }
        Key::RsaPublic(_) | Key::RsaPrivate(_) => {
            out.push(("kty", Member::Text("RSA")));
            let public = match key {
                Key::RsaPublic(k) => (**k).clone(),
                Key::RsaPrivate(k) => k.to_public_key(),
                _ => unreachable!(),
            };
            out.push(("n", bytes_member(public.n().to_bytes_be())));
            out.push(("e", bytes_member(public.e().to_bytes_be())));
            if let Key::RsaPrivate(k) = key {
                let primes = k.primes();
                if primes.len() != 2 {
                    return Err(not_supported(
                        "multi-prime RSA keys cannot be exported as JWK",
                    ));
                }
                let missing = || super::operation_error("RSA key without CRT values");
                out.push(("d", bytes_member(k.d().to_bytes_be())));
                out.push(("p", bytes_member(primes[0].to_bytes_be())));
                out.push(("q", bytes_member(primes[1].to_bytes_be())));
                out.push((
                    "dp",
                    bytes_member(k.dp().ok_or_else(missing)?.to_bytes_be()),
                ));
                out.push((
                    "dq",
                    bytes_member(k.dq().ok_or_else(missing)?.to_bytes_be()),
                ));
                out.push((
                    "qi",
                    bytes_member(k.crt_coefficient().ok_or_else(missing)?.to_bytes_be()),
                ));
            }
        }
        Key::EcPublic(_) | Key::EcPrivate(_) => {
            let (crv, x, y, d) = ec::jwk(key)?;
            out.push(("kty", Member::Text("EC")));
            out.push(("crv", Member::Text(crv)));
            out.push(("x", bytes_member(x)));
            out.push(("y", bytes_member(y)));
            if let Some(d) = d {
                out.push(("d", Member::Bytes(d)));
            }
        }
        Key::Ed25519Public(_)
        | Key::Ed25519Private(_)
        | Key::X25519Public(_)
        | Key::X25519Private(_) => {
            let crv = match key {
                Key::Ed25519Public(_) | Key::Ed25519Private(_) => "Ed25519",
                _ => "X25519",
            };
            out.push(("kty", Member::Text("OKP")));
            out.push(("crv", Member::Text(crv)));
            out.push(("x", bytes_member(okp::public_bytes(key)?.to_vec())));
            if key.kind() == "private" {
                out.push(("d", bytes_member(okp::private_bytes(key)?.to_vec())));
            }
        }
    }
    Ok(out)
}
