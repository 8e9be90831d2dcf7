//! The camera: a live preview with a guide, capture, retake or use.
//!
//! Through `getUserMedia` (web-sys). Documents use the back camera and a
//! card-shaped frame; selfies the front camera, a face outline and a
//! mirrored preview (people expect to see themselves as in a mirror; the
//! photo itself is not mirrored, so the card's writing reads the right way
//! round). A switch picks the other camera. When the camera is refused,
//! missing or busy, the component says so in plain words, says how to
//! allow it, and offers the file picker the page already has.
//!
//! The stream stops when the photo is used, when the camera is closed and
//! when the component goes away, so the camera light never stays on.

use crate::form::focus_soon;
use crate::i18n::{Texts, tr, use_texts};
use crate::photo;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MediaStream, MediaStreamConstraints, MediaStreamTrack};

/// Why the camera cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraProblem {
    /// The person (or the browser's settings) refused the permission.
    Refused,
    /// No camera, or none that fits.
    Missing,
    /// Another app holds the camera.
    Busy,
    /// Anything else.
    Failed,
}

impl CameraProblem {
    /// The problem named by a `getUserMedia` error (a `DOMException`).
    pub fn from_error_name(name: &str) -> CameraProblem {
        match name {
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => CameraProblem::Refused,
            "NotFoundError" | "DevicesNotFoundError" | "OverconstrainedError" => {
                CameraProblem::Missing
            }
            "NotReadableError" | "TrackStartError" | "AbortError" => CameraProblem::Busy,
            _ => CameraProblem::Failed,
        }
    }

    fn text(self) -> fn(&Texts) -> &'static str {
        match self {
            CameraProblem::Refused => |t| t.report().camera_refused(),
            CameraProblem::Missing => |t| t.report().camera_missing(),
            CameraProblem::Busy => |t| t.report().camera_busy(),
            CameraProblem::Failed => |t| t.report().camera_failed(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Starting,
    Live,
    Captured,
    Failed(CameraProblem),
}

/// Opens a camera: the front one (`user`) or the back one
/// (`environment`), asking for a photo-sized picture.
async fn open(front: bool) -> Result<MediaStream, CameraProblem> {
    let devices = web_sys::window()
        .ok_or(CameraProblem::Failed)?
        .navigator()
        .media_devices()
        // Missing on pages without HTTPS, and on old browsers.
        .map_err(|_| CameraProblem::Missing)?;
    let video = js_sys::Object::new();
    let set = |object: &js_sys::Object, key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), &value);
    };
    let facing = js_sys::Object::new();
    set(
        &facing,
        "ideal",
        JsValue::from_str(if front { "user" } else { "environment" }),
    );
    set(&video, "facingMode", facing.into());
    let ideal = |v: f64| {
        let o = js_sys::Object::new();
        set(&o, "ideal", JsValue::from_f64(v));
        JsValue::from(o)
    };
    set(&video, "width", ideal(1920.0));
    set(&video, "height", ideal(1080.0));
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| CameraProblem::Failed)?;
    match JsFuture::from(promise).await {
        Ok(stream) => stream.dyn_into().map_err(|_| CameraProblem::Failed),
        Err(error) => {
            let name = js_sys::Reflect::get(&error, &JsValue::from_str("name"))
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            Err(CameraProblem::from_error_name(&name))
        }
    }
}

