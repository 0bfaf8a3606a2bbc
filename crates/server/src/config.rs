//! Command-line flags and environment variables.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Parser;

/// E-Port Desk sync server: serves the app and the sync API (protocol v1).
#[derive(Debug, Clone, Parser)]
#[command(name = "eport-server", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "EPORT_ADDR", default_value = "127.0.0.1")]
    pub addr: IpAddr,

    /// Port to listen on (0 picks a free port; the chosen one is printed).
    #[arg(long, env = "EPORT_PORT", default_value_t = 8080)]
    pub port: u16,

    /// Directory for the SQLite database and attachment files (created if missing).
    #[arg(long, env = "EPORT_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Directory of the built app (Trunk's output) served at `/`.
    #[arg(long, env = "EPORT_DIST_DIR", default_value = "./dist")]
    pub dist_dir: PathBuf,

    /// Bearer token for the staff endpoints. Without one they are disabled.
    #[arg(long, env = "EPORT_STAFF_TOKEN", hide_env_values = true)]
    pub staff_token: Option<String>,

    /// New submissions accepted per client address per minute (burst of the same size).
    #[arg(long, env = "EPORT_CREATE_LIMIT", default_value_t = 60)]
    pub create_limit_per_minute: u32,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Staff actions on the database, without the web console.
    Staff {
        #[command(subcommand)]
        action: StaffAction,
    },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum StaffAction {
    /// List submissions, newest first.
    List,
    /// Decide on a submission: in_review, approve, reject (needs --note) or dispatch.
    Review {
        /// Reference number (XM…) or submission id.
        reference: String,
        /// in_review | approve | reject | dispatch
        decision: String,
        /// 审批意见 (required to reject).
        #[arg(long)]
        note: Option<String>,
    },
}
