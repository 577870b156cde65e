//! The document library: a document's description, its versions, and each version's content
//! in chunks, so no single value grows with the file and every node reads the same bytes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    blob, boolean, date, integer, integer_null, pk_auto, string, string_null, text_null,
    timestamp_with_time_zone,
};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Document {
    Table,
    Id,
    TenantId,
    Title,
    Kind,
    IssuedOn,
    Description,
    PlanId,
    GroupCode,
    Public,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DocumentFile {
    Table,
    Id,
    TenantId,
    DocumentId,
    Number,
    Name,
    MediaType,
    Size,
    Note,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DocumentChunk {
    Table,
    Id,
    FileId,
    Seq,
    Body,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Document::Table)
                .col(pk_auto(Document::Id))
                .col(integer(Document::TenantId))
                .col(string(Document::Title))
                .col(string(Document::Kind))
                .col(date(Document::IssuedOn))
                .col(text_null(Document::Description))
                .col(integer_null(Document::PlanId))
                // The working group's code, as accounts name the groups they lead.
                .col(string_null(Document::GroupCode))
                .col(boolean(Document::Public))
                .col(integer(Document::Version))
                .col(timestamp_with_time_zone(Document::CreatedAt))
                .foreign_key(&mut fk(Document::Table, Document::TenantId, "tenant"))
                .foreign_key(&mut fk(Document::Table, Document::PlanId, "plan"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DocumentFile::Table)
                .col(pk_auto(DocumentFile::Id))
                .col(integer(DocumentFile::TenantId))
                .col(integer(DocumentFile::DocumentId))
                // 1, 2, … within the document; the highest is the current version.
                .col(integer(DocumentFile::Number))
                .col(string(DocumentFile::Name))
                .col(string(DocumentFile::MediaType))
                .col(integer(DocumentFile::Size))
                .col(text_null(DocumentFile::Note))
                .col(integer_null(DocumentFile::UploadedBy))
                .col(timestamp_with_time_zone(DocumentFile::CreatedAt))
                .foreign_key(&mut fk(
                    DocumentFile::Table,
                    DocumentFile::TenantId,
                    "tenant",
                ))
                .foreign_key(&mut fk(
                    DocumentFile::Table,
                    DocumentFile::DocumentId,
                    "document",
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DocumentChunk::Table)
                .col(pk_auto(DocumentChunk::Id))
                .col(integer(DocumentChunk::FileId))
                .col(integer(DocumentChunk::Seq))
                .col(blob(DocumentChunk::Body))
                .foreign_key(&mut fk(
                    DocumentChunk::Table,
                    DocumentChunk::FileId,
                    "document_file",
                ))
                .take(),
        )
        .await?;
        for (name, table, columns) in [
            ("document_tenant", "document", &["tenant_id"][..]),
            (
                "document_file_number",
                "document_file",
                &["document_id", "number"][..],
            ),
            (
                "document_chunk_seq",
                "document_chunk",
                &["file_id", "seq"][..],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Alias::new(table));
            for c in columns {
                index.col(Alias::new(*c));
            }
            if name != "document_tenant" {
                index.unique();
            }
            m.create_index(index.take()).await?;
        }
        Ok(())
    }
}
