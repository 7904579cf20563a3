//! Mounts the Segmint app on the page. Everything else lives in `segmint-ui`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(segmint_ui::App);
}
