// SubtleCrypto's operations (https://w3c.github.io/webcrypto/#subtlecrypto-interface), with
// Cloudflare's extensions: MD5 digests, `timingSafeEqual`, the NODE-ED25519 alias and
// `crypto.DigestStream`. Loaded by js/11_crypto.js on first use; returns the operations, each
// called as op(thisValue, argumentsObject).
//
// This file does the WebCrypto semantics: WebIDL argument conversion, algorithm normalization
// (https://w3c.github.io/webcrypto/#algorithm-normalization-normalize-an-algorithm), usages,
// formats, JWK members, and the error each step throws. The natives (src/subtle/) do the
// cryptography on opaque key handles and throw errors named after DOMExceptions, which `call`
// turns into real ones.
(function (globalThis, natives) {
  "use strict";

  const { TypeError, Object, Array, JSON, Promise, Symbol, Uint8Array, ArrayBuffer, Error } = globalThis;
  const { keyRecord, newKey, isSubtle } = natives.shared;
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";

  const DOM_NAMES = new Set(["DataError", "OperationError", "NotSupportedError", "InvalidAccessError", "SyntaxError"]);
  const dom = (name, message) => new globalThis.DOMException(message, name);

  // Calls a native, turning its named errors into DOMExceptions.
  function call(name, ...args) {
    try {
      return natives[name](...args);
    } catch (e) {
      if (e instanceof Error && !(e instanceof TypeError) && DOM_NAMES.has(e.name)) throw dom(e.name, e.message);
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // WebIDL conversions

  const toString = (v) => `${v}`; // throws a TypeError for symbols, as WebIDL's ToString does

  function toBytes(v, what) {
    if (v instanceof ArrayBuffer) return new Uint8Array(v.slice(0));
    if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
    throw new TypeError(`${what} must be an ArrayBuffer or an ArrayBufferView`);
  }

  // [EnforceRange] integer of `bits` (unsigned).
  function toEnforcedInt(v, bits, what) {
    const n = +v;
    if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
    const i = Math.trunc(n);
    if (i < 0 || i > 2 ** bits - 1) throw new TypeError(`${what} is out of range`);
    return i;
  }

  // unsigned long (no [EnforceRange]): modulo 2^32.
  function toUnsignedLong(v) {
    const n = +v;
    if (!Number.isFinite(n)) return 0;
    const i = Math.trunc(n) % 2 ** 32;
    return i < 0 ? i + 2 ** 32 : i;
  }

  function toKey(v, what) {
    const k = keyRecord(v);
    if (k === undefined) throw new TypeError(`${what} must be a CryptoKey`);
    return k;
  }

  const USAGES = ["encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"];
  const FORMATS = ["raw", "spki", "pkcs8", "jwk"];

  // sequence<KeyUsage>. An unknown usage is a SyntaxError rather than WebIDL's TypeError, as
  // in workerd (checked with the algorithm's allowed usages).
  function toUsages(v) {
    if (!isObject(v) || typeof v[Symbol.iterator] !== "function") {
      throw new TypeError("keyUsages must be a sequence of strings");
    }
    return Array.from(v, toString);
  }
  function checkKnownUsages(usages) {
    for (const u of usages) {
      if (!USAGES.includes(u)) throw dom("SyntaxError", `Unrecognized key usage "${u}"`);
    }
  }

  // KeyFormat. An unknown format is a NotSupportedError, as in workerd.
  function toFormat(v) {
    const s = toString(v);
    if (!FORMATS.includes(s)) throw dom("NotSupportedError", `Unrecognized key format "${s}"`);
    return s;
  }

  function requireArgs(args, n, method) {
    if (args.length < n) {
      throw new TypeError(`SubtleCrypto.${method}: ${n} argument${n > 1 ? "s" : ""} required, ${args.length} given`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Algorithm normalization

  // Dictionary members by type, each [member, type, required], in WebIDL's conversion order
  // (lexicographic; `name` is read first as Algorithm's member).
  const DICTIONARIES = {
    AesCbcParams: [["iv", "bytes", true]],
    AesCtrParams: [["counter", "bytes", true], ["length", "octet", true]],
    AesGcmParams: [["additionalData", "bytes", false], ["iv", "bytes", true], ["tagLength", "octet", false]],
    AesKeyGenParams: [["length", "ushort", true]],
    AesDerivedKeyParams: [["length", "ushort", true]],
    RsaOaepParams: [["label", "bytes", false]],
    RsaPssParams: [["saltLength", "ulong", "DataError"]], // workerd: DataError, not TypeError
    EcdsaParams: [["hash", "hash", true]],
    RsaHashedKeyGenParams: [["hash", "hash", true], ["modulusLength", "ulong", true], ["publicExponent", "bigint", true]],
    RsaHashedImportParams: [["hash", "hash", true]],
    EcKeyGenParams: [["namedCurve", "string", true]],
    EcKeyImportParams: [["namedCurve", "string", true]],
    HmacKeyGenParams: [["hash", "hash", true], ["length", "ulong", false]],
    HmacImportParams: [["hash", "hash", true], ["length", "ulong", false]],
    EcdhKeyDeriveParams: [["public", "key", true]],
    HkdfParams: [["hash", "hash", true], ["info", "bytes", true], ["salt", "bytes", true]],
    Pbkdf2Params: [["hash", "hash", true], ["iterations", "ulong", true], ["salt", "bytes", true]],
  };

  const RSA_NAMES = ["RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP"];
  const AES_NAMES = ["AES-CTR", "AES-CBC", "AES-GCM", "AES-KW"];

  // The registered algorithms per operation, with the dictionary each one's parameters use.
  const REGISTRY = {
    digest: { "SHA-1": null, "SHA-256": null, "SHA-384": null, "SHA-512": null, MD5: null },
    encrypt: { "RSA-OAEP": "RsaOaepParams", "AES-CTR": "AesCtrParams", "AES-CBC": "AesCbcParams", "AES-GCM": "AesGcmParams" },
    sign: {
      "RSASSA-PKCS1-v1_5": null, "RSA-PSS": "RsaPssParams", ECDSA: "EcdsaParams", HMAC: null, Ed25519: null,
      "NODE-ED25519": null,
    },
    generateKey: {
      "RSASSA-PKCS1-v1_5": "RsaHashedKeyGenParams", "RSA-PSS": "RsaHashedKeyGenParams", "RSA-OAEP": "RsaHashedKeyGenParams",
      ECDSA: "EcKeyGenParams", ECDH: "EcKeyGenParams", "AES-CTR": "AesKeyGenParams", "AES-CBC": "AesKeyGenParams",
      "AES-GCM": "AesKeyGenParams", "AES-KW": "AesKeyGenParams", HMAC: "HmacKeyGenParams", Ed25519: null, X25519: null,
      "NODE-ED25519": "EcKeyGenParams",
    },
    importKey: {
      "RSASSA-PKCS1-v1_5": "RsaHashedImportParams", "RSA-PSS": "RsaHashedImportParams", "RSA-OAEP": "RsaHashedImportParams",
      ECDSA: "EcKeyImportParams", ECDH: "EcKeyImportParams", "AES-CTR": null, "AES-CBC": null, "AES-GCM": null,
      "AES-KW": null, HMAC: "HmacImportParams", HKDF: null, PBKDF2: null, Ed25519: null, X25519: null,
      "NODE-ED25519": "EcKeyImportParams",
    },
    deriveBits: { ECDH: "EcdhKeyDeriveParams", X25519: "EcdhKeyDeriveParams", HKDF: "HkdfParams", PBKDF2: "Pbkdf2Params" },
    getKeyLength: {
      "AES-CTR": "AesDerivedKeyParams", "AES-CBC": "AesDerivedKeyParams", "AES-GCM": "AesDerivedKeyParams",
      "AES-KW": "AesDerivedKeyParams", HMAC: "HmacImportParams", HKDF: null, PBKDF2: null,
    },
    wrapKey: { "AES-KW": null },
  };
  REGISTRY.decrypt = REGISTRY.encrypt;
  REGISTRY.verify = REGISTRY.sign;
  REGISTRY.unwrapKey = REGISTRY.wrapKey;
  const UPPER = {};
  for (const op of Object.keys(REGISTRY)) {
    UPPER[op] = new Map(Object.keys(REGISTRY[op]).map((n) => [n.toUpperCase(), n]));
  }
  const asciiUpper = (s) => s.replace(/[a-z]/g, (c) => c.toUpperCase());

  function normalizeAlgorithm(alg, op) {
    if (!isObject(alg)) alg = { name: toString(alg) };
    const rawName = alg.name;
    if (rawName === undefined) throw new TypeError("Algorithm: the name member is required");
    const name = UPPER[op].get(asciiUpper(toString(rawName)));
    if (name === undefined) throw dom("NotSupportedError", `Unrecognized or unsupported algorithm for ${op}: ${toString(rawName)}`);
    const dictionary = REGISTRY[op][name];
    const result = { name };
    if (dictionary === null) return result;
    for (const [member, type, required] of DICTIONARIES[dictionary]) {
      const v = alg[member];
      if (v === undefined) {
        if (required === "DataError") throw dom("DataError", `${dictionary}: the ${member} member is required`);
        if (required) throw new TypeError(`${dictionary}: the ${member} member is required`);
        continue;
      }
      const what = `${dictionary}.${member}`;
      switch (type) {
        case "bytes":
          result[member] = toBytes(v, what);
          break;
        case "octet":
          result[member] = toEnforcedInt(v, 8, what);
          break;
        case "ushort":
          result[member] = toEnforcedInt(v, 16, what);
          break;
        case "ulong":
          result[member] = toEnforcedInt(v, 32, what);
          break;
        case "string":
          result[member] = toString(v);
          break;
        case "hash":
          result[member] = normalizeAlgorithm(v, "digest");
          break;
        case "bigint":
          if (!(v instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
          result[member] = v.slice();
          break;
        case "key":
          result[member] = toKey(v, what);
          break;
      }
    }
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Keys

  const sortUsages = (usages) => USAGES.filter((u) => usages.includes(u));

  function makeKey(type, extractable, algorithm, usages, handle) {
    usages = sortUsages(usages);
    return newKey({ type, extractable, algorithm, usages, handle }, describeAlgorithm(algorithm), [...usages]);
  }

  // The `algorithm` attribute: a KeyAlgorithm dictionary of the key's algorithm (a copy: the
  // key's own record stays as it was made).
  function describeAlgorithm(a) {
    const out = { name: a.name };
    if (a.namedCurve !== undefined) out.namedCurve = a.namedCurve;
    if (a.modulusLength !== undefined) {
      out.modulusLength = a.modulusLength;
      out.publicExponent = a.publicExponent.slice();
    }
    if (a.hash !== undefined) out.hash = { name: a.hash.name };
    if (a.length !== undefined) out.length = a.length;
    return out;
  }

  // MD5 is a hash workerd accepts wherever a hash is named (HMAC, RSA, HKDF, PBKDF2), except
  // for ECDSA and in JWK `alg` values.
  function notMd5(hash, what) {
    if (hash.name === "MD5") throw dom("NotSupportedError", `${what} cannot use MD5`);
    return hash;
  }

  const CURVES = ["P-256", "P-384", "P-521"];

  // Usages each algorithm allows, per key type ([secret] or [public, private]).
  function allowedUsages(name) {
    switch (name) {
      case "HMAC":
        return { secret: ["sign", "verify"] };
      case "AES-KW":
        return { secret: ["wrapKey", "unwrapKey"] };
      case "AES-CTR":
      case "AES-CBC":
      case "AES-GCM":
        return { secret: ["encrypt", "decrypt", "wrapKey", "unwrapKey"] };
      case "HKDF":
      case "PBKDF2":
        return { secret: ["deriveKey", "deriveBits"] };
      case "RSA-OAEP":
        return { public: ["encrypt", "wrapKey"], private: ["decrypt", "unwrapKey"] };
      case "ECDH":
      case "X25519":
        return { public: [], private: ["deriveKey", "deriveBits"] };
      default: // RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA, Ed25519, NODE-ED25519
        return { public: ["verify"], private: ["sign"] };
    }
  }

  function checkUsages(usages, allowed, name) {
    checkKnownUsages(usages);
    for (const u of usages) {
      if (!allowed.includes(u)) throw dom("SyntaxError", `Usage '${u}' is not allowed for ${name} keys`);
    }
  }

  // JWK `alg` values per algorithm.
  const HS = { "SHA-1": "HS1", "SHA-256": "HS256", "SHA-384": "HS384", "SHA-512": "HS512" };
  const RS = { "SHA-1": "RS1", "SHA-256": "RS256", "SHA-384": "RS384", "SHA-512": "RS512" };
  const PS = { "SHA-1": "PS1", "SHA-256": "PS256", "SHA-384": "PS384", "SHA-512": "PS512" };
  const OAEP = { "SHA-1": "RSA-OAEP", "SHA-256": "RSA-OAEP-256", "SHA-384": "RSA-OAEP-384", "SHA-512": "RSA-OAEP-512" };
  const ES = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" };
  const AES_SUFFIX = { "AES-CTR": "CTR", "AES-CBC": "CBC", "AES-GCM": "GCM", "AES-KW": "KW" };

  function jwkAlg(algorithm) {
    const { name } = algorithm;
    if (name === "HMAC") return HS[algorithm.hash.name];
    if (name === "RSASSA-PKCS1-v1_5") return RS[algorithm.hash.name];
    if (name === "RSA-PSS") return PS[algorithm.hash.name];
    if (name === "RSA-OAEP") return OAEP[algorithm.hash.name];
    if (AES_NAMES.includes(name)) return `A${algorithm.length}${AES_SUFFIX[name]}`;
    if (name === "Ed25519") return "EdDSA"; // as workerd (the spec now says "Ed25519")
    return undefined; // ECDSA, ECDH, X25519 (as the spec says) and NODE-ED25519 (as workerd)
  }

  // JsonWebKey dictionary conversion, members in lexicographic order.
  const JWK_STRINGS = ["alg", "crv", "d", "dp", "dq", "e", "k", "kty", "n", "p", "q", "qi", "use", "x", "y"];
  function toJwk(v) {
    if (v !== undefined && v !== null && !isObject(v)) throw new TypeError("keyData must be a JsonWebKey object");
    const jwk = {};
    if (v === undefined || v === null) return jwk;
    for (const member of ["alg", "crv", "d", "dp", "dq", "e", "ext", "k", "key_ops", "kty", "n", "oth", "p", "q", "qi", "use", "x", "y"]) {
      const m = v[member];
      if (m === undefined) continue;
      if (member === "ext") jwk.ext = !!m;
      else if (member === "key_ops") {
        if (!isObject(m) || typeof m[Symbol.iterator] !== "function") throw new TypeError("JsonWebKey.key_ops must be a sequence");
        jwk.key_ops = Array.from(m, toString);
      } else if (member === "oth") {
        if (!isObject(m) || typeof m[Symbol.iterator] !== "function") throw new TypeError("JsonWebKey.oth must be a sequence");
        jwk.oth = Array.from(m);
      } else if (JWK_STRINGS.includes(member)) jwk[member] = toString(m);
    }
    return jwk;
  }

  // The checks every JWK import makes: kty, use, key_ops, ext.
  function checkJwk(jwk, kty, use, usages, extractable) {
    if (jwk.kty !== kty) throw dom("DataError", `The JWK's kty must be "${kty}", not ${JSON.stringify(jwk.kty)}`);
    if (usages.length > 0 && jwk.use !== undefined && jwk.use !== use) {
      throw dom("DataError", `The JWK's use must be "${use}", not "${jwk.use}"`);
    }
    if (jwk.key_ops !== undefined) {
      if (new Set(jwk.key_ops).size !== jwk.key_ops.length || jwk.key_ops.some((op) => !USAGES.includes(op))) {
        throw dom("DataError", "The JWK's key_ops has duplicate or unknown values");
      }
      for (const u of usages) {
        if (!jwk.key_ops.includes(u)) throw dom("DataError", `The JWK's key_ops does not allow '${u}'`);
      }
    }
    if (jwk.ext === false && extractable) throw dom("DataError", "The JWK is not extractable (ext is false)");
  }

  function importNative(kind, format, data) {
    return call("importKey", kind, format, data);
  }

  // https://w3c.github.io/webcrypto/#SubtleCrypto-method-importKey, after argument conversion
  // and normalization; `data` is a Uint8Array, a converted JsonWebKey, or for the internal
  // format "derived" (deriveKey's raw import) the handle of the derived secret.
  function importKeyNormalized(format, data, alg, extractable, usages) {
    const { name } = alg;
    const allowed = allowedUsages(name);
    const rawSecret = (bytes) => (format === "derived" ? bytes : importNative("secret", "raw", bytes));
    if (allowed.secret) {
      checkUsages(usages, allowed.secret, name);
      let handle;
      const algorithm = { name };
      if (name === "HKDF" || name === "PBKDF2") {
        if (format !== "raw" && format !== "derived") throw dom("NotSupportedError", `${name} keys can only be imported as raw`);
        if (extractable) throw dom("SyntaxError", `${name} keys cannot be extractable`);
        handle = rawSecret(data);
      } else if (format === "raw" || format === "derived") {
        handle = rawSecret(data);
      } else if (format === "jwk") {
        checkJwk(data, "oct", name === "HMAC" ? "sig" : "enc", usages, extractable);
        if (data.k === undefined) throw dom("DataError", "The JWK has no k member");
        handle = importNative("secret", "jwk", data);
      } else {
        throw dom("NotSupportedError", `${name} keys cannot be imported as ${format}`);
      }
      const bits = call("keyInfo", handle).length;
      if (name === "HMAC") {
        algorithm.hash = alg.hash;
        if (format === "jwk" && data.alg !== undefined && data.alg !== HS[algorithm.hash.name]) {
          throw dom("DataError", `The JWK's alg "${data.alg}" does not match HMAC with ${algorithm.hash.name}`);
        }
        if (bits === 0) throw dom("DataError", "An HMAC key must not be empty");
        let length = bits;
        if (alg.length !== undefined) {
          if (alg.length > bits || alg.length <= bits - 8) {
            throw dom("DataError", `The HMAC length (${alg.length}) does not match the key data (${bits} bits)`);
          }
          length = alg.length;
        }
        algorithm.length = length;
      } else if (AES_NAMES.includes(name)) {
        if (bits !== 128 && bits !== 192 && bits !== 256) {
          throw dom("DataError", `An AES key must be 128, 192 or 256 bits long, not ${bits}`);
        }
        algorithm.length = bits;
        if (format === "jwk" && data.alg !== undefined && data.alg !== jwkAlg(algorithm)) {
          throw dom("DataError", `The JWK's alg "${data.alg}" does not match ${name} with a ${bits}-bit key`);
        }
      }
      if (usages.length === 0) throw dom("SyntaxError", "A secret key needs at least one usage");
      return makeKey("secret", extractable, algorithm, usages, handle);
    }

    // Asymmetric keys.
    let kind, algorithm;
    if (RSA_NAMES.includes(name)) {
      kind = "RSA";
      algorithm = { name, hash: alg.hash };
      if (format === "raw") throw dom("NotSupportedError", `${name} keys cannot be imported as raw`);
    } else if (name === "ECDSA" || name === "ECDH") {
      if (!CURVES.includes(alg.namedCurve)) throw dom("NotSupportedError", `Unsupported curve ${alg.namedCurve}`);
      kind = alg.namedCurve;
      algorithm = { name, namedCurve: alg.namedCurve };
    } else if (name === "NODE-ED25519") {
      if (alg.namedCurve !== "NODE-ED25519") throw dom("NotSupportedError", `NODE-ED25519 needs namedCurve "NODE-ED25519"`);
      kind = "Ed25519";
      algorithm = { name, namedCurve: "NODE-ED25519" };
    } else {
      kind = name; // Ed25519, X25519
      algorithm = { name };
    }
    let type;
    if (format === "jwk") {
      type = data.d !== undefined ? "private" : "public";
      const use = ["RSA-OAEP", "ECDH", "X25519"].includes(name) ? "enc" : "sig";
      if (kind === "RSA") {
        checkJwk(data, "RSA", use, usages, extractable);
        if (data.alg !== undefined && data.alg !== jwkAlg(algorithm)) {
          throw dom("DataError", `The JWK's alg "${data.alg}" does not match ${name} with ${algorithm.hash.name}`);
        }
        if (data.oth !== undefined) throw dom("NotSupportedError", "Multi-prime RSA keys are not supported");
      } else if (kind === "Ed25519" || kind === "X25519") {
        checkJwk(data, "OKP", use, usages, extractable);
        if (data.crv !== kind) throw dom("DataError", `The JWK's crv must be "${kind}"`);
        if (kind === "Ed25519" && data.alg !== undefined && data.alg !== "Ed25519" && data.alg !== "EdDSA") {
          throw dom("DataError", `The JWK's alg "${data.alg}" is not Ed25519 or EdDSA`);
        }
      } else {
        checkJwk(data, "EC", use, usages, extractable);
        if (data.crv !== kind) throw dom("DataError", `The JWK's crv must be "${kind}", not ${JSON.stringify(data.crv)}`);
        if (name === "ECDSA" && data.alg !== undefined && data.alg !== ES[kind]) {
          throw dom("DataError", `The JWK's alg "${data.alg}" does not match ECDSA on ${kind}`);
        }
      }
    } else if (format === "raw" || format === "spki") {
      type = "public";
    } else {
      type = "private";
    }
    checkUsages(usages, allowedUsages(name)[type], name);
    const handle = importNative(kind, format, data);
    if (kind === "RSA") {
      const info = call("keyInfo", handle);
      algorithm.modulusLength = info.modulusLength;
      algorithm.publicExponent = info.publicExponent;
    }
    if (type === "private" && usages.length === 0) throw dom("SyntaxError", "A private key needs at least one usage");
    return makeKey(type, extractable, algorithm, usages, handle);
  }

  function exportKeyRecord(format, key) {
    const { name } = key.algorithm;
    if (name === "HKDF" || name === "PBKDF2") throw dom("NotSupportedError", `${name} keys cannot be exported`);
    if (!key.extractable) throw dom("InvalidAccessError", "The key is not extractable");
    const secret = key.type === "secret";
    const allowed = secret ? ["raw", "jwk"] : RSA_NAMES.includes(name) ? ["spki", "pkcs8", "jwk"] : ["raw", "spki", "pkcs8", "jwk"];
    if (!allowed.includes(format)) throw dom("NotSupportedError", `${name} keys cannot be exported as ${format}`);
    if ((format === "raw" || format === "spki") && key.type !== "public" && !secret) {
      throw dom("InvalidAccessError", `A ${key.type} key cannot be exported as ${format}`);
    }
    if (format === "pkcs8" && key.type !== "private") {
      throw dom("InvalidAccessError", `A ${key.type} key cannot be exported as pkcs8`);
    }
    if (format !== "jwk") return call("exportKey", key.handle, format);
    const m = call("exportKey", key.handle, "jwk");
    // Members in workerd's order: kty, key_ops, alg, ext, then the key material.
    const jwk = { kty: m.kty, key_ops: [...key.usages] };
    if (key.algorithm.hash !== undefined) notMd5(key.algorithm.hash, "A JWK");
    const alg = jwkAlg(key.algorithm);
    if (alg !== undefined) jwk.alg = alg;
    jwk.ext = key.extractable;
    for (const member of ["crv", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi", "k"]) {
      if (m[member] !== undefined) jwk[member] = m[member];
    }
    return jwk;
  }

  // ---------------------------------------------------------------------------------------------
  // Operations

  // Runs `f` and returns its result as a promise (a throw becomes a rejection, as WebIDL says
  // for promise-returning operations).
  function promised(self, f) {
    try {
      if (!isSubtle(self)) throw new TypeError("Illegal invocation: 'this' is not a SubtleCrypto");
      return Promise.resolve(f());
    } catch (e) {
      return Promise.reject(e);
    }
  }

  function checkKeyFor(key, alg, usage) {
    if (key.algorithm.name !== alg.name) {
      throw dom("InvalidAccessError", `The key is for ${key.algorithm.name}, not ${alg.name}`);
    }
    if (!key.usages.includes(usage)) throw dom("InvalidAccessError", `The key does not allow '${usage}'`);
  }

  // The parameters natives.encrypt/decrypt read.
  function cipherParams(alg, key) {
    return alg.name === "RSA-OAEP" ? { label: alg.label, hash: key.algorithm.hash.name } : alg;
  }

  function cipher(op, alg, key, data) {
    return call(op, alg.name, key.handle, data, cipherParams(alg, key));
  }

  function signParams(alg, key) {
    const hash = alg.hash !== undefined ? notMd5(alg.hash, "ECDSA").name : key.algorithm.hash && key.algorithm.hash.name;
    return { hash, saltLength: alg.saltLength };
  }
  const signName = (name) => (name === "NODE-ED25519" ? "Ed25519" : name);

  // Generates a key or key pair for a normalized algorithm.
  function generate(alg, extractable, usages) {
    const { name } = alg;
    const allowed = allowedUsages(name);
    if (allowed.secret) {
      checkUsages(usages, allowed.secret, name);
      let length;
      const algorithm = { name };
      if (name === "HMAC") {
        algorithm.hash = alg.hash;
        length = alg.length !== undefined ? alg.length : alg.hash.name === "SHA-384" || alg.hash.name === "SHA-512" ? 1024 : 512;
        if (length === 0) throw dom("OperationError", "The HMAC key length must not be zero");
      } else {
        length = alg.length;
        if (length !== 128 && length !== 192 && length !== 256) {
          throw dom("OperationError", `The AES key length must be 128, 192 or 256, not ${length}`);
        }
      }
      algorithm.length = length;
      if (usages.length === 0) throw dom("SyntaxError", "A secret key needs at least one usage");
      return makeKey("secret", extractable, algorithm, usages, call("generateSecret", length));
    }
    checkUsages(usages, [...allowed.public, ...allowed.private], name);
    const publicUsages = usages.filter((u) => allowed.public.includes(u));
    const privateUsages = usages.filter((u) => allowed.private.includes(u));
    let pair, algorithm;
    if (RSA_NAMES.includes(name)) {
      algorithm = { name, hash: alg.hash };
      if (privateUsages.length === 0) throw dom("SyntaxError", "A private key needs at least one usage");
      pair = call("generatePair", "RSA", alg.modulusLength, alg.publicExponent);
      const info = call("keyInfo", pair[1]);
      algorithm.modulusLength = info.modulusLength;
      algorithm.publicExponent = info.publicExponent;
    } else if (name === "ECDSA" || name === "ECDH") {
      if (!CURVES.includes(alg.namedCurve)) throw dom("NotSupportedError", `Unsupported curve ${alg.namedCurve}`);
      algorithm = { name, namedCurve: alg.namedCurve };
      if (privateUsages.length === 0) throw dom("SyntaxError", "A private key needs at least one usage");
      pair = call("generatePair", alg.namedCurve);
    } else {
      if (name === "NODE-ED25519") {
        if (alg.namedCurve !== "NODE-ED25519") throw dom("NotSupportedError", `NODE-ED25519 needs namedCurve "NODE-ED25519"`);
        algorithm = { name, namedCurve: "NODE-ED25519" };
      } else {
        algorithm = { name };
      }
      if (privateUsages.length === 0) throw dom("SyntaxError", "A private key needs at least one usage");
      pair = call("generatePair", name === "X25519" ? "X25519" : "Ed25519");
    }
    return {
      publicKey: makeKey("public", true, algorithm, publicUsages, pair[1]),
      privateKey: makeKey("private", extractable, algorithm, privateUsages, pair[0]),
    };
  }

  // The derived bits as an ArrayBuffer, or with `asKey` as a secret key's handle.
  function deriveBitsNormalized(alg, key, length, asKey = false) {
    if (alg.name === "ECDH" || alg.name === "X25519") {
      const pub = alg.public;
      if (pub.type !== "public") throw dom("InvalidAccessError", "The public member must be a public key");
      if (pub.algorithm.name !== key.algorithm.name) {
        throw dom("InvalidAccessError", `The public key is for ${pub.algorithm.name}, not ${key.algorithm.name}`);
      }
      if (pub.algorithm.namedCurve !== key.algorithm.namedCurve) {
        throw dom("InvalidAccessError", "The public key is on another curve");
      }
      return call("deriveBits", alg.name, key.handle, { public: pub.handle }, length, asKey);
    }
    const params = { hash: alg.hash.name, salt: alg.salt, info: alg.info, iterations: alg.iterations };
    return call("deriveBits", alg.name, key.handle, params, length, asKey);
  }

  function keyLength(alg) {
    if (AES_NAMES.includes(alg.name)) {
      if (alg.length !== 128 && alg.length !== 192 && alg.length !== 256) {
        throw dom("OperationError", `The AES key length must be 128, 192 or 256, not ${alg.length}`);
      }
      return alg.length;
    }
    if (alg.name === "HMAC") {
      if (alg.length === undefined) return alg.hash.name === "SHA-384" || alg.hash.name === "SHA-512" ? 1024 : 512;
      if (alg.length === 0) throw new TypeError("The HMAC key length must not be zero");
      return alg.length;
    }
    return null; // HKDF, PBKDF2
  }

  const utf8 = new globalThis.TextEncoder();

  function normalizeWrap(alg, op, fallback) {
    try {
      return normalizeAlgorithm(alg, op);
    } catch (e) {
      if (e instanceof globalThis.DOMException && e.name === "NotSupportedError") return normalizeAlgorithm(alg, fallback);
      throw e;
    }
  }

  const ops = {
    describeAlgorithm,

    encrypt: (self, args) =>
      promised(self, () => {
        requireArgs(args, 3, "encrypt");
        const key = toKey(args[1], "key");
        const data = toBytes(args[2], "data");
        const alg = normalizeAlgorithm(args[0], "encrypt");
        checkKeyFor(key, alg, "encrypt");
        return cipher("encrypt", alg, key, data);
      }),

    decrypt: (self, args) =>
      promised(self, () => {
        requireArgs(args, 3, "decrypt");
        const key = toKey(args[1], "key");
        const data = toBytes(args[2], "data");
        const alg = normalizeAlgorithm(args[0], "decrypt");
        checkKeyFor(key, alg, "decrypt");
        return cipher("decrypt", alg, key, data);
      }),

    sign: (self, args) =>
      promised(self, () => {
        requireArgs(args, 3, "sign");
        const key = toKey(args[1], "key");
        const data = toBytes(args[2], "data");
        const alg = normalizeAlgorithm(args[0], "sign");
        checkKeyFor(key, alg, "sign");
        return call("sign", signName(alg.name), key.handle, data, signParams(alg, key));
      }),

    verify: (self, args) =>
      promised(self, () => {
        requireArgs(args, 4, "verify");
        const key = toKey(args[1], "key");
        const signature = toBytes(args[2], "signature");
        const data = toBytes(args[3], "data");
        const alg = normalizeAlgorithm(args[0], "verify");
        checkKeyFor(key, alg, "verify");
        return call("verify", signName(alg.name), key.handle, signature, data, signParams(alg, key));
      }),

    digest: (self, args) =>
      promised(self, () => {
        requireArgs(args, 2, "digest");
        const data = toBytes(args[1], "data");
        const alg = normalizeAlgorithm(args[0], "digest");
        return call("digest", alg.name, data);
      }),

    generateKey: (self, args) =>
      promised(self, () => {
        requireArgs(args, 3, "generateKey");
        const extractable = !!args[1];
        const usages = toUsages(args[2]);
        const alg = normalizeAlgorithm(args[0], "generateKey");
        return generate(alg, extractable, usages);
      }),

    deriveKey: (self, args) =>
      promised(self, () => {
        requireArgs(args, 5, "deriveKey");
        const baseKey = toKey(args[1], "baseKey");
        const extractable = !!args[3];
        const usages = toUsages(args[4]);
        const alg = normalizeAlgorithm(args[0], "deriveBits");
        const importAlg = normalizeAlgorithm(args[2], "importKey");
        const lengthAlg = normalizeAlgorithm(args[2], "getKeyLength");
        checkKeyFor(baseKey, alg, "deriveKey");
        const length = keyLength(lengthAlg);
        // The derived secret goes from native to native as a handle ("derived" is raw import).
        const secret = deriveBitsNormalized(alg, baseKey, length, true);
        return importKeyNormalized("derived", secret, importAlg, extractable, usages);
      }),

    deriveBits: (self, args) =>
      promised(self, () => {
        requireArgs(args, 2, "deriveBits");
        const baseKey = toKey(args[1], "baseKey");
        const length = args[2] === undefined || args[2] === null ? null : toUnsignedLong(args[2]);
        const alg = normalizeAlgorithm(args[0], "deriveBits");
        checkKeyFor(baseKey, alg, "deriveBits");
        return deriveBitsNormalized(alg, baseKey, length);
      }),

    importKey: (self, args) =>
      promised(self, () => {
        requireArgs(args, 5, "importKey");
        const format = toFormat(args[0]);
        let data = args[1];
        if (format === "jwk") {
          if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) throw new TypeError("keyData must be a JsonWebKey for the jwk format");
          data = toJwk(data);
        } else {
          data = toBytes(data, "keyData");
        }
        const extractable = !!args[3];
        const usages = toUsages(args[4]);
        const alg = normalizeAlgorithm(args[2], "importKey");
        return importKeyNormalized(format, data, alg, extractable, usages);
      }),

    exportKey: (self, args) =>
      promised(self, () => {
        requireArgs(args, 2, "exportKey");
        const format = toFormat(args[0]);
        const key = toKey(args[1], "key");
        return exportKeyRecord(format, key);
      }),

    wrapKey: (self, args) =>
      promised(self, () => {
        requireArgs(args, 4, "wrapKey");
        const format = toFormat(args[0]);
        const key = toKey(args[1], "key");
        const wrappingKey = toKey(args[2], "wrappingKey");
        const alg = normalizeWrap(args[3], "wrapKey", "encrypt");
        checkKeyFor(wrappingKey, alg, "wrapKey");
        const exported = exportKeyRecord(format, key);
        const bytes = format === "jwk" ? utf8.encode(JSON.stringify(exported)) : new Uint8Array(exported);
        return cipher("encrypt", alg, wrappingKey, bytes);
      }),

    unwrapKey: (self, args) =>
      promised(self, () => {
        requireArgs(args, 7, "unwrapKey");
        const format = toFormat(args[0]);
        const wrapped = toBytes(args[1], "wrappedKey");
        const unwrappingKey = toKey(args[2], "unwrappingKey");
        const extractable = !!args[5];
        const usages = toUsages(args[6]);
        const alg = normalizeWrap(args[3], "unwrapKey", "decrypt");
        const keyAlg = normalizeAlgorithm(args[4], "importKey");
        checkKeyFor(unwrappingKey, alg, "unwrapKey");
        const bytes = new Uint8Array(cipher("decrypt", alg, unwrappingKey, wrapped));
        let data = bytes;
        if (format === "jwk") {
          // Not JSON: JSON.parse's SyntaxError, as in workerd.
          const parsed = JSON.parse(new globalThis.TextDecoder().decode(bytes));
          if (!isObject(parsed)) throw dom("DataError", "The unwrapped key is not a JSON Web Key");
          data = toJwk(parsed);
        }
        return importKeyNormalized(format, data, keyAlg, extractable, usages);
      }),

    timingSafeEqual(self, args) {
      if (!isSubtle(self)) throw new TypeError("Illegal invocation: 'this' is not a SubtleCrypto");
      requireArgs(args, 2, "timingSafeEqual");
      const a = toBytes(args[0], "a");
      const b = toBytes(args[1], "b");
      if (a.byteLength !== b.byteLength) throw new TypeError("Input buffers must have the same byte length");
      return call("timingSafeEqual", a, b);
    },

    DigestStream: () => (DigestStreamClass ??= makeDigestStream()),
  };
  let DigestStreamClass;

  // crypto.DigestStream: a WritableStream of bytes whose `digest` promise resolves to the
  // digest (an ArrayBuffer) when the stream closes, or rejects when it is aborted or errors.
  function makeDigestStream() {
    const { WritableStream } = globalThis;
    let state;
    class DigestStream extends WritableStream {
      #s;
      static {
        state = (o, what) => {
          if (isObject(o) && #s in o) return o.#s;
          throw new TypeError(`DigestStream.${what}: 'this' is not a DigestStream`);
        };
      }
      constructor(algorithm) {
        if (arguments.length === 0) throw new TypeError("DigestStream: 1 argument required");
        const alg = normalizeAlgorithm(algorithm, "digest");
        const hasher = call("hasher", alg.name);
        const s = { hasher, bytesWritten: 0, digest: undefined, resolve: undefined, reject: undefined };
        s.digest = new Promise((resolve, reject) => {
          s.resolve = resolve;
          s.reject = reject;
        });
        s.digest.catch(() => {});
        super({
          write(chunk) {
            let bytes;
            if (typeof chunk === "string") bytes = utf8.encode(chunk);
            else if (chunk instanceof ArrayBuffer) bytes = new Uint8Array(chunk);
            else if (ArrayBuffer.isView(chunk)) bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
            else {
              const e = new TypeError("DigestStream accepts only ArrayBuffer, ArrayBufferView or string chunks");
              s.reject(e);
              throw e;
            }
            s.hasher.update(bytes);
            s.bytesWritten += bytes.byteLength;
          },
          close() {
            s.resolve(s.hasher.finish());
          },
          abort(reason) {
            s.reject(reason);
          },
        });
        this.#s = s;
      }
      get digest() {
        return state(this, "digest").digest;
      }
      // A BigInt, as in workerd (a uint64).
      get bytesWritten() {
        return BigInt(state(this, "bytesWritten").bytesWritten);
      }
    }
    for (const name of ["digest", "bytesWritten"]) {
      const d = Object.getOwnPropertyDescriptor(DigestStream.prototype, name);
      d.enumerable = true;
      Object.defineProperty(DigestStream.prototype, name, d);
    }
    Object.defineProperty(DigestStream.prototype, Symbol.toStringTag, { value: "DigestStream", configurable: true });
    return DigestStream;
  }

  return ops;
});
