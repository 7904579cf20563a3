//! The host side of core's [`Session`]: one request answered, its attached `Blob` pumped in.
//!
//! The Web Worker and the in-page fallback both answer every request through [`serve`]; they
//! differ only in their [`Pace`]: a worker reads 4 MiB slices with `FileReaderSync` and never
//! yields (the page is not waiting on it), the page reads 1 MiB slices through promises and
//! yields to the event loop after each so it can paint and take a Cancel click.

use std::cell::RefCell;
use std::ops::ControlFlow;

use segmint_core::Error;
use segmint_core::protocol::{Failure, Progress, Request, Response, Session, Start};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, FileReaderSync};

use crate::describe_js;
use crate::gunzip::{self, Gunzip};

/// At most one analysis progress report per this many milliseconds (a new step is always
/// reported).
const PROGRESS_EVERY_MS: f64 = 100.0;

/// Where [`serve`] runs, which sets how it reads and whether it yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// Inside a dedicated Web Worker.
    Worker,
    /// On the page's main thread.
    Page,
}

impl Pace {
    /// Bytes read from the file per slice.
    pub const fn slice_bytes(self) -> u64 {
        match self {
            Pace::Worker => 4 << 20,
            Pace::Page => 1 << 20,
        }
    }

    /// Let the page paint and handle input (nothing to do in a worker).
    async fn breathe(self) {
        if self == Pace::Page {
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    }
}

/// Answer `request` (with its attached `file`) on `session`. `max_unpacked` caps a gzip
/// file's decompressed size; `progress` hears how far the request is; `wanted` is asked
/// between slices and during long analyses, and `false` cancels the request (its answer is
/// then a "cancelled" failure).
///
/// The session is borrowed only for each synchronous step, never across an `await`: the
/// host may forget it between slices.
pub async fn serve(
    session: &RefCell<Session>,
    request: Request,
    file: Option<Blob>,
    pace: Pace,
    max_unpacked: u64,
    progress: &mut dyn FnMut(Progress),
    wanted: &dyn Fn() -> bool,
) -> Response {
    let file_name = request.file_name().unwrap_or("(no file)").to_owned();
    let size = file.as_ref().map(|f| f.size() as u64);
    // Analyses run in one synchronous step: let the page show "Computing…" first.
    if file.is_none() {
        pace.breathe().await;
    }
    let mut throttle = Throttle::default();
    let mut report = |p: Progress| {
        if throttle.due(p) {
            progress(p);
        }
        if wanted() {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    };
    let start = session.borrow_mut().start(request, size, &mut report);
    let file = match (start, file) {
        (Start::Answer(answer), _) => return answer,
        (Start::ReadFile, Some(file)) => file,
        (Start::ReadFile, None) => return session.borrow_mut().cancel(),
    };
    let mut push = |chunk: &[u8], read: u64| session.borrow_mut().push(chunk, read, &mut report);
    let pumped = if gunzip::is_gzip(&file_name, &file).await {
        pump_gzip(&file, pace, max_unpacked, &mut push, wanted).await
    } else {
        pump_slices(&file, pace, &mut push, wanted).await
    };
    match pumped {
        Pumped::Read => session.borrow_mut().finish(&mut report),
        Pumped::Answered(answer) => answer,
        Pumped::Stopped => session.borrow_mut().cancel(),
        Pumped::Failed(error) => {
            // The partial read is dropped; the answer is why it stopped.
            let _ = session.borrow_mut().cancel();
            Response::Failed(Failure::new(&file_name, error))
        }
    }
}

/// How a pump ended.
#[allow(clippy::large_enum_variant)] // one per file, moved once
enum Pumped {
    /// Every byte went in.
    Read,
    /// The session answered early (bad bytes, cancelled from progress).
    Answered(Response),
    /// `wanted` said stop.
    Stopped,
    /// The browser could not read the file.
    Failed(Error),
}

type Push<'a> = dyn FnMut(&[u8], u64) -> ControlFlow<Response> + 'a;

/// Push `blob` in slices.
async fn pump_slices(
    blob: &Blob,
    pace: Pace,
    push: &mut Push<'_>,
    wanted: &dyn Fn() -> bool,
) -> Pumped {
    // Synchronous reads exist only in workers: no promise round trip per slice there.
    let sync = match pace {
        Pace::Worker => FileReaderSync::new().ok(),
        Pace::Page => None,
    };
    let total = blob.size() as u64;
    let mut done = 0u64;
    while done < total {
        let end = (done + pace.slice_bytes()).min(total);
        let bytes = match read_slice(blob, done, end, sync.as_ref()).await {
            Ok(bytes) => bytes,
            Err(error) => return Pumped::Failed(error),
        };
        done = end;
        if let ControlFlow::Break(answer) = push(&bytes, done) {
            return Pumped::Answered(answer);
        }
        pace.breathe().await;
        if !wanted() {
            return Pumped::Stopped;
        }
    }
    Pumped::Read
}

/// Push the decompressed bytes of the gzip `blob`; progress counts compressed bytes.
async fn pump_gzip(
    blob: &Blob,
    pace: Pace,
    max_unpacked: u64,
    push: &mut Push<'_>,
    wanted: &dyn Fn() -> bool,
) -> Pumped {
    let mut gunzip = match Gunzip::new(blob, max_unpacked) {
        Ok(gunzip) => gunzip,
        Err(error) => return Pumped::Failed(error),
    };
    let mut since_breath = 0u64;
    loop {
        let chunk = match gunzip.next_chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => return Pumped::Read,
            Err(error) => return Pumped::Failed(error),
        };
        if let ControlFlow::Break(answer) = push(&chunk, gunzip.compressed_done()) {
            return Pumped::Answered(answer);
        }
        // Decompressed chunks arrive as microtasks: breathe about once per slice of text.
        since_breath += chunk.len() as u64;
        if since_breath >= pace.slice_bytes() {
            since_breath = 0;
            pace.breathe().await;
            if !wanted() {
                return Pumped::Stopped;
            }
        }
    }
}

/// Bytes `from..to` of `blob`, with `sync` in a worker, through a promise otherwise.
async fn read_slice(
    blob: &Blob,
    from: u64,
    to: u64,
    sync: Option<&FileReaderSync>,
) -> Result<Vec<u8>, Error> {
    let slice = blob
        .slice_with_f64_and_f64(from as f64, to as f64)
        .map_err(|e| Error::io(format!("cannot slice the file: {}", describe_js(&e))))?;
    let buffer = match sync {
        Some(reader) => reader.read_as_array_buffer(&slice).map(Into::into),
        None => JsFuture::from(slice.array_buffer()).await,
    }
    .map_err(|e| Error::io(format!("cannot read the file: {}", describe_js(&e))))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Passes every new step, and the same step again at most every [`PROGRESS_EVERY_MS`].
#[derive(Default)]
struct Throttle {
    last: Option<(u64, f64)>,
}

impl Throttle {
    fn due(&mut self, p: Progress) -> bool {
        let now = js_sys::Date::now();
        let due = match self.last {
            Some((step, at)) => step != p.done || now - at >= PROGRESS_EVERY_MS,
            None => true,
        };
        if due {
            self.last = Some((p.done, now));
        }
        due
    }
}
