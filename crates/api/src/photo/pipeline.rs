//! From the bytes a phone uploaded to the JPEG that is kept.
//!
//! 1. **Size**: at most [`MAX_UPLOAD_BYTES`] (2 MiB); the phone has already
//!    compressed the photo to well under 1 MB, so more is refused
//!    (`photo_too_large`, 413) before anything is read.
//! 2. **Magic bytes**: JPEG, PNG or WebP, whatever the file was called;
//!    anything else is `photo_not_image`.
//! 3. **Decode with limits**: each side at most [`MAX_INPUT_SIDE`] pixels
//!    and the decoded picture at most [`MAX_DECODE_BYTES`]. The decoder
//!    reads the declared size from the header and refuses before it
//!    allocates, so a small file that unpacks into gigabytes (a
//!    decompression bomb) costs nothing: `photo_too_many_pixels`. A file
//!    that starts like an image and does not decode is `photo_unreadable`.
//! 4. **Upright**: the EXIF orientation a camera wrote is applied to the
//!    pixels, because the EXIF block that carried it is not kept.
//! 5. **Re-encode**: at most [`MAX_OUTPUT_SIDE`] pixels on the long side,
//!    8-bit RGB, JPEG at quality [`JPEG_QUALITY`]. Only pixels cross over:
//!    EXIF (with GPS position, camera and time), comments, ICC profiles and
//!    anything appended to the file are dropped, and a crafted file is
//!    never stored as it came.
//!
//! This is CPU work of tens to hundreds of milliseconds: it runs only on
//! the photo pool (`photo::PhotoPool`), never on the async executor.

use std::io::Cursor;

use akun_core::ErrorCode;
use image::imageops::{self, FilterType};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use crate::error::{Error, Result};

/// The largest upload accepted, in bytes (2 MiB).
pub const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;
/// The longest side accepted, in pixels: a 48-megapixel camera's is 8000.
pub const MAX_INPUT_SIDE: u32 = 8192;
/// The most memory a decoded picture may take: a 12-megapixel photo takes
/// 36 MB as RGB, a 20,000 × 20,000 one 1.2 GB.
pub const MAX_DECODE_BYTES: u64 = 128 * 1024 * 1024;
/// The long side of a stored photo, in pixels: enough to read an ID card's
/// small print.
pub const MAX_OUTPUT_SIDE: u32 = 2000;
pub const JPEG_QUALITY: u8 = 85;

/// The formats accepted, by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    /// The format `bytes` start like, if one of ours.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Format::WebP)
        } else {
            None
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Png => ImageFormat::Png,
            Format::WebP => ImageFormat::WebP,
        }
    }
}

/// The checks that cost nothing (size, magic bytes), so that they can
/// answer before the upload waits for the pool.
pub fn check(upload: &[u8]) -> Result<Format> {
    if upload.len() > MAX_UPLOAD_BYTES {
        return Err(ErrorCode::PhotoTooLarge.into());
    }
    Format::sniff(upload).ok_or_else(|| ErrorCode::PhotoNotImage.into())
}

/// A photo ready to be sealed: a plain JPEG of `width` × `height`.
pub struct Prepared {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("jpeg", &format_args!("{} bytes", self.jpeg.len()))
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

/// Every step of the module doc: the JPEG to keep, or a refusal.
pub fn prepare(upload: &[u8]) -> Result<Prepared> {
    let format = check(upload)?;
    let picture = decode(upload, format)?.into_rgb8();
    let (width, height) = picture.dimensions();
    let long = width.max(height);
    let picture = if long > MAX_OUTPUT_SIDE {
        let scale = |side: u32| {
            ((u64::from(side) * u64::from(MAX_OUTPUT_SIDE) + u64::from(long) / 2) / u64::from(long))
                .max(1) as u32
        };
        let (to_width, to_height) = (scale(width), scale(height));
        if long >= 2 * MAX_OUTPUT_SIDE {
            // Two or more source pixels a stored one: averaging boxes of
            // them is as clean as a filter and several times faster.
            imageops::thumbnail(&picture, to_width, to_height)
        } else {
            // Close to the size wanted, boxes would drop or double whole
            // rows and columns (moiré on printed text); Triangle (bilinear,
            // widened by the scale) weighs every source pixel.
            imageops::resize(&picture, to_width, to_height, FilterType::Triangle)
        }
    } else {
        picture
    };
    let (width, height) = picture.dimensions();
    let mut jpeg = Vec::with_capacity(256 * 1024);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&picture)
        .map_err(|e| Error::Internal(anyhow::Error::new(e).context("encoding a photo as JPEG")))?;
    Ok(Prepared {
        jpeg,
        width,
        height,
    })
}

/// The pixels of `upload`, upright, within the limits.
fn decode(upload: &[u8], format: Format) -> Result<DynamicImage> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_INPUT_SIDE);
    limits.max_image_height = Some(MAX_INPUT_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(upload), format.image_format());
    reader.limits(limits);
    // The decoder reads the header and checks the sides against the
    // limits; the size of the whole picture is checked here, before
    // `from_decoder` allocates it.
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    if decoder.total_bytes() > MAX_DECODE_BYTES {
        return Err(ErrorCode::PhotoTooManyPixels.into());
    }
    // A broken orientation tag is no reason to refuse the photo.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// The refusal for a decoder's error: over a limit, or not decodable.
fn refusal(e: ImageError) -> Error {
    match e {
        ImageError::Limits(_) => ErrorCode::PhotoTooManyPixels.into(),
        other => {
            tracing::debug!(error = %other, "an upload that does not decode");
            ErrorCode::PhotoUnreadable.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_known_by_their_first_bytes_only() {
        assert_eq!(Format::sniff(b"\xFF\xD8\xFF\xE0rest"), Some(Format::Jpeg));
        assert_eq!(
            Format::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(Format::Png)
        );
        assert_eq!(Format::sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(Format::WebP));
        for other in [
            &b""[..],
            b"\xFF\xD8",
            b"GIF89a",
            b"%PDF-1.7",
            b"RIFF\x10\0\0\0WAVEfmt ",
            b"<svg xmlns",
        ] {
            assert_eq!(Format::sniff(other), None, "{other:?}");
        }
    }

    #[test]
    fn size_is_checked_before_the_bytes_are_read() {
        let mut big = vec![0u8; MAX_UPLOAD_BYTES + 1];
        big[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        assert!(check(&big).unwrap_err().is(ErrorCode::PhotoTooLarge));
        assert!(
            check(&big[..MAX_UPLOAD_BYTES]).is_ok(),
            "exactly the cap is allowed"
        );
    }
}
