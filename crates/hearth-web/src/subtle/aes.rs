//! AES (128, 192 and 256-bit keys) in the four WebCrypto modes: GCM (NIST SP 800-38D, any IV
//! length and every tag length WebCrypto allows, built here from the block cipher and GHASH),
//! CBC with PKCS#7 padding, CTR with WebCrypto's `length` counter bits, and KW (RFC 3394).

use super::{operation_error, R};
use aes::cipher::{generic_array::GenericArray, BlockEncrypt, KeyInit};
use subtle::ConstantTimeEq;

/// Runs `$body` with `$C` the AES type for the key's length (`OperationError` for others).
macro_rules! with_aes {
    ($key:expr, $C:ident => $body:expr) => {
        match $key.len() {
            16 => {
                type $C = aes::Aes128;
                $body
            }
            24 => {
                type $C = aes::Aes192;
                $body
            }
            32 => {
                type $C = aes::Aes256;
                $body
            }
            n => Err(operation_error(format!(
                "an AES key has 16, 24 or 32 bytes, not {n}"
            ))),
        }
    };
}

/// One block cipher behind a trait object, so GCM and CTR are written once.
trait Block {
    fn encrypt(&self, block: &mut [u8; 16]);
}

impl<C: BlockEncrypt<BlockSize = aes::cipher::consts::U16>> Block for C {
    fn encrypt(&self, block: &mut [u8; 16]) {
        self.encrypt_block(GenericArray::from_mut_slice(block));
    }
}

fn block_cipher(key: &[u8]) -> R<Box<dyn Block>> {
    with_aes!(key, C => Ok(Box::new(<C as KeyInit>::new_from_slice(key).expect("checked length")) as Box<dyn Block>))
}

/// AES-GCM: encrypts to `ciphertext || tag`, or checks the tag and decrypts.
pub(crate) fn gcm(
    encrypt: bool,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    tag_bits: u32,
    data: &[u8],
) -> R<Vec<u8>> {
    if !matches!(tag_bits, 32 | 64 | 96 | 104 | 112 | 120 | 128) {
        return Err(operation_error(format!(
            "AES-GCM: tagLength must be 32, 64, 96, 104, 112, 120 or 128, not {tag_bits}"
        )));
    }
    if iv.is_empty() {
        return Err(operation_error("AES-GCM: the iv must not be empty"));
    }
    let tag_len = tag_bits as usize / 8;
    let cipher = block_cipher(key)?;
    let mut h = [0u8; 16];
    cipher.encrypt(&mut h);
    let ghash_key = ghash::Key::from(h);

    // The pre-counter block J0.
    let j0: [u8; 16] = if iv.len() == 12 {
        let mut j0 = [0u8; 16];
        j0[..12].copy_from_slice(iv);
        j0[15] = 1;
        j0
    } else {
        use ghash::universal_hash::UniversalHash;
        let mut g = ghash::GHash::new(&ghash_key);
        g.update_padded(iv);
        let mut lengths = [0u8; 16];
        lengths[8..].copy_from_slice(&(iv.len() as u64 * 8).to_be_bytes());
        g.update_padded(&lengths);
        g.finalize().into()
    };

    let (input, received_tag) = if encrypt {
        (data, &[][..])
    } else {
        if data.len() < tag_len {
            return Err(operation_error("AES-GCM: the data is shorter than the tag"));
        }
        data.split_at(data.len() - tag_len)
    };
    let mut output = input.to_vec();
    // GCTR from inc32(J0).
    let mut counter = j0;
    for chunk in output.chunks_mut(16) {
        inc32(&mut counter);
        let mut stream = counter;
        cipher.encrypt(&mut stream);
        for (b, s) in chunk.iter_mut().zip(stream) {
            *b ^= s;
        }
    }
    let ciphertext = if encrypt { &output[..] } else { input };
    let tag = {
        use ghash::universal_hash::UniversalHash;
        let mut g = ghash::GHash::new(&ghash_key);
        g.update_padded(aad);
        g.update_padded(ciphertext);
        let mut lengths = [0u8; 16];
        lengths[..8].copy_from_slice(&(aad.len() as u64 * 8).to_be_bytes());
        lengths[8..].copy_from_slice(&(ciphertext.len() as u64 * 8).to_be_bytes());
        g.update_padded(&lengths);
        let s: [u8; 16] = g.finalize().into();
        let mut mask = j0;
        cipher.encrypt(&mut mask);
        let mut tag = [0u8; 16];
        for i in 0..16 {
            tag[i] = s[i] ^ mask[i];
        }
        tag
    };
    if encrypt {
        output.extend_from_slice(&tag[..tag_len]);
        Ok(output)
    } else if bool::from(tag[..tag_len].ct_eq(received_tag)) {
        Ok(output)
    } else {
        Err(operation_error(
            "AES-GCM: the authentication tag does not match",
        ))
    }
}

