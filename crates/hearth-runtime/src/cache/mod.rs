//! The Cache API (`caches.default`, `caches.open(name)`): a real, in-memory HTTP cache shared by
//! every isolate of the process, partitioned so that a Worker only ever sees its own account's
//! entries (and, for Workers for Platforms user Workers, only its own dispatch namespace's).
//!
//! [`CacheStore`] holds the entries (LRU within a byte budget, each with an expiry computed by
//! [`policy`] from the response's `Cache-Control`/`Expires` headers); [`natives`] installs the
//! functions `js/cache_impl.js` calls. The partition is taken from the isolate's
//! [`crate::WorkerCode`], never from JavaScript, so tenant code cannot name another tenant's
//! cache.

pub(crate) mod natives;
pub mod policy;

use bytes::Bytes;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One cached response: what `cache.match` rebuilds a `Response` from.
#[derive(Debug, Clone)]
pub struct CachedResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl CachedResponse {
    /// Bytes this entry is charged against the budget (body, headers, fixed overhead).
    fn size(&self, key: &Key) -> usize {
        let headers: usize = self.headers.iter().map(|(k, v)| k.len() + v.len()).sum();
        self.body.len() + headers + key.partition.len() + key.url.len() + 128
    }
}

/// Where an entry lives: the partition (account, dispatch namespace, cache name) and the URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub partition: String,
    pub url: String,
}

impl Key {
    /// The key of `url` in cache `cache_name` ("" for `caches.default`) of a Worker of
    /// `account_id` in dispatch namespace `namespace` ("" outside Workers for Platforms).
    pub fn new(account_id: &str, namespace: &str, cache_name: &str, url: &str) -> Key {
        // NUL cannot occur in an account id or a namespace name, so partitions never collide.
        Key {
            partition: format!("{account_id}\0{namespace}\0{cache_name}"),
            url: url.to_string(),
        }
    }
}

struct Entry {
    response: CachedResponse,
    expires: Instant,
    size: usize,
    tick: u64,
}

#[derive(Default)]
struct State {
    entries: HashMap<Key, Entry>,
    /// Least recently used first.
    lru: BTreeMap<u64, Key>,
    bytes: usize,
    tick: u64,
}

impl State {
    fn remove(&mut self, key: &Key) -> Option<Entry> {
        let e = self.entries.remove(key)?;
        self.lru.remove(&e.tick);
        self.bytes -= e.size;
        Some(e)
    }

    fn touch(&mut self, key: &Key) {
        self.tick += 1;
        let tick = self.tick;
        if let Some(e) = self.entries.get_mut(key) {
            self.lru.remove(&e.tick);
            e.tick = tick;
            self.lru.insert(tick, key.clone());
        }
    }
}

/// The process-wide cache: entries of every partition within one byte budget, evicted least
/// recently used first; expired entries are dropped when looked up or evicted.
pub struct CacheStore {
    budget: usize,
    state: Mutex<State>,
}

impl CacheStore {
    /// A cache holding at most `budget_bytes` (an entry larger than a quarter of it is not kept).
    pub fn new(budget_bytes: usize) -> CacheStore {
        CacheStore {
            budget: budget_bytes,
            state: Mutex::new(State::default()),
        }
    }

    /// Largest single entry the store keeps.
    pub fn max_entry_bytes(&self) -> usize {
        self.budget / 4
    }

    /// Stores `response` under `key` for `ttl`, replacing any earlier entry; returns false when
    /// the entry is too large to keep (an earlier entry under the key is removed either way, as
    /// a put always supersedes what was there).
    pub fn put(&self, key: Key, response: CachedResponse, ttl: Duration) -> bool {
        let size = response.size(&key);
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.remove(&key);
        if size > self.max_entry_bytes() {
            return false;
        }
        while s.bytes + size > self.budget {
            let Some((_, oldest)) = s.lru.pop_first() else {
                break;
            };
            if let Some(e) = s.entries.remove(&oldest) {
                s.bytes -= e.size;
            }
        }
        s.tick += 1;
        let tick = s.tick;
        s.lru.insert(tick, key.clone());
        s.bytes += size;
        s.entries.insert(
            key,
            Entry {
                response,
                expires: Instant::now() + ttl,
                size,
                tick,
            },
        );
        true
    }

    /// The fresh entry under `key`, if any, with its remaining lifetime.
    pub fn get(&self, key: &Key) -> Option<(CachedResponse, Duration)> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let expires = s.entries.get(key)?.expires;
        if expires <= now {
            s.remove(key);
            return None;
        }
        s.touch(key);
        let response = s.entries.get(key)?.response.clone();
        Some((response, expires - now))
    }

    /// Removes the entry under `key`; true when there was a fresh one.
    pub fn delete(&self, key: &Key) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        matches!(s.remove(key), Some(e) if e.expires > Instant::now())
    }

    /// Bytes currently held.
    pub fn bytes(&self) -> usize {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(body: &str) -> CachedResponse {
        CachedResponse {
            status: 200,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: Bytes::from(body.to_string()),
        }
    }

    #[test]
    fn partitions_are_separate() {
        let store = CacheStore::new(1 << 20);
        let a = Key::new("acct-a", "", "", "https://x/");
        let b = Key::new("acct-b", "", "", "https://x/");
        let ns = Key::new("acct-a", "tenants", "", "https://x/");
        assert!(store.put(a.clone(), resp("a"), Duration::from_secs(60)));
        assert!(store.get(&b).is_none());
        assert!(store.get(&ns).is_none());
        assert_eq!(store.get(&a).unwrap().0.body, "a");
        assert!(store.delete(&a));
        assert!(!store.delete(&a));
        assert_eq!(store.bytes(), 0);
    }

    #[test]
    fn expired_entries_are_misses() {
        let store = CacheStore::new(1 << 20);
        let k = Key::new("a", "", "", "https://x/");
        store.put(k.clone(), resp("x"), Duration::ZERO);
        assert!(store.get(&k).is_none());
        assert_eq!(store.bytes(), 0);
    }

    #[test]
    fn least_recently_used_is_evicted_first() {
        let store = CacheStore::new(4096);
        let keys: Vec<Key> = (0..5)
            .map(|i| Key::new("a", "", "", &format!("https://x/{i}")))
            .collect();
        for k in &keys {
            assert!(store.put(k.clone(), resp(&"x".repeat(600)), Duration::from_secs(60)));
        }
        // Touch 0 so that 1 is the least recently used, then overflow the budget.
        assert!(store.get(&keys[0]).is_some());
        let big = Key::new("a", "", "", "https://x/big");
        assert!(store.put(big.clone(), resp(&"y".repeat(800)), Duration::from_secs(60)));
        assert!(store.get(&keys[1]).is_none());
        assert!(store.get(&keys[0]).is_some());
        assert!(store.get(&keys[2]).is_some());
        assert!(store.get(&big).is_some());
        assert!(store.bytes() <= 4096);
        // Too large for the store: not kept, and it replaces (removes) the old entry.
        assert!(!store.put(
            big.clone(),
            resp(&"z".repeat(2000)),
            Duration::from_secs(60)
        ));
        assert!(store.get(&big).is_none());
    }
}
