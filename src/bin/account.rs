//! The entry point of the signed-in person's bundle (`account.html`, served
//! under `/account/`).

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    akun::start(akun::pages::Bundle::Account, akun::AccountApp);
}
