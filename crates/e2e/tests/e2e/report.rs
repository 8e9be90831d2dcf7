//! The Report Form end to end, at the phone's viewport: four photos taken
//! with Chromium's fake camera or chosen as files, shrunk on the phone,
//! uploaded with progress, a dropped upload retried, a reload that loses
//! nothing, the case number, the emailed status link and the status page.
//! Photos go to the store the run names (Garage under `cargo xtask test`).

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use akun_api::objects::ObjectName;
use akun_texts::{EN, EN_REPORT, ID_REPORT};
use sqlx::Row;

use crate::harness::{Camera, Harness, Screen, on_s3, start_with};
use crate::profile::resident;

/// Test media, made once per run with ffmpeg from its built-in test
/// pattern (nothing is downloaded).
fn media_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("akun-e2e-media-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fn ffmpeg(args: &[&str], out: &PathBuf) {
    if out.is_file() {
        return;
    }
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y"])
        .args(args)
        .arg(out)
        .status()
        .expect("running ffmpeg (Debian's ffmpeg package; .ci/run installs it)");
    assert!(status.success(), "ffmpeg {args:?} failed");
}

/// Two seconds of a moving test pattern, for the fake camera.
fn camera_video() -> PathBuf {
    let out = media_dir().join("camera.mjpeg");
    ffmpeg(
        &[
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=1280x720:rate=10",
            "-t",
            "2",
            "-q:v",
            "4",
            "-f",
            "mjpeg",
        ],
        &out,
    );
    out
}

/// A 12-megapixel phone photo (4000x3000, with sensor-like noise, so it
/// weighs what a real one does).
fn phone_photo() -> PathBuf {
    let out = media_dir().join("phone-12mp.jpg");
    ffmpeg(
        &[
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=4000x3000:rate=1,noise=alls=24:allf=t",
            "-frames:v",
            "1",
            "-q:v",
            "3",
        ],
        &out,
    );
    out
}

/// A text file named like a photo.
fn not_a_photo() -> PathBuf {
    let out = media_dir().join("letter.jpg");
    std::fs::write(&out, "Dear officer, this is not a photo.\n").unwrap();
    out
}

/// Records what the page uploads: each photo's body size and the upload
/// progress events the bar is drawn from; `window.akunDrop = n` makes the
/// next n uploads drop mid-way, as a lost connection does.
const RECORDER: &str = "
    if (!window.akunSent) {
        window.akunSent = [];
        window.akunProgress = [];
        window.akunDrop = 0;
        const send = XMLHttpRequest.prototype.send;
        XMLHttpRequest.prototype.send = function (body) {
            const size = body && body.size !== undefined ? body.size : 0;
            this.upload.addEventListener('progress', e => window.akunProgress.push([e.loaded, e.total]));
            send.call(this, body);
            if (window.akunDrop > 0) {
                window.akunDrop -= 1;
                this.abort();
            } else {
                window.akunSent.push(size);
            }
        };
    }
    return null";

async fn sent_sizes(h: &Harness) -> Vec<u64> {
    h.js("return window.akunSent")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect()
}

const DESCRIPTION: &str = "Kode masuk tidak pernah sampai ke email saya sejak minggu lalu.";

/// Fills what happened, the contact and the identity of resident `n`.
async fn fill_fields(h: &Harness, kind: &str, email: &str, n: usize) {
    let person = resident(n);
    h.click(&format!("kind-{kind}")).await;
    h.type_into("description", DESCRIPTION).await;
    h.type_into("email", email).await;
    h.type_into("phone", "081234567890").await;
    h.type_into("name", &person.name).await;
    h.type_into("nik", &person.nik).await;
    h.type_into("dob", &person.date_of_birth).await;
}

/// Takes the slot's photo with the camera: open, capture, use.
async fn take_with_camera(h: &Harness, slot: &str) {
    h.click(&format!("slot-{slot}-take")).await;
    let camera = format!("camera-{slot}");
    h.wait_attr_absent(&format!("#{camera}-capture"), "hidden")
        .await;
    h.click(&format!("{camera}-capture")).await;
    h.wait_attr_absent(&format!("#{camera}-use"), "hidden")
        .await;
    h.click(&format!("{camera}-use")).await;
    h.wait_attr(&format!("#slot-{slot}"), "data-state", "sent")
        .await;
}

/// Chooses a file for the slot, as the hidden file input receives it.
async fn choose_file(h: &Harness, slot: &str, file: &std::path::Path) {
    h.browser
        .find(fantoccini::Locator::Id(&format!("file-{slot}")))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
}

