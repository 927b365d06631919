//! HMAC (RFC 2104) with SHA-1/256/384/512 (and MD5, which workerd allows). Key generation, import and export are the generic
//! secret-key paths (`generateSecret`, [`super::formats`]); the key's bit length and hash live in
//! the `CryptoKey`'s algorithm, checked by the glue.

use super::digest::{with_hash, Hash};
use super::R;
use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

/// The MAC of `data` under `key`.
pub(crate) fn sign(hash: Hash, key: &[u8], data: &[u8]) -> R<Vec<u8>> {
    with_hash!(hash, D => {
        let mut mac = <Hmac<D> as Mac>::new_from_slice(key)
            .map_err(|_| super::operation_error("bad HMAC key"))?;
        mac.update(data);
        Ok(mac.finalize().into_bytes().to_vec())
    })
}

/// Whether `signature` is the MAC of `data` (compared in constant time; any other length is
/// simply not equal).
pub(crate) fn verify(hash: Hash, key: &[u8], data: &[u8], signature: &[u8]) -> R<bool> {
    let expected = sign(hash, key, data)?;
    Ok(expected.len() == signature.len() && bool::from(expected.ct_eq(signature)))
}
