//! The messages akun sends, in Indonesian and English.
//!
//! A message is rendered when it is put in the outbox, so what is delivered
//! is exactly what the change that caused it meant to say, even if templates
//! change before the worker gets to it. Each email has a plain-text part
//! (many phones show only that) and a small HTML part.

use akun_core::BlockReason;
use akun_core::api::Lang;

/// Everything akun sends. Each variant carries what its text needs.
#[derive(Debug, Clone)]
pub enum Message {
    /// The link that activates a new account.
    VerifyEmail { link: String },
    /// Someone registered with an address that already has an account.
    AlreadyRegistered {
        login_link: String,
        reset_link: String,
    },
    /// The one-time code that completes a login.
    LoginCode { code: String, minutes: u32 },
    /// A login from a device this account had not used before.
    NewDeviceLogin {
        when: String,
        device: String,
        misuse_link: String,
    },
    /// The SMS code that verifies the account's mobile number.
    PhoneCode { code: String, minutes: u32 },
    /// The account's password was changed; "this was not me" leads to the
    /// misuse guidance.
    PasswordChanged {
        when: String,
        device: String,
        link: String,
    },
    /// A password reset link, by email.
    ResetLink { link: String, minutes: u32 },
    /// A password reset link by SMS to the verified number, saying which
    /// address the account uses (masked unless configured otherwise).
    ResetLinkSms {
        link: String,
        email: String,
        minutes: u32,
    },
    /// Someone asked to reset a password for an address without an account.
    ResetNoAccount { register_link: String },
    /// A blocked account asked for a reset: no link, the Report Form.
    ResetBlocked { report_link: String },
    /// The password was reset with a link; "this was not me" leads to the
    /// misuse page.
    PasswordReset { when: String, link: String },
    /// By SMS to the old number: the account's mobile number was changed;
    /// "this was not me" leads to the misuse page.
    PhoneChangedSms { when: String, link: String },
    /// By email: the account's mobile number was changed to `new_number`
    /// (masked); "this was not me" leads to the misuse page.
    PhoneChanged {
        when: String,
        new_number: String,
        link: String,
    },
    /// The programme office blocked the account: why, whether it is final,
    /// and the Report Form to appeal.
    AccountBlocked {
        reason: BlockReason,
        is_final: bool,
        report_link: String,
    },
    /// The block was lifted.
    AccountUnblocked { login_link: String },
    /// By email: a payout account was linked (`what`, masked) and will be
    /// paid from `usable_from`; "this was not me" leads to the misuse page.
    PayoutLinked {
        when: String,
        what: String,
        usable_from: String,
        link: String,
    },
    /// By SMS, the same, short.
    PayoutLinkedSms {
        when: String,
        what: String,
        link: String,
    },
    /// By email: the payout account was unlinked.
    PayoutUnlinked {
        when: String,
        what: String,
        link: String,
    },
    /// By SMS, the same, short.
    PayoutUnlinkedSms {
        when: String,
        what: String,
        link: String,
    },
    /// By email: a Report Form case was received; its number, and the
    /// link to its status page (which carries the case's key).
    CaseReceived { case: String, link: String },
    /// By SMS, the same, short.
    CaseReceivedSms { case: String, link: String },
}

