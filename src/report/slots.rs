//! The Report Form's four photos: each slot's state, the one-lane upload
//! queue, and the slot's view (camera or file, progress, retry).
//!
//! A photo is shrunk on the phone ([`crate::photo`]) and queued; the queue
//! sends one photo at a time (on a slow network two at once only make both
//! slower), into the draft the API keeps for this browser (an `HttpOnly`
//! cookie), which is created before the first photo. Every prepared photo
//! stays in memory until the case is sent, so a failed upload is retried
//! with the same bytes, and photos of a draft the API lost (expired after
//! a day) are sent again by themselves.

use crate::api::{self, ClientError};
use crate::camera::Camera;
use crate::form::{focus_soon, retry_delay};
use crate::i18n::{ErrorText, Texts, tr, use_texts};
use crate::photo::{self, PhotoError};
use crate::wait::{Countdown, Ticking};
use akun_core::ErrorCode;
use akun_core::case::PhotoSlot;
use leptos::prelude::*;
use std::collections::VecDeque;
use wasm_bindgen::JsCast;
use web_sys::Blob;

/// Where a slot stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    Empty,
    /// Being shrunk and encoded on the phone.
    Preparing,
    /// Waiting for its turn, or on its way (see `sent` and `total`).
    Uploading,
    /// In the draft; the size sent, when this page sent it.
    Sent(Option<f64>),
    /// Not sent; `error` says why.
    Failed,
}

/// What went wrong with a slot's photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotError {
    Api(ErrorCode),
    Network,
    Photo(PhotoError),
    /// Submitted without it.
    Missing,
}

impl SlotError {
    pub fn text(self, t: &Texts) -> &'static str {
        match self {
            SlotError::Api(code) => t.error(code),
            SlotError::Network => t.err_network(),
            SlotError::Photo(PhotoError::NotImage) => t.err_photo_not_image(),
            SlotError::Photo(PhotoError::TooBig) => t.report().photo_too_big_file(),
            SlotError::Missing => t.err_photo_missing(),
        }
    }
}

/// One photo slot.
#[derive(Clone, Copy)]
pub struct Slot {
    pub slot: PhotoSlot,
    pub phase: RwSignal<Phase>,
    pub error: RwSignal<Option<SlotError>>,
    /// Bytes sent and to send, while uploading.
    pub sent: RwSignal<f64>,
    pub total: RwSignal<f64>,
    /// The prepared photo, kept until the case is sent.
    blob: StoredValue<Option<Blob>, LocalStorage>,
    /// An object URL of it, for the thumbnail.
    pub preview: RwSignal<Option<String>>,
    pub camera: RwSignal<bool>,
    /// While the API is busy: the wait before the next try.
    pub wait: Countdown,
}

impl Slot {
    fn new(slot: PhotoSlot) -> Self {
        Self {
            slot,
            phase: RwSignal::new(Phase::Empty),
            error: RwSignal::new(None),
            sent: RwSignal::new(0.0),
            total: RwSignal::new(0.0),
            blob: StoredValue::new_local(None),
            preview: RwSignal::new(None),
            camera: RwSignal::new(false),
            wait: Countdown::new(),
        }
    }

    /// The prefix of the slot's element ids (`slot-ektp`).
    pub fn id(self) -> String {
        format!("slot-{}", self.slot.as_str())
    }

    pub fn is_sent(self) -> bool {
        matches!(self.phase.get_untracked(), Phase::Sent(_))
    }

    fn index(self) -> usize {
        PhotoSlot::ALL
            .iter()
            .position(|s| *s == self.slot)
            .unwrap_or(0)
    }

    /// Keeps a prepared photo and shows its thumbnail.
    fn keep(self, blob: Blob) {
        if let Some(old) = self.preview.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        self.preview
            .set(web_sys::Url::create_object_url_with_blob(&blob).ok());
        self.blob.set_value(Some(blob));
    }

    /// Lets the prepared photo go (after the case was sent).
    pub fn clear(self) {
        if let Some(old) = self.preview.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        self.preview.set(None);
        self.blob.set_value(None);
        self.phase.set(Phase::Empty);
        self.error.set(None);
    }
}

