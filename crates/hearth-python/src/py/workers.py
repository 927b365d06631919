"""The `workers` module of Hearth's Python Workers (Cloudflare's Python Workers API subset).

Loaded once into the template process; every isolate forked from it shares it. The host loop
(`host.py`) sets `_host` in each isolate before the Worker's modules are imported.
"""

import json as _json
import urllib.parse as _urlparse

__all__ = [
    "Response",
    "Request",
    "Headers",
    "WorkerEntrypoint",
    "Context",
    "FetchError",
    "fetch",
    "handler",
]

# Set by host.py in the isolate: an object with `async subrequest(target, method, url, headers,
# body) -> (status, headers, body)`.
_host = None


class FetchError(Exception):
    """An outbound fetch or service binding call failed before a response arrived."""


def _to_bytes(body):
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    raise TypeError(
        "body must be str, bytes, bytearray, memoryview or None, not %s"
        % type(body).__name__
    )


class Headers:
    """Case-insensitive HTTP headers that keep repeated fields (like the Fetch `Headers`)."""

    def __init__(self, init=None):
        self._items = []  # list of [lower_name, value]
        if init is None:
            return
        if isinstance(init, Headers):
            self._items = [list(kv) for kv in init._items]
            return
        if hasattr(init, "items"):
            init = init.items()
        for name, value in init:
            self.append(name, value)

    def append(self, name, value):
        self._items.append([str(name).lower(), str(value)])

    def set(self, name, value):
        self.delete(name)
        self.append(name, value)

    def delete(self, name):
        name = str(name).lower()
        self._items = [kv for kv in self._items if kv[0] != name]

    def get(self, name, default=None):
        name = str(name).lower()
        values = [v for k, v in self._items if k == name]
        if not values:
            return default
        return ", ".join(values)

    def get_all(self, name):
        name = str(name).lower()
        return [v for k, v in self._items if k == name]

    def has(self, name):
        return self.get(name) is not None

    def keys(self):
        seen = []
        for k, _ in self._items:
            if k not in seen:
                seen.append(k)
        return seen

    def items(self):
        return [(k, self.get(k)) for k in self.keys()]

    def values(self):
        return [self.get(k) for k in self.keys()]

    def __getitem__(self, name):
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __setitem__(self, name, value):
        self.set(name, value)

    def __delitem__(self, name):
        self.delete(name)

    def __contains__(self, name):
        return self.has(name)

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self.keys())

    def __repr__(self):
        return "Headers(%r)" % (self.items(),)

    def _wire(self):
        return [[k, v] for k, v in self._items]


class _Body:
    """Body accessors shared by Request and Response."""

    _body = b""

    async def bytes(self):
        return self._body

    async def text(self):
        return self._body.decode("utf-8", errors="replace")

    async def json(self):
        return _json.loads(self._body.decode("utf-8"))

    async def array_buffer(self):
        return self._body

    # Cloudflare's Python SDK spells some of these in camelCase too.
    arrayBuffer = array_buffer

    @property
    def body(self):
        return self._body

    @property
    def body_used(self):
        return False


class _ClassOrInstance:
    """A method that does one thing on the class and another on an instance."""

    def __init__(self, on_class, on_instance):
        self._on_class = on_class
        self._on_instance = on_instance

    def __get__(self, obj, cls):
        if obj is None:
            return lambda *args, **kwargs: self._on_class(cls, *args, **kwargs)
        return lambda *args, **kwargs: self._on_instance(obj, *args, **kwargs)


def _response_json(cls, data, status=200, headers=None, **kwargs):
    headers = Headers(headers)
    if "content-type" not in headers:
        headers.set("content-type", "application/json")
    return cls(_json.dumps(data), status=status, headers=headers, **kwargs)


class Request(_Body):
    """An HTTP request: the incoming one, or one built to pass to `fetch` or a service binding."""

    def __init__(self, url, method="GET", headers=None, body=None, **kwargs):
        if isinstance(url, Request):
            base = url
            url = base.url
            method = kwargs.get("method", method if method != "GET" else base.method)
            headers = headers if headers is not None else base.headers
            body = body if body is not None else base._body
        self.url = str(url)
        self.method = str(method).upper()
        self.headers = Headers(headers)
        self._body = _to_bytes(body)

    @property
    def path(self):
        return _urlparse.urlsplit(self.url).path

    @property
    def query(self):
        return _urlparse.parse_qs(_urlparse.urlsplit(self.url).query)

    def clone(self):
        return Request(self.url, self.method, Headers(self.headers), self._body)

    def __repr__(self):
        return "<Request %s %s>" % (self.method, self.url)