/// The case's photos as the ledger records them: (slot, width, height,
/// stored bytes), and each opens from the store as a JPEG.
async fn case_photos(h: &Harness, number: &str) -> Vec<(String, i64, i64, i64)> {
    let rows = sqlx::query(
        "SELECT p.slot, p.width, p.height, p.stored_bytes, p.object FROM case_photos p
         JOIN cases c ON c.id = p.case_id WHERE c.number = $1 AND p.state = 'stored' ORDER BY p.slot",
    )
    .bind(number)
    .fetch_all(&h.db.pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for row in rows {
        let object: String = row.get(4);
        let name = ObjectName::parse(&object).expect("an object name");
        let jpeg = h
            .photos()
            .open(&name)
            .await
            .expect("reading the store")
            .expect("the photo is in the store");
        assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF], "{object} opens as a JPEG");
        out.push((row.get(0), row.get(1), row.get(2), row.get(3)));
    }
    out
}

#[tokio::test]
async fn a_person_reports_with_the_camera_in_indonesian_and_follows_the_emailed_status_link() {
    let h = start_with(Screen::Phone, Camera::Fake(camera_video())).await;
    h.open("/report").await;
    assert_eq!(h.html_lang().await, "id");
    h.js(RECORDER).await;
    h.fits("report-empty").await;
    let email = "sari.lapor@example.com";
    fill_fields(&h, "cannot_log_in", email, 3).await;
    // The description's counter follows what is typed.
    let count = h.text("#description-count").await;
    assert!(
        count.contains(&DESCRIPTION.chars().count().to_string()),
        "{count}"
    );

    // The first document by camera: the back camera's preview has a card
    // guide; the captured frame is shown before it is used.
    h.click("slot-ektp-take").await;
    h.wait_attr_absent("#camera-ektp-capture", "hidden").await;
    assert!(
        h.js("return !!document.querySelector('#camera-ektp .guide.card')")
            .await
            .as_bool()
            .unwrap()
    );
    h.fits("report-camera").await;
    h.click("camera-ektp-capture").await;
    h.wait_attr_absent("#camera-ektp-use", "hidden").await;
    h.click("camera-ektp-use").await;
    h.wait_attr("#slot-ektp", "data-state", "sent").await;
    h.wait_text("#slot-ektp-status", "Foto terkirim").await;
    // The selfies use the front camera, mirrored, with a face outline.
    h.click("slot-selfie_ektp-take").await;
    h.wait_attr_absent("#camera-selfie_ektp-capture", "hidden")
        .await;
    assert!(
        h.js(
            "return !!document.querySelector('#camera-selfie_ektp .guide.face') \
              && !!document.querySelector('#camera-selfie_ektp video.mirrored')"
        )
        .await
        .as_bool()
        .unwrap()
    );
    h.click("camera-selfie_ektp-close").await;
    for slot in ["kk", "selfie_ektp", "selfie_kk"] {
        take_with_camera(&h, slot).await;
    }
    // Each upload reported its bytes as they went: the bar's last value
    // is the whole photo.
    let sizes = sent_sizes(&h).await;
    assert_eq!(sizes.len(), 4, "one upload a photo: {sizes:?}");
    let progress = h.js("return window.akunProgress").await;
    for size in &sizes {
        assert!(
            progress
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p[0].as_u64() == Some(*size) && p[1].as_u64() == Some(*size)),
            "no progress reached {size} bytes: {progress}"
        );
    }
    h.fits("report-photos").await;

    h.click("report-submit").await;
    h.wait_attr_absent("#case-number", "hidden").await;
    let number = h.text("#case-number").await;
    let number = number
        .split_whitespace()
        .find(|w| w.starts_with("PK-"))
        .unwrap_or_else(|| panic!("a case number in {number:?}"))
        .to_owned();
    h.fits("report-sent").await;
    let photos = case_photos(&h, &number).await;
    assert_eq!(
        photos.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(),
        ["ektp", "kk", "selfie_ektp", "selfie_kk"]
    );
    eprintln!(
        "camera photos stored (slot, width, height, bytes): {photos:?}; uploaded bytes {sizes:?}; S3: {}",
        on_s3()
    );

    // The email carries the number and the link to the status page.
    let (lang, _subject, text) = h.last_mail(email, "case_received").await;
    assert_eq!(lang, "id");
    assert!(text.contains(&number), "{text}");
    let link = Harness::link_in(&text, &format!("{}/report/status/{number}#key=", h.base));
    h.browser.goto(&link).await.unwrap();
    h.wait_attr("#case-view", "data-status", "received").await;
    assert_eq!(h.text("#case-view-number").await, number);
    assert!(
        h.text("#case-view-status")
            .await
            .contains(ID_REPORT.statuses()[0])
    );
    h.fits("report-status").await;
    h.close().await;
}

