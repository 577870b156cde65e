//! `kpss user …` and `kpss tenant …`: accounts and tenants from the command line, with
//! Czech answers to every wrong argument.

use anyhow::bail;
use clap::Subcommand;
use kpss_domain::account::Role;
use kpss_store::{Store, tenant};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account; prints its one-time password.
    Add {
        #[arg(long)]
        email: String,
        /// admin | manager | member | provider
        #[arg(long)]
        role: String,
        #[arg(long, default_value = "")]
        name: String,
        /// IČO of the organisation a provider editor speaks for.
        #[arg(long)]
        organisation: Option<String>,
        /// Groups a manager leads, by their codes (see /sprava/skupiny): `--groups SEN,ZP`.
        #[arg(long, default_value = "")]
        groups: String,
    },
    /// Give an account a new one-time password (and end its sessions); prints the password.
    Password {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Add a municipality or a region.
    Add {
        /// Short name: lowercase letters, digits and dashes.
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// municipality | region
        #[arg(long, default_value = "municipality")]
        kind: String,
        /// Slug of the region a municipality belongs to.
        #[arg(long)]
        parent: Option<String>,
        /// Host name the tenant is served at, e.g. kp.opava.cz.
        #[arg(long)]
        host: Option<String>,
    },
    /// List the tenants.
    List,
}

/// A one-time password and its hash, hashed off the async runtime.
async fn one_time_password() -> anyhow::Result<(String, String)> {
    let password = kpss_store::account::one_time_password();
    let to_hash = password.clone();
    let hash =
        tokio::task::spawn_blocking(move || kpss_store::account::hash_password(&to_hash)).await?;
    Ok((password, hash))
}

/// Runs a `kpss user` command in `tenant`.
pub async fn user_command(
    store: &Store,
    tenant: &tenant::Tenant,
    command: UserCommand,
) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            email,
            role,
            name,
            organisation,
            groups,
        } => {
            let groups = kpss_domain::account::parse_groups(&groups).map_err(|_| {
                anyhow::anyhow!("--groups: kódy skupin oddělené čárkou, např. SEN,ZP")
            })?;
            let role = Role::parse(&role).map_err(|_| {
                anyhow::anyhow!(
                    "neznámá role „{role}“; použijte admin, manager, member nebo provider"
                )
            })?;
            let email = kpss_domain::account::parse_login_email(&email)
                .map_err(|_| anyhow::anyhow!("„{email}“ není platná e-mailová adresa"))?;
            let mut organisations = Vec::new();
            if let Some(ico) = organisation {
                let ico = kpss_domain::catalogue::Ico::parse(&ico)
                    .map_err(|_| anyhow::anyhow!("„{ico}“ není platné IČO"))?;
                let found = kpss_store::catalogue::organisations(store, tenant.id)
                    .await?
                    .into_iter()
                    .find(|o| o.draft.ico == ico);
                let Some(found) = found else {
                    bail!("organizace s IČO {ico} v katalogu není")
                };
                organisations.push(found.id);
            } else if role == Role::ProviderEditor {
                bail!("poskytovatel potřebuje --organisation IČO");
            }
            let (password, hash) = one_time_password().await?;
            let name = if name.is_empty() { email.clone() } else { name };
            let new = kpss_store::account::NewAccount {
                email: &email,
                name: &name,
                role,
                password_hash: hash,
                organisations: &organisations,
                groups: &groups,
            };
            match kpss_store::account::add(
                store,
                tenant.id,
                &kpss_domain::account::Actor::system(),
                new,
            )
            .await
            {
                Ok(account) => println!(
                    "Účet {} ({}) založen. Jednorázové heslo: {password}",
                    account.email,
                    role.name()
                ),
                Err(kpss_store::Error::Conflict(_)) => bail!("účet {email} už existuje"),
                Err(kpss_store::Error::Invalid(_)) => {
                    bail!(
                        "--groups: taková skupina není založena; kódy skupin najdete na /sprava/skupiny"
                    )
                }
                Err(e) => return Err(e.into()),
            }
        }
        UserCommand::Password { email } => {
            let Some((account, _)) =
                kpss_store::account::find_for_login(store, tenant.id, &email).await?
            else {
                bail!("aktivní účet {email} v tenantovi {} není", tenant.slug)
            };
            let (password, hash) = one_time_password().await?;
            kpss_store::account::set_password(store, tenant.id, account.id, hash, None).await?;
            println!("Účet {}: nové jednorázové heslo {password}", account.email);
        }
    }
    Ok(())
}

/// Runs a `kpss tenant` command.
pub async fn tenant_command(store: &Store, command: TenantCommand) -> anyhow::Result<()> {
    use kpss_domain::tenant::{TenantKind, parse_host, parse_slug};
    match command {
        TenantCommand::Add {
            slug,
            name,
            kind,
            parent,
            host,
        } => {
            let slug = parse_slug(&slug).map_err(|_| anyhow::anyhow!("„{slug}“ není platná zkratka: jen malá písmena bez diakritiky, číslice a pomlčky"))?;
            let kind = TenantKind::parse(&kind).map_err(|_| {
                anyhow::anyhow!("neznámý druh „{kind}“; použijte municipality nebo region")
            })?;
            let host = host
                .map(|h| {
                    parse_host(&h).map_err(|_| anyhow::anyhow!("„{h}“ není platné doménové jméno"))
                })
                .transpose()?;
            let parent = match parent {
                Some(p) => {
                    let found = tenant::by_slug(store, &p)
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("kraj „{p}“ neexistuje"))?;
                    if found.kind != TenantKind::Region.code() {
                        bail!("„{p}“ není kraj");
                    }
                    Some(found.id)
                }
                None => None,
            };
            let name = kpss_domain::field::required_text(&name, 200)
                .map_err(|_| anyhow::anyhow!("název musí mít 1 až 200 znaků"))?;
            let new = tenant::NewTenant {
                slug: &slug,
                name: &name,
                kind,
                parent,
                host: host.as_deref(),
            };
            match tenant::add(store, new).await {
                Ok(t) => println!("Tenant {} ({}) založen.", t.slug, t.name),
                Err(kpss_store::Error::Conflict(_)) => {
                    bail!("zkratka nebo doména už patří jinému tenantovi")
                }
                Err(e) => return Err(e.into()),
            }
        }
        TenantCommand::List => {
            for t in tenant::all(store).await? {
                println!(
                    "{:<20} {:<13} {:<30} {}",
                    t.slug,
                    t.kind,
                    t.host.unwrap_or_default(),
                    t.name
                );
            }
        }
    }
    Ok(())
}
