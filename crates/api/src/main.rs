//! `akun-api [serve] [--config FILE]` runs the API.
//! `akun-api bench-hash [--concurrency N] [--requests N]` measures the
//! password-hashing pool.
//! `akun-api bench-photo [--requests N]` measures the photo pipeline (check,
//! decode, re-encode, encrypt) and the photo pool.
//! `akun-api bench-login` and `bench-forgot [--concurrency N] [--requests N]`
//! measure endpoints over real HTTP on a fresh SQLite file.
//! `akun-api import-beneficiaries --year 2026 FILE` marks the accounts of
//! FILE (one email address a line) as beneficiaries of that year.
//! `akun-api block EMAIL --reason REASON [--final]` blocks an account (see
//! `akun_core::BlockReason` for the reasons); `akun-api unblock EMAIL`
//! lifts the block. The staff console will do both with an audit trail.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use akun_api::App;
use akun_api::clock::{Clock, SystemClock};
use akun_api::config::Config;
use akun_api::hashing::HashPool;
use anyhow::{Context, bail};
use tokio::sync::watch;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1).peekable();
    let command = match args.peek().map(String::as_str) {
        Some(c) if !c.starts_with('-') => args.next().unwrap_or_default(),
        _ => "serve".to_owned(),
    };
    let mut config_file: Option<PathBuf> = std::env::var_os("AKUN_CONFIG").map(PathBuf::from);
    let mut concurrency = 16usize;
    let mut requests = 200usize;
    let mut year: Option<i64> = None;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut reason: Option<String> = None;
    let mut is_final = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" => config_file = Some(args.next().context("--config needs a file")?.into()),
            "--concurrency" => {
                concurrency = args.next().context("--concurrency needs N")?.parse()?
            }
            "--requests" => requests = args.next().context("--requests needs N")?.parse()?,
            "--year" => year = Some(args.next().context("--year needs a year")?.parse()?),
            "--reason" => reason = Some(args.next().context("--reason needs a reason")?),
            "--final" => is_final = true,
            other
                if matches!(
                    command.as_str(),
                    "import-beneficiaries" | "block" | "unblock"
                ) && !other.starts_with('-') =>
            {
                files.push(other.into())
            }
            other => bail!("unknown argument {other:?}"),
        }
    }
    let env: HashMap<String, String> = std::env::vars().collect();
    match command.as_str() {
        "serve" => serve(Config::load(config_file.as_deref(), &env)?).await,
        "bench-hash" => {
            let config = Config::load(config_file.as_deref(), &env)?;
            bench_hash(config, concurrency, requests).await
        }
        "bench-login" => {
            let config = Config::load(config_file.as_deref(), &env)?;
            bench_login(config, concurrency, requests).await
        }
        "bench-forgot" => {
            let config = Config::load(config_file.as_deref(), &env)?;
            bench_forgot(config, concurrency, requests).await
        }
        "bench-photo" => {
            let config = Config::load(config_file.as_deref(), &env)?;
            bench_photo(config, requests).await
        }
        "import-beneficiaries" => {
            let config = Config::load(config_file.as_deref(), &env)?;
            let year = year.context("import-beneficiaries needs --year YYYY")?;
            let [file] = files.as_slice() else {
                bail!("import-beneficiaries needs exactly one FILE");
            };
            import_beneficiaries(config, year, file).await
        }
        "block" | "unblock" => {
            let config = Config::load(config_file.as_deref(), &env)?;
            let [email] = files.as_slice() else {
                bail!("{command} needs exactly one EMAIL");
            };
            let email = email.to_string_lossy();
            let reason = match (command.as_str(), reason.as_deref()) {
                ("block", Some(r)) => {
                    Some(akun_core::BlockReason::from_wire(r).with_context(|| {
                        let known: Vec<_> = akun_core::BlockReason::ALL
                            .iter()
                            .map(|r| r.as_str())
                            .collect();
                        format!("unknown reason {r:?}; use one of {}", known.join(", "))
                    })?)
                }
                ("block", None) => bail!("block needs --reason"),
                _ => None,
            };
            block_command(config, &email, reason, is_final).await
        }
        other => {
            bail!(
                "unknown command {other:?}; use serve, bench-hash, bench-login, bench-forgot, bench-photo, import-beneficiaries, block or unblock"
            )
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    akun_api::telemetry::init(config.log_format);
    tracing::info!(?config, "starting");
    let bind = config.bind;
    let app = App::build(config, Arc::new(SystemClock)).await?;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("binding {bind}"))?;
    tracing::info!(address = %listener.local_addr()?, "listening");
    let (tx, rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing requests in flight");
        tx.send(true).ok();
    });
    app.serve(listener, rx, true).await
}

