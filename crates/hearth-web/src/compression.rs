//! Compression Streams (WHATWG Compression): `CompressionStream` and `DecompressionStream` for
//! `"gzip"`, `"deflate"` (zlib) and `"deflate-raw"`. The classes are `TransformStream`s
//! (`js/16_compression.js`); the bytes go through [`NativeCodec`], which wraps `flate2`'s
//! pure-Rust (miniz_oxide) deflate and adds the gzip header and trailer itself.
//!
//! Every call to [`NativeCodec::next`] produces at most [`PIECE`] bytes, so one native call never
//! does unbounded work: a decompression bomb becomes many 64 KiB chunks, between which the
//! isolate's CPU and memory limits apply.

use crate::glue::{glue, lazy_globals};
use flate2::{Compress, Compression, Crc, Decompress, FlushCompress, FlushDecompress, Status};
use rquickjs::{
    class::Trace, Class, Ctx, Exception, Function, JsLifetime, Object, Result, TypedArray,
};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &["CompressionStream", "DecompressionStream"];

/// The most output one [`NativeCodec::next`] call produces.
pub const PIECE: usize = 64 * 1024;

/// A gzip header longer than this (a huge FEXTRA, file name or comment) is rejected.
const MAX_GZIP_HEADER: usize = 64 * 1024;

/// The fixed gzip header Hearth writes: no flags, no mtime, OS = Unix (as zlib writes it).
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];

const CORRUPT: &str = "Decompression failed.";
const TRUNCATED: &str = "Called close() on a decompression stream with incomplete data";
const TRAILING: &str = "Trailing bytes after end of compressed data";

/// Defines `CompressionStream` and `DecompressionStream` (lazily).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the family's code now and defines its globals.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    let natives = Object::new(ctx.clone())?;
    natives.set("codec", Function::new(ctx.clone(), new_codec)?)?;
    glue!("16_compression.js").run(ctx, Some(natives))
}

/// `codec(format, decompress)`: a codec, or `undefined` for a format this family does not know.
fn new_codec<'js>(
    ctx: Ctx<'js>,
    format: String,
    decompress: bool,
) -> Result<Option<Class<'js, NativeCodec>>> {
    let (gzip, zlib_header) = match format.as_str() {
        "gzip" => (true, false),
        "deflate" => (false, true),
        "deflate-raw" => (false, false),
        _ => return Ok(None),
    };
    let engine = if decompress {
        Engine::Inflate(Decompress::new(zlib_header))
    } else {
        Engine::Deflate(Compress::new(Compression::default(), zlib_header))
    };
    let stage = if gzip { Stage::Header } else { Stage::Body };
    Class::instance(
        ctx,
        NativeCodec {
            engine,
            gzip,
            stage,
            input: Vec::new(),
            pos: 0,
            crc: Crc::new(),
            finishing: false,
            failed: false,
        },
    )
    .map(Some)
}

/// The deflate engine in one direction.
enum Engine {
    Deflate(Compress),
    Inflate(Decompress),
}

/// Where a codec is in its stream.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Gzip only: the header is still to be written (compress) or read (decompress).
    Header,
    /// Deflate data.
    Body,
    /// Gzip only: the CRC-32 and size trailer is still to be written or read.
    Trailer,
    /// The stream has ended; decompression accepts no more input.
    Done,
}

/// One compression or decompression stream's state: pending input, the deflate engine and the
/// gzip framing.
#[derive(Trace, JsLifetime)]
#[rquickjs::class]
pub struct NativeCodec {
    #[qjs(skip_trace)]
    engine: Engine,
    gzip: bool,
    #[qjs(skip_trace)]
    stage: Stage,
    #[qjs(skip_trace)]
    input: Vec<u8>,
    #[qjs(skip_trace)]
    pos: usize,
    #[qjs(skip_trace)]
    crc: Crc,
    finishing: bool,
    failed: bool,
}

#[rquickjs::methods]
impl NativeCodec {
    /// Adds a chunk of input (copied; the caller's buffer may change afterwards).
    pub fn push(&mut self, bytes: TypedArray<'_, u8>) {
        self.input.drain(..self.pos);
        self.pos = 0;
        // SAFETY: the slice is copied before any JavaScript can run again.
        if let Some(b) = unsafe { bytes.as_bytes() } {
            self.input.extend_from_slice(b);
        }
    }

    /// Marks the end of the input: later `next` calls finish the stream.
    pub fn finish(&mut self) {
        self.finishing = true;
    }

    /// The next piece of output (at most [`PIECE`] bytes), or `undefined` when the input given so
    /// far yields no more. Throws a `TypeError` on corrupt, truncated or trailing input.
    pub fn next<'js>(&mut self, ctx: Ctx<'js>) -> Result<Option<TypedArray<'js, u8>>> {
        if self.failed {
            return Err(Exception::throw_type(&ctx, CORRUPT));
        }
        let result = match self.engine {
            Engine::Deflate(_) => Ok(self.compress_piece()),
            Engine::Inflate(_) => self.decompress_piece(),
        };
        match result {
            Ok(out) if out.is_empty() => Ok(None),
            Ok(out) => TypedArray::new(ctx, out).map(Some),
            Err(message) => {
                self.failed = true;
                self.input = Vec::new();
                self.pos = 0;
                Err(Exception::throw_type(&ctx, message))
            }
        }
    }
}