class Response(_Body):
    """An HTTP response a handler returns, or one that `fetch` produced."""

    def __init__(
        self, body=None, status=200, headers=None, status_text=None, statusText=None
    ):
        status = int(status)
        if status < 200 or status > 599:
            raise ValueError("Response status must be in the range 200 to 599, got %d" % status)
        self.status = status
        self.status_text = status_text or statusText or ""
        self.headers = Headers(headers)
        if isinstance(body, str) and "content-type" not in self.headers:
            self.headers.set("content-type", "text/plain;charset=UTF-8")
        self._body = _to_bytes(body)
        self.url = ""

    @property
    def ok(self):
        return 200 <= self.status <= 299

    @property
    def statusText(self):
        return self.status_text

    # `Response.json(data)` builds a JSON response; `await response.json()` reads a body.
    json = _ClassOrInstance(_response_json, _Body.json)

    @classmethod
    def redirect(cls, url, status=302):
        if status not in (301, 302, 303, 307, 308):
            raise ValueError("invalid redirect status %d" % status)
        return cls(None, status=status, headers={"location": str(url)})

    def clone(self):
        r = Response(self._body, self.status, Headers(self.headers), self.status_text)
        r.url = self.url
        return r

    def __repr__(self):
        return "<Response %d>" % self.status


def _split_target(resource, method, headers, body):
    if isinstance(resource, Request):
        req = Request(resource)
        if method is not None:
            req.method = str(method).upper()
        if headers is not None:
            req.headers = Headers(headers)
        if body is not None:
            req._body = _to_bytes(body)
        return req
    return Request(str(resource), method or "GET", headers, body)


async def _subrequest(target, resource, method, headers, body):
    if _host is None:
        raise FetchError("fetch is only available inside a Worker")
    req = _split_target(resource, method, headers, body)
    status, resp_headers, resp_body = await _host.subrequest(
        target, req.method, req.url, req.headers._wire(), req._body
    )
    resp = Response.__new__(Response)
    resp.status = status
    resp.status_text = ""
    resp.headers = Headers(resp_headers)
    resp._body = resp_body
    resp.url = req.url
    return resp


async def fetch(resource, method=None, headers=None, body=None, **kwargs):
    """Outbound HTTP through Hearth (egress policy and subrequest limit apply)."""
    if "options" in kwargs and isinstance(kwargs["options"], dict):
        opts = kwargs["options"]
        method = opts.get("method", method)
        headers = opts.get("headers", headers)
        body = opts.get("body", body)
    return await _subrequest(None, resource, method, headers, body)


class Fetcher:
    """A service binding: `await env.SVC.fetch(url_or_request, method=, headers=, body=)`."""

    def __init__(self, binding):
        self._binding = binding

    async def fetch(self, resource, method=None, headers=None, body=None, **kwargs):
        if isinstance(resource, str) and "://" not in resource:
            resource = "https://%s.internal%s%s" % (
                self._binding.lower(),
                "" if resource.startswith("/") else "/",
                resource,
            )
        return await _subrequest(self._binding, resource, method, headers, body)

    def __repr__(self):
        return "<Fetcher %s>" % self._binding


class VersionMetadata:
    """The `version_metadata` binding: `id`, `tag`, `timestamp`."""

    def __init__(self, id, tag, timestamp):
        self.id = id
        self.tag = tag
        self.timestamp = timestamp

    def __repr__(self):
        return "VersionMetadata(id=%r, tag=%r, timestamp=%r)" % (self.id, self.tag, self.timestamp)


class Env:
    """A Worker's bindings, as attributes (`env.MESSAGE`) and items (`env["MESSAGE"]`)."""

    def __init__(self, values):
        self.__dict__.update(values)

    def __getitem__(self, name):
        try:
            return self.__dict__[name]
        except KeyError:
            raise KeyError(name) from None

    def __contains__(self, name):
        return name in self.__dict__

    def __repr__(self):
        return "Env(%s)" % ", ".join(sorted(self.__dict__))


class Context:
    """The execution context: `wait_until(awaitable)` keeps work running after the response."""

    def __init__(self, spawn):
        self._spawn = spawn
        self.props = {}

    def wait_until(self, awaitable):
        self._spawn(awaitable)

    waitUntil = wait_until

    def pass_through_on_exception(self):
        pass

    passThroughOnException = pass_through_on_exception


def handler(fn):
    """`@handler` from Cloudflare's newer Python SDK: marks `on_fetch` & co. (a no-op here)."""
    return fn


class WorkerEntrypoint:
    """Base class of `class Default(WorkerEntrypoint)`: gives `self.env` and `self.ctx`."""

    def __init__(self, ctx, env):
        self.ctx = ctx
        self.env = env
