//! Object storage and photos, on the store the run names: a fresh local
//! folder by default; S3 when `AKUN_TEST_OBJECT_STORE_URL` is set
//! (`s3://BUCKET`, with the usual `AWS_*` variables), as `cargo xtask
//! test` does with a throwaway Garage server. Every test works under a
//! prefix of its own, so the tests share one bucket without seeing each
//! other's objects.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc;

use akun_api::config::Config;
use akun_api::objects::{Kind, ObjectName, Objects};
use akun_api::photo::pipeline::{MAX_OUTPUT_SIDE, MAX_UPLOAD_BYTES};
use akun_api::photo::{BUSY_RETRY_AFTER, PhotoPool, Photos};
use akun_core::ErrorCode;
use image::codecs::jpeg::{JpegDecoder, JpegEncoder};
use image::{ImageDecoder, RgbImage};

use crate::helpers::random_suffix;

const SECRET: &str = "storage-test-secret-key-of-enough-length";

/// The store under test, and its folder when it is a local one.
struct Store {
    objects: Objects,
    folder: Option<PathBuf>,
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(folder) = &self.folder {
            std::fs::remove_dir_all(folder).ok();
        }
    }
}

fn store() -> Store {
    match std::env::var("AKUN_TEST_OBJECT_STORE_URL") {
        Ok(base) => {
            // Through the configuration, as the API reads it in production.
            let url = format!("{}/t-{}", base.trim_end_matches('/'), random_suffix());
            let env: HashMap<String, String> = std::env::vars()
                .filter(|(k, _)| k.starts_with("AWS_"))
                .chain([("AKUN_OBJECT_STORE_URL".to_owned(), url)])
                .collect();
            let config = Config::load(None, &env).expect("the test store's settings");
            let objects = Objects::open(&config.object_store().unwrap(), &config.s3)
                .expect("opening the S3 store");
            Store {
                objects,
                folder: None,
            }
        }
        Err(_) => {
            let folder = std::env::temp_dir().join(format!("akun-objects-{}", random_suffix()));
            let objects = Objects::local(&folder).expect("opening a local folder");
            Store {
                objects,
                folder: Some(folder),
            }
        }
    }
}

fn photos(store: &Store, workers: usize, queue: usize) -> Photos {
    Photos::new(
        store.objects.clone(),
        SECRET,
        PhotoPool::new(Some(workers), Some(queue)),
    )
}

/// A picture with some structure (gradients and stripes), as JPEG.
pub(crate) fn jpeg(width: u32, height: u32) -> Vec<u8> {
    jpeg_at(width, height, 90)
}

pub(crate) fn jpeg_at(width: u32, height: u32, quality: u8) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        let stripe = if (x / 17 + y / 23) % 2 == 0 { 40 } else { 0 };
        image::Rgb([
            (x * 255 / width) as u8,
            (y * 255 / height) as u8,
            (((x + y) % 256) as u8).saturating_add(stripe),
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&picture)
        .unwrap();
    out
}

/// A little-endian TIFF block as EXIF carries it: IFD0 with the
/// orientation and a pointer to a GPS IFD that says 6°10'30" S,
/// 106°49'0" E (Jakarta).
pub(crate) fn exif_with_gps(orientation: u16) -> Vec<u8> {
    fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&value);
    }
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const ASCII: u16 = 2;
    const RATIONAL: u16 = 5;
    // Header (8) + IFD0 (2 + 2 * 12 + 4 = 30) = 38: the GPS IFD.
    let gps_ifd = 38u32;
    // GPS IFD: 2 + 4 * 12 + 4 = 54 bytes, then the two rationals.
    let latitude = gps_ifd + 54;
    let longitude = latitude + 24;
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    let o = orientation.to_le_bytes();
    entry(&mut out, 0x0112, SHORT, 1, [o[0], o[1], 0, 0]);
    entry(&mut out, 0x8825, LONG, 1, gps_ifd.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(out.len() as u32, gps_ifd);
    out.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut out, 0x0001, ASCII, 2, *b"S\0\0\0");
    entry(&mut out, 0x0002, RATIONAL, 3, latitude.to_le_bytes());
    entry(&mut out, 0x0003, ASCII, 2, *b"E\0\0\0");
    entry(&mut out, 0x0004, RATIONAL, 3, longitude.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(out.len() as u32, latitude);
    for (numerator, denominator) in [(6u32, 1u32), (10, 1), (30, 1), (106, 1), (49, 1), (0, 1)] {
        out.extend_from_slice(&numerator.to_le_bytes());
        out.extend_from_slice(&denominator.to_le_bytes());
    }
    out
}

