//! Configuration: a TOML file for settings, `AKUN_*` environment variables
//! to override them, and secrets from the environment only.
//!
//! A file that contains a secret (or any unknown key) is refused, so a key
//! never lands in a file that might be committed or copied around.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// The secret used when none is given, for development only. The production
/// profile refuses to start with it.
pub const DEV_SECRET_KEY: &str = "dev-only-secret-key-never-use-in-production-0000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Dev,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP: only for a local relay or a test sink.
    None,
    StartTls,
    Tls,
}

/// Where outgoing email goes. Without it, email stays in the outbox and (in
/// dev) shows in the developer mailbox.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    #[serde(default)]
    pub username: Option<String>,
    /// From `AKUN_SMTP_PASSWORD` only.
    #[serde(skip)]
    pub password: Option<String>,
    pub from: String,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .finish()
    }
}

/// The HTTP SMS gateway. Without it, SMS stays in the outbox and (in dev)
/// shows in the developer mailbox.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsConfig {
    pub url: String,
    /// From `AKUN_SMS_GATEWAY_TOKEN` only.
    #[serde(skip)]
    pub token: Option<String>,
    #[serde(default = "default_sms_sender")]
    pub sender: String,
}

fn default_sms_sender() -> String {
    "PRAKERJA".to_owned()
}

impl std::fmt::Debug for SmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsConfig")
            .field("url", &self.url)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("sender", &self.sender)
            .finish()
    }
}

/// Where photos are kept, read from `object_store_url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectStoreLocation {
    /// A folder on this machine (`file://PATH`; a relative path is taken
    /// from the working folder). For development and tests only: other
    /// instances cannot read it.
    Local(PathBuf),
    /// An S3-compatible bucket (`s3://BUCKET/PREFIX`), with the settings in
    /// [`S3Env`]; every object's name starts with the prefix.
    S3 { bucket: String, prefix: String },
}

/// The folder photos go to when `object_store_url` is not set.
pub const DEFAULT_OBJECTS_DIR: &str = "data/objects";

impl ObjectStoreLocation {
    /// Reads `file://PATH` or `s3://BUCKET[/PREFIX]`; `None` is the
    /// default folder.
    pub fn parse(url: Option<&str>) -> anyhow::Result<ObjectStoreLocation> {
        let Some(url) = url else {
            return Ok(ObjectStoreLocation::Local(PathBuf::from(
                DEFAULT_OBJECTS_DIR,
            )));
        };
        if let Some(path) = url.strip_prefix("file://") {
            if path.is_empty() {
                bail!("object_store_url {url:?} names no folder");
            }
            return Ok(ObjectStoreLocation::Local(PathBuf::from(path)));
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let bucket_ok = (3..=63).contains(&bucket.len())
                && bucket.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
                });
            if !bucket_ok {
                bail!("object_store_url {url:?}: {bucket:?} is not an S3 bucket name");
            }
            let prefix = prefix.trim_matches('/');
            if prefix.split('/').any(|part| part == "." || part == "..") {
                bail!("object_store_url {url:?}: the prefix may not hold . or ..");
            }
            return Ok(ObjectStoreLocation::S3 {
                bucket: bucket.to_owned(),
                prefix: prefix.to_owned(),
            });
        }
        bail!("object_store_url must start with file:// or s3://, not {url:?}")
    }
}

/// S3 settings, from the usual AWS variables only (`AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`,
/// `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`), so that the keys never land in a
/// file. Without keys, the instance's own credentials (its role) are used.
#[derive(Clone, Default)]
pub struct S3Env {
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    pub region: Option<String>,
    /// An S3-compatible server other than AWS (Garage, MinIO), reached
    /// with path-style addresses.
    pub endpoint: Option<String>,
    /// Plain HTTP to the endpoint: a local test server only.
    pub allow_http: bool,
}

