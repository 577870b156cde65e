//! The people of community planning: members (who need not have a login) and their
//! memberships in groups over time. The codes a manager's account named become the account's
//! member with a „manažer“ membership of each group, from the day the account was made; the
//! manager rights are read from those memberships from now on.

use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date, date_null, integer, integer_null, pk_auto, string, string_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Member {
    Table,
    Id,
    TenantId,
    Name,
    Email,
    Phone,
    OrganisationId,
    OrganisationName,
    PublishContact,
    AccountId,
    Version,
}

#[derive(DeriveIden)]
enum Membership {
    Table,
    Id,
    TenantId,
    MemberId,
    WorkGroupId,
    KpRole,
    Function,
    Since,
    Until,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let fk = |from: Member, to: &str| {
            ForeignKey::create()
                .from(Member::Table, from)
                .to(Alias::new(to), Alias::new("id"))
                .take()
        };
        m.create_table(
            Table::create()
                .table(Member::Table)
                .col(pk_auto(Member::Id))
                .col(integer(Member::TenantId))
                .col(string(Member::Name))
                .col(string_null(Member::Email))
                .col(string_null(Member::Phone))
                .col(integer_null(Member::OrganisationId))
                .col(string_null(Member::OrganisationName))
                .col(boolean(Member::PublishContact))
                .col(integer_null(Member::AccountId))
                .col(integer(Member::Version))
                .foreign_key(&mut fk(Member::TenantId, "tenant"))
                .foreign_key(&mut fk(Member::OrganisationId, "organisation"))
                .foreign_key(&mut fk(Member::AccountId, "account"))
                .take(),
        )
        .await?;
        let fk = |from: Membership, to: &str| {
            ForeignKey::create()
                .from(Membership::Table, from)
                .to(Alias::new(to), Alias::new("id"))
                .take()
        };
        m.create_table(
            Table::create()
                .table(Membership::Table)
                .col(pk_auto(Membership::Id))
                .col(integer(Membership::TenantId))
                .col(integer(Membership::MemberId))
                .col(integer(Membership::WorkGroupId))
                .col(string_null(Membership::KpRole))
                .col(string(Membership::Function))
                .col(date(Membership::Since))
                .col(date_null(Membership::Until))
                .foreign_key(&mut fk(Membership::TenantId, "tenant"))
                .foreign_key(&mut fk(Membership::MemberId, "member"))
                .foreign_key(&mut fk(Membership::WorkGroupId, "work_group"))
                .take(),
        )
        .await?;
        // One member per account; many members without one (NULLs are distinct).
        m.create_index(
            Index::create()
                .name("member_account")
                .table(Member::Table)
                .col(Member::AccountId)
                .unique()
                .take(),
        )
        .await?;
        for (name, table, column) in [
            ("member_tenant", "member", "tenant_id"),
            ("member_organisation", "member", "organisation_id"),
            ("membership_member", "membership", "member_id"),
            ("membership_work_group", "membership", "work_group_id"),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Alias::new(table))
                    .col(Alias::new(column))
                    .take(),
            )
            .await?;
        }
        carry_led_codes(m.get_connection()).await
    }
}

/// Makes each account that names the codes it leads a member with a „manažer“ membership of
/// the group of each code (from the day the account was made), then clears the codes.
/// Migration m0019 made a group of every such code.
pub(crate) async fn carry_led_codes<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let accounts = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, tenant_id, name, email, created_at, work_groups FROM account \
             WHERE work_groups IS NOT NULL AND work_groups <> '' ORDER BY id",
        ))
        .await?;
    for row in accounts {
        let account: i32 = row.try_get("", "id")?;
        let tenant: i32 = row.try_get("", "tenant_id")?;
        let name: String = row.try_get("", "name")?;
        let email: String = row.try_get("", "email")?;
        let created: time::OffsetDateTime = row.try_get("", "created_at")?;
        let codes: String = row.try_get("", "work_groups")?;
        let run = |sql: &str, values: Vec<sea_orm::Value>| {
            db.execute_raw(crate::report::statement(backend, sql, values))
        };
        run(
            "INSERT INTO member (tenant_id, name, email, publish_contact, account_id, version) \
             SELECT ?, ?, ?, ?, ?, 1 WHERE NOT EXISTS (SELECT 1 FROM member WHERE account_id = ?)",
            vec![
                tenant.into(),
                name.into(),
                email.into(),
                false.into(),
                account.into(),
                account.into(),
            ],
        )
        .await?;
        for code in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            run(
                "INSERT INTO membership \
                 (tenant_id, member_id, work_group_id, function, since) \
                 SELECT ?, m.id, g.id, 'manazer', ? FROM member m, work_group g \
                 WHERE m.account_id = ? AND g.tenant_id = ? AND g.code = ? \
                   AND NOT EXISTS (SELECT 1 FROM membership x \
                                   WHERE x.member_id = m.id AND x.work_group_id = g.id)",
                vec![
                    tenant.into(),
                    kpss_domain::czech::to_prague(created).date().into(),
                    account.into(),
                    tenant.into(),
                    code.into(),
                ],
            )
            .await?;
        }
    }
    db.execute_unprepared("UPDATE account SET work_groups = NULL")
        .await?;
    Ok(())
}
