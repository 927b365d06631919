// A "realistic" JSON API worker: route by method + URL, parse a JSON request body, validate,
// compute, answer JSON with headers.
function json(status, obj, extra) {
  return new Response(JSON.stringify(obj), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...extra },
  });
}

let seq = 0;

async function createOrder(request, env, userId) {
  let order;
  try {
    order = await request.json();
  } catch (e) {
    return json(400, { ok: false, error: "invalid JSON" });
  }
  if (!order || !Array.isArray(order.items) || order.items.length === 0) {
    return json(422, { ok: false, error: "items required" });
  }
  let subtotal = 0;
  const lines = [];
  for (const it of order.items) {
    if (typeof it.sku !== "string" || !(it.qty > 0) || !(it.price >= 0)) {
      return json(422, { ok: false, error: "bad item" });
    }
    const total = Math.round(it.qty * it.price * 100) / 100;
    subtotal += total;
    lines.push({ sku: it.sku, qty: it.qty, total });
  }
  const discount = order.coupon === "SAVE10" ? Math.round(subtotal * 10) / 100 : 0;
  const tax = Math.round((subtotal - discount) * env.TAX_RATE * 100) / 100;
  seq += 1;
  return json(201, {
    ok: true,
    order: {
      id: `ord_${userId}_${seq}`,
      user: userId,
      currency: order.currency || "EUR",
      lines,
      subtotal: Math.round(subtotal * 100) / 100,
      discount,
      tax,
      total: Math.round((subtotal - discount + tax) * 100) / 100,
    },
  }, { location: `/api/users/${userId}/orders/ord_${seq}`, "x-api-version": env.API_VERSION });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] !== "api") return json(404, { ok: false, error: "not found" });
    if (parts[1] === "health" && request.method === "GET") {
      return json(200, { ok: true, version: env.API_VERSION });
    }
    if (parts[1] === "users" && parts[3] === "orders" && parts.length === 4) {
      if (request.method === "POST") return createOrder(request, env, parts[2]);
      return json(405, { ok: false, error: "method not allowed" }, { allow: "POST" });
    }
    return json(404, { ok: false, error: "not found" });
  }
};
