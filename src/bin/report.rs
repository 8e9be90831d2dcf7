//! The entry point of the Report Form's bundle (`report.html`, served
//! under `/report/`).

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    akun::start(akun::pages::Bundle::Report, akun::ReportApp);
}
