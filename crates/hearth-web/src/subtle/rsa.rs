//! RSA (RFC 8017): key generation, RSASSA-PKCS1-v1_5 and RSA-PSS signatures (the `rsa` crate),
//! and RSA-OAEP encryption, whose padding is written here (with MGF1 over the key's hash) so
//! that labels can be any bytes; the crate does the raw RSA operation, blinded.

use super::digest::{with_hash, Hash};
use super::{invalid_access, operation_error, Key, R};
use rquickjs::{Ctx, Object, Result, TypedArray};
use rsa::{
    hazmat::{rsa_decrypt_and_check, rsa_encrypt},
    traits::PublicKeyParts,
    BigUint, Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey,
};
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

/// The longest modulus `generateKey` makes.
pub(crate) const MAX_GENERATED_BITS: u32 = 4096;

/// The longest modulus an imported key may have (the `rsa` crate's default is 4096).
pub(crate) const MAX_IMPORTED_BITS: usize = 16384;

/// A public key from its modulus and exponent, up to [`MAX_IMPORTED_BITS`].
pub(crate) fn public_key(n: BigUint, e: BigUint) -> rsa::Result<RsaPublicKey> {
    RsaPublicKey::new_with_max_size(n, e, MAX_IMPORTED_BITS)
}

/// A new key pair with a `bits`-bit modulus and exponent `exponent` (big-endian; 3 or 65537).
pub(crate) fn generate(bits: u32, exponent: &[u8]) -> R<(Key, Key)> {
    let e = BigUint::from_bytes_be(exponent);
    if e != BigUint::from(3u32) && e != BigUint::from(65537u32) {
        return Err(operation_error(
            "RSA: the public exponent must be 3 or 65537 ([3] or [1, 0, 1])",
        ));
    }
    // workerd's (BoringSSL's) rules, except the upper bound: generation is one native call that
    // nothing can interrupt, and a 4096-bit key already takes seconds.
    if bits < 512 {
        return Err(operation_error("RSA key size is too small."));
    }
    if !bits.is_multiple_of(128) {
        return Err(operation_error(format!(
            "RSA: modulusLength must be a multiple of 128, not {bits}"
        )));
    }
    if bits > MAX_GENERATED_BITS {
        return Err(operation_error(format!(
            "RSA: generating keys longer than {MAX_GENERATED_BITS} bits is not supported (requested {bits})"
        )));
    }
    let key = RsaPrivateKey::new_with_exp(&mut rand::thread_rng(), bits as usize, &e)
        .map_err(|e| operation_error(format!("RSA key generation failed: {e}")))?;
    let public = key.to_public_key();
    Ok((
        Key::RsaPrivate(Box::new(key)),
        Key::RsaPublic(Box::new(public)),
    ))
}

/// Sets `modulusLength` and `publicExponent` (a `Uint8Array`) of a key on `info`.
pub(crate) fn describe<'js>(ctx: &Ctx<'js>, info: &Object<'js>, key: &RsaPublicKey) -> Result<()> {
    info.set("modulusLength", key.n().bits())?;
    info.set(
        "publicExponent",
        TypedArray::<u8>::new_copy(ctx.clone(), key.e().to_bytes_be())?,
    )
}

fn private(key: &Key) -> R<&RsaPrivateKey> {
    match key {
        Key::RsaPrivate(k) => Ok(k),
        _ => Err(invalid_access("an RSA private key is required")),
    }
}

fn public(key: &Key) -> R<RsaPublicKey> {
    match key {
        Key::RsaPublic(k) => Ok((**k).clone()),
        _ => Err(invalid_access("an RSA public key is required")),
    }
}

/// An RSASSA-PKCS1-v1_5 or RSA-PSS signature of `data`.
pub(crate) fn sign(
    algorithm: &str,
    hash: Hash,
    salt: Option<u32>,
    key: &Key,
    data: &[u8],
) -> R<Vec<u8>> {
    let key = private(key)?;
    let hashed = hash.digest(data);
    let result = with_hash!(hash, D => {
        if algorithm == "RSA-PSS" {
            let salt = salt.unwrap_or(0) as usize;
            key.sign_with_rng(&mut rand::thread_rng(), Pss::new_with_salt::<D>(salt), &hashed)
        } else {
            key.sign(Pkcs1v15Sign::new::<D>(), &hashed)
        }
    });
    result.map_err(|e| operation_error(format!("{algorithm}: signing failed: {e}")))
}

