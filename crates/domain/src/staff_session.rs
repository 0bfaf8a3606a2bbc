//! Staff accounts on the wire (protocol v1, `/staff/session` and the staff
//! views): who signed in, who decided, who looked at a submission.

use serde::{Deserialize, Serialize};

/// `POST /staff/session`: signing in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    pub login: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 256, format = Password))]
    pub password: String,
}

/// A staff member as the records name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffActor {
    pub login: String,
    /// Display name, e.g. 王审核.
    pub name: String,
}

impl std::fmt::Display for StaffActor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.login)
    }
}

/// The signed-in staff member's session (`POST`/`GET /staff/session`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSession {
    pub who: StaffActor,
    /// When the session ends at the latest, whatever the activity (RFC 3339).
    pub expires_at: String,
    /// A session unused this long ends.
    pub idle_timeout_seconds: u64,
    /// At sign-in: how many sign-ins to this account failed since its last
    /// successful one (shown to the reviewer; 0 otherwise).
    #[serde(default)]
    pub failed_sign_ins: u32,
}

/// What a staff member did with a submission's personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessAction {
    /// Opened the submission (its manifest).
    View,
    /// Read a page of its timeline.
    Timeline,
    /// Downloaded an attachment's bytes.
    Download,
    /// Exported it in the register with its personal data (`target`: the format).
    Export,
    /// Printed its address label (recipient, phone, address).
    Label,
}

/// Work on many submissions at once, in the console's work log (one row a
/// request; the submissions a request changes keep their own timeline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkAction {
    /// Read a period's statistics.
    Statistics,
    /// Exported the register (with or without personal data).
    Register,
    /// Checked or posted a courier's list (批量寄出).
    DispatchBatch,
    /// Printed address labels.
    Labels,
    /// Assigned or released claims in bulk.
    Claims,
}

impl WorkAction {
    pub const ALL: [WorkAction; 5] = [
        WorkAction::Statistics,
        WorkAction::Register,
        WorkAction::DispatchBatch,
        WorkAction::Labels,
        WorkAction::Claims,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkAction::Statistics => "statistics",
            WorkAction::Register => "register",
            WorkAction::DispatchBatch => "dispatch_batch",
            WorkAction::Labels => "labels",
            WorkAction::Claims => "claims",
        }
    }

    pub fn parse(s: &str) -> Option<WorkAction> {
        WorkAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One row of the work log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkEntry {
    pub who: StaffActor,
    pub action: WorkAction,
    /// What it covered, without personal data: `2026-11-01..2026-11-30`,
    /// `xlsx personal 1200 rows`, `posted 27 of 30 lines`.
    pub detail: String,
    pub at: String,
}

impl AccessAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessAction::View => "view",
            AccessAction::Timeline => "timeline",
            AccessAction::Download => "download",
            AccessAction::Export => "export",
            AccessAction::Label => "label",
        }
    }

    pub fn parse(s: &str) -> Option<AccessAction> {
        [
            AccessAction::View,
            AccessAction::Timeline,
            AccessAction::Download,
            AccessAction::Export,
            AccessAction::Label,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One recorded access (the personal-information law asks who saw what, when).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessEntry {
    pub at: String,
    pub who: StaffActor,
    pub action: AccessAction,
    /// The attachment's SHA-256 for a download, else empty.
    pub target: String,
}
