//! Bahasa Indonesia: the default language. Addresses the applicant as
//! "kamu", as the programme does in its own channels.

use super::Texts;

pub static ID: Texts = Texts {
    brand: "akun Prakerja",
    skip_link: "Langsung ke isi halaman",
    nav_label: "Menu utama",
    nav_home: "Beranda",
    nav_register: "Daftar",
    nav_login: "Masuk",
    nav_help: "Bantuan",
    nav_security: "Keamanan",
    lang_switch_text: "English",
    lang_switch_label: "English: ganti bahasa tampilan ke bahasa Inggris",
    footer_warning: "Jangan pernah memberikan kode OTP atau kata sandi kepada siapa pun, \
        termasuk orang yang mengaku petugas Prakerja.",
    footer_security_link: "Baca panduan keamanan",

    home_title: "Selamat datang di akun Prakerja",
    home_intro: "Di sini kamu membuat dan mengelola akun Kartu Prakerja: mendaftar dengan \
        email, masuk dengan aman, dan mendapatkan kembali akses bila ada masalah.",
    home_points: [
        "Daftar cukup dengan email dan kata sandi. Kami mengirim tautan verifikasi ke email kamu.",
        "Saat masuk, kami mengirim kode sekali pakai (OTP) ke email kamu sebagai pengaman tambahan.",
        "Email tidak masuk, lupa kata sandi, atau akun terblokir? Pusat Bantuan menjelaskan \
            langkahnya.",
    ],
    home_register: "Buat akun",
    home_login: "Masuk",
    home_help: "Buka Pusat Bantuan",

    email_label: "Email",
    email_hint: "Alamat email aktif yang bisa kamu buka, misalnya nama@contoh.com. \
        Tautan verifikasi dan kode OTP dikirim ke sini.",
    password_label: "Kata sandi",
    password_new_hint: "Minimal 8 karakter. Kalimat panjang yang mudah kamu ingat juga boleh. \
        Hindari kata sandi yang mudah ditebak seperti 12345678, dan jangan memakai kata sandi \
        dari akun lain.",
    password_current_hint: "Kata sandi yang kamu buat saat mendaftar.",
    password_repeat_label: "Ulangi kata sandi",
    password_repeat_hint: "Ketik sekali lagi kata sandi yang sama.",
    password_show: "Tampilkan kata sandi",
    password_strength: [
        "Kekuatan kata sandi: lemah. Buat lebih panjang, misalnya gabungan beberapa kata yang \
            mudah kamu ingat.",
        "Kekuatan kata sandi: cukup. Makin panjang, makin aman.",
        "Kekuatan kata sandi: kuat.",
    ],
    field_error_prefix: "Perlu diperbaiki:",
    form_error_prefix: "Belum berhasil:",
    sending: "Sedang mengirim…",
    busy_cancel: "Batal",
    duration_seconds: ["{n} detik", "{n} detik"],
    duration_minutes: ["{n} menit", "{n} menit"],

    register_title: "Daftar akun",
    register_intro: "Isi kolom di bawah ini. Setelah itu kami mengirim tautan verifikasi ke \
        email kamu; akun aktif setelah kamu membuka tautan tersebut.",
    register_submit: "Daftar",
    terms_accept: [
        "Saya sudah membaca dan menyetujui ",
        "Syarat dan Ketentuan",
        " akun Prakerja.",
    ],
    register_have_account: "Sudah punya akun? Masuk di sini",
    register_email_help: "Email verifikasi tidak masuk?",

    check_title: "Cek email kamu",
    check_sent_to: "Kami sudah mengirim tautan verifikasi ke:",
    check_next: "Buka email itu, lalu ketuk tautannya untuk mengaktifkan akun. Tautan \
        berlaku 24 jam. Halaman ini boleh kamu tutup.",
    check_unknown: "Halaman ini tidak tahu alamat email yang kamu daftarkan. Jika kamu sudah \
        mendaftar, tulis alamatnya di bawah untuk meminta tautan verifikasi baru.",
    check_nothing_title: "Email belum masuk?",
    check_report: "Masih belum masuk juga? Isi Formulir Laporan",
    check_wrong_address: "Alamat email salah? Daftar lagi dengan alamat yang benar",
    resend_title: "Minta tautan baru",
    resend_email_hint: "Alamat email yang kamu pakai saat mendaftar.",
    resend_button: "Kirim ulang email verifikasi",
    resend_sent: "Permintaan diterima. Jika alamat ini sedang menunggu verifikasi, email \
        baru sedang dikirim; periksa juga folder Spam.",
    resend_wait: "Kamu bisa meminta email baru lagi dalam {n}.",

    verify_checking_title: "Memeriksa tautan…",
    verify_checking_text: "Tunggu sebentar, kami sedang mengaktifkan akun kamu.",
    verify_active_title: "Akun kamu sudah aktif",
    verify_active_text: "Email kamu sudah terverifikasi. Sekarang kamu bisa masuk dengan \
        email dan kata sandi yang kamu buat.",
    verify_active_address: "Email akun:",
    verify_login: "Masuk sekarang",
    verify_expired_title: "Tautan sudah kedaluwarsa",
    verify_used_title: "Tautan sudah pernah dipakai",
    verify_invalid_title: "Tautan tidak dikenal",
    verify_error_title: "Tautan belum bisa diperiksa",
    verify_retry: "Coba lagi",

    terms_title: "Syarat dan Ketentuan",
    terms_intro: "Dengan mendaftar, kamu menyetujui ketentuan berikut. Bacalah sebentar: \
        isinya singkat dan penting.",
    terms_sections: [
        (
            "Untuk apa akun ini",
            "Akun ini adalah pintu masuk kamu ke program Kartu Prakerja: untuk mendaftar \
                program, mengikuti pelatihan, melihat status, dan menerima insentif. Akun \
                dibuat atas nama kamu dan hanya untuk kamu pakai sendiri.",
        ),
        (
            "Data pribadi kamu dilindungi",
            "Data pribadi kamu, seperti email, NIK, nomor HP, foto e-KTP dan KK, serta \
                swafoto, hanya dipakai untuk menjalankan program dan dilindungi menurut \
                Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi (UU PDP). \
                Foto wajah termasuk data pribadi yang bersifat spesifik dan dijaga lebih \
                ketat. Jika terjadi kebocoran data, kamu akan diberi tahu paling lambat \
                3 x 24 jam.",
        ),
        (
            "Akun tidak dapat dihapus",
            "Setelah terdaftar, akun tidak dapat dihapus. Jika tidak ingin memakainya lagi, \
                kamu cukup tidak masuk, dan tetap jaga kerahasiaan kata sandi kamu.",
        ),
        (
            "Jangan berbagi akun atau kode",
            "Dilarang meminjamkan, menjual, atau berbagi akun, kata sandi, tautan dari email, \
                maupun kode OTP dengan siapa pun, termasuk orang yang mengaku petugas.",
        ),
        (
            "Data harus benar",
            "Isi data sesuai dokumen resmi kamu. Data palsu atau data milik orang lain dapat \
                membuat akun diblokir. Akun yang diblokir selalu diberi alasannya, beserta \
                cara mengajukan keberatan melalui Formulir Laporan.",
        ),
    ],
    terms_back: "Kembali ke pendaftaran",

    report_title: "Formulir Laporan",
    report_coming: "Formulir Laporan sedang kami siapkan. Nanti, lewat formulir ini kamu bisa \
        melaporkan email verifikasi yang tidak masuk atau akun yang terblokir, dan petugas \
        akan membantu.",
    report_meanwhile: "Sementara itu, halaman berikut mungkin sudah menjawab masalah kamu:",

    login_title: "Masuk ke akun",
    login_intro: "Masukkan email dan kata sandi kamu. Setelah itu kami mengirim kode OTP \
        ke email kamu untuk menyelesaikan proses masuk.",
    login_submit: "Masuk",
    login_done: "Berhasil. Periksa email kamu dan masukkan kode OTP yang kami kirim.",
    login_no_account: "Belum punya akun?",
    login_register_link: "Daftar sekarang",
    login_forgot: "Lupa kata sandi?",
    forgot_title: "Lupa kata sandi",
    forgot_intro: "Pilih satu cara. Kami mengirim tautan untuk membuat kata sandi baru ke kontak yang terdaftar di akun kamu.",
    forgot_way_legend: "Cara memulihkan akun",
    forgot_way_phone: "Nomor HP dan tanggal lahir",
    forgot_way_nik: "NIK dan tanggal lahir",
    forgot_way_email: "Email",
    forgot_submit: "Kirim",
    forgot_sent_title: "Periksa kotak masuk kamu",
    forgot_sent_email: "Email untuk mengatur ulang kata sandi sudah dikirim ke:",
    forgot_sent_both: "Periksa email dan SMS kamu. Jika data yang kamu isi cocok dengan sebuah akun, tautan untuk mengatur ulang kata sandi sudah dikirim ke email dan nomor HP akun itu.",
    forgot_sent_later: "Tautan berlaku 30 menit. Tidak menerima apa pun? Tunggu beberapa menit, periksa folder Spam, lalu coba lagi.",
    forgot_back_to_login: "Kembali ke Login",
    forgot_close: "Tutup",
    reset_title: "Buat kata sandi baru",
    reset_checking: "Sebentar, kami memeriksa tautan kamu.",
    reset_for: "Untuk akun:",
    reset_submit: "Simpan kata sandi baru",
    reset_done_title: "Kata sandi baru sudah disimpan",
    reset_done_text: "Semua perangkat sudah dikeluarkan dari akun kamu. Masuk dengan kata sandi baru.",
    reset_expired: "Tautan ini sudah kedaluwarsa (berlaku 30 menit), atau sudah ada tautan yang lebih baru. Minta tautan baru.",
    reset_used: "Tautan ini sudah dipakai. Jika kamu belum mengganti kata sandi, minta tautan baru.",
    reset_invalid: "Tautan ini tidak kami kenali. Buka seluruh tautan dari pesan terbaru kami, atau minta tautan baru.",
    reset_start_again: "Minta tautan baru",

    nav_account: "Akun saya",
    duration_hours: ["{n} jam", "{n} jam"],
    captcha_label: "Kode pada gambar",
    captcha_hint: "Ketik huruf dan angka yang ada pada gambar di atas. Huruf besar atau kecil sama saja. Sulit dibaca? Tekan Gambar baru.",
    captcha_alt: "Gambar berisi kode huruf dan angka untuk diketik",
    captcha_refresh: "Gambar baru",
    captcha_loading: "Memuat gambar kode…",
    captcha_failed: "Gambar kode tidak bisa dimuat. Periksa koneksi internet, lalu tekan Gambar baru.",
    err_captcha_empty: "Ketik kode yang ada pada gambar.",
    login_unverified_title: "Verifikasi email dulu",
    login_signed_out: "Kamu sudah keluar dari akun.",
    login_session_ended: "Sesi kamu sudah berakhir. Silakan masuk lagi.",
    code_title: "Masukkan kode OTP",
    code_sent_to: "Kami mengirim kode 6 angka ke email:",
    code_legend: "Kode OTP (6 angka)",
    code_digit_label: "Angka ke-{n} dari 6",
    code_hint: "Kode ada di email dari akun Prakerja. Menempel seluruh kode sekaligus juga bisa. Jangan berikan kode ini kepada siapa pun.",
    code_submit: "Verifikasi",
    code_life: "Kode berlaku {n} lagi.",
    code_new: "Kirim kode baru",
    code_new_left: ["Sisa {n} dari 5 kode baru.", "Sisa {n} dari 5 kode baru."],
    code_new_sent: "Kode baru sudah dikirim. Kode sebelumnya tidak berlaku lagi.",
    code_locked: "Kamu sudah meminta 5 kode baru. Kode baru bisa diminta lagi pukul {n}.",
    code_locked_wait: "Tunggu {n} lagi.",
    code_delivery_failed: "Email berisi kode tidak bisa dikirim ke alamat kamu. Minta kode baru: yang ini tidak mengurangi jatah 5 kode baru.",
    code_tries_left: [
        "Sisa {n} kali percobaan untuk kode ini.",
        "Sisa {n} kali percobaan untuk kode ini.",
    ],
    err_code_incomplete: "Ketik keenam angka kode OTP.",
    err_bni_number: "Nomor rekening BNI terdiri dari 10 angka.",
    err_holder_empty: "Isi nama pemilik rekening, sama seperti di e-KTP.",
    code_no_attempt: "Tidak ada proses masuk yang sedang berjalan di tab ini. Masuk dulu dengan email dan kata sandi.",
    code_login_again: "Masuk lagi",
    dashboard_title: "Akun saya",
    dashboard_hi: "Halo, {n}!",
    dashboard_loading: "Memuat akun kamu…",
    dashboard_status: "Status akun:",
    status_active: "Aktif",
    status_blocked: "Diblokir",
    blocked_title: "Akun kamu diblokir",
    blocked_reason: "Alasan:",
    blocked_no_reason: "Alasannya sedang dicatat oleh petugas.",
    blocked_appeal: "Jika menurut kamu ini keliru, ajukan banding lewat Formulir Laporan dan sebutkan email akun kamu. Petugas akan memeriksanya.",
    blocked_appeal_link: "Buka Formulir Laporan",
    dashboard_profile: "Profil",
    dashboard_security: "Keamanan dan perangkat",
    logout: "Keluar",
    profile_title: "Profil",
    profile_email: "Email",
    profile_name: "Nama",
    profile_name_missing: "Belum ada. Nama diambil dari data kependudukan setelah identitas kamu lengkap.",
    profile_back: "Kembali ke akun saya",
    phone_code_sent_to: "Kami mengirim kode 6 angka lewat SMS ke nomor:",
    phone_title: "Verifikasi nomor HP",
    phone_done: "Nomor HP kamu sudah terverifikasi.",
    phone_nothing: "Belum ada nomor HP yang menunggu verifikasi. Lengkapi identitas kamu dulu.",
    identity_title: "Lengkapi identitas",
    identity_intro: "Isi sesuai e-KTP dan Kartu Keluarga. Kami mencocokkannya dengan data kependudukan, dan nama kamu diambil dari sana.",
    nik_label: "NIK",
    nik_hint: "16 angka pada e-KTP kamu.",
    kk_label: "Nomor KK",
    kk_hint: "16 angka pada Kartu Keluarga kamu.",
    dob_label: "Tanggal lahir",
    dob_hint: "Tulis sebagai HH/BB/TTTT, misalnya 17/08/1995.",
    phone_label: "Nomor HP",
    phone_hint: "Nomor yang aktif, misalnya 081234567890. Kami mengirim kode lewat SMS ke nomor ini.",
    identity_submit: "Simpan dan kirim kode",
    dashboard_identity_title: "Lengkapi identitas kamu",
    dashboard_identity_text: "Isi NIK, nomor KK, tanggal lahir dan nomor HP, agar akun kamu bisa dipakai untuk program.",
    dashboard_phone_title: "Verifikasi nomor HP kamu",
    dashboard_phone_text: "Masukkan kode yang kami kirim lewat SMS, agar nomor ini bisa dipakai untuk kode OTP dan pemulihan akun.",
    profile_name_note: "Nama mengikuti e-KTP dari data kependudukan dan tidak bisa diubah.",
    profile_nik: "NIK",
    profile_kk: "Nomor KK",
    profile_dob: "Tanggal lahir",
    profile_phone: "Nomor HP",
    profile_phone_verified: "terverifikasi",
    profile_phone_pending: "menunggu verifikasi",
    password_title: "Ubah Kata Sandi",
    password_intro: "Setelah kata sandi diubah, semua perangkat lain otomatis keluar dan kami mengirim email pemberitahuan.",
    current_password_label: "Kata sandi lama",
    current_password_hint: "Kata sandi yang kamu pakai sekarang.",
    new_password_label: "Kata sandi baru",
    password_submit: "Ubah Kata Sandi",
    password_done: "Kata sandi sudah diubah. Perangkat lain sudah dikeluarkan, dan kami mengirim email pemberitahuan.",
    profile_change_phone: "Ubah nomor HP",
    change_phone_title: "Ubah nomor HP",
    change_phone_intro: "Nomor HP dipakai untuk kode OTP dan untuk dompet digital penerima insentif.",
    change_phone_not_beneficiary: "Hanya penerima manfaat Kartu Prakerja tahun ini yang bisa mengubah nomor HP di sini. Jika nomor kamu hilang atau tidak aktif lagi, gunakan Formulir Laporan agar petugas membantu.",
    change_phone_unlink_title: "Putuskan rekening dulu",
    change_phone_unlink_text: "Rekening atau dompet digital penerima insentif terhubung dengan nomor HP kamu. Agar insentif tetap sampai, putuskan dulu, lalu hubungkan lagi setelah nomor baru tersimpan.",
    change_phone_unlink_button: "Ya, Putuskan Rekening",
    change_phone_unlinked: "Rekening sudah diputus. Sekarang masukkan nomor baru.",
    change_phone_step_title: "Ganti Nomor",
    change_phone_new_label: "Nomor HP baru",
    change_phone_new_hint: "Nomor yang aktif, misalnya 081234567890. Kami mengirim kode lewat SMS ke nomor baru ini.",
    change_phone_continue: "Lanjutkan",
    reauth_title: "Masukkan kata sandi lagi",
    reauth_text: "Demi keamanan, perubahan ini butuh kata sandi kamu sekali lagi.",
    reauth_submit: "Konfirmasi",
    change_phone_done_title: "Nomor baru tersimpan",
    change_phone_done_text: "Nomor HP baru sudah dipakai untuk akun kamu. Jangan lupa hubungkan lagi dompet digital kamu agar insentif tetap sampai.",
    change_phone_link_again: "Hubungkan dompet digital",
    payout_title: "Rekening penerima insentif",
    payout_intro: "Insentif dikirim ke rekening BNI atau ke dompet digital (GoPay, OVO, DANA, LinkAja) yang terdaftar atas nomor HP akun kamu.",
    payout_none: "Belum ada rekening yang terhubung.",
    payout_linked: "Terhubung:",
    payout_kind_legend: "Jenis rekening",
    payout_kind_ewallet: "Dompet digital",
    payout_kind_bni: "Rekening BNI",
    payout_provider_label: "Dompet digital",
    payout_number_label: "Nomor dompet digital",
    payout_number_hint: "Harus sama dengan nomor HP akun kamu.",
    payout_bni_number_label: "Nomor rekening BNI",
    payout_bni_number_hint: "10 angka pada buku tabungan atau aplikasi BNI.",
    payout_holder_label: "Nama pemilik rekening",
    payout_holder_hint: "Harus sama dengan nama di e-KTP kamu.",
    payout_link_submit: "Hubungkan",
    payout_unlink: "Putuskan rekening",
    payout_linked_done: "Rekening sudah terhubung.",
    payout_unlinked_done: "Rekening sudah diputus.",
    sessions_title: "Perangkat yang masuk",
    sessions_intro: "Ini perangkat yang sedang masuk ke akun kamu. Jika ada yang tidak kamu kenal, keluarkan perangkat itu, lalu ganti kata sandi.",
    sessions_this_device: "Perangkat ini",
    sessions_signed_in: "Masuk: {n}",
    sessions_last_seen: "Terakhir aktif: {n}",
    sessions_end: "Keluarkan",
    sessions_end_others: "Keluar dari semua perangkat lain",
    sessions_ended_one: "Perangkat itu sudah dikeluarkan.",
    sessions_ended_others: "Semua perangkat lain sudah dikeluarkan.",
    sessions_only_this: "Hanya perangkat ini yang sedang masuk.",
    sessions_guidelines: "Panduan keamanan akun",
    ago_now: "baru saja",
    ago_minutes: ["{n} menit lalu", "{n} menit lalu"],
    ago_hours: ["{n} jam lalu", "{n} jam lalu"],
    ago_days: ["{n} hari lalu", "{n} hari lalu"],
    time_separator: ".",

    help_title: "Pusat Bantuan",
    help_intro: "Jawaban singkat untuk pertanyaan yang paling sering diajukan. Ketuk \
        pertanyaan untuk membuka jawabannya.",
    help_register_q: "Bagaimana cara mendaftar?",
    help_register_a: [
        "Buka halaman Daftar, isi email aktif dan kata sandi minimal 8 karakter, lalu tekan \
            Daftar. Setiap kolom langsung diperiksa saat kamu mengetik, jadi kamu tahu \
            kesalahannya sebelum mengirim.",
        "Kami lalu mengirim tautan verifikasi ke email kamu. Akun aktif setelah tautan itu \
            dibuka. Tautan berlaku 24 jam.",
    ],
    help_email_q: "Email verifikasi tidak masuk. Apa yang harus saya lakukan?",
    help_email_intro: "Email kadang tiba terlambat, terutama saat pendaftar sedang banyak. \
        Coba langkah berikut:",
    help_email_steps: [
        "Periksa folder Spam, Promosi, atau Sosial di kotak masuk kamu.",
        "Cari kata \"Prakerja\" di kotak masuk kamu.",
        "Tunggu sebentar: email bisa tiba hingga satu jam kemudian.",
        "Pastikan alamat email yang kamu daftarkan sudah benar, tanpa salah ketik.",
        "Jika tetap tidak ada, laporkan lewat Formulir Laporan agar petugas bisa membantu.",
    ],
    help_otp_q: "Apa itu kode OTP, dan bagaimana jika kodenya tidak masuk?",
    help_otp_a: [
        "OTP adalah kode angka sekali pakai (4 atau 6 digit) yang dikirim lewat SMS atau email \
            ke kontak yang terdaftar di akun kamu. Kode hanya berlaku beberapa menit.",
        "Kamu bisa meminta kode baru paling banyak 5 kali. Setelah itu permintaan kode baru \
            ditutup selama 2 jam, dan layar menunjukkan kapan kamu bisa mencoba lagi.",
        "Jika kode tidak pernah masuk, mungkin nomor HP atau email di akun kamu sudah tidak \
            aktif. Gunakan Formulir Laporan. Jangan pernah memberikan kode OTP kepada siapa pun.",
    ],
    help_forgot_q: "Saya lupa kata sandi.",
    help_forgot_intro: "Pilih \"Lupa kata sandi\" di halaman Masuk, lalu gunakan salah satu \
        cara berikut:",
    help_forgot_ways: [
        "Nomor HP dan tanggal lahir: tautan dikirim lewat email dan SMS.",
        "NIK dan tanggal lahir: tautan dikirim lewat email dan SMS.",
        "Email: tautan dikirim lewat email.",
    ],
    help_forgot_after: "Buka tautan itu untuk membuat kata sandi baru. Tautan hanya berlaku \
        sebentar dan hanya bisa dipakai sekali.",
    help_blocked_q: "Akun saya diblokir atau saya tidak bisa masuk.",
    help_blocked_a: [
        "Akun bisa diblokir jika melanggar syarat dan ketentuan program. Halaman akun kamu \
            menjelaskan alasannya, apakah blokir itu permanen, dan cara mengajukan keberatan.",
        "Untuk memulihkan akses, isi Formulir Laporan dan lampirkan foto berikut. Petugas \
            akan memeriksanya dan memberi kabar melalui nomor kasus kamu.",
    ],
    help_blocked_photos: [
        "Foto e-KTP.",
        "Foto Kartu Keluarga (KK).",
        "Swafoto sambil memegang e-KTP.",
        "Swafoto sambil memegang KK.",
    ],
    help_delete_q: "Bisakah akun saya dihapus?",
    help_delete_a: "Tidak. Akun yang sudah terdaftar tidak dapat dihapus. Jika tidak ingin \
        memakainya lagi, kamu cukup tidak masuk; tetap jaga kerahasiaan kata sandi kamu.",
    help_security_link: "Baca juga panduan keamanan akun",
    help_search_label: "Cari pertanyaan",
    help_search_hint: "Ketik satu kata, misalnya OTP, kata sandi atau blokir.",
    help_no_results: "Tidak ada pertanyaan yang cocok. Coba kata lain, atau buka Formulir Laporan.",
    help_login_q: "Bagaimana cara masuk ke akun?",
    help_login_a: [
        "Buka halaman Masuk, isi email dan kata sandi, lalu ketik kode pada gambar. Sulit dibaca? Tekan Gambar baru.",
        "Setelah itu kami mengirim kode OTP 6 angka ke email kamu. Masukkan kode itu untuk menyelesaikan proses masuk. Kode berlaku 5 menit.",
    ],
    help_codes_q: "Mengapa kode OTP tidak masuk?",
    help_codes_a: [
        "Email kadang terlambat beberapa menit saat banyak orang masuk bersamaan. Periksa juga folder Spam dan cari \"Prakerja\" di kotak masuk.",
        "Jika email kode tidak bisa dikirim, layar kode memberi tahu kamu dan kamu bisa meminta kode baru tanpa mengurangi jatah.",
        "Jika kode tidak pernah masuk, alamat email atau nomor HP di akun mungkin sudah tidak aktif. Gunakan Formulir Laporan.",
    ],
    help_fraud_q: "Akun saya ditandai terindikasi melakukan kecurangan. Apa artinya?",
    help_fraud_a: [
        "Tanda ini muncul jika verifikasi wajah tidak cocok: wajah orang lain, atau foto yang dipindai dan bukan wajah asli di depan kamera.",
        "Pemindaian wajah harus langsung dari kamera HP atau laptop kamu, bukan dari berkas. Jika menurut kamu ini keliru, ajukan banding lewat Formulir Laporan.",
    ],
    help_name_q: "Bisakah saya mengubah nama?",
    help_name_a: [
        "Tidak. Nama diambil dari data kependudukan (Dukcapil) sesuai NIK kamu dan mengikuti KTP, jadi tidak bisa diubah di sini.",
        "Jika nama di KTP kamu sudah berubah, perbarui dulu data kependudukan di Dukcapil. Setelah itu, gunakan Formulir Laporan.",
    ],
    help_password_q: "Bagaimana cara mengubah kata sandi?",
    help_password_a: [
        "Masuk, buka Profil, lalu pilih Ubah Kata Sandi. Isi kata sandi lama dan kata sandi baru dua kali. Setelah berhasil, perangkat lain otomatis keluar dan kami mengirim email pemberitahuan.",
    ],
    help_phone_q: "Bagaimana cara mengubah nomor HP?",
    help_phone_a: [
        "Nomor HP dipakai untuk kode OTP dan untuk dompet digital penerima insentif, jadi hanya penerima manfaat tahun ini yang bisa mengubahnya di Profil.",
        "Jika rekening atau dompet digital masih terhubung, kamu diminta memutuskannya dulu, lalu memasukkan nomor baru dan kode yang dikirim lewat SMS ke nomor baru itu.",
    ],
    help_misuse_q: "Akun saya dipakai orang lain.",
    help_misuse_a: [
        "Segera ganti kata sandi jika kamu masih bisa masuk. Jika tidak bisa, gunakan Lupa kata sandi. Lalu periksa perangkat yang masuk dan keluarkan yang tidak kamu kenal. Langkah lengkapnya ada di halaman berikut.",
    ],
    help_safe_q: "Bagaimana menjaga akun tetap aman?",
    help_safe_a: [
        "Jangan pernah memberikan kode OTP atau kata sandi kepada siapa pun, termasuk yang mengaku petugas. Gunakan hanya saluran resmi, waspadai tautan, dan pakai kata sandi khusus untuk akun ini.",
    ],
    help_go_register: "Buka halaman Daftar",
    help_go_login: "Buka halaman Masuk",
    help_go_report: "Buka Formulir Laporan",
    help_go_profile: "Buka Profil",
    help_go_misuse: "Langkah jika akun disalahgunakan",
    help_go_security: "Baca panduan keamanan akun",
    misuse_title: "Akun disalahgunakan? Lakukan ini sekarang",
    misuse_intro: "Jika kamu menerima pemberitahuan tentang perubahan yang tidak kamu lakukan, atau curiga ada orang lain yang memakai akun kamu, ikuti langkah berikut secara berurutan.",
    misuse_steps: [
        (
            "Ganti kata sandi sekarang.",
            "Jika kamu masih bisa masuk, buka Profil lalu Ubah Kata Sandi. Semua perangkat lain akan keluar.",
        ),
        (
            "Tidak bisa masuk? Pakai Lupa kata sandi.",
            "Jika kata sandi sudah diganti orang lain, pilih Lupa kata sandi di halaman Masuk untuk membuat yang baru.",
        ),
        (
            "Periksa perangkat yang masuk.",
            "Di Keamanan dan perangkat, keluarkan setiap perangkat yang tidak kamu kenal.",
        ),
        (
            "Jangan berikan kode kepada siapa pun.",
            "Petugas Prakerja tidak pernah meminta kode OTP atau kata sandi. Jika masih bermasalah, gunakan Formulir Laporan.",
        ),
    ],
    misuse_sessions: "Buka Keamanan dan perangkat",

    security_title: "Panduan keamanan akun",
    security_intro: "Penipu sering mengaku sebagai petugas Prakerja untuk mengambil alih akun \
        dan insentif. Lindungi akun kamu dengan aturan berikut.",
    security_rules: [
        (
            "Jangan berikan kode OTP.",
            "Kode OTP dan kata sandi hanya untuk kamu. Jangan berikan kepada siapa pun, \
                termasuk orang yang mengaku petugas, keluarga, atau teman. Petugas Prakerja \
                tidak akan pernah memintanya.",
        ),
        (
            "Hanya lewat kanal resmi.",
            "Cari informasi hanya dari situs dan kanal resmi Prakerja. Abaikan pesan, telepon, \
                atau akun media sosial lain yang menawarkan bantuan.",
        ),
        (
            "Waspadai tautan.",
            "Jangan membuka tautan dari pesan yang tidak kamu harapkan. Sebelum mengetik kata \
                sandi, periksa alamat situs di bilah alamat peramban.",
        ),
        (
            "Ganti kata sandi bila curiga.",
            "Jika ada orang lain yang mungkin tahu kata sandi kamu, segera ganti. Jika kata \
                sandi sudah diganti orang lain, gunakan Lupa kata sandi.",
        ),
        (
            "Jangan memakai ulang kata sandi.",
            "Buat kata sandi khusus untuk akun Prakerja, yang tidak kamu pakai di email, media \
                sosial, atau toko daring.",
        ),
        (
            "Kunci HP kamu.",
            "Pasang kunci layar, dan jangan biarkan orang lain memakai akun kamu di HP mereka.",
        ),
    ],
    security_misuse: "Jika akun kamu disalahgunakan, segera ganti kata sandi. Jika kamu tidak \
        bisa masuk lagi, gunakan Lupa kata sandi atau Formulir Laporan.",

    not_found_title: "Halaman tidak ditemukan",
    not_found_text: "Alamat yang kamu buka tidak ada atau sudah dipindahkan.",
    not_found_home: "Kembali ke Beranda",

    err_password_mismatch: "Kedua kata sandi tidak sama. Ketik ulang dengan teliti.",
    err_password_empty: "Kata sandi wajib diisi.",
    err_network: "Tidak dapat terhubung. Periksa koneksi internet kamu, lalu coba lagi. \
        Isian kamu tidak hilang.",
    err_busy_retrying: "Layanan sedang ramai. Kami akan mencoba lagi secara otomatis dalam \
        {n}; isian kamu tetap tersimpan.",

    err_email_empty: "Email wajib diisi.",
    err_email_too_long: "Alamat email terlalu panjang.",
    err_email_invalid: "Format email belum benar. Contoh: nama@contoh.com",
    err_password_too_short: "Kata sandi minimal 8 karakter.",
    err_password_too_long: "Kata sandi terlalu panjang. Pilih yang lebih pendek.",
    err_password_too_common: "Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain.",
    err_nik_format: "NIK harus terdiri dari 16 angka.",
    err_nik_region: "Kode wilayah pada NIK tidak dikenal. Periksa 6 angka pertama.",
    err_nik_birth_date: "Tanggal lahir di dalam NIK tidak valid. Periksa angka ke-7 sampai \
        ke-12.",
    err_nik_dob_mismatch: "NIK tidak cocok dengan tanggal lahir yang kamu isi.",
    err_kk_format: "Nomor KK harus terdiri dari 16 angka.",
    err_kk_region: "Kode wilayah pada nomor KK tidak dikenal. Periksa 6 angka pertama.",
    err_phone_format: "Nomor HP belum benar. Contoh: 081234567890 atau +6281234567890.",
    err_phone_not_mobile: "Gunakan nomor HP (diawali 08 atau +628), bukan nomor telepon rumah.",
    err_dob_format: "Tulis tanggal lahir sebagai HH/BB/TTTT, misalnya 17/08/1995.",
    err_dob_invalid: "Tanggal ini tidak ada di kalender. Periksa hari dan bulannya.",
    err_dob_in_future: "Tanggal lahir tidak boleh di masa depan.",
    err_dob_implausible_age: "Umur dari tanggal lahir ini tidak masuk akal. Periksa tahunnya.",
    err_otp_format: "Kode OTP hanya berisi angka. Ketik sesuai kode yang kamu terima.",
    err_bad_request: "Permintaan tidak dapat diproses. Muat ulang halaman, lalu coba lagi.",
    err_unauthorized: "Email atau kata sandi salah, atau sesi kamu sudah berakhir. Silakan \
        coba lagi.",
    err_csrf_rejected: "Permintaan ditolak demi keamanan. Muat ulang halaman, lalu coba lagi.",
    err_not_found: "Layanan ini belum tersedia. Silakan coba lagi nanti.",
    err_payload_too_large: "Data yang dikirim terlalu besar.",
    err_too_many_requests: "Terlalu banyak percobaan. Tunggu beberapa menit, lalu coba lagi.",
    err_terms_not_accepted: "Setujui Syarat dan Ketentuan untuk melanjutkan.",
    err_token_invalid: "Tautan ini tidak dikenal. Pastikan kamu membuka tautan lengkap dari email terbaru kami.",
    err_token_expired: "Tautan ini sudah kedaluwarsa. Minta tautan baru di bawah ini.",
    err_token_used: "Tautan ini sudah pernah dipakai. Kalau akunmu sudah aktif, silakan masuk.",
    err_login_failed: "Email, password, atau kode gambar salah. Periksa lagi lalu coba dengan kode gambar yang baru.",
    err_email_not_verified: "Email kamu belum diverifikasi. Buka tautan aktivasi di email kamu, atau minta tautan baru.",
    err_otp_wrong: "Kode OTP salah.",
    err_otp_expired: "Kode OTP sudah kedaluwarsa. Minta kode baru.",
    err_otp_dead: "Kode ini sudah salah dimasukkan 5 kali dan tidak bisa dipakai lagi. Minta kode baru.",
    err_login_expired: "Waktu masuk sudah habis. Silakan masuk lagi dengan email dan password.",
    err_codes_locked: "Kamu sudah meminta kode baru 5 kali. Kode baru bisa diminta lagi setelah waktu tunggu selesai.",
    err_nik_unknown: "NIK ini tidak ditemukan di data kependudukan (Dukcapil). Periksa lagi ke-16 angkanya sesuai e-KTP kamu.",
    err_identity_dob_mismatch: "Tanggal lahir tidak sama dengan data kependudukan untuk NIK ini. Isi sesuai tanggal lahir di e-KTP kamu.",
    err_identity_kk_mismatch: "Nomor KK tidak sama dengan data kependudukan untuk NIK ini. Isi sesuai Kartu Keluarga terbaru kamu.",
    err_nik_taken: "NIK ini sudah dipakai oleh akun lain. Kalau itu bukan akun kamu, laporkan lewat Formulir Laporan.",
    err_identity_already_complete: "Data diri kamu sudah lengkap dan tidak bisa diisi ulang. Muat ulang halaman untuk melihatnya.",
    err_identity_incomplete: "Lengkapi data diri kamu dulu (NIK, nomor KK, tanggal lahir, dan nomor HP).",
    err_phone_taken: "Nomor HP ini sudah diverifikasi oleh akun lain. Gunakan nomor HP milik kamu sendiri.",
    err_phone_already_verified: "Nomor HP kamu sudah terverifikasi. Tidak perlu kode lagi.",
    err_registry_unavailable: "Data kependudukan sedang tidak dapat dihubungi. Isian kamu tidak hilang; coba lagi beberapa saat lagi.",
    err_password_wrong: "Kata sandi saat ini salah. Ketik kata sandi yang kamu pakai untuk masuk.",
    err_password_same: "Kata sandi baru harus berbeda dari kata sandi saat ini.",
    err_not_beneficiary: "Hanya penerima Kartu Prakerja tahun ini yang bisa mengganti nomor HP di sini. Kalau nomor HP kamu hilang atau berganti, sampaikan lewat Formulir Laporan.",
    err_reauth_required: "Demi keamanan, masukkan lagi kata sandi kamu sebelum mengganti nomor HP.",
    err_phone_same: "Ini nomor HP kamu sekarang. Masukkan nomor HP yang baru.",
    err_phone_not_verified: "Verifikasi nomor HP kamu dulu.",
    err_phone_change_not_started: "Tidak ada penggantian nomor HP yang menunggu kode. Mulai lagi dari Profil.",
    err_payout_linked: "Putuskan rekening atau e-wallet kamu dulu sebelum mengganti nomor HP, supaya insentif tetap sampai.",
    err_payout_already_linked: "Sudah ada rekening atau e-wallet yang terhubung. Putuskan dulu untuk menggantinya.",
    err_payout_not_linked: "Tidak ada rekening atau e-wallet yang terhubung.",
    err_payout_account_format: "Nomor rekening BNI terdiri dari 10 angka.",
    err_payout_holder_mismatch: "Nama pemilik rekening harus sama dengan nama di data kependudukan (e-KTP) kamu.",
    err_payout_number_mismatch: "Nomor e-wallet harus sama dengan nomor HP akun kamu yang sudah terverifikasi.",
    err_busy: "Layanan sedang ramai. Silakan coba lagi sebentar lagi; isian kamu tidak hilang.",
    err_internal: "Terjadi gangguan di sistem kami. Isian kamu tidak hilang; coba lagi \
        beberapa saat lagi.",
};
