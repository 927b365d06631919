//! ECDSA and ECDH on the NIST curves P-256, P-384 and P-521 (`p256`, `p384`, `p521`).
//! Signatures are WebCrypto's raw `r || s`, each the curve's field length; the message is hashed
//! with the algorithm's hash, whatever the curve (a hash shorter than the field is taken as its
//! integer value, one longer is truncated, as FIPS 186 says).

use super::digest::Hash;
use super::{data_error, invalid_access, operation_error, Key, R};
use elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};
use elliptic_curve::{pkcs8::DecodePrivateKey, pkcs8::DecodePublicKey};
use elliptic_curve::{pkcs8::EncodePrivateKey, pkcs8::EncodePublicKey};
use zeroize::Zeroizing;

/// A private key on one curve.
pub(crate) enum Private {
    P256(p256::SecretKey),
    P384(p384::SecretKey),
    P521(p521::SecretKey),
}

/// A public key on one curve.
pub(crate) enum Public {
    P256(p256::PublicKey),
    P384(p384::PublicKey),
    P521(p521::PublicKey),
}

/// Runs `$body` for the curve named `$name` with `$m` its crate and `$len` its field length.
macro_rules! by_curve {
    ($name:expr, $m:ident, $len:ident => $body:expr) => {
        match $name {
            "P-256" => {
                #[allow(unused_imports)]
                use p256 as $m;
                const $len: usize = 32;
                $body
            }
            "P-384" => {
                #[allow(unused_imports)]
                use p384 as $m;
                const $len: usize = 48;
                $body
            }
            "P-521" => {
                #[allow(unused_imports)]
                use p521 as $m;
                const $len: usize = 66;
                $body
            }
            other => Err(super::not_supported(format!("unsupported curve {other}"))),
        }
    };
}

/// Runs `$body` with `$k` the key inside a `Private` or `Public` (`$ty`), `$m` its curve's crate,
/// `$len` its field length and `$name` its curve name.
macro_rules! each {
    ($value:expr, $ty:ident, $k:ident, $m:ident, $len:ident, $name:ident => $body:expr) => {
        match $value {
            $ty::P256($k) => {
                #[allow(unused_imports)]
                use p256 as $m;
                const $len: usize = 32;
                const $name: &str = "P-256";
                $body
            }
            $ty::P384($k) => {
                #[allow(unused_imports)]
                use p384 as $m;
                const $len: usize = 48;
                const $name: &str = "P-384";
                $body
            }
            $ty::P521($k) => {
                #[allow(unused_imports)]
                use p521 as $m;
                const $len: usize = 66;
                const $name: &str = "P-521";
                $body
            }
        }
    };
}

impl Private {
    fn public(&self) -> Public {
        match self {
            Private::P256(k) => Public::P256(k.public_key()),
            Private::P384(k) => Public::P384(k.public_key()),
            Private::P521(k) => Public::P521(k.public_key()),
        }
    }
}

/// A new key pair on `curve`.
pub(crate) fn generate(curve: &str) -> R<(Key, Key)> {
    let private = by_curve!(curve, m, _L => {
        Ok(Private::from(m::SecretKey::random(&mut rand::thread_rng())))
    })?;
    let public = private.public();
    Ok((Key::EcPrivate(private), Key::EcPublic(public)))
}

macro_rules! from_impls {
    ($($m:ident => $v:ident),*) => {$(
        impl From<$m::SecretKey> for Private {
            fn from(k: $m::SecretKey) -> Self { Private::$v(k) }
        }
        impl From<$m::PublicKey> for Public {
            fn from(k: $m::PublicKey) -> Self { Public::$v(k) }
        }
    )*};
}
from_impls!(p256 => P256, p384 => P384, p521 => P521);

fn bad(what: &str, curve: &str) -> super::Fail {
    data_error(format!("invalid {what} for an {curve} key"))
}

/// A public key from a SEC1 point (uncompressed or compressed).
pub(crate) fn import_raw(curve: &str, bytes: &[u8]) -> R<Key> {
    by_curve!(curve, m, _L => {
        m::PublicKey::from_sec1_bytes(bytes)
            .map(|k| Key::EcPublic(k.into()))
            .map_err(|_| bad("raw public key", curve))
    })
}

