//! Liveness and readiness.

use akun_core::api::Health;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::state::AppState;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The process is up. Cheap: load balancers call it often.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "Alive", body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
        version: VERSION.to_owned(),
    })
}

/// The instance can serve requests: the database answers.
#[utoipa::path(get, path = "/readyz", responses(
    (status = 200, description = "Ready", body = Health),
    (status = 503, description = "The database does not answer", body = Health)
))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    if state.db.ping().await {
        (
            StatusCode::OK,
            Json(Health {
                status: "ready".to_owned(),
                version: VERSION.to_owned(),
            }),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "database unavailable".to_owned(),
                version: VERSION.to_owned(),
            }),
        )
    }
}
