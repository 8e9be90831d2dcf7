//! The browser entry point that Trunk builds.

fn main() {
    // Panics show up in the browser console instead of as "unreachable".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(akun::App);
}