/// The four slots and the queue that sends their photos.
#[derive(Clone, Copy)]
pub struct Photos {
    pub slots: [Slot; 4],
    queue: StoredValue<VecDeque<usize>>,
    running: StoredValue<bool>,
    /// Whether the API holds a draft for this browser.
    draft: StoredValue<bool>,
}

impl Photos {
    pub fn new() -> Self {
        Self {
            slots: PhotoSlot::ALL.map(Slot::new),
            queue: StoredValue::new(VecDeque::new()),
            running: StoredValue::new(false),
            draft: StoredValue::new(false),
        }
    }

    /// Asks the API which photos it already holds for this browser (after
    /// a reload, or a dropped connection), and marks them sent.
    pub fn restore(self) {
        leptos::task::spawn_local(async move {
            let Ok(body) = api::get("/api/reports/draft").await else {
                return;
            };
            self.draft.try_set_value(true);
            for held in api::read_draft_photos(&body) {
                let slot = self.slots.iter().find(|s| s.slot == held);
                if let Some(slot) =
                    slot.filter(|s| s.phase.try_get_untracked() == Some(Phase::Empty))
                {
                    slot.phase.try_set(Phase::Sent(None));
                }
            }
        });
    }

    /// Shrinks `file` (from the camera or the file picker) and queues it.
    pub fn prepare(self, slot: Slot, file: Blob, from_camera: bool) {
        slot.error.set(None);
        slot.phase.set(Phase::Preparing);
        leptos::task::spawn_local(async move {
            // The camera's capture is already shrunk.
            let prepared = if from_camera {
                Ok(file)
            } else {
                photo::shrink_file(&file).await
            };
            match prepared {
                Ok(blob) => {
                    slot.keep(blob);
                    self.enqueue(slot);
                }
                Err(error) => {
                    slot.phase.try_set(Phase::Failed);
                    slot.error.try_set(Some(SlotError::Photo(error)));
                }
            }
        });
    }

    /// Puts a prepared photo in the queue (again), and starts the queue.
    pub fn enqueue(self, slot: Slot) {
        if slot.blob.with_value(Option::is_none) {
            return;
        }
        slot.error.set(None);
        slot.sent.set(0.0);
        slot.total
            .set(slot.blob.with_value(|b| b.as_ref().map_or(0.0, Blob::size)));
        slot.phase.set(Phase::Uploading);
        let index = slot.index();
        self.queue.update_value(|q| {
            if !q.contains(&index) {
                q.push_back(index);
            }
        });
        self.run();
    }

    /// The API lost the draft: every photo it held goes again.
    pub fn draft_lost(self) {
        self.draft.set_value(false);
        for slot in self.slots {
            if slot.is_sent() {
                self.enqueue(slot);
            }
        }
    }

    fn run(self) {
        if self.running.get_value() {
            return;
        }
        self.running.set_value(true);
        leptos::task::spawn_local(async move {
            while let Some(index) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
                self.send(self.slots[index]).await;
            }
            self.running.try_set_value(false);
        });
    }

    /// Sends one slot's photo, waiting out a busy API, and creating the
    /// draft first when there is none.
    async fn send(self, slot: Slot) {
        let Some(blob) = slot.blob.try_get_value().flatten() else {
            return;
        };
        let path = format!("/api/reports/draft/photos/{}", slot.slot.as_str());
        let mut attempt: u32 = 1;
        loop {
            if !self.draft.try_get_value().unwrap_or(false) {
                match api::post_json("/api/reports/draft", "{}").await {
                    Ok(_) => {
                        self.draft.try_set_value(true);
                    }
                    Err(error) => {
                        if self.wait_if_busy(slot, &error, &mut attempt).await {
                            continue;
                        }
                        fail(slot, error);
                        return;
                    }
                }
            }
            let answer = photo::upload(&path, &blob, move |sent, total| {
                slot.sent.try_set(sent);
                slot.total.try_set(total);
            })
            .await;
            match answer {
                Ok(_) => {
                    slot.phase.try_set(Phase::Sent(Some(blob.size())));
                    return;
                }
                Err(ClientError::Api(error)) if error.code == ErrorCode::DraftMissing => {
                    // Expired, or the cookie is gone: a new draft, and the
                    // photos of the old one again.
                    self.draft_lost();
                    if attempt > 3 {
                        fail(slot, ClientError::Api(error));
                        return;
                    }
                    attempt += 1;
                }
                Err(error) => {
                    if self.wait_if_busy(slot, &error, &mut attempt).await {
                        continue;
                    }
                    fail(slot, error);
                    return;
                }
            }
        }
    }

    /// While the API answers `busy`, counts down what it asks and returns
    /// `true` to try again; `false` for any other error, or when the person
    /// stopped waiting.
    async fn wait_if_busy(self, slot: Slot, error: &ClientError, attempt: &mut u32) -> bool {
        let ClientError::Api(error) = error else {
            return false;
        };
        if error.code != ErrorCode::Busy {
            return false;
        }
        let seconds = retry_delay(error.retry_after, *attempt, js_sys::Math::random());
        *attempt = attempt.saturating_add(1);
        slot.wait.seconds(seconds).await
    }
}

