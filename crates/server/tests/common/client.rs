//! A protocol-v1 client for tests: builds manifests from real bytes and
//! drives PUT / HEAD / PATCH / GET with reqwest.

use eport_domain::case::AttachmentMeta;
use eport_domain::protocol::{AttachmentDecl, ClientInfo, Manifest, SubmissionKind};
use reqwest::blocking::{Client, Response};
use sha2::{Digest, Sha256};

#[derive(Clone)]
pub struct Upload {
    pub id: String,
    pub secret: String,
    pub files: Vec<(String, Vec<u8>)>, // (sha256, bytes)
    pub manifest: Manifest,
}

/// PNG-looking bytes of `size`, different for each `seed`.
pub fn png_bytes(size: usize, seed: u32) -> Vec<u8> {
    let mut v: Vec<u8> = (0..size as u32)
        .map(|i| {
            (i.wrapping_mul(2_654_435_761)
                .wrapping_add(seed.wrapping_mul(97))
                >> 13) as u8
        })
        .collect();
    v[..8].copy_from_slice(b"\x89PNG\r\n\x1a\n");
    v
}

pub fn sha_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

pub fn new_upload(size: usize, seed: u32) -> Upload {
    let slots = eport_domain::fixtures::all_slots();
    let mut files = Vec::new();
    let mut metas = Vec::new();
    for (i, slot) in slots.into_iter().enumerate() {
        let bytes = png_bytes(size, seed * 100 + i as u32);
        let sha = sha_hex(&bytes);
        metas.push(AttachmentMeta {
            slot,
            name: format!("scan-{i}.png"),
            mime: "image/png".into(),
            size: bytes.len() as u64,
            sha256: sha.clone(),
        });
        files.push((sha, bytes));
    }
    let case = eport_domain::fixtures::valid_enrollment(Some(metas.clone()));
    let manifest = Manifest {
        kind: SubmissionKind::PaperlessEnrollment,
        supersedes: None,
        attachments: metas
            .iter()
            .map(|m| AttachmentDecl {
                slot: m.slot.clone(),
                sha256: m.sha256.clone(),
                size: m.size,
                mime: m.mime.clone(),
                name: m.name.clone(),
            })
            .collect(),
        case,
        client: ClientInfo {
            app_version: "test".into(),
            declared_at: "2026-11-27T10:00:00+08:00".into(),
        },
    };
    Upload {
        id: uuid::Uuid::new_v4().to_string(),
        secret: format!("secret-{}", uuid::Uuid::new_v4()),
        files,
        manifest,
    }
}

pub struct Api {
    pub base: String,
    pub http: Client,
}

impl Api {
    pub fn new(base: &str) -> Api {
        Api {
            base: format!("{base}/api/v1"),
            http: Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .unwrap(),
        }
    }

    /// A client whose connections come from the loopback address `from` (127.x.y.z).
    pub fn from(base: &str, from: std::net::IpAddr) -> Api {
        Api {
            base: format!("{base}/api/v1"),
            http: Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .local_address(from)
                .build()
                .unwrap(),
        }
    }

    pub fn put_raw(&self, u: &Upload, body: Vec<u8>) -> Response {
        self.http
            .put(format!("{}/submissions/{}", self.base, u.id))
            .bearer_auth(&u.secret)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .unwrap()
    }

    pub fn put(&self, u: &Upload) -> Response {
        self.put_raw(u, serde_json::to_vec(&u.manifest).unwrap())
    }

    /// PUTs `u`'s manifest with the secret of the rejected submission it supersedes.
    pub fn put_superseding(&self, u: &Upload, old_secret: &str) -> Response {
        self.http
            .put(format!("{}/submissions/{}", self.base, u.id))
            .bearer_auth(&u.secret)
            .header("supersedes-authorization", format!("Bearer {old_secret}"))
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&u.manifest).unwrap())
            .send()
            .unwrap()
    }

    /// `POST …/withdraw` with `u`'s secret (or `secret` instead).
    pub fn withdraw(&self, u: &Upload, secret: Option<&str>) -> Response {
        self.http
            .post(format!("{}/submissions/{}/withdraw", self.base, u.id))
            .bearer_auth(secret.unwrap_or(&u.secret))
            .send()
            .unwrap()
    }

    pub fn head(&self, u: &Upload, sha: &str) -> Response {
        self.http
            .head(format!(
                "{}/submissions/{}/attachments/{sha}",
                self.base, u.id
            ))
            .bearer_auth(&u.secret)
            .send()
            .unwrap()
    }

    pub fn patch(&self, u: &Upload, sha: &str, offset: u64, chunk: &[u8]) -> Response {
        self.http
            .patch(format!(
                "{}/submissions/{}/attachments/{sha}",
                self.base, u.id
            ))
            .bearer_auth(&u.secret)
            .header("content-type", "application/offset+octet-stream")
            .header("upload-offset", offset.to_string())
            .body(chunk.to_vec())
            .send()
            .unwrap()
    }

    /// The status document as this version of the app reads it.
    pub fn status(&self, u: &Upload) -> serde_json::Value {
        self.status_as(u, Some("2"))
    }

    /// The status document as an app sending `x-eport-states: states` reads it.
    pub fn status_as(&self, u: &Upload, states: Option<&str>) -> serde_json::Value {
        let mut r = self
            .http
            .get(format!("{}/submissions/{}", self.base, u.id))
            .bearer_auth(&u.secret);
        if let Some(g) = states {
            r = r.header("x-eport-states", g);
        }
        let r = r.send().unwrap();
        assert_eq!(r.status(), 200);
        r.json().unwrap()
    }

    /// Uploads every missing file from the server's offset in `chunk`-byte pieces.
    pub fn upload_all(&self, u: &Upload, chunk: usize) {
        for (sha, bytes) in &u.files {
            let h = self.head(u, sha);
            assert_eq!(h.status(), 200);
            let mut offset: u64 = h.headers()["upload-offset"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            while (offset as usize) < bytes.len() {
                let end = (offset as usize + chunk).min(bytes.len());
                let r = self.patch(u, sha, offset, &bytes[offset as usize..end]);
                assert_eq!(r.status(), 204, "{}", r.text().unwrap_or_default());
                offset = r.headers()["upload-offset"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
            }
        }
    }
}

/// The same upload with 领卡方式 = 邮寄领卡 and where the card goes (the
/// fixture collects at the window). The manifest changes, so does its id.
pub fn mailed(mut u: Upload) -> Upload {
    let p = &mut u.manifest.case.pickup;
    p.method = Some(eport_domain::case::PickupMethod::Mail);
    p.recipient = "李收件".into();
    p.phone = "13800138000".into();
    p.address = "厦门市思明区示例路1号".into();
    u
}
