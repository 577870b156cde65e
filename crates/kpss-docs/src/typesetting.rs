//! Typst as a library: a world of one template and one JSON data file, with Roboto (the gov.cz
//! typeface, compiled into kpss) and the fonts that ship with typst as fallback, and PDF out.

use std::sync::{Condvar, LazyLock, Mutex, PoisonError};

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

/// The threads typst lays out page runs on. Typst's recursion goes deeper than the 2 MiB
/// of rayon's default threads in the index of a catalogue book of 28 000 services (the
/// process aborted one run in two); only what a thread touches of its stack is allocated.
static POOL: LazyLock<rayon::ThreadPool> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("typst-{i}"))
        .stack_size(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("no threads for typesetting: {e}"))
});

/// One document at a time: typesetting already uses every core, and the catalogue book
/// holds gigabytes while it is laid out, so two at once would only double the memory.
/// A turn outlives the request that took it while typst's caches are cleared ([`Turn`]).
static BUSY: Mutex<bool> = Mutex::new(false);
static FREED: Condvar = Condvar::new();

/// The right to typeset, given back when dropped (on another thread, or by a panic too).
struct Turn;

impl Turn {
    fn take() -> Self {
        let mut busy = BUSY.lock().unwrap_or_else(PoisonError::into_inner);
        while *busy {
            busy = FREED.wait(busy).unwrap_or_else(PoisonError::into_inner);
        }
        *busy = true;
        Self
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        *BUSY.lock().unwrap_or_else(PoisonError::into_inner) = false;
        FREED.notify_one();
    }
}

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

/// Waits until no document is being typeset, nor typst's caches cleared after one.
pub(crate) fn settled() {
    drop(Turn::take());
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
    let turn = Turn::take();
    let pdf = POOL.install(|| {
        typst::compile::<PagedDocument>(&world)
            .output
            .and_then(|document| typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()))
    });
    // Typst keeps every memoised layout in a process-wide cache; a server that printed the
    // catalogue book would hold its gigabytes until it stops. What is asked for again is the
    // finished PDF, which the publications keep themselves. Clearing takes a tenth of a
    // second of a guide: the next document waits for it, not this one's reader.
    let clear = move || {
        typst::comemo::evict(0);
        drop(turn);
    };
    if std::thread::Builder::new()
        .name("typst-evict".to_owned())
        .spawn(clear)
        .is_err()
    {
        // No thread to spare: the turn went with the closure; clear here, late but safe.
        typst::comemo::evict(0);
    }
    pdf.map_err(|errors| Error::Typesetting(messages(&errors)))
}

fn messages(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}