/// Increments the last 32 bits of a counter block, wrapping.
fn inc32(block: &mut [u8; 16]) {
    let n = u32::from_be_bytes(block[12..].try_into().unwrap()).wrapping_add(1);
    block[12..].copy_from_slice(&n.to_be_bytes());
}

/// AES-CBC with PKCS#7 padding.
pub(crate) fn cbc(encrypt: bool, key: &[u8], iv: &[u8], data: &[u8]) -> R<Vec<u8>> {
    use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
    if iv.len() != 16 {
        return Err(operation_error(format!(
            "AES-CBC: the iv must be 16 bytes, not {}",
            iv.len()
        )));
    }
    with_aes!(key, C => {
        if encrypt {
            let e = cbc::Encryptor::<C>::new_from_slices(key, iv).expect("checked lengths");
            Ok(e.encrypt_padded_vec_mut::<Pkcs7>(data))
        } else {
            let d = cbc::Decryptor::<C>::new_from_slices(key, iv).expect("checked lengths");
            d.decrypt_padded_vec_mut::<Pkcs7>(data)
                .map_err(|_| operation_error("AES-CBC: decryption failed (bad padding or length)"))
        }
    })
}

/// AES-CTR: the rightmost `length` bits of `counter` are the block counter (wrapping is an
/// error, since it would reuse key stream); the rest is a fixed nonce.
pub(crate) fn ctr(key: &[u8], counter: &[u8], length: u32, data: &[u8]) -> R<Vec<u8>> {
    let counter: [u8; 16] = counter.try_into().map_err(|_| {
        operation_error(format!(
            "AES-CTR: the counter must be 16 bytes, not {}",
            counter.len()
        ))
    })?;
    if length == 0 || length > 128 {
        return Err(operation_error(format!(
            "AES-CTR: length must be between 1 and 128, not {length}"
        )));
    }
    let blocks = data.len().div_ceil(16) as u128;
    if length < 128 && blocks > (1u128 << length) {
        return Err(operation_error(
            "AES-CTR: the data is too long for the counter's length (the counter would repeat)",
        ));
    }
    let cipher = block_cipher(key)?;
    let start = u128::from_be_bytes(counter);
    let mask = if length == 128 {
        u128::MAX
    } else {
        (1u128 << length) - 1
    };
    let mut out = data.to_vec();
    for (i, chunk) in out.chunks_mut(16).enumerate() {
        let value = (start & !mask) | (start.wrapping_add(i as u128) & mask);
        let mut stream = value.to_be_bytes();
        cipher.encrypt(&mut stream);
        for (b, s) in chunk.iter_mut().zip(stream) {
            *b ^= s;
        }
    }
    Ok(out)
}

/// AES-KW (RFC 3394): wraps a multiple of 8 bytes (at least 16), or unwraps and checks the
/// integrity value.
pub(crate) fn kw(wrap: bool, key: &[u8], data: &[u8]) -> R<Vec<u8>> {
    let result = match key.len() {
        16 => kw_with(
            aes_kw::KekAes128::new(GenericArray::from_slice(key)),
            wrap,
            data,
        ),
        24 => kw_with(
            aes_kw::KekAes192::new(GenericArray::from_slice(key)),
            wrap,
            data,
        ),
        32 => kw_with(
            aes_kw::KekAes256::new(GenericArray::from_slice(key)),
            wrap,
            data,
        ),
        n => {
            return Err(operation_error(format!(
                "an AES key has 16, 24 or 32 bytes, not {n}"
            )))
        }
    };
    result.map_err(|e| {
        operation_error(match (wrap, e) {
            (true, _) => "AES-KW: the data to wrap must be a multiple of 8 bytes, at least 16",
            (false, aes_kw::Error::IntegrityCheckFailed) => "AES-KW: the integrity check failed",
            (false, _) => "AES-KW: the wrapped data must be a multiple of 8 bytes, at least 24",
        })
    })
}

fn kw_with<C>(kek: aes_kw::Kek<C>, wrap: bool, data: &[u8]) -> Result<Vec<u8>, aes_kw::Error>
where
    C: KeyInit
        + aes::cipher::BlockCipher
        + aes::cipher::BlockSizeUser<BlockSize = aes::cipher::consts::U16>
        + BlockEncrypt
        + aes::cipher::BlockDecrypt,
{
    if data.len() < 16 + usize::from(!wrap) * 8 {
        return Err(aes_kw::Error::InvalidDataSize);
    }
    if wrap {
        kek.wrap_vec(data)
    } else {
        kek.unwrap_vec(data)
    }
}
