//! The browser entry point that Trunk builds.

fn main() {
    // In development, panics show up in the browser console instead of as
    // "unreachable". Release builds leave the hook out: it brings the
    // panic-message formatting machinery into the wasm every applicant
    // downloads.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    akun::start(akun::pages::Bundle::Public, akun::App);
}
