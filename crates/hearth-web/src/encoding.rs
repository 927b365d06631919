//! Encoding: `TextEncoder`, `TextDecoder` (every WHATWG encoding through `encoding_rs`, with
//! `fatal`, `ignoreBOM` and streaming decode), `TextEncoderStream`, `TextDecoderStream`, and
//! `atob`/`btoa` (forgiving-base64). The classes are JavaScript (`js/08_encoding.js`,
//! `js/10_encoding_streams.js`); the byte work is done by the natives here.

use crate::glue::{glue, lazy_globals};
use base64::Engine;
use encoding_rs::{CoderResult, Decoder, DecoderResult, Encoding};
use rquickjs::{
    class::Trace, prelude::Opt, Array, Class, Ctx, Function, JsLifetime, Object, Result, TypedArray,
};

/// The globals defined by `js/08_encoding.js`.
pub const GLOBALS: &[&str] = &["TextEncoder", "TextDecoder", "atob", "btoa"];

/// The globals defined by `js/10_encoding_streams.js` (a separate group, so that using
/// `TextDecoder` does not load the streams family).
pub const STREAM_GLOBALS: &[&str] = &["TextEncoderStream", "TextDecoderStream"];

/// Defines this family's globals (lazily: the code loads when one of them is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)?;
    lazy_globals(ctx, STREAM_GLOBALS, load_streams)
}

/// Loads `TextEncoder`, `TextDecoder`, `atob` and `btoa` now.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    let natives = Object::new(ctx.clone())?;
    natives.set("encode", Function::new(ctx.clone(), encode)?)?;
    natives.set("encodeInto", Function::new(ctx.clone(), encode_into)?)?;
    natives.set("decoder", Function::new(ctx.clone(), new_decoder)?)?;
    natives.set("atob", Function::new(ctx.clone(), atob)?)?;
    natives.set("btoa", Function::new(ctx.clone(), btoa)?)?;
    glue!("08_encoding.js").run(ctx, Some(natives))
}

/// Loads `TextEncoderStream` and `TextDecoderStream` now.
pub fn load_streams(ctx: &Ctx<'_>) -> Result<()> {
    glue!("10_encoding_streams.js").run(ctx, None)
}

/// The bytes of a `Uint8Array`, copied out (empty when detached).
fn bytes_of(array: &TypedArray<'_, u8>) -> Vec<u8> {
    // SAFETY: the slice is copied before any JavaScript can run again.
    unsafe { array.as_bytes().map(<[u8]>::to_vec).unwrap_or_default() }
}

/// `encode(string)`: the UTF-8 bytes of a well-formed string.
fn encode<'js>(ctx: Ctx<'js>, input: String) -> Result<TypedArray<'js, u8>> {
    TypedArray::new_copy(ctx, input.as_bytes())
}

/// `encodeInto(string, destination)`: writes as many whole characters as fit and returns
/// `[read (UTF-16 code units), written (bytes)]`.
fn encode_into<'js>(ctx: Ctx<'js>, input: String, dest: TypedArray<'js, u8>) -> Result<Array<'js>> {
    let (mut read, mut written) = (0usize, 0usize);
    if let Some(raw) = dest.as_raw() {
        // SAFETY: no JavaScript runs while the destination is written.
        let out = unsafe { &mut *raw.as_ptr() };
        for c in input.chars() {
            let len = c.len_utf8();
            if written + len > out.len() {
                break;
            }
            c.encode_utf8(&mut out[written..written + len]);
            written += len;
            read += c.len_utf16();
        }
    }
    let result = Array::new(ctx)?;
    result.set(0, read)?;
    result.set(1, written)?;
    Ok(result)
}

/// The decoding state behind one `TextDecoder` (or `TextDecoderStream`).
#[derive(Trace, JsLifetime)]
#[rquickjs::class]
pub struct NativeDecoder {
    #[qjs(skip_trace)]
    encoding: &'static Encoding,
    #[qjs(skip_trace)]
    decoder: Decoder,
    fatal: bool,
    ignore_bom: bool,
}

impl NativeDecoder {
    fn fresh(encoding: &'static Encoding, ignore_bom: bool) -> Decoder {
        if ignore_bom {
            encoding.new_decoder_without_bom_handling()
        } else {
            encoding.new_decoder_with_bom_removal()
        }
    }
}

#[rquickjs::methods]
impl NativeDecoder {
    /// The encoding's WHATWG name (lower case).
    #[qjs(get)]
    pub fn encoding(&self) -> String {
        self.encoding.name().to_ascii_lowercase()
    }

    /// Decodes `bytes`; with `stream` an incomplete trailing sequence is kept for the next
    /// call. Returns `None` (`undefined`) on malformed input when the decoder is fatal.
    pub fn decode(&mut self, bytes: TypedArray<'_, u8>, stream: bool) -> Option<String> {
        let input = bytes_of(&bytes);
        let last = !stream;
        let capacity = self
            .decoder
            .max_utf8_buffer_length(input.len())
            .unwrap_or(input.len() * 3 + 16);
        let mut out = String::with_capacity(capacity);
        let ok = if self.fatal {
            let (result, _) = self
                .decoder
                .decode_to_string_without_replacement(&input, &mut out, last);
            !matches!(result, DecoderResult::Malformed(..))
        } else {
            let (result, _, _) = self.decoder.decode_to_string(&input, &mut out, last);
            debug_assert!(matches!(result, CoderResult::InputEmpty));
            true
        };
        if last || !ok {
            self.decoder = Self::fresh(self.encoding, self.ignore_bom);
        }
        ok.then_some(out)
    }
}

/// `decoder(label, fatal, ignoreBOM)`: a decoder, or `None` (`undefined`) for a label that names no
/// encoding TextDecoder supports.
fn new_decoder<'js>(
    ctx: Ctx<'js>,
    label: String,
    fatal: bool,
    ignore_bom: bool,
) -> Result<Option<Class<'js, NativeDecoder>>> {
    let encoding = match Encoding::for_label(label.trim().as_bytes()) {
        Some(e) if e != encoding_rs::REPLACEMENT => e,
        _ => return Ok(None),
    };
    let decoder = NativeDecoder::fresh(encoding, ignore_bom);
    Class::instance(
        ctx,
        NativeDecoder {
            encoding,
            decoder,
            fatal,
            ignore_bom,
        },
    )
    .map(Some)
}

/// `atob(data)` with the forgiving-base64 decode: the Latin-1 string of the bytes, or `null`
/// when `data` is not valid base64.
fn atob(data: String) -> Option<String> {
    let mut symbols: Vec<u8> = data
        .bytes()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' '))
        .collect();
    if symbols.len().is_multiple_of(4) {
        let padding = symbols
            .iter()
            .rev()
            .take(2)
            .take_while(|&&b| b == b'=')
            .count();
        symbols.truncate(symbols.len() - padding);
    }
    if symbols.len() % 4 == 1 {
        return None;
    }
    let mut out = String::with_capacity(symbols.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for b in symbols {
        let value = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(char::from((buffer >> bits) as u8));
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// `btoa(data)`: base64 of a string whose characters are all in Latin-1 (checked by the
/// caller), or `None` (`undefined`) if one is not.
fn btoa(data: Opt<String>) -> Option<String> {
    let data = data.0.unwrap_or_default();
    let bytes: Option<Vec<u8>> = data
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect();
    Some(base64::engine::general_purpose::STANDARD.encode(bytes?))
}
