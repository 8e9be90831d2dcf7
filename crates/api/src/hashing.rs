//! Password hashing on a dedicated, bounded pool of threads.
//!
//! Argon2id is deliberately slow and memory-hungry. Running it on the async
//! executor would stall every other request, and an unbounded queue would
//! let a registration wave pile up work until the instance falls over. So
//! hashing runs on its own threads (one per core by default) behind bounded
//! queues; when a queue is full the caller gets a `busy` refusal at once and
//! the client is told to retry shortly (503 + `Retry-After`).
//!
//! Rules that hold here:
//! - Two lanes. Registrations may use at most
//!   [`HashPool::register_workers`] threads at once; the others are kept
//!   for people signing in (login, re-entering or changing a password,
//!   resetting it), whose jobs also go first. A flood of registrations can
//!   fill its own queue and get `busy`, but never stops a login. Each lane
//!   has its own bounded queue: the registration lane's is the instance's
//!   registration budget, checked before any hashing.
//! - Each thread allocates argon2's 19 MiB of memory once and reuses it
//!   for every job, so memory stays flat under load (the allocator kept the
//!   freed buffers of a fresh allocation per hash: 377 MB at peak).
//! - Every job is counted ([`HashPool::jobs_done`]): tests hold every
//!   password request to exactly one job, whatever the account.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::oneshot;

use akun_core::ErrorCode;

use crate::error::Error;

/// OWASP's recommendation for argon2id: 19 MiB, 2 passes, 1 lane.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

/// Seconds the client is asked to wait when the pool is full.
pub const BUSY_RETRY_AFTER: u32 = 2;

fn params() -> Params {
    Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("valid argon2 params")
}

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
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

#[derive(Default)]
struct Queues {
    sign_in: VecDeque<Job>,
    register: VecDeque<Job>,
    /// Places in the registration queue promised by [`Reservation`]s.
    reserved: usize,
    /// Registration jobs being hashed now.
    registering: usize,
    closed: bool,
}

struct Shared {
    queues: Mutex<Queues>,
    ready: Condvar,
    done: AtomicU64,
}

/// Closes the pool when the last [`HashPool`] handle goes, so the threads
/// end (they hold [`Shared`], not this).
struct Closer(Arc<Shared>);

impl Drop for Closer {
    fn drop(&mut self) {
        if let Ok(mut queues) = self.0.queues.lock() {
            queues.closed = true;
        }
        self.0.ready.notify_all();
    }
}

#[derive(Clone)]
pub struct HashPool {
    shared: Arc<Shared>,
    _closer: Arc<Closer>,
    workers: usize,
    register_workers: usize,
    capacity: usize,
    /// A hash of a random password, verified against when the account does
    /// not exist, so that answering takes the same time either way.
    dummy: Arc<str>,
}

impl std::fmt::Debug for HashPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashPool")
            .field("workers", &self.workers)
            .field("register_workers", &self.register_workers)
            .field("capacity", &self.capacity)
            .finish()
    }
}

/// How many threads registrations may use of `workers`: all but a quarter
/// (at least one) kept for signing in, and at least one.
fn register_share(workers: usize) -> usize {
    workers.saturating_sub((workers / 4).max(1)).max(1)
}

