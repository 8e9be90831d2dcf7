//! Photos: from an upload to a sealed object in the store, and back.
//!
//! [`Photos::store`] takes the bytes a phone sent and keeps only a
//! re-encoded, sealed copy under a fresh random name:
//! [`pipeline`] checks (size, magic bytes, pixel limits), turns the photo
//! upright and re-encodes it as JPEG, which drops EXIF and GPS;
//! [`seal`] encrypts it with a key of its own, bound to the object's name;
//! `objects` stores it. [`Photos::open`] reads one back for its owner or
//! staff; nothing else ever sees the plaintext.
//!
//! The CPU work (decode, resize, encode, encrypt) runs on a
//! [`PhotoPool`]: blocking threads, at most one photo per core at a time,
//! with a small waiting room. When the room is full the upload is refused
//! at once with `busy` (503 + `Retry-After`), as the password-hashing pool
//! does: under a wave, queues that grow without bound are what take an
//! instance down. The cheap checks (size, magic bytes) answer before an
//! upload takes a place in the room.
//!
//! [`Photos::store`] stores before any database row names the object, so
//! a crash in between leaves an object that nothing records. To record
//! the name first instead, make one with `ObjectName::new` and call
//! [`Photos::store_as`], or [`Photos::seal`], record, then
//! [`Photos::put_sealed`], as the Report Form does (its ledger and
//! sweeper are `case::photos` and `case::sweeper`).

pub mod pipeline;
pub mod seal;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use akun_core::ErrorCode;
use tokio::sync::Semaphore;

use crate::error::{Error, Result};
use crate::objects::{Kind, ObjectName, Objects};
use seal::ObjectKeys;

/// Seconds a client is asked to wait when the photo pool is full.
pub const BUSY_RETRY_AFTER: u32 = 2;

/// Threads for photo work, and a bounded room for uploads waiting for one.
#[derive(Clone)]
pub struct PhotoPool {
    /// Places for photos in work or waiting; none left means busy.
    admitted: Arc<Semaphore>,
    /// One permit a worker: photos in work at once.
    running: Arc<Semaphore>,
    workers: usize,
    queue: usize,
    done: Arc<AtomicU64>,
}

impl std::fmt::Debug for PhotoPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoPool")
            .field("workers", &self.workers)
            .field("queue", &self.queue)
            .finish()
    }
}

impl PhotoPool {
    /// `workers` photos at a time (the number of cores when `None`) and
    /// room for `queue` more to wait (8 per worker when `None`: a waiting
    /// photo then waits for at most a second or two, and the waiting
    /// uploads hold at most 16 MiB a worker).
    pub fn new(workers: Option<usize>, queue: Option<usize>) -> PhotoPool {
        let workers = workers
            .unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(2)
            })
            .max(1);
        let queue = queue.unwrap_or(workers * 8);
        PhotoPool {
            admitted: Arc::new(Semaphore::new(workers + queue)),
            running: Arc::new(Semaphore::new(workers)),
            workers,
            queue,
            done: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn workers(&self) -> usize {
        self.workers
    }

    pub fn queue(&self) -> usize {
        self.queue
    }

    /// Jobs finished.
    pub fn jobs_done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Runs `job` on a blocking thread once a worker is free, or answers
    /// `busy` at once when the waiting room is full. A job that panics is
    /// an internal error; the pool goes on.
    pub async fn run<T, F>(&self, job: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T> + Send + 'static,
    {
        let Ok(admitted) = Arc::clone(&self.admitted).try_acquire_owned() else {
            tracing::warn!("the photo pool is full; answering busy");
            return Err(Error::retry_after(ErrorCode::Busy, BUSY_RETRY_AFTER));
        };
        let running = Arc::clone(&self.running)
            .acquire_owned()
            .await
            .map_err(|_| Error::Internal(anyhow::anyhow!("the photo pool is closed")))?;
        let done = Arc::clone(&self.done);
        // The permits move into the thread: if the request goes away, the
        // job still holds its place until it ends, so the pool never runs
        // more than `workers` jobs.
        tokio::task::spawn_blocking(move || {
            let _places = (admitted, running);
            let result = job();
            done.fetch_add(1, Ordering::Relaxed);
            result
        })
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("a photo job failed: {e}")))?
    }
}

/// A photo as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    pub name: ObjectName,
    /// Bytes of the stored (sealed) object.
    pub bytes: u64,
    /// Size of the re-encoded photo, in pixels.
    pub width: u32,
    pub height: u32,
}

/// A photo re-encoded and sealed, not yet stored.
#[derive(Clone)]
pub struct SealedPhoto {
    pub sealed: Vec<u8>,
    /// Bytes of the JPEG inside.
    pub jpeg_bytes: usize,
    pub width: u32,
    pub height: u32,
}

