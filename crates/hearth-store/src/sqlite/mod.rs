//! The embedded SQLite store: one database file in the data dir, WAL journal with
//! `synchronous=FULL`, every write one `IMMEDIATE` transaction.

mod accounts;
mod namespaces;
mod sealing;
mod versions;
mod workers;

use crate::{Result, StoreError};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::Mutex;

/// The schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("001_init.sql"),
    include_str!("002_dispatch_namespaces.sql"),
];

/// Hearth's default store: SQLite in the data directory.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    key: sealing::SecretKey,
}

impl SqliteStore {
    /// Opens (creating if needed) `hearth.db` in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<SqliteStore> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            StoreError::Invalid(format!(
                "cannot create data dir {}: {e}",
                data_dir.display()
            ))
        })?;
        let conn = Connection::open(data_dir.join("hearth.db"))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
            conn.execute_batch(&format!(
                "BEGIN; {sql}; PRAGMA user_version = {}; COMMIT;",
                i + 1
            ))?;
        }
        let key = sealing::SecretKey::load_or_create(data_dir)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            key,
        })
    }

    /// Runs `f` in one IMMEDIATE transaction, committing on success.
    fn write<T>(&self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Opens the sealed secrets of versions read from the database.
    fn opened(&self, mut versions: Vec<crate::Version>) -> Result<Vec<crate::Version>> {
        for v in &mut versions {
            self.key.open_doc(&mut v.doc)?;
        }
        Ok(versions)
    }

    /// Runs a read-only `f` on the connection.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }
}

/// `query_row` that maps "no rows" to `None`.
fn opt<T>(r: rusqlite::Result<T>) -> Result<Option<T>> {
    Ok(r.optional()?)
}

impl crate::Store for SqliteStore {
    fn create_account(
        &self,
        id: Option<&str>,
        name: &str,
        email: &str,
        subdomain: Option<&str>,
    ) -> Result<crate::Account> {
        self.write(|tx| accounts::create_account(tx, id, name, email, subdomain))
    }
    fn get_account(&self, id: &str) -> Result<Option<crate::Account>> {
        self.read(|c| accounts::get_account(c, id))
    }
    fn list_accounts(&self) -> Result<Vec<crate::Account>> {
        self.read(accounts::list_accounts)
    }
    fn set_account_subdomain(&self, id: &str, subdomain: Option<&str>) -> Result<crate::Account> {
        self.write(|tx| accounts::set_subdomain(tx, id, subdomain))
    }
    fn account_by_subdomain(&self, subdomain: &str) -> Result<Option<crate::Account>> {
        self.read(|c| accounts::by_subdomain(c, subdomain))
    }
    fn create_token(
        &self,
        account_id: &str,
        name: &str,
        read_only: bool,
        secret: Option<&str>,
    ) -> Result<(crate::Token, String)> {
        self.write(|tx| accounts::create_token(tx, account_id, name, read_only, secret))
    }
    fn list_tokens(&self) -> Result<Vec<crate::Token>> {
        self.read(accounts::list_tokens)
    }
    fn revoke_token(&self, id: &str) -> Result<crate::Token> {
        self.write(|tx| accounts::revoke_token(tx, id))
    }
    fn verify_token(&self, secret: &str) -> Result<Option<crate::Token>> {
        self.read(|c| accounts::verify_token(c, secret))
    }
    fn create_worker(&self, new: &crate::NewWorker) -> Result<crate::Worker> {
        self.write(|tx| workers::create(tx, new))
    }
    fn find_worker(&self, scope: &crate::Scope, id_or_name: &str) -> Result<Option<crate::Worker>> {
        self.read(|c| workers::find(c, scope, id_or_name))
    }
    fn list_workers(&self, scope: &crate::Scope) -> Result<Vec<crate::Worker>> {
        self.read(|c| workers::list(c, scope))
    }
    fn update_worker(&self, worker: &crate::Worker) -> Result<crate::Worker> {
        self.write(|tx| workers::update(tx, worker))
    }
    fn delete_worker(&self, scope: &crate::Scope, worker_id: &str) -> Result<()> {
        self.write(|tx| workers::delete(tx, scope, worker_id))
    }
    fn create_version(
        &self,
        req: &crate::CreateVersion,
    ) -> Result<(crate::Worker, crate::Version, Option<crate::Deployment>)> {
        let mut sealed = req.clone();
        self.key.seal_doc(&mut sealed.doc);
        let (w, v, d) = self.write(|tx| versions::create_version(tx, &sealed))?;
        let v = self.opened(vec![v])?.remove(0);
        Ok((w, v, d))
    }
    fn find_version(&self, worker_id: &str, id: &str) -> Result<Option<crate::Version>> {
        let v = self.read(|c| versions::find_version(c, worker_id, id))?;
        Ok(self.opened(v.into_iter().collect())?.pop())
    }
    fn list_versions(&self, worker_id: &str) -> Result<Vec<crate::Version>> {
        let list = self.read(|c| versions::list_versions(c, worker_id))?;
        self.opened(list)
    }
    fn delete_version(&self, worker_id: &str, version_id: &str) -> Result<()> {
        self.write(|tx| versions::delete_version(tx, worker_id, version_id))
    }
    fn version_modules(&self, version_id: &str) -> Result<Vec<crate::ModuleBody>> {
        self.read(|c| versions::modules(c, version_id))
    }
    fn create_deployment(
        &self,
        worker_id: &str,
        new: &crate::NewDeployment,
    ) -> Result<crate::Deployment> {
        self.write(|tx| versions::create_deployment(tx, worker_id, new))
    }
    fn list_deployments(&self, worker_id: &str) -> Result<Vec<crate::Deployment>> {
        self.read(|c| versions::list_deployments(c, worker_id))
    }
    fn get_deployment(&self, worker_id: &str, id: &str) -> Result<Option<crate::Deployment>> {
        self.read(|c| versions::get_deployment(c, worker_id, id))
    }
    fn delete_deployment(&self, worker_id: &str, id: &str) -> Result<()> {
        self.write(|tx| versions::delete_deployment(tx, worker_id, id))
    }
    fn set_schedules(&self, worker_id: &str, crons: &[String]) -> Result<Vec<crate::Schedule>> {
        self.write(|tx| workers::set_schedules(tx, worker_id, crons))
    }
    fn schedules(&self, worker_id: &str) -> Result<Vec<crate::Schedule>> {
        self.read(|c| workers::schedules(c, worker_id))
    }
    fn create_namespace(&self, account_id: &str, name: &str) -> Result<crate::Namespace> {
        self.write(|tx| namespaces::create(tx, account_id, name))
    }
    fn list_namespaces(&self, account_id: &str) -> Result<Vec<crate::Namespace>> {
        self.read(|c| namespaces::list(c, account_id))
    }
    fn get_namespace(&self, account_id: &str, name: &str) -> Result<Option<crate::Namespace>> {
        self.read(|c| namespaces::get(c, account_id, name))
    }
    fn update_namespace(
        &self,
        account_id: &str,
        name: &str,
        new_name: &str,
        trusted_workers: bool,
    ) -> Result<crate::Namespace> {
        self.write(|tx| namespaces::update(tx, account_id, name, new_name, trusted_workers))
    }
    fn delete_namespace(&self, account_id: &str, name: &str) -> Result<()> {
        self.write(|tx| namespaces::delete(tx, account_id, name))
    }
}