#[tokio::test]
async fn files_are_shrunk_on_the_phone_a_dropped_upload_is_retried_and_a_reload_loses_nothing_in_english()
 {
    let h = start_with(Screen::Phone, Camera::Missing).await;
    h.open("/report").await;
    h.click("lang-switch").await;
    h.wait_text("main h1", EN_REPORT.report_title()).await;
    h.js(RECORDER).await;
    let email = "wayan.report@example.com";
    fill_fields(&h, "code_never_arrives", email, 4).await;

    // A file that is not a photo is refused in words, and nothing is sent.
    choose_file(&h, "ektp", &not_a_photo()).await;
    h.wait_attr_absent("#slot-ektp-error", "hidden").await;
    assert!(h.text("#slot-ektp-error").await.contains("JPG"));
    assert_eq!(
        h.attr("#slot-ektp", "aria-describedby").await.as_deref(),
        Some("slot-ektp-status slot-ektp-error")
    );
    assert!(sent_sizes(&h).await.is_empty());

    // A 12-megapixel photo is shrunk before it leaves the phone.
    let big = phone_photo();
    let original = std::fs::metadata(&big).unwrap().len();
    choose_file(&h, "ektp", &big).await;
    h.wait_attr("#slot-ektp", "data-state", "sent").await;
    let sent = sent_sizes(&h).await;
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0] < 1_000_000 && sent[0] * 4 < original,
        "{original} bytes became {}",
        sent[0]
    );
    eprintln!(
        "a 12-megapixel photo of {original} bytes was sent as {} bytes",
        sent[0]
    );

    // The connection drops during the next upload: that photo says so and
    // offers a retry; nothing typed is lost.
    h.js("window.akunDrop = 1; return null").await;
    choose_file(&h, "kk", &big).await;
    h.wait_attr("#slot-kk", "data-state", "failed").await;
    h.wait_attr_absent("#slot-kk-error", "hidden").await;
    assert!(
        h.text("#slot-kk-status")
            .await
            .contains(EN_REPORT.slot_failed())
    );
    assert!(
        h.text("#slot-kk-error")
            .await
            .contains(&EN.err_network()[..20])
    );
    assert_eq!(h.value("email").await, email);
    let retry = h
        .browser
        .find(fantoccini::Locator::Css("#slot-kk button:not([hidden])"))
        .await
        .unwrap();
    retry
        .send_keys(&char::from(fantoccini::key::Key::Enter).to_string())
        .await
        .unwrap();
    h.wait_attr("#slot-kk", "data-state", "sent").await;

    // A reload (a phone that slept, a tab reopened): the photos sent are
    // still there and so is what was typed.
    h.browser.refresh().await.unwrap();
    h.wait_attr("#slot-kk", "data-state", "sent").await;
    h.wait_attr("#slot-ektp", "data-state", "sent").await;
    assert!(
        h.text("#slot-ektp-status")
            .await
            .contains(EN_REPORT.slot_sent_earlier())
    );
    assert_eq!(h.value("email").await, email);
    assert_eq!(h.value("nik").await, resident(4).nik);
    h.js(RECORDER).await;

    // Sending with photos missing names them and moves nothing.
    h.click("report-submit").await;
    h.wait_attr_absent("#photos-missing", "hidden").await;
    for slot in ["selfie_ektp", "selfie_kk"] {
        choose_file(&h, slot, &big).await;
        h.wait_attr(&format!("#slot-{slot}"), "data-state", "sent")
            .await;
    }
    h.click("report-submit").await;
    h.wait_attr_absent("#case-number", "hidden").await;
    let number = h.text("#case-number").await;
    assert!(number.contains("PK-"), "{number}");
    let number = number
        .split_whitespace()
        .find(|w| w.starts_with("PK-"))
        .unwrap()
        .to_owned();
    let photos = case_photos(&h, &number).await;
    assert_eq!(photos.len(), 4);
    for (slot, width, height, _) in &photos {
        assert!((*width).max(*height) <= 1600, "{slot} is {width}x{height}");
    }
    let (lang, _, text) = h.last_mail(email, "case_received").await;
    assert_eq!(lang, "en");
    assert!(text.contains(&number));
    h.close().await;
}

#[tokio::test]
async fn a_refused_camera_says_how_to_allow_it_and_offers_the_file_picker() {
    let h = start_with(Screen::Phone, Camera::Refused).await;
    h.open("/report").await;
    h.click("slot-selfie_kk-take").await;
    h.wait_text("#camera-selfie_kk [role=alert]", ID_REPORT.camera_refused())
        .await;
    let alert = h.text("#camera-selfie_kk [role=alert]").await;
    assert!(
        alert.contains(&ID_REPORT.camera_refused_how()[..20]),
        "{alert}"
    );
    // Focus is on the explanation, so a screen reader reads it at once.
    assert_eq!(
        h.js("return document.activeElement.closest('[role=alert]') !== null")
            .await,
        serde_json::Value::Bool(true)
    );
    h.fits("report-camera-refused").await;
    h.close().await;
}

#[tokio::test]
async fn without_a_camera_the_form_says_so_and_a_file_fills_the_slot() {
    let h = start_with(Screen::Phone, Camera::Missing).await;
    h.open("/report").await;
    h.click("slot-kk-take").await;
    h.wait_text("#camera-kk [role=alert]", &ID_REPORT.camera_missing()[..30])
        .await;
    choose_file(&h, "kk", &phone_photo()).await;
    h.wait_attr("#slot-kk", "data-state", "sent").await;
    h.close().await;
}