/// A block reason as an email says it.
fn reason_text(reason: BlockReason, lang: Lang) -> &'static str {
    match (reason, lang) {
        (BlockReason::TermsViolation, Lang::Id) => "melanggar syarat dan ketentuan program",
        (BlockReason::TermsViolation, Lang::En) => "the programme's terms were broken",
        (BlockReason::Fraud, Lang::Id) => "terindikasi kecurangan",
        (BlockReason::Fraud, Lang::En) => "the account is flagged for fraud",
        (BlockReason::DuplicateAccount, Lang::Id) => "satu orang memiliki lebih dari satu akun",
        (BlockReason::DuplicateAccount, Lang::En) => "one person has more than one account",
        (BlockReason::DataMismatch, Lang::Id) => "data akun tidak sesuai dengan pemiliknya",
        (BlockReason::DataMismatch, Lang::En) => "the account's data does not match its owner",
        (BlockReason::Other, Lang::Id) => "alasan lain yang dijelaskan petugas",
        (BlockReason::Other, Lang::En) => "another reason, which staff explain",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub channel: Channel,
    pub template: &'static str,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

impl Message {
    pub fn template(&self) -> &'static str {
        match self {
            Message::VerifyEmail { .. } => "verify_email",
            Message::AlreadyRegistered { .. } => "already_registered",
            Message::LoginCode { .. } => "login_code",
            Message::NewDeviceLogin { .. } => "new_device_login",
            Message::PhoneCode { .. } => "phone_code",
            Message::PasswordChanged { .. } => "password_changed",
            Message::ResetLink { .. } => "reset_link",
            Message::ResetLinkSms { .. } => "reset_link_sms",
            Message::ResetNoAccount { .. } => "reset_no_account",
            Message::ResetBlocked { .. } => "reset_blocked",
            Message::PasswordReset { .. } => "password_reset",
            Message::PhoneChangedSms { .. } => "phone_changed_sms",
            Message::PhoneChanged { .. } => "phone_changed",
            Message::AccountBlocked { .. } => "account_blocked",
            Message::AccountUnblocked { .. } => "account_unblocked",
            Message::PayoutLinked { .. } => "payout_linked",
            Message::PayoutLinkedSms { .. } => "payout_linked_sms",
            Message::PayoutUnlinked { .. } => "payout_unlinked",
            Message::PayoutUnlinkedSms { .. } => "payout_unlinked_sms",
            Message::CaseReceived { .. } => "case_received",
            Message::CaseReceivedSms { .. } => "case_received_sms",
        }
    }

    pub fn channel(&self) -> Channel {
        match self {
            Message::VerifyEmail { .. }
            | Message::AlreadyRegistered { .. }
            | Message::LoginCode { .. }
            | Message::NewDeviceLogin { .. }
            | Message::PasswordChanged { .. }
            | Message::ResetLink { .. }
            | Message::ResetNoAccount { .. }
            | Message::ResetBlocked { .. }
            | Message::PasswordReset { .. }
            | Message::PhoneChanged { .. }
            | Message::AccountBlocked { .. }
            | Message::AccountUnblocked { .. }
            | Message::PayoutLinked { .. }
            | Message::PayoutUnlinked { .. }
            | Message::CaseReceived { .. } => Channel::Email,
            Message::PhoneCode { .. }
            | Message::CaseReceivedSms { .. }
            | Message::ResetLinkSms { .. }
            | Message::PhoneChangedSms { .. }
            | Message::PayoutLinkedSms { .. }
            | Message::PayoutUnlinkedSms { .. } => Channel::Sms,
        }
    }

    pub fn render(&self, lang: Lang) -> Rendered {
        if let Some(text) = self.sms_text(lang) {
            return Rendered {
                channel: self.channel(),
                template: self.template(),
                subject: String::new(),
                text,
                html: None,
            };
        }
        let (subject, paragraphs, link): (&str, Vec<String>, Option<(&str, &str)>) = match (self, lang) {
            (Message::VerifyEmail { link }, Lang::Id) => (
                "Aktifkan akun Prakerja kamu",
                vec![
                    "Terima kasih sudah mendaftar di Kartu Prakerja.".into(),
                    "Buka tautan di bawah ini untuk mengaktifkan akun kamu. Tautan berlaku 24 jam dan hanya bisa dipakai sekali.".into(),
                    "Kalau kamu tidak mendaftar, abaikan email ini; tidak ada akun yang aktif tanpa tautan ini.".into(),
                ],
                Some(("Aktifkan akun", link.as_str())),
            ),
            (Message::VerifyEmail { link }, Lang::En) => (
                "Activate your Prakerja account",
                vec![
                    "Thank you for registering for Kartu Prakerja.".into(),
                    "Open the link below to activate your account. It works for 24 hours and only once.".into(),
                    "If you did not register, ignore this email; no account becomes active without this link.".into(),
                ],
                Some(("Activate account", link.as_str())),
            ),
            (Message::AlreadyRegistered { login_link, reset_link }, Lang::Id) => (
                "Ada yang mencoba mendaftar dengan email kamu",
                vec![
                    "Seseorang baru saja mencoba mendaftar di Kartu Prakerja dengan alamat email ini, padahal email ini sudah punya akun.".into(),
                    format!("Kalau itu kamu, masuk saja: {login_link}"),
                    format!("Lupa kata sandi? Atur ulang di sini: {reset_link}"),
                    "Kalau bukan kamu, abaikan email ini. Jangan pernah memberikan kata sandi atau kode OTP kepada siapa pun, termasuk yang mengaku petugas.".into(),
                ],
                None,
            ),
            (Message::AlreadyRegistered { login_link, reset_link }, Lang::En) => (
                "Someone tried to register with your email",
                vec![
                    "Someone just tried to register for Kartu Prakerja with this email address, which already has an account.".into(),
                    format!("If it was you, just log in: {login_link}"),
                    format!("Forgot your password? Reset it here: {reset_link}"),
                    "If it was not you, ignore this email. Never give your password or one-time code to anyone, including people who claim to be staff.".into(),
                ],
                None,
            ),
            (Message::LoginCode { code, minutes }, Lang::Id) => (
                "Kode masuk akun Prakerja kamu",
                vec![
                    format!("Kode masuk kamu: {code}"),
                    format!("Kode berlaku {minutes} menit dan hanya untuk satu kali masuk."),
                    "Jangan berikan kode ini kepada siapa pun, termasuk yang mengaku petugas Prakerja. Petugas tidak pernah meminta kode.".into(),
                    "Kalau kamu tidak sedang masuk, segera ganti kata sandi kamu.".into(),
                ],
                None,
            ),
            (Message::LoginCode { code, minutes }, Lang::En) => (
                "Your Prakerja login code",
                vec![
                    format!("Your login code: {code}"),
                    format!("It works for {minutes} minutes and for one login only."),
                    "Never give this code to anyone, including people who claim to be Prakerja staff. Staff never ask for codes.".into(),
                    "If you are not logging in, change your password now.".into(),
                ],
                None,
            ),
            (Message::NewDeviceLogin { when, device, misuse_link }, Lang::Id) => (
                "Ada login baru ke akun Prakerja kamu",
                vec![
                    format!("Akun kamu baru saja dipakai untuk masuk dari perangkat baru: {device}, pada {when}."),
                    "Kalau itu kamu, abaikan email ini.".into(),
                    format!("Kalau bukan kamu, ganti kata sandi sekarang dan keluarkan perangkat lain: {misuse_link}"),
                ],
                None,
            ),
            (Message::NewDeviceLogin { when, device, misuse_link }, Lang::En) => (
                "New login to your Prakerja account",
                vec![
                    format!("Your account was just used to log in from a new device: {device}, at {when}."),
                    "If it was you, ignore this email.".into(),
                    format!("If it was not you, change your password now and log out other devices: {misuse_link}"),
                ],
                None,
            ),
            (Message::PasswordChanged { when, device, link }, Lang::Id) => (
                "Kata sandi akun Prakerja kamu sudah diganti",
                vec![
                    format!("Kata sandi akun Prakerja kamu baru saja diganti pada {when} dari perangkat {device}."),
                    "Semua perangkat lain sudah dikeluarkan dari akun kamu. Kalau itu kamu, abaikan email ini.".into(),
                    format!("Bukan kamu? Buka tautan ini sekarang untuk langkah mengamankan akun kamu (Lupa kata sandi, lalu periksa perangkat yang masuk): {link}"),
                    "Jangan pernah memberikan kata sandi atau kode OTP kepada siapa pun, termasuk yang mengaku petugas.".into(),
                ],
                None,
            ),
            (Message::PasswordChanged { when, device, link }, Lang::En) => (
                "Your Prakerja password was changed",
                vec![
                    format!("The password of your Prakerja account was just changed, at {when}, from {device}."),
                    "Every other device has been logged out of your account. If it was you, ignore this email.".into(),
                    format!("Not you? Open this link now for the steps that secure your account (Forgot password, then check the signed-in devices): {link}"),
                    "Never give your password or one-time code to anyone, including people who claim to be staff.".into(),
                ],
                None,
            ),
            (Message::ResetLink { link, minutes }, Lang::Id) => (
                "Atur ulang kata sandi akun Prakerja kamu",
                vec![
                    "Ada permintaan untuk mengatur ulang kata sandi akun Prakerja kamu.".into(),
                    format!("Buka tautan di bawah ini untuk membuat kata sandi baru. Tautan berlaku {minutes} menit dan hanya bisa dipakai sekali; kalau kamu meminta lagi, hanya tautan terbaru yang berlaku."),
                    "Kalau kamu tidak memintanya, abaikan email ini; kata sandi kamu tidak berubah. Jangan berikan tautan ini kepada siapa pun.".into(),
                ],
                Some(("Buat kata sandi baru", link.as_str())),
            ),
            (Message::ResetLink { link, minutes }, Lang::En) => (
                "Reset the password of your Prakerja account",
                vec![
                    "Someone asked to reset the password of your Prakerja account.".into(),
                    format!("Open the link below to choose a new password. It works for {minutes} minutes and only once; if you ask again, only the newest link works."),
                    "If you did not ask for this, ignore this email; your password stays the same. Never give this link to anyone.".into(),
                ],
                Some(("Choose a new password", link.as_str())),
            ),
            (Message::ResetNoAccount { register_link }, Lang::Id) => (
                "Permintaan atur ulang kata sandi Prakerja",
                vec![
                    "Seseorang meminta untuk mengatur ulang kata sandi akun Prakerja dengan alamat email ini, tetapi alamat ini belum punya akun.".into(),
                    format!("Kalau itu kamu, mungkin akunmu memakai alamat email lain, atau kamu bisa mendaftar: {register_link}"),
                    "Kalau bukan kamu, abaikan email ini.".into(),
                ],
                None,
            ),
            (Message::ResetNoAccount { register_link }, Lang::En) => (
                "Prakerja password reset request",
                vec![
                    "Someone asked to reset the password of a Prakerja account with this email address, but there is no account for this address.".into(),
                    format!("If it was you, your account may use another address, or you can register: {register_link}"),
                    "If it was not you, ignore this email.".into(),
                ],
                None,
            ),
            (Message::ResetBlocked { report_link }, Lang::Id) => (
                "Akun Prakerja kamu sedang diblokir",
                vec![
                    "Ada permintaan untuk mengatur ulang kata sandi akun Prakerja kamu, tetapi akun ini sedang diblokir, jadi kata sandi tidak bisa diatur ulang.".into(),
                    format!("Untuk mengetahui alasannya dan mengajukan pemulihan, isi Formulir Laporan: {report_link}"),
                    "Kalau kamu tidak memintanya, abaikan email ini.".into(),
                ],
                None,
            ),
            (Message::ResetBlocked { report_link }, Lang::En) => (
                "Your Prakerja account is blocked",
                vec![
                    "Someone asked to reset the password of your Prakerja account, but the account is blocked, so its password cannot be reset.".into(),
                    format!("To learn why and to ask for your access back, fill in the Report Form: {report_link}"),
                    "If you did not ask for this, ignore this email.".into(),
                ],
                None,
            ),
            (Message::PasswordReset { when, link }, Lang::Id) => (
                "Kata sandi akun Prakerja kamu sudah diatur ulang",
                vec![
                    format!("Kata sandi akun Prakerja kamu baru saja diatur ulang dengan tautan atur ulang kata sandi pada {when}."),
                    "Semua perangkat sudah dikeluarkan dari akun kamu. Kalau itu kamu, abaikan email ini.".into(),
                    format!("Bukan kamu? Buka tautan ini sekarang: {link}"),
                    "Jangan pernah memberikan kata sandi, tautan atau kode OTP kepada siapa pun, termasuk yang mengaku petugas.".into(),
                ],
                None,
            ),
            (Message::PasswordReset { when, link }, Lang::En) => (
                "Your Prakerja password was reset",
                vec![
                    format!("The password of your Prakerja account was just reset with a password reset link, at {when}."),
                    "Every device has been logged out of your account. If it was you, ignore this email.".into(),
                    format!("This was not me: open this link now: {link}"),
                    "Never give your password, links or one-time codes to anyone, including people who claim to be staff.".into(),
                ],
                None,
            ),
            (Message::PhoneChanged { when, new_number, link }, Lang::Id) => (
                "Nomor HP akun Prakerja kamu sudah diganti",
                vec![
                    format!("Nomor HP akun Prakerja kamu baru saja diganti menjadi {new_number} pada {when}."),
                    "Kalau itu kamu, abaikan email ini. Jangan lupa hubungkan lagi dompet digital kamu dengan nomor yang baru.".into(),
                    format!("Bukan kamu? Buka tautan ini sekarang: {link}"),
                    "Jangan pernah memberikan kata sandi, tautan atau kode OTP kepada siapa pun, termasuk yang mengaku petugas.".into(),
                ],
                None,
            ),
            (Message::PhoneChanged { when, new_number, link }, Lang::En) => (
                "Your Prakerja mobile number was changed",
                vec![
                    format!("The mobile number of your Prakerja account was just changed to {new_number}, at {when}."),
                    "If it was you, ignore this email. Remember to link your e-wallet again with the new number.".into(),
                    format!("This was not me: open this link now: {link}"),
                    "Never give your password, links or one-time codes to anyone, including people who claim to be staff.".into(),
                ],
                None,
            ),
            (Message::AccountBlocked { reason, is_final, report_link }, Lang::Id) => (
                "Akun Prakerja kamu diblokir",
                vec![
                    format!("Akun Prakerja kamu diblokir oleh Manajemen Pelaksana Program Kartu Prakerja. Alasannya: {}.", reason_text(*reason, Lang::Id)),
                    if *is_final {
                        "Pemblokiran ini bersifat final. Kamu tetap bisa mengajukan banding lewat Formulir Laporan.".into()
                    } else {
                        "Pemblokiran ini belum final: petugas dapat memulihkan akses setelah memeriksa laporan kamu.".into()
                    },
                    format!("Untuk mengajukan banding atau pemulihan, isi Formulir Laporan: {report_link}"),
                    "Semua perangkat sudah dikeluarkan dari akun kamu.".into(),
                ],
                None,
            ),
            (Message::AccountBlocked { reason, is_final, report_link }, Lang::En) => (
                "Your Prakerja account is blocked",
                vec![
                    format!("The Kartu Prakerja programme office blocked your Prakerja account. The reason: {}.", reason_text(*reason, Lang::En)),
                    if *is_final {
                        "This block is final. You can still appeal through the Report Form.".into()
                    } else {
                        "This block is not final: staff can restore access after checking your report.".into()
                    },
                    format!("To appeal or ask for your access back, fill in the Report Form: {report_link}"),
                    "Every device has been logged out of your account.".into(),
                ],
                None,
            ),
            (Message::AccountUnblocked { login_link }, Lang::Id) => (
                "Akun Prakerja kamu sudah bisa dipakai lagi",
                vec![
                    "Pemblokiran akun Prakerja kamu sudah dicabut.".into(),
                    format!("Silakan masuk lagi: {login_link}"),
                ],
                None,
            ),
            (Message::AccountUnblocked { login_link }, Lang::En) => (
                "Your Prakerja account works again",
                vec![
                    "The block on your Prakerja account was lifted.".into(),
                    format!("Log in again here: {login_link}"),
                ],
                None,
            ),
            (Message::PayoutLinked { when, what, usable_from, link }, Lang::Id) => (
                "Rekening penerima insentif baru terhubung ke akun Prakerja kamu",
                vec![
                    format!("Rekening {what} baru saja dihubungkan ke akun Prakerja kamu pada {when}."),
                    format!("Demi keamanan, insentif baru bisa dikirim ke rekening ini mulai {usable_from}."),
                    format!("Bukan kamu? Buka tautan ini sekarang, lalu putuskan rekening tersebut: {link}"),
                    "Jangan pernah memberikan kata sandi, tautan atau kode OTP kepada siapa pun, termasuk yang mengaku petugas.".into(),
                ],
                None,
            ),
            (Message::PayoutLinked { when, what, usable_from, link }, Lang::En) => (
                "A new payout account was linked to your Prakerja account",
                vec![
                    format!("The account {what} was just linked to your Prakerja account, at {when}."),
                    format!("For your safety, incentives can be paid to it from {usable_from}."),
                    format!("Not you? Open this link now, then unlink that account: {link}"),
                    "Never give your password, links or one-time codes to anyone, including people who claim to be staff.".into(),
                ],
                None,
            ),
            (Message::PayoutUnlinked { when, what, link }, Lang::Id) => (
                "Rekening penerima insentif diputus dari akun Prakerja kamu",
                vec![
                    format!("Rekening {what} baru saja diputus dari akun Prakerja kamu pada {when}. Insentif tidak dikirim sampai ada rekening yang terhubung lagi."),
                    format!("Bukan kamu? Buka tautan ini sekarang: {link}"),
                    "Jangan pernah memberikan kata sandi, tautan atau kode OTP kepada siapa pun, termasuk yang mengaku petugas.".into(),
                ],
                None,
            ),
            (Message::PayoutUnlinked { when, what, link }, Lang::En) => (
                "A payout account was unlinked from your Prakerja account",
                vec![
                    format!("The account {what} was just unlinked from your Prakerja account, at {when}. No incentive is paid until an account is linked again."),
                    format!("This was not me: open this link now: {link}"),
                    "Never give your password, links or one-time codes to anyone, including people who claim to be staff.".into(),
                ],
                None,
            ),
            (Message::CaseReceived { case, link }, Lang::Id) => (
                "Laporan kamu sudah diterima",
                vec![
                    format!("Laporan kamu lewat Formulir Laporan sudah kami terima. Nomor laporan kamu: {case}."),
                    "Simpan nomor ini. Petugas akan memeriksa foto dan data kamu, lalu mengabari kamu lewat email dan SMS.".into(),
                    "Status laporan bisa dilihat kapan saja lewat tautan di bawah ini, atau dengan nomor laporan dan alamat email ini. Jangan berikan tautan ini kepada siapa pun.".into(),
                    "Petugas tidak pernah meminta kata sandi atau kode OTP.".into(),
                ],
                Some(("Lihat status laporan", link.as_str())),
            ),
            (Message::CaseReceived { case, link }, Lang::En) => (
                "We received your report",
                vec![
                    format!("We received your report through the Report Form. Your case number: {case}."),
                    "Keep this number. Staff will check your photos and details, then tell you by email and SMS.".into(),
                    "See where your case stands at any time through the link below, or with the case number and this email address. Never give this link to anyone.".into(),
                    "Staff never ask for your password or OTP code.".into(),
                ],
                Some(("See your case", link.as_str())),
            ),
            // Rendered by `sms_text` above; never reaches this match.
            (
                Message::PhoneCode { .. }
                | Message::CaseReceivedSms { .. }
                | Message::PayoutLinkedSms { .. }
                | Message::PayoutUnlinkedSms { .. }
                | Message::ResetLinkSms { .. }
                | Message::PhoneChangedSms { .. },
                _,
            ) => ("", Vec::new(), None),
        };
        let signature = match lang {
            Lang::Id => "Tim Kartu Prakerja",
            Lang::En => "The Kartu Prakerja team",
        };
        let mut text = String::new();
        for p in &paragraphs {
            text.push_str(p);
            text.push_str("\n\n");
        }
        if let Some((_, url)) = link {
            text.push_str(url);
            text.push_str("\n\n");
        }
        text.push_str(signature);
        text.push('\n');

        let mut html = String::from(
            "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">",
        );
        for p in &paragraphs {
            html.push_str("<p>");
            html.push_str(&linkify(p));
            html.push_str("</p>");
        }
        if let Some((label, url)) = link {
            html.push_str(&format!(
                "<p><a href=\"{0}\">{1}</a></p><p>{2}</p>",
                escape(url),
                escape(label),
                escape(url)
            ));
        }
        html.push_str(&format!("<p>{}</p></body></html>", escape(signature)));

        Rendered {
            channel: self.channel(),
            template: self.template(),
            subject: subject.to_owned(),
            text,
            html: Some(html),
        }
    }
}

