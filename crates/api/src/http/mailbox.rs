//! The developer mailbox: every email and SMS in the outbox, newest first,
//! with links clickable. Mounted only when `dev_mailbox` is on, which the
//! production profile refuses.

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use crate::error::Result;
use crate::messages::{escape, linkify};
use crate::outbox::{self, Stored};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dev/mailbox", get(page))
        .route("/dev/mailbox.json", get(json))
}

#[derive(Debug, Deserialize)]
struct Filter {
    to: Option<String>,
}

async fn json(
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
) -> Result<Json<Vec<Stored>>> {
    Ok(Json(
        outbox::list(&state.db, filter.to.as_deref(), 200).await?,
    ))
}

async fn page(State(state): State<AppState>, Query(filter): Query<Filter>) -> Result<Html<String>> {
    let messages = outbox::list(&state.db, filter.to.as_deref(), 200).await?;
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Developer mailbox</title><style>\
         body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.5}\
         article{border:1px solid #999;border-radius:.5rem;padding:.75rem;margin:.75rem 0}\
         pre{white-space:pre-wrap;word-break:break-word}\
         .meta{color:#333;font-size:.9rem}</style></head><body>\
         <h1>Developer mailbox</h1>\
         <p>Every email and SMS akun would send, newest first. This page exists only in development.</p>",
    );
    if messages.is_empty() {
        html.push_str("<p>No messages yet.</p>");
    }
    for m in &messages {
        html.push_str(&format!(
            "<article id=\"message-{id}\"><h2>{subject}</h2>\
             <p class=\"meta\">#{id} · {channel} to <strong>{to}</strong> · {lang} · {template} · \
             status: <strong>{status}</strong> · attempts: {attempts}{error}</p><pre>{body}</pre></article>",
            id = m.id,
            subject = escape(&m.subject),
            channel = escape(&m.channel),
            to = escape(&m.recipient),
            lang = escape(&m.lang),
            template = escape(&m.template),
            status = escape(&m.status),
            attempts = m.attempts,
            error = m.last_error.as_deref().map(|e| format!(" · last error: {}", escape(e))).unwrap_or_default(),
            body = m.body_text.lines().map(linkify).collect::<Vec<_>>().join("\n"),
        ));
    }
    html.push_str("</body></html>");
    Ok(Html(html))
}
