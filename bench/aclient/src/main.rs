//! Closed-loop HTTP/1.1 latency client.
//!
//! C keep-alive connections on one current-thread tokio runtime; each connection sends its next
//! request only when the previous response has been read completely (Content-Length or chunked).
//! Every request's latency is recorded with a monotonic clock. Prints one JSON object.
//!
//! aclient --addr 127.0.0.1:8080 [--host H] [--path /] [--conns 10] [--secs 5] [--warmup 1]
//!         [--method GET] [--body-file F] [--content-type T] [--header "k: v"]...
use std::io;
use std::rc::Rc;
use std::cell::RefCell;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Opts {
    addr: String,
    host: String,
    path: String,
    conns: usize,
    secs: f64,
    warmup: f64,
    method: String,
    body: Vec<u8>,
    content_type: Option<String>,
    headers: Vec<String>,
}

fn parse() -> Opts {
    let mut o = Opts {
        addr: "127.0.0.1:8080".into(),
        host: String::new(),
        path: "/".into(),
        conns: 1,
        secs: 5.0,
        warmup: 0.0,
        method: "GET".into(),
        body: vec![],
        content_type: None,
        headers: vec![],
    };
    let a: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < a.len() {
        let v = a.get(i + 1).cloned().unwrap_or_default();
        match a[i].as_str() {
            "--addr" => o.addr = v,
            "--host" => o.host = v,
            "--path" => o.path = v,
            "--conns" => o.conns = v.parse().expect("--conns"),
            "--secs" => o.secs = v.parse().expect("--secs"),
            "--warmup" => o.warmup = v.parse().expect("--warmup"),
            "--method" => o.method = v,
            "--body-file" => o.body = std::fs::read(&v).expect("--body-file"),
            "--content-type" => o.content_type = Some(v),
            "--header" => o.headers.push(v),
            x => panic!("unknown argument {x}"),
        }
        i += 2;
    }
    if o.host.is_empty() {
        o.host = o.addr.clone();
    }
    o
}

#[derive(Default)]
struct Stats {
    lat_ns: Vec<u64>,
    bytes: u64,
    non2xx: u64,
    errors: u64,
}

/// Reads one full response from `s`, using `buf` as carry-over buffer. Returns (status, body bytes).
async fn read_response(s: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<(u16, u64)> {
    // headers
    let head_end;
    loop {
        if let Some(p) = find(buf, b"\r\n\r\n") {
            head_end = p + 4;
            break;
        }
        fill(s, buf).await?;
    }
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| io::Error::other("bad head"))?.to_string();
    buf.drain(..head_end);
    let status: u16 = head.split(' ').nth(1).and_then(|x| x.parse().ok()).ok_or_else(|| io::Error::other("bad status"))?;
    let mut clen: Option<u64> = None;
    let mut chunked = false;
    for line in head.split("\r\n").skip(1) {
        if let Some((k, v)) = line.split_once(':') {
            let k = k.trim().to_ascii_lowercase();
            let v = v.trim();
            if k == "content-length" {
                clen = v.parse().ok();
            } else if k == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked") {
                chunked = true;
            }
        }
    }
    let mut body = 0u64;
    if chunked {
        loop {
            let line_end = loop {
                if let Some(p) = find(buf, b"\r\n") {
                    break p;
                }
                fill(s, buf).await?;
            };
            let line = std::str::from_utf8(&buf[..line_end]).map_err(|_| io::Error::other("bad chunk"))?;
            let size = u64::from_str_radix(line.split(';').next().unwrap().trim(), 16).map_err(|_| io::Error::other("bad chunk size"))?;
            buf.drain(..line_end + 2);
            if size == 0 {
                // trailers until empty line
                loop {
                    let p = loop {
                        if let Some(p) = find(buf, b"\r\n") {
                            break p;
                        }
                        fill(s, buf).await?;
                    };
                    buf.drain(..p + 2);
                    if p == 0 {
                        break;
                    }
                }
                break;
            }
            skip(s, buf, size + 2).await?;
            body += size;
        }
    } else if let Some(n) = clen {
        skip(s, buf, n).await?;
        body = n;
    } else if status != 204 && status != 304 {
        return Err(io::Error::other("response without length (connection-close bodies unsupported)"));
    }
    Ok((status, body))
}

