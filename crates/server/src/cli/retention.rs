//! `eport-server purge [--dry-run] [--reference XM…]`: erase personal data
//! from the command line. The database changes here; the running server (or
//! the next start) deletes the attachment files this leaves unused, within
//! `--purge-interval`.

use anyhow::{bail, Result};
use eport_domain::ids::SubmissionKey;

use crate::cli::config::Config;
use crate::storage::{Erasure, Storage};

pub async fn run(
    store: &Storage,
    config: &Config,
    dry_run: bool,
    reference: Option<String>,
) -> Result<()> {
    if let Some(r) = reference {
        let key = SubmissionKey::parse(&r).map_err(|e| anyhow::anyhow!("{r:?}: {e}"))?;
        let Some(row) = store.run(move |s| s.find(&key)).await? else {
            bail!("no submission {r}");
        };
        if row.archived_at.is_some() {
            println!(
                "{r}: already archived at {}",
                row.archived_at.unwrap_or_default()
            );
            return Ok(());
        }
        if dry_run {
            println!(
                "{r}\t{}\twould be erased now (on request)",
                row.state.as_str()
            );
            return Ok(());
        }
        let id = row.id.clone();
        store
            .run(move |s| {
                s.archive(
                    &id,
                    Erasure::Request,
                    "on the person's request (command line)",
                )
            })
            .await?;
        tracing::info!(submission = %row.id, reference = %r, "erased on request");
        println!("{r}: personal data erased on request; the tombstone stays");
        println!("attachment files are deleted by the server within its --purge-interval (or at its next start)");
        return Ok(());
    }
    let due = crate::jobs::retention::due_in(store, config.limits.retain_finished).await?;
    for f in &due {
        let reference = f.reference.as_deref().unwrap_or("-");
        println!(
            "{reference}\t{}\t{}\t{}",
            f.state.as_str(),
            f.last_change,
            if dry_run { "would be erased" } else { "erased" }
        );
        if !dry_run {
            let id = f.id.clone();
            let detail = format!(
                "{} since {} (command line)",
                f.state.as_str(),
                f.last_change
            );
            store
                .run(move |s| s.archive(&id, Erasure::Retention, &detail))
                .await?;
        }
    }
    if due.is_empty() {
        println!("nothing is past its retention");
    }
    Ok(())
}
