//! The civil registry (Dukcapil): who holds a NIK.
//!
//! [`CivilRegistry`] is what the identity endpoint asks. Two adapters:
//!
//! - [`EmbeddedRegistry`], the default: synthetic residents from
//!   `data/registry.csv` (made by `cargo xtask gen-registry`), compiled into
//!   the binary and held in memory. It is read-only reference data, the same
//!   on every instance, so holding it in memory shares nothing that must be
//!   shared.
//! - [`HttpRegistry`], for production: `POST {registry_url}` with
//!   `{"nik": "..."}` and a bearer token; `200` with a resident
//!   (`{"nik", "kk", "name", "sex": "male"|"female", "date_of_birth":
//!   "DD/MM/YYYY"}`), `404` when the NIK is unknown, anything else is an
//!   error (the endpoint answers `registry_unavailable`).

use std::collections::HashMap;
use std::time::Duration;

use akun_core::{Date, DateOfBirth, KkNumber, Nik, Sex};
use anyhow::{Context, bail};
use serde::Deserialize;

use crate::future::BoxFuture;

/// The synthetic residents shipped with the API.
pub const EMBEDDED_CSV: &str = include_str!("../data/registry.csv");

/// A resident as the registry knows them.
#[derive(Clone, PartialEq, Eq)]
pub struct Resident {
    pub nik: Nik,
    pub kk: KkNumber,
    /// Upper case, as printed on the e-KTP.
    pub name: String,
    pub sex: Sex,
    pub date_of_birth: Date,
}

/// Only the masked NIK: the rest is personal data that logs do not need.
impl std::fmt::Debug for Resident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resident")
            .field("nik", &self.nik)
            .finish_non_exhaustive()
    }
}

pub trait CivilRegistry: Send + Sync + 'static {
    /// The resident with this NIK, or `None` when there is none.
    fn lookup<'a>(&'a self, nik: &'a Nik) -> BoxFuture<'a, anyhow::Result<Option<Resident>>>;
}

/// Reads one resident from its fields, checking them with the same
/// validators the API uses on requests. `consistent` also asks the NIK to
/// agree with the date of birth and the sex: the generated data always
/// does, while a real registry keeps what was recorded even where a clerk
/// once mistyped (and the person's answer is then compared with that).
fn resident(
    nik: &str,
    kk: &str,
    name: &str,
    sex: &str,
    date_of_birth: &str,
    consistent: bool,
) -> anyhow::Result<Resident> {
    let nik = Nik::parse(nik).map_err(|e| anyhow::anyhow!("nik: {e}"))?;
    let kk = KkNumber::parse(kk).map_err(|e| anyhow::anyhow!("kk: {e}"))?;
    let dob = DateOfBirth::parse_shape(date_of_birth)
        .map_err(|e| anyhow::anyhow!("date_of_birth: {e}"))?;
    let sex = match sex {
        "male" => Sex::Male,
        "female" => Sex::Female,
        other => bail!("sex {other:?}"),
    };
    if consistent {
        nik.agrees_with(&dob)
            .map_err(|e| anyhow::anyhow!("nik and date_of_birth: {e}"))?;
        if sex != nik.sex() {
            bail!("sex differs from the NIK");
        }
    }
    let name = name.trim();
    if name.is_empty() || name.len() > 120 {
        bail!("name is empty or too long");
    }
    Ok(Resident {
        nik,
        kk,
        name: name.to_owned(),
        sex,
        date_of_birth: dob.date(),
    })
}

/// Parses the registry file: a header, then
/// `nik,kk,name,sex,date_of_birth,region_code` per line.
pub fn parse_csv(text: &str) -> anyhow::Result<Vec<Resident>> {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    if header != "nik,kk,name,sex,date_of_birth,region_code" {
        bail!("unexpected registry header {header:?}");
    }
    let mut out = Vec::new();
    for (i, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let row = i + 2;
        let fields: Vec<&str> = line.split(',').collect();
        let [nik, kk, name, sex, dob, region] = fields[..] else {
            bail!("registry line {row}: expected 6 fields");
        };
        let r = resident(nik, kk, name, sex, dob, true)
            .with_context(|| format!("registry line {row}"))?;
        if r.nik.region_code() != region {
            bail!("registry line {row}: region code differs from the NIK");
        }
        out.push(r);
    }
    Ok(out)
}

/// Residents in memory, keyed by NIK.
pub struct EmbeddedRegistry {
    by_nik: HashMap<String, Resident>,
}

