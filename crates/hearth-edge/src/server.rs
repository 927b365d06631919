//! The edge's HTTP server: HTTP/1.1 keep-alive and h2c on one listener, graceful shutdown.

use crate::Edge;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Accepts connections on `listener` until `shutdown` resolves, then lets in-flight requests
/// finish (at most `grace`).
pub async fn serve(
    edge: Arc<Edge>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let builder = auto::Builder::new(TokioExecutor::new());
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(s) => s,
                Err(e) => { tracing::warn!(error = %e, "edge accept failed"); continue; }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let edge = edge.clone();
        let svc = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let edge = edge.clone();
            async move {
                let mut req = req.map(|b| {
                    b.map_err(|e| Box::new(e) as hearth_runtime::BoxError)
                        .boxed()
                });
                req.extensions_mut().insert(crate::client::ClientAddr(peer));
                Ok::<_, std::convert::Infallible>(edge.handle(req).await)
            }
        });
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), svc)
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(grace, graceful.shutdown()).await;
}