impl HashPool {
    /// Starts `workers` threads (the number of cores when `None`) with room
    /// for `capacity` waiting jobs in each lane (16 per worker when
    /// `None`).
    pub fn new(workers: Option<usize>, capacity: Option<usize>) -> HashPool {
        let workers = workers
            .unwrap_or_else(|| {
                thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(2)
            })
            .max(1);
        let capacity = capacity.unwrap_or(workers * 16);
        let register_workers = register_share(workers);
        let shared = Arc::new(Shared {
            queues: Mutex::new(Queues::default()),
            ready: Condvar::new(),
            done: AtomicU64::new(0),
        });
        for i in 0..workers {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || work(&shared, register_workers))
                .expect("spawning a hashing thread");
        }
        let salt = SaltString::generate(&mut OsRng);
        let random: [u8; 16] = rand::random();
        let mut memory = vec![Block::default(); params().block_count()];
        let dummy = hash_with(&argon2(), &random, &salt, &mut memory);
        HashPool {
            _closer: Arc::new(Closer(Arc::clone(&shared))),
            shared,
            workers,
            register_workers,
            capacity,
            dummy: dummy.into(),
        }
    }

    /// How many hashes and checks the pool has finished. Every password
    /// request must cost exactly one, whatever the account, so that the
    /// time to answer does not tell whether it exists.
    pub fn jobs_done(&self) -> u64 {
        self.shared.done.load(Ordering::Relaxed)
    }

    pub fn workers(&self) -> usize {
        self.workers
    }

    /// How many threads registrations may use at once.
    pub fn register_workers(&self) -> usize {
        self.register_workers
    }

    /// Room for waiting jobs, in each lane.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Queues a sign-in job.
    fn submit(&self, job: Job) -> Result<(), Error> {
        let mut queues = self
            .shared
            .queues
            .lock()
            .map_err(|_| Error::Internal(anyhow::anyhow!("hashing pool poisoned")))?;
        if queues.sign_in.len() >= self.capacity {
            drop(queues);
            tracing::warn!("password hashing queue is full; answering busy");
            return Err(Error::retry_after(ErrorCode::Busy, BUSY_RETRY_AFTER));
        }
        queues.sign_in.push_back(job);
        drop(queues);
        self.shared.ready.notify_all();
        Ok(())
    }

    /// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`)
    /// in the sign-in lane (a password change or reset).
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

    /// Keeps a place in the registration lane, or answers `busy` at once.
    /// A registration takes its place before anything else, so that a
    /// flood is turned away before it costs a database write, and a
    /// registration that passed its limits is never turned away after
    /// them (its automatic retry would find the address's send cooldown
    /// spent).
    pub fn reserve_registration(&self) -> Result<Reservation, Error> {
        let mut queues = self
            .shared
            .queues
            .lock()
            .map_err(|_| Error::Internal(anyhow::anyhow!("hashing pool poisoned")))?;
        if queues.register.len() + queues.reserved >= self.capacity {
            drop(queues);
            tracing::warn!("registration hashing queue is full; answering busy");
            return Err(Error::retry_after(ErrorCode::Busy, BUSY_RETRY_AFTER));
        }
        queues.reserved += 1;
        Ok(Reservation {
            pool: self.clone(),
            used: false,
        })
    }

    /// Checks a password against a stored PHC string, in the sign-in lane.
    /// `None` verifies against a dummy hash and answers `false`, taking the
    /// same time as a real check.
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

/// A place kept in the registration lane ([`HashPool::reserve_registration`]);
/// given back when dropped unused.
pub struct Reservation {
    pool: HashPool,
    used: bool,
}

impl Reservation {
    /// Hashes a registration's password in the place kept for it.
    pub async fn hash(mut self, password: &str) -> Result<String, Error> {
        let (reply, answer) = oneshot::channel();
        {
            let mut queues = self
                .pool
                .shared
                .queues
                .lock()
                .map_err(|_| Error::Internal(anyhow::anyhow!("hashing pool poisoned")))?;
            queues.reserved -= 1;
            self.used = true;
            queues.register.push_back(Job::Hash {
                password: password.to_owned(),
                reply,
            });
        }
        self.pool.shared.ready.notify_all();
        answer
            .await
            .map_err(|_| Error::Internal(anyhow::anyhow!("hashing thread dropped the job")))
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if !self.used
            && let Ok(mut queues) = self.pool.shared.queues.lock()
        {
            queues.reserved -= 1;
        }
    }
}

/// One hashing thread: takes sign-in jobs first, registrations while fewer
/// than `register_workers` are being hashed, and reuses one block of
/// argon2 memory for all of them.
fn work(shared: &Shared, register_workers: usize) {
    let hasher = argon2();
    let mut memory = vec![Block::default(); params().block_count()];
    loop {
        let (job, registering) = {
            let Ok(mut queues) = shared.queues.lock() else {
                return;
            };
            loop {
                if let Some(job) = queues.sign_in.pop_front() {
                    break (job, false);
                }
                if queues.registering < register_workers
                    && let Some(job) = queues.register.pop_front()
                {
                    queues.registering += 1;
                    break (job, true);
                }
                if queues.closed {
                    return;
                }
                queues = match shared.ready.wait(queues) {
                    Ok(q) => q,
                    Err(_) => return,
                };
            }
        };
        // Counted before the answer goes back, so that whoever reads the
        // count after the answer sees this job in it.
        match job {
            Job::Hash { password, reply } => {
                let salt = SaltString::generate(&mut OsRng);
                let phc = hash_with(&hasher, password.as_bytes(), &salt, &mut memory);
                shared.done.fetch_add(1, Ordering::Relaxed);
                let _ = reply.send(phc);
            }
            Job::Verify {
                password,
                phc,
                reply,
            } => {
                let ok = verify_with(password.as_bytes(), &phc, &mut memory);
                shared.done.fetch_add(1, Ordering::Relaxed);
                let _ = reply.send(ok);
            }
        }
        if registering {
            if let Ok(mut queues) = shared.queues.lock() {
                queues.registering -= 1;
            }
            // Another thread may now take a waiting registration.
            shared.ready.notify_all();
        }
    }
}

