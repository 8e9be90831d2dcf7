use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn a_cross_site_post_is_refused_before_reaching_any_handler() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/anything"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "csrf_rejected");
}

#[tokio::test]
async fn a_foreign_origin_is_refused_even_without_fetch_metadata() {
    let app = spawn_app().await;
    for origin in ["https://evil.example", "null", "http://127.0.0.1:1"] {
        let response = app
            .client
            .post(app.url("/api/anything"))
            .header("origin", origin)
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "origin {origin}");
    }
}

#[tokio::test]
async fn a_same_site_subdomain_is_refused_too() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/anything"))
        .header("sec-fetch-site", "same-site")
        .header("origin", &app.address)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_same_origin_post_passes_the_check() {
    let app = spawn_app().await;
    let response = app.post_json("/api/anything", &serde_json::json!({})).await;
    // It reaches routing: there is no such endpoint.
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/healthz", "/api/nothing"] {
        let response = app.get(path).await;
        let h = response.headers();
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
    }
    assert_eq!(
        app.get("/api/nothing").await.headers()["cache-control"],
        "no-store"
    );
}

#[tokio::test]
async fn the_spa_is_served_with_history_fallback_but_api_paths_stay_json() {
    let dir = std::env::temp_dir().join(format!("akun-spa-{:x}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>akun shell</title>",
    )
    .unwrap();
    std::fs::write(dir.join("app.css"), "body{}").unwrap();
    std::fs::create_dir_all(dir.join("account")).unwrap();
    std::fs::write(
        dir.join("account/index.html"),
        "<!doctype html><title>account bundle</title>",
    )
    .unwrap();
    std::fs::write(dir.join("account/account.js"), "main()").unwrap();
    let spa = dir.clone();
    let app = spawn_app_with(move |c| c.spa_dir = Some(spa)).await;

    let deep = app.get("/help").await;
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap().contains("akun shell"));
    let css = app.get("/app.css").await;
    assert_eq!(css.status(), 200);
    assert_eq!(css.text().await.unwrap(), "body{}");
    // The signed-in pages are the account bundle's, with its own fallback.
    for path in [
        "/account",
        "/account/",
        "/account/sessions",
        "/account/no/such/page",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status(), 200, "{path}");
        assert!(
            page.text().await.unwrap().contains("account bundle"),
            "{path}"
        );
    }
    let root = app.get("/").await;
    assert!(root.text().await.unwrap().contains("akun shell"));
    assert_eq!(
        app.get("/account/account.js").await.text().await.unwrap(),
        "main()"
    );
    assert!(
        app.get("/accounts")
            .await
            .text()
            .await
            .unwrap()
            .contains("akun shell")
    );
    let api = app.get("/api/missing").await;
    assert_eq!(api.status(), 404);
    assert_eq!(
        api.json::<serde_json::Value>().await.unwrap()["code"],
        "not_found"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn only_the_report_forms_pages_may_use_the_camera() {
    let dir = std::env::temp_dir().join(format!("akun-spa-{:x}", rand::random::<u64>()));
    for (bundle, title) in [
        ("", "akun shell"),
        ("account", "account bundle"),
        ("report", "report bundle"),
    ] {
        std::fs::create_dir_all(dir.join(bundle)).unwrap();
        std::fs::write(
            dir.join(bundle).join("index.html"),
            format!("<!doctype html><title>{title}</title><script type=\"module\">start('{bundle}')</script>"),
        )
        .unwrap();
    }
    std::fs::write(dir.join("report/report.js"), "camera()").unwrap();
    let spa = dir.clone();
    let app = spawn_app_with(move |c| c.spa_dir = Some(spa)).await;
    let camera = |r: &reqwest::Response| {
        let policy = r.headers()["permissions-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            policy.contains("geolocation=()") && policy.contains("microphone=()"),
            "{policy}"
        );
        policy.contains("camera=(self)")
    };
    for path in [
        "/report",
        "/report/",
        "/report/status/PK-7Q4M-2KXD",
        "/report/no/such/page",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status(), 200, "{path}");
        assert!(camera(&page), "{path}");
        assert!(
            page.text().await.unwrap().contains("report bundle"),
            "{path}"
        );
    }
    assert_eq!(
        app.get("/report/report.js").await.text().await.unwrap(),
        "camera()"
    );
    for path in [
        "/",
        "/reports",
        "/reporting",
        "/help",
        "/account",
        "/account/report",
        "/api/reports/draft",
        "/healthz",
    ] {
        let page = app.get(path).await;
        assert!(!camera(&page), "{path}");
        assert!(
            page.headers()["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("camera=()"),
            "{path}"
        );
    }
    assert!(
        app.get("/reports")
            .await
            .text()
            .await
            .unwrap()
            .contains("akun shell")
    );
    // Every bundle's loader is allowed by its hash, the report bundle's too.
    let policy = app.get("/report").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    for bundle in ["", "account", "report"] {
        let hash = {
            use base64::Engine;
            use sha2::Digest;
            let digest = sha2::Sha384::digest(format!("start('{bundle}')").as_bytes());
            format!(
                "'sha384-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        };
        assert!(policy.contains(&hash), "{bundle:?}: {policy}");
    }
    std::fs::remove_dir_all(dir).ok();
}
