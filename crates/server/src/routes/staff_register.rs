//! `POST /api/v1/staff/register`: the register of what the list's filter
//! selects, as CSV (streamed a page at a time) or XLSX (built on disk, then
//! sent). A POST with the CSRF header, as every staff request that records
//! something: a register with personal data is recorded against each
//! submission in it.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use eport_domain::protocol::Problem;
use eport_domain::staff_session::WorkAction;
use eport_domain::Lang;
use serde::Deserialize;
use tokio::io::AsyncReadExt;
use tokio::sync::OwnedSemaphorePermit;
use utoipa::IntoParams;

use super::refusals::StaffRefusals;
use super::staff::{filter_of, ListQuery};
use crate::http::problem::ApiError;
use crate::review::register::{csv_head, csv_rows, page, write_xlsx, Export, MAX_ROWS};
use crate::staff_auth::Staff;
use crate::state::Shared;
use crate::storage::now;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegisterFormat {
    Csv,
    Xlsx,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
pub enum LangQuery {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// `csv` (UTF-8 with a byte-order mark) or `xlsx`.
    #[param(inline)]
    format: RegisterFormat,
    /// With the personal columns (ID number, mobile, mail address, collector);
    /// recorded in each exported submission's access log.
    #[serde(default)]
    personal: bool,
    /// The language of the headers and words: `zh-CN` (the default) or `en`.
    #[param(inline)]
    lang: Option<LangQuery>,
}

/// The register of the submissions the list's filters select (in the order they were created).
#[utoipa::path(post, path = "/api/v1/staff/register", tag = "staff",
    params(ListQuery, RegisterQuery),
    security(("staff_session" = [])),
    responses(
        StaffRefusals,
        (status = 200, description = "The register as a file (Content-Disposition: attachment)",
            content(("text/csv; charset=utf-8"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, description = "A query parameter is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "More than 200,000 rows: narrow the filter (a date range)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Two registers are being made already; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
pub async fn export(
    State(state): State<Shared>,
    staff: Staff,
    uri: Uri,
) -> Result<Response, ApiError> {
    // Read only once signed in: a stranger learns nothing of the parameters.
    let bad = |e: axum::extract::rejection::QueryRejection| {
        ApiError::bad_request("bad-query", &e.body_text())
    };
    let Query(list) = Query::<ListQuery>::try_from_uri(&uri).map_err(bad)?;
    let Query(q) = Query::<RegisterQuery>::try_from_uri(&uri).map_err(bad)?;
    let filter = filter_of(&list, &staff.who.login)?;
    let counted = filter.clone();
    let rows = state.store.run(move |s| s.count(&counted)).await?;
    if rows > MAX_ROWS {
        return Err(ApiError::unprocessable(&format!(
            "the filter selects {rows} submissions; a register holds at most {MAX_ROWS}: choose a shorter date range"
        )));
    }
    // Making a register reads every row it holds: a couple at a time.
    let permit = state
        .exports
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::busy(10, "two registers are being made; try again shortly"))?;
    let lang = match q.lang {
        Some(LangQuery::En) => Lang::En,
        _ => Lang::ZhCn,
    };
    let e = Export {
        filter,
        lang,
        personal: q.personal,
        who: staff.who.clone(),
    };
    tracing::info!(login = %staff.who.login, rows, personal = q.personal, format = ?q.format, "register exported");
    // The filter without its search text, which may be a person's name.
    let range = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let detail = format!(
        "{} {rows} rows{}; states {}; arrived {}..{}",
        match q.format {
            RegisterFormat::Csv => "csv",
            RegisterFormat::Xlsx => "xlsx",
        },
        if q.personal { ", personal data" } else { "" },
        if e.filter.states.is_empty() {
            "all".to_string()
        } else {
            e.filter
                .states
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(",")
        },
        range(e.filter.received_from),
        range(e.filter.received_to),
    );
    let who = staff.who.clone();
    state
        .store
        .run(move |s| s.record_work(&who, WorkAction::Register, &detail))
        .await?;
    let day = now().date_naive();
    let name = format!("{}-{day}", lang.pick("登记簿", "register"));
    match q.format {
        RegisterFormat::Csv => Ok(csv(state, e, permit, &name)),
        RegisterFormat::Xlsx => xlsx(state, e, permit, &name).await,
    }
}

/// `attachment; filename*=UTF-8''…` (RFC 6266, the name percent-encoded).
fn disposition(name: &str) -> HeaderValue {
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

fn file_response(body: Body, mime: &'static str, name: &str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CONTENT_DISPOSITION, disposition(name));
    res
}

struct CsvState {
    state: Shared,
    e: Arc<Export>,
    head: Option<Vec<u8>>,
    after: Option<i64>,
    _permit: OwnedSemaphorePermit,
}

/// Streams the CSV, one page of rows a chunk: memory stays one page whatever the rows.
fn csv(state: Shared, e: Export, permit: OwnedSemaphorePermit, name: &str) -> Response {
    let head = csv_head(e.lang, e.personal).unwrap_or_default();
    let start = CsvState {
        state,
        e: Arc::new(e),
        head: Some(head),
        after: Some(0),
        _permit: permit,
    };
    let stream = futures_util::stream::try_unfold(start, |mut st| async move {
        if let Some(head) = st.head.take() {
            return Ok::<_, std::io::Error>(Some((Bytes::from(head), st)));
        }
        let Some(after) = st.after else {
            return Ok(None);
        };
        let (e, cal, today) = (st.e.clone(), st.state.calendar(), now().date_naive());
        let got = st
            .state
            .store
            .run(move |s| page(s, &e, &cal, today, after, "csv"))
            .await
            .map_err(|e| {
                tracing::error!(error = %format!("{e:#}"), "the register stopped");
                std::io::Error::other("the register stopped")
            })?;
        match got {
            None => Ok(None),
            Some((rows, last)) => {
                st.after = Some(last);
                let bytes =
                    csv_rows(&rows, st.e.lang, st.e.personal).map_err(std::io::Error::other)?;
                Ok(Some((Bytes::from(bytes), st)))
            }
        }
    });
    file_response(
        Body::from_stream(stream),
        "text/csv; charset=utf-8",
        &format!("{name}.csv"),
    )
}

/// Builds the XLSX in `<data>/exports/` (the server's own, 0700), then sends it; the file goes when sent.
async fn xlsx(
    state: Shared,
    e: Export,
    permit: OwnedSemaphorePermit,
    name: &str,
) -> Result<Response, ApiError> {
    let dir = state.config.data_dir.join("exports");
    std::fs::create_dir_all(&dir).map_err(|e| ApiError::internal(e.into()))?;
    let file = tempfile::Builder::new()
        .prefix("register-")
        .suffix(".xlsx")
        .tempfile_in(&dir)
        .map_err(|e| ApiError::internal(e.into()))?;
    let (cal, today, out) = (
        state.calendar(),
        now().date_naive(),
        file.path().to_path_buf(),
    );
    state
        .store
        .run(move |s| write_xlsx(s, &e, &cal, today, &dir, &out))
        .await?;
    let reader = tokio::fs::File::open(file.path())
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    let len = reader
        .metadata()
        .await
        .map_err(|e| ApiError::internal(e.into()))?
        .len();
    // The temporary file and the permit live as long as the stream.
    let stream = futures_util::stream::try_unfold(
        (reader, file, permit),
        |(mut reader, file, permit)| async move {
            let mut buf = vec![0u8; 64 * 1024];
            let n = reader.read(&mut buf).await?;
            if n == 0 {
                return Ok::<_, std::io::Error>(None);
            }
            buf.truncate(n);
            Ok(Some((Bytes::from(buf), (reader, file, permit))))
        },
    );
    let mut res = file_response(
        Body::from_stream(stream),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{name}.xlsx"),
    );
    res.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    Ok(res)
}
