//! Python Workers through `PythonHost::invoke` and `validate`: handlers, requests, responses,
//! bindings, modules, subrequests, logging, errors.

mod common;

use common::*;

const SEED_ON_FETCH: &str = "from workers import Response\n\ndef on_fetch(request, env):\n    return Response(env.MESSAGE)\n";

const SEED_ENTRYPOINT: &str = "from workers import Response, WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(self.env.MESSAGE)\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_workers_answer_hello_world() {
    let (host, _) = host();
    for src in [SEED_ON_FETCH, SEED_ENTRYPOINT] {
        let code = simple(src);
        assert_eq!(host.validate(&code), Ok(vec!["fetch".to_string()]));
        let (status, headers, text) = read(host.invoke(code.clone(), get("/"), "r1").await).await;
        assert_eq!((status, text.as_str()), (200, "Hello World!"));
        assert_eq!(headers["content-type"], "text/plain;charset=UTF-8");
        // Second request: same isolate.
        let (status, _, text) = read(host.invoke(code, get("/"), "r2").await).await;
        assert_eq!((status, text.as_str()), (200, "Hello World!"));
    }
    host.shutdown();
}
