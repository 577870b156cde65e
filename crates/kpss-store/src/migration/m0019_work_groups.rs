//! Working groups become the tenant's records instead of a plan part's code: each code used by
//! a plan part or named in a manager's account becomes a working group (named as its part in
//! the newest plan), and every plan part is assigned to the group of its code.

use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date_null, integer, integer_null, pk_auto, string, text, text_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WorkGroup {
    Table,
    Id,
    TenantId,
    Kind,
    Code,
    Name,
    Description,
    TargetGroups,
    ParentId,
    Founded,
    Dissolved,
    Version,
}

#[derive(DeriveIden)]
enum PlanPart {
    Table,
    WorkGroupId,
}

#[derive(DeriveIden)]
enum Tenant {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(WorkGroup::Table)
                .col(pk_auto(WorkGroup::Id))
                .col(integer(WorkGroup::TenantId))
                .col(string(WorkGroup::Kind))
                .col(string(WorkGroup::Code))
                .col(string(WorkGroup::Name))
                .col(text_null(WorkGroup::Description))
                .col(text(WorkGroup::TargetGroups))
                .col(integer_null(WorkGroup::ParentId))
                .col(date_null(WorkGroup::Founded))
                .col(date_null(WorkGroup::Dissolved))
                .col(integer(WorkGroup::Version))
                .foreign_key(
                    ForeignKey::create()
                        .from(WorkGroup::Table, WorkGroup::TenantId)
                        .to(Tenant::Table, Tenant::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(WorkGroup::Table, WorkGroup::ParentId)
                        .to(WorkGroup::Table, WorkGroup::Id),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("work_group_code")
                .table(WorkGroup::Table)
                .col(WorkGroup::TenantId)
                .col(WorkGroup::Code)
                .unique()
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(PlanPart::Table)
                .add_column(ColumnDef::new(PlanPart::WorkGroupId).integer().null())
                .take(),
        )
        .await?;
        for (name, table, column) in [
            ("plan_part_work_group", "plan_part", "work_group_id"),
            ("work_group_parent", "work_group", "parent_id"),
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
        link_codes(m.get_connection()).await
    }
}

/// Makes a working group of every part code and every code a manager leads that has none, and
/// assigns the parts without a group to the group of their code.
pub(crate) async fn link_codes<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    // Named as the part of that code in the tenant's newest plan.
    db.execute_unprepared(
        "INSERT INTO work_group (tenant_id, kind, code, name, target_groups, version) \
         SELECT p.tenant_id, 'pracovni', p.code, p.name, COALESCE(p.target_group, ''), 1 \
         FROM plan_part p \
         WHERE p.id = (SELECT MAX(q.id) FROM plan_part q \
                       WHERE q.tenant_id = p.tenant_id AND q.code = p.code) \
           AND NOT EXISTS (SELECT 1 FROM work_group g \
                           WHERE g.tenant_id = p.tenant_id AND g.code = p.code)",
    )
    .await?;
    // A code a manager leads that no part uses (yet) is a group too: no right is lost.
    let backend = db.get_database_backend();
    let accounts = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT tenant_id, work_groups FROM account WHERE work_groups IS NOT NULL",
        ))
        .await?;
    for row in accounts {
        let tenant: i32 = row.try_get("", "tenant_id")?;
        let codes: String = row.try_get("", "work_groups")?;
        for code in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            db.execute_raw(crate::report::statement(
                backend,
                "INSERT INTO work_group (tenant_id, kind, code, name, target_groups, version) \
                 SELECT ?, 'pracovni', ?, ?, '', 1 \
                 WHERE NOT EXISTS (SELECT 1 FROM work_group WHERE tenant_id = ? AND code = ?)",
                vec![
                    tenant.into(),
                    code.into(),
                    code.into(),
                    tenant.into(),
                    code.into(),
                ],
            ))
            .await?;
        }
    }
    db.execute_unprepared(
        "UPDATE plan_part SET work_group_id = (SELECT g.id FROM work_group g \
         WHERE g.tenant_id = plan_part.tenant_id AND g.code = plan_part.code) \
         WHERE work_group_id IS NULL",
    )
    .await?;
    Ok(())
}
