//! Files the user picks: reading, type by magic bytes, SHA-256 (SubtleCrypto),
//! in-browser shrinking of over-size photos. Bytes stay in JS memory.

use eport_domain::attachment::{sniff_mime, ATTACHMENT_MAX_BYTES, MIME_JPEG, MIME_PDF};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn js_err(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// The whole file as bytes.
pub async fn read_file(file: &web_sys::File) -> Result<Uint8Array, String> {
    let buf = JsFuture::from(file.array_buffer()).await.map_err(js_err)?;
    Ok(Uint8Array::new(&buf))
}

/// JPEG, PNG or PDF by the first bytes, whatever the name says.
pub fn sniff(bytes: &Uint8Array) -> Option<&'static str> {
    let n = bytes.length().min(8);
    let mut head = vec![0u8; n as usize];
    bytes.subarray(0, n).copy_to(&mut head);
    sniff_mime(&head)
}

/// Lower-case hex SHA-256, computed by the browser's native implementation.
pub async fn sha256_hex(bytes: &Uint8Array) -> Result<String, String> {
    let crypto = web_sys::window()
        .ok_or("no window")?
        .crypto()
        .map_err(js_err)?;
    let promise = crypto
        .subtle()
        .digest_with_str_and_buffer_source("SHA-256", bytes)
        .map_err(js_err)?;
    let digest = Uint8Array::new(&JsFuture::from(promise).await.map_err(js_err)?);
    Ok(digest.to_vec().iter().map(|b| format!("{b:02x}")).collect())
}

fn blob_of(bytes: &Uint8Array, mime: &str) -> Result<web_sys::Blob, String> {
    let parts = Array::of1(bytes);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(js_err)
}

/// An object URL for previewing bytes; the caller revokes it with [`revoke_url`].
pub fn object_url(bytes: &Uint8Array, mime: &str) -> Option<String> {
    web_sys::Url::create_object_url_with_blob(&blob_of(bytes, mime).ok()?).ok()
}

pub fn revoke_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Page count of a PDF, counted cheaply from `/Type /Page` markers.
pub fn pdf_page_count(bytes: &Uint8Array, mime: &str) -> Option<usize> {
    if mime != MIME_PDF {
        return None;
    }
    let data = bytes.to_vec();
    let needle = b"/Type";
    let mut count = 0;
    let mut i = 0;
    while i + 11 < data.len() {
        if &data[i..i + 5] == needle {
            let mut j = i + 5;
            while j < data.len() && data[j] == b' ' {
                j += 1;
            }
            if data[j..].starts_with(b"/Page") && !data[j..].starts_with(b"/Pages") {
                count += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    (count > 0).then_some(count)
}

/// Downscales and re-encodes a photo as JPEG until it fits the limit, keeping
/// it as large as possible (legibility first). Returns the new bytes.
pub async fn shrink_image(bytes: &Uint8Array, mime: &str) -> Result<Uint8Array, String> {
    let window = web_sys::window().ok_or("no window")?;
    let blob = blob_of(bytes, mime)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(
        window
            .create_image_bitmap_with_blob(&blob)
            .map_err(js_err)?,
    )
    .await
    .map_err(js_err)?
    .unchecked_into();
    let (w0, h0) = (bitmap.width() as f64, bitmap.height() as f64);
    // First guess from the byte ratio, then step down until it fits.
    let mut scale = ((ATTACHMENT_MAX_BYTES as f64 * 0.85) / bytes.length() as f64)
        .sqrt()
        .min(1.0);
    let mut quality = 0.85;
    for _ in 0..12 {
        let (w, h) = ((w0 * scale).round().max(1.0), (h0 * scale).round().max(1.0));
        let canvas = web_sys::OffscreenCanvas::new(w as u32, h as u32).map_err(js_err)?;
        let ctx: web_sys::OffscreenCanvasRenderingContext2d = canvas
            .get_context("2d")
            .map_err(js_err)?
            .ok_or("no 2d context")?
            .unchecked_into();
        ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w, h)
            .map_err(js_err)?;
        let opts = web_sys::ImageEncodeOptions::new();
        opts.set_type(MIME_JPEG);
        opts.set_quality(quality);
        let out: web_sys::Blob =
            JsFuture::from(canvas.convert_to_blob_with_options(&opts).map_err(js_err)?)
                .await
                .map_err(js_err)?
                .unchecked_into();
        if (out.size() as u64) <= ATTACHMENT_MAX_BYTES {
            let buf = JsFuture::from(out.array_buffer()).await.map_err(js_err)?;
            bitmap.close();
            return Ok(Uint8Array::new(&buf));
        }
        scale *= 0.85;
        quality = (quality - 0.05_f64).max(0.6);
    }
    bitmap.close();
    Err("could not shrink the image below the limit".into())
}

/// The file picked in the `<input type=file>` that fired `ev`, if any.
pub fn picked(ev: &web_sys::Event) -> Option<web_sys::File> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
}

/// Offers `text` as a download called `name` (an `<a download>` click).
pub fn save_text_file(name: &str, mime: &str, text: &str) -> Result<(), String> {
    save_file(name, mime, &Uint8Array::from(text.as_bytes()))
}

/// Offers `bytes` as a download called `name` (an `<a download>` click).
pub fn save_file(name: &str, mime: &str, bytes: &Uint8Array) -> Result<(), String> {
    let url = object_url(bytes, mime).ok_or("no object URL")?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlElement = doc.create_element("a").map_err(js_err)?.unchecked_into();
    a.set_attribute("href", &url).map_err(js_err)?;
    a.set_attribute("download", name).map_err(js_err)?;
    a.click();
    revoke_url(&url);
    Ok(())
}

/// The text of a picked file (UTF-8).
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let bytes = read_file(file).await?;
    String::from_utf8(bytes.to_vec()).map_err(|e| e.to_string())
}
