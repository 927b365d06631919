// Web Crypto per request: verifies an HS256 JWT the way auth middleware does (base64url decode,
// importKey of the secret, HMAC verify, claims check) and answers the claims as JSON. The token
// is signed once at start-up, so every request does the same verification work.
const enc = new TextEncoder();
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64url = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const SECRET = "bench-secret-bench-secret-bench-secret";

async function hmacKey(usage) {
  return crypto.subtle.importKey("raw", enc.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

let token;
async function tokenOnce() {
  if (token) return token;
  const head = b64url(enc.encode(JSON.stringify({ alg: "HS256", typ: "JWT" })));
  const body = b64url(enc.encode(JSON.stringify({ sub: "user-42", role: "admin", exp: 4102444800 })));
  const sig = await crypto.subtle.sign("HMAC", await hmacKey("sign"), enc.encode(`${head}.${body}`));
  token = `${head}.${body}.${b64url(new Uint8Array(sig))}`;
  return token;
}

export default {
  async fetch(request) {
    const jwt = request.headers.get("authorization")?.slice(7) || (await tokenOnce());
    const [head, body, sig] = jwt.split(".");
    const ok = await crypto.subtle.verify("HMAC", await hmacKey("verify"), unb64url(sig), enc.encode(`${head}.${body}`));
    if (!ok) return new Response("bad signature", { status: 401 });
    const claims = JSON.parse(new TextDecoder().decode(unb64url(body)));
    if (claims.exp * 1000 < Date.now()) return new Response("expired", { status: 401 });
    return Response.json({ sub: claims.sub, role: claims.role });
  },
};
