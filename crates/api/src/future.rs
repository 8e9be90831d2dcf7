//! A boxed future, for the traits that sit behind `dyn`: the outbox's
//! transports, the civil registry and the payout providers. (Native async
//! functions in traits cannot be called through `dyn` yet.)

use std::future::Future;
use std::pin::Pin;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
