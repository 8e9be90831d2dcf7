//! What every handler, domain operation and worker can reach.

use std::sync::Arc;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::db::Db;
use crate::hashing::HashPool;
use crate::objects::Objects;
use crate::outbox::Outbox;
use crate::photo::Photos;
use crate::registry::CivilRegistry;
use crate::vault::Vault;

/// Cheap to clone; nothing in it is shared state that must survive the
/// process (that lives in the database).
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: SharedClock,
    pub hasher: HashPool,
    pub outbox: Outbox,
    pub registry: Arc<dyn CivilRegistry>,
    /// Seals NIK and KK numbers and makes their look-up hashes.
    pub vault: Vault,
    /// The object store (a local folder or S3), for readiness and sweeping.
    pub objects: Objects,
    /// Stores photos re-encoded and sealed in `objects`, and opens them.
    pub photos: Photos,
}
