//! What the Report Form keeps in the object store, and what the sweeper
//! takes away. Named `storage` so that `cargo xtask test` runs these on
//! Garage (S3) as well as on a local folder (`helpers::test_config`).

use std::time::Duration;

use akun_api::case::sweeper::{PENDING_GRACE, Swept, sweep};
use akun_api::objects::{Kind, ObjectName};
use serde_json::{Value, json};
use sqlx::Row;

use super::{Browser, SLOTS, case_for, count, ledger};
use crate::helpers::{TestApp, spawn_app};
use crate::storage::{contains, exif_of, exif_with_gps, jpeg, with_exif};

async fn objects(app: &TestApp) -> Vec<ObjectName> {
    let mut names: Vec<ObjectName> = app
        .state
        .objects
        .list(Kind::Photo)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    names
}

async fn recorded(app: &TestApp, sql: &str) -> Vec<ObjectName> {
    let mut names: Vec<ObjectName> = sqlx::query(sql)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|row| ObjectName::parse(&row.get::<String, _>(0)).unwrap())
        .collect();
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    names
}

/// Every stored byte of the store: the files of a local folder (whatever
/// the store calls them), or each object of a bucket.
async fn at_rest(app: &TestApp) -> Vec<Vec<u8>> {
    let url = app.state.config.object_store_url.clone().unwrap();
    if let Some(folder) = url.strip_prefix("file://") {
        let mut found = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(folder)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    found.push(std::fs::read(path).unwrap());
                }
            }
        }
        found
    } else {
        let mut found = Vec::new();
        for name in objects(app).await {
            found.push(app.state.objects.get(&name).await.unwrap().unwrap());
        }
        found
    }
}

#[tokio::test]
async fn four_photos_become_a_case_sealed_at_rest_and_never_swept() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.open().await;
    // A camera's photo with a GPS position in its EXIF.
    let upload = with_exif(&jpeg(300, 200), &exif_with_gps(1));
    assert!(exif_of(&upload).is_some());
    let r = browser.put("ektp", "image/jpeg", upload).await;
    assert_eq!(r.status(), 200);
    for slot in &SLOTS[1..] {
        browser.photo(slot).await;
    }
    let created = browser.submitted(&case_for(0)).await;
    assert!(created["case"].as_str().unwrap().starts_with("PK-"));

    // The four objects are the four the case holds.
    let stored = objects(&app).await;
    assert_eq!(stored.len(), 4);
    assert_eq!(
        stored,
        recorded(
            &app,
            "SELECT object FROM case_photos WHERE case_id IS NOT NULL AND state = 'stored'"
        )
        .await
    );
    // Nothing readable at rest: no JPEG, no EXIF.
    let raw = at_rest(&app).await;
    assert_eq!(raw.len(), 4);
    for bytes in &raw {
        assert!(!bytes.starts_with(&[0xFF, 0xD8]), "a JPEG at rest");
        assert!(!contains(bytes, b"JFIF") && !contains(bytes, b"Exif"));
    }
    // The photo with GPS opens as a JPEG without any EXIF.
    let ektp = recorded(&app, "SELECT object FROM case_photos WHERE slot = 'ektp'").await;
    let opened = app.state.photos.open(&ektp[0]).await.unwrap().unwrap();
    assert!(opened.starts_with(&[0xFF, 0xD8, 0xFF]));
    assert_eq!(exif_of(&opened), None);
    assert!(!contains(&opened, b"Exif"));
    assert!(!contains(&opened, &[0xFF, 0xE1]), "an APP1 segment");

    // A month of sweeping leaves a case's photos alone.
    for _ in 0..30 {
        app.clock.advance(Duration::from_secs(24 * 3600));
        sweep(&app.state).await.unwrap();
    }
    assert_eq!(objects(&app).await, stored);
    for name in &stored {
        assert!(app.state.photos.open(name).await.unwrap().is_some());
    }
}

#[tokio::test]
async fn a_replaced_photo_is_deleted_from_the_store() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.open().await;
    browser.photo("kk").await;
    let first = objects(&app).await;
    assert_eq!(first.len(), 1);
    browser.photo("kk").await;
    let second = objects(&app).await;
    assert_eq!(second.len(), 1);
    assert_ne!(first, second);
    assert_eq!(
        second,
        recorded(&app, "SELECT object FROM case_photos").await
    );
    assert_eq!(app.state.photos.open(&first[0]).await.unwrap(), None);
}