impl EmbeddedRegistry {
    pub fn from_csv(text: &str) -> anyhow::Result<EmbeddedRegistry> {
        let mut by_nik = HashMap::new();
        for r in parse_csv(text)? {
            if by_nik.insert(r.nik.as_str().to_owned(), r).is_some() {
                bail!("the registry lists a NIK twice");
            }
        }
        Ok(EmbeddedRegistry { by_nik })
    }

    /// The residents shipped with the API.
    pub fn embedded() -> anyhow::Result<EmbeddedRegistry> {
        Self::from_csv(EMBEDDED_CSV).context("reading the embedded registry data")
    }

    pub fn len(&self) -> usize {
        self.by_nik.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_nik.is_empty()
    }
}

impl CivilRegistry for EmbeddedRegistry {
    fn lookup<'a>(&'a self, nik: &'a Nik) -> BoxFuture<'a, anyhow::Result<Option<Resident>>> {
        Box::pin(async move { Ok(self.by_nik.get(nik.as_str()).cloned()) })
    }
}

/// The production adapter: an HTTP verification service.
pub struct HttpRegistry {
    client: reqwest::Client,
    url: String,
    token: Option<String>,
}

#[derive(Deserialize)]
struct RemoteResident {
    nik: String,
    kk: String,
    name: String,
    sex: String,
    date_of_birth: String,
}

impl HttpRegistry {
    pub fn new(url: &str, token: Option<String>) -> anyhow::Result<HttpRegistry> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(HttpRegistry {
            client,
            url: url.to_owned(),
            token,
        })
    }
}

impl CivilRegistry for HttpRegistry {
    fn lookup<'a>(&'a self, nik: &'a Nik) -> BoxFuture<'a, anyhow::Result<Option<Resident>>> {
        Box::pin(async move {
            let mut request = self
                .client
                .post(&self.url)
                .json(&serde_json::json!({ "nik": nik.as_str() }));
            if let Some(token) = &self.token {
                request = request.bearer_auth(token);
            }
            // reqwest's errors can carry the URL but never the body, so
            // they hold no NIK.
            let response = request.send().await.context("civil registry")?;
            let status = response.status();
            if status == reqwest::StatusCode::NOT_FOUND {
                return Ok(None);
            }
            if !status.is_success() {
                bail!("civil registry answered {status}");
            }
            let body: RemoteResident = response
                .json()
                .await
                .context("civil registry answer is not a resident")?;
            let r = resident(
                &body.nik,
                &body.kk,
                &body.name,
                &body.sex,
                &body.date_of_birth,
                false,
            )
            .context("civil registry answer")?;
            if r.nik != *nik {
                bail!("civil registry answered for another NIK");
            }
            Ok(Some(r))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "nik,kk,name,sex,date_of_birth,region_code\n";

    #[test]
    fn the_embedded_data_loads_and_finds_its_residents() {
        let registry = EmbeddedRegistry::embedded().unwrap();
        assert!(registry.len() >= 2000, "{}", registry.len());
        let first = parse_csv(EMBEDDED_CSV).unwrap().remove(0);
        let found = tokio_test_block_on(registry.lookup(&first.nik)).unwrap();
        assert_eq!(found, Some(first));
    }

    #[test]
    fn rows_that_contradict_themselves_are_refused() {
        let ok = "3201011708900001,3201012505170003,BUDI SANTOSO,male,17/08/1990,320101\n";
        assert_eq!(parse_csv(&format!("{HEADER}{ok}")).unwrap().len(), 1);
        for bad in [
            // Date of birth differs from the NIK.
            "3201011708900001,3201012505170003,BUDI,male,18/08/1990,320101\n",
            // A man's NIK for a woman.
            "3201011708900001,3201012505170003,SITI,female,17/08/1990,320101\n",
            // Region differs.
            "3201011708900001,3201012505170003,BUDI,male,17/08/1990,320102\n",
            // Bad KK.
            "3201011708900001,0001012505170003,BUDI,male,17/08/1990,320101\n",
            // Missing a field.
            "3201011708900001,3201012505170003,BUDI,male,17/08/1990\n",
        ] {
            assert!(parse_csv(&format!("{HEADER}{bad}")).is_err(), "{bad}");
        }
        assert!(parse_csv("nik,kk\n").is_err());
    }

    #[test]
    fn a_resident_s_debug_shows_only_the_masked_nik() {
        let r = parse_csv(EMBEDDED_CSV).unwrap().remove(0);
        let debug = format!("{r:?}");
        assert!(!debug.contains(r.nik.as_str()), "{debug}");
        assert!(!debug.contains(r.kk.as_str()), "{debug}");
        assert!(!debug.contains(&r.name), "{debug}");
    }

    fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }
}
