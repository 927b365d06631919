// WPT URLPattern conformance: runs urlpatterntestdata.json (read in place by tests/url_wpt.rs)
// the way the upstream harness does, comparing with tests/expectations/urlpattern.json.

const expectations = JSON.parse(globalThis.__expectations);
const COMPONENTS = ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"];
const EARLIER = {
  protocol: [], hostname: ["protocol"], port: ["protocol", "hostname"], username: [], password: [],
  pathname: ["protocol", "hostname", "port"], search: ["protocol", "hostname", "port", "pathname"],
  hash: ["protocol", "hostname", "port", "pathname", "search"],
};

// The pattern string a component is expected to compile to, when the data does not say.
function expectedPattern(entry, component) {
  const given = entry.expected_obj && entry.expected_obj[component];
  if (given !== undefined) return given;
  const first = entry.pattern[0];
  let baseURL = null;
  if (first && typeof first === "object" && first.baseURL) baseURL = new URL(first.baseURL);
  else if (typeof entry.pattern[1] === "string") baseURL = new URL(entry.pattern[1]);
  if (entry.exactly_empty_components && entry.exactly_empty_components.includes(component)) return "";
  if (first && typeof first === "object" && first[component]) return first[component];
  if (first && typeof first === "object" && EARLIER[component].some((c) => first[c] !== undefined)) return "*";
  if (baseURL && component !== "username" && component !== "password") {
    let v = baseURL[component];
    if (component === "protocol") v = v.slice(0, -1);
    else if (component === "search" || component === "hash") v = v.slice(1);
    return v;
  }
  return "*";
}

function same(a, b) {
  return JSON.stringify(a, (k, v) => (v === undefined ? "<undefined>" : v)) ===
    JSON.stringify(b, (k, v) => (v === undefined ? "<undefined>" : v));
}

function check(entry) {
  const problems = [];
  if (entry.expected_obj === "error") {
    try {
      new URLPattern(...entry.pattern);
      problems.push("constructor did not throw");
    } catch (e) {
      if (!(e instanceof TypeError)) problems.push(`constructor threw ${e}`);
    }
    return problems;
  }
  let pattern;
  try {
    pattern = new URLPattern(...entry.pattern);
  } catch (e) {
    return [`constructor threw ${e}`];
  }
  for (const c of COMPONENTS) {
    const want = expectedPattern(entry, c);
    if (pattern[c] !== want) problems.push(`${c}: ${JSON.stringify(pattern[c])} != ${JSON.stringify(want)}`);
  }
  if (entry.expected_match === "error") {
    for (const m of ["test", "exec"]) {
      try {
        pattern[m](...entry.inputs);
        problems.push(`${m} did not throw`);
      } catch (e) {
        if (!(e instanceof TypeError)) problems.push(`${m} threw ${e}`);
      }
    }
    return problems;
  }
  let tested, result;
  try {
    tested = pattern.test(...entry.inputs);
    result = pattern.exec(...entry.inputs);
  } catch (e) {
    return [...problems, `test/exec threw ${e}`];
  }
  if (tested !== !!entry.expected_match) problems.push(`test() gave ${tested}`);
  if (!entry.expected_match || typeof entry.expected_match !== "object") {
    if (result !== entry.expected_match) problems.push(`exec() gave ${JSON.stringify(result)}`);
    return problems;
  }
  if (result === null) return [...problems, "exec() gave null"];
  const wantInputs = entry.expected_match.inputs || entry.inputs;
  if (result.inputs.length !== wantInputs.length) problems.push("inputs length differs");
  for (let i = 0; i < result.inputs.length; i++) {
    const got = result.inputs[i];
    const want = wantInputs[i];
    if (typeof got === "string" ? got !== want : COMPONENTS.some((c) => got[c] !== (want || {})[c])) {
      problems.push(`inputs[${i}] differs`);
    }
  }
  for (const c of COMPONENTS) {
    let want = entry.expected_match[c];
    if (!want) {
      want = { input: "", groups: {} };
      if (!entry.exactly_empty_components || !entry.exactly_empty_components.includes(c)) want.groups["0"] = "";
    }
    want = { input: want.input, groups: Object.fromEntries(Object.entries(want.groups).map(([k, v]) => [k, v === null ? undefined : v])) };
    if (!same(result[c], want)) problems.push(`exec ${c}: ${JSON.stringify(result[c])} != ${JSON.stringify(want)}`);
  }
  return problems;
}

export function urlpatterntestdata() {
  const data = JSON.parse(globalThis.__urlpatterntestdata);
  const failures = new Map();
  data.forEach((entry, index) => {
    let problems;
    try {
      problems = check(entry);
    } catch (e) {
      problems = [`harness exception ${e}`];
    }
    if (problems.length) failures.set(String(index), { input: JSON.stringify(entry.pattern), problems });
  });
  const expected = new Map((expectations.urlpatterntestdata || []).map((e) => [e.id, e]));
  const unexpected = [...failures].filter(([id, f]) => !expected.has(id) || expected.get(id).input !== f.input);
  const nowPassing = [...expected.keys()].filter((id) => !failures.has(id));
  __print(`urlpatterntestdata: ${data.length - failures.size} of ${data.length} cases pass, ${failures.size} expected failures (${unexpected.length} unexpected, ${nowPassing.length} expected failures now pass)`);
  if (unexpected.length || nowPassing.length) {
    throw new Error(`unexpected failures: ${JSON.stringify(unexpected.map(([id, f]) => ({ id, ...f })), null, 1)}\nexpected failures now passing: ${JSON.stringify(nowPassing)}`);
  }
}