async fn skip(s: &mut TcpStream, buf: &mut Vec<u8>, mut n: u64) -> io::Result<()> {
    loop {
        let take = (buf.len() as u64).min(n) as usize;
        buf.drain(..take);
        n -= take as u64;
        if n == 0 {
            return Ok(());
        }
        fill(s, buf).await?;
    }
}

async fn fill(s: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<()> {
    let mut tmp = [0u8; 65536];
    let n = s.read(&mut tmp).await?;
    if n == 0 {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed"));
    }
    buf.extend_from_slice(&tmp[..n]);
    Ok(())
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

async fn conn_loop(o: Rc<Opts>, req: Rc<Vec<u8>>, start: Instant, measure_from: Instant, end: Instant, st: Rc<RefCell<Stats>>) {
    let _ = start;
    'outer: while Instant::now() < end {
        let mut s = match TcpStream::connect(&o.addr).await {
            Ok(s) => s,
            Err(_) => {
                st.borrow_mut().errors += 1;
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = s.set_nodelay(true);
        let mut buf = Vec::with_capacity(65536);
        loop {
            let t0 = Instant::now();
            if t0 >= end {
                break 'outer;
            }
            if s.write_all(&req).await.is_err() {
                st.borrow_mut().errors += 1;
                continue 'outer;
            }
            match read_response(&mut s, &mut buf).await {
                Ok((status, body)) => {
                    let t1 = Instant::now();
                    if t0 >= measure_from && t1 <= end {
                        let mut g = st.borrow_mut();
                        g.lat_ns.push((t1 - t0).as_nanos() as u64);
                        g.bytes += body;
                        if !(200..300).contains(&status) {
                            g.non2xx += 1;
                        }
                    }
                }
                Err(_) => {
                    st.borrow_mut().errors += 1;
                    continue 'outer;
                }
            }
        }
    }
}

fn pct(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    let idx = idx.clamp(1, sorted.len()) - 1;
    sorted[idx] as f64 / 1e6
}

fn main() {
    let o = Rc::new(parse());
    let mut req = format!("{} {} HTTP/1.1\r\nHost: {}\r\n", o.method, o.path, o.host);
    if !o.body.is_empty() || o.method != "GET" {
        req.push_str(&format!("Content-Length: {}\r\n", o.body.len()));
    }
    if let Some(ct) = &o.content_type {
        req.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    for h in &o.headers {
        req.push_str(h);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    let mut req = req.into_bytes();
    req.extend_from_slice(&o.body);
    let req = Rc::new(req);

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let local = tokio::task::LocalSet::new();
    let st = Rc::new(RefCell::new(Stats::default()));
    let start = Instant::now();
    let measure_from = start + Duration::from_secs_f64(o.warmup);
    let end = measure_from + Duration::from_secs_f64(o.secs);
    local.block_on(&rt, async {
        let mut hs = vec![];
        for _ in 0..o.conns {
            hs.push(tokio::task::spawn_local(conn_loop(o.clone(), req.clone(), start, measure_from, end, st.clone())));
        }
        for h in hs {
            let _ = h.await;
        }
    });
    let mut g = st.borrow_mut();
    g.lat_ns.sort_unstable();
    let n = g.lat_ns.len();
    let secs = o.secs;
    let mean_ms = if n > 0 { g.lat_ns.iter().sum::<u64>() as f64 / n as f64 / 1e6 } else { f64::NAN };
    let rps = n as f64 / secs;
    println!(
        "{{\"conns\":{},\"secs\":{},\"requests\":{},\"rps\":{:.1},\"mean_ms\":{:.4},\"p50_ms\":{:.4},\"p90_ms\":{:.4},\"p99_ms\":{:.4},\"p999_ms\":{:.4},\"max_ms\":{:.4},\"bytes\":{},\"non2xx\":{},\"errors\":{},\"littles_law_inflight\":{:.3}}}",
        o.conns,
        secs,
        n,
        rps,
        mean_ms,
        pct(&g.lat_ns, 50.0),
        pct(&g.lat_ns, 90.0),
        pct(&g.lat_ns, 99.0),
        pct(&g.lat_ns, 99.9),
        g.lat_ns.last().map(|x| *x as f64 / 1e6).unwrap_or(f64::NAN),
        g.bytes,
        g.non2xx,
        g.errors,
        mean_ms / 1000.0 * rps
    );
}