impl std::fmt::Debug for S3Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Env")
            .field("access_key_id", &self.access_key_id)
            .field(
                "secret_access_key",
                &self.secret_access_key.as_ref().map(|_| "***"),
            )
            .field("session_token", &self.session_token.as_ref().map(|_| "***"))
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub profile: Profile,
    pub bind: SocketAddr,
    /// The origin people open (scheme://host[:port]); used for links in
    /// messages and for the CSRF origin check.
    pub public_url: String,
    pub database_url: String,
    /// The built SPA to serve with history fallback; `None` in production,
    /// where a CDN serves it.
    pub spa_dir: Option<PathBuf>,
    /// The developer mailbox page at `/dev/mailbox`.
    pub dev_mailbox: bool,
    /// `Secure` session cookies with the `__Host-` prefix.
    pub secure_cookies: bool,
    pub log_format: LogFormat,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// Password-hashing threads; defaults to the number of cores.
    pub hash_workers: Option<usize>,
    /// Hash requests allowed to wait; more are refused with 503.
    pub hash_queue: Option<usize>,
    /// Registrations, new links and forgotten passwords one client address
    /// may send in an hour before each needs a captcha.
    pub captcha_after: u32,
    pub smtp: Option<SmtpConfig>,
    pub sms: Option<SmsConfig>,
    /// The civil registry's HTTP verification service. Without it, the
    /// synthetic residents shipped with the API answer (dev and tests only:
    /// the production profile refuses to start without it).
    pub registry_url: Option<String>,
    /// From `AKUN_REGISTRY_TOKEN` only: the bearer token for the registry.
    #[serde(skip)]
    pub registry_token: Option<String>,
    pub outbox: OutboxConfig,
    /// The password reset SMS shows the account's full email address
    /// instead of the masked one (it goes only to the verified number).
    pub reset_sms_full_email: bool,
    /// Where photos are stored: `file://PATH` or `s3://BUCKET/PREFIX`;
    /// unset, the folder `data/objects`. See [`ObjectStoreLocation`].
    pub object_store_url: Option<String>,
    /// From the `AWS_*` variables only.
    #[serde(skip)]
    pub s3: S3Env,
    /// Photo-processing threads; defaults to the number of cores.
    pub photo_workers: Option<usize>,
    /// Photos allowed to wait for a thread; more are refused with 503.
    pub photo_queue: Option<usize>,
    /// From `AKUN_SECRET_KEY` only: keys tokens and identity look-ups.
    #[serde(skip)]
    pub secret_key: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutboxConfig {
    /// How often the worker looks for due messages when nothing wakes it.
    pub poll_seconds: u64,
    /// Attempts before a message is marked failed.
    pub max_attempts: i64,
    /// First retry delay; doubles each attempt up to `max_backoff_seconds`.
    pub base_backoff_seconds: i64,
    pub max_backoff_seconds: i64,
    /// Days a sent or failed message is kept (its text already blanked)
    /// before it is deleted.
    pub retention_days: i64,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self {
            poll_seconds: 2,
            max_attempts: 10,
            base_backoff_seconds: 15,
            max_backoff_seconds: 3600,
            retention_days: 30,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            profile: Profile::Dev,
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: "http://127.0.0.1:8080".to_owned(),
            database_url: "sqlite://data/akun.db".to_owned(),
            spa_dir: None,
            dev_mailbox: true,
            secure_cookies: false,
            log_format: LogFormat::Pretty,
            trusted_proxies: Vec::new(),
            hash_workers: None,
            hash_queue: None,
            captcha_after: 20,
            smtp: None,
            sms: None,
            registry_url: None,
            registry_token: None,
            outbox: OutboxConfig::default(),
            reset_sms_full_email: false,
            object_store_url: None,
            s3: S3Env::default(),
            photo_workers: None,
            photo_queue: None,
            secret_key: DEV_SECRET_KEY.to_owned(),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("profile", &self.profile)
            .field("bind", &self.bind)
            .field("public_url", &self.public_url)
            .field("database_url", &redact_url(&self.database_url))
            .field("spa_dir", &self.spa_dir)
            .field("dev_mailbox", &self.dev_mailbox)
            .field("secure_cookies", &self.secure_cookies)
            .field("log_format", &self.log_format)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("outbox", &self.outbox)
            .field("smtp", &self.smtp)
            .field("sms", &self.sms)
            .field("registry_url", &self.registry_url)
            .field(
                "registry_token",
                &self.registry_token.as_ref().map(|_| "***"),
            )
            .field("reset_sms_full_email", &self.reset_sms_full_email)
            .field("object_store_url", &self.object_store_url)
            .field("s3", &self.s3)
            .field("photo_workers", &self.photo_workers)
            .field("photo_queue", &self.photo_queue)
            .field("secret_key", &"***")
            .finish_non_exhaustive()
    }
}

