//! Typst as a library: a world of one template and one JSON data file, with Roboto (the gov.cz
//! typeface, compiled into kpss) and the fonts that ship with typst as fallback, and PDF out.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::Error;

/// The fonts, parsed once per process.
/// Roboto in the four styles the documents use.
const ROBOTO: [&[u8]; 4] = [
    include_bytes!("../fonts/Roboto-Regular.ttf"),
    include_bytes!("../fonts/Roboto-Bold.ttf"),
    include_bytes!("../fonts/Roboto-Italic.ttf"),
    include_bytes!("../fonts/Roboto-BoldItalic.ttf"),
];

static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = ROBOTO
        .into_iter()
        .chain(typst_assets::fonts())
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("a path kpss made"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

struct OneDocument {
    main: Source,
    data_id: FileId,
    data: Bytes,
    /// Further files the template reads by path (the QR codes of a publication).
    files: std::collections::HashMap<FileId, Bytes>,
}

impl World for OneDocument {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            self.files.get(&id).cloned().ok_or(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Reports print no "today": the same data gives the same document.
        None
    }
}

/// Typesets `template`, which reads its data with `json("data.json")`, into a PDF.
pub(crate) fn pdf(template: &str, data: Vec<u8>) -> Result<Vec<u8>, Error> {
    pdf_with_files(template, data, Vec::new())
}

/// [`pdf`] with further files (path, content) the template may read, such as images.
pub(crate) fn pdf_with_files(
    template: &str,
    data: Vec<u8>,
    files: Vec<(String, Vec<u8>)>,
) -> Result<Vec<u8>, Error> {
    let world = OneDocument {
        main: Source::new(file_id("main.typ"), template.to_owned()),
        data_id: file_id("data.json"),
        data: Bytes::new(data),
        files: files
            .into_iter()
            .map(|(path, content)| (file_id(&path), Bytes::new(content)))
            .collect(),
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| Error::Typesetting(messages(&errors)))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|errors| Error::Typesetting(messages(&errors)))
}

fn messages(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}