/// Whether `signature` is a valid signature of `data`.
pub(crate) fn verify(
    algorithm: &str,
    hash: Hash,
    salt: Option<u32>,
    key: &Key,
    data: &[u8],
    signature: &[u8],
) -> R<bool> {
    let key = public(key)?;
    let hashed = hash.digest(data);
    let result = with_hash!(hash, D => {
        if algorithm == "RSA-PSS" {
            let salt = salt.unwrap_or(0) as usize;
            key.verify(Pss::new_with_salt::<D>(salt), &hashed, signature)
        } else {
            key.verify(Pkcs1v15Sign::new::<D>(), &hashed, signature)
        }
    });
    Ok(result.is_ok())
}

/// MGF1 (RFC 8017 B.2.1): XORs `out` with the mask generated from `seed`.
fn mgf1_xor(hash: Hash, seed: &[u8], out: &mut [u8]) {
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(hash.len())) {
        let mut h = hash.hasher();
        h.update(seed);
        h.update(&counter.to_be_bytes());
        for (b, m) in chunk.iter_mut().zip(h.finalize().iter()) {
            *b ^= m;
        }
    }
}

/// RSAES-OAEP encryption (with the public key) or decryption (with the private key), MGF1 over
/// `hash`, and `label`.
pub(crate) fn oaep(encrypt: bool, hash: Hash, key: &Key, data: &[u8], label: &[u8]) -> R<Vec<u8>> {
    let h_len = hash.len();
    let l_hash = hash.digest(label);
    if encrypt {
        let key = public(key)?;
        let k = key.size();
        if data.len() + 2 * h_len + 2 > k {
            return Err(operation_error(format!(
                "RSA-OAEP: the message is too long (at most {} bytes for this key and hash)",
                k.saturating_sub(2 * h_len + 2)
            )));
        }
        // EM = 0x00 || maskedSeed || maskedDB, DB = lHash || PS || 0x01 || M.
        let mut em = Zeroizing::new(vec![0u8; k]);
        let (seed, db) = em[1..].split_at_mut(h_len);
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), seed);
        db[..h_len].copy_from_slice(&l_hash);
        let db_len = db.len();
        db[db_len - data.len() - 1] = 1;
        db[db_len - data.len()..].copy_from_slice(data);
        mgf1_xor(hash, seed, db);
        mgf1_xor(hash, db, seed);
        let m = BigUint::from_bytes_be(&em);
        let c = rsa_encrypt(&key, &m).map_err(|e| operation_error(format!("RSA-OAEP: {e}")))?;
        Ok(left_pad(&c.to_bytes_be(), k))
    } else {
        let key = private(key)?;
        let k = key.size();
        let fail = || operation_error("RSA-OAEP: decryption failed");
        if data.len() != k || k < 2 * h_len + 2 {
            return Err(fail());
        }
        let c = BigUint::from_bytes_be(data);
        let m =
            rsa_decrypt_and_check(key, Some(&mut rand::thread_rng()), &c).map_err(|_| fail())?;
        let mut em = Zeroizing::new(left_pad(&m.to_bytes_be(), k));
        let first = em[0];
        let (seed, db) = em[1..].split_at_mut(h_len);
        mgf1_xor(hash, db, seed);
        mgf1_xor(hash, seed, db);
        // Constant-time scan: lHash must match, then zeros, then 0x01, then the message.
        let mut good = first.ct_eq(&0) & db[..h_len].ct_eq(&l_hash);
        let mut looking = subtle::Choice::from(1);
        let mut index = 0u32;
        for (i, &b) in db.iter().enumerate().skip(h_len) {
            let is_one = b.ct_eq(&1);
            let is_zero = b.ct_eq(&0);
            index.conditional_assign(&(i as u32), looking & is_one);
            good &= !looking | is_one | is_zero;
            looking &= !is_one;
        }
        good &= !looking;
        if bool::from(good) {
            Ok(db[index as usize + 1..].to_vec())
        } else {
            Err(fail())
        }
    }
}

fn left_pad(bytes: &[u8], len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len.saturating_sub(bytes.len())];
    out.extend_from_slice(bytes);
    out
}