impl Default for Photos {
    fn default() -> Self {
        Self::new()
    }
}

fn fail(slot: Slot, error: ClientError) {
    slot.phase.try_set(Phase::Failed);
    slot.error.try_set(Some(match error {
        ClientError::Api(error) => SlotError::Api(error.code),
        ClientError::Network => SlotError::Network,
    }));
}

/// One slot: what the photo must show, the camera or a file, and where
/// the photo stands.
#[component]
pub fn SlotView(item: Slot, photos: Photos) -> impl IntoView {
    let slot = item;
    let t = use_texts();
    let id = slot.id();
    let index = slot.index();
    let file_id: &'static str = match slot.slot {
        PhotoSlot::Ektp => "file-ektp",
        PhotoSlot::Kk => "file-kk",
        PhotoSlot::SelfieEktp => "file-selfie_ektp",
        PhotoSlot::SelfieKk => "file-selfie_kk",
    };
    let camera_id: &'static str = match slot.slot {
        PhotoSlot::Ektp => "camera-ektp",
        PhotoSlot::Kk => "camera-kk",
        PhotoSlot::SelfieEktp => "camera-selfie_ektp",
        PhotoSlot::SelfieKk => "camera-selfie_kk",
    };
    let take_id = format!("{id}-take");
    let status_id = format!("{id}-status");
    let error_id = format!("{id}-error");
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let file = input.files().and_then(|files| files.get(0));
        if let Some(file) = file {
            slot.camera.set(false);
            photos.prepare(slot, file.unchecked_into(), false);
        }
        // The same file may be chosen again after a failure.
        input.set_value("");
    };
    let on_photo = Callback::new(move |blob: Blob| {
        slot.camera.set(false);
        photos.prepare(slot, blob, true);
        focus_soon(format!("slot-{}-title", slot.slot.as_str()));
    });
    let on_close = {
        let take_id = take_id.clone();
        Callback::new(move |()| {
            slot.camera.set(false);
            focus_soon(take_id.clone());
        })
    };
    let status = move || {
        let t = t.get();
        let r = t.report();
        match slot.phase.get() {
            Phase::Empty => r.slot_empty().to_owned(),
            Phase::Preparing => r.slot_preparing().to_owned(),
            Phase::Uploading => {
                let sent = photo::kilobytes(slot.sent.get());
                let total = photo::kilobytes(slot.total.get());
                let of = r
                    .size_of()
                    .replace("{a}", &r.size_kb().replace("{n}", &sent))
                    .replace("{b}", &r.size_kb().replace("{n}", &total));
                r.slot_uploading().replace("{n}", &of)
            }
            Phase::Sent(Some(size)) => r
                .slot_sent()
                .replace("{n}", &r.size_kb().replace("{n}", &photo::kilobytes(size))),
            Phase::Sent(None) => r.slot_sent_earlier().to_owned(),
            Phase::Failed => r.slot_failed().to_owned(),
        }
    };
    let uploading = Signal::derive(move || slot.phase.get() == Phase::Uploading);
    let failed = Signal::derive(move || slot.phase.get() == Phase::Failed);
    let sent = Signal::derive(move || matches!(slot.phase.get(), Phase::Sent(_)));
    let has_error = Signal::derive(move || slot.error.get().is_some());
    let described_by = {
        let both = format!("{status_id} {error_id}");
        let status_id = status_id.clone();
        Signal::derive(move || {
            if has_error.get() {
                both.clone()
            } else {
                status_id.clone()
            }
        })
    };
    // A whole number as text: an `f64` attribute would bring the float
    // formatter into the wasm (6 KB).
    let percent = Signal::derive(move || {
        let total = slot.total.get();
        let done = if total > 0.0 {
            (slot.sent.get() / total * 100.0).round().clamp(0.0, 100.0)
        } else {
            0.0
        };
        // Between 0 and 100.
        (done as u32).to_string()
    });
    view! {
        <section
            class="slot"
            id=id.clone()
            aria-labelledby=format!("{id}-title")
            aria-describedby=described_by
            data-state=move || match slot.phase.get() {
                Phase::Empty => "empty",
                Phase::Preparing => "preparing",
                Phase::Uploading => "uploading",
                Phase::Sent(_) => "sent",
                Phase::Failed => "failed",
            }
        >
            <div class=if slot.slot.is_selfie() { "example selfie" } else { "example card" } aria-hidden="true"></div>
            <h3 id=format!("{id}-title") tabindex="-1">
                {move || t.get().report().slot_titles()[index]}
            </h3>
            <p class="hint">{move || t.get().report().slot_instructions()[index]}</p>
            <img
                class="thumb"
                src=Signal::derive(move || slot.preview.get())
                alt=tr(|t| t.report().slot_photo_alt())
                hidden=Signal::derive(move || slot.preview.with(Option::is_none))
            />
            <p class="slot-status" id=status_id role="status" aria-live="polite">
                <span class="mark" aria-hidden="true">
                    {move || if sent.get() { "✓ " } else if failed.get() { "! " } else { "" }}
                </span>
                {status}
            </p>
            <progress
                max="100"
                value=percent
                aria-label=tr(|t| t.report().slot_progress_label())
                hidden=Signal::derive(move || !uploading.get())
            ></progress>
            <p class="notice waiting" hidden=Signal::derive(move || !slot.wait.counting())>
                <Ticking text=|t| t.err_busy_retrying() countdown=slot.wait />
            </p>
            <p class="error" id=error_id hidden=Signal::derive(move || !has_error.get())>
                <strong>{tr(|t| t.field_error_prefix())}</strong>
                " "
                {move || slot.error.get().map(|e| e.text(t.get()))}
            </p>
            <button
                type="button"
                class="button"
                hidden=Signal::derive(move || !(failed.get() && slot.blob.with_value(Option::is_some)))
                on:click=move |_| photos.enqueue(slot)
            >
                {tr(|t| t.report().slot_retry())}
            </button>
            {move || {
                slot.camera
                    .get()
                    .then(|| {
                        view! {
                            <Camera
                                id=camera_id
                                selfie=slot.slot.is_selfie()
                                on_photo=on_photo
                                on_close=on_close
                                file_input=file_id
                            />
                        }
                    })
            }}
            <div class="actions" hidden=Signal::derive(move || slot.camera.get())>
                <button
                    type="button"
                    class="button"
                    id=take_id
                    on:click=move |_| slot.camera.set(true)
                >
                    {tr(|t| t.report().slot_take())}
                </button>
                <button
                    type="button"
                    class="button"
                    id=format!("{file_id}-button")
                    on:click=move |_| photo::open_picker(file_id)
                >
                    {tr(|t| t.report().slot_choose())}
                </button>
                // Out of sight and out of the tab order: the button above
                // opens it.
                <input
                    type="file"
                    class="sr-only"
                    id=file_id
                    tabindex="-1"
                    aria-hidden="true"
                    accept="image/jpeg,image/png,image/webp,image/*"
                    on:change=on_file
                />
            </div>
        </section>
    }
}
