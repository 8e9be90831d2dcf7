use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_ok_with_the_version() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn readyz_checks_the_database() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.db.pool.close().await;
    assert_eq!(app.get("/readyz").await.status(), 503);
}

#[tokio::test]
async fn the_openapi_document_describes_the_routes_and_error_body() {
    let app = spawn_app().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let doc: serde_json::Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/healthz"]["get"].is_object());
    assert!(doc["paths"]["/readyz"]["get"].is_object());
    assert!(doc["components"]["schemas"]["ApiError"].is_object());
    let codes = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap();
    assert!(codes.iter().any(|c| c == "busy"));
}

#[tokio::test]
async fn unknown_api_paths_answer_in_the_error_body() {
    let app = spawn_app().await;
    let response = app.get("/api/no-such-thing").await;
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"code": "not_found"}));
}

#[tokio::test]
async fn migrations_apply_once_and_a_restart_keeps_the_data() {
    let app = spawn_app().await;
    let url = app.database_url.clone();
    let clock = app.clock.clone();
    drop(app);
    // Building again on the same database must not re-run or fail migrations.
    let again = crate::helpers::spawn_app_on(&url, clock, |_| {}).await;
    assert_eq!(again.get("/readyz").await.status(), 200);
}