/// `jpeg` with an APP1 `Exif` segment holding `tiff`, right after SOI,
/// where cameras put it.
pub(crate) fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let length = u16::try_from(2 + 6 + tiff.len()).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

pub(crate) fn exif_of(jpeg: &[u8]) -> Option<Vec<u8>> {
    JpegDecoder::new(std::io::Cursor::new(jpeg))
        .unwrap()
        .exif_metadata()
        .unwrap()
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A PNG that declares 20,000 × 20,000 pixels, one bit each, all black:
/// 50 MB of rows that deflate packs into a small file, and 400 MB once a
/// decoder unpacks it to a byte a pixel.
pub(crate) fn png_bomb() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 20_000, 20_000);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().unwrap();
    let mut stream = writer.stream_writer().unwrap();
    let row = [0u8; 2_500];
    for _ in 0..20_000 {
        stream.write_all(&row).unwrap();
    }
    stream.finish().unwrap();
    drop(writer);
    out
}

#[tokio::test]
async fn objects_are_put_read_listed_and_deleted() {
    let store = store();
    let objects = &store.objects;
    assert!(objects.ready().await);
    let (a, b) = (ObjectName::new(Kind::Photo), ObjectName::new(Kind::Photo));
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    objects.put(&a, b"first object".to_vec()).await.unwrap();
    objects.put(&b, vec![7u8; 70_000]).await.unwrap();
    assert_eq!(
        objects.get(&a).await.unwrap().as_deref(),
        Some(&b"first object"[..])
    );
    assert_eq!(objects.get(&b).await.unwrap(), Some(vec![7u8; 70_000]));

    let mut listed = objects.list(Kind::Photo).await.unwrap();
    listed.sort_by_key(|o| o.size);
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!((&listed[0].name, listed[0].size), (&a, 12));
    assert_eq!((&listed[1].name, listed[1].size), (&b, 70_000));
    for object in &listed {
        // The store's clock; a minute of skew either way is allowed.
        assert!(
            (object.last_modified - before).abs() < 60_000,
            "{object:?} vs {before}"
        );
    }

    objects.delete(&a).await.unwrap();
    assert_eq!(objects.get(&a).await.unwrap(), None);
    objects
        .delete(&a)
        .await
        .expect("deleting what is gone is no error");
    let listed = objects.list(Kind::Photo).await.unwrap();
    assert_eq!(listed.iter().map(|o| &o.name).collect::<Vec<_>>(), vec![&b]);
    // Replacing an object keeps one object under the name.
    objects.put(&b, b"replaced".to_vec()).await.unwrap();
    assert_eq!(objects.get(&b).await.unwrap(), Some(b"replaced".to_vec()));
    objects.delete(&b).await.unwrap();
    assert!(objects.list(Kind::Photo).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_stored_photo_is_unreadable_at_rest_and_opens_as_a_jpeg() {
    let store = store();
    let photos = photos(&store, 1, 1);
    let upload = jpeg(640, 480);
    let stored = photos.store(upload).await.unwrap();
    assert_eq!((stored.width, stored.height), (640, 480));

    let opened = photos.open(&stored.name).await.unwrap().unwrap();
    assert!(opened.starts_with(&[0xFF, 0xD8, 0xFF]));
    assert!(contains(&opened, b"JFIF"));

    let raw = store.objects.get(&stored.name).await.unwrap().unwrap();
    assert_eq!(raw.len() as u64, stored.bytes);
    let mut at_rest = vec![raw];
    if let Some(folder) = &store.folder {
        // The very files on disk, whatever the store calls them.
        at_rest.clear();
        let mut dirs = vec![folder.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    at_rest.push(std::fs::read(path).unwrap());
                }
            }
        }
        assert_eq!(at_rest.len(), 1);
    }
    for bytes in &at_rest {
        assert!(!bytes.starts_with(&[0xFF, 0xD8]), "a JPEG at rest");
        assert!(!contains(bytes, b"JFIF") && !contains(bytes, b"Exif"));
        // No run of the photo's bytes appears in what is stored.
        for at in (0..opened.len() - 32).step_by(997) {
            assert!(!contains(bytes, &opened[at..at + 32]), "plaintext at {at}");
        }
    }
}

