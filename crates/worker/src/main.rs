//! The worker binary Trunk builds as `worker.js` + `worker_bg.wasm`.

fn main() {
    segmint_worker::start();
}
