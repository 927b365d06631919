// WPT URL conformance: runs urltestdata.json, setters_tests.json and toascii.json (read in place
// by tests/url_wpt.rs) through URL, comparing with the expected failures listed in
// tests/expectations/url.json. A check fails when a case fails unexpectedly or when a case
// listed as failing passes (so the list stays true).

const expectations = JSON.parse(globalThis.__expectations);

// Compares the failures found with the expected ones and prints the counts.
function settle(file, total, failures) {
  const expected = new Map((expectations[file] || []).map((e) => [e.id, e]));
  const unexpected = [];
  for (const [id, f] of failures) {
    const e = expected.get(id);
    if (e === undefined) unexpected.push({ id, ...f });
    else if (e.input !== f.input) unexpected.push({ id, ...f, note: "expectation input differs: data changed?" });
  }
  const nowPassing = [...expected.keys()].filter((id) => !failures.has(id));
  __print(
    `${file}: ${total - failures.size} of ${total} cases pass, ${failures.size} expected failures` +
      ` (${unexpected.length} unexpected, ${nowPassing.length} expected failures now pass)`
  );
  if (unexpected.length || nowPassing.length) {
    throw new Error(
      `unexpected failures: ${JSON.stringify(unexpected, null, 1)}\nexpected failures now passing: ${JSON.stringify(nowPassing)}`
    );
  }
}

const urlKeys = ["href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"];

export function urltestdata() {
  const data = JSON.parse(globalThis.__urltestdata);
  const failures = new Map();
  let total = 0;
  data.forEach((t, index) => {
    if (typeof t === "string") return;
    total++;
    const base = t.base !== null ? t.base : undefined;
    const problems = [];
    try {
      if (URL.canParse(t.input, base) !== !t.failure) problems.push(`canParse gave ${!t.failure ? "false" : "true"}`);
      if ((URL.parse(t.input, base) === null) !== !!t.failure) problems.push("URL.parse disagrees");
      let url;
      try {
        url = new URL(t.input, base);
      } catch (e) {
        if (!t.failure) problems.push(`threw ${e}`);
        else if (!(e instanceof TypeError)) problems.push(`threw ${e}, not a TypeError`);
      }
      if (url !== undefined) {
        if (t.failure) problems.push(`parsed as ${url.href}`);
        else {
          for (const k of urlKeys) if (url[k] !== t[k]) problems.push(`${k}: ${JSON.stringify(url[k])} != ${JSON.stringify(t[k])}`);
          if ("origin" in t && url.origin !== t.origin) problems.push(`origin: ${url.origin} != ${t.origin}`);
          if ("searchParams" in t && url.searchParams.toString() !== t.searchParams) problems.push("searchParams differ");
        }
      }
    } catch (e) {
      problems.push(`exception ${e}`);
    }
    if (problems.length) failures.set(String(index), { input: t.input, base: t.base, problems });
  });
  settle("urltestdata", total, failures);
}

export function setters_tests() {
  const data = JSON.parse(globalThis.__setters);
  const failures = new Map();
  let total = 0;
  for (const attr of Object.keys(data)) {
    if (attr === "comment") continue;
    data[attr].forEach((t, i) => {
      total++;
      const problems = [];
      try {
        const url = new URL(t.href);
        url[attr] = t.new_value;
        for (const k of Object.keys(t.expected)) {
          if (url[k] !== t.expected[k]) problems.push(`${k}: ${JSON.stringify(url[k])} != ${JSON.stringify(t.expected[k])}`);
        }
      } catch (e) {
        problems.push(`exception ${e}`);
      }
      if (problems.length) failures.set(`${attr}[${i}]`, { input: `${t.href} ${attr}=${t.new_value}`, problems });
    });
  }
  settle("setters_tests", total, failures);
}

export function toascii() {
  const data = JSON.parse(globalThis.__toascii);
  const failures = new Map();
  let total = 0;
  data.forEach((t, index) => {
    if (typeof t === "string") return;
    total++;
    const problems = [];
    try {
      if (t.output === null) {
        let threw = false;
        try {
          new URL(`https://${t.input}/x`);
        } catch (e) {
          threw = e instanceof TypeError;
        }
        if (!threw) problems.push("constructor did not throw a TypeError");
      } else {
        const url = new URL(`https://${t.input}/x`);
        if (url.host !== t.output) problems.push(`host ${url.host}`);
        if (url.hostname !== t.output) problems.push(`hostname ${url.hostname}`);
        if (url.pathname !== "/x") problems.push(`pathname ${url.pathname}`);
        if (url.href !== `https://${t.output}/x`) problems.push(`href ${url.href}`);
      }
      for (const attr of ["host", "hostname"]) {
        const url = new URL("https://x/x");
        url[attr] = t.input;
        const want = t.output !== null ? t.output : "x";
        if (url[attr] !== want) problems.push(`${attr} setter gave ${url[attr]}`);
      }
    } catch (e) {
      problems.push(`exception ${e}`);
    }
    if (problems.length) failures.set(String(index), { input: t.input, problems });
  });
  settle("toascii", total, failures);
}