/// Hashes into a PHC string with the given memory.
fn hash_with(
    hasher: &Argon2<'_>,
    password: &[u8],
    salt: &SaltString,
    memory: &mut [Block],
) -> String {
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .expect("a generated salt decodes");
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        hasher
            .hash_password_into_with_memory(password, salt_bytes, out, &mut *memory)
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .expect("argon2 hashing with valid params");
    PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params()).expect("valid argon2 params"),
        salt: Some(salt.as_salt()),
        hash: Some(output),
    }
    .to_string()
}

/// Checks a password against a PHC string, with the given memory when the
/// hash's parameters are ours (older hashes get their own).
fn verify_with(password: &[u8], phc: &str, memory: &mut [Block]) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = parsed
        .version
        .map_or(Ok(Version::default()), Version::try_from)
        .unwrap_or(Version::V0x13);
    let hasher = Argon2::new(algorithm, version, params.clone());
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut own;
    let blocks: &mut [Block] = if params.block_count() == memory.len() {
        memory
    } else {
        own = vec![Block::default(); params.block_count()];
        &mut own
    };
    let output = Output::init_with(expected.len(), |out| {
        hasher
            .hash_password_into_with_memory(password, salt_bytes, out, &mut *blocks)
            .map_err(|_| argon2::password_hash::Error::Crypto)
    });
    // `Output`'s equality is constant-time.
    output.is_ok_and(|output| output == expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use akun_core::ErrorCode;
    use argon2::PasswordVerifier;

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
        // The argon2 crate itself agrees with hashes made on reused memory.
        let parsed = PasswordHash::new(&phc).unwrap();
        assert!(
            argon2()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
    }

    #[tokio::test]
    async fn hashes_of_other_parameters_still_verify() {
        use argon2::PasswordHasher;
        let light = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let old = light
            .hash_password(b"older password", &salt)
            .unwrap()
            .to_string();
        let pool = HashPool::new(Some(1), Some(4));
        assert!(pool.verify("older password", Some(&old)).await.unwrap());
        assert!(!pool.verify("other password", Some(&old)).await.unwrap());
    }

    #[tokio::test]
    async fn unknown_accounts_never_verify_even_with_the_dummy_password() {
        let pool = HashPool::new(Some(1), Some(4));
        assert!(!pool.verify("anything", None).await.unwrap());
    }

    #[tokio::test]
    async fn a_reservation_not_used_gives_its_place_back() {
        let pool = HashPool::new(Some(1), Some(2));
        let a = pool.reserve_registration().unwrap();
        let b = pool.reserve_registration().unwrap();
        assert!(pool.reserve_registration().is_err(), "only two places");
        drop(a);
        let c = pool.reserve_registration().unwrap();
        assert!(
            c.hash("a new password")
                .await
                .unwrap()
                .starts_with("$argon2id$")
        );
        drop(b);
        assert!(pool.reserve_registration().is_ok());
    }

    #[test]
    fn registrations_leave_a_quarter_of_the_threads_to_signing_in() {
        assert_eq!(register_share(1), 1);
        assert_eq!(register_share(2), 1);
        assert_eq!(register_share(4), 3);
        assert_eq!(register_share(8), 6);
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

    #[tokio::test]
    async fn a_flood_of_registrations_does_not_stop_a_login() {
        // Two threads: one may hash registrations, one is kept for signing
        // in. Fill the registration lane far beyond its room.
        let pool = HashPool::new(Some(2), Some(4));
        let phc = pool.hash("the owner's password").await.unwrap();
        let flood: Vec<_> = (0..64)
            .map(|_| {
                let pool = pool.clone();
                tokio::spawn(async move {
                    pool.reserve_registration()?
                        .hash("a flood of passwords")
                        .await
                })
            })
            .collect();
        // The login is checked at once, on the kept thread.
        assert!(
            pool.verify("the owner's password", Some(&phc))
                .await
                .unwrap()
        );
        let mut busy = 0;
        for attempt in flood {
            if matches!(attempt.await.unwrap(), Err(e) if e.is(ErrorCode::Busy)) {
                busy += 1;
            }
        }
        assert!(busy > 0, "the registration lane never filled");
    }
}
