//! Tenants, accounts, sessions, the audit log and the catalogue.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date_null, integer, integer_null, pk_auto, string, string_null, text, text_null,
    timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenant {
    Table,
    Id,
    Slug,
    Name,
    Kind,
    ParentId,
    Host,
    CreatedAt,
}
#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    TenantId,
    Email,
    Name,
    Role,
    PasswordHash,
    Active,
    Version,
    CreatedAt,
}
#[derive(DeriveIden)]
enum AccountOrganisation {
    Table,
    AccountId,
    OrganisationId,
    TenantId,
}
#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    Data,
    ExpiresAt,
}
#[derive(DeriveIden)]
enum LoginFailure {
    Table,
    Id,
    Key,
    At,
}
#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    TenantId,
    AccountId,
    At,
    Entity,
    EntityId,
    Action,
    Before,
    After,
}
#[derive(DeriveIden)]
enum CodeList {
    Table,
    Id,
    TenantId,
    List,
    Code,
    Name,
    Position,
}
#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    TenantId,
    Ico,
    Name,
    LegalForm,
    Address,
    Web,
    Email,
    Phone,
    Description,
    Version,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)] // Column names of the `service` table.
enum Service {
    Table,
    Id,
    TenantId,
    OrganisationId,
    Kind,
    Name,
    ServiceType,
    RegisterId,
    Description,
    Forms,
    TargetGroups,
    AgeFrom,
    AgeTo,
    Capacity,
    CapacityUnit,
    Fees,
    OpeningHours,
    Email,
    Phone,
    Web,
    ActiveFrom,
    ActiveTo,
    Locations,
    Version,
    CreatedAt,
    UpdatedAt,
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Tenant::Table)
                .col(pk_auto(Tenant::Id))
                .col(string(Tenant::Slug).unique_key())
                .col(string(Tenant::Name))
                .col(string(Tenant::Kind))
                .col(integer_null(Tenant::ParentId))
                .col(string_null(Tenant::Host).unique_key())
                .col(timestamp_with_time_zone(Tenant::CreatedAt))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Account::Table)
                .col(pk_auto(Account::Id))
                .col(integer(Account::TenantId))
                .col(string(Account::Email))
                .col(string(Account::Name))
                .col(string(Account::Role))
                .col(text(Account::PasswordHash))
                .col(boolean(Account::Active))
                .col(integer(Account::Version))
                .col(timestamp_with_time_zone(Account::CreatedAt))
                .foreign_key(&mut fk(
                    (Account::Table, Account::TenantId),
                    (Tenant::Table, Tenant::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("account_email")
                .table(Account::Table)
                .col(Account::TenantId)
                .col(Account::Email)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Session::Table)
                .col(string(Session::Id).primary_key())
                .col(text(Session::Data))
                .col(timestamp_with_time_zone(Session::ExpiresAt))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LoginFailure::Table)
                .col(pk_auto(LoginFailure::Id))
                .col(string(LoginFailure::Key))
                .col(timestamp_with_time_zone(LoginFailure::At))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("login_failure_key")
                .table(LoginFailure::Table)
                .col(LoginFailure::Key)
                .col(LoginFailure::At)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_auto(AuditLog::Id))
                .col(integer(AuditLog::TenantId))
                .col(integer_null(AuditLog::AccountId))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(string(AuditLog::Entity))
                .col(integer(AuditLog::EntityId))
                .col(string(AuditLog::Action))
                .col(text_null(AuditLog::Before))
                .col(text_null(AuditLog::After))
                .foreign_key(&mut fk(
                    (AuditLog::Table, AuditLog::TenantId),
                    (Tenant::Table, Tenant::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("audit_log_entity")
                .table(AuditLog::Table)
                .col(AuditLog::TenantId)
                .col(AuditLog::Entity)
                .col(AuditLog::EntityId)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CodeList::Table)
                .col(pk_auto(CodeList::Id))
                .col(integer(CodeList::TenantId))
                .col(string(CodeList::List))
                .col(string(CodeList::Code))
                .col(string(CodeList::Name))
                .col(integer(CodeList::Position))
                .foreign_key(&mut fk(
                    (CodeList::Table, CodeList::TenantId),
                    (Tenant::Table, Tenant::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("code_list_code")
                .table(CodeList::Table)
                .col(CodeList::TenantId)
                .col(CodeList::List)
                .col(CodeList::Code)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Organisation::Table)
                .col(pk_auto(Organisation::Id))
                .col(integer(Organisation::TenantId))
                .col(string(Organisation::Ico))
                .col(string(Organisation::Name))
                .col(string_null(Organisation::LegalForm))
                .col(text_null(Organisation::Address))
                .col(text_null(Organisation::Web))
                .col(string_null(Organisation::Email))
                .col(string_null(Organisation::Phone))
                .col(text_null(Organisation::Description))
                .col(integer(Organisation::Version))
                .col(timestamp_with_time_zone(Organisation::CreatedAt))
                .col(timestamp_with_time_zone(Organisation::UpdatedAt))
                .foreign_key(&mut fk(
                    (Organisation::Table, Organisation::TenantId),
                    (Tenant::Table, Tenant::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("organisation_ico")
                .table(Organisation::Table)
                .col(Organisation::TenantId)
                .col(Organisation::Ico)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Service::Table)
                .col(pk_auto(Service::Id))
                .col(integer(Service::TenantId))
                .col(integer(Service::OrganisationId))
                .col(string(Service::Kind))
                .col(string(Service::Name))
                .col(string_null(Service::ServiceType))
                .col(string_null(Service::RegisterId))
                .col(text_null(Service::Description))
                .col(string(Service::Forms))
                .col(text(Service::TargetGroups))
                .col(integer_null(Service::AgeFrom))
                .col(integer_null(Service::AgeTo))
                .col(integer_null(Service::Capacity))
                .col(string_null(Service::CapacityUnit))
                .col(text_null(Service::Fees))
                .col(text_null(Service::OpeningHours))
                .col(string_null(Service::Email))
                .col(string_null(Service::Phone))
                .col(text_null(Service::Web))
                .col(date_null(Service::ActiveFrom))
                .col(date_null(Service::ActiveTo))
                .col(text(Service::Locations))
                .col(integer(Service::Version))
                .col(timestamp_with_time_zone(Service::CreatedAt))
                .col(timestamp_with_time_zone(Service::UpdatedAt))
                .foreign_key(&mut fk(
                    (Service::Table, Service::TenantId),
                    (Tenant::Table, Tenant::Id),
                ))
                .foreign_key(&mut fk(
                    (Service::Table, Service::OrganisationId),
                    (Organisation::Table, Organisation::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("service_organisation")
                .table(Service::Table)
                .col(Service::TenantId)
                .col(Service::OrganisationId)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AccountOrganisation::Table)
                .col(integer(AccountOrganisation::AccountId))
                .col(integer(AccountOrganisation::OrganisationId))
                .col(integer(AccountOrganisation::TenantId))
                .primary_key(
                    Index::create()
                        .col(AccountOrganisation::AccountId)
                        .col(AccountOrganisation::OrganisationId),
                )
                .foreign_key(&mut fk(
                    (AccountOrganisation::Table, AccountOrganisation::AccountId),
                    (Account::Table, Account::Id),
                ))
                .foreign_key(&mut fk(
                    (
                        AccountOrganisation::Table,
                        AccountOrganisation::OrganisationId,
                    ),
                    (Organisation::Table, Organisation::Id),
                ))
                .take(),
        )
        .await?;
        Ok(())
    }
}
