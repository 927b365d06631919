//! The non-subtle part of Web Crypto: `crypto.getRandomValues`, `crypto.randomUUID`, the
//! `Crypto` class, and `crypto.subtle` as an empty `SubtleCrypto` whose prototype the subtle
//! family fills. JavaScript glue in `js/11_crypto.js`; randomness from the thread's CSPRNG.

use crate::glue::{glue, lazy_globals};
use rand::RngCore;
use rquickjs::{Ctx, Function, Object, Result, TypedArray};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &["crypto", "Crypto", "SubtleCrypto"];

/// Defines this family's globals (lazily: the code loads when one of them is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the family's code now and defines its globals.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    let natives = Object::new(ctx.clone())?;
    natives.set("fillRandom", Function::new(ctx.clone(), fill_random)?)?;
    natives.set("randomUUID", Function::new(ctx.clone(), random_uuid)?)?;
    glue!("11_crypto.js").run(ctx, Some(natives))
}

/// `fillRandom(bytes)`: overwrites a `Uint8Array` with cryptographically secure random bytes.
fn fill_random(bytes: TypedArray<'_, u8>) {
    if let Some(raw) = bytes.as_raw() {
        // SAFETY: no JavaScript runs while the bytes are written.
        rand::thread_rng().fill_bytes(unsafe { &mut *raw.as_ptr() });
    }
}

/// `randomUUID()`: a version 4 UUID in lower-case hyphenated form.
fn random_uuid() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}
