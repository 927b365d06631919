// Runs one of crates/hearth-web/tests/js/<family>.js inside a deployed Worker: the same checks
// the crate runs in a bare QuickJS context, here in a real isolate behind the edge, with the
// runtime's globals around them. Uploaded by tests/web_apis.rs with `_harness.js` (assertion
// globals and __runTests), a `setup.js` that defines the globals the family reads (e.g. WPT
// data, uploaded as text modules) and the family file as `family.js`; answers the
// {passed, failed} report that common::run_checks_worker reads.
import "./_harness.js";
import "./setup.js";
import * as family from "./family.js";

export default {
  async fetch() {
    await globalThis.__runTests(family, Promise.resolve());
    const passed = [];
    const failed = [];
    for (const line of globalThis.__results.split(/\n(?! )/)) {
      if (line.startsWith("PASS ")) passed.push(line.slice(5));
      else if (line.startsWith("FAIL ")) {
        const [name, ...rest] = line.slice(5).split(": ");
        failed.push({ name, error: rest.join(": ") });
      }
    }
    return Response.json({ passed, failed, printed: globalThis.__printed || [] });
  },
};
