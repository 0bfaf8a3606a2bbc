//! `eport-server account …`: staff accounts. A password is generated here and
//! printed once; only its Argon2id hash is stored. No secret is ever read
//! from the command line (it would show in `ps`).

use anyhow::{bail, Result};

use crate::cli::config::AccountAction;
use crate::staff_auth::password;
use crate::storage::staff::{display_name, Login};
use crate::storage::Storage;

fn login(s: &str) -> Result<Login> {
    Login::parse(s).map_err(|e| anyhow::anyhow!("{s:?}: {e}"))
}

pub async fn run(store: &Storage, action: AccountAction) -> Result<()> {
    match action {
        AccountAction::Add { login: l, name } => {
            let l = login(&l)?;
            let name = display_name(&name).map_err(|e| anyhow::anyhow!("--name: {e}"))?;
            let pw = password::generate();
            let hash = password::hash(&pw)?;
            let (l2, n2) = (l.clone(), name.clone());
            if !store.run(move |s| s.add_account(&l2, &n2, &hash)).await? {
                bail!(
                    "an account {} exists already (use `account reset`)",
                    l.as_str()
                );
            }
            tracing::info!(login = l.as_str(), "staff account created");
            println!("account {} ({name}) created", l.as_str());
            println!("password: {pw}");
            println!("(shown once; give it to {name} and keep no copy)");
        }
        AccountAction::List => {
            for a in store.run(|s| s.accounts()).await? {
                let state = if a.disabled { "disabled" } else { "active" };
                println!("{}\t{}\t{state}\t{}", a.who.login, a.who.name, a.created_at);
            }
        }
        AccountAction::Disable { login: ref l } | AccountAction::Enable { login: ref l } => {
            let disable = matches!(action, AccountAction::Disable { .. });
            let l = login(l)?;
            let l2 = l.clone();
            if !store.run(move |s| s.set_disabled(&l2, disable)).await? {
                bail!("no account {}", l.as_str());
            }
            let word = if disable {
                "disabled; its sessions ended"
            } else {
                "enabled"
            };
            tracing::info!(login = l.as_str(), disable, "staff account changed");
            println!("account {} {word}", l.as_str());
        }
        AccountAction::Reset { login: l } => {
            let l = login(&l)?;
            let pw = password::generate();
            let hash = password::hash(&pw)?;
            let l2 = l.clone();
            if !store.run(move |s| s.set_password(&l2, &hash)).await? {
                bail!("no account {}", l.as_str());
            }
            tracing::info!(login = l.as_str(), "staff password reset");
            println!("account {}: new password, its sessions ended", l.as_str());
            println!("password: {pw}");
        }
    }
    Ok(())
}