/// Stores and opens photos. Cheap to clone.
#[derive(Clone)]
pub struct Photos {
    objects: Objects,
    keys: Arc<ObjectKeys>,
    pool: PhotoPool,
}

impl std::fmt::Debug for Photos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Photos")
            .field("objects", &self.objects)
            .field("pool", &self.pool)
            .finish_non_exhaustive()
    }
}

impl Photos {
    pub fn new(objects: Objects, secret_key: &str, pool: PhotoPool) -> Photos {
        Photos {
            objects,
            keys: Arc::new(ObjectKeys::new(secret_key)),
            pool,
        }
    }

    pub fn objects(&self) -> &Objects {
        &self.objects
    }

    pub fn pool(&self) -> &PhotoPool {
        &self.pool
    }

    /// Checks, re-encodes and seals `upload`, and stores it under a new
    /// random name. Refusals: `photo_too_large`, `photo_not_image`,
    /// `photo_too_many_pixels`, `photo_unreadable`, `busy`.
    pub async fn store(&self, upload: Vec<u8>) -> Result<StoredPhoto> {
        self.store_as(&ObjectName::new(Kind::Photo), upload).await
    }

    /// [`Photos::store`] under a name made beforehand (to record the name
    /// before the object exists). Storing twice under one name replaces.
    pub async fn store_as(&self, name: &ObjectName, upload: Vec<u8>) -> Result<StoredPhoto> {
        let sealed = self.seal(name, upload).await?;
        self.put_sealed(name, sealed).await
    }

    /// Stores what [`Photos::seal`] made for `name`: the second half of
    /// [`Photos::store_as`], for a caller that records the name between
    /// the CPU work and the write (so that a refused or busy upload costs
    /// no record at all).
    pub async fn put_sealed(&self, name: &ObjectName, sealed: SealedPhoto) -> Result<StoredPhoto> {
        let bytes = sealed.sealed.len() as u64;
        self.objects.put(name, sealed.sealed).await?;
        Ok(StoredPhoto {
            name: name.clone(),
            bytes,
            width: sealed.width,
            height: sealed.height,
        })
    }

    /// The CPU part of [`Photos::store_as`] alone, on the pool: what would
    /// be stored under `name`. The benchmark measures this.
    pub async fn seal(&self, name: &ObjectName, upload: Vec<u8>) -> Result<SealedPhoto> {
        // Refuse what is plainly not a photo before it waits for a worker.
        pipeline::check(&upload)?;
        let keys = Arc::clone(&self.keys);
        let name = name.clone();
        self.pool
            .run(move || {
                let prepared = pipeline::prepare(&upload)?;
                drop(upload);
                let sealed = keys.seal(&name, &prepared.jpeg)?;
                Ok(SealedPhoto {
                    sealed,
                    jpeg_bytes: prepared.jpeg.len(),
                    width: prepared.width,
                    height: prepared.height,
                })
            })
            .await
    }

    /// The JPEG stored under `name`, or `None` when there is no such
    /// object. An object that does not open (another name's, another
    /// secret's, changed) is an internal error: it never happens unless
    /// the store was tampered with.
    pub async fn open(&self, name: &ObjectName) -> Result<Option<Vec<u8>>> {
        let Some(stored) = self.objects.get(name).await? else {
            return Ok(None);
        };
        let keys = Arc::clone(&self.keys);
        let name = name.clone();
        // Decrypting is quick (about a millisecond a megabyte) and not
        // refused when the pool is busy, so that staff can always read a
        // case; it still keeps off the async executor.
        let jpeg = tokio::task::spawn_blocking(move || keys.open(&name, &stored))
            .await
            .map_err(|e| Error::Internal(anyhow::anyhow!("opening a photo failed: {e}")))??;
        Ok(Some(jpeg))
    }

    /// Deletes the photo `name`; one already gone is no error.
    pub async fn delete(&self, name: &ObjectName) -> Result<()> {
        self.objects.delete(name).await
    }
}

#[cfg(test)]
mod tests {
    /// Decoding is what a hostile upload attacks and what costs CPU, so the
    /// image crate is reached only from `pipeline`, whose only caller runs
    /// it on the pool.
    #[test]
    fn only_the_pipeline_decodes_pictures() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
        let mut files = Vec::new();
        walk(src, &mut files);
        // Built here, so that this very test does not contain it.
        let needle = ["image", "::"].concat();
        for file in files {
            let relative = file
                .strip_prefix(src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            // The benchmark binary makes its synthetic photos with it.
            if relative == "photo/pipeline.rs" || relative == "main.rs" {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(
                !text.contains(&needle),
                "{relative} uses the image crate; decode only in photo/pipeline.rs, on the pool"
            );
        }
    }
}