impl NativeCodec {
    /// Compresses pending input into at most about [`PIECE`] bytes.
    fn compress_piece(&mut self) -> Vec<u8> {
        let mut out = Vec::with_capacity(PIECE);
        let Engine::Deflate(engine) = &mut self.engine else {
            return out;
        };
        if self.stage == Stage::Header {
            out.extend_from_slice(&GZIP_HEADER);
            self.stage = Stage::Body;
        }
        while self.stage == Stage::Body && out.len() < out.capacity() {
            let flush = if self.finishing {
                FlushCompress::Finish
            } else {
                FlushCompress::None
            };
            let rest = &self.input[self.pos..];
            let (before_in, before_out) = (engine.total_in(), out.len());
            // Compression of in-memory buffers cannot fail: there is no stream error to report.
            let Ok(status) = engine.compress_vec(rest, &mut out, flush) else {
                break;
            };
            let consumed = usize::try_from(engine.total_in() - before_in)
                .unwrap_or(rest.len())
                .min(rest.len());
            if self.gzip {
                self.crc.update(&rest[..consumed]);
            }
            self.pos += consumed;
            if status == Status::StreamEnd {
                self.stage = if self.gzip {
                    Stage::Trailer
                } else {
                    Stage::Done
                };
            } else if consumed == 0 && out.len() == before_out {
                break;
            }
        }
        if self.stage == Stage::Trailer {
            out.extend_from_slice(&self.crc.sum().to_le_bytes());
            out.extend_from_slice(&self.crc.amount().to_le_bytes());
            self.stage = Stage::Done;
        }
        out
    }

    /// Decompresses pending input into at most [`PIECE`] bytes.
    fn decompress_piece(&mut self) -> std::result::Result<Vec<u8>, &'static str> {
        let mut out = Vec::with_capacity(PIECE);
        let Engine::Inflate(engine) = &mut self.engine else {
            return Ok(out);
        };
        loop {
            let rest = &self.input[self.pos..];
            match self.stage {
                Stage::Header => match gzip_header_len(rest)? {
                    Some(n) => {
                        self.pos += n;
                        self.stage = Stage::Body;
                    }
                    None if rest.len() > MAX_GZIP_HEADER => return Err(CORRUPT),
                    None => break,
                },
                Stage::Body => {
                    if out.len() == out.capacity() {
                        break;
                    }
                    let (before_in, before_out) = (engine.total_in(), out.len());
                    let status = engine
                        .decompress_vec(rest, &mut out, FlushDecompress::None)
                        .map_err(|_| CORRUPT)?;
                    let consumed = usize::try_from(engine.total_in() - before_in)
                        .unwrap_or(rest.len())
                        .min(rest.len());
                    if self.gzip {
                        self.crc.update(&out[before_out..]);
                    }
                    self.pos += consumed;
                    if status == Status::StreamEnd {
                        self.stage = if self.gzip {
                            Stage::Trailer
                        } else {
                            Stage::Done
                        };
                    } else if consumed == 0 && out.len() == before_out {
                        break;
                    }
                }
                Stage::Trailer => {
                    let Some(trailer) = rest.get(..8) else { break };
                    let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
                    let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
                    if crc != self.crc.sum() || size != self.crc.amount() {
                        return Err(CORRUPT);
                    }
                    self.pos += 8;
                    self.stage = Stage::Done;
                }
                Stage::Done => {
                    if !rest.is_empty() {
                        return Err(TRAILING);
                    }
                    break;
                }
            }
        }
        if out.is_empty() && self.finishing && self.stage != Stage::Done {
            return Err(TRUNCATED);
        }
        Ok(out)
    }
}

/// The length of the gzip header (RFC 1952, section 2.3) at the start of `b`: `Ok(None)` while
/// it is incomplete, `Err` when `b` does not start with a valid one.
fn gzip_header_len(b: &[u8]) -> std::result::Result<Option<usize>, &'static str> {
    const MAGIC: [u8; 3] = [0x1f, 0x8b, 8];
    let known = b.len().min(3);
    if b[..known] != MAGIC[..known] {
        return Err(CORRUPT);
    }
    let Some(&flags) = b.get(3) else {
        return Ok(None);
    };
    if flags & 0xe0 != 0 {
        return Err(CORRUPT);
    }
    let mut i = 10;
    if flags & 0x04 != 0 {
        // FEXTRA: a two-byte length, then that many bytes.
        let (Some(&lo), Some(&hi)) = (b.get(i), b.get(i + 1)) else {
            return Ok(None);
        };
        i += 2 + usize::from(u16::from_le_bytes([lo, hi]));
    }
    for flag in [0x08, 0x10] {
        // FNAME, FCOMMENT: zero-terminated.
        if flags & flag != 0 {
            match b.get(i..).and_then(|r| r.iter().position(|&c| c == 0)) {
                Some(n) => i += n + 1,
                None => return Ok(None),
            }
        }
    }
    if flags & 0x02 != 0 {
        i += 2; // FHCRC, not checked (zlib does not check it either by default)
    }
    Ok((i <= b.len()).then_some(i))
}

#[cfg(test)]
mod tests {
    use super::gzip_header_len;

    #[test]
    fn gzip_headers() {
        let plain = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
        assert_eq!(gzip_header_len(&plain), Ok(Some(10)));
        assert_eq!(gzip_header_len(&plain[..4]), Ok(None));
        assert_eq!(gzip_header_len(&[0x1f, 0x8c]), Err(super::CORRUPT));
        let named = [0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3, b'a', b'b', 0, 0xff];
        assert_eq!(gzip_header_len(&named), Ok(Some(13)));
        assert_eq!(gzip_header_len(&named[..12]), Ok(None));
        let extra = [0x1f, 0x8b, 8, 0x04, 0, 0, 0, 0, 0, 3, 3, 0, 1, 2, 3];
        assert_eq!(gzip_header_len(&extra), Ok(Some(15)));
        assert_eq!(gzip_header_len(&extra[..14]), Ok(None));
        assert_eq!(
            gzip_header_len(&[0x1f, 0x8b, 8, 0x20, 0, 0, 0, 0, 0, 3]),
            Err(super::CORRUPT)
        );
    }
}