#[tokio::test]
async fn a_sealed_photo_moved_under_another_name_does_not_open() {
    let store = store();
    let photos = photos(&store, 1, 1);
    let stored = photos.store(jpeg(320, 240)).await.unwrap();
    let raw = store.objects.get(&stored.name).await.unwrap().unwrap();
    let elsewhere = ObjectName::new(Kind::Photo);
    store.objects.put(&elsewhere, raw).await.unwrap();
    assert!(photos.open(&elsewhere).await.is_err());
    assert!(photos.open(&stored.name).await.unwrap().is_some());
    // Nor under another server secret.
    let other = Photos::new(
        store.objects.clone(),
        "another-secret-key-of-enough-length",
        PhotoPool::new(Some(1), Some(0)),
    );
    assert!(other.open(&stored.name).await.is_err());
    assert_eq!(
        photos.open(&ObjectName::new(Kind::Photo)).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn gps_exif_is_not_kept_and_the_camera_orientation_is_applied() {
    let store = store();
    let photos = photos(&store, 1, 1);
    // Orientation 6: the camera was turned; the picture must be turned a
    // quarter clockwise to stand upright.
    let upload = with_exif(&jpeg(300, 200), &exif_with_gps(6));
    let exif = exif_of(&upload).expect("the upload carries EXIF");
    assert!(contains(&exif, &106u32.to_le_bytes()));

    let stored = photos.store(upload).await.unwrap();
    assert_eq!((stored.width, stored.height), (200, 300));
    let opened = photos.open(&stored.name).await.unwrap().unwrap();
    assert_eq!(exif_of(&opened), None);
    assert!(!contains(&opened, b"Exif"));
    assert!(!contains(&opened, &[0xFF, 0xE1]), "an APP1 segment");
}

#[tokio::test]
async fn a_large_photo_is_stored_at_most_2000_pixels_long() {
    let store = store();
    let photos = photos(&store, 1, 1);
    assert_eq!(MAX_OUTPUT_SIDE, 2000);
    // A little over: filtered down.
    let stored = photos.store(jpeg(2400, 1600)).await.unwrap();
    assert_eq!((stored.width, stored.height), (2000, 1333));
    // Twice over or more (a camera's full size): averaged down.
    let upload = jpeg_at(4400, 2200, 40);
    assert!(upload.len() < MAX_UPLOAD_BYTES, "{} bytes", upload.len());
    let stored = photos.store(upload).await.unwrap();
    assert_eq!((stored.width, stored.height), (2000, 1000));
}

#[tokio::test]
async fn a_png_and_webp_are_accepted_too() {
    let store = store();
    let photos = photos(&store, 1, 1);
    let picture = RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    for format in [image::ImageFormat::Png, image::ImageFormat::WebP] {
        let mut upload = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut upload, format).unwrap();
        let stored = photos.store(upload.into_inner()).await.unwrap();
        assert_eq!((stored.width, stored.height), (64, 48), "{format:?}");
        let opened = photos.open(&stored.name).await.unwrap().unwrap();
        assert!(opened.starts_with(&[0xFF, 0xD8, 0xFF]), "{format:?}");
    }
}

#[tokio::test]
async fn a_decompression_bomb_is_refused_before_it_is_unpacked() {
    let store = store();
    let photos = photos(&store, 1, 1);
    let bomb = png_bomb();
    assert!(bomb.len() < 200_000, "the bomb is {} bytes", bomb.len());
    let started = std::time::Instant::now();
    let err = photos.store(bomb).await.unwrap_err();
    assert!(err.is(ErrorCode::PhotoTooManyPixels), "{err:?}");
    assert_eq!(ErrorCode::PhotoTooManyPixels.http_status(), 422);
    // Refused from the header: unpacking 400 MB would take seconds.
    assert!(
        started.elapsed().as_millis() < 500,
        "{:?}",
        started.elapsed()
    );
    assert!(store.objects.list(Kind::Photo).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_file_that_is_not_a_photo_is_refused_whatever_its_name() {
    let store = store();
    let photos = photos(&store, 1, 1);
    // What a person might rename to `ktp.jpg`: a PDF, a text, a GIF.
    for upload in [
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >>".to_vec(),
        b"KTP scan, see attachment".to_vec(),
        b"GIF89a\x01\0\x01\0\0\0\0;".to_vec(),
        Vec::new(),
    ] {
        let err = photos.store(upload).await.unwrap_err();
        assert!(err.is(ErrorCode::PhotoNotImage), "{err:?}");
    }
    assert_eq!(ErrorCode::PhotoNotImage.http_status(), 415);
    // A JPEG's first bytes and then garbage: it claims to be a photo.
    let mut broken = jpeg(64, 64)[..20].to_vec();
    broken.extend_from_slice(&[0x55; 500]);
    let err = photos.store(broken).await.unwrap_err();
    assert!(err.is(ErrorCode::PhotoUnreadable), "{err:?}");
    assert!(store.objects.list(Kind::Photo).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_photo_over_2_mb_is_refused_with_413() {
    let store = store();
    let photos = photos(&store, 1, 1);
    let mut upload = jpeg(64, 64);
    upload.resize(MAX_UPLOAD_BYTES + 1, 0);
    let err = photos.store(upload).await.unwrap_err();
    assert!(err.is(ErrorCode::PhotoTooLarge), "{err:?}");
    assert_eq!(ErrorCode::PhotoTooLarge.http_status(), 413);
    assert!(store.objects.list(Kind::Photo).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_full_photo_pool_answers_busy_at_once() {
    let store = store();
    // One worker and no waiting room, held by a job that waits for us.
    let photos = photos(&store, 1, 0);
    let (started_tx, started) = mpsc::channel();
    let (release, release_rx) = mpsc::channel::<()>();
    let holder = {
        let pool = photos.pool().clone();
        tokio::spawn(async move {
            pool.run(move || {
                started_tx.send(()).unwrap();
                release_rx.recv().ok();
                Ok(())
            })
            .await
        })
    };
    tokio::task::spawn_blocking(move || started.recv().unwrap())
        .await
        .unwrap();

    let asked = std::time::Instant::now();
    let err = photos.store(jpeg(64, 64)).await.unwrap_err();
    assert!(err.is(ErrorCode::Busy), "{err:?}");
    assert_eq!(err.body().retry_after, Some(BUSY_RETRY_AFTER));
    assert!(
        asked.elapsed().as_millis() < 200,
        "busy must answer at once"
    );

    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    photos
        .store(jpeg(64, 64))
        .await
        .expect("a free pool takes the photo");
    assert_eq!(photos.pool().jobs_done(), 2);
}
