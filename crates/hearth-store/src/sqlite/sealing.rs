//! Secrets at rest: the values of `secret_text` (and `secret_key`) bindings are sealed with
//! AES-256-GCM under a key kept outside the database (`secrets.key` in the data dir, mode 0600),
//! so a copy of `hearth.db` alone reveals no secret.
//!
//! A sealed field is stored as `{"$sealed": base64(nonce || ciphertext)}`; plain values (written
//! before sealing existed) are read as they are.

use crate::{Result, StoreError, VersionDoc};
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use rand::RngCore;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;

const SEALED: &str = "$sealed";
/// Binding fields that hold secret material, by binding type.
const SECRET_FIELDS: &[(&str, &str)] = &[
    ("secret_text", "text"),
    ("secret_key", "key_base64"),
    ("secret_key", "key_jwk"),
];

/// The data dir's secrets key.
pub struct SecretKey(Aes256Gcm);

impl SecretKey {
    /// Loads `secrets.key` from the data dir, creating it (random, 0600, fsync'd) on first use.
    pub fn load_or_create(data_dir: &Path) -> Result<SecretKey> {
        let path = data_dir.join("secrets.key");
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::thread_rng().fill_bytes(&mut key);
                let mut opts = std::fs::OpenOptions::new();
                opts.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
                let mut f = opts.open(&path).map_err(|e| io_err(&path, e))?;
                f.write_all(&key)
                    .and_then(|_| f.sync_all())
                    .map_err(|e| io_err(&path, e))?;
                key.to_vec()
            }
            Err(e) => return Err(io_err(&path, e)),
        };
        if bytes.len() != 32 {
            return Err(StoreError::Invalid(format!(
                "{} must hold exactly 32 bytes",
                path.display()
            )));
        }
        Ok(SecretKey(Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(
            &bytes,
        ))))
    }

    fn seal(&self, v: &Value) -> Value {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let plain = serde_json::to_vec(v).unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(
            self.0
                .encrypt(Nonce::from_slice(&nonce), plain.as_slice())
                .expect("AES-GCM encryption"),
        );
        json!({ SEALED: base64::engine::general_purpose::STANDARD.encode(out) })
    }

    fn open(&self, v: &Value) -> Result<Value> {
        let Some(b64) = v.get(SEALED).and_then(Value::as_str) else {
            return Ok(v.clone());
        };
        let raw = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|_| StoreError::Invalid("a sealed secret is not valid base64".into()))?;
        if raw.len() < 12 {
            return Err(StoreError::Invalid("a sealed secret is truncated".into()));
        }
        let plain = self
            .0
            .decrypt(Nonce::from_slice(&raw[..12]), &raw[12..])
            .map_err(|_| {
                StoreError::Invalid("a sealed secret cannot be opened: wrong secrets.key?".into())
            })?;
        Ok(serde_json::from_slice(&plain)?)
    }

    /// Seals the secret fields of a version's bindings (already sealed ones stay as they are).
    pub fn seal_doc(&self, doc: &mut VersionDoc) {
        for b in &mut doc.bindings {
            for field in secret_fields(b) {
                if let Some(v) = b.get(field).filter(|v| v.get(SEALED).is_none()).cloned() {
                    b[field] = self.seal(&v);
                }
            }
        }
    }

    /// Opens the sealed fields of a version's bindings.
    pub fn open_doc(&self, doc: &mut VersionDoc) -> Result<()> {
        for b in &mut doc.bindings {
            for field in secret_fields(b) {
                if let Some(v) = b.get(field).cloned() {
                    b[field] = self.open(&v)?;
                }
            }
        }
        Ok(())
    }
}

fn secret_fields(b: &Value) -> Vec<&'static str> {
    let ty = b.get("type").and_then(Value::as_str).unwrap_or_default();
    SECRET_FIELDS
        .iter()
        .filter(|(t, _)| *t == ty)
        .map(|(_, f)| *f)
        .collect()
}

fn io_err(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Invalid(format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_only_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let key = SecretKey::load_or_create(dir.path()).unwrap();
        let mut doc = VersionDoc {
            bindings: vec![
                json!({"type": "secret_text", "name": "S", "text": "hunter2"}),
                json!({"type": "plain_text", "name": "P", "text": "public"}),
            ],
            ..Default::default()
        };
        key.seal_doc(&mut doc);
        let stored = serde_json::to_string(&doc).unwrap();
        assert!(!stored.contains("hunter2") && stored.contains("public"));
        key.seal_doc(&mut doc); // idempotent
        let again = SecretKey::load_or_create(dir.path()).unwrap();
        again.open_doc(&mut doc).unwrap();
        assert_eq!(doc.bindings[0]["text"], "hunter2");
        // Another key cannot open it.
        let other = SecretKey::load_or_create(tempfile::tempdir().unwrap().path()).unwrap();
        let mut sealed: VersionDoc = serde_json::from_str(&stored).unwrap();
        assert!(other.open_doc(&mut sealed).is_err());
    }
}
