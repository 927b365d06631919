// An HTML-rewriting proxy written the way Cloudflare's docs show it: rewrite the links of
// `a[href]`, `img[src]` and `link[href]` from the origin's host to the public one, and inject a
// script at the end of <body>; the <h1> gets its text from another origin request, made by an
// async handler while the page streams. Non-HTML responses pass through untouched.
const OLD_URL = "http://origin.example";
const NEW_URL = "https://www.example.com";

class AttributeRewriter {
  constructor(attributeName) {
    this.attributeName = attributeName;
  }
  element(element) {
    const attribute = element.getAttribute(this.attributeName);
    if (attribute) {
      element.setAttribute(this.attributeName, attribute.replace(OLD_URL, NEW_URL));
    }
  }
}

class ScriptInjector {
  element(element) {
    element.append('<script src="/_proxy/analytics.js"></script>\n', { html: true });
  }
}

class Greeting {
  constructor(env) {
    this.env = env;
  }
  async element(element) {
    const res = await this.env.ORIGIN.fetch("http://origin.example/greeting");
    element.setInnerContent(await res.text());
  }
}

export default {
  async fetch(request, env) {
    const res = await env.ORIGIN.fetch(request);
    const contentType = res.headers.get("content-type") || "";
    if (contentType.startsWith("text/html")) {
      return new HTMLRewriter()
        .on("a[href]", new AttributeRewriter("href"))
        .on("img[src]", new AttributeRewriter("src"))
        .on("link[href]", new AttributeRewriter("href"))
        .on("body", new ScriptInjector())
        .on("h1", new Greeting(env))
        .transform(res);
    }
    return res;
  },
};
