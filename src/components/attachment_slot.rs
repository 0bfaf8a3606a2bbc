//! One attachment slot: pick (file, camera, drag and drop), check the type by
//! content and the 4 MiB limit, hash, store, preview; shrink an over-size photo
//! on request and show the result before it replaces anything.

use eport_domain::attachment::{
    display_name, human_size, FileType, ATTACHMENT_MAX_BYTES, MIME_JPEG, MIME_PDF, MIME_PNG,
};
use eport_domain::case::AttachmentMeta;
use eport_domain::{Code, Issue, Severity};
use js_sys::Uint8Array;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::editor::{use_editor, Preparing};
use crate::files;
use crate::i18n::*;
use crate::lang::use_lang;
use crate::store::{self, AttachmentBlob, StoreError};

#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    Reading,
    Hashing,
    Saving,
    Shrinking,
}

/// A refused file: the message, and the bytes when shrinking could help.
#[derive(Clone)]
struct Refusal {
    message: String,
    shrinkable: Option<(Uint8Array, String, String)>,
}

/// A shrunk photo waiting for the user's decision.
#[derive(Clone)]
struct ShrinkPreview {
    before: u64,
    bytes: Uint8Array,
    name: String,
    url: String,
}

#[component]
pub fn AttachmentSlot(
    /// The slot key stored in the case (`business_licence`, `operator:<key>:id_front`).
    #[prop(into)]
    slot_key: String,
    /// The field (`attachments.business_licence`, `operators.0.id_front`).
    #[prop(into)]
    path: eport_domain::FieldPath,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let slot = slot_key;
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let id = path.dom_id();
    let phase = RwSignal::new(Phase::Idle);
    let refusal = RwSignal::new_local(None::<Refusal>);
    let shrunk = RwSignal::new_local(None::<ShrinkPreview>);
    let preview_url = RwSignal::new(None::<String>);

    // A refusal ends whatever was in progress.
    let refuse = move |message: String, shrinkable: Option<(Uint8Array, String, String)>| {
        phase.set(Phase::Idle);
        refusal.set(Some(Refusal {
            message,
            shrinkable,
        }));
    };
    // The file the slot holds; while a new one is being written, none is shown
    // as stored until the case that points at it is (see `Editor::attach`).
    let slot_meta = {
        let slot = slot.clone();
        Memo::new(move |_| {
            if phase.get() == Phase::Saving {
                return None;
            }
            e.case.with(|c| c.enrollment.attachment(&slot).cloned())
        })
    };
    // Preview of the stored file (images only); URLs are revoked when replaced.
    Effect::new(move |_| {
        let meta = slot_meta.get();
        if let Some(old) = preview_url.get_untracked() {
            files::revoke_url(&old);
            preview_url.set(None);
        }
        if let Some(m) = meta.filter(|m| m.mime != MIME_PDF) {
            spawn_local(async move {
                if let Ok(Some(blob)) = store::get_blob(&m.sha256).await {
                    preview_url.set(files::object_url(&blob.bytes, &blob.mime));
                }
            });
        }
    });
    let pages = RwSignal::new(None::<usize>);

    let issue_msg = |code: Code, detail: String, path: eport_domain::FieldPath, lang| {
        Issue {
            path,
            code,
            severity: Severity::Error,
            detail,
        }
        .message(lang)
    };

    // Stores accepted bytes and points the slot at them, atomically.
    let accept = {
        let slot = slot.clone();
        move |bytes: Uint8Array, mime: &'static str, name: String, preparing: Preparing| {
            let slot = slot.clone();
            spawn_local(async move {
                phase.set(Phase::Hashing);
                let sha256 = match files::sha256_hex(&bytes).await {
                    Ok(h) => h,
                    Err(_) => {
                        refuse(t_string!(i18n, attach_read_failed).to_string(), None);
                        return;
                    }
                };
                phase.set(Phase::Saving);
                pages.set(files::pdf_page_count(&bytes, mime));
                let meta = AttachmentMeta {
                    slot: slot.clone(),
                    name,
                    mime: mime.to_string(),
                    size: bytes.length() as u64,
                    sha256: sha256.clone(),
                };
                let blob = AttachmentBlob {
                    sha256,
                    mime: mime.to_string(),
                    bytes,
                };
                match e.attach(blob, meta, preparing).await {
                    // Its findings show at once (e.g. the same file as another slot).
                    Ok(()) => {
                        refusal.set(None);
                        e.touch(path);
                    }
                    Err(err) => {
                        let message = match err {
                            StoreError::QuotaExceeded => t_string!(i18n, save_quota).to_string(),
                            _ => t_string!(i18n, save_failed).to_string(),
                        };
                        refuse(message, None);
                    }
                }
                phase.set(Phase::Idle);
            });
        }
    };

    // 删除 takes effect at once and offers 撤销 (the bytes stay stored).
    let removed = RwSignal::new(None::<AttachmentMeta>);
    let take_file = {
        let accept = accept.clone();
        move |file: web_sys::File| {
            // A declared case takes no file (a drop is the one way past the disabled inputs).
            if e.locked_untracked() {
                return;
            }
            let accept = accept.clone();
            removed.set(None);
            refusal.set(None);
            shrunk.set(None);
            phase.set(Phase::Reading);
            // 申报 pressed meanwhile waits for this file (released when dropped).
            let preparing = e.preparing_file();
            spawn_local(async move {
                let name = display_name(&file.name());
                let bytes = match files::read_file(&file).await {
                    Ok(b) => b,
                    Err(_) => {
                        refuse(t_string!(i18n, attach_read_failed).to_string(), None);
                        return;
                    }
                };
                let Some(mime) = files::sniff(&bytes) else {
                    refuse(
                        issue_msg(Code::AttachmentType, String::new(), path, lang()),
                        None,
                    );
                    return;
                };
                let size = bytes.length() as u64;
                if size > ATTACHMENT_MAX_BYTES {
                    let shrinkable = (mime == MIME_JPEG || mime == MIME_PNG)
                        .then(|| (bytes, mime.to_string(), name));
                    refuse(
                        issue_msg(Code::AttachmentTooLarge, human_size(size), path, lang()),
                        shrinkable,
                    );
                    return;
                }
                accept(bytes, mime, name, preparing);
            });
        }
    };

    let on_pick = {
        let take_file = take_file.clone();
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                take_file(f);
            }
            input.set_value("");
        }
    };
    let on_drop = {
        let take_file = take_file.clone();
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            if let Some(f) = ev
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.get(0))
            {
                take_file(f);
            }
        }
    };
    let shrink = move |_| {
        let Some(Refusal {
            shrinkable: Some((bytes, mime, name)),
            ..
        }) = refusal.get_untracked()
        else {
            return;
        };
        phase.set(Phase::Shrinking);
        spawn_local(async move {
            match files::shrink_image(&bytes, &mime).await {
                Ok(out) => {
                    let url = files::object_url(&out, MIME_JPEG).unwrap_or_default();
                    let stem = name
                        .rsplit_once('.')
                        .map(|(s, _)| s.to_string())
                        .unwrap_or(name);
                    // A new name, so the list never shows the big file's name beside the small size.
                    shrunk.set(Some(ShrinkPreview {
                        before: bytes.length() as u64,
                        bytes: out,
                        name: t_string!(i18n, attach_shrunk_name, stem = stem).to_string(),
                        url,
                    }));
                }
                Err(_) => refuse(t_string!(i18n, attach_shrink_failed).to_string(), None),
            }
            phase.set(Phase::Idle);
        });
    };
    let accept_shrunk = {
        let accept = accept.clone();
        move |_| {
            if let Some(s) = shrunk.get_untracked() {
                files::revoke_url(&s.url);
                shrunk.set(None);
                refusal.set(None);
                accept(s.bytes, MIME_JPEG, s.name, e.preparing_file());
            }
        }
    };
    let cancel_shrunk = move |_| {
        if let Some(s) = shrunk.get_untracked() {
            files::revoke_url(&s.url);
        }
        shrunk.set(None);
    };
    let remove = {
        let slot = slot.clone();
        move |_| {
            removed.set(slot_meta.get_untracked());
            let slot = slot.clone();
            e.update(|c| c.enrollment.attachments.retain(|a| a.slot != slot));
        }
    };
    let undo = move |_| {
        if let Some(m) = removed.get_untracked() {
            e.update(|c| {
                c.enrollment.attachments.retain(|a| a.slot != m.slot);
                c.enrollment.attachments.push(m);
            });
        }
        removed.set(None);
    };

    let issue = e.issue_memo(path);
    let err_id = format!("{id}-error");
    let err_id2 = err_id.clone();
    let cam_id = format!("{id}-camera");
    let busy_text = move || match phase.get() {
        Phase::Reading => Some(t_string!(i18n, attach_reading).to_string()),
        Phase::Hashing => Some(t_string!(i18n, attach_hashing).to_string()),
        Phase::Saving => Some(t_string!(i18n, attach_saving).to_string()),
        Phase::Shrinking => Some(t_string!(i18n, attach_shrinking).to_string()),
        Phase::Idle => None,
    };

    view! {
        <div class="field attachment"
            class:field-error=move || issue.with(|i| i.as_ref().is_some_and(|i| i.blocks())) || refusal.with(|r| r.is_some())
            class:field-warning=move || issue.with(|i| i.as_ref().is_some_and(|i| !i.blocks())) && refusal.with(|r| r.is_none())
            data-testid=format!("slot-{slot}") data-sha256=move || slot_meta.with(|m| m.as_ref().map(|m| m.sha256.clone()))
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <label for=id.clone() class="label">{move || label.get()}</label>
            {move || issue.get().filter(|_| refusal.with(|r| r.is_none())).map(|i| {
                let class = if i.blocks() { "error-message" } else { "warning-message" };
                view! { <p id=err_id.clone() class=class>{i.message(lang())}</p> }
            })}
            {move || refusal.get().map(|r| view! {
                <div class="error-message" role="alert" id=format!("{}-refusal", path.dom_id())>
                    <p>{r.message.clone()}</p>
                    {r.shrinkable.is_some().then(|| view! {
                        <button type="button" class="button button-secondary" on:click=shrink>{t!(i18n, attach_shrink_offer)}</button>
                    })}
                </div>
            })}
            {move || shrunk.get().map(|s| view! {
                <div class="shrink-preview" role="status">
                    <p>{t_string!(i18n, attach_shrink_result, before = human_size(s.before), after = human_size(s.bytes.length() as u64)).to_string()}</p>
                    <img src=s.url.clone() alt=t_string!(i18n, attach_preview, name = s.name.clone()).to_string() class="preview" />
                    <p>
                        <button type="button" class="button" on:click=accept_shrunk.clone()>{t!(i18n, attach_shrink_accept)}</button>
                        " "
                        <button type="button" class="button button-secondary" on:click=cancel_shrunk>{t!(i18n, attach_shrink_cancel)}</button>
                    </p>
                </div>
            })}
            {move || busy_text().map(|t| view! {
                <p class="busy" role="status"><progress aria-label=t.clone()></progress>" "{t.clone()}</p>
            })}
            {move || match slot_meta.get() {
                Some(m) => view! {
                    <div class="attachment-current">
                        {move || preview_url.get().map(|u| view! {
                            <img src=u class="preview" alt=t_string!(i18n, attach_preview, name = slot_meta.get().map(|m| m.name).unwrap_or_default()).to_string() />
                        })}
                        <p class="file-facts">
                            <strong>{m.name.clone()}</strong>" · "
                            {FileType::from_mime(&m.mime).map(|t| t.extension().to_ascii_uppercase())}" · "
                            {human_size(m.size)}
                            {move || pages.get().map(|n| format!(" · {}", crate::lang::counted!(i18n, attach_pages / attach_pages_single, n)))}
                        </p>
                        // The digest is for the help desk: folded, it never widens a phone's line.
                        <details class="hash"><summary>{t!(i18n, attach_digest)}</summary><span>"SHA-256 "{m.sha256.clone()}</span></details>
                    </div>
                }.into_any(),
                None => view! { <p class="note">{t!(i18n, attach_none)}</p> }.into_any(),
            }}
            {move || removed.get().filter(|_| slot_meta.with(|m| m.is_none())).map(|m| view! {
                <p class="notice" role="status" data-testid="attach-removed">
                    {t_string!(i18n, attach_removed, name = m.name.clone()).to_string()}" "
                    <button type="button" class="button button-secondary" on:click=undo>{t!(i18n, attach_undo)}</button>
                </p>
            })}
            <div class="attachment-actions">
                // The browser's own file control stays hidden: our two buttons are its labels.
                <input type="file" id=id.clone() class="visually-hidden file-input" accept="image/jpeg,image/png,application/pdf"
                    aria-invalid=move || issue.with(|i| i.is_some()).then_some("true")
                    aria-describedby=move || issue.with(|i| i.is_some()).then(|| err_id2.clone())
                    on:change=on_pick.clone() />
                <label for=id.clone() class="button button-secondary choose" aria-hidden="true">{t!(i18n, attach_choose)}</label>
                <label for=cam_id.clone() class="button button-secondary camera">{t!(i18n, attach_camera)}</label>
                <input type="file" id=cam_id class="visually-hidden" accept="image/*" capture="environment"
                    aria-label=move || format!("{} {}", label.get(), t_string!(i18n, attach_camera))
                    on:change=on_pick />
                {move || slot_meta.with(|m| m.is_some()).then(|| view! {
                    <button type="button" class="button button-warning" data-testid="attach-remove" on:click=remove.clone()>
                        {t!(i18n, attach_remove)}<span class="visually-hidden">" "{move || label.get()}</span>
                    </button>
                })}
                <span class="hint drop-hint">{t!(i18n, attach_drop)}</span>
            </div>
        </div>
    }
}
