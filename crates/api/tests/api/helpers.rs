//! `spawn_app()`: a real API on a free port with a fresh database and a
//! manual clock.

use std::sync::Arc;

use akun_api::App;
use akun_api::clock::ManualClock;
use akun_api::config::Config;
use akun_api::db::Db;
use akun_api::outbox::Outbox;
use tokio::sync::watch;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub clock: ManualClock,
    pub db: Db,
    pub outbox: Outbox,
    pub hasher: akun_api::hashing::HashPool,
    pub database_url: String,
    /// The app's state, for workers that tests run by hand.
    pub state: akun_api::http::AppState,
    shutdown: watch::Sender<bool>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.send(true).ok();
    }
}

impl TestApp {
    pub fn clock_now(&self) -> i64 {
        use akun_api::clock::Clock;
        self.clock.now()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// Sends all the bodies to `path` at once (same origin), as a crowd of
    /// browsers would, and returns the answers in the order given.
    pub async fn post_all(
        &self,
        path: &str,
        bodies: Vec<serde_json::Value>,
    ) -> Vec<reqwest::Response> {
        let requests: Vec<_> = bodies
            .into_iter()
            .map(|body| {
                let request = self
                    .client
                    .post(self.url(path))
                    .header("origin", &self.address)
                    .json(&body);
                tokio::spawn(async move { request.send().await.expect("request") })
            })
            .collect();
        let mut answers = Vec::with_capacity(requests.len());
        for r in requests {
            answers.push(r.await.expect("request task"));
        }
        answers
    }

    /// A captcha whose answer the test knows: the real endpoint draws it,
    /// and the test reads nothing but replaces the stored answer's hash.
    pub async fn captcha(&self, answer: &str) -> String {
        let r = self.get("/api/captcha").await;
        assert_eq!(r.status(), 200);
        let body: serde_json::Value = r.json().await.unwrap();
        let id = body["id"].as_str().unwrap().to_owned();
        sqlx::query("UPDATE captchas SET answer_hash = $1 WHERE id = $2")
            .bind(akun_api::captcha::hash_answer(
                &self.state.config.secret_key,
                &id,
                answer,
            ))
            .bind(&id)
            .execute(&self.db.pool)
            .await
            .unwrap();
        id
    }

    /// A POST as the SPA makes it: same origin.
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("origin", &self.address)
            .header("sec-fetch-site", "same-origin")
            .json(body)
            .send()
            .await
            .expect("request")
    }
}

pub fn random_suffix() -> String {
    let n: u64 = rand::random();
    format!("{n:016x}")
}

/// Which database the tests run on.
pub fn test_db_kind() -> &'static str {
    match std::env::var("AKUN_TEST_DB").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

/// A fresh, empty database URL for one test.
pub async fn fresh_database_url() -> String {
    if test_db_kind() == "postgres" {
        let admin = std::env::var("AKUN_TEST_POSTGRES_URL").expect(
            "AKUN_TEST_DB=postgres needs AKUN_TEST_POSTGRES_URL (cargo xtask test sets both)",
        );
        let name = format!("akun_test_{}", random_suffix());
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&admin)
            .await
            .expect("connecting to the test cluster");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&pool)
            .await
            .expect("creating a test database");
        pool.close().await;
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        format!("{base}/{name}")
    } else {
        let dir = std::env::temp_dir().join(format!("akun-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).unwrap();
        format!("sqlite://{}/akun.db", dir.display())
    }
}

pub fn test_config(database_url: &str) -> Config {
    // Each test's photos in a folder of its own, never in the work tree;
    // or, when the run names an S3 bucket (`AKUN_TEST_OBJECT_STORE_URL`
    // and the `AWS_*` variables, as `cargo xtask test` sets for Garage),
    // under a prefix of its own in that bucket.
    let (object_store_url, s3) = match std::env::var("AKUN_TEST_OBJECT_STORE_URL") {
        Ok(base) => {
            let env: std::collections::HashMap<String, String> = std::env::vars()
                .filter(|(k, _)| k.starts_with("AWS_"))
                .collect();
            let s3 = Config::load(None, &env)
                .expect("the test store's settings")
                .s3;
            let url = format!("{}/t-{}", base.trim_end_matches('/'), random_suffix());
            (url, s3)
        }
        Err(_) => {
            let objects = std::env::temp_dir().join(format!("akun-objects-{}", random_suffix()));
            (format!("file://{}", objects.display()), Default::default())
        }
    };
    Config {
        database_url: database_url.to_owned(),
        bind: "127.0.0.1:0".parse().unwrap(),
        hash_workers: Some(2),
        // Tests make many accounts from one address; the captcha gate has
        // its own test.
        captcha_after: 10_000,
        object_store_url: Some(object_store_url),
        s3,
        ..Config::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    let url = fresh_database_url().await;
    spawn_app_on(&url, ManualClock::starting_now(), configure).await
}

/// Like [`spawn_app_with`], with the outbox worker running as in production.
pub async fn spawn_app_with_worker(configure: impl FnOnce(&mut Config)) -> TestApp {
    let url = fresh_database_url().await;
    start(&url, ManualClock::starting_now(), configure, true).await
}

/// Starts an app on an existing database: a "restart" of the API.
pub async fn spawn_app_on(
    database_url: &str,
    clock: ManualClock,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    start(database_url, clock, configure, false).await
}

async fn start(
    database_url: &str,
    clock: ManualClock,
    configure: impl FnOnce(&mut Config),
    worker: bool,
) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let mut config = test_config(database_url);
    config.public_url = address.clone();
    configure(&mut config);
    let app = App::build(config, Arc::new(clock.clone()))
        .await
        .expect("building the app");
    let db = app.state.db.clone();
    let outbox = app.state.outbox.clone();
    let hasher = app.state.hasher.clone();
    let state = app.state.clone();
    let (shutdown, rx) = watch::channel(false);
    // Most tests deliver the outbox by hand, so no worker runs.
    tokio::spawn(app.serve(listener, rx, worker));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        clock,
        db,
        outbox,
        hasher,
        database_url: database_url.to_owned(),
        state,
        shutdown,
    }
}