/// Marks the accounts listed in `file` as beneficiaries of `year` and
/// prints what it did. Running it twice adds nothing the second time.
async fn import_beneficiaries(config: Config, year: i64, file: &Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let db = akun_api::db::Db::connect(&config.database_url).await?;
    let counts = akun_api::account::beneficiaries::import(
        &db.pool,
        SystemClock.now(),
        year,
        "import",
        &text,
    )
    .await?;
    println!("beneficiaries {year}: {counts}");
    db.pool.close().await;
    Ok(())
}

/// Blocks (with a reason) or unblocks the account of `email`, as staff do.
async fn block_command(
    config: Config,
    email: &str,
    reason: Option<akun_core::BlockReason>,
    is_final: bool,
) -> anyhow::Result<()> {
    let app = App::build(config, Arc::new(SystemClock)).await?;
    let state = &app.state;
    let result = async {
        let account = akun_api::account::block::account_id_of(state, email).await?;
        match reason {
            Some(reason) => {
                akun_api::account::block::block(state, account, reason, is_final, "staff").await
            }
            None => akun_api::account::block::unblock(state, account, "staff").await,
        }
    }
    .await;
    result.map_err(|e| anyhow::anyhow!("{}: {e:?}", email))?;
    // The notice is in the outbox; the running API's worker delivers it.
    println!(
        "{email}: {}",
        if reason.is_some() {
            "blocked"
        } else {
            "unblocked"
        }
    );
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}

/// Hashes `requests` passwords with `concurrency` callers at once through
/// the same bounded pool the API uses, and prints throughput and latency.
/// Callers that get "busy" retry after a short pause, as the SPA does, and
/// their waiting counts in the latency.
async fn bench_hash(config: Config, concurrency: usize, requests: usize) -> anyhow::Result<()> {
    let pool = HashPool::new(config.hash_workers, config.hash_queue);
    let single = {
        let t = Instant::now();
        pool.hash("benchmark password 1").await?;
        t.elapsed()
    };
    let started = Instant::now();
    let per_task = requests.div_ceil(concurrency);
    let mut tasks = Vec::new();
    for t in 0..concurrency {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut busy = 0usize;
            for i in 0..per_task {
                let t0 = Instant::now();
                loop {
                    match pool.hash(&format!("benchmark password {t}-{i}")).await {
                        Ok(_) => break,
                        Err(e) if e.is(akun_core::ErrorCode::Busy) => {
                            busy += 1;
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                        Err(e) => return Err(anyhow::anyhow!("{e}")),
                    }
                }
                latencies.push(t0.elapsed());
            }
            Ok::<_, anyhow::Error>((latencies, busy))
        }));
    }
    let mut all = Vec::new();
    let mut busy = 0;
    for task in tasks {
        let (l, b) = task.await??;
        all.extend(l);
        busy += b;
    }
    let elapsed = started.elapsed();
    all.sort();
    let p = |q: f64| percentile(&all, q);
    println!(
        "hash: workers={} queue={} one_hash_ms={:.1} requests={} concurrency={} rps={:.1} p50_ms={:.1} p99_ms={:.1} busy_answers={}",
        pool.workers(),
        pool.capacity(),
        single.as_secs_f64() * 1000.0,
        all.len(),
        concurrency,
        all.len() as f64 / elapsed.as_secs_f64(),
        p(0.50).as_secs_f64() * 1000.0,
        p(0.99).as_secs_f64() * 1000.0,
        busy
    );
    Ok(())
}

/// Latency summary of a load run.
fn summary(label: &str, mut all: Vec<Duration>, elapsed: Duration, concurrency: usize) {
    all.sort();
    let p = |q: f64| percentile(&all, q);
    println!(
        "{label}: requests={} concurrency={concurrency} rps={:.1} p50_ms={:.2} p99_ms={:.2}",
        all.len(),
        all.len() as f64 / elapsed.as_secs_f64(),
        p(0.50).as_secs_f64() * 1000.0,
        p(0.99).as_secs_f64() * 1000.0,
    );
}