impl Message {
    /// The text of an SMS: short (one 160-character GSM part where it
    /// can), the code first so phones offer to copy it, no links.
    fn sms_text(&self, lang: Lang) -> Option<String> {
        match (self, lang) {
            // The old number learns of the change; the link is the way out
            // if it was not the owner.
            (Message::PhoneChangedSms { when, link }, Lang::Id) => Some(format!(
                "Prakerja: nomor HP akun kamu diganti ke nomor lain pada {when}. Bukan kamu? Buka {link}"
            )),
            (Message::PhoneChangedSms { when, link }, Lang::En) => Some(format!(
                "Prakerja: your account's mobile number was changed to another number at {when}. Not you? Open {link}"
            )),
            (Message::PhoneCode { code, minutes }, Lang::Id) => Some(format!(
                "{code} kode OTP untuk nomor HP akun Prakerja kamu. Berlaku {minutes} menit. JANGAN berikan kode ini kepada siapa pun, termasuk petugas."
            )),
            (Message::PhoneCode { code, minutes }, Lang::En) => Some(format!(
                "{code} is the code to verify your Prakerja account's mobile number. Valid {minutes} minutes. NEVER give it to anyone, staff included."
            )),
            // The link is the point of this SMS; it goes only to the
            // account's verified number.
            (
                Message::ResetLinkSms {
                    link,
                    email,
                    minutes,
                },
                Lang::Id,
            ) => Some(format!(
                "Prakerja: atur ulang kata sandi akun {email} di {link} (berlaku {minutes} menit). JANGAN berikan tautan ini kepada siapa pun."
            )),
            (
                Message::ResetLinkSms {
                    link,
                    email,
                    minutes,
                },
                Lang::En,
            ) => Some(format!(
                "Prakerja: reset the password of account {email} at {link} (valid {minutes} minutes). NEVER give this link to anyone."
            )),
            (Message::PayoutLinkedSms { when, what, link }, Lang::Id) => Some(format!(
                "Prakerja: rekening {what} dihubungkan ke akun kamu pada {when}. Bukan kamu? Buka {link}"
            )),
            (Message::PayoutLinkedSms { when, what, link }, Lang::En) => Some(format!(
                "Prakerja: account {what} was linked to your account at {when}. Not you? Open {link}"
            )),
            (Message::PayoutUnlinkedSms { when, what, link }, Lang::Id) => Some(format!(
                "Prakerja: rekening {what} diputus dari akun kamu pada {when}. Bukan kamu? Buka {link}"
            )),
            (Message::PayoutUnlinkedSms { when, what, link }, Lang::En) => Some(format!(
                "Prakerja: account {what} was unlinked from your account at {when}. Not you? Open {link}"
            )),
            (Message::CaseReceivedSms { case, link }, Lang::Id) => Some(format!(
                "Prakerja: laporan kamu diterima, nomor {case}. Lihat status: {link} JANGAN berikan tautan ini kepada siapa pun."
            )),
            (Message::CaseReceivedSms { case, link }, Lang::En) => Some(format!(
                "Prakerja: we received your report, case {case}. Status: {link} NEVER give this link to anyone."
            )),
            _ => None,
        }
    }
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text and turns each `http(s)://` URL in it into a link.
pub fn linkify(s: &str) -> String {
    let mut out = String::new();
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("https://") || word.starts_with("http://") {
            let e = escape(word);
            out.push_str(&format!("<a href=\"{e}\">{e}</a>"));
        } else {
            out.push_str(&escape(word));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each message, with its fields filled as the API fills them.
    fn every_message() -> Vec<Message> {
        let link = || "https://akun.example/reset#token=abc".to_owned();
        let when = || "2 Desember 2026 14.05 WIB".to_owned();
        vec![
            Message::VerifyEmail { link: link() },
            Message::AlreadyRegistered {
                login_link: link(),
                reset_link: link(),
            },
            Message::LoginCode {
                code: "042917".into(),
                minutes: 5,
            },
            Message::NewDeviceLogin {
                when: when(),
                device: "Chrome di Android".into(),
                misuse_link: link(),
            },
            Message::PhoneCode {
                code: "042917".into(),
                minutes: 5,
            },
            Message::PasswordChanged {
                when: when(),
                device: "Chrome di Android".into(),
                link: link(),
            },
            Message::ResetLink {
                link: link(),
                minutes: 30,
            },
            Message::ResetLinkSms {
                link: link(),
                email: "b***@contoh.com".into(),
                minutes: 30,
            },
            Message::ResetNoAccount {
                register_link: link(),
            },
            Message::ResetBlocked {
                report_link: link(),
            },
            Message::PasswordReset {
                when: when(),
                link: link(),
            },
            Message::PhoneChangedSms {
                when: when(),
                link: link(),
            },
            Message::PhoneChanged {
                when: when(),
                new_number: "+62 812****7890".into(),
                link: link(),
            },
            Message::AccountBlocked {
                reason: BlockReason::Fraud,
                is_final: false,
                report_link: link(),
            },
            Message::AccountBlocked {
                reason: BlockReason::TermsViolation,
                is_final: true,
                report_link: link(),
            },
            Message::AccountUnblocked { login_link: link() },
            Message::PayoutLinked {
                when: when(),
                what: "BNI ******7890".into(),
                usable_from: when(),
                link: link(),
            },
            Message::PayoutLinkedSms {
                when: when(),
                what: "BNI ******7890".into(),
                link: link(),
            },
            Message::PayoutUnlinked {
                when: when(),
                what: "GoPay +62 812****7890".into(),
                link: link(),
            },
            Message::PayoutUnlinkedSms {
                when: when(),
                what: "GoPay +62 812****7890".into(),
                link: link(),
            },
            Message::CaseReceived {
                case: "PK-7Q4M-2KXD".into(),
                link: case_link(),
            },
            Message::CaseReceivedSms {
                case: "PK-7Q4M-2KXD".into(),
                link: case_link(),
            },
        ]
    }

    /// A status link as long as production's.
    fn case_link() -> String {
        "https://akun.prakerja.go.id/report/status/PK-7Q4M-2KXD#key=0123456789abcdef0123456789abcdef"
            .to_owned()
    }

    #[test]
    fn the_case_messages_carry_the_number_and_the_status_link() {
        for lang in [Lang::Id, Lang::En] {
            let r = Message::CaseReceived {
                case: "PK-7Q4M-2KXD".into(),
                link: case_link(),
            }
            .render(lang);
            assert_eq!((r.channel, r.template), (Channel::Email, "case_received"));
            assert!(r.text.contains("PK-7Q4M-2KXD") && r.text.contains(&case_link()));
            assert!(
                r.html
                    .unwrap()
                    .contains(&format!("href=\"{}\"", case_link()))
            );
            let r = Message::CaseReceivedSms {
                case: "PK-7Q4M-2KXD".into(),
                link: case_link(),
            }
            .render(lang);
            assert_eq!((r.channel, r.template), (Channel::Sms, "case_received_sms"));
            assert!(r.text.contains("PK-7Q4M-2KXD") && r.text.contains(&case_link()));
            // Two SMS parts at most, with production's longest link.
            assert!(
                r.text.chars().count() <= 306,
                "{} characters",
                r.text.chars().count()
            );
            assert!(r.html.is_none());
        }
    }

    #[test]
    fn every_message_fits_its_channel_in_both_languages() {
        for message in every_message() {
            for lang in [Lang::Id, Lang::En] {
                let r = message.render(lang);
                assert!(!r.text.is_empty(), "{}", r.template);
                match r.channel {
                    Channel::Email => {
                        assert!(!r.subject.is_empty() && r.html.is_some(), "{}", r.template)
                    }
                    // One or two 160-character parts at most.
                    Channel::Sms => assert!(r.text.chars().count() <= 320, "{}", r.template),
                }
            }
        }
    }

    #[test]
    fn every_message_uses_the_glossary_of_its_language() {
        use akun_core::glossary::misused;
        for message in every_message() {
            for lang in [Lang::Id, Lang::En] {
                let r = message.render(lang);
                for part in [&r.subject, &r.text] {
                    if let Some((word, instead)) = misused(lang, part) {
                        panic!(
                            "{} in {lang:?}: \"{word}\" where the glossary says \"{instead}\": {part}",
                            r.template
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_message_renders_in_both_languages_with_its_link() {
        let link = "https://akun.example/verify?token=abc";
        for lang in [Lang::Id, Lang::En] {
            let r = Message::VerifyEmail { link: link.into() }.render(lang);
            assert!(r.text.contains(link));
            assert!(
                r.html
                    .as_deref()
                    .unwrap()
                    .contains("href=\"https://akun.example/verify?token=abc\"")
            );
            assert_eq!(r.template, "verify_email");
        }
        let id = Message::VerifyEmail { link: link.into() }.render(Lang::Id);
        let en = Message::VerifyEmail { link: link.into() }.render(Lang::En);
        assert_ne!(id.subject, en.subject);
    }

    #[test]
    fn the_phone_code_is_a_short_sms_with_the_code_first() {
        for lang in [Lang::Id, Lang::En] {
            let r = Message::PhoneCode {
                code: "042917".into(),
                minutes: 5,
            }
            .render(lang);
            assert_eq!(r.channel, Channel::Sms);
            assert_eq!(r.template, "phone_code");
            assert!(r.text.starts_with("042917 "), "{}", r.text);
            assert!(r.text.len() <= 160, "{} characters", r.text.len());
            assert!(r.html.is_none());
        }
    }

    #[test]
    fn the_password_notice_says_when_where_and_what_to_do() {
        for lang in [Lang::Id, Lang::En] {
            let r = Message::PasswordChanged {
                when: "27/11/2026 07:45 WIB".into(),
                device: "Chrome · Android".into(),
                link: "https://akun.example/help#misuse".into(),
            }
            .render(lang);
            assert_eq!(r.channel, Channel::Email);
            for part in [
                "27/11/2026 07:45 WIB",
                "Chrome · Android",
                "https://akun.example/help#misuse",
            ] {
                assert!(r.text.contains(part), "{part} missing in {}", r.text);
            }
            assert!(
                r.html
                    .unwrap()
                    .contains("href=\"https://akun.example/help#misuse\"")
            );
        }
    }

    #[test]
    fn reset_messages_carry_their_links() {
        let link = "https://akun.example/reset#token=abc";
        for lang in [Lang::Id, Lang::En] {
            let r = Message::ResetLink {
                link: link.into(),
                minutes: 30,
            }
            .render(lang);
            assert_eq!((r.channel, r.template), (Channel::Email, "reset_link"));
            assert!(r.text.contains(&format!("\n\n{link}\n\n")), "{}", r.text);
            assert!(r.text.contains("30"));
            let r = Message::ResetLinkSms {
                link: link.into(),
                email: "bu***@gmail.com".into(),
                minutes: 30,
            }
            .render(lang);
            assert_eq!((r.channel, r.template), (Channel::Sms, "reset_link_sms"));
            assert!(r.text.contains(link) && r.text.contains("bu***@gmail.com"));
            assert!(r.html.is_none());
            let r = Message::ResetBlocked {
                report_link: "https://akun.example/report".into(),
            }
            .render(lang);
            assert!(r.text.contains("https://akun.example/report"));
            let r = Message::PasswordReset {
                when: "27/11/2026 07:45 WIB".into(),
                link: "https://akun.example/misuse".into(),
            }
            .render(lang);
            assert!(r.text.contains("27/11/2026 07:45 WIB"));
            assert!(
                r.html
                    .unwrap()
                    .contains("href=\"https://akun.example/misuse\"")
            );
        }
    }

    #[test]
    fn phone_change_notices_carry_the_misuse_link() {
        let link = "https://akun.example/misuse";
        for lang in [Lang::Id, Lang::En] {
            let r = Message::PhoneChangedSms {
                when: "27/11/2026 07:45 WIB".into(),
                link: link.into(),
            }
            .render(lang);
            assert_eq!((r.channel, r.template), (Channel::Sms, "phone_changed_sms"));
            assert!(r.text.contains(link) && r.text.contains("27/11/2026 07:45 WIB"));
            assert!(r.text.len() <= 160, "{} characters", r.text.len());
            let r = Message::PhoneChanged {
                when: "27/11/2026 07:45 WIB".into(),
                new_number: "+62 812****7890".into(),
                link: link.into(),
            }
            .render(lang);
            assert_eq!((r.channel, r.template), (Channel::Email, "phone_changed"));
            assert!(r.text.contains(link) && r.text.contains("+62 812****7890"));
            assert!(
                r.html
                    .unwrap()
                    .contains("href=\"https://akun.example/misuse\"")
            );
        }
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            linkify("go https://x.y/?a=1&b=2 now"),
            "go <a href=\"https://x.y/?a=1&amp;b=2\">https://x.y/?a=1&amp;b=2</a> now"
        );
    }
}
