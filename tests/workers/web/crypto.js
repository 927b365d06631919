// Web Crypto in a deployed Worker: a representative subset of the standards' vectors, errors,
// Cloudflare's extensions (MD5, timingSafeEqual, DigestStream, NODE-ED25519) and the flow a
// Worker typically runs: verifying JWTs signed with HS256, RS256 and ES256 (RFC 7515's examples),
// and issuing and checking its own. tests/web_crypto.rs deploys it; the full suite is
// crates/hearth-web/tests/js/subtle.js.
import { checks, assert, assertEquals, assertRejects, assertThrows, hex, unhex } from "./_checks.js";

const subtle = crypto.subtle;
const enc = (s) => new TextEncoder().encode(s);
const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64url = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

// RFC 7515 appendix A: one payload, signed three ways.
const PAYLOAD = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const HS256_TOKEN = `eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.${PAYLOAD}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk`;
const HS256_KEY = { kty: "oct", k: "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow" };
const RS256_TOKEN = `eyJhbGciOiJSUzI1NiJ9.${PAYLOAD}.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw`;
const RS256_KEY = {
  kty: "RSA",
  e: "AQAB",
  n: "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
};
const ES256_TOKEN = `eyJhbGciOiJFUzI1NiJ9.${PAYLOAD}.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q`;
const ES256_KEY = { kty: "EC", crv: "P-256", x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0" };

// What a Worker does with an incoming token: pick the algorithm from the header, import the
// issuer's JWK, verify the signature over "header.payload", then read the claims.
const JWT_ALGS = {
  HS256: { import: { name: "HMAC", hash: "SHA-256" }, verify: "HMAC" },
  RS256: { import: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, verify: "RSASSA-PKCS1-v1_5" },
  ES256: { import: { name: "ECDSA", namedCurve: "P-256" }, verify: { name: "ECDSA", hash: "SHA-256" } },
};
async function verifyJwt(token, jwk) {
  const [header, payload, signature] = token.split(".");
  const { alg } = JSON.parse(new TextDecoder().decode(unb64url(header)));
  const spec = JWT_ALGS[alg];
  if (!spec) throw new Error(`unsupported alg ${alg}`);
  const key = await subtle.importKey("jwk", jwk, spec.import, false, ["verify"]);
  const ok = await subtle.verify(spec.verify, key, unb64url(signature), enc(`${header}.${payload}`));
  return ok ? JSON.parse(new TextDecoder().decode(unb64url(payload))) : null;
}

export default checks({
  async "digests (FIPS 180, RFC 1321)"() {
    assertEquals(hex(await subtle.digest("SHA-1", enc("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
    assertEquals(hex(await subtle.digest("SHA-256", enc("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertEquals(hex(await subtle.digest({ name: "sha-384" }, enc("abc"))), "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
    assertEquals(hex(await subtle.digest("SHA-512", enc("abc"))).slice(0, 32), "ddaf35a193617abacc417349ae204131");
    assertEquals(hex(await subtle.digest("MD5", enc("message digest"))), "f96b697d7cb7938d525a2f31aaf161d0");
  },

  async "HMAC (RFC 4231 case 2)"() {
    const key = await subtle.importKey("raw", enc("Jefe"), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    const mac = await subtle.sign("HMAC", key, enc("what do ya want for nothing?"));
    assertEquals(hex(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assert(await subtle.verify("HMAC", key, mac, enc("what do ya want for nothing?")));
  },

  async "HKDF (RFC 5869 case 1) and PBKDF2 (RFC 6070, RFC 7914)"() {
    const ikm = await subtle.importKey("raw", unhex("0b".repeat(22)), "HKDF", false, ["deriveBits"]);
    const okm = await subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: unhex("000102030405060708090a0b0c"), info: unhex("f0f1f2f3f4f5f6f7f8f9") }, ikm, 336);
    assertEquals(hex(okm), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    const pw = await subtle.importKey("raw", enc("password"), "PBKDF2", false, ["deriveBits"]);
    assertEquals(hex(await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-1", salt: enc("salt"), iterations: 4096 }, pw, 160)), "4b007901b765489abead49d926f721d065a429c1");
    const pw2 = await subtle.importKey("raw", enc("passwd"), "PBKDF2", false, ["deriveBits"]);
    assertEquals(hex(await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: enc("salt"), iterations: 1 }, pw2, 512)).slice(0, 32), "55ac046e56e3089fec1691c22544b605");
  },

  async "AES-GCM (GCM test case 4), AES-CBC and AES-CTR (SP 800-38A), AES-KW (RFC 3394)"() {
    const gcm = await subtle.importKey("raw", unhex("feffe9928665731c6d6a8f9467308308"), "AES-GCM", false, ["encrypt", "decrypt"]);
    const params = { name: "AES-GCM", iv: unhex("cafebabefacedbaddecaf888"), additionalData: unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2") };
    const plain = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    const c = await subtle.encrypt(params, gcm, unhex(plain));
    assertEquals(hex(c).slice(-32), "5bc94fbc3221a5db94fae95ae7121a47");
    assertEquals(hex(await subtle.decrypt(params, gcm, c)), plain);
    const cbc = await subtle.importKey("raw", unhex("2b7e151628aed2a6abf7158809cf4f3c"), "AES-CBC", false, ["encrypt"]);
    const cc = await subtle.encrypt({ name: "AES-CBC", iv: unhex("000102030405060708090a0b0c0d0e0f") }, cbc, unhex("6bc1bee22e409f96e93d7e117393172a"));
    assertEquals(hex(cc).slice(0, 32), "7649abac8119b246cee98e9b12e9197d");
    const ctr = await subtle.importKey("raw", unhex("2b7e151628aed2a6abf7158809cf4f3c"), "AES-CTR", false, ["encrypt"]);
    const ct = await subtle.encrypt({ name: "AES-CTR", counter: unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"), length: 64 }, ctr, unhex("6bc1bee22e409f96e93d7e117393172a"));
    assertEquals(hex(ct), "874d6191b620e3261bef6864990db6ce");
    const kek = await subtle.importKey("raw", unhex("000102030405060708090a0b0c0d0e0f"), "AES-KW", false, ["wrapKey"]);
    const data = await subtle.importKey("raw", unhex("00112233445566778899aabbccddeeff"), "AES-GCM", true, ["encrypt"]);
    assertEquals(hex(await subtle.wrapKey("raw", data, kek, "AES-KW")), "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5");
  },

  async "Ed25519 (RFC 8032 test 2, also as NODE-ED25519) and X25519 (RFC 7748)"() {
    const pub = unhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    const sig = unhex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    const key = await subtle.importKey("raw", pub, "Ed25519", false, ["verify"]);
    assert(await subtle.verify("Ed25519", key, sig, unhex("72")));
    const legacy = { name: "NODE-ED25519", namedCurve: "NODE-ED25519" };
    const lkey = await subtle.importKey("raw", pub, legacy, false, ["verify"]);
    assert(await subtle.verify(legacy, lkey, sig, unhex("72")));
    const alice = await subtle.importKey("pkcs8", unhex("302e020100300506032b656e0422042077076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"), "X25519", false, ["deriveBits"]);
    const bob = await subtle.importKey("raw", unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), "X25519", false, []);
    assertEquals(hex(await subtle.deriveBits({ name: "X25519", public: bob }, alice, 256)), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  },

  async "generated RSA, ECDSA and ECDH keys round-trip"() {
    const rsa = await subtle.generateKey({ name: "RSA-OAEP", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["encrypt", "decrypt"]);
    assertEquals(JSON.stringify(rsa.publicKey.algorithm), '{"name":"RSA-OAEP","modulusLength":1024,"publicExponent":{"0":1,"1":0,"2":1},"hash":{"name":"SHA-256"}}');
    const c = await subtle.encrypt({ name: "RSA-OAEP", label: enc("l") }, rsa.publicKey, enc("secret"));
    assertEquals(new TextDecoder().decode(await subtle.decrypt({ name: "RSA-OAEP", label: enc("l") }, rsa.privateKey, c)), "secret");
    const ec = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, ["sign", "verify"]);
    const s = await subtle.sign({ name: "ECDSA", hash: "SHA-384" }, ec.privateKey, enc("m"));
    assertEquals(s.byteLength, 96);
    const spki = await subtle.exportKey("spki", ec.publicKey);
    const again = await subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-384" }, false, ["verify"]);
    assert(await subtle.verify({ name: "ECDSA", hash: "SHA-384" }, again, s, enc("m")));
    const a = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveKey"]);
    const b = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveKey"]);
    const ka = await subtle.deriveKey({ name: "ECDH", public: b.publicKey }, a.privateKey, { name: "HMAC", hash: "SHA-256", length: 256 }, true, ["sign"]);
    const kb = await subtle.deriveKey({ name: "ECDH", public: a.publicKey }, b.privateKey, { name: "HMAC", hash: "SHA-256", length: 256 }, true, ["sign"]);
    assertEquals(hex(await subtle.exportKey("raw", ka)), hex(await subtle.exportKey("raw", kb)));
  },

  async "JWK export has kty, key_ops, alg and ext"() {
    const k = await subtle.importKey("raw", new Uint8Array(32), { name: "HMAC", hash: "SHA-384" }, true, ["sign", "verify"]);
    assertEquals(await subtle.exportKey("jwk", k), { kty: "oct", key_ops: ["sign", "verify"], alg: "HS384", ext: true, k: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    const ec = await subtle.importKey("jwk", ES256_KEY, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
    assertEquals(await subtle.exportKey("jwk", ec), { kty: "EC", key_ops: ["verify"], ext: true, ...ES256_KEY });
  },

  async "errors"() {
    await assertRejects(subtle.digest("SHA-3", enc("")), "NotSupportedError");
    await assertRejects(subtle.digest("SHA-256", "not bytes"), TypeError);
    await assertRejects(subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, []), "SyntaxError");
    await assertRejects(subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["sign"]), "SyntaxError");
    await assertRejects(subtle.importKey("raw", new Uint8Array(10), "AES-GCM", false, ["encrypt"]), "DataError");
    await assertRejects(subtle.importKey("jwk", { kty: "oct", k: "%%" }, "AES-GCM", false, ["encrypt"]), "DataError");
    const key = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt", "decrypt"]);
    await assertRejects(subtle.exportKey("raw", key), "InvalidAccessError");
    await assertRejects(subtle.sign("HMAC", key, enc("x")), "InvalidAccessError");
    const c = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, key, enc("x")));
    c[0] ^= 1;
    await assertRejects(subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, key, c), "OperationError");
    await assertRejects(subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, { type: "secret" }, enc("x")), TypeError);
    const err = await subtle.exportKey("raw", key).catch((e) => e);
    assert(err instanceof DOMException && err.code === 15, "a DOMException with its legacy code");
  },

  "timingSafeEqual"() {
    assertEquals(subtle.timingSafeEqual(enc("secret"), enc("secret")), true);
    assertEquals(subtle.timingSafeEqual(enc("secret"), enc("secreT")), false);
    assertThrows(() => subtle.timingSafeEqual(enc("a"), enc("ab")), TypeError);
  },

  async "DigestStream hashes a streamed body"({ request }) {
    const stream = new crypto.DigestStream("SHA-256");
    assert(stream instanceof WritableStream);
    await new Response("a".repeat(100000)).body.pipeTo(stream);
    const digest = await stream.digest;
    assert(digest instanceof ArrayBuffer);
    assertEquals(hex(digest), hex(await subtle.digest("SHA-256", enc("a".repeat(100000)))));
    assertEquals(stream.bytesWritten, 100000n);
    const md5 = new crypto.DigestStream("MD5");
    const w = md5.getWriter();
    await w.write(enc("message "));
    await w.write("digest");
    await w.close();
    assertEquals(hex(await md5.digest), "f96b697d7cb7938d525a2f31aaf161d0");
    assertThrows(() => new crypto.DigestStream("SHA-3"), "NotSupportedError");
    assert(request.method === "GET");
  },

  async "JWT: verify RFC 7515's HS256, RS256 and ES256 tokens"() {
    for (const [token, jwk] of [[HS256_TOKEN, HS256_KEY], [RS256_TOKEN, RS256_KEY], [ES256_TOKEN, ES256_KEY]]) {
      const claims = await verifyJwt(token, jwk);
      assertEquals(claims, { iss: "joe", exp: 1300819380, "http://example.com/is_root": true });
      // A changed payload or signature fails.
      const [h, p, s] = token.split(".");
      assertEquals(await verifyJwt(`${h}.${b64url(enc('{"iss":"eve"}'))}.${s}`, jwk), null);
      const bad = unb64url(s);
      bad[bad.length - 1] ^= 1;
      assertEquals(await verifyJwt(`${h}.${p}.${b64url(bad)}`, jwk), null);
    }
  },

  async "JWT: issue and verify HS256 and ES256 tokens"() {
    const claims = { sub: "user-1", iat: 1700000000 };
    const secret = await subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
    const body = `${b64url(enc('{"alg":"HS256","typ":"JWT"}'))}.${b64url(enc(JSON.stringify(claims)))}`;
    const hs = `${body}.${b64url(await subtle.sign("HMAC", secret, enc(body)))}`;
    assertEquals(await verifyJwt(hs, await subtle.exportKey("jwk", secret)), claims);
    const pair = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const ebody = `${b64url(enc('{"alg":"ES256"}'))}.${b64url(enc(JSON.stringify(claims)))}`;
    const es = `${ebody}.${b64url(await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, enc(ebody)))}`;
    const publicJwk = await subtle.exportKey("jwk", pair.publicKey);
    assertEquals(await verifyJwt(es, { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y }), claims);
  },
});
