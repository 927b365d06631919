//! The native behind `formData()` on `multipart/form-data` bodies: `native.parseMultipart(bytes,
//! boundary)` parses with `hearth_web::multipart` and answers `[name, filename, type, value]` per
//! part (`filename`/`type` `undefined` when absent; `value` a string for a text field, bytes for a
//! file). A malformed body is a `TypeError`. Writing FormData bodies is JavaScript (`js/fetch.js`).

use rquickjs::{Array, Ctx, Exception, Function, Object, Result, TypedArray, Value};

/// Adds `native.parseMultipart`.
pub fn install<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> Result<()> {
    native.set(
        "parseMultipart",
        Function::new(ctx.clone(), parse_multipart)?,
    )
}

fn parse_multipart<'js>(
    ctx: Ctx<'js>,
    bytes: TypedArray<'js, u8>,
    boundary: String,
) -> Result<Array<'js>> {
    // SAFETY: the parts are copied into JS values below without running any JavaScript.
    let body = unsafe { bytes.as_bytes() }.unwrap_or_default();
    let parts = hearth_web::multipart::parse(body, &boundary)
        .map_err(|message| Exception::throw_type(&ctx, message))?;
    let out = Array::new(ctx.clone())?;
    for (i, part) in parts.into_iter().enumerate() {
        let entry = Array::new(ctx.clone())?;
        entry.set(0, part.name)?;
        entry.set(1, part.filename.clone())?;
        entry.set(2, part.content_type)?;
        let value: Value = match part.filename {
            Some(_) => TypedArray::<u8>::new_copy(ctx.clone(), part.body)?.into_value(),
            None => {
                let text = String::from_utf8_lossy(part.body);
                rquickjs::String::from_str(ctx.clone(), &text)?.into_value()
            }
        };
        entry.set(3, value)?;
        out.set(i, entry)?;
    }
    Ok(out)
}
