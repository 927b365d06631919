// Crypto checks: getRandomValues, randomUUID and the class shape.

export function get_random_values() {
  const a = new Uint8Array(64);
  assert(crypto.getRandomValues(a) === a, "returns its argument");
  assert(a.some((b) => b !== 0), "64 random bytes are not all zero");
  const b = new Uint32Array(16);
  crypto.getRandomValues(b);
  assert(b.some((x) => x !== 0));
  for (const Ctor of [Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, BigInt64Array, BigUint64Array]) {
    crypto.getRandomValues(new Ctor(4));
  }
  const view = new Uint8Array(new ArrayBuffer(8), 4, 4);
  crypto.getRandomValues(view);
  assertEquals(new Uint8Array(view.buffer, 0, 4), new Uint8Array(4), "only the view's bytes change");
  crypto.getRandomValues(new Uint8Array(65536));
  crypto.getRandomValues(new Uint8Array(0));
}

export function get_random_values_errors() {
  const quota = assertThrows(() => crypto.getRandomValues(new Uint8Array(65537)), DOMException);
  assertEquals([quota.name, quota.code], ["QuotaExceededError", 22]);
  assertThrows(() => crypto.getRandomValues(new Uint32Array(16385)), DOMException);
  for (const f of [new Float32Array(1), new Float64Array(1), new DataView(new ArrayBuffer(1))]) {
    assertEquals(assertThrows(() => crypto.getRandomValues(f), DOMException).name, "TypeMismatchError");
  }
  assertThrows(() => crypto.getRandomValues([1, 2]), TypeError);
  assertThrows(() => crypto.getRandomValues(new ArrayBuffer(4)), TypeError);
  assertThrows(() => crypto.getRandomValues(), TypeError);
  assertThrows(() => Crypto.prototype.getRandomValues.call({}, new Uint8Array(1)), TypeError);
}

export function random_uuid() {
  const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const seen = new Set();
  for (let i = 0; i < 100; i++) {
    const u = crypto.randomUUID();
    assert(re.test(u), u);
    seen.add(u);
  }
  assertEquals(seen.size, 100);
}

export function class_shape() {
  assert(crypto instanceof Crypto);
  assert(crypto.subtle instanceof SubtleCrypto);
  assert(crypto.subtle === crypto.subtle);
  assertThrows(() => new Crypto(), TypeError);
  assertThrows(() => new SubtleCrypto(), TypeError);
  assertEquals(Object.prototype.toString.call(crypto), "[object Crypto]");
  assertEquals(Object.prototype.toString.call(crypto.subtle), "[object SubtleCrypto]");
  assert(Object.getOwnPropertyDescriptor(Crypto.prototype, "getRandomValues").enumerable);
}
