//! Key derivation: HKDF (RFC 5869) and PBKDF2 (RFC 8018) over HMAC-SHA-1/256/384/512, and the
//! truncation of ECDH/X25519 shared secrets to a requested bit length.

use super::digest::{with_hash, Hash};
use super::{operation_error, R};

/// The byte length of `bits`, which must be a multiple of 8.
fn whole_bytes(bits: Option<u32>, algorithm: &str) -> R<usize> {
    match bits {
        None => Err(operation_error(format!(
            "{algorithm}: a length is required"
        ))),
        Some(bits) if bits % 8 != 0 => Err(operation_error(format!(
            "{algorithm}: the length ({bits}) must be a multiple of 8"
        ))),
        Some(bits) => Ok(bits as usize / 8),
    }
}

/// HKDF-Extract then HKDF-Expand to `bits` bits (at most 255 hash lengths).
pub(crate) fn hkdf(
    hash: Hash,
    ikm: &[u8],
    salt: &[u8],
    info: &[u8],
    bits: Option<u32>,
) -> R<Vec<u8>> {
    let len = whole_bytes(bits, "HKDF")?;
    let mut okm = vec![0u8; len];
    with_hash!(hash, D => {
        hkdf::Hkdf::<D>::new(Some(salt), ikm)
            .expand(info, &mut okm)
            .map_err(|_| operation_error(format!(
                "HKDF: the length ({} bits) is more than 255 times the hash length", len * 8
            )))?;
    });
    Ok(okm)
}

/// The most PBKDF2 iterations Cloudflare Workers accept.
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 100_000;

/// PBKDF2-HMAC with `iterations` rounds, `bits` long.
pub(crate) fn pbkdf2(
    hash: Hash,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    bits: Option<u32>,
) -> R<Vec<u8>> {
    let len = whole_bytes(bits, "PBKDF2")?;
    if iterations == 0 {
        return Err(operation_error("PBKDF2: iterations must be greater than 0"));
    }
    if iterations > MAX_PBKDF2_ITERATIONS {
        return Err(super::not_supported(format!(
            "PBKDF2: iteration counts above {MAX_PBKDF2_ITERATIONS} are not supported (requested {iterations})"
        )));
    }
    let mut out = vec![0u8; len];
    with_hash!(hash, D => {
        pbkdf2::pbkdf2_hmac::<D>(password, salt, iterations, &mut out);
    });
    Ok(out)
}

/// The first `bits` bits of a shared secret (all of it for `None`); the unused low bits of a
/// partial last byte are zeroed.
pub(crate) fn truncate(mut secret: Vec<u8>, bits: Option<u32>) -> R<Vec<u8>> {
    let Some(bits) = bits else { return Ok(secret) };
    let available = secret.len() * 8;
    if bits as usize > available {
        return Err(operation_error(format!(
            "the requested length ({bits} bits) is more than the {available} bits of the shared secret"
        )));
    }
    secret.truncate((bits as usize).div_ceil(8));
    if !bits.is_multiple_of(8) {
        if let Some(last) = secret.last_mut() {
            *last &= 0xffu8 << (8 - bits % 8);
        }
    }
    Ok(secret)
}
