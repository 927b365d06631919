//! Ed25519 (RFC 8032, `ed25519-dalek`) and X25519 (RFC 7748, `x25519-dalek`): 32-byte keys,
//! 64-byte signatures, 32-byte shared secrets.

use super::{data_error, invalid_access, operation_error, Key, R};
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

/// A new key pair for `"Ed25519"` or `"X25519"`.
pub(crate) fn generate(kind: &str) -> (Key, Key) {
    let mut rng = rand::thread_rng();
    if kind == "Ed25519" {
        let key = SigningKey::generate(&mut rng);
        let public = key.verifying_key();
        (
            Key::Ed25519Private(Box::new(key)),
            Key::Ed25519Public(public),
        )
    } else {
        let key = StaticSecret::random_from_rng(&mut rng);
        let public = PublicKey::from(&key);
        (Key::X25519Private(Box::new(key)), Key::X25519Public(public))
    }
}

fn array(bytes: &[u8], what: &str) -> R<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| data_error(format!("{what} must be 32 bytes, not {}", bytes.len())))
}

/// A public key from its 32 bytes.
pub(crate) fn public_from(kind: &str, bytes: &[u8]) -> R<Key> {
    let bytes = array(bytes, &format!("an {kind} public key"))?;
    if kind == "Ed25519" {
        VerifyingKey::from_bytes(&bytes)
            .map(Key::Ed25519Public)
            .map_err(|_| data_error("not a valid Ed25519 public key"))
    } else {
        Ok(Key::X25519Public(PublicKey::from(bytes)))
    }
}

/// A private key from its 32-byte seed (Ed25519) or scalar (X25519).
pub(crate) fn private_from(kind: &str, bytes: &[u8]) -> R<Key> {
    let bytes = Zeroizing::new(array(bytes, &format!("an {kind} private key"))?);
    Ok(if kind == "Ed25519" {
        Key::Ed25519Private(Box::new(SigningKey::from_bytes(&bytes)))
    } else {
        Key::X25519Private(Box::new(StaticSecret::from(*bytes)))
    })
}

/// The 32 bytes of a public key (of a private key's public half when `private` is one).
pub(crate) fn public_bytes(key: &Key) -> R<[u8; 32]> {
    Ok(match key {
        Key::Ed25519Public(k) => k.to_bytes(),
        Key::Ed25519Private(k) => k.verifying_key().to_bytes(),
        Key::X25519Public(k) => k.to_bytes(),
        Key::X25519Private(k) => PublicKey::from(&**k).to_bytes(),
        _ => return Err(invalid_access("not an Ed25519 or X25519 key")),
    })
}

/// The 32 bytes of a private key.
pub(crate) fn private_bytes(key: &Key) -> R<Zeroizing<[u8; 32]>> {
    Ok(Zeroizing::new(match key {
        Key::Ed25519Private(k) => k.to_bytes(),
        Key::X25519Private(k) => k.to_bytes(),
        _ => return Err(invalid_access("not an Ed25519 or X25519 private key")),
    }))
}

/// An Ed25519 signature of `data`.
pub(crate) fn sign(key: &Key, data: &[u8]) -> R<Vec<u8>> {
    match key {
        Key::Ed25519Private(k) => Ok(k.sign(data).to_bytes().to_vec()),
        _ => Err(invalid_access(
            "Ed25519 signing needs an Ed25519 private key",
        )),
    }
}

/// Whether `signature` is a valid Ed25519 signature of `data` (a wrong length is invalid).
pub(crate) fn verify(key: &Key, data: &[u8], signature: &[u8]) -> R<bool> {
    let Key::Ed25519Public(k) = key else {
        return Err(invalid_access(
            "Ed25519 verification needs an Ed25519 public key",
        ));
    };
    let Ok(signature) = ed25519_dalek::Signature::from_slice(signature) else {
        return Ok(false);
    };
    Ok(k.verify(data, &signature).is_ok())
}

/// The X25519 shared secret; an all-zero result (a small-order public key) is an error.
pub(crate) fn derive(private: &Key, public: &Key) -> R<Zeroizing<Vec<u8>>> {
    let (Key::X25519Private(s), Key::X25519Public(p)) = (private, public) else {
        return Err(invalid_access(
            "X25519 needs an X25519 private key and an X25519 public key",
        ));
    };
    let shared = s.diffie_hellman(p);
    if !shared.was_contributory() {
        return Err(operation_error("X25519: the shared secret is all zeros"));
    }
    Ok(Zeroizing::new(shared.as_bytes().to_vec()))
}
