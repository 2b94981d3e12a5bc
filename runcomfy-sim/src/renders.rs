//! Output files, rendered once per set of parameters when a job completes, on tokio's
//! blocking pool, and then served as bytes.
//!
//! Rendering a video takes a while (every frame is encoded); doing it inside the GET made a
//! download wait for the encoder with no byte sent. Now the queue reports each completed
//! job, its files are rendered right away off the async runtime, and a GET either finds the
//! bytes or waits for the one render already running. Rendered files are kept up to a byte
//! budget, oldest evicted first; an evicted file is rendered again on demand (renders are
//! deterministic). Files are keyed by what they are (the item and its seed), not by job:
//! equal requests with a seed share one render.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use tokio::sync::OnceCell;

use crate::lock;
use crate::outputs::{self, Item};

/// One file: what it is and its seed.
pub(crate) type Key = (Item, u64);

type Cell = Arc<OnceCell<Result<Bytes, String>>>;

/// The rendered files.
#[derive(Debug)]
pub(crate) struct Renders {
    state: Mutex<State>,
    budget: usize,
}

#[derive(Debug, Default)]
struct State {
    cells: HashMap<Key, Cell>,
    /// Rendered files in the order they were finished, with their sizes.
    finished: VecDeque<(Key, usize)>,
    bytes: usize,
}

/// What a render needs: the item and the file's seed (`outputs::file_seed`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Job {
    pub(crate) item: Item,
    pub(crate) seed: u64,
}

impl Renders {
    /// Keeps at most `budget` bytes of rendered files.
    pub(crate) fn new(budget: usize) -> Renders {
        Renders {
            state: Mutex::new(State::default()),
            budget,
        }
    }

    fn cell(&self, key: &Key) -> Cell {
        lock(&self.state).cells.entry(*key).or_default().clone()
    }

    /// The file's bytes: rendered by the first caller (on the blocking pool), awaited by
    /// every other one.
    pub(crate) async fn get(&self, job: Job) -> Result<Bytes, String> {
        let key = (job.item, job.seed);
        let cell = self.cell(&key);
        let mut fresh = false;
        let rendered = cell
            .get_or_init(|| async {
                fresh = true;
                match tokio::task::spawn_blocking(move || outputs::render(&job.item, job.seed)).await {
                    Ok(Ok(data)) => Ok(Bytes::from(data)),
                    Ok(Err(e)) => Err(e),
                    Err(e) => Err(format!("rendering failed: {e}")),
                }
            })
            .await
            .clone();
        if fresh && let Ok(bytes) = &rendered {
            self.account(key, bytes.len());
        }
        rendered
    }

    /// Starts rendering the files of a completed job in the background.
    pub(crate) fn prerender(self: &Arc<Self>, jobs: Vec<Job>) {
        for job in jobs {
            let this = self.clone();
            tokio::spawn(async move {
                let _ = this.get(job).await;
            });
        }
    }

    fn account(&self, key: Key, size: usize) {
        let mut state = lock(&self.state);
        state.finished.push_back((key, size));
        state.bytes += size;
        while state.bytes > self.budget && state.finished.len() > 1 {
            let Some((old, size)) = state.finished.pop_front() else {
                break;
            };
            state.bytes -= size;
            state.cells.remove(&old);
        }
    }

    /// Bytes held now (for tests).
    #[cfg(test)]
    fn held(&self) -> usize {
        lock(&self.state).bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::ImageFormat;

    fn image(side: u32, seed: u64) -> Job {
        Job {
            item: Item::Image {
                width: side,
                height: side,
                format: ImageFormat::Png,
            },
            seed,
        }
    }

    #[tokio::test]
    async fn renders_once_and_evicts_beyond_the_budget() {
        let renders = Arc::new(Renders::new(1));
        let a = renders.get(image(16, 7)).await.unwrap();
        let again = renders.get(image(16, 7)).await.unwrap();
        assert_eq!(a, again);
        assert_eq!(lock(&renders.state).cells.len(), 1, "one render for equal parameters");
        let b = renders.get(image(16, 8)).await.unwrap();
        // Over a 1-byte budget only the newest file is kept.
        assert_eq!(renders.held(), b.len());
        // An evicted file renders again, to the same bytes.
        assert_eq!(renders.get(image(16, 7)).await.unwrap(), a);
    }
}
