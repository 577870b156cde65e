//! The document library: documents with their description, their versions, and each
//! version's content in chunks of [`CHUNK`] bytes, read back one chunk at a time.

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::document::{self as rules, DocumentDraft, DocumentKind};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use time::OffsetDateTime;

use crate::entity::{account, document, document_chunk, document_file};
use crate::{Error, Result, Store};

/// The size of one stored piece of a file.
pub const CHUNK: usize = 1024 * 1024;

/// The most versions one document keeps.
pub const MAX_VERSIONS: i32 = 50;

/// A document of the library with its current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: i32,
    pub draft: DocumentDraft,
    pub version: i32,
    /// The newest version; every document has one from its creation on.
    pub current: FileInfo,
}

/// One version of a document, without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    pub id: i32,
    /// 1, 2, … within the document.
    pub number: i32,
    pub name: String,
    pub media_type: String,
    pub size: usize,
    pub note: Option<String>,
    /// The name of the account that uploaded it, if it still exists.
    pub uploaded_by: Option<String>,
    pub created_at: OffsetDateTime,
}

/// A checked upload: the name to keep, the media type to serve it with, its bytes and a note.
#[derive(Debug, Clone)]
pub struct NewFile<'a> {
    pub name: String,
    pub media_type: &'a str,
    pub body: &'a [u8],
    pub note: Option<String>,
}

fn draft_of(m: &document::Model) -> Result<DocumentDraft> {
    Ok(DocumentDraft {
        title: m.title.clone(),
        kind: crate::decode("document kind", &m.kind, |c| DocumentKind::parse(c).ok())?,
        issued_on: m.issued_on,
        description: m.description.clone(),
        plan: m.plan_id,
        group: m.group_code.clone(),
        public: m.public,
    })
}

async fn files<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    documents: Option<i32>,
) -> Result<Vec<(i32, FileInfo)>> {
    let mut query = document_file::Entity::find()
        .filter(document_file::Column::TenantId.eq(tenant))
        .order_by_asc(document_file::Column::DocumentId)
        .order_by_desc(document_file::Column::Number);
    if let Some(d) = documents {
        query = query.filter(document_file::Column::DocumentId.eq(d));
    }
    let rows = query.all(c).await?;
    let uploaders: Vec<i32> = rows.iter().filter_map(|r| r.uploaded_by).collect();
    let names: Vec<(i32, String)> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .column(account::Column::Name)
        .filter(account::Column::Id.is_in(uploaders))
        .into_tuple()
        .all(c)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let uploaded_by = r
                .uploaded_by
                .and_then(|a| names.iter().find(|(id, _)| *id == a))
                .map(|(_, n)| n.clone());
            (
                r.document_id,
                FileInfo {
                    id: r.id,
                    number: r.number,
                    name: r.name,
                    media_type: r.media_type,
                    size: usize::try_from(r.size).unwrap_or_default(),
                    note: r.note,
                    uploaded_by,
                    created_at: r.created_at,
                },
            )
        })
        .collect())
}

fn assemble(m: &document::Model, files: &[(i32, FileInfo)]) -> Result<Document> {
    let current = files
        .iter()
        .find(|(d, _)| *d == m.id)
        .map(|(_, f)| f.clone())
        .ok_or(Error::NotFound)?;
    Ok(Document {
        id: m.id,
        draft: draft_of(m)?,
        version: m.version,
        current,
    })
}

/// Every document of the tenant, newest first.
pub async fn documents(store: &Store, tenant: i32) -> Result<Vec<Document>> {
    let models = document::Entity::find()
        .filter(document::Column::TenantId.eq(tenant))
        .order_by_desc(document::Column::IssuedOn)
        .order_by_desc(document::Column::Id)
        .all(store.db())
        .await?;
    let files = files(store.db(), tenant, None).await?;
    models.iter().map(|m| assemble(m, &files)).collect()
}

/// One document with all its versions, newest first.
pub async fn document(store: &Store, tenant: i32, id: i32) -> Result<(Document, Vec<FileInfo>)> {
    find(store.db(), tenant, id).await
}