/// Hides the password in a database URL for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => {
                    format!(
                        "{}{}:***{}",
                        &url[..scheme_end + 3],
                        &userinfo[..colon],
                        &url[at..]
                    )
                }
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Config {
    /// Reads the file (if given), then the environment, then checks the
    /// result. `env` is passed in so tests do not touch the process
    /// environment.
    pub fn load(file: Option<&Path>, env: &HashMap<String, String>) -> anyhow::Result<Config> {
        let mut config = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading config file {}", path.display()))?;
                Self::from_toml(&text).with_context(|| format!("parsing {}", path.display()))?
            }
            None => Config::default(),
        };
        config.apply_env(env)?;
        config.check()?;
        Ok(config)
    }

    pub fn from_toml(text: &str) -> anyhow::Result<Config> {
        Ok(toml::from_str(text)?)
    }

    fn apply_env(&mut self, env: &HashMap<String, String>) -> anyhow::Result<()> {
        let get = |k: &str| {
            env.get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let flag = |k: &str| -> anyhow::Result<Option<bool>> {
            match get(k).as_deref() {
                None => Ok(None),
                Some("1" | "true" | "yes" | "on") => Ok(Some(true)),
                Some("0" | "false" | "no" | "off") => Ok(Some(false)),
                Some(other) => bail!("{k} must be true or false, not {other:?}"),
            }
        };
        if let Some(v) = get("AKUN_PROFILE") {
            self.profile = match v.as_str() {
                "dev" => Profile::Dev,
                "production" => Profile::Production,
                other => bail!("AKUN_PROFILE must be dev or production, not {other:?}"),
            };
        }
        if let Some(v) = get("AKUN_BIND") {
            self.bind = v.parse().with_context(|| format!("AKUN_BIND {v:?}"))?;
        }
        if let Some(v) = get("AKUN_PUBLIC_URL") {
            self.public_url = v;
        }
        if let Some(v) = get("AKUN_DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = get("AKUN_SPA_DIR") {
            self.spa_dir = Some(PathBuf::from(v));
        }
        if let Some(v) = flag("AKUN_DEV_MAILBOX")? {
            self.dev_mailbox = v;
        }
        if let Some(v) = flag("AKUN_SECURE_COOKIES")? {
            self.secure_cookies = v;
        }
        if let Some(v) = flag("AKUN_RESET_SMS_FULL_EMAIL")? {
            self.reset_sms_full_email = v;
        }
        if let Some(v) = get("AKUN_LOG_FORMAT") {
            self.log_format = match v.as_str() {
                "pretty" => LogFormat::Pretty,
                "json" => LogFormat::Json,
                other => bail!("AKUN_LOG_FORMAT must be pretty or json, not {other:?}"),
            };
        }
        if let Some(v) = get("AKUN_TRUSTED_PROXIES") {
            self.trusted_proxies = v
                .split(',')
                .map(|s| {
                    s.trim()
                        .parse::<IpAddr>()
                        .with_context(|| format!("AKUN_TRUSTED_PROXIES {s:?}"))
                })
                .collect::<anyhow::Result<_>>()?;
        }
        if let Some(v) = get("AKUN_OUTBOX_RETENTION_DAYS") {
            self.outbox.retention_days = v.parse().context("AKUN_OUTBOX_RETENTION_DAYS")?;
        }
        if let Some(v) = get("AKUN_HASH_WORKERS") {
            self.hash_workers = Some(v.parse().context("AKUN_HASH_WORKERS")?);
        }
        if let Some(v) = get("AKUN_HASH_QUEUE") {
            self.hash_queue = Some(v.parse().context("AKUN_HASH_QUEUE")?);
        }
        if let Some(v) = get("AKUN_CAPTCHA_AFTER") {
            self.captcha_after = v.parse().context("AKUN_CAPTCHA_AFTER")?;
        }
        if let Some(host) = get("AKUN_SMTP_HOST") {
            let port = get("AKUN_SMTP_PORT")
                .map(|p| p.parse::<u16>())
                .transpose()
                .context("AKUN_SMTP_PORT")?;
            let tls = match get("AKUN_SMTP_TLS").as_deref() {
                None | Some("starttls") => SmtpTls::StartTls,
                Some("tls") => SmtpTls::Tls,
                Some("none") => SmtpTls::None,
                Some(other) => bail!("AKUN_SMTP_TLS must be none, starttls or tls, not {other:?}"),
            };
            let default_port = match tls {
                SmtpTls::None => 25,
                SmtpTls::StartTls => 587,
                SmtpTls::Tls => 465,
            };
            self.smtp = Some(SmtpConfig {
                host,
                port: port.unwrap_or(default_port),
                tls,
                username: get("AKUN_SMTP_USERNAME"),
                password: None,
                from: get("AKUN_SMTP_FROM")
                    .unwrap_or_else(|| "Prakerja <no-reply@prakerja.go.id>".to_owned()),
            });
        }
        if let (Some(smtp), Some(pw)) = (self.smtp.as_mut(), get("AKUN_SMTP_PASSWORD")) {
            smtp.password = Some(pw);
        }
        if let Some(url) = get("AKUN_SMS_GATEWAY_URL") {
            let sender = get("AKUN_SMS_SENDER").unwrap_or_else(default_sms_sender);
            self.sms = Some(SmsConfig {
                url,
                token: None,
                sender,
            });
        }
        if let (Some(sms), Some(token)) = (self.sms.as_mut(), get("AKUN_SMS_GATEWAY_TOKEN")) {
            sms.token = Some(token);
        }
        if let Some(url) = get("AKUN_REGISTRY_URL") {
            self.registry_url = Some(url);
        }
        if let Some(token) = get("AKUN_REGISTRY_TOKEN") {
            self.registry_token = Some(token);
        }
        if let Some(key) = get("AKUN_SECRET_KEY") {
            self.secret_key = key;
        }
        if let Some(url) = get("AKUN_OBJECT_STORE_URL") {
            self.object_store_url = Some(url);
        }
        if let Some(v) = get("AKUN_PHOTO_WORKERS") {
            self.photo_workers = Some(v.parse().context("AKUN_PHOTO_WORKERS")?);
        }
        if let Some(v) = get("AKUN_PHOTO_QUEUE") {
            self.photo_queue = Some(v.parse().context("AKUN_PHOTO_QUEUE")?);
        }
        self.s3 = S3Env {
            access_key_id: get("AWS_ACCESS_KEY_ID"),
            secret_access_key: get("AWS_SECRET_ACCESS_KEY"),
            session_token: get("AWS_SESSION_TOKEN"),
            region: get("AWS_REGION").or_else(|| get("AWS_DEFAULT_REGION")),
            endpoint: get("AWS_ENDPOINT_URL"),
            allow_http: flag("AWS_ALLOW_HTTP")?.unwrap_or(false),
        };
        Ok(())
    }

    /// Refuses configurations that would be unsafe to run.
    pub fn check(&self) -> anyhow::Result<()> {
        let origin = self.public_url.trim_end_matches('/');
        if !(origin.starts_with("http://") || origin.starts_with("https://")) {
            bail!("public_url must start with http:// or https://");
        }
        if self.outbox.retention_days < 1 {
            bail!("outbox retention_days (AKUN_OUTBOX_RETENTION_DAYS) must be at least 1");
        }
        let objects = self.object_store()?;
        if self.profile == Profile::Production {
            let mut problems = Vec::new();
            if self.dev_mailbox {
                problems.push("the developer mailbox is on (set dev_mailbox = false)");
            }
            if !self.secure_cookies {
                problems.push("cookies are not Secure (set secure_cookies = true)");
            }
            if self.secret_key == DEV_SECRET_KEY {
                problems.push("AKUN_SECRET_KEY is the development default");
            }
            if self.secret_key.len() < 32 {
                problems.push("AKUN_SECRET_KEY is shorter than 32 characters");
            }
            if !origin.starts_with("https://") {
                problems.push("public_url is not https");
            }
            if self.smtp.is_none() {
                problems.push("no SMTP server is configured, so no email would leave the outbox");
            }
            if self.sms.is_none() {
                problems.push("no SMS gateway is configured, so no SMS would leave the outbox");
            }
            if self.registry_url.is_none() {
                problems.push(
                    "no civil registry service is configured (registry_url), so identities would be checked against synthetic data",
                );
            }
            if let ObjectStoreLocation::Local(_) = objects {
                problems.push(
                    "photos would be stored in a local folder, which the other instances cannot read (set AKUN_OBJECT_STORE_URL=s3://...)",
                );
            }
            if self.s3.allow_http {
                problems.push(
                    "AWS_ALLOW_HTTP is on: requests to the object store would not be encrypted",
                );
            }
            if self.spa_dir.is_some() {
                // Not unsafe, but production serves the SPA from the CDN.
            }
            if !problems.is_empty() {
                bail!(
                    "refusing to start the production profile: {}",
                    problems.join("; ")
                );
            }
        }
        Ok(())
    }

    /// The public origin without a trailing slash, as browsers send it in
    /// the `Origin` header.
    pub fn origin(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }

    pub fn is_production(&self) -> bool {
        self.profile == Profile::Production
    }

    /// Where photos are stored.
    pub fn object_store(&self) -> anyhow::Result<ObjectStoreLocation> {
        ObjectStoreLocation::parse(self.object_store_url.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn production_env() -> Vec<(&'static str, &'static str)> {
        vec![
            ("AKUN_PROFILE", "production"),
            ("AKUN_DEV_MAILBOX", "false"),
            ("AKUN_SECURE_COOKIES", "true"),
            ("AKUN_PUBLIC_URL", "https://akun.prakerja.go.id"),
            (
                "AKUN_SECRET_KEY",
                "a-real-secret-of-enough-length-0123456789",
            ),
            ("AKUN_SMTP_HOST", "smtp.example.org"),
            ("AKUN_SMS_GATEWAY_URL", "https://sms.example.org/send"),
            ("AKUN_REGISTRY_URL", "https://dukcapil.example.org/verify"),
            ("AKUN_OBJECT_STORE_URL", "s3://akun-photos/report"),
        ]
    }

    #[test]
    fn dev_defaults_load_without_a_file() {
        let config = Config::load(None, &HashMap::new()).unwrap();
        assert_eq!(config.profile, Profile::Dev);
        assert!(config.dev_mailbox);
    }

    #[test]
    fn production_refuses_each_dev_default() {
        for (key, value) in [
            ("AKUN_DEV_MAILBOX", "true"),
            ("AKUN_SECURE_COOKIES", "false"),
            ("AKUN_PUBLIC_URL", "http://akun.prakerja.go.id"),
            ("AKUN_SECRET_KEY", DEV_SECRET_KEY),
            ("AKUN_SECRET_KEY", "short"),
        ] {
            let mut pairs = production_env();
            pairs.retain(|(k, _)| *k != key);
            pairs.push((key, value));
            let err = Config::load(None, &env(&pairs)).unwrap_err().to_string();
            assert!(err.contains("refusing"), "{key}={value}: {err}");
        }
    }

    #[test]
    fn production_refuses_to_start_without_each_transport_or_the_registry() {
        for (key, what) in [
            ("AKUN_SMTP_HOST", "SMTP"),
            ("AKUN_SMS_GATEWAY_URL", "SMS gateway"),
            ("AKUN_REGISTRY_URL", "civil registry"),
        ] {
            let mut pairs = production_env();
            pairs.retain(|(k, _)| *k != key);
            let err = Config::load(None, &env(&pairs)).unwrap_err().to_string();
            assert!(err.contains(what), "{key}: {err}");
        }
    }

    #[test]
    fn production_refuses_photos_in_a_local_folder_or_over_plain_http() {
        for (key, value) in [
            ("AKUN_OBJECT_STORE_URL", ""),
            ("AKUN_OBJECT_STORE_URL", "file:///var/lib/akun/objects"),
            ("AWS_ALLOW_HTTP", "true"),
        ] {
            let mut pairs = production_env();
            pairs.retain(|(k, _)| *k != key);
            pairs.push((key, value));
            let err = Config::load(None, &env(&pairs)).unwrap_err().to_string();
            assert!(err.contains("refusing"), "{key}={value}: {err}");
        }
    }

    #[test]
    fn object_store_urls_name_a_folder_or_a_bucket() {
        assert_eq!(
            ObjectStoreLocation::parse(None).unwrap(),
            ObjectStoreLocation::Local(PathBuf::from("data/objects"))
        );
        assert_eq!(
            ObjectStoreLocation::parse(Some("file:///srv/akun")).unwrap(),
            ObjectStoreLocation::Local(PathBuf::from("/srv/akun"))
        );
        assert_eq!(
            ObjectStoreLocation::parse(Some("s3://akun-photos/report/")).unwrap(),
            ObjectStoreLocation::S3 {
                bucket: "akun-photos".to_owned(),
                prefix: "report".to_owned()
            }
        );
        assert_eq!(
            ObjectStoreLocation::parse(Some("s3://akun-photos")).unwrap(),
            ObjectStoreLocation::S3 {
                bucket: "akun-photos".to_owned(),
                prefix: String::new()
            }
        );
        for bad in [
            "file://",
            "s3://",
            "s3://Bad_Bucket/x",
            "s3://akun/../x",
            "gs://akun",
            "data/objects",
        ] {
            assert!(ObjectStoreLocation::parse(Some(bad)).is_err(), "{bad}");
        }
        let err = Config::load(None, &env(&[("AKUN_OBJECT_STORE_URL", "ftp://x")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("file:// or s3://"), "{err}");
    }

    #[test]
    fn production_starts_when_every_setting_is_real() {
        let config = Config::load(None, &env(&production_env())).unwrap();
        assert!(config.is_production());
    }

    #[test]
    fn a_secret_in_the_config_file_is_refused() {
        let err = Config::from_toml("secret_key = \"abc\"\n")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("unknown field"), "{err}");
        let err = Config::from_toml("registry_token = \"abc\"\n")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("unknown field"), "{err}");
        let err = Config::from_toml("[s3]\nsecret_access_key = \"abc\"\n")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("unknown field"), "{err}");
        let err = Config::from_toml(
            "[smtp]\nhost='h'\nport=25\ntls='none'\nfrom='a@b.c'\npassword='x'\n",
        )
        .err()
        .unwrap()
        .to_string();
        assert!(err.contains("unknown field"), "{err}");
    }

    #[test]
    fn secrets_come_from_the_environment_and_never_show_in_debug() {
        let pairs = [
            ("AKUN_SMTP_HOST", "smtp.example.org"),
            ("AKUN_SMTP_PASSWORD", "hunter2-smtp"),
            ("AKUN_SECRET_KEY", "very-secret-key-value"),
            ("AKUN_DATABASE_URL", "postgres://akun:pgpass@db/akun"),
            ("AKUN_REGISTRY_URL", "https://dukcapil.example.org/verify"),
            ("AKUN_REGISTRY_TOKEN", "registry-bearer-token"),
            ("AWS_ACCESS_KEY_ID", "GK0123"),
            ("AWS_SECRET_ACCESS_KEY", "s3-secret-access-key"),
            ("AWS_SESSION_TOKEN", "s3-session-token"),
        ];
        let config = Config::load(None, &env(&pairs)).unwrap();
        assert_eq!(
            config.smtp.as_ref().unwrap().password.as_deref(),
            Some("hunter2-smtp")
        );
        let debug = format!("{config:?}");
        assert_eq!(
            config.registry_token.as_deref(),
            Some("registry-bearer-token")
        );
        assert_eq!(
            config.s3.secret_access_key.as_deref(),
            Some("s3-secret-access-key")
        );
        for secret in [
            "hunter2-smtp",
            "very-secret-key-value",
            "pgpass",
            "registry-bearer-token",
            "s3-secret-access-key",
            "s3-session-token",
        ] {
            assert!(!debug.contains(secret), "{secret} leaked in {debug}");
        }
    }

    #[test]
    fn file_settings_are_overridden_by_the_environment() {
        let dir = std::env::temp_dir().join(format!("akun-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("akun.toml");
        std::fs::write(&path, "bind = \"127.0.0.1:9000\"\ndev_mailbox = false\n").unwrap();
        let config = Config::load(Some(&path), &env(&[("AKUN_BIND", "127.0.0.1:9001")])).unwrap();
        assert_eq!(config.bind.port(), 9001);
        assert!(!config.dev_mailbox);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn outbox_retention_is_thirty_days_unless_set_and_at_least_one() {
        let config = Config::load(None, &HashMap::new()).unwrap();
        assert_eq!(config.outbox.retention_days, 30);
        let config = Config::load(None, &env(&[("AKUN_OUTBOX_RETENTION_DAYS", "7")])).unwrap();
        assert_eq!(config.outbox.retention_days, 7);
        let config = Config::from_toml("[outbox]\nretention_days = 90\n").unwrap();
        assert_eq!(config.outbox.retention_days, 90);
        for bad in ["0", "-1", "thirty"] {
            assert!(
                Config::load(None, &env(&[("AKUN_OUTBOX_RETENTION_DAYS", bad)])).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(redact_url("postgres://u:p@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact_url("sqlite://data/akun.db"), "sqlite://data/akun.db");
    }
}
