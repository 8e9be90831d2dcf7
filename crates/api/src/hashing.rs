//! Password hashing on a dedicated, bounded pool of threads.
//!
//! Argon2id is deliberately slow and memory-hungry. Running it on the async
//! executor would stall every other request, and an unbounded queue would
//! let a registration wave pile up work until the instance falls over. So
//! hashing runs on its own threads (one per core by default) behind a
//! bounded queue; when the queue is full the caller gets a `busy` refusal at
//! once and the client is told to retry shortly (503 + `Retry-After`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::oneshot;

use akun_core::ErrorCode;

use crate::error::Error;

/// OWASP's recommendation for argon2id: 19 MiB, 2 passes, 1 lane.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

/// Seconds the client is asked to wait when the pool is full.
pub const BUSY_RETRY_AFTER: u32 = 2;

fn argon2() -> Argon2<'static> {
    let params =
        Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

enum Job {
    Hash {
        password: String,
        reply: oneshot::Sender<String>,
    },
    Verify {
        password: String,
        phc: String,
        reply: oneshot::Sender<bool>,
    },
}

#[derive(Clone)]
pub struct HashPool {
    queue: SyncSender<Job>,
    workers: usize,
    capacity: usize,
    /// A hash of a random password, verified against when the account does
    /// not exist, so that answering takes the same time either way.
    dummy: Arc<str>,
    /// Jobs finished, hashes and checks alike.
    done: Arc<AtomicU64>,
}

impl std::fmt::Debug for HashPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashPool")
            .field("workers", &self.workers)
            .field("capacity", &self.capacity)
            .finish()
    }
}

impl HashPool {
    /// Starts `workers` threads (the number of cores when `None`) with room
    /// for `capacity` waiting jobs (16 per worker when `None`).
    pub fn new(workers: Option<usize>, capacity: Option<usize>) -> HashPool {
        let workers = workers
            .unwrap_or_else(|| {
                thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(2)
            })
            .max(1);
        let capacity = capacity.unwrap_or(workers * 16);
        let (queue, jobs) = mpsc::sync_channel::<Job>(capacity);
        let jobs = Arc::new(Mutex::new(jobs));
        let done = Arc::new(AtomicU64::new(0));
        for i in 0..workers {
            let jobs = Arc::clone(&jobs);
            let done = Arc::clone(&done);
            thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    let hasher = argon2();
                    loop {
                        // The lock is held only while taking a job, never
                        // while hashing.
                        let job = match jobs.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(Job::Hash { password, reply }) => {
                                let salt = SaltString::generate(&mut OsRng);
                                let phc = hasher
                                    .hash_password(password.as_bytes(), &salt)
                                    .expect("argon2 hashing with valid params")
                                    .to_string();
                                done.fetch_add(1, Ordering::Relaxed);
                                let _ = reply.send(phc);
                            }
                            Ok(Job::Verify {
                                password,
                                phc,
                                reply,
                            }) => {
                                let ok = PasswordHash::new(&phc)
                                    .map(|parsed| {
                                        hasher.verify_password(password.as_bytes(), &parsed).is_ok()
                                    })
                                    .unwrap_or(false);
                                done.fetch_add(1, Ordering::Relaxed);
                                let _ = reply.send(ok);
                            }
                            // Every sender is gone: the pool was dropped.
                            Err(_) => return,
                        }
                    }
                })
                .expect("spawning a hashing thread");
        }
        let salt = SaltString::generate(&mut OsRng);
        let random: [u8; 16] = rand::random();
        let dummy = argon2()
            .hash_password(&random, &salt)
            .expect("argon2 hashing with valid params")
            .to_string();
        HashPool {
            queue,
            workers,
            capacity,
            dummy: dummy.into(),
            done,
        }
    }

    /// How many hashes and checks the pool has finished. Every password
    /// request must cost exactly one, whatever the account, so that the
    /// time to answer does not tell whether it exists.
    pub fn jobs_done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    pub fn workers(&self) -> usize {
        self.workers
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    fn submit(&self, job: Job) -> Result<(), Error> {
        match self.queue.try_send(job) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_)) => {
                tracing::warn!("password hashing queue is full; answering busy");
                Err(Error::retry_after(ErrorCode::Busy, BUSY_RETRY_AFTER))
            }
            Err(TrySendError::Disconnected(_)) => {
                Err(Error::Internal(anyhow::anyhow!("hashing pool stopped")))
            }
        }
    }

    /// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
    pub async fn hash(&self, password: &str) -> Result<String, Error> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Hash {
            password: password.to_owned(),
            reply,
        })?;
        answer
            .await
            .map_err(|_| Error::Internal(anyhow::anyhow!("hashing thread dropped the job")))
    }

    /// Checks a password against a stored PHC string. `None` verifies against
    /// a dummy hash and answers `false`, taking the same time as a real check.
    pub async fn verify(&self, password: &str, phc: Option<&str>) -> Result<bool, Error> {
        let (reply, answer) = oneshot::channel();
        let real = phc.is_some();
        let phc = phc
            .map(str::to_owned)
            .unwrap_or_else(|| self.dummy.to_string());
        self.submit(Job::Verify {
            password: password.to_owned(),
            phc,
            reply,
        })?;
        let ok = answer
            .await
            .map_err(|_| Error::Internal(anyhow::anyhow!("hashing thread dropped the job")))?;
        Ok(ok && real)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use akun_core::ErrorCode;

    #[tokio::test]
    async fn hashes_verify_and_use_the_owasp_parameters() {
        let pool = HashPool::new(Some(1), Some(4));
        let phc = pool.hash("correct horse battery").await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(
            pool.verify("correct horse battery", Some(&phc))
                .await
                .unwrap()
        );
        assert!(
            !pool
                .verify("wrong horse battery", Some(&phc))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn unknown_accounts_never_verify_even_with_the_dummy_password() {
        let pool = HashPool::new(Some(1), Some(4));
        assert!(!pool.verify("anything", None).await.unwrap());
    }

    #[tokio::test]
    async fn a_full_queue_answers_busy_instead_of_waiting() {
        // One worker and room for one waiting job: fire many at once.
        let pool = HashPool::new(Some(1), Some(1));
        let attempts: Vec<_> = (0..8)
            .map(|_| {
                let pool = pool.clone();
                tokio::spawn(async move { pool.hash("some long password").await })
            })
            .collect();
        let mut busy = 0;
        let mut done = 0;
        for attempt in attempts {
            match attempt.await.unwrap() {
                Ok(_) => done += 1,
                Err(e) if e.is(ErrorCode::Busy) => {
                    assert_eq!(e.body().retry_after, Some(BUSY_RETRY_AFTER));
                    busy += 1;
                }
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
        assert!(busy >= 1, "expected some busy answers, got {done} done");
        assert!(done >= 1);
    }
}
