// Service-worker syntax: bindings are globals.
addEventListener("fetch", (event) => {
  event.respondWith(new Response(`${GREETING} at ${new URL(event.request.url).pathname}`));
});
