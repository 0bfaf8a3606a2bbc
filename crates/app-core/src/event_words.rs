//! What an event of the help-desk log means, in the reader's language.
//!
//! The log keeps what the code knew (`kind`, the request line, the status, a
//! technical summary in English); the diagnostics page leads with these words
//! and folds the technical summary below them.

use eport_domain::Lang;

/// The `kind` an event is logged with. Older logs hold only the first six.
pub mod kinds {
    pub const SYNC: &str = "sync";
    pub const SAVE_FAILED: &str = "error";
    pub const PANIC: &str = "panic";
    pub const STORAGE: &str = "storage";
    pub const CALENDAR: &str = "calendar";
    pub const UPDATE: &str = "app";
    pub const PERSIST_GRANTED: &str = "persist-granted";
    pub const PERSIST_REFUSED: &str = "persist-refused";
    pub const PERSIST_UNANSWERED: &str = "persist-unanswered";
    pub const SCANS_RELEASED: &str = "scans-released";
}

/// What the app was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Declare,
    CheckUpload,
    Upload,
    Status,
    Withdraw,
    Lookup,
    Ping,
    Calendar,
    /// A year of the calendar neither fetched nor kept (no request line).
    CalendarFailed,
    /// Any other request to the server.
    Request,
    Save,
    Crash,
    Storage,
    PersistGranted,
    PersistRefused,
    PersistUnanswered,
    ScansReleased,
    Update,
    /// The outbox's own bookkeeping (no request).
    Sending,
}

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// The server answered but refused (4xx other than 429).
    Refused(u16),
    /// The server could not take it then (429, 5xx): tried again later.
    Busy(u16),
    /// No answer came (offline, a reset, a timeout).
    NoAnswer,
}

impl Action {
    /// From the event's kind and its request line (`PATCH /submissions/{id}/attachments/{sha256}`).
    pub fn of(kind: &str, endpoint: Option<&str>) -> Action {
        let Some(line) = endpoint else {
            return match kind {
                kinds::SAVE_FAILED => Action::Save,
                kinds::PANIC => Action::Crash,
                kinds::STORAGE => Action::Storage,
                kinds::PERSIST_GRANTED => Action::PersistGranted,
                kinds::PERSIST_REFUSED => Action::PersistRefused,
                kinds::PERSIST_UNANSWERED => Action::PersistUnanswered,
                kinds::SCANS_RELEASED => Action::ScansReleased,
                kinds::CALENDAR => Action::CalendarFailed,
                kinds::UPDATE => Action::Update,
                _ => Action::Sending,
            };
        };
        let (method, path) = line.split_once(' ').unwrap_or(("GET", line));
        let attachment = path.contains("/attachments/");
        match (method, path) {
            ("PUT", p) if p.starts_with("/submissions/") && !attachment => Action::Declare,
            ("HEAD", _) if attachment => Action::CheckUpload,
            ("PATCH", _) if attachment => Action::Upload,
            ("POST", p) if p.ends_with("/withdraw") => Action::Withdraw,
            ("GET", p) if p.starts_with("/submissions/") => Action::Status,
            (_, "/lookup") => Action::Lookup,
            (_, "/ping") => Action::Ping,
            (_, p) if p.starts_with("/calendar/") => Action::Calendar,
            _ => Action::Request,
        }
    }

    pub fn words(self, lang: Lang) -> &'static str {
        use Action::*;
        match (self, lang) {
            (Declare, Lang::ZhCn) => "发送申报",
            (Declare, Lang::En) => "Sending the declaration",
            (CheckUpload, Lang::ZhCn) => "查询附件已上传多少",
            (CheckUpload, Lang::En) => "Asking how much of a scan arrived",
            (Upload, Lang::ZhCn) => "上传附件",
            (Upload, Lang::En) => "Uploading a scan",
            (Status, Lang::ZhCn) => "查询审核进度",
            (Status, Lang::En) => "Checking the review's progress",
            (Withdraw, Lang::ZhCn) => "撤回申报",
            (Withdraw, Lang::En) => "Withdrawing the declaration",
            (Lookup, Lang::ZhCn) => "查询办理进度",
            (Lookup, Lang::En) => "Looking up an application",
            (Ping, Lang::ZhCn) => "检查能否连接服务器",
            (Ping, Lang::En) => "Checking the server can be reached",
            (Calendar, Lang::ZhCn) => "获取节假日安排",
            (Calendar, Lang::En) => "Fetching the holiday calendar",
            (CalendarFailed, Lang::ZhCn) => "节假日安排未能获取或保存（日期按不含节假日估算）",
            (CalendarFailed, Lang::En) => "The holiday calendar could not be fetched or kept (dates are estimated without holidays)",
            (Request, Lang::ZhCn) => "与服务器通信",
            (Request, Lang::En) => "Talking to the server",
            (Save, Lang::ZhCn) => "保存填写内容失败",
            (Save, Lang::En) => "What was entered could not be saved",
            (Crash, Lang::ZhCn) => "页面程序出错",
            (Crash, Lang::En) => "The page's program failed",
            (Storage, Lang::ZhCn) => "本机存储出错",
            (Storage, Lang::En) => "This device's storage failed",
            (PersistGranted, Lang::ZhCn) => "浏览器同意长期保存本机数据",
            (PersistGranted, Lang::En) => "The browser agreed to keep this device's data",
            (PersistRefused, Lang::ZhCn) => "浏览器未同意长期保存本机数据（空间不足时可能被清除）",
            (PersistRefused, Lang::En) => "The browser did not agree to keep this device's data (it may clear it when space runs low)",
            (PersistUnanswered, Lang::ZhCn) => "浏览器未答复是否长期保存本机数据",
            (PersistUnanswered, Lang::En) => "The browser did not say whether it keeps this device's data",
            (ScansReleased, Lang::ZhCn) => "已送达的附件已从本机删除",
            (ScansReleased, Lang::En) => "Scans that arrived were removed from this device",
            (Update, Lang::ZhCn) => "新版本已下载",
            (Update, Lang::En) => "A new version was downloaded",
            (Sending, Lang::ZhCn) => "申报的发送",
            (Sending, Lang::En) => "Sending a declaration",
        }
    }
}

