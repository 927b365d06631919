// crypto.subtle checks: vectors from the standards (FIPS 180, RFC 1321, RFC 4231, RFC 5869,
// RFC 6070, RFC 7914, RFC 8032, RFC 8037, RFC 7748, NIST SP 800-38A, the GCM specification's test
// cases, RFC 3394, RFC 7515's JWS examples), round trips with generated keys, import/export in
// every format each algorithm allows, CryptoKey's shape, errors, timingSafeEqual and DigestStream.

const subtle = crypto.subtle;
const enc = (s) => new TextEncoder().encode(s);
const hex = (buf) => Array.from(new Uint8Array(buf), (x) => x.toString(16).padStart(2, "0")).join("");
const unhex = (s) => new Uint8Array(s.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64url = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

// Rejects with a DOMException (or error) named `name`.
async function rejects(promise, name, msg = "") {
  try {
    await promise;
  } catch (e) {
    if (e.name !== name) throw new Error(`expected ${name}, got ${e.name}: ${e.message} ${msg}`);
    if (name !== "TypeError" && !(e instanceof SyntaxError)) assert(e instanceof DOMException, `${name} is a DOMException ${msg}`);
    return e;
  }
  throw new Error(`expected ${name}, it resolved ${msg}`);
}

// ------------------------------------------------------------------------------------------------
// Digests

export async function digest_fips180() {
  const two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  const two512 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
  const cases = [
    ["SHA-1", "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"],
    ["SHA-1", two, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"],
    ["SHA-256", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["SHA-256", two, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
    ["SHA-256", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["SHA-384", "abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"],
    ["SHA-384", two512, "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"],
    ["SHA-512", "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"],
    ["SHA-512", two512, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"],
  ];
  for (const [alg, msg, want] of cases) {
    const got = await subtle.digest(alg, enc(msg));
    assert(got instanceof ArrayBuffer, "digest resolves to an ArrayBuffer");
    assertEquals(hex(got), want, `${alg}(${JSON.stringify(msg)})`);
  }
  // A million 'a's (FIPS 180 long message), through a view into a larger buffer.
  const big = new Uint8Array(1_000_010).fill(0x61);
  assertEquals(hex(await subtle.digest("SHA-256", big.subarray(5, 1_000_005))), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

export async function digest_md5_rfc1321() {
  const cases = [
    ["", "d41d8cd98f00b204e9800998ecf8427e"],
    ["a", "0cc175b9c0f1b6a831c399e269772661"],
    ["abc", "900150983cd24fb0d6963f7d28e17f72"],
    ["message digest", "f96b697d7cb7938d525a2f31aaf161d0"],
    ["12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"],
  ];
  for (const [msg, want] of cases) assertEquals(hex(await subtle.digest("MD5", enc(msg))), want, msg);
}

export async function digest_algorithm_forms() {
  const want = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  for (const alg of ["SHA-256", "sha-256", "Sha-256", { name: "SHA-256" }, { name: "sha-256", extra: 1 }]) {
    assertEquals(hex(await subtle.digest(alg, enc("abc"))), want, JSON.stringify(alg));
  }
  assertEquals(hex(await subtle.digest("md5", enc("abc"))), "900150983cd24fb0d6963f7d28e17f72");
  // Every BufferSource type.
  const bytes = enc("abc");
  for (const data of [bytes.buffer, new DataView(bytes.buffer), new Uint16Array(bytes.buffer.slice(0, 2)), new Int8Array(bytes)]) {
    const expect = await subtle.digest("SHA-1", data instanceof ArrayBuffer ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    assertEquals(hex(await subtle.digest("SHA-1", data)), hex(expect));
  }
}

export async function digest_errors() {
  await rejects(subtle.digest("SHA-999", enc("x")), "NotSupportedError");
  await rejects(subtle.digest("SHA256", enc("x")), "NotSupportedError");
  await rejects(subtle.digest({}, enc("x")), "TypeError");
  await rejects(subtle.digest("SHA-256", "abc"), "TypeError");
  await rejects(subtle.digest("SHA-256", [1, 2, 3]), "TypeError");
  await rejects(subtle.digest("SHA-256"), "TypeError");
  await rejects(SubtleCrypto.prototype.digest.call({}, "SHA-256", enc("x")), "TypeError");
  // The argument is copied when the call is made.
  const data = enc("abc");
  const p = subtle.digest("SHA-256", data);
  data.fill(0);
  assertEquals(hex(await p), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// ------------------------------------------------------------------------------------------------
// HMAC

const RFC4231 = [
  // [key, data, SHA-256, SHA-384, SHA-512]
  [
    "0b".repeat(20), hex(enc("Hi There")),
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
    "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
  ],
  [
    hex(enc("Jefe")), hex(enc("what do ya want for nothing?")),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
  ],
];

export async function hmac_rfc4231() {
  for (const [key, data, ...macs] of RFC4231) {
    for (const [i, hash] of ["SHA-256", "SHA-384", "SHA-512"].entries()) {
      const k = await subtle.importKey("raw", unhex(key), { name: "HMAC", hash }, false, ["sign", "verify"]);
      const mac = await subtle.sign("HMAC", k, unhex(data));
      assertEquals(hex(mac), macs[i], `${hash} key ${key}`);
      assertEquals(await subtle.verify("HMAC", k, mac, unhex(data)), true);
      const bad = new Uint8Array(mac);
      bad[0] ^= 1;
      assertEquals(await subtle.verify("HMAC", k, bad, unhex(data)), false);
      assertEquals(await subtle.verify("HMAC", k, mac.slice(0, 16), unhex(data)), false, "a truncated MAC is not valid");
    }
  }
}

export async function hmac_generate_and_algorithm() {
  const k = await subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
  assert(k instanceof CryptoKey);
  assertEquals(k.type, "secret");
  assertEquals(k.extractable, true);
  assertEquals(JSON.stringify(k.algorithm), '{"name":"HMAC","hash":{"name":"SHA-256"},"length":512}');
  assertEquals(k.usages, ["sign", "verify"]);
  assertEquals((await subtle.exportKey("raw", k)).byteLength, 64);
  const k512 = await subtle.generateKey({ name: "HMAC", hash: { name: "sha-512" } }, false, ["verify", "sign", "sign"]);
  assertEquals(k512.algorithm.length, 1024);
  assertEquals(k512.algorithm.hash.name, "SHA-512");
  assertEquals(k512.usages, ["sign", "verify"], "usages are deduplicated and in canonical order");
  const k13 = await subtle.generateKey({ name: "HMAC", hash: "SHA-1", length: 13 }, true, ["sign"]);
  assertEquals(k13.algorithm.length, 13);
  const raw = new Uint8Array(await subtle.exportKey("raw", k13));
  assertEquals(raw.length, 2);
  assertEquals(raw[1] & 0x07, 0, "unused bits are zero");
  await rejects(subtle.generateKey({ name: "HMAC", hash: "SHA-256", length: 0 }, true, ["sign"]), "OperationError");
  await rejects(subtle.generateKey({ name: "HMAC" }, true, ["sign"]), "TypeError");
  await rejects(subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["encrypt"]), "SyntaxError");
  await rejects(subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, []), "SyntaxError");
  // MD5 is allowed as HMAC's hash (as workerd allows it); RFC 2104's test vector. Its JWK has no
  // `alg` to give, so it cannot be exported as JWK.
  const md5 = await subtle.importKey("raw", enc("Jefe"), { name: "HMAC", hash: "md5" }, true, ["sign"]);
  assertEquals(hex(await subtle.sign("HMAC", md5, enc("what do ya want for nothing?"))), "750c783e6ab0b503eaa86e310a5db738");
  assertEquals(JSON.stringify(md5.algorithm), '{"name":"HMAC","hash":{"name":"MD5"},"length":32}');
  await rejects(subtle.exportKey("jwk", md5), "NotSupportedError");
}

export async function hmac_import_lengths() {
  const key = unhex("0102030405");
  const k = await subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256", length: 35 }, true, ["sign"]);
  assertEquals(k.algorithm.length, 35);
  await rejects(subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256", length: 41 }, true, ["sign"]), "DataError");
  await rejects(subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256", length: 32 }, true, ["sign"]), "DataError");
  await rejects(subtle.importKey("raw", new Uint8Array(0), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]), "DataError");
  await rejects(subtle.importKey("spki", key, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]), "NotSupportedError");
}

// ------------------------------------------------------------------------------------------------
// JWS examples (RFC 7515 appendix A): HS256, RS256, ES256 over the same payload.

const PAYLOAD = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
export const _JWS = {
  hs256: {
    input: `eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.${PAYLOAD}`,
    sig: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    jwk: { kty: "oct", k: "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow" },
  },
  rs256: {
    input: `eyJhbGciOiJSUzI1NiJ9.${PAYLOAD}`,
    sig: "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw",
    jwk: {
      kty: "RSA",
      n: "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
      e: "AQAB",
      d: "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
      p: "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
      q: "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
      dp: "BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
      dq: "h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
      qi: "IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U",
    },
  },
  es256: {
    input: `eyJhbGciOiJFUzI1NiJ9.${PAYLOAD}`,
    sig: "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q",
    jwk: {
      kty: "EC", crv: "P-256",
      x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
      y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
      d: "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI",
    },
  },
};
const publicJwk = (jwk) => Object.fromEntries(Object.entries(jwk).filter(([k]) => !["d", "p", "q", "dp", "dq", "qi"].includes(k)));

export async function jws_rfc7515() {
  const { hs256, rs256, es256 } = _JWS;
  const hk = await subtle.importKey("jwk", hs256.jwk, { name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
  assertEquals(await subtle.verify("HMAC", hk, unb64url(hs256.sig), enc(hs256.input)), true);
  assertEquals(b64url(await subtle.sign("HMAC", hk, enc(hs256.input))), hs256.sig);

  const rpub = await subtle.importKey("jwk", publicJwk(rs256.jwk), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
  assertEquals(await subtle.verify("RSASSA-PKCS1-v1_5", rpub, unb64url(rs256.sig), enc(rs256.input)), true);
  assertEquals(await subtle.verify("RSASSA-PKCS1-v1_5", rpub, unb64url(rs256.sig), enc(rs256.input + "x")), false);
  assertEquals(rpub.algorithm.modulusLength, 2048);
  assertEquals(rpub.algorithm.publicExponent, new Uint8Array([1, 0, 1]));
  const rpriv = await subtle.importKey("jwk", rs256.jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["sign"]);
  assertEquals(b64url(await subtle.sign("RSASSA-PKCS1-v1_5", rpriv, enc(rs256.input))), rs256.sig, "PKCS#1 v1.5 is deterministic");

  const epub = await subtle.importKey("jwk", publicJwk(es256.jwk), { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
  assertEquals(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, epub, unb64url(es256.sig), enc(es256.input)), true);
  assertEquals(await subtle.verify({ name: "ECDSA", hash: "SHA-384" }, epub, unb64url(es256.sig), enc(es256.input)), false);
  const epriv = await subtle.importKey("jwk", es256.jwk, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  const sig = await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, epriv, enc(es256.input));
  assertEquals(sig.byteLength, 64, "r || s");
  assertEquals(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, epub, sig, enc(es256.input)), true);
}

// ------------------------------------------------------------------------------------------------
// HKDF and PBKDF2

export async function hkdf_rfc5869() {
  const ikm = await subtle.importKey("raw", unhex("0b".repeat(22)), "HKDF", false, ["deriveBits", "deriveKey"]);
  assertEquals(JSON.stringify(ikm.algorithm), '{"name":"HKDF"}');
  assertEquals(ikm.extractable, false);
  const okm = await subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: unhex("000102030405060708090a0b0c"), info: unhex("f0f1f2f3f4f5f6f7f8f9") }, ikm, 42 * 8);
  assertEquals(hex(okm), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  // Test case 3: empty salt and info.
  const okm3 = await subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: new Uint8Array() }, ikm, 42 * 8);
  assertEquals(hex(okm3), "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  await rejects(subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: new Uint8Array() }, ikm, 12), "OperationError");
  await rejects(subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: new Uint8Array() }, ikm, 255 * 256 + 8), "OperationError");
  await rejects(subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: new Uint8Array() }, ikm), "OperationError");
  await rejects(subtle.deriveBits({ name: "HKDF", hash: "SHA-256", info: new Uint8Array() }, ikm, 256), "TypeError");
  await rejects(subtle.importKey("raw", unhex("0b"), "HKDF", true, ["deriveBits"]), "SyntaxError");
  await rejects(subtle.importKey("jwk", { kty: "oct", k: "AA" }, "HKDF", false, ["deriveBits"]), "NotSupportedError");
  await rejects(subtle.importKey("raw", unhex("0b"), "HKDF", false, ["sign"]), "SyntaxError");
  await rejects(subtle.exportKey("raw", ikm), "NotSupportedError");
}

export async function pbkdf2_rfc6070_rfc7914() {
  const pb = async (hash, password, salt, iterations, bytes) => {
    const k = await subtle.importKey("raw", enc(password), { name: "PBKDF2" }, false, ["deriveBits"]);
    return hex(await subtle.deriveBits({ name: "PBKDF2", hash, salt: enc(salt), iterations }, k, bytes * 8));
  };
  assertEquals(await pb("SHA-1", "password", "salt", 1, 20), "0c60c80f961f0e71f3a9b524af6012062fe037a6");
  assertEquals(await pb("SHA-1", "password", "salt", 2, 20), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
  assertEquals(await pb("SHA-1", "password", "salt", 4096, 20), "4b007901b765489abead49d926f721d065a429c1");
  assertEquals(await pb("SHA-1", "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25), "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
  assertEquals(await pb("SHA-256", "passwd", "salt", 1, 64),
    "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  assertEquals(await pb("SHA-256", "Password", "NaCl", 80000, 64),
    "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
  const k = await subtle.importKey("raw", enc("pw"), "PBKDF2", false, ["deriveBits"]);
  await rejects(subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: enc("s"), iterations: 0 }, k, 256), "OperationError");
  await rejects(subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: enc("s"), iterations: 100001 }, k, 256), "NotSupportedError");
  await rejects(subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: enc("s"), iterations: 1 }, k, 7), "OperationError");
  await rejects(subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: enc("s"), iterations: -1 }, k, 256), "TypeError");
}

export async function derive_key() {
  const base = await subtle.importKey("raw", enc("password"), "PBKDF2", false, ["deriveKey"]);
  const params = { name: "PBKDF2", hash: "SHA-256", salt: enc("salt"), iterations: 1000 };
  const aes = await subtle.deriveKey(params, base, { name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
  assertEquals(JSON.stringify(aes.algorithm), '{"name":"AES-GCM","length":256}');
  assertEquals(aes.type, "secret");
  // The derived key is the PBKDF2 output.
  const bitsKey = await subtle.importKey("raw", enc("password"), "PBKDF2", false, ["deriveBits"]);
  assertEquals(hex(await subtle.exportKey("raw", aes)), hex(await subtle.deriveBits(params, bitsKey, 256)));
  const hmac = await subtle.deriveKey(params, base, { name: "HMAC", hash: "SHA-384" }, false, ["sign"]);
  assertEquals(hmac.algorithm.length, 1024);
  const hkdf = await subtle.importKey("raw", enc("ikm"), "HKDF", false, ["deriveKey"]);
  const kw = await subtle.deriveKey({ name: "HKDF", hash: "SHA-1", salt: enc("s"), info: enc("i") }, hkdf, { name: "AES-KW", length: 128 }, false, ["wrapKey"]);
  assertEquals(kw.algorithm.length, 128);
  await rejects(subtle.deriveKey(params, base, { name: "AES-GCM", length: 100 }, true, ["encrypt"]), "OperationError");
  await rejects(subtle.deriveKey(params, base, { name: "AES-GCM", length: 128 }, true, []), "SyntaxError");
  await rejects(subtle.deriveKey(params, base, { name: "HMAC", hash: "SHA-256", length: 0 }, true, ["sign"]), "TypeError");
  await rejects(subtle.deriveKey(params, base, "Ed25519", true, ["sign"]), "NotSupportedError");
  await rejects(subtle.deriveKey(params, bitsKey, { name: "AES-GCM", length: 128 }, true, ["encrypt"]), "InvalidAccessError");
  await rejects(subtle.deriveBits(params, base, 128), "InvalidAccessError");
}

// ------------------------------------------------------------------------------------------------
// AES

const SP800_38A_PLAIN = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const KEY128 = "2b7e151628aed2a6abf7158809cf4f3c";
const KEY256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";

export async function aes_cbc_sp800_38a() {
  const iv = unhex("000102030405060708090a0b0c0d0e0f");
  for (const [key, want] of [
    [KEY128, "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"],
    [KEY256, "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"],
  ]) {
    const k = await subtle.importKey("raw", unhex(key), "AES-CBC", false, ["encrypt", "decrypt"]);
    const c = await subtle.encrypt({ name: "AES-CBC", iv }, k, unhex(SP800_38A_PLAIN));
    assertEquals(c.byteLength, 80, "PKCS#7 adds a block");
    assertEquals(hex(c).slice(0, 128), want);
    assertEquals(hex(await subtle.decrypt({ name: "AES-CBC", iv }, k, c)), SP800_38A_PLAIN);
    await rejects(subtle.decrypt({ name: "AES-CBC", iv }, k, c.slice(0, 64)), "OperationError", "bad padding");
    await rejects(subtle.decrypt({ name: "AES-CBC", iv }, k, c.slice(0, 70)), "OperationError", "not whole blocks");
    await rejects(subtle.encrypt({ name: "AES-CBC", iv: iv.slice(0, 12) }, k, unhex("00")), "OperationError");
    await rejects(subtle.encrypt({ name: "AES-CBC" }, k, unhex("00")), "TypeError");
  }
}

export async function aes_ctr_sp800_38a() {
  const counter = unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  for (const [key, want] of [
    [KEY128, "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee"],
    [KEY256, "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6"],
  ]) {
    const k = await subtle.importKey("raw", unhex(key), "AES-CTR", false, ["encrypt", "decrypt"]);
    for (const length of [32, 64, 128]) {
      const c = await subtle.encrypt({ name: "AES-CTR", counter, length }, k, unhex(SP800_38A_PLAIN));
      assertEquals(hex(c), want, `length ${length}`);
      assertEquals(hex(await subtle.decrypt({ name: "AES-CTR", counter, length }, k, c)), SP800_38A_PLAIN);
    }
  }
  // Only the rightmost `length` bits count: with 8 bits the counter wraps within its byte.
  const k = await subtle.importKey("raw", unhex(KEY128), "AES-CTR", false, ["encrypt"]);
  const ctrFF = unhex("000000000000000000000000000000ff");
  const wrapped = new Uint8Array(await subtle.encrypt({ name: "AES-CTR", counter: ctrFF, length: 8 }, k, new Uint8Array(32)));
  const second = new Uint8Array(await subtle.encrypt({ name: "AES-CTR", counter: new Uint8Array(16), length: 8 }, k, new Uint8Array(16)));
  assertEquals(hex(wrapped.slice(16)), hex(second), "block 2 uses counter ...00, not ...0100");
  await rejects(subtle.encrypt({ name: "AES-CTR", counter: ctrFF, length: 1 }, k, new Uint8Array(48)), "OperationError", "more blocks than counter values");
  await rejects(subtle.encrypt({ name: "AES-CTR", counter: ctrFF, length: 0 }, k, new Uint8Array(1)), "OperationError");
  await rejects(subtle.encrypt({ name: "AES-CTR", counter: ctrFF, length: 129 }, k, new Uint8Array(1)), "OperationError");
  await rejects(subtle.encrypt({ name: "AES-CTR", counter: ctrFF.slice(1), length: 64 }, k, new Uint8Array(1)), "OperationError");
  await rejects(subtle.encrypt({ name: "AES-CTR", counter: ctrFF, length: 256 }, k, new Uint8Array(1)), "TypeError", "octet range");
}

export async function aes_gcm_test_cases() {
  const K = "feffe9928665731c6d6a8f9467308308";
  const P = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
  const A = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
  const cases = [
    // [key, iv, plaintext, aad, ciphertext || tag] (test cases 2-6 of the GCM specification)
    ["0".repeat(32), "0".repeat(24), "0".repeat(32), "", "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf"],
    [K, "cafebabefacedbaddecaf888", P, "", "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f59854d5c2af327cd64a62cf35abd2ba6fab4"],
    [K, "cafebabefacedbaddecaf888", P.slice(0, 120), A, "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e0915bc94fbc3221a5db94fae95ae7121a47"],
    [K, "cafebabefacedbad", P.slice(0, 120), A, "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f45983612d2e79e3b0785561be14aaca2fccb"],
    [K, "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b", P.slice(0, 120), A,
      "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5619cc5aefffe0bfa462af43c1699d050"],
  ];
  for (const [key, iv, plain, aad, want] of cases) {
    const k = await subtle.importKey("raw", unhex(key), "AES-GCM", false, ["encrypt", "decrypt"]);
    const params = { name: "AES-GCM", iv: unhex(iv) };
    if (aad) params.additionalData = unhex(aad);
    const c = await subtle.encrypt(params, k, unhex(plain));
    assertEquals(hex(c), want, `iv ${iv}`);
    assertEquals(hex(await subtle.decrypt(params, k, c)), plain);
    // Tampering anywhere fails the tag check.
    const bad = new Uint8Array(c);
    bad[0] ^= 0x80;
    await rejects(subtle.decrypt(params, k, bad), "OperationError", "tampered ciphertext");
    if (aad) await rejects(subtle.decrypt({ ...params, additionalData: unhex(aad.slice(2)) }, k, c), "OperationError", "other aad");
  }
  // Shorter tags are prefixes of the full tag.
  const k = await subtle.importKey("raw", unhex(K), "AES-GCM", false, ["encrypt", "decrypt"]);
  const full = hex(await subtle.encrypt({ name: "AES-GCM", iv: unhex("cafebabefacedbaddecaf888") }, k, unhex(P)));
  for (const tagLength of [32, 64, 96, 104, 112, 120, 128]) {
    const params = { name: "AES-GCM", iv: unhex("cafebabefacedbaddecaf888"), tagLength };
    const c = await subtle.encrypt(params, k, unhex(P));
    assertEquals(hex(c), full.slice(0, 128 + tagLength / 4), `tagLength ${tagLength}`);
    assertEquals(hex(await subtle.decrypt(params, k, c)), P);
  }
  await rejects(subtle.encrypt({ name: "AES-GCM", iv: unhex("00"), tagLength: 48 }, k, unhex("00")), "OperationError");
  await rejects(subtle.decrypt({ name: "AES-GCM", iv: unhex("00") }, k, unhex("00112233")), "OperationError", "shorter than the tag");
  await rejects(subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array() }, k, unhex("00")), "OperationError");
}

export async function aes_kw_rfc3394() {
  const cases = [
    ["000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"],
    ["000102030405060708090a0b0c0d0e0f1011121314151617", "00112233445566778899aabbccddeeff", "96778b25ae6ca435f92b5b97c050aed2468ab8a17ad84e5d"],
    ["000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "00112233445566778899aabbccddeeff", "64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7"],
    ["000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f",
      "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21"],
  ];
  for (const [kek, data, want] of cases) {
    const wrapping = await subtle.importKey("raw", unhex(kek), "AES-KW", false, ["wrapKey", "unwrapKey"]);
    const key = await subtle.importKey("raw", unhex(data), "AES-CBC", true, ["encrypt"]);
    const wrapped = await subtle.wrapKey("raw", key, wrapping, "AES-KW");
    assertEquals(hex(wrapped), want, `kek ${kek.length * 4} bits`);
    const back = await subtle.unwrapKey("raw", wrapped, wrapping, { name: "AES-KW" }, "AES-CBC", true, ["decrypt"]);
    assertEquals(hex(await subtle.exportKey("raw", back)), data);
    assertEquals(back.usages, ["decrypt"]);
    const bad = new Uint8Array(wrapped);
    bad[5] ^= 1;
    await rejects(subtle.unwrapKey("raw", bad, wrapping, "AES-KW", "AES-CBC", true, ["decrypt"]), "OperationError");
  }
  const kek = await subtle.importKey("raw", unhex(cases[0][0]), "AES-KW", false, ["wrapKey"]);
  await rejects(subtle.encrypt("AES-KW", kek, new Uint8Array(16)), "NotSupportedError", "AES-KW is not an encrypt algorithm");
  await rejects(subtle.importKey("raw", unhex(cases[0][0]), "AES-KW", false, ["encrypt"]), "SyntaxError");
  // An HMAC key of 20 bytes is not a multiple of 8 bytes.
  const odd = await subtle.importKey("raw", new Uint8Array(20), { name: "HMAC", hash: "SHA-1" }, true, ["sign"]);
  await rejects(subtle.wrapKey("raw", odd, kek, "AES-KW"), "OperationError");
}

export async function aes_keys() {
  for (const name of ["AES-CBC", "AES-CTR", "AES-GCM", "AES-KW"]) {
    for (const length of [128, 192, 256]) {
      const usages = name === "AES-KW" ? ["wrapKey", "unwrapKey"] : ["encrypt", "decrypt", "wrapKey", "unwrapKey"];
      const k = await subtle.generateKey({ name, length }, true, usages);
      assertEquals(JSON.stringify(k.algorithm), JSON.stringify({ name, length }));
      assertEquals(k.usages, usages);
      const raw = await subtle.exportKey("raw", k);
      assertEquals(raw.byteLength, length / 8);
      const jwk = await subtle.exportKey("jwk", k);
      const suffix = name.slice(4);
      assertEquals(jwk, { kty: "oct", key_ops: usages, alg: `A${length}${suffix}`, ext: true, k: b64url(raw) });
      const back = await subtle.importKey("jwk", jwk, name, true, usages);
      assertEquals(hex(await subtle.exportKey("raw", back)), hex(raw));
    }
    await rejects(subtle.generateKey({ name, length: 512 }, true, ["wrapKey"]), "OperationError");
    await rejects(subtle.generateKey({ name }, true, ["wrapKey"]), "TypeError");
    await rejects(subtle.importKey("raw", new Uint8Array(20), name, true, ["wrapKey"]), "DataError");
  }
  // RFC 7517 A.3's symmetric key.
  const kw = await subtle.importKey("jwk", { kty: "oct", alg: "A128KW", k: "GawgguFyGrWKav7AX4VKUg" }, "AES-KW", true, ["wrapKey"]);
  assertEquals(kw.algorithm.length, 128);
  await rejects(subtle.importKey("jwk", { kty: "oct", alg: "A256KW", k: "GawgguFyGrWKav7AX4VKUg" }, "AES-KW", true, ["wrapKey"]), "DataError");
  await rejects(subtle.importKey("jwk", { kty: "oct", alg: "A128GCM", k: "GawgguFyGrWKav7AX4VKUg" }, "AES-KW", true, ["wrapKey"]), "DataError");
}

// ------------------------------------------------------------------------------------------------
// RSA

let rsaKeys;
async function rsa() {
  // One 1024-bit pair per algorithm keeps the checks fast; generation is the expensive part.
  if (rsaKeys) return rsaKeys;
  const e = new Uint8Array([1, 0, 1]);
  rsaKeys = {
    pkcs1: await subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: e, hash: "SHA-256" }, true, ["sign", "verify"]),
    pss: await subtle.generateKey({ name: "RSA-PSS", modulusLength: 1024, publicExponent: e, hash: "SHA-384" }, true, ["sign", "verify"]),
    oaep: await subtle.generateKey({ name: "RSA-OAEP", modulusLength: 1024, publicExponent: e, hash: "SHA-256" }, true, ["encrypt", "decrypt", "wrapKey", "unwrapKey"]),
  };
  return rsaKeys;
}

export async function rsa_generate_shapes() {
  const { pkcs1, pss, oaep } = await rsa();
  assertEquals(Object.keys(pkcs1), ["publicKey", "privateKey"]);
  assertEquals(pkcs1.publicKey.type, "public");
  assertEquals(pkcs1.privateKey.type, "private");
  assertEquals(pkcs1.publicKey.extractable, true, "public keys are always extractable");
  assertEquals(pkcs1.publicKey.usages, ["verify"]);
  assertEquals(pkcs1.privateKey.usages, ["sign"]);
  assertEquals(oaep.publicKey.usages, ["encrypt", "wrapKey"]);
  assertEquals(oaep.privateKey.usages, ["decrypt", "unwrapKey"]);
  const alg = pss.privateKey.algorithm;
  assertEquals(Object.keys(alg), ["name", "modulusLength", "publicExponent", "hash"]);
  assertEquals(alg.name, "RSA-PSS");
  assertEquals(alg.modulusLength, 1024);
  assert(alg.publicExponent instanceof Uint8Array);
  assertEquals(alg.publicExponent, new Uint8Array([1, 0, 1]));
  assertEquals(alg.hash, { name: "SHA-384" });
  assert(pss.privateKey.algorithm === pss.privateKey.algorithm, "the same object each time");
  alg.hash.name = "SHA-1";
  pss.privateKey.type = "secret";
  assertEquals((await subtle.exportKey("jwk", pss.privateKey)).alg, "PS384", "changing the properties does not change the key");
  assertEquals((await subtle.exportKey("pkcs8", pss.privateKey)).byteLength > 0, true);
  const small = await subtle.generateKey({ name: "RSA-OAEP", modulusLength: 512, publicExponent: new Uint8Array([3]), hash: "SHA-1" }, false, ["decrypt"]);
  assertEquals(small.privateKey.algorithm.publicExponent, new Uint8Array([3]));
  assertEquals(small.publicKey.usages, []);
  await rejects(subtle.generateKey({ name: "RSA-OAEP", modulusLength: 1024, publicExponent: new Uint8Array([5]), hash: "SHA-1" }, false, ["decrypt"]), "OperationError");
  await rejects(subtle.generateKey({ name: "RSA-OAEP", modulusLength: 1000, publicExponent: new Uint8Array([3]), hash: "SHA-1" }, false, ["decrypt"]), "OperationError", "multiple of 128");
  await rejects(subtle.generateKey({ name: "RSA-OAEP", modulusLength: 256, publicExponent: new Uint8Array([3]), hash: "SHA-1" }, false, ["decrypt"]), "OperationError", "too small");
  await rejects(subtle.generateKey({ name: "RSA-OAEP", modulusLength: 1024, publicExponent: [1, 0, 1], hash: "SHA-1" }, false, ["decrypt"]), "TypeError");
  await rejects(subtle.generateKey({ name: "RSA-OAEP", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-1" }, false, ["sign"]), "SyntaxError");
  await rejects(subtle.generateKey({ name: "RSA-OAEP", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-1" }, false, ["encrypt"]), "SyntaxError", "no private usage");
  await rejects(subtle.generateKey({ name: "RSA-PSS", publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-1" }, false, ["sign"]), "TypeError");
}

export async function rsa_sign_verify() {
  const { pkcs1, pss } = await rsa();
  const data = enc("hello, workers");
  const s1 = await subtle.sign("RSASSA-PKCS1-v1_5", pkcs1.privateKey, data);
  assertEquals(s1.byteLength, 128);
  assertEquals(await subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, pkcs1.publicKey, s1, data), true);
  assertEquals(await subtle.verify("RSASSA-PKCS1-v1_5", pkcs1.publicKey, s1, enc("other")), false);
  assertEquals(hex(await subtle.sign("RSASSA-PKCS1-v1_5", pkcs1.privateKey, data)), hex(s1), "deterministic");
  for (const saltLength of [0, 32, 48]) {
    const s = await subtle.sign({ name: "RSA-PSS", saltLength }, pss.privateKey, data);
    assertEquals(await subtle.verify({ name: "RSA-PSS", saltLength }, pss.publicKey, s, data), true);
    assertEquals(await subtle.verify({ name: "RSA-PSS", saltLength: saltLength + 1 }, pss.publicKey, s, data), false);
  }
  await rejects(subtle.sign({ name: "RSA-PSS", saltLength: 200 }, pss.privateKey, data), "OperationError");
  await rejects(subtle.sign("RSA-PSS", pss.privateKey, data), "DataError", "saltLength is required (a DataError, as in workerd)");
  await rejects(subtle.sign("RSASSA-PKCS1-v1_5", pkcs1.publicKey, data), "InvalidAccessError");
  await rejects(subtle.sign({ name: "RSA-PSS", saltLength: 0 }, pkcs1.privateKey, data), "InvalidAccessError", "wrong algorithm");
  await rejects(subtle.verify("RSASSA-PKCS1-v1_5", pkcs1.privateKey, s1, data), "InvalidAccessError");
}

export async function rsa_oaep() {
  const { oaep } = await rsa();
  const data = enc("secret message");
  const c = await subtle.encrypt("RSA-OAEP", oaep.publicKey, data);
  assertEquals(c.byteLength, 128);
  assertEquals(new TextDecoder().decode(await subtle.decrypt("RSA-OAEP", oaep.privateKey, c)), "secret message");
  const label = new Uint8Array([0, 255, 1, 254]);
  const cl = await subtle.encrypt({ name: "RSA-OAEP", label }, oaep.publicKey, data);
  assertEquals(hex(await subtle.decrypt({ name: "RSA-OAEP", label }, oaep.privateKey, cl)), hex(data));
  await rejects(subtle.decrypt({ name: "RSA-OAEP", label: new Uint8Array([1]) }, oaep.privateKey, cl), "OperationError", "wrong label");
  await rejects(subtle.decrypt("RSA-OAEP", oaep.privateKey, cl), "OperationError", "label missing");
  const bad = new Uint8Array(c);
  bad[10] ^= 1;
  await rejects(subtle.decrypt("RSA-OAEP", oaep.privateKey, bad), "OperationError", "tampered");
  await rejects(subtle.decrypt("RSA-OAEP", oaep.privateKey, c.slice(1)), "OperationError", "short");
  // The largest message for a 1024-bit key and SHA-256 is 128 - 2*32 - 2 = 62 bytes.
  await subtle.encrypt("RSA-OAEP", oaep.publicKey, new Uint8Array(62));
  await rejects(subtle.encrypt("RSA-OAEP", oaep.publicKey, new Uint8Array(63)), "OperationError");
  await rejects(subtle.encrypt("RSA-OAEP", oaep.privateKey, data), "InvalidAccessError");
  // Wrapping an AES key (a JWK would be longer than the 62 bytes a 1024-bit key can hold).
  const aes = await subtle.generateKey({ name: "AES-GCM", length: 128 }, true, ["encrypt"]);
  const wrapped = await subtle.wrapKey("raw", aes, oaep.publicKey, { name: "RSA-OAEP" });
  const back = await subtle.unwrapKey("raw", wrapped, oaep.privateKey, "RSA-OAEP", "AES-GCM", true, ["encrypt"]);
  assertEquals(hex(await subtle.exportKey("raw", back)), hex(await subtle.exportKey("raw", aes)));
  await rejects(subtle.wrapKey("jwk", aes, oaep.publicKey, { name: "RSA-OAEP" }), "OperationError", "too long for the key");
}

export async function rsa_formats() {
  const { pkcs1, pss, oaep } = await rsa();
  for (const pair of [pkcs1, pss, oaep]) {
    const { name, hash } = pair.publicKey.algorithm;
    const spki = await subtle.exportKey("spki", pair.publicKey);
    const pkcs8 = await subtle.exportKey("pkcs8", pair.privateKey);
    const jwkPub = await subtle.exportKey("jwk", pair.publicKey);
    const jwkPriv = await subtle.exportKey("jwk", pair.privateKey);
    assertEquals(new Uint8Array(spki)[0], 0x30);
    const alg = { "RSASSA-PKCS1-v1_5": "RS", "RSA-PSS": "PS" }[name];
    const wantAlg = alg ? alg + hash.name.slice(4) : hash.name === "SHA-1" ? "RSA-OAEP" : `RSA-OAEP-${hash.name.slice(4)}`;
    assertEquals(Object.keys(jwkPub), ["kty", "key_ops", "alg", "ext", "n", "e"]);
    assertEquals([jwkPub.kty, jwkPub.alg, jwkPub.ext, jwkPub.e], ["RSA", wantAlg, true, "AQAB"]);
    assertEquals(jwkPub.key_ops, pair.publicKey.usages);
    // workerd's member order (its JsonWebKey struct): d comes before n and e.
    assertEquals(Object.keys(jwkPriv), ["kty", "key_ops", "alg", "ext", "d", "n", "e", "p", "q", "dp", "dq", "qi"]);
    const pub2 = await subtle.importKey("spki", spki, { name, hash }, true, pair.publicKey.usages);
    const priv2 = await subtle.importKey("pkcs8", pkcs8, { name, hash }, true, pair.privateKey.usages);
    const pub3 = await subtle.importKey("jwk", jwkPub, { name, hash }, true, pair.publicKey.usages);
    const priv3 = await subtle.importKey("jwk", jwkPriv, { name, hash }, true, pair.privateKey.usages);
    assertEquals(hex(await subtle.exportKey("spki", pub2)), hex(spki));
    assertEquals(hex(await subtle.exportKey("pkcs8", priv2)), hex(pkcs8));
    assertEquals(await subtle.exportKey("jwk", pub3), jwkPub);
    assertEquals(await subtle.exportKey("jwk", priv3), jwkPriv);
    assertEquals(priv3.algorithm.modulusLength, 1024);
    await rejects(subtle.exportKey("raw", pair.publicKey), "NotSupportedError");
    await rejects(subtle.exportKey("spki", pair.privateKey), "InvalidAccessError");
    await rejects(subtle.exportKey("pkcs8", pair.publicKey), "InvalidAccessError");
    await rejects(subtle.importKey("raw", spki, { name, hash }, true, pair.publicKey.usages), "NotSupportedError");
    await rejects(subtle.importKey("spki", pkcs8, { name, hash }, true, pair.publicKey.usages), "DataError");
    await rejects(subtle.importKey("pkcs8", spki, { name, hash }, true, pair.privateKey.usages), "DataError");
    await rejects(subtle.importKey("spki", spki, { name, hash }, true, pair.privateKey.usages), "SyntaxError");
    await rejects(subtle.importKey("jwk", { ...jwkPub, alg: "RS1024" }, { name, hash }, true, pair.publicKey.usages), "DataError");
    await rejects(subtle.importKey("jwk", { ...jwkPriv, dp: jwkPriv.dq }, { name, hash }, true, pair.privateKey.usages), "DataError");
    await rejects(subtle.importKey("jwk", { ...jwkPriv, q: undefined }, { name, hash }, true, pair.privateKey.usages), "DataError");
    await rejects(subtle.importKey("jwk", { ...jwkPub, n: "%%%" }, { name, hash }, true, pair.publicKey.usages), "DataError");
  }
  // A key exported non-extractable cannot be exported.
  const spki = await subtle.exportKey("spki", pkcs1.publicKey);
  const hidden = await subtle.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
  assertEquals(hidden.extractable, false);
  await rejects(subtle.exportKey("spki", hidden), "InvalidAccessError");
}

export async function rsa_large_keys() {
  // A 4608-bit key (over the 4096 bits the rsa crate takes by default) made elsewhere, and its
  // PKCS#1 v1.5 SHA-256 signature of "hello": importing and verifying work; generating keys that
  // long does not (one uninterruptible native call of many seconds).
  const spki = Uint8Array.from(atob("MIICYjANBgkqhkiG9w0BAQEFAAOCAk8AMIICSgKCAkEAnXf7n+73Sy0aXqJFRcWfjMaYEG2lawNRTETTuNIi/0rBo1ZrlRoT6hFBKTYc17lgohKyusCcGiupYFKZuLCd+62RX854D4nOX2O3gbEZhrsgncfw32yiqVSk5dpTteXXdCO/gPCgw0w5yYHsfk2OnqRVmVBnoFSYeSxpKu1H9yjv5gmxJHVTFsP8Mk8S0OaJRC/mqLRKxBuG+k6L7b7wqccibt9ZolPZRtu7oIu85rDKGTHZXUqzYQSKX524dhlzltsh9B32nWITrvpfSRVWN/DSDib5vAvLWcIvjZIUFv4yrJymzGipCluVRE9Te+vUGTjJW+1U5Z9tulLL7SbS+gnMz8+MLMpZvyozx+Poy1J6ETtm1FbdjV7ZkgJ4CazFdq2JZvdrKQqMMg1JME0MT5ByCZI2AXaOBEYg5IpAlDRNXcw0hkCYSR5jgXAIAcINPWjNIcfBEpg6D88MXJgi0Z9WLILo5/0vTtEd2U+IDCqB8crH1bydgYUUO+0y49WtXsNzHWYBTqcoW7m4Y/9fxqXlcQEC2RXBELgTzGWfmh8M1uufqGyYSg85j9XXFFJKA6Cr1JUuIIpno1v2hfEA6qZg3juoYIjItOkNHlg1UcjbdOr8qND2eB0RP124mSOM5SUz3wxg+2ISELBCVyJsApjrwKNKS2nEqtIBk10mVeJ9az7+WRe9+mvNvOUBMHDfrSyBEXeBPlhtq7nb5ssiZiuPCklQehepzURF/OIoP/sbxv4icctj9D0Yf8iQqRbdAgMBAAE="), (c) => c.charCodeAt(0));
  const sig = Uint8Array.from(atob("Mph4kTznPX7anUVvShz0+CAVR7B3X3zsiwrAq0jveb7gxP82Ha0tS+UywuJO74UzLP88f/JaVgQmTV8ETxyv43xet7UDRgOJ/xh/Yw1cYfUV/8CRzf03A6GWOc6V1lmG/Khg3prB7/TKIoOLA8Eqvq0oIjd8gpMDvXqOml7DOD2nXnewxIyTIRTDa5dk8QgKHuDGtJ4WyhWYYOOAKv+lmBOiMQcJarUKDy0JzdePL8k/sXUwqHaTJ2oqnSEZPa4HjGB+GUdD6E6Kv8SPoXMxJXK7VtotvUcqEwOWJp0+KP8F9kpLOtzOlJoFwOoZfaDm4tDAVWW8Yi72csP/7EztbLYQKFy+EBvy/o8HF1WOVE+fY4PSPIMrFGmxPzNOjN7OuaQfGa6f2J0V79AIDMWmGDojNZ19nr/AJVW2blZa5r+kPiw6fG+xn+I9jsq8ERG4Sd5cRYWMoKE5cj4TjZViS4JvPFlqYKO49iEm5dNLOO8LXN0IE/jo2s5E6x29s16+zj2qBXQ9Aw2rjyrGYSMDl4f3qUaJXjA5VEccKawJgGHyuHGT6dMGA3+NGceae5Qxl8vXuzrWYpKJYZtixMDQTA9nMMiFbgPb0oEMadqlzjIQrSthQG78ejJDX0HCCFFwo/EXucsHp8ZRnSZz4FMfSP39KvLQXwZW1U1w35NRoUDc1JvFFN7FAsNHK5LqEdb6d56vd+jHe8zdn6ElhCdvColMo2fH/n3S9SgUd6rbGsAYVI1Y0zhrWD7eQLL+JLL5"), (c) => c.charCodeAt(0));
  const key = await subtle.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
  assertEquals(key.algorithm.modulusLength, 4608);
  assertEquals(await subtle.verify("RSASSA-PKCS1-v1_5", key, sig, enc("hello")), true);
  assertEquals(await subtle.verify("RSASSA-PKCS1-v1_5", key, sig, enc("hellO")), false);
  const jwk = await subtle.exportKey("jwk", key);
  const again = await subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
  assertEquals(hex(await subtle.exportKey("spki", again)), hex(spki));
  await rejects(subtle.generateKey({ name: "RSA-PSS", modulusLength: 4224, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign"]), "OperationError");
}

// ------------------------------------------------------------------------------------------------
// ECDSA and ECDH

export async function ecdsa_round_trips() {
  for (const [namedCurve, size] of [["P-256", 64], ["P-384", 96], ["P-521", 132]]) {
    const pair = await subtle.generateKey({ name: "ECDSA", namedCurve }, true, ["sign", "verify"]);
    assertEquals(JSON.stringify(pair.privateKey.algorithm), JSON.stringify({ name: "ECDSA", namedCurve }));
    const data = enc("data to sign");
    for (const hash of ["SHA-1", "SHA-256", "SHA-384", "SHA-512"]) {
      const sig = await subtle.sign({ name: "ECDSA", hash }, pair.privateKey, data);
      assertEquals(sig.byteLength, size, `${namedCurve} r || s`);
      assertEquals(await subtle.verify({ name: "ECDSA", hash }, pair.publicKey, sig, data), true, `${namedCurve} ${hash}`);
      assertEquals(await subtle.verify({ name: "ECDSA", hash }, pair.publicKey, sig, enc("other")), false);
      assertEquals(await subtle.verify({ name: "ECDSA", hash }, pair.publicKey, sig.slice(1), data), false, "wrong length");
    }
    await rejects(subtle.sign({ name: "ECDSA" }, pair.privateKey, data), "TypeError", "hash is required");
    await rejects(subtle.sign({ name: "ECDSA", hash: "MD5" }, pair.privateKey, data), "NotSupportedError");
  }
  await rejects(subtle.generateKey({ name: "ECDSA", namedCurve: "P-192" }, true, ["sign"]), "NotSupportedError");
  await rejects(subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["deriveBits"]), "SyntaxError");
  await rejects(subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]), "SyntaxError");
}

export async function ec_formats() {
  for (const name of ["ECDSA", "ECDH"]) {
    for (const namedCurve of ["P-256", "P-384", "P-521"]) {
      const usages = name === "ECDSA" ? ["sign", "verify"] : ["deriveKey", "deriveBits"];
      const pubUsages = name === "ECDSA" ? ["verify"] : [];
      const privUsages = name === "ECDSA" ? ["sign"] : ["deriveKey", "deriveBits"];
      const pair = await subtle.generateKey({ name, namedCurve }, true, usages);
      assertEquals(pair.publicKey.usages, pubUsages);
      const alg = { name, namedCurve };
      const raw = new Uint8Array(await subtle.exportKey("raw", pair.publicKey));
      assertEquals(raw[0], 4, "uncompressed point");
      const spki = await subtle.exportKey("spki", pair.publicKey);
      const pkcs8 = await subtle.exportKey("pkcs8", pair.privateKey);
      const jwkPub = await subtle.exportKey("jwk", pair.publicKey);
      const jwkPriv = await subtle.exportKey("jwk", pair.privateKey);
      assertEquals(Object.keys(jwkPub), ["kty", "key_ops", "ext", "crv", "x", "y"], "no alg for EC keys");
      assertEquals(Object.keys(jwkPriv), ["kty", "key_ops", "ext", "crv", "x", "y", "d"]);
      assertEquals([jwkPub.kty, jwkPub.crv], ["EC", namedCurve]);
      const fromRaw = await subtle.importKey("raw", raw, alg, true, pubUsages);
      const fromSpki = await subtle.importKey("spki", spki, alg, true, pubUsages);
      const fromJwk = await subtle.importKey("jwk", jwkPub, alg, true, pubUsages);
      for (const k of [fromRaw, fromSpki, fromJwk]) assertEquals(hex(await subtle.exportKey("raw", k)), hex(raw));
      const priv1 = await subtle.importKey("pkcs8", pkcs8, alg, true, privUsages);
      const priv2 = await subtle.importKey("jwk", jwkPriv, alg, true, privUsages);
      assertEquals(await subtle.exportKey("jwk", priv1), jwkPriv);
      assertEquals(hex(await subtle.exportKey("pkcs8", priv2)), hex(await subtle.exportKey("pkcs8", priv1)));
      await rejects(subtle.exportKey("raw", pair.privateKey), "InvalidAccessError");
      await rejects(subtle.importKey("raw", raw.slice(1), alg, true, pubUsages), "DataError");
      const other = namedCurve === "P-256" ? "P-384" : "P-256";
      await rejects(subtle.importKey("spki", spki, { name, namedCurve: other }, true, pubUsages), "DataError");
      await rejects(subtle.importKey("pkcs8", pkcs8, { name, namedCurve: other }, true, privUsages), "DataError");
      await rejects(subtle.importKey("jwk", jwkPub, { name, namedCurve: other }, true, pubUsages), "DataError");
      await rejects(subtle.importKey("jwk", { ...jwkPriv, d: jwkPub.x }, alg, true, privUsages), "DataError", "d does not match");
      await rejects(subtle.importKey("jwk", { ...jwkPub, kty: "RSA" }, alg, true, pubUsages), "DataError");
      if (name === "ECDSA") {
        const es = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" }[namedCurve];
        await subtle.importKey("jwk", { ...jwkPub, alg: es }, alg, true, pubUsages);
        await rejects(subtle.importKey("jwk", { ...jwkPub, alg: "ES999" }, alg, true, pubUsages), "DataError");
        await rejects(subtle.importKey("jwk", { ...jwkPub, use: "enc" }, alg, true, pubUsages), "DataError");
      } else {
        await rejects(subtle.importKey("raw", raw, alg, true, ["deriveBits"]), "SyntaxError", "ECDH public keys have no usages");
      }
    }
  }
  // Compressed points import too (RFC 7517 A.1's P-256 key).
  const x = unb64url("MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4");
  const y = unb64url("4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM");
  const compressed = new Uint8Array([2 + (y[31] & 1), ...x]);
  const k = await subtle.importKey("raw", compressed, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
  const jwk = await subtle.exportKey("jwk", k);
  assertEquals([jwk.x, jwk.y], ["MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4", "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"]);
  // RFC 7517 A.2's private key.
  const priv = await subtle.importKey("jwk", {
    kty: "EC", crv: "P-256", x: "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4", y: "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
    d: "870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE", use: "enc", kid: "1",
  }, { name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
  assertEquals((await subtle.exportKey("jwk", priv)).d, "870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE");
}

export async function ecdh_derive() {
  for (const [namedCurve, bits] of [["P-256", 256], ["P-384", 384], ["P-521", 528]]) {
    const a = await subtle.generateKey({ name: "ECDH", namedCurve }, true, ["deriveBits", "deriveKey"]);
    const b = await subtle.generateKey({ name: "ECDH", namedCurve }, true, ["deriveBits"]);
    const ab = await subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, null);
    const ba = await subtle.deriveBits({ name: "ECDH", public: a.publicKey }, b.privateKey);
    assertEquals(ab.byteLength * 8, bits);
    assertEquals(hex(ab), hex(ba));
    const short = await subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, 100);
    assertEquals(short.byteLength, 13);
    const want = new Uint8Array(ab.slice(0, 13));
    want[12] &= 0xf0;
    assertEquals(hex(short), hex(want), "partial last byte is masked");
    await rejects(subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, bits + 8), "OperationError");
    const aes = await subtle.deriveKey({ name: "ECDH", public: b.publicKey }, a.privateKey, { name: "AES-GCM", length: 256 }, true, ["encrypt"]);
    assertEquals(hex(await subtle.exportKey("raw", aes)), hex(ab).slice(0, 64));
    await rejects(subtle.deriveBits({ name: "ECDH", public: b.privateKey }, a.privateKey, 128), "InvalidAccessError", "public must be public");
    await rejects(subtle.deriveBits({ name: "ECDH", public: "key" }, a.privateKey, 128), "TypeError");
    await rejects(subtle.deriveBits({ name: "ECDH" }, a.privateKey, 128), "TypeError");
    await rejects(subtle.deriveKey({ name: "ECDH", public: b.publicKey }, b.privateKey, { name: "AES-GCM", length: 256 }, true, ["encrypt"]), "InvalidAccessError", "no deriveKey usage");
  }
  const p256 = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
  const p384 = await subtle.generateKey({ name: "ECDH", namedCurve: "P-384" }, true, ["deriveBits"]);
  await rejects(subtle.deriveBits({ name: "ECDH", public: p384.publicKey }, p256.privateKey, 128), "InvalidAccessError", "curves differ");
  const ecdsa = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  await rejects(subtle.deriveBits({ name: "ECDH", public: ecdsa.publicKey }, p256.privateKey, 128), "InvalidAccessError", "ECDSA public key");
}

// Made by another implementation (Node.js's WebCrypto, on OpenSSL): ECDSA signatures where the
// hash is longer than the curve's field (truncated) or shorter (its integer value), RSA-OAEP
// with a label, RSA-PSS, and an ECDH secret.
const INTEROP = {
  "ec": [
    {
      "curve": "P-256",
      "hash": "SHA-512",
      "raw": "BO31py9ZQ70Q2iNI+V4XtR7AKy7+fSgCw2gfru1en1n8sd6b8Fd59EqjsmUTB3gLgKLLgwQy7IgC69zX+GT2Sac=",
      "sig": "Nfa47XRB4quOnXMn8dZwzLeOIquWPpIE4vJIS+N6Q2ct7mAkOhgjt/0jeM41aDcijUZh//MQxZPAz90rfPUYnA=="
    },
    {
      "curve": "P-384",
      "hash": "SHA-1",
      "raw": "BDS+LTIy360bdbtMOk9jlJUojTPP27qKf+iRPXmEy8h2Egt94uDjgSSrMvv9qraBFPtg9G9xRzp9rkrymiwGHmDF+vzdUl+jfvP7Y875JdAd+hzoMzXiQCYR0OIGz4EArQ==",
      "sig": "429zY19xe/5Q7TaVPHYwugROcWrv41xcpmO/h+PA9qPvns5Uth7e1mVmGVV0BLfhCaO69MY1DBc/NrxEmKX3f4+mT5kh89eg5W8Hpgt+RiBUhZbuRFsN/dEC/Yh9dX3U"
    },
    {
      "curve": "P-521",
      "hash": "SHA-1",
      "raw": "BAEOwQN/royMhbHefXmU8D+zZLjojKS+pl0wv3hCxX0np51UDOvLLE+1HMlxSyC/yLfm0P5yaKZuQr6rSs/wfSSrNgCnAr5z5DKHC9P3oLzYq7yj7Uwv2KroBouXBioGJCKDwsZ44+DG7F1RbP7qTcLHCPdA3/Dvo+5qXVpENBdF2EM+Vw==",
      "sig": "Aa4qr+ATIyhdwrZTpXY3keycHga2puo+ShLwSS0JcUfVqMCTnLTAJgDeWigPvyEpLIy6i3ik5BXnKYboyKRYa9nxAal73PngaKnqGKSSJUXIJS+6SeSwG3V8RuQDb06hcExaMTViNyKgo2CXfdORGFk7QBhJUuIaycyfvaQfWcfKv4Z6"
    },
    {
      "curve": "P-521",
      "hash": "SHA-512",
      "raw": "BAHFKSQ83GkbcloqRYppCWVrIksMthoE8G1yaVkA++j+JjsZ/aR/rGAP4qshDP/6n2s1vwZeQ/6Bk9p0RglMQx+PiQE1/w8ltuPq1i4sDqyB6K80ldNX2a/+6FWhZPoy8PXY7FJey0XleFC+vSorgnQDn+TgNiimhHb97ESDU/DpbFp24Q==",
      "sig": "AGoZU0Wnprgkwy6GVXqRcquVXn88wujvv/gwNXD69kLhTNvE6PCIMac8Uvua9JNkmoL4TIFUghISRcRwbGMzQiw7AJw6oNbZtFRula9cozsOleDCQAWDKvTa5NMa4nRSpiCKdilGXRT+jqtM6U0UkC8VCo/foTf4rpxBcIDjJw3z5WJt"
    }
  ],
  "oaep": {
    "pkcs8": "MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAP1MYOr+vAddDJ2PXWHKkeZ+AdJyFh0yrv/8RRoEa5Y9ue+kM9m9ojOeozQFvi3bDZNZt/nSM5/dh/dF2uH/rWQZI7/Qg+oQeManEtj/mln3TdW2Qhx/lNxp0H373MjQSUvlT/0jyu07QqAD2/9Tw9M3WrBOuCfmAegzzY0dxLUtAgMBAAECgYEAtrBz5om7zAPMqYdRbsrP2FJhtgsa8AwyM+cbX9x4THBQvwrLauxfJKPySf8qX6BydihrjP+SxGbfPfVgHUhvISe8TizPHDCUeDjj9OCumYqJfBFfPUDNlpEBJnimqm0sgu0b48xr/kTqpcLkktNT4+/qnmpOlVQ1vrmyncguRAECQQD/eVjvGUJJKBuwPqqCGeZSrkS8A+Xd90tdlgkNITVwCzeyB8RRmpzV0IhYLk7xy2Z5Tnsdn2/A0eKJbVbB9qltAkEA/dHibC/2hx86FsKaTppI1FUB5RpeDxwxwbp4bqwibBkp1WXldRnVjuIk8S9Fn97dlvPYW5hoPAEly7sNEviiwQJAYIW/hS687Zj6xR8YGumgLNLs40Bxw+hgEC7UoqJOZ1PFqjzm/pH0+Y+9Q9vTNeXMhL6TI4EOnwJtndCyu7vvDQJAeYlHhxBMVpUwRne2VY7w8qMlviMrCMcyWBZG1o+cB/DgpCsffTv6k2lb0RUWnJ+lsUNfxTQsLRdLlsshToU5wQJBANPvjJJC+kj0i9WLdBdq3B1+FGBvfoPhak5cMwxCG8EkB0dZ2VrffJTrwoEQtTYXH6FfqNrpuf3s+GPQz/+G/F4=",
    "ct": "Ha0qbVk2ab65MksLeNXUdqRfAwNLw9j5NrL0Iz+BdL1Ud6qe7ZdOiph358Rhu9F0CX9SfdKjqeODpWVpc0t6F4+7UGo0Ie4Lz7VGXJ0/kx4abUchnqtgvOA1LjHe+jKvmhhL3Y9kv/zNUBxGvebDB+zd31MnGXZ4Ugr4cDMDy10="
  },
  "pss": {
    "sig": "qKVXRA7TWIStx2jI98c3ovToNUJiaFsbknjXgYo/casgUoZ+N+UR97HeEcNPFsZqseirn1LgkUowpKDyxhcMYL/G84pPHl2Gn51689NY2rF1z9ZmLVCWsypUdm/eCSlukJDqCW8sNsWadWeDJO7Dowtew8XOzGNNlTYxowpfg/A=",
    "spki": "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQD9TGDq/rwHXQydj11hypHmfgHSchYdMq7//EUaBGuWPbnvpDPZvaIznqM0Bb4t2w2TWbf50jOf3Yf3Rdrh/61kGSO/0IPqEHjGpxLY/5pZ903VtkIcf5TcadB9+9zI0ElL5U/9I8rtO0KgA9v/U8PTN1qwTrgn5gHoM82NHcS1LQIDAQAB"
  },
  "ecdh": {
    "a": "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDC+L/tM9d/OOOfa5VV2OsxKSNiZC8uWSp8LSjooWzlbfvKkxjyXqFnp1eP8dPSTMyKhZANiAASMvZMnY+NcQ5GHNuEeyTvYvXyUNzAR6rqfGUDxl71r0A+asIKx3plrLHeQFcuGL59WlnwBL9HQA+ADK2t4B7uq9VNnFZF0OzYaO/+510RtiJ1+OjmgwebLJpS5toU4CWY=",
    "b": "BF0yAjCde7EvRrM5a0iTS0fFBz/3+x+inAwsi66nQv3mmKyKe3Uv9qbPwE1iuH8X3VDO/fuePDKie6uHbuadK/2lHDvCw8Z7yyn4hHhep1VedxPegz/6Edny9DO+uDVXHA==",
    "shared": "e733d59c667e0ca5026ae57ea1ffc4b0e15392070aaf8d73da6ecfee901adaecfada32ef4da26807f69e0902f0daf795"
  }
};
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

export async function interop_other_implementation() {
  const msg = enc("interop message");
  for (const { curve, hash, raw, sig } of INTEROP.ec) {
    const key = await subtle.importKey("raw", unb64(raw), { name: "ECDSA", namedCurve: curve }, false, ["verify"]);
    assertEquals(await subtle.verify({ name: "ECDSA", hash }, key, unb64(sig), msg), true, `${curve} ${hash}`);
    assertEquals(await subtle.verify({ name: "ECDSA", hash }, key, unb64(sig), enc("other")), false);
  }
  const oaep = await subtle.importKey("pkcs8", unb64(INTEROP.oaep.pkcs8), { name: "RSA-OAEP", hash: "SHA-256" }, false, ["decrypt"]);
  assertEquals(hex(await subtle.decrypt({ name: "RSA-OAEP", label: new Uint8Array([1, 2, 3]) }, oaep, unb64(INTEROP.oaep.ct))), hex(msg));
  const pss = await subtle.importKey("spki", unb64(INTEROP.pss.spki), { name: "RSA-PSS", hash: "SHA-256" }, false, ["verify"]);
  assertEquals(await subtle.verify({ name: "RSA-PSS", saltLength: 32 }, pss, unb64(INTEROP.pss.sig), msg), true);
  const a = await subtle.importKey("pkcs8", unb64(INTEROP.ecdh.a), { name: "ECDH", namedCurve: "P-384" }, false, ["deriveBits"]);
  const b = await subtle.importKey("raw", unb64(INTEROP.ecdh.b), { name: "ECDH", namedCurve: "P-384" }, false, []);
  assertEquals(hex(await subtle.deriveBits({ name: "ECDH", public: b }, a, 384)), INTEROP.ecdh.shared);
}

// ------------------------------------------------------------------------------------------------
// Ed25519 and X25519

const RFC8032 = [
  ["9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"],
  ["4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"],
];

export async function ed25519_rfc8032() {
  for (const [secret, pub, msg, sig] of RFC8032) {
    const priv = await subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", d: b64url(unhex(secret)), x: b64url(unhex(pub)) }, "Ed25519", true, ["sign"]);
    const pubKey = await subtle.importKey("raw", unhex(pub), { name: "Ed25519" }, true, ["verify"]);
    assertEquals(hex(await subtle.sign("Ed25519", priv, unhex(msg))), sig);
    assertEquals(await subtle.verify("Ed25519", pubKey, unhex(sig), unhex(msg)), true);
    const bad = unhex(sig);
    bad[63] ^= 1;
    assertEquals(await subtle.verify("Ed25519", pubKey, bad, unhex(msg)), false);
    assertEquals(await subtle.verify("Ed25519", pubKey, unhex(sig).slice(1), unhex(msg)), false);
  }
  // RFC 8037 A.1 and A.4: the same key as JWK, signing a JWS.
  const jwk = { kty: "OKP", crv: "Ed25519", d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" };
  const k = await subtle.importKey("jwk", jwk, "Ed25519", true, ["sign"]);
  const sig = await subtle.sign("Ed25519", k, enc("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"));
  assertEquals(b64url(sig), "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
  assertEquals(await subtle.exportKey("jwk", k), { kty: "OKP", key_ops: ["sign"], alg: "EdDSA", ext: true, crv: "Ed25519", x: jwk.x, d: jwk.d });
  await subtle.importKey("jwk", { ...jwk, alg: "EdDSA" }, "Ed25519", true, ["sign"]);
  await subtle.importKey("jwk", { ...jwk, alg: "Ed25519" }, "Ed25519", true, ["sign"]);
  await rejects(subtle.importKey("jwk", { ...jwk, alg: "ES256" }, "Ed25519", true, ["sign"]), "DataError");
  await rejects(subtle.importKey("jwk", { ...jwk, crv: "X25519" }, "Ed25519", true, ["sign"]), "DataError");
  await rejects(subtle.importKey("jwk", { ...jwk, x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURA" }, "Ed25519", true, ["sign"]), "DataError", "x does not match d");
  await rejects(subtle.importKey("raw", new Uint8Array(31), "Ed25519", true, ["verify"]), "DataError");
}

export async function ed25519_keys() {
  const pair = await subtle.generateKey("Ed25519", true, ["sign", "verify"]);
  assertEquals(JSON.stringify(pair.publicKey.algorithm), '{"name":"Ed25519"}');
  const data = enc("message");
  const sig = await subtle.sign({ name: "ed25519" }, pair.privateKey, data);
  assertEquals(sig.byteLength, 64);
  assertEquals(await subtle.verify("Ed25519", pair.publicKey, sig, data), true);
  const raw = await subtle.exportKey("raw", pair.publicKey);
  const spki = await subtle.exportKey("spki", pair.publicKey);
  const pkcs8 = await subtle.exportKey("pkcs8", pair.privateKey);
  assertEquals(raw.byteLength, 32);
  assertEquals(hex(spki), "302a300506032b6570032100" + hex(raw), "RFC 8410 SubjectPublicKeyInfo");
  assertEquals(pkcs8.byteLength, 48);
  assertEquals(hex(pkcs8).slice(0, 32), "302e020100300506032b657004220420", "RFC 8410 PrivateKeyInfo");
  const pub2 = await subtle.importKey("spki", spki, "Ed25519", true, ["verify"]);
  const priv2 = await subtle.importKey("pkcs8", pkcs8, "Ed25519", true, ["sign"]);
  assertEquals(hex(await subtle.exportKey("raw", pub2)), hex(raw));
  assertEquals(await subtle.verify("Ed25519", pub2, await subtle.sign("Ed25519", priv2, data), data), true);
  await rejects(subtle.importKey("spki", spki, "X25519", true, []), "DataError", "OID differs");
  await rejects(subtle.importKey("pkcs8", spki, "Ed25519", true, ["sign"]), "DataError");
  await rejects(subtle.generateKey("Ed25519", true, ["verify"]), "SyntaxError");
  await rejects(subtle.generateKey("Ed25519", true, ["encrypt"]), "SyntaxError");
}

export async function node_ed25519_alias() {
  const alg = { name: "NODE-ED25519", namedCurve: "NODE-ED25519" };
  const [secret, pub, msg, sig] = RFC8032[1];
  const k = await subtle.importKey("raw", unhex(pub), alg, true, ["verify"]);
  assertEquals(JSON.stringify(k.algorithm), '{"name":"NODE-ED25519","namedCurve":"NODE-ED25519"}');
  assertEquals(await subtle.verify(alg, k, unhex(sig), unhex(msg)), true);
  assertEquals(await subtle.verify("NODE-ED25519", k, unhex(sig), unhex(msg)), true);
  const priv = await subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", d: b64url(unhex(secret)), x: b64url(unhex(pub)) }, alg, true, ["sign"]);
  assertEquals(hex(await subtle.sign(alg, priv, unhex(msg))), sig);
  assertEquals((await subtle.exportKey("jwk", priv)).alg, undefined, "no alg, as in workerd");
  const pair = await subtle.generateKey(alg, false, ["sign", "verify"]);
  assertEquals(pair.privateKey.algorithm.name, "NODE-ED25519");
  await rejects(subtle.generateKey({ name: "NODE-ED25519", namedCurve: "P-256" }, false, ["sign"]), "NotSupportedError");
  await rejects(subtle.verify("Ed25519", k, unhex(sig), unhex(msg)), "InvalidAccessError", "names differ");
}

export async function x25519_rfc7748() {
  const alice = await subtle.importKey("pkcs8",
    unhex("302e020100300506032b656e04220420" + "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"), "X25519", true, ["deriveBits", "deriveKey"]);
  const alicePub = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
  const bob = await subtle.importKey("jwk", {
    kty: "OKP", crv: "X25519",
    d: b64url(unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")),
    x: b64url(unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")),
  }, { name: "X25519" }, true, ["deriveBits"]);
  const bobPub = await subtle.importKey("raw", unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), "X25519", true, []);
  const alicePubKey = await subtle.importKey("spki", unhex("302a300506032b656e032100" + alicePub), "X25519", true, []);
  const shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
  assertEquals(hex(await subtle.deriveBits({ name: "X25519", public: bobPub }, alice, 256)), shared);
  assertEquals(hex(await subtle.deriveBits({ name: "X25519", public: alicePubKey }, bob, null)), shared);
  assertEquals(hex(await subtle.deriveBits({ name: "X25519", public: alicePubKey }, bob, 64)), shared.slice(0, 16));
  assertEquals((await subtle.exportKey("jwk", alice)).x, b64url(unhex(alicePub)), "public half computed from d");
  assertEquals(Object.keys(await subtle.exportKey("jwk", alice)), ["kty", "key_ops", "ext", "crv", "x", "d"], "no alg");
  // A small-order public key gives an all-zero secret.
  const zero = await subtle.importKey("raw", new Uint8Array(32), "X25519", true, []);
  await rejects(subtle.deriveBits({ name: "X25519", public: zero }, alice, 256), "OperationError");
  await rejects(subtle.deriveBits({ name: "X25519", public: alice }, alice, 256), "InvalidAccessError");
  const pair = await subtle.generateKey("X25519", false, ["deriveKey"]);
  assertEquals(pair.publicKey.usages, []);
  assertEquals(pair.privateKey.usages, ["deriveKey"]);
  const key = await subtle.deriveKey({ name: "X25519", public: bobPub }, pair.privateKey, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
  assertEquals(key.algorithm.length, 256);
  await rejects(subtle.importKey("raw", new Uint8Array(32), "X25519", true, ["deriveBits"]), "SyntaxError");
}

// ------------------------------------------------------------------------------------------------
// CryptoKey, JWK checks and errors common to every operation

export async function crypto_key_shape() {
  assertThrows(() => new CryptoKey(), TypeError);
  const k = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]);
  assertEquals(Object.prototype.toString.call(k), "[object CryptoKey]");
  // As in workerd: four own data properties, in this order; nothing else is reachable.
  assertEquals(Object.keys(k), ["usages", "algorithm", "extractable", "type"]);
  assertEquals(Object.getOwnPropertyNames(k), ["usages", "algorithm", "extractable", "type"]);
  assertEquals(Object.getOwnPropertySymbols(k), []);
  assertEquals(Object.getOwnPropertyNames(CryptoKey.prototype), ["constructor"]);
  assertEquals(JSON.stringify(k), '{"usages":["encrypt"],"algorithm":{"name":"AES-GCM","length":128},"extractable":false,"type":"secret"}');
  // Changing them changes nothing about the key.
  k.usages.push("decrypt");
  k.extractable = true;
  k.algorithm.name = "AES-CBC";
  await rejects(subtle.exportKey("raw", k), "InvalidAccessError");
  await rejects(subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, new Uint8Array(16)), "InvalidAccessError");
  await subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, new Uint8Array(16));
  // Keys cannot be cloned (as in workerd).
  assertEquals(assertThrows(() => structuredClone(k), DOMException).name, "DataCloneError");
  assertEquals(assertThrows(() => structuredClone({ k }), DOMException).name, "DataCloneError");
  // A look-alike is not a key.
  const fake = Object.create(CryptoKey.prototype, Object.getOwnPropertyDescriptors(k));
  await rejects(subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, fake, new Uint8Array(16)), "TypeError");
  for (const method of ["encrypt", "decrypt", "sign", "verify", "digest", "generateKey", "deriveKey", "deriveBits", "importKey", "exportKey", "wrapKey", "unwrapKey", "timingSafeEqual"]) {
    assert(typeof SubtleCrypto.prototype[method] === "function", method);
  }
  assertEquals(SubtleCrypto.prototype.unwrapKey.length, 7);
  assertEquals(SubtleCrypto.prototype.deriveBits.length, 2);
}

export async function usage_and_algorithm_errors() {
  const aes = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", true, ["encrypt"]);
  await rejects(subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, aes, new Uint8Array(32)), "InvalidAccessError", "no decrypt usage");
  await rejects(subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, aes, new Uint8Array(16)), "InvalidAccessError", "other algorithm");
  await rejects(subtle.sign("HMAC", aes, new Uint8Array(1)), "InvalidAccessError");
  await rejects(subtle.encrypt({ name: "AES-XYZ" }, aes, new Uint8Array(1)), "NotSupportedError");
  await rejects(subtle.encrypt("ECDSA", aes, new Uint8Array(1)), "NotSupportedError", "ECDSA does not encrypt");
  await rejects(subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, {}, new Uint8Array(1)), "TypeError", "not a CryptoKey");
  await rejects(subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, aes, "text"), "TypeError");
  await rejects(subtle.encrypt({ name: "AES-GCM", iv: "000000000000" }, aes, new Uint8Array(1)), "TypeError");
  await rejects(subtle.encrypt({ iv: new Uint8Array(12) }, aes, new Uint8Array(1)), "TypeError", "no name");
  await rejects(subtle.importKey("raw", new Uint8Array(16), "AES-GCM", true, ["encrypt", "sign"]), "SyntaxError");
  await rejects(subtle.importKey("raw", new Uint8Array(16), "AES-GCM", true, []), "SyntaxError");
  await rejects(subtle.importKey("raw", new Uint8Array(16), "AES-GCM", true, ["bogus"]), "SyntaxError", "unknown usage (workerd: SyntaxError)");
  await rejects(subtle.importKey("raw", new Uint8Array(16), "AES-GCM", true, "encrypt"), "TypeError");
  await rejects(subtle.importKey("der", new Uint8Array(16), "AES-GCM", true, ["encrypt"]), "NotSupportedError", "unknown format (workerd: NotSupportedError)");
  await rejects(subtle.importKey("raw", "0000", "AES-GCM", true, ["encrypt"]), "TypeError");
  await rejects(subtle.importKey("jwk", new Uint8Array(16), "AES-GCM", true, ["encrypt"]), "TypeError");
  await rejects(subtle.importKey("jwk", "{}", "AES-GCM", true, ["encrypt"]), "TypeError");
  await rejects(subtle.importKey("raw", new Uint8Array(16), "RSA-OAEP", true, ["encrypt"]), "TypeError", "hash required");
  await rejects(subtle.importKey("raw", new Uint8Array(16), "AES-GCM"), "TypeError", "argument count");
  await rejects(subtle.generateKey({ name: "AES-GCM", length: 128 }, true), "TypeError");
  await rejects(subtle.generateKey({ name: "AES-GCM", length: -1 }, true, ["encrypt"]), "TypeError", "EnforceRange");
  await rejects(subtle.generateKey({ name: "AES-GCM", length: NaN }, true, ["encrypt"]), "TypeError", "EnforceRange");
  await rejects(subtle.generateKey({ name: "SHA-256" }, true, ["sign"]), "NotSupportedError");
  await rejects(subtle.generateKey("PBKDF2", false, ["deriveBits"]), "NotSupportedError");
  await rejects(subtle.exportKey("raw", {}), "TypeError");
  await rejects(subtle.exportKey("pem", aes), "NotSupportedError");
  await rejects(subtle.exportKey("spki", aes), "NotSupportedError");
  const hidden = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]);
  await rejects(subtle.exportKey("raw", hidden), "InvalidAccessError");
  await rejects(subtle.exportKey("jwk", hidden), "InvalidAccessError");
  const kw = await subtle.importKey("raw", new Uint8Array(16), "AES-KW", false, ["wrapKey"]);
  await rejects(subtle.wrapKey("raw", hidden, kw, "AES-KW"), "InvalidAccessError", "wrapping a non-extractable key");
  await rejects(subtle.wrapKey("raw", aes, aes, { name: "AES-GCM", iv: new Uint8Array(12) }), "InvalidAccessError", "no wrapKey usage");
  // Errors are DOMExceptions with the legacy codes.
  const e = await rejects(subtle.exportKey("raw", hidden), "InvalidAccessError");
  assertEquals(e.code, 15);
  assertEquals((await rejects(subtle.digest("X", new Uint8Array()), "NotSupportedError")).code, 9);
  assertEquals((await rejects(subtle.importKey("raw", new Uint8Array(3), "AES-GCM", true, ["encrypt"]), "DataError")).code, 0);
}

export async function jwk_checks() {
  const k = "AAECAwQFBgcICQoLDA0ODw";
  const ok = (jwk, usages = ["encrypt"], extractable = true) => subtle.importKey("jwk", jwk, "AES-CBC", extractable, usages);
  await ok({ kty: "oct", k });
  await ok({ kty: "oct", k, alg: "A128CBC", use: "enc", key_ops: ["encrypt", "decrypt"], ext: true });
  await ok({ kty: "oct", k, ext: false }, ["encrypt"], false);
  await rejects(ok({ kty: "OCT", k }), "DataError", "kty");
  await rejects(ok({ k }), "DataError", "no kty");
  await rejects(ok({ kty: "oct" }), "DataError", "no k");
  await rejects(ok({ kty: "oct", k: "A" }), "DataError", "bad base64url");
  await rejects(ok({ kty: "oct", k: k + "+" }), "DataError", "base64, not base64url");
  await rejects(ok({ kty: "oct", k, use: "sig" }), "DataError");
  await rejects(ok({ kty: "oct", k, key_ops: ["decrypt"] }), "DataError", "key_ops without the usage");
  await rejects(ok({ kty: "oct", k, key_ops: ["encrypt", "encrypt"] }), "DataError", "duplicate key_ops");
  await rejects(ok({ kty: "oct", k, ext: false }), "DataError", "ext false but extractable");
  await rejects(ok({ kty: "oct", k, alg: "A256CBC" }), "DataError");
  await rejects(ok({ kty: "oct", k, key_ops: "encrypt" }), "TypeError", "key_ops must be a sequence");
  const hk = await subtle.importKey("jwk", { kty: "oct", k, alg: "HS256" }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  assertEquals(await subtle.exportKey("jwk", hk), { kty: "oct", key_ops: ["sign"], alg: "HS256", ext: true, k });
  await rejects(subtle.importKey("jwk", { kty: "oct", k, alg: "HS512" }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]), "DataError");
  // A JWK with only some usages in key_ops can still be imported for those.
  const hv = await subtle.importKey("jwk", { kty: "oct", k, key_ops: ["sign", "verify"] }, { name: "HMAC", hash: "SHA-1" }, true, ["verify"]);
  assertEquals((await subtle.exportKey("jwk", hv)).key_ops, ["verify"]);
}

export async function wrap_jwk_with_aes_gcm() {
  const wrapping = await subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["wrapKey", "unwrapKey"]);
  const ec = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, ["sign", "verify"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = await subtle.wrapKey("jwk", ec.privateKey, wrapping, { name: "AES-GCM", iv });
  const back = await subtle.unwrapKey("jwk", wrapped, wrapping, { name: "AES-GCM", iv }, { name: "ECDSA", namedCurve: "P-384" }, false, ["sign"]);
  assertEquals(back.extractable, false);
  const data = enc("wrapped");
  const sig = await subtle.sign({ name: "ECDSA", hash: "SHA-384" }, back, data);
  assertEquals(await subtle.verify({ name: "ECDSA", hash: "SHA-384" }, ec.publicKey, sig, data), true);
  // pkcs8 through AES-CBC.
  const cbc = await subtle.generateKey({ name: "AES-CBC", length: 128 }, false, ["wrapKey", "unwrapKey"]);
  const civ = new Uint8Array(16);
  const w2 = await subtle.wrapKey("pkcs8", ec.privateKey, cbc, { name: "AES-CBC", iv: civ });
  const k2 = await subtle.unwrapKey("pkcs8", w2, cbc, { name: "AES-CBC", iv: civ }, { name: "ECDSA", namedCurve: "P-384" }, true, ["sign"]);
  assertEquals((await subtle.exportKey("jwk", k2)).d, (await subtle.exportKey("jwk", ec.privateKey)).d);
  // Unwrapping bytes that are not a JWK.
  const junk = await subtle.encrypt({ name: "AES-GCM", iv }, await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]), enc("not json"));
  const junkKey = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["unwrapKey"]);
  const e = await rejects(subtle.unwrapKey("jwk", junk, junkKey, { name: "AES-GCM", iv }, "AES-GCM", true, ["encrypt"]), "SyntaxError", "JSON.parse's error, as in workerd");
  assert(!(e instanceof DOMException));
  await rejects(subtle.unwrapKey("jwk", wrapped, wrapping, { name: "AES-GCM", iv: new Uint8Array(12) }, { name: "ECDSA", namedCurve: "P-384" }, false, ["sign"]), "OperationError");
}

// ------------------------------------------------------------------------------------------------
// Cloudflare extensions

export function timing_safe_equal() {
  assertEquals(subtle.timingSafeEqual(enc("abc"), enc("abc")), true);
  assertEquals(subtle.timingSafeEqual(enc("abc"), enc("abd")), false);
  assertEquals(subtle.timingSafeEqual(new Uint8Array(0), new ArrayBuffer(0)), true);
  assertEquals(subtle.timingSafeEqual(new Uint16Array([1]).buffer, new Uint8Array([1, 0])), true);
  assertThrows(() => subtle.timingSafeEqual(enc("abc"), enc("ab")), TypeError);
  assertThrows(() => subtle.timingSafeEqual("abc", "abc"), TypeError);
  assertThrows(() => subtle.timingSafeEqual(enc("a")), TypeError);
  assertThrows(() => SubtleCrypto.prototype.timingSafeEqual.call({}, enc("a"), enc("a")), TypeError);
}

export async function digest_stream() {
  assert(crypto.DigestStream === crypto.DigestStream);
  const stream = new crypto.DigestStream("SHA-256");
  assert(stream instanceof WritableStream);
  assert(stream instanceof crypto.DigestStream);
  assert(stream.digest instanceof Promise);
  assertEquals(Object.prototype.toString.call(stream), "[object DigestStream]");
  const writer = stream.getWriter();
  await writer.write(enc("a"));
  await writer.write(enc("bc").buffer);
  await writer.write(new DataView(enc("abcdbcde").buffer, 0, 0));
  await writer.close();
  const d = await stream.digest;
  assert(d instanceof ArrayBuffer);
  assertEquals(hex(d), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assertEquals(stream.bytesWritten, 3n, "a BigInt, as in workerd");

  // Piped to, with MD5 and a dictionary algorithm.
  const md5 = new crypto.DigestStream({ name: "md5" });
  await new ReadableStream({
    start(c) {
      c.enqueue(enc("message "));
      c.enqueue(enc("digest"));
      c.close();
    },
  }).pipeTo(md5);
  assertEquals(hex(await md5.digest), "f96b697d7cb7938d525a2f31aaf161d0");

  // Strings are written as UTF-8.
  const s = new crypto.DigestStream("SHA-1");
  const w = s.getWriter();
  await w.write("abc");
  await w.close();
  assertEquals(hex(await s.digest), "a9993e364706816aba3e25717850c26c9cd0d89d");

  // An empty stream digests the empty string.
  const empty = new crypto.DigestStream("SHA-512");
  await empty.close();
  assertEquals(hex(await empty.digest).slice(0, 16), "cf83e1357eefb8bd");

  // Abort rejects the digest with the reason; a bad chunk errors the stream.
  const aborted = new crypto.DigestStream("SHA-256");
  await aborted.abort(new Error("stop"));
  assertEquals((await aborted.digest.catch((e) => e)).message, "stop");
  const bad = new crypto.DigestStream("SHA-256");
  const bw = bad.getWriter();
  await bw.write(42).then(() => assert(false), (e) => assert(e instanceof TypeError));
  assert((await bad.digest.catch((e) => e)) instanceof TypeError);

  assertThrows(() => new crypto.DigestStream("SHA-3"), DOMException);
  assertThrows(() => new crypto.DigestStream(), TypeError);
  assertThrows(() => crypto.DigestStream("SHA-256"), TypeError);
}
