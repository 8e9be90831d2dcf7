//! Object storage: where the bytes of photos live, through the
//! `object_store` crate.
//!
//! - **Where**: a local folder by default (`data/objects`, or
//!   `object_store_url = "file://PATH"`), for development and tests; an
//!   S3-compatible bucket (`s3://BUCKET/PREFIX` and the `AWS_*` variables)
//!   in production, which refuses a local folder because every instance
//!   must read what any instance wrote.
//! - **Names** are random: 128 bits from the operating system's CSPRNG, in
//!   hex, after a fixed kind (`photos/…`). A name never comes from a NIK, a
//!   case number or an account id, so neither a listing of the bucket nor
//!   a leaked name says whose object it is, and no name can be guessed.
//!   [`ObjectName`] is the only way to make one, and [`ObjectName::parse`]
//!   refuses anything else (no `..`, no other folder).
//! - **What** is stored is opaque bytes: this module never encrypts or
//!   reads them; `photo` seals every photo before it comes here.
//! - **Failures** of the store are internal errors (logged, answered as
//!   `internal`); a missing object is `None`, and deleting one that is gone
//!   succeeds, so a sweeper and a retry never trip over each other.
//! - [`Objects::list`] gives every name under a kind with its size and
//!   last-modified time, for a sweeper that deletes what no case records.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use futures_util::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{
    BackoffConfig, ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig,
};
use rand::RngCore;
use rand::rngs::OsRng;

use crate::config::{ObjectStoreLocation, S3Env};
use crate::error::{Error, Result};
use crate::tokens::hex;

/// The kinds of object, each a folder of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A sealed photo (`photo` module).
    Photo,
}

impl Kind {
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Photo => "photos",
        }
    }

    const ALL: [Kind; 1] = [Kind::Photo];
}

/// Random bytes in a name: 128 bits.
const NAME_BYTES: usize = 16;

/// An object's name: its kind's folder and 32 random hex digits
/// (`photos/5f0c…`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ObjectName(String);

impl ObjectName {
    /// A fresh random name of `kind`.
    pub fn new(kind: Kind) -> ObjectName {
        let mut bytes = [0u8; NAME_BYTES];
        OsRng.fill_bytes(&mut bytes);
        ObjectName(format!("{}/{}", kind.folder(), hex(&bytes)))
    }

    /// A name as [`ObjectName::new`] makes them (read back from the
    /// database), or `None`.
    pub fn parse(name: &str) -> Option<ObjectName> {
        let (folder, random) = name.split_once('/')?;
        let known = Kind::ALL.iter().any(|k| k.folder() == folder);
        let random_ok = random.len() == 2 * NAME_BYTES
            && random
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        (known && random_ok).then(|| ObjectName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn path(&self) -> Path {
        Path::from(self.0.as_str())
    }
}

impl std::fmt::Display for ObjectName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for ObjectName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ObjectName({})", self.0)
    }
}

/// One object of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub name: ObjectName,
    /// Stored bytes.
    pub size: u64,
    /// When it was written, Unix milliseconds (the store's clock, not the
    /// app's: a sweeper allows for skew).
    pub last_modified: i64,
}

/// The object store. Cheap to clone.
#[derive(Clone)]
pub struct Objects {
    store: Arc<dyn ObjectStore>,
    /// Where it is, for logs (never a credential).
    describe: Arc<str>,
}

impl std::fmt::Debug for Objects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Objects({})", self.describe)
    }
}

impl Objects {
    /// The store `location` names, created if it is a folder that does not
    /// exist yet.
    pub fn open(location: &ObjectStoreLocation, s3: &S3Env) -> anyhow::Result<Objects> {
        match location {
            ObjectStoreLocation::Local(dir) => Objects::local(dir),
            ObjectStoreLocation::S3 { bucket, prefix } => Objects::s3(bucket, prefix, s3),
        }
    }