/// Runs `requests` calls of `call(i)` with `concurrency` callers at once.
async fn load<F, Fut>(
    concurrency: usize,
    requests: usize,
    call: F,
) -> anyhow::Result<(Vec<Duration>, Duration)>
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let next = Arc::clone(&next);
        let call = call.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= requests {
                    return Ok::<_, anyhow::Error>(latencies);
                }
                let t0 = Instant::now();
                call(i).await?;
                latencies.push(t0.elapsed());
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok((all, started.elapsed()))
}

/// The API serving over real HTTP on a fresh SQLite file, with the dev
/// mailbox instead of SMTP, for a benchmark.
struct Bench {
    state: akun_api::state::AppState,
    base: String,
    dir: PathBuf,
    stop: watch::Sender<bool>,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Bench {
    async fn start(mut config: Config, name: &str, run_workers: bool) -> anyhow::Result<Bench> {
        akun_api::telemetry::init(config.log_format);
        let dir = std::env::temp_dir().join(format!("akun-bench-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        config.database_url = format!("sqlite://{}/bench.db", dir.display());
        config.dev_mailbox = true;
        config.smtp = None;
        let app = App::build(config, Arc::new(SystemClock)).await?;
        let state = app.state.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (stop, rx) = watch::channel(false);
        let server = tokio::spawn(app.serve(listener, rx, run_workers));
        Ok(Bench {
            state,
            base,
            dir,
            stop,
            server,
        })
    }

    async fn stop(self) -> anyhow::Result<()> {
        self.stop.send(true).ok();
        self.server.await??;
        std::fs::remove_dir_all(&self.dir).ok();
        Ok(())
    }
}

/// The login password step (captcha + argon2id verify + attempt + code in
/// the outbox) and the session check (`GET /api/me`), over real HTTP
/// against this API on a fresh SQLite file. Accounts, captchas with a known
/// answer and one session are written straight into the database first,
/// because a benchmark cannot read a picture.
async fn bench_login(config: Config, concurrency: usize, requests: usize) -> anyhow::Result<()> {
    use akun_api::captcha::hash_answer;
    let bench = Bench::start(config, "login", false).await?;
    let (state, base) = (&bench.state, bench.base.clone());

    let password = "benchmark password 1";
    let hash = state.hasher.hash(password).await?;
    let now = state.clock.now();
    for i in 0..requests {
        sqlx::query("INSERT INTO accounts (email, password_hash, status, lang, created_at, verified_at) VALUES ($1, $2, 'active', 'id', $3, $3)")
            .bind(format!("bench{i}@example.com"))
            .bind(&hash)
            .bind(now)
            .execute(&state.db.pool)
            .await?;
        sqlx::query("INSERT INTO captchas (id, answer_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(format!("bench-captcha-{i}"))
            .bind(hash_answer(
                &state.config.secret_key,
                &format!("bench-captcha-{i}"),
                "bench",
            ))
            .bind(now)
            .bind(now + 3_600_000)
            .execute(&state.db.pool)
            .await?;
    }
    let (cookie, session_id) = akun_api::tokens::new_token();
    sqlx::query("INSERT INTO sessions (id, account_id, created_at, last_seen_at, expires_at, user_agent, device) VALUES ($1, 1, $2, $2, $3, 'bench', 'bench')")
        .bind(&session_id)
        .bind(now)
        .bind(now + 3_600_000)
        .execute(&state.db.pool)
        .await?;

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let login = {
        let (client, base) = (client.clone(), base.clone());
        move |i: usize| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                let body = serde_json::json!({
                    "email": format!("bench{i}@example.com"), "password": password,
                    "captcha_id": format!("bench-captcha-{i}"), "captcha_answer": "bench",
                });
                let r = client
                    .post(format!("{base}/api/login"))
                    .json(&body)
                    .send()
                    .await?;
                anyhow::ensure!(r.status() == 200, "login answered {}", r.status());
                Ok(())
            }
        }
    };
    let (latencies, elapsed) = load(concurrency, requests, login).await?;
    summary(
        "POST /api/login (password step)",
        latencies,
        elapsed,
        concurrency,
    );

    let me = {
        let (client, base) = (client.clone(), base.clone());
        move |_| {
            let (client, base, cookie) = (client.clone(), base.clone(), cookie.clone());
            async move {
                let r = client
                    .get(format!("{base}/api/me"))
                    .header("cookie", format!("akun_session={cookie}"))
                    .send()
                    .await?;
                anyhow::ensure!(r.status() == 200, "me answered {}", r.status());
                Ok(())
            }
        }
    };
    let (latencies, elapsed) = load(concurrency, requests * 50, me).await?;
    summary(
        "GET /api/me (session check)",
        latencies,
        elapsed,
        concurrency,
    );

    bench.stop().await
}

/// The answer time of `POST /api/password/forgot` for addresses with an
/// account and without one, interleaved (even requests match, odd ones do
/// not) so that any background load (the reset and outbox workers run, as
/// in production) falls on both alike. Each request comes from its own
/// forwarded client address, as through the load balancer, and names its
/// own address, so no limit is reached. One pass one at a time, one with
/// `concurrency` callers.
async fn bench_forgot(
    mut config: Config,
    concurrency: usize,
    requests: usize,
) -> anyhow::Result<()> {
    config.sms = None;
    config.trusted_proxies = vec!["127.0.0.1".parse()?];
    let bench = Bench::start(config, "forgot", true).await?;
    let (state, base) = (&bench.state, bench.base.clone());

    let hash = state.hasher.hash("benchmark password 1").await?;
    let now = state.clock.now();
    let passes = [1, concurrency.max(1)];
    for i in 0..requests * passes.len() {
        sqlx::query("INSERT INTO accounts (email, password_hash, status, lang, created_at, verified_at) VALUES ($1, $2, 'active', 'id', $3, $3)")
            .bind(format!("known{i}@example.com"))
            .bind(&hash)
            .bind(now)
            .execute(&state.db.pool)
            .await?;
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency.max(1))
        .build()?;
    for (pass, callers) in passes.into_iter().enumerate() {
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let total = requests * 2;
        let mut tasks = Vec::new();
        for _ in 0..callers {
            let (client, base, next) = (client.clone(), base.clone(), Arc::clone(&next));
            tasks.push(tokio::spawn(async move {
                let mut timed = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= total {
                        return Ok::<_, anyhow::Error>(timed);
                    }
                    let n = pass * requests + i / 2;
                    let matched = i % 2 == 0;
                    let email = if matched {
                        format!("known{n}@example.com")
                    } else {
                        format!("unknown{n}@example.com")
                    };
                    let client_ip = format!("10.{}.{}.{}", pass, n / 250, n % 250 + 1);
                    let t0 = Instant::now();
                    let r = client
                        .post(format!("{base}/api/password/forgot"))
                        .header("x-forwarded-for", client_ip)
                        .json(&serde_json::json!({"way": "email", "email": email}))
                        .send()
                        .await?;
                    let status = r.status();
                    let body = r.bytes().await?;
                    let took = t0.elapsed();
                    anyhow::ensure!(
                        status == 202 && &body[..] == b"{}",
                        "forgot answered {status}"
                    );
                    timed.push((matched, took));
                }
            }));
        }
        let (mut yes, mut no) = (Vec::new(), Vec::new());
        for t in tasks {
            for (matched, took) in t.await?? {
                if matched {
                    yes.push(took)
                } else {
                    no.push(took)
                }
            }
        }
        yes.sort();
        no.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let (m50, m95, u50, u95) = (
            ms(percentile(&yes, 0.50)),
            ms(percentile(&yes, 0.95)),
            ms(percentile(&no, 0.50)),
            ms(percentile(&no, 0.95)),
        );
        println!(
            "POST /api/password/forgot, concurrency {callers}: matched n={} p50_ms={m50:.2} p95_ms={m95:.2}; unmatched n={} p50_ms={u50:.2} p95_ms={u95:.2}; difference p50_ms={:+.2} p95_ms={:+.2}",
            yes.len(),
            no.len(),
            m50 - u50,
            m95 - u95,
        );
    }
    // Finish what the worker has not reached yet, to show that the
    // matched requests did send.
    let processed = akun_api::account::reset::process_pending(state).await?;
    let links: i64 = sqlx::query("SELECT COUNT(*) FROM outbox WHERE template = 'reset_link'")
        .fetch_one(&state.db.pool)
        .await
        .map(|r| sqlx::Row::get(&r, 0))?;
    println!("reset links written to the outbox: {links} (last catch-up round: {processed})");

    bench.stop().await
}

/// A synthetic photo of `width` x `height` as JPEG: gradients, a pattern
/// and a little noise, like a photo of a card on a table. With
/// `target_bytes`, the JPEG quality is searched to come close to that size
/// (a phone's compression); otherwise quality 80, as the Report Form's
/// phone-side compression uses. Returns the JPEG and its quality.
fn synthetic_photo(width: u32, height: u32, target_bytes: Option<usize>) -> (Vec<u8>, u8) {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Sensor noise of a few levels, which JPEG keeps only at high
        // quality: what makes the search below find a size.
        let noise = (seed % 7) as f32 - 3.0;
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let wave = ((fx * 40.0).sin() * (fy * 30.0).cos()) * 30.0;
        let card = (0.2..0.8).contains(&fx) && (0.25..0.75).contains(&fy);
        // Lines of "print" on the card.
        let print = card && (y % 150 < 10) && ((x / 24) % 4 != 0);
        let base = match (card, print) {
            (true, true) => 60.0,
            (true, false) => 170.0,
            _ => 90.0,
        };
        let channel = |shift: f32| (base + shift + wave + noise).clamp(0.0, 255.0) as u8;
        image::Rgb([channel(fx * 60.0), channel(fy * 50.0), channel(-20.0)])
    });
    let encode = |quality: u8| {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
            .encode_image(&picture)
            .expect("encoding a synthetic photo");
        out
    };
    let Some(target) = target_bytes else {
        return (encode(80), 80);
    };
    let (mut low, mut high) = (10u8, 95u8);
    let mut best = (encode(low), low);
    while low <= high {
        let quality = low + (high - low) / 2;
        let jpeg = encode(quality);
        if jpeg.len() <= target {
            best = (jpeg, quality);
            low = quality + 1;
        } else {
            high = quality - 1;
        }
    }
    best
}