impl Outcome {
    /// From the status of the answer, `None` when none came.
    pub fn of(status: Option<u16>) -> Outcome {
        match status {
            None => Outcome::NoAnswer,
            Some(s @ (429 | 500..)) => Outcome::Busy(s),
            Some(s @ 400..) => Outcome::Refused(s),
            Some(_) => Outcome::Done,
        }
    }

    pub fn words(self, lang: Lang) -> String {
        match (self, lang) {
            (Outcome::Done, Lang::ZhCn) => "成功".into(),
            (Outcome::Done, Lang::En) => "done".into(),
            (Outcome::Refused(s), Lang::ZhCn) => format!("服务器拒绝（{s}）"),
            (Outcome::Refused(s), Lang::En) => format!("refused by the server ({s})"),
            (Outcome::Busy(s), Lang::ZhCn) => format!("服务器暂时无法处理（{s}），稍后自动重试"),
            (Outcome::Busy(s), Lang::En) => format!("the server was busy ({s}); retried later"),
            (Outcome::NoAnswer, Lang::ZhCn) => "未收到回答（网络中断或离线），稍后自动重试".into(),
            (Outcome::NoAnswer, Lang::En) => {
                "no answer (the link dropped or was offline); retried later".into()
            }
        }
    }
}

/// The line a person reads first: "上传附件：成功".
pub fn describe(kind: &str, endpoint: Option<&str>, status: Option<u16>, lang: Lang) -> String {
    let action = Action::of(kind, endpoint);
    let sep = if lang == Lang::ZhCn { "：" } else { ": " };
    match endpoint {
        Some(_) => format!(
            "{}{sep}{}",
            action.words(lang),
            Outcome::of(status).words(lang)
        ),
        None => action.words(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_the_app_makes_has_its_words() {
        let cases = [
            ("PUT /submissions/{id}", Action::Declare),
            (
                "HEAD /submissions/{id}/attachments/{sha256}",
                Action::CheckUpload,
            ),
            (
                "PATCH /submissions/{id}/attachments/{sha256}",
                Action::Upload,
            ),
            ("GET /submissions/{id}", Action::Status),
            ("POST /submissions/{id}/withdraw", Action::Withdraw),
            ("POST /lookup", Action::Lookup),
            ("GET /ping", Action::Ping),
            ("GET /calendar/{year}", Action::Calendar),
            ("DELETE /elsewhere", Action::Request),
        ];
        for (line, want) in cases {
            assert_eq!(Action::of("sync", Some(line)), want, "{line}");
        }
    }

    #[test]
    fn events_without_a_request_read_by_their_kind() {
        assert_eq!(Action::of("error", None), Action::Save);
        assert_eq!(Action::of("panic", None), Action::Crash);
        assert_eq!(Action::of("storage", None), Action::Storage);
        assert_eq!(
            Action::of(kinds::PERSIST_REFUSED, None),
            Action::PersistRefused
        );
        assert_eq!(
            Action::of(kinds::SCANS_RELEASED, None),
            Action::ScansReleased
        );
        assert_eq!(Action::of("calendar", None), Action::CalendarFailed);
        assert_eq!(Action::of("app", None), Action::Update);
        assert_eq!(Action::of("sync", None), Action::Sending);
        assert_eq!(Action::of("something newer", None), Action::Sending);
    }

    #[test]
    fn the_outcome_follows_the_status() {
        assert_eq!(Outcome::of(None), Outcome::NoAnswer);
        assert_eq!(Outcome::of(Some(200)), Outcome::Done);
        assert_eq!(Outcome::of(Some(308)), Outcome::Done);
        assert_eq!(Outcome::of(Some(409)), Outcome::Refused(409));
        assert_eq!(Outcome::of(Some(429)), Outcome::Busy(429));
        assert_eq!(Outcome::of(Some(503)), Outcome::Busy(503));
    }

    #[test]
    fn the_line_reads_in_either_language() {
        let upload = Some("PATCH /submissions/{id}/attachments/{sha256}");
        assert_eq!(
            describe("sync", upload, Some(204), Lang::ZhCn),
            "上传附件：成功"
        );
        assert_eq!(
            describe("sync", upload, Some(204), Lang::En),
            "Uploading a scan: done"
        );
        assert_eq!(
            describe("sync", upload, None, Lang::ZhCn),
            "上传附件：未收到回答（网络中断或离线），稍后自动重试"
        );
        assert_eq!(
            describe("storage", None, None, Lang::En),
            "This device's storage failed"
        );
        // No English word in the Chinese lines.
        for a in [
            Action::Declare,
            Action::Upload,
            Action::Save,
            Action::Sending,
        ] {
            assert!(!a.words(Lang::ZhCn).is_ascii());
        }
    }
}
