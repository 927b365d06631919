//! Digests: SHA-1, SHA-256, SHA-384, SHA-512 and MD5 (which Cloudflare allows in `digest` and
//! `DigestStream`), one-shot and incremental (the hasher behind `crypto.DigestStream`).

use super::{buffer, bytes, not_supported, R};
use digest::DynDigest;
use rquickjs::{class::Trace, ArrayBuffer, Class, Ctx, JsLifetime, Result, TypedArray};

/// A hash function, by its normalized WebCrypto name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
    Md5,
}

/// Runs `$body` with `$D` the digest type of a `Hash`.
macro_rules! with_hash {
    ($hash:expr, $D:ident => $body:expr) => {
        match $hash {
            $crate::subtle::digest::Hash::Sha1 => {
                type $D = sha1::Sha1;
                $body
            }
            $crate::subtle::digest::Hash::Sha256 => {
                type $D = sha2::Sha256;
                $body
            }
            $crate::subtle::digest::Hash::Sha384 => {
                type $D = sha2::Sha384;
                $body
            }
            $crate::subtle::digest::Hash::Sha512 => {
                type $D = sha2::Sha512;
                $body
            }
            $crate::subtle::digest::Hash::Md5 => {
                type $D = md5::Md5;
                $body
            }
        }
    };
}
pub(crate) use with_hash;

impl Hash {
    /// The hash of a normalized name.
    pub(crate) fn parse(name: &str) -> R<Hash> {
        Ok(match name {
            "SHA-1" => Hash::Sha1,
            "SHA-256" => Hash::Sha256,
            "SHA-384" => Hash::Sha384,
            "SHA-512" => Hash::Sha512,
            "MD5" => Hash::Md5,
            other => return Err(not_supported(format!("unknown hash {other}"))),
        })
    }

    /// Output length in bytes.
    pub(crate) fn len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
            Hash::Md5 => 16,
        }
    }

    /// A fresh incremental hasher.
    pub(crate) fn hasher(self) -> Box<dyn DynDigest> {
        match self {
            Hash::Sha1 => Box::new(sha1::Sha1::default()),
            Hash::Sha256 => Box::new(sha2::Sha256::default()),
            Hash::Sha384 => Box::new(sha2::Sha384::default()),
            Hash::Sha512 => Box::new(sha2::Sha512::default()),
            Hash::Md5 => Box::new(md5::Md5::default()),
        }
    }

    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        let mut hasher = self.hasher();
        hasher.update(data);
        hasher.finalize().into_vec()
    }
}

/// `digest(name, data)`: the digest as an `ArrayBuffer`.
pub(crate) fn digest_native<'js>(
    ctx: Ctx<'js>,
    name: String,
    data: TypedArray<'js, u8>,
) -> Result<ArrayBuffer<'js>> {
    let hash = super::run(&ctx, || Hash::parse(&name))?;
    buffer(&ctx, &hash.digest(&bytes(&data)))
}

/// The running state of one `DigestStream`.
#[derive(Trace, JsLifetime)]
#[rquickjs::class]
pub struct Hasher {
    #[qjs(skip_trace)]
    state: Option<Box<dyn DynDigest>>,
}

#[rquickjs::methods]
impl Hasher {
    /// Adds bytes to the digest.
    pub fn update(&mut self, data: TypedArray<'_, u8>) {
        if let Some(state) = &mut self.state {
            // SAFETY: no JavaScript runs while the bytes are read.
            if let Some(slice) = unsafe { data.as_bytes() } {
                state.update(slice);
            }
        }
    }

    /// The digest of everything added; the hasher is spent afterwards.
    pub fn finish<'js>(&mut self, ctx: Ctx<'js>) -> Result<ArrayBuffer<'js>> {
        let digest = self.state.take().map(|s| s.finalize()).unwrap_or_default();
        buffer(&ctx, &digest)
    }
}

/// `hasher(name)`: a new incremental hasher.
pub(crate) fn hasher_native<'js>(ctx: Ctx<'js>, name: String) -> Result<Class<'js, Hasher>> {
    let hash = super::run(&ctx, || Hash::parse(&name))?;
    Class::instance(
        ctx,
        Hasher {
            state: Some(hash.hasher()),
        },
    )
}
