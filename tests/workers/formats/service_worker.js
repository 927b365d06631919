let count = 0;
addEventListener("fetch", (event) => {
  count++;
  event.respondWith(handle(event.request));
});

async function handle(request) {
  return new Response(`${MESSAGE} ${request.method} count=${count}`, { status: 201 });
}