/// A public key from a DER SubjectPublicKeyInfo (id-ecPublicKey on this curve).
pub(crate) fn import_spki(curve: &str, der: &[u8]) -> R<Key> {
    by_curve!(curve, m, _L => {
        m::PublicKey::from_public_key_der(der)
            .map(|k| Key::EcPublic(k.into()))
            .map_err(|_| bad("spki", curve))
    })
}

/// A private key from a DER PKCS#8 PrivateKeyInfo (id-ecPublicKey on this curve).
pub(crate) fn import_pkcs8(curve: &str, der: &[u8]) -> R<Key> {
    by_curve!(curve, m, _L => {
        m::SecretKey::from_pkcs8_der(der)
            .map(|k| Key::EcPrivate(k.into()))
            .map_err(|_| bad("pkcs8", curve))
    })
}

/// A key from JWK coordinates (`d` makes it private; its public point must match `x`, `y`).
pub(crate) fn import_jwk(curve: &str, x: &[u8], y: &[u8], d: Option<&[u8]>) -> R<Key> {
    by_curve!(curve, m, L => {
        if x.len() != L || y.len() != L || d.is_some_and(|d| d.len() != L) {
            return Err(data_error(format!("JWK: x, y and d of an {curve} key have {L} bytes")));
        }
        let point = m::EncodedPoint::from_affine_coordinates(
            m::FieldBytes::from_slice(x),
            m::FieldBytes::from_slice(y),
            false,
        );
        let public: Option<m::PublicKey> = m::PublicKey::from_encoded_point(&point).into();
        let public = public.ok_or_else(|| bad("JWK point", curve))?;
        match d {
            None => Ok(Key::EcPublic(public.into())),
            Some(d) => {
                let secret = m::SecretKey::from_slice(d).map_err(|_| bad("JWK d", curve))?;
                if secret.public_key() != public {
                    return Err(data_error("JWK: d does not match x and y"));
                }
                Ok(Key::EcPrivate(secret.into()))
            }
        }
    })
}

/// The uncompressed SEC1 point of a public key.
pub(crate) fn export_raw(key: &Public) -> Vec<u8> {
    each!(key, Public, k, _m, _L, _N => k.to_encoded_point(false).as_bytes().to_vec())
}

pub(crate) fn export_spki(key: &Public) -> R<Vec<u8>> {
    each!(key, Public, k, _m, _L, _N => k
        .to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .map_err(|e| operation_error(format!("spki export failed: {e}"))))
}

pub(crate) fn export_pkcs8(key: &Private) -> R<Zeroizing<Vec<u8>>> {
    each!(key, Private, k, _m, _L, _N => k
        .to_pkcs8_der()
        .map(|d| Zeroizing::new(d.as_bytes().to_vec()))
        .map_err(|e| operation_error(format!("pkcs8 export failed: {e}"))))
}