/// Stops every track of a stream: the camera goes off.
fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// The camera, open. `id` prefixes the ids of its controls. `on_photo`
/// gets the photo the person chose to use (already shrunk, JPEG);
/// `on_close` is called when the person closes the camera. `file_input`
/// is the id of the page's file input, offered when the camera cannot be
/// used.
#[component]
pub fn Camera(
    id: &'static str,
    selfie: bool,
    on_photo: Callback<Blob>,
    on_close: Callback<()>,
    file_input: &'static str,
) -> impl IntoView {
    let t = use_texts();
    let front = RwSignal::new(selfie);
    let phase = RwSignal::new(Phase::Starting);
    let stream = StoredValue::new_local(None::<MediaStream>);
    let photo = StoredValue::new_local(None::<Blob>);
    let preview = RwSignal::new(None::<String>);
    let video = NodeRef::<html::Video>::new();
    let capture_id = format!("{id}-capture");
    let use_id = format!("{id}-use");
    let problem_id = format!("{id}-problem");

    let release = move || {
        stream.update_value(|s| {
            if let Some(s) = s.take() {
                stop(&s);
            }
        });
    };
    let forget_photo = move || {
        photo.set_value(None);
        if let Some(url) = preview.try_get_untracked().flatten() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        preview.try_set(None);
    };

    let start = {
        let capture_id = capture_id.clone();
        let problem_id = problem_id.clone();
        move || {
            release();
            phase.set(Phase::Starting);
            let capture_id = capture_id.clone();
            let problem_id = problem_id.clone();
            leptos::task::spawn_local(async move {
                match open(front.get_untracked()).await {
                    Ok(opened) => {
                        // Closed (or gone) while the permission was asked.
                        if phase.try_get_untracked() != Some(Phase::Starting) {
                            stop(&opened);
                            return;
                        }
                        if let Some(video) = video.get_untracked() {
                            video.set_src_object(Some(&opened));
                            let _ = video.play();
                        }
                        stream.set_value(Some(opened));
                        phase.set(Phase::Live);
                        focus_soon(capture_id);
                    }
                    Err(problem) => {
                        if phase.try_set(Phase::Failed(problem)).is_none() {
                            focus_soon(problem_id);
                        }
                    }
                }
            });
        }
    };
    let start = StoredValue::new_local(start);
    Effect::new(move |_| start.with_value(|start| start()));
    on_cleanup(move || {
        release();
        forget_photo();
    });

    let capture = move |_| {
        let Some(video) = video.get_untracked() else {
            return;
        };
        let use_id = use_id.clone();
        leptos::task::spawn_local(async move {
            let Some(blob) = photo::capture_frame(&video).await else {
                phase.try_set(Phase::Failed(CameraProblem::Failed));
                return;
            };
            let url = web_sys::Url::create_object_url_with_blob(&blob).ok();
            photo.set_value(Some(blob));
            preview.try_set(url);
            phase.try_set(Phase::Captured);
            focus_soon(use_id);
        });
    };
    let retake = {
        let capture_id = capture_id.clone();
        move |_| {
            forget_photo();
            phase.set(Phase::Live);
            focus_soon(capture_id.clone());
        }
    };
    let use_photo = move |_| {
        if let Some(blob) = photo.get_value() {
            release();
            on_photo.run(blob);
        }
    };
    let switch = move |_| {
        forget_photo();
        front.update(|f| *f = !*f);
        start.with_value(|start| start());
    };
    let close = move |_| {
        release();
        on_close.run(());
    };
    let choose_file = move |_| {
        release();
        photo::open_picker(file_input);
    };

    let live = Signal::derive(move || phase.get() == Phase::Live);
    let captured = Signal::derive(move || phase.get() == Phase::Captured);
    let guide: fn(&Texts) -> &'static str = if selfie {
        |t| t.report().camera_guide_face()
    } else {
        |t| t.report().camera_guide_card()
    };
    let status = move || match phase.get() {
        Phase::Starting => Some(t.get().report().camera_starting()),
        _ => None,
    };
    view! {
        <div class="camera" id=id>
            <p class="notice" role="status">
                {status}
            </p>
            <div class="viewfinder" hidden=Signal::derive(move || !live.get())>
                <video
                    node_ref=video
                    autoplay
                    playsinline
                    muted
                    class:mirrored=move || front.get()
                    aria-label=tr(|t| t.report().camera_preview_label())
                ></video>
                <div class=if selfie { "guide face" } else { "guide card" } aria-hidden="true"></div>
            </div>
            <p class="hint" hidden=Signal::derive(move || !live.get())>
                {tr(guide)}
            </p>
            <img
                class="captured"
                src=Signal::derive(move || preview.get())
                alt=tr(|t| t.report().camera_captured_alt())
                hidden=Signal::derive(move || !captured.get())
            />
            {move || match phase.get() {
                Phase::Failed(problem) => {
                    let refused = problem == CameraProblem::Refused;
                    Some(
                        view! {
                            <div class="alert" id=problem_id.clone() role="alert" tabindex="-1">
                                <p>{tr(problem.text())}</p>
                                {refused.then(|| view! { <p>{tr(|t| t.report().camera_refused_how())}</p> })}
                                <button type="button" class="button" on:click=choose_file>
                                    {tr(|t| t.report().slot_choose())}
                                </button>
                            </div>
                        },
                    )
                }
                _ => None,
            }}
            <div class="actions">
                <button
                    type="button"
                    class="button primary"
                    id=capture_id
                    hidden=Signal::derive(move || !live.get())
                    on:click=capture
                >
                    {tr(|t| t.report().camera_capture())}
                </button>
                <button
                    type="button"
                    class="button primary"
                    id=format!("{id}-use")
                    hidden=Signal::derive(move || !captured.get())
                    on:click=use_photo
                >
                    {tr(|t| t.report().camera_use())}
                </button>
                <button
                    type="button"
                    class="button"
                    hidden=Signal::derive(move || !captured.get())
                    on:click=retake
                >
                    {tr(|t| t.report().camera_retake())}
                </button>
                <button
                    type="button"
                    class="button"
                    hidden=Signal::derive(move || !live.get())
                    on:click=switch
                >
                    {tr(|t| t.report().camera_switch())}
                </button>
                <button type="button" class="button" id=format!("{id}-close") on:click=close>
                    {tr(|t| t.report().camera_close())}
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_gets_its_own_words() {
        assert_eq!(
            CameraProblem::from_error_name("NotAllowedError"),
            CameraProblem::Refused
        );
        assert_eq!(
            CameraProblem::from_error_name("NotFoundError"),
            CameraProblem::Missing
        );
        assert_eq!(
            CameraProblem::from_error_name("NotReadableError"),
            CameraProblem::Busy
        );
        assert_eq!(
            CameraProblem::from_error_name("TypeError"),
            CameraProblem::Failed
        );
    }
}
