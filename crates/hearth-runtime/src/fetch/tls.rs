//! TLS for outbound `fetch("https://…")`: rustls (ring), trusting the host's CA store plus any
//! extra CA certificates the operator configured (`EgressPolicy::extra_ca_pem`, e.g. an internal
//! CA of an air-gapped site). Certificates are verified as a browser would: chain to a trusted
//! root and name match, no opt-out for Workers.

use crate::config::EgressPolicy;
use rustls::RootCertStore;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use std::sync::{Arc, OnceLock};

/// The host's trusted roots, read once per process.
fn system_roots() -> &'static Vec<CertificateDer<'static>> {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let found = rustls_native_certs::load_native_certs();
        for e in &found.errors {
            tracing::warn!(error = %e, "reading the system CA store");
        }
        found.certs
    })
}

/// Parses the PEM certificates of `pem`; an error names what is wrong.
pub fn parse_pem_certs(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("invalid PEM certificate: {e}"))?;
    if certs.is_empty() {
        return Err("no PEM certificate found".into());
    }
    Ok(certs)
}

/// The TLS client configuration for a policy: system roots plus the policy's extra CAs (ALPN is
/// set by the connector: HTTP/2 and HTTP/1.1). Built once per process for each set of extra CAs
/// (every isolate thread has two clients, and the edge one more): all of them share it.
pub fn client_config(policy: &EgressPolicy) -> Arc<rustls::ClientConfig> {
    type Built = Vec<(Vec<u8>, Arc<rustls::ClientConfig>)>;
    static BUILT: std::sync::Mutex<Built> = std::sync::Mutex::new(Vec::new());
    let mut built = BUILT.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, config)) = built.iter().find(|(pem, _)| *pem == policy.extra_ca_pem) {
        return config.clone();
    }
    let config = build(policy);
    built.push((policy.extra_ca_pem.clone(), config.clone()));
    config
}

fn build(policy: &EgressPolicy) -> Arc<rustls::ClientConfig> {
    let mut roots = RootCertStore::empty();
    let (_, bad) = roots.add_parsable_certificates(system_roots().iter().cloned());
    if bad > 0 {
        tracing::debug!(
            ignored = bad,
            "unparsable certificates in the system CA store"
        );
    }
    if !policy.extra_ca_pem.is_empty() {
        match parse_pem_certs(&policy.extra_ca_pem) {
            Ok(certs) => {
                roots.add_parsable_certificates(certs);
            }
            Err(e) => tracing::error!(error = %e, "extra egress CA certificates ignored"),
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
}