/// `(crv, x, y, d)` of an EC key.
pub(crate) type JwkParts = (&'static str, Vec<u8>, Vec<u8>, Option<Zeroizing<Vec<u8>>>);

/// `(crv, x, y, d)` of a key, for JWK.
pub(crate) fn jwk(key: &Key) -> R<JwkParts> {
    let (public, d) = match key {
        Key::EcPublic(p) => (each!(p, Public, k, _m, _L, _N => Public::from(*k)), None),
        Key::EcPrivate(p) => (
            p.public(),
            Some(each!(p, Private, k, _m, _L, _N => Zeroizing::new(k.to_bytes().to_vec()))),
        ),
        _ => return Err(invalid_access("not an EC key")),
    };
    let (crv, x, y) = each!(&public, Public, k, _m, _L, N => {
        let point = k.to_encoded_point(false);
        let x = point.x().map(|x| x.to_vec()).unwrap_or_default();
        let y = point.y().map(|y| y.to_vec()).unwrap_or_default();
        (N, x, y)
    });
    Ok((crv, x, y, d))
}

/// The digest of `data` as an ECDSA prehash for a field of `len` bytes: a shorter hash is
/// left-padded with zeros (the same integer), a longer one is truncated by the signer.
fn prehash(hash: Hash, data: &[u8], len: usize) -> R<Vec<u8>> {
    if hash == Hash::Md5 {
        return Err(super::not_supported("ECDSA: MD5 is not allowed"));
    }
    let digest = hash.digest(data);
    if digest.len() >= len {
        return Ok(digest);
    }
    let mut padded = vec![0u8; len - digest.len()];
    padded.extend_from_slice(&digest);
    Ok(padded)
}

/// An ECDSA signature (`r || s`) of `data`.
pub(crate) fn sign(hash: Hash, key: &Key, data: &[u8]) -> R<Vec<u8>> {
    use ecdsa::signature::hazmat::RandomizedPrehashSigner;
    let Key::EcPrivate(key) = key else {
        return Err(invalid_access("ECDSA signing needs an EC private key"));
    };
    let fail = |e: ecdsa::Error| operation_error(format!("ECDSA signing failed: {e}"));
    let mut rng = rand::thread_rng();
    match key {
        Private::P256(k) => {
            let signer = p256::ecdsa::SigningKey::from(k);
            let sig: p256::ecdsa::Signature = signer
                .sign_prehash_with_rng(&mut rng, &prehash(hash, data, 32)?)
                .map_err(fail)?;
            Ok(sig.to_bytes().to_vec())
        }
        Private::P384(k) => {
            let signer = p384::ecdsa::SigningKey::from(k);
            let sig: p384::ecdsa::Signature = signer
                .sign_prehash_with_rng(&mut rng, &prehash(hash, data, 48)?)
                .map_err(fail)?;
            Ok(sig.to_bytes().to_vec())
        }
        Private::P521(k) => {
            let signer = p521::ecdsa::SigningKey::from_bytes(&k.to_bytes()).map_err(fail)?;
            let sig: p521::ecdsa::Signature = signer
                .sign_prehash_with_rng(&mut rng, &prehash(hash, data, 66)?)
                .map_err(fail)?;
            Ok(sig.to_bytes().to_vec())
        }
    }
}

/// Whether `signature` (`r || s`) is a valid ECDSA signature of `data`; a signature of the wrong
/// length is simply invalid.
pub(crate) fn verify(hash: Hash, key: &Key, data: &[u8], signature: &[u8]) -> R<bool> {
    use ecdsa::signature::hazmat::PrehashVerifier;
    let Key::EcPublic(key) = key else {
        return Err(invalid_access("ECDSA verification needs an EC public key"));
    };
    Ok(match key {
        Public::P256(k) => {
            let Ok(sig) = p256::ecdsa::Signature::from_slice(signature) else {
                return Ok(false);
            };
            let verifier = p256::ecdsa::VerifyingKey::from(k);
            verifier
                .verify_prehash(&prehash(hash, data, 32)?, &sig)
                .is_ok()
        }
        Public::P384(k) => {
            let Ok(sig) = p384::ecdsa::Signature::from_slice(signature) else {
                return Ok(false);
            };
            let verifier = p384::ecdsa::VerifyingKey::from(k);
            verifier
                .verify_prehash(&prehash(hash, data, 48)?, &sig)
                .is_ok()
        }
        Public::P521(k) => {
            let Ok(sig) = p521::ecdsa::Signature::from_slice(signature) else {
                return Ok(false);
            };
            let Ok(verifier) = p521::ecdsa::VerifyingKey::from_affine(*k.as_affine()) else {
                return Ok(false);
            };
            verifier
                .verify_prehash(&prehash(hash, data, 66)?, &sig)
                .is_ok()
        }
    })
}

/// The ECDH shared secret (the x coordinate) of a private and a public key on the same curve.
pub(crate) fn derive(private: &Key, public: &Key) -> R<Zeroizing<Vec<u8>>> {
    let (Key::EcPrivate(private), Key::EcPublic(public)) = (private, public) else {
        return Err(invalid_access(
            "ECDH needs an EC private key and an EC public key",
        ));
    };
    fn dh<C>(
        s: &elliptic_curve::SecretKey<C>,
        p: &elliptic_curve::PublicKey<C>,
    ) -> Zeroizing<Vec<u8>>
    where
        C: elliptic_curve::CurveArithmetic,
    {
        let shared = elliptic_curve::ecdh::diffie_hellman(s.to_nonzero_scalar(), p.as_affine());
        Zeroizing::new(shared.raw_secret_bytes().to_vec())
    }
    match (private, public) {
        (Private::P256(s), Public::P256(p)) => Ok(dh(s, p)),
        (Private::P384(s), Public::P384(p)) => Ok(dh(s, p)),
        (Private::P521(s), Public::P521(p)) => Ok(dh(s, p)),
        _ => Err(invalid_access("ECDH: the public key is on another curve")),
    }
}
