//! Photos on the phone before they leave it: shrunk and re-encoded, then
//! sent with a progress bar.
//!
//! A 12-megapixel phone photo is 3 to 5 MB; on a slow mobile network that
//! is minutes of upload and a good part of a day's data. Every photo, from
//! the camera or a file, is decoded by the browser, drawn at most
//! [`MAX_SIDE`] pixels on its long side and encoded as JPEG at
//! [`QUALITY`]: a few hundred KB, readable for staff. The browser's own
//! decoder does the work (`createImageBitmap`, a canvas, `toBlob`), so no
//! image code is compiled into the wasm.
//!
//! Uploads go through `XMLHttpRequest` rather than gloo-net: `fetch` (which
//! gloo-net wraps) reports no upload progress, and a progress bar is what
//! tells someone on a slow network that the photo is on its way.

use crate::api::{Body, ClientError, code_for_status, error_from_json, parse_retry_after};
use akun_core::ApiError;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, ImageBitmap,
    ProgressEvent, XmlHttpRequest,
};

/// The longest side of a photo as sent, in pixels.
pub const MAX_SIDE: u32 = 1600;
/// The JPEG quality photos are encoded at (0 to 1).
pub const QUALITY: f64 = 0.8;
/// Files above this are refused before decoding: no phone photo is this
/// large, and decoding one could exhaust a cheap phone's memory.
pub const MAX_FILE_BYTES: f64 = 40.0 * 1024.0 * 1024.0;
/// How long an upload may take before it counts as failed (a 2 MB photo at
/// 64 kbit/s takes about four minutes).
const UPLOAD_TIMEOUT_MS: u32 = 300_000;

/// Why a photo could not be prepared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// The browser cannot decode it: not a picture, or one it cannot read.
    NotImage,
    /// Over [`MAX_FILE_BYTES`].
    TooBig,
}

/// The size of a picture `width` x `height` fitted within `max` pixels on
/// its long side; pictures already small enough keep their size.
pub fn fit(width: u32, height: u32, max: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = f64::from(max) / f64::from(long);
    // Rounded, and at least one pixel: the casts take values in 1..=max.
    let side = |v: u32| ((f64::from(v) * scale).round() as u32).clamp(1, max);
    (side(width), side(height))
}

/// Decodes a file chosen by the person, shrinks it and encodes it as JPEG.
pub async fn shrink_file(file: &Blob) -> Result<Blob, PhotoError> {
    if file.size() > MAX_FILE_BYTES {
        return Err(PhotoError::TooBig);
    }
    let promise = web_sys::window()
        .ok_or(PhotoError::NotImage)?
        .create_image_bitmap_with_blob(file)
        .map_err(|_| PhotoError::NotImage)?;
    let bitmap: ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| PhotoError::NotImage)?
        .unchecked_into();
    let (width, height) = fit(bitmap.width(), bitmap.height(), MAX_SIDE);
    let drawn = canvas(width, height).and_then(|(canvas, context)| {
        context
            .draw_image_with_image_bitmap_and_dw_and_dh(
                &bitmap,
                0.0,
                0.0,
                f64::from(width),
                f64::from(height),
            )
            .ok()?;
        Some(canvas)
    });
    // The decoded picture can be tens of MB: let it go at once.
    bitmap.close();
    encode(&drawn.ok_or(PhotoError::NotImage)?)
        .await
        .ok_or(PhotoError::NotImage)
}

/// The video's current frame, shrunk and encoded as JPEG: what the camera
/// captures.
pub async fn capture_frame(video: &HtmlVideoElement) -> Option<Blob> {
    let (width, height) = fit(video.video_width(), video.video_height(), MAX_SIDE);
    let (canvas, context) = canvas(width, height)?;
    context
        .draw_image_with_html_video_element_and_dw_and_dh(
            video,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .ok()?;
    encode(&canvas).await
}

/// A canvas of the given size and its 2D context, smoothing at its best
/// (the default is tuned for speed, and shrinks text badly).
fn canvas(width: u32, height: u32) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.unchecked_into();
    // Not in web-sys: set by name.
    let _ = js_sys::Reflect::set(
        &context,
        &JsValue::from_str("imageSmoothingQuality"),
        &JsValue::from_str("high"),
    );
    Some((canvas, context))
}