/// The photo pipeline: for a 12-megapixel photo of about 300 KB and for a
/// 1600 px one, the time to check, decode, re-encode and encrypt one photo
/// (one at a time, through the pool), then photos per second with the pool
/// full (as many callers as the pool has workers and waiting places, each
/// storing into a local folder and retrying after 50 ms when told busy).
async fn bench_photo(config: Config, requests: usize) -> anyhow::Result<()> {
    use akun_api::objects::{Kind, ObjectName, Objects};
    use akun_api::photo::{PhotoPool, Photos};
    let dir = std::env::temp_dir().join(format!("akun-bench-photo-{}", std::process::id()));
    let objects = Objects::local(&dir)?;
    let pool = PhotoPool::new(config.photo_workers, config.photo_queue);
    let photos = Photos::new(objects, &config.secret_key, pool.clone());
    let callers = pool.workers() + pool.queue();
    for (label, width, height, target) in [
        ("12 MP (4000x3000)", 4000, 3000, Some(300_000)),
        ("1600 px (1600x1200)", 1600, 1200, None),
    ] {
        let (upload, quality) =
            tokio::task::spawn_blocking(move || synthetic_photo(width, height, target)).await?;
        let name = ObjectName::new(Kind::Photo);
        let sealed = photos.seal(&name, upload.clone()).await?;
        let mut one = Vec::with_capacity(requests);
        for _ in 0..requests {
            let t0 = Instant::now();
            photos.seal(&name, upload.clone()).await?;
            one.push(t0.elapsed());
        }
        one.sort();

        let busy = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let store = {
            let (photos, upload, busy) = (photos.clone(), Arc::new(upload.clone()), busy.clone());
            move |_| {
                let (photos, upload, busy) = (photos.clone(), upload.clone(), busy.clone());
                async move {
                    loop {
                        match photos.store(upload.to_vec()).await {
                            Ok(_) => return Ok(()),
                            Err(e) if e.is(akun_core::ErrorCode::Busy) => {
                                busy.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                tokio::time::sleep(Duration::from_millis(50)).await;
                            }
                            Err(e) => return Err(anyhow::anyhow!("{e}")),
                        }
                    }
                }
            }
        };
        let (mut full, elapsed) = load(callers, requests, store).await?;
        full.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "photo {label}: input_bytes={} (JPEG quality {quality}) -> stored_bytes={} (JPEG {} bytes, {}x{}, sealed); one at a time: p50_ms={:.1} p99_ms={:.1}; pool full (workers={} queue={} callers={callers}): photos_per_s={:.1} p50_ms={:.1} p99_ms={:.1} busy_answers={}",
            upload.len(),
            sealed.sealed.len(),
            sealed.jpeg_bytes,
            sealed.width,
            sealed.height,
            ms(percentile(&one, 0.50)),
            ms(percentile(&one, 0.99)),
            pool.workers(),
            pool.queue(),
            full.len() as f64 / elapsed.as_secs_f64(),
            ms(percentile(&full, 0.50)),
            ms(percentile(&full, 0.99)),
            busy.load(std::sync::atomic::Ordering::Relaxed),
        );
    }
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// The `q` quantile of sorted latencies (nearest rank).
fn percentile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1]
}