/// [`document`] on a connection or inside the caller's transaction.
pub(crate) async fn find<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    id: i32,
) -> Result<(Document, Vec<FileInfo>)> {
    let model = document::Entity::find_by_id(id)
        .filter(document::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    let files = files(c, tenant, Some(id)).await?;
    let doc = assemble(&model, &files)?;
    Ok((doc, files.into_iter().map(|(_, f)| f).collect()))
}

/// Writes a version's content in chunks.
async fn store_file<C: ConnectionTrait>(
    c: &C,
    (tenant, document_id, number): (i32, i32, i32),
    actor: &Actor,
    file: &NewFile<'_>,
) -> Result<()> {
    let created = document_file::Entity::insert(document_file::ActiveModel {
        tenant_id: Set(tenant),
        document_id: Set(document_id),
        number: Set(number),
        name: Set(file.name.clone()),
        media_type: Set(file.media_type.to_owned()),
        size: Set(i32::try_from(file.body.len()).unwrap_or(i32::MAX)),
        note: Set(file.note.clone()),
        uploaded_by: Set(actor.account_id),
        created_at: Set(crate::now()),
        ..Default::default()
    })
    .exec_with_returning(c)
    .await?;
    for (seq, piece) in file.body.chunks(CHUNK).enumerate() {
        document_chunk::Entity::insert(document_chunk::ActiveModel {
            file_id: Set(created.id),
            seq: Set(i32::try_from(seq).unwrap_or(i32::MAX)),
            body: Set(piece.to_vec()),
            ..Default::default()
        })
        .exec_without_returning(c)
        .await?;
    }
    Ok(())
}

fn columns(draft: &DocumentDraft) -> document::ActiveModel {
    document::ActiveModel {
        title: Set(draft.title.clone()),
        kind: Set(draft.kind.code().to_owned()),
        issued_on: Set(draft.issued_on),
        description: Set(draft.description.clone()),
        plan_id: Set(draft.plan),
        group_code: Set(draft.group.clone()),
        public: Set(draft.public),
        ..Default::default()
    }
}

/// A plan of the tenant, or a refusal of the field.
async fn check_plan<C: ConnectionTrait>(c: &C, tenant: i32, plan: Option<i32>) -> Result<()> {
    if let Some(p) = plan {
        crate::entity::plan::Entity::find_by_id(p)
            .filter(crate::entity::plan::Column::TenantId.eq(tenant))
            .one(c)
            .await?
            .ok_or_else(|| Error::field("plan", FieldError::UnknownValue))?;
    }
    Ok(())
}

/// Adds a document with its first version, both or nothing.
pub async fn create(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    draft: &DocumentDraft,
    file: &NewFile<'_>,
) -> Result<i32> {
    if !rules::may_manage(actor, draft.group.as_deref()) {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    check_plan(&txn, tenant, draft.plan).await?;
    let mut new = columns(draft);
    new.tenant_id = Set(tenant);
    new.version = Set(1);
    new.created_at = Set(crate::now());
    let created = document::Entity::insert(new)
        .exec_with_returning(&txn)
        .await?;
    store_file(&txn, (tenant, created.id, 1), actor, file).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("document", created.id),
        "create",
        None::<&()>,
        Some(&(draft, &file.name, file.body.len())),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Rewrites the description of a document read at `version`; a manager may neither change
/// another group's document nor hand one to another group.
pub async fn update(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    draft: &DocumentDraft,
) -> Result<()> {
    let txn = store.write().await?;
    let (before, _) = find(&txn, tenant, key.0).await?;
    if !rules::may_manage(actor, before.draft.group.as_deref())
        || !rules::may_manage(actor, draft.group.as_deref())
    {
        return Err(Error::Forbidden);
    }
    check_plan(&txn, tenant, draft.plan).await?;
    crate::versioned::bump(&txn, key, columns(draft)).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("document", key.0),
        "update",
        Some(&before.draft),
        Some(draft),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a new version of a document; gives its number.
pub async fn add_version(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    id: i32,
    file: &NewFile<'_>,
) -> Result<i32> {
    let txn = store.write().await?;
    let (found, _) = find(&txn, tenant, id).await?;
    if !rules::may_manage(actor, found.draft.group.as_deref()) {
        return Err(Error::Forbidden);
    }
    let number = found.current.number + 1;
    if number > MAX_VERSIONS {
        return Err(Error::field(
            "file",
            FieldError::OutOfRange {
                min: 1,
                max: i64::from(MAX_VERSIONS),
            },
        ));
    }
    // Two uploads at once: the unique number lets one of them fail as a conflict.
    store_file(&txn, (tenant, id, number), actor, file).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("document", id),
        "add_version",
        None::<&()>,
        Some(&(number, &file.name, file.body.len())),
    )
    .await?;
    txn.commit().await?;
    Ok(number)
}

/// Removes a document with all its versions.
pub async fn remove(store: &Store, tenant: i32, actor: &Actor, id: i32) -> Result<()> {
    let txn = store.write().await?;
    let (found, versions) = find(&txn, tenant, id).await?;
    if !rules::may_manage(actor, found.draft.group.as_deref()) {
        return Err(Error::Forbidden);
    }
    let consulted = crate::entity::consultation::Entity::find()
        .filter(crate::entity::consultation::Column::DocumentId.eq(id))
        .one(&txn)
        .await?;
    if consulted.is_some() {
        return Err(Error::field("document", FieldError::Consulted));
    }
    let file_ids: Vec<i32> = versions.iter().map(|f| f.id).collect();
    document_chunk::Entity::delete_many()
        .filter(document_chunk::Column::FileId.is_in(file_ids))
        .exec(&txn)
        .await?;
    document_file::Entity::delete_many()
        .filter(document_file::Column::DocumentId.eq(id))
        .exec(&txn)
        .await?;
    document::Entity::delete_by_id(id).exec(&txn).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("document", id),
        "remove",
        Some(&(&found.draft, versions.len())),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The piece `seq` of a version's content; `None` past its end.
pub async fn chunk(store: &Store, file: i32, seq: i32) -> Result<Option<Vec<u8>>> {
    let body: Option<Vec<u8>> = document_chunk::Entity::find()
        .select_only()
        .column(document_chunk::Column::Body)
        .filter(document_chunk::Column::FileId.eq(file))
        .filter(document_chunk::Column::Seq.eq(seq))
        .into_tuple()
        .one(store.db())
        .await?;
    Ok(body)
}