/// The canvas as a JPEG at [`QUALITY`].
async fn encode(canvas: &HtmlCanvasElement) -> Option<Blob> {
    let mut started = true;
    let promise = Promise::new(&mut |resolve, _reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        started = canvas
            .to_blob_with_type_and_encoder_options(
                done.unchecked_ref(),
                "image/jpeg",
                &JsValue::from_f64(QUALITY),
            )
            .is_ok();
    });
    if !started {
        return None;
    }
    JsFuture::from(promise).await.ok()?.dyn_into::<Blob>().ok()
}

/// Sends `blob` with `PUT` to `path`, calling `progress(sent, total)` in
/// bytes as it goes, and returns the answer like [`crate::api::get`]: a
/// 2xx answer's body, our error body for anything else, and
/// [`ClientError::Network`] when no answer came (offline, dropped, timed
/// out).
pub async fn upload(
    path: &str,
    blob: &Blob,
    progress: impl Fn(f64, f64) + 'static,
) -> Result<Body, ClientError> {
    let xhr = XmlHttpRequest::new().map_err(|_| ClientError::Network)?;
    xhr.open_with_async("PUT", path, true)
        .map_err(|_| ClientError::Network)?;
    let kind = blob.type_();
    let kind = if kind.is_empty() {
        "image/jpeg".to_owned()
    } else {
        kind
    };
    xhr.set_request_header("Content-Type", &kind)
        .map_err(|_| ClientError::Network)?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(|_| ClientError::Network)?;
    xhr.set_timeout(UPLOAD_TIMEOUT_MS);
    // Kept alive until the request ends, then dropped with this function.
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() {
            progress(event.loaded(), event.total());
        }
    });
    if let Ok(target) = xhr.upload() {
        target.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    // `loadend` follows every ending: an answer, an error, a timeout.
    let ended = Promise::new(&mut |resolve, _reject| {
        let done = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        xhr.set_onloadend(Some(done.unchecked_ref()));
    });
    xhr.send_with_opt_blob(Some(blob))
        .map_err(|_| ClientError::Network)?;
    let _ = JsFuture::from(ended).await;
    if let Ok(target) = xhr.upload() {
        target.set_onprogress(None);
    }
    drop(on_progress);

    let status = xhr.status().unwrap_or(0);
    if status == 0 {
        return Err(ClientError::Network);
    }
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if (200..300).contains(&status) {
        return Ok(Body::parse(&text));
    }
    let mut error =
        error_from_json(&text).unwrap_or_else(|| ApiError::new(code_for_status(status)));
    if error.retry_after.is_none() {
        error.retry_after = xhr
            .get_response_header("Retry-After")
            .ok()
            .flatten()
            .and_then(|value| parse_retry_after(&value));
    }
    Err(ClientError::Api(error))
}

/// Opens the file picker of the `<input type="file">` with this id.
pub fn open_picker(id: &str) {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(input) = input {
        input.click();
    }
}

/// `"312"`: a size in whole kilobytes (1000 bytes, as phones count them),
/// at least 1.
pub fn kilobytes(bytes: f64) -> String {
    let kb = (bytes / 1000.0).round().max(1.0);
    // A file size: far inside `u64`.
    format!("{}", kb as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_camera_photo_is_fitted_to_the_long_side() {
        assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fit(4032, 1816, 1600), (1600, 721));
    }

    #[test]
    fn small_pictures_keep_their_size() {
        assert_eq!(fit(1600, 900, 1600), (1600, 900));
        assert_eq!(fit(640, 480, 1600), (640, 480));
        assert_eq!(fit(0, 0, 1600), (1, 1));
    }

    #[test]
    fn a_sliver_keeps_at_least_one_pixel() {
        assert_eq!(fit(20_000, 1, 1600), (1600, 1));
    }

    #[test]
    fn sizes_read_in_kilobytes() {
        assert_eq!(kilobytes(312_400.0), "312");
        assert_eq!(kilobytes(10.0), "1");
        assert_eq!(kilobytes(1_999_999.0), "2000");
    }
}