    /// A folder on this machine. Writes go to a temporary file that is
    /// renamed into place, so a reader never sees half an object.
    pub fn local(dir: &std::path::Path) -> anyhow::Result<Objects> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the objects folder {}", dir.display()))?;
        let store = LocalFileSystem::new_with_prefix(dir)
            .with_context(|| format!("opening the objects folder {}", dir.display()))?
            // Deleting the last object of a folder removes the folder.
            .with_automatic_cleanup(true);
        Ok(Objects {
            store: Arc::new(store),
            describe: format!("folder {}", dir.display()).into(),
        })
    }

    /// An S3-compatible bucket; with a prefix, every name starts with it.
    pub fn s3(bucket: &str, prefix: &str, env: &S3Env) -> anyhow::Result<Objects> {
        // A person is waiting for the upload: retry a failing request a few
        // times within seconds (object_store's default is ten times within
        // three minutes), then answer, and the SPA tries again.
        let retry = RetryConfig {
            backoff: BackoffConfig::default(),
            max_retries: 3,
            retry_timeout: Duration::from_secs(10),
        };
        let client = ClientOptions::new()
            .with_allow_http(env.allow_http)
            .with_connect_timeout(Duration::from_secs(3))
            .with_timeout(Duration::from_secs(30));
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_client_options(client)
            .with_retry(retry);
        if let Some(region) = &env.region {
            builder = builder.with_region(region);
        }
        if let Some(endpoint) = &env.endpoint {
            // Path-style requests (`endpoint/bucket/name`): the default of
            // object_store, and what Garage and MinIO answer.
            builder = builder.with_endpoint(endpoint);
        }
        if let Some(id) = &env.access_key_id {
            builder = builder.with_access_key_id(id);
        }
        if let Some(secret) = &env.secret_access_key {
            builder = builder.with_secret_access_key(secret);
        }
        if let Some(token) = &env.session_token {
            builder = builder.with_token(token);
        }
        let s3 = builder.build().context("configuring the S3 object store")?;
        let describe = format!(
            "s3://{bucket}/{prefix}{}",
            env.endpoint
                .as_deref()
                .map(|e| format!(" at {e}"))
                .unwrap_or_default()
        );
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, prefix))
        };
        Ok(Objects {
            store,
            describe: describe.into(),
        })
    }

    /// Writes `bytes` under `name`, replacing what was there.
    pub async fn put(&self, name: &ObjectName, bytes: Vec<u8>) -> Result<()> {
        self.store
            .put(&name.path(), PutPayload::from(bytes))
            .await
            .with_context(|| format!("storing {name} in {}", self.describe))?;
        Ok(())
    }

    /// The bytes stored under `name`, or `None` when there is no such
    /// object.
    pub async fn get(&self, name: &ObjectName) -> Result<Option<Vec<u8>>> {
        let found = match self.store.get(&name.path()).await {
            Ok(found) => found,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(self.failed(e, "reading", name)),
        };
        let bytes = found
            .bytes()
            .await
            .map_err(|e| self.failed(e, "reading", name))?;
        Ok(Some(bytes.to_vec()))
    }

    /// Deletes `name`; an object that is already gone is no error.
    pub async fn delete(&self, name: &ObjectName) -> Result<()> {
        match self.store.delete(&name.path()).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.failed(e, "deleting", name)),
        }
    }

    /// Every object of `kind`, in no particular order. Reads the whole
    /// listing (a page of 1000 names a request on S3), for a sweeper.
    pub async fn list(&self, kind: Kind) -> Result<Vec<ObjectInfo>> {
        let folder = Path::from(kind.folder());
        let metas: Vec<_> = self
            .store
            .list(Some(&folder))
            .try_collect()
            .await
            .with_context(|| format!("listing {} in {}", kind.folder(), self.describe))?;
        let mut out = Vec::with_capacity(metas.len());
        for meta in metas {
            // Anything this module did not name (a stray file, a temporary
            // upload) is not ours to report.
            let Some(name) = ObjectName::parse(meta.location.as_ref()) else {
                tracing::warn!(object = %meta.location, store = %self.describe, "an object with a name of unknown form");
                continue;
            };
            out.push(ObjectInfo {
                name,
                size: meta.size,
                last_modified: meta.last_modified.timestamp_millis(),
            });
        }
        Ok(out)
    }

    /// Whether the store answers: one listing request that finds at most a
    /// few names. For `/readyz`; the cause of a failure is logged.
    pub async fn ready(&self) -> bool {
        match self
            .store
            .list_with_delimiter(Some(&Path::from(Kind::Photo.folder())))
            .await
        {
            Ok(_) => true,
            Err(e) => {
                tracing::warn!(error = %e, store = %self.describe, "the object store does not answer");
                false
            }
        }
    }

    fn failed(&self, e: object_store::Error, doing: &str, name: &ObjectName) -> Error {
        Error::Internal(
            anyhow::Error::new(e).context(format!("{doing} {name} in {}", self.describe)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_random_128_bit_and_parse_back() {
        let a = ObjectName::new(Kind::Photo);
        let b = ObjectName::new(Kind::Photo);
        assert_ne!(a, b);
        assert!(a.as_str().starts_with("photos/"));
        assert_eq!(a.as_str().len(), "photos/".len() + 32);
        assert_eq!(ObjectName::parse(a.as_str()), Some(a));
    }

    #[tokio::test]
    async fn a_store_that_does_not_answer_is_not_ready_within_seconds() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let env = S3Env {
            access_key_id: Some("GK0".to_owned()),
            secret_access_key: Some("secret".to_owned()),
            region: Some("garage".to_owned()),
            endpoint: Some(format!("http://127.0.0.1:{port}")),
            allow_http: true,
            ..S3Env::default()
        };
        let objects = Objects::s3("akun-test", "x", &env).unwrap();
        assert!(!format!("{objects:?}").contains("secret"));
        let started = std::time::Instant::now();
        assert!(!objects.ready().await);
        assert!(started.elapsed() < Duration::from_secs(12));
    }

    #[test]
    fn only_names_of_our_own_form_parse() {
        let random = "0123456789abcdef0123456789abcdef";
        assert!(ObjectName::parse(&format!("photos/{random}")).is_some());
        for bad in [
            String::new(),
            random.to_owned(),
            format!("other/{random}"),
            format!("photos/{}", random.to_uppercase()),
            format!("photos/{random}0"),
            format!("photos/../{random}"),
            format!("photos/{random}/x"),
            "photos/..".to_owned(),
        ] {
            assert_eq!(ObjectName::parse(&bad), None, "{bad}");
        }
    }
}