#[tokio::test]
async fn an_abandoned_draft_is_swept_after_a_day_and_nothing_is_left() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.open().await;
    browser.photo("ektp").await;
    browser.photo("selfie_ektp").await;
    browser.photo("ektp").await;
    // A draft that lives on is not touched by the sweeper.
    let mut other = Browser::new(&app);
    app.clock.advance(Duration::from_secs(12 * 3600));
    other.open().await;
    other.photo("kk").await;
    assert_eq!(sweep(&app.state).await.unwrap(), Swept::default());
    assert_eq!(objects(&app).await.len(), 3);

    app.clock.advance(Duration::from_secs(12 * 3600));
    let swept = sweep(&app.state).await.unwrap();
    assert_eq!((swept.drafts, swept.objects, swept.left), (1, 2, 0));
    assert_eq!(objects(&app).await.len(), 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_drafts").await, 1);
    let (status, body) = {
        let r = browser.draft().await;
        (r.status().as_u16(), r.json::<Value>().await.unwrap())
    };
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("draft_missing"))
    );

    app.clock.advance(Duration::from_secs(12 * 3600));
    sweep(&app.state).await.unwrap();
    assert!(objects(&app).await.is_empty());
    assert!(ledger(&app).await.is_empty());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_drafts").await, 0);
    // Sweeping again finds nothing to do.
    assert_eq!(sweep(&app.state).await.unwrap(), Swept::default());
}

#[tokio::test]
async fn a_crash_between_storing_and_recording_is_cleaned_after_the_grace() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    browser.open().await;
    browser.photo("ektp").await;
    let kept = objects(&app).await;
    let now = app.clock_now();
    let pending = |name: &ObjectName| {
        sqlx::query(
            "INSERT INTO case_photos (object, state, slot, draft_id, created_at, updated_at)
             VALUES ($1, 'pending', 'kk', 'no-such-draft', $2, $2)",
        )
        .bind(name.as_str().to_owned())
        .bind(now)
        .execute(&app.db.pool)
    };
    // Crashed after storing the object, before recording it.
    let stored = ObjectName::new(Kind::Photo);
    pending(&stored).await.unwrap();
    app.state
        .photos
        .store_as(&stored, jpeg(64, 48))
        .await
        .unwrap();
    // Crashed before storing anything.
    let never = ObjectName::new(Kind::Photo);
    pending(&never).await.unwrap();
    assert_eq!(objects(&app).await.len(), 2);

    // Within the grace an upload may still be under way: untouched.
    app.clock.advance(PENDING_GRACE - Duration::from_secs(1));
    sweep(&app.state).await.unwrap();
    assert_eq!(objects(&app).await.len(), 2);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM case_photos WHERE state = 'pending'"
        )
        .await,
        2
    );

    app.clock.advance(Duration::from_secs(1));
    let swept = sweep(&app.state).await.unwrap();
    assert_eq!((swept.objects, swept.left), (2, 0));
    assert_eq!(objects(&app).await, kept);
    assert_eq!(
        recorded(&app, "SELECT object FROM case_photos").await,
        kept,
        "the draft's own photo stays"
    );
}

#[tokio::test]
async fn a_photo_whose_draft_ended_while_it_was_stored_is_not_kept() {
    let app = crate::helpers::spawn_app_with(|c| {
        c.photo_workers = Some(1);
        c.photo_queue = Some(1);
    })
    .await;
    let mut browser = Browser::new(&app);
    browser.open().await;
    browser.photo("ektp").await;
    let kept = objects(&app).await;
    // The pool's one worker is held, so the next upload waits in it.
    let (started_tx, started) = std::sync::mpsc::channel();
    let (release, release_rx) = std::sync::mpsc::channel::<()>();
    let pool = app.state.photos.pool().clone();
    let holder = tokio::spawn(async move {
        pool.run(move || {
            started_tx.send(()).unwrap();
            release_rx.recv().ok();
            Ok(())
        })
        .await
    });
    tokio::task::spawn_blocking(move || started.recv().unwrap())
        .await
        .unwrap();
    let upload = {
        let request = browser
            .request(reqwest::Method::PUT, "/api/reports/draft/photos/kk")
            .header("content-type", "image/jpeg")
            .body(jpeg(64, 48));
        tokio::spawn(async move { request.send().await.unwrap() })
    };
    // Once the upload has passed its checks (its client counter moved),
    // its draft ends, as when another tab submits it.
    loop {
        let counted: i64 = sqlx::query(
            "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM rate_limits WHERE key LIKE 'report-upload-ip:%'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
        if counted == 2 {
            break;
        }
        tokio::task::yield_now().await;
    }
    sqlx::query("DELETE FROM report_drafts")
        .execute(&app.db.pool)
        .await
        .unwrap();
    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    let r = upload.await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"code": "draft_missing"})
    );
    // Its object is gone at once; the draft's earlier photo waits for the
    // sweeper, which takes it too.
    assert_eq!(objects(&app).await, kept);
    assert_eq!(recorded(&app, "SELECT object FROM case_photos").await, kept);
    sweep(&app.state).await.unwrap();
    assert!(objects(&app).await.is_empty());
    assert!(ledger(&app).await.is_empty());
}
