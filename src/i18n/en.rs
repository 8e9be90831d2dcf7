//! English.

use super::Texts;

pub static EN: Texts = Texts {
    brand: "akun Prakerja",
    skip_link: "Skip to main content",
    nav_label: "Main menu",
    nav_home: "Home",
    nav_register: "Register",
    nav_login: "Log in",
    nav_help: "Help",
    nav_security: "Security",
    lang_switch_text: "Bahasa Indonesia",
    lang_switch_label: "Bahasa Indonesia: switch the language to Indonesian",
    footer_warning: "Never give your OTP code or password to anyone, not even to someone who \
        says they are Prakerja staff.",
    footer_security_link: "Read the security guidelines",

    home_title: "Welcome to akun Prakerja",
    home_intro: "This is where you create and manage your Kartu Prakerja account: register \
        with your email, log in safely, and get back in when something goes wrong.",
    home_points: [
        "Register with just an email address and a password. We email you a verification link.",
        "When you log in, we email you a one-time code (OTP) as an extra safeguard.",
        "Email not arriving, password forgotten, or account blocked? The Help centre explains \
            what to do.",
    ],
    home_register: "Create an account",
    home_login: "Log in",
    home_help: "Open the Help centre",

    email_label: "Email",
    email_hint: "An email address you can open, such as name@example.com. We send the \
        verification link and your OTP codes here.",
    password_label: "Password",
    password_new_hint: "At least 8 characters. A long sentence you can remember is fine too. \
        Avoid easy guesses such as 12345678, and do not reuse a password from another account.",
    password_current_hint: "The password you chose when you registered.",
    password_repeat_label: "Repeat password",
    password_repeat_hint: "Type the same password once more.",
    password_show: "Show password",
    password_strength: [
        "Password strength: weak. Make it longer, for example a few words you can easily \
            remember.",
        "Password strength: fair. The longer, the safer.",
        "Password strength: strong.",
    ],
    field_error_prefix: "Please fix:",
    form_error_prefix: "Not done:",
    sending: "Sending…",
    busy_cancel: "Cancel",
    duration_seconds: ["{n} second", "{n} seconds"],
    duration_minutes: ["{n} minute", "{n} minutes"],

    register_title: "Create your account",
    register_intro: "Fill in the fields below. We then email you a verification link; your \
        account becomes active once you open it.",
    register_submit: "Register",
    terms_accept: [
        "I have read and accept the ",
        "Terms and Conditions",
        " of akun Prakerja.",
    ],
    register_have_account: "Already have an account? Log in here",
    register_email_help: "Verification email not arriving?",

    check_title: "Check your email",
    check_sent_to: "We have sent a verification link to:",
    check_next: "Open that email, then tap the link to activate your account. The link works \
        for 24 hours. You may close this page.",
    check_unknown: "This page does not know which address you registered. If you have \
        registered, write the address below to ask for a new verification link.",
    check_nothing_title: "Nothing arrived?",
    check_report: "Still nothing? Fill in the Report Form",
    check_wrong_address: "Wrong email address? Register again with the right one",
    resend_title: "Ask for a new link",
    resend_email_hint: "The email address you registered with.",
    resend_button: "Send the verification email again",
    resend_sent: "Request received. If this address is waiting for verification, a new email \
        is on its way; check your Spam folder too.",
    resend_wait: "You can ask for another email in {n}.",

    verify_checking_title: "Checking your link…",
    verify_checking_text: "One moment: we are activating your account.",
    verify_active_title: "Your account is active",
    verify_active_text: "Your email address is verified. You can now log in with your email \
        and the password you chose.",
    verify_active_address: "Account email:",
    verify_login: "Log in now",
    verify_expired_title: "This link has expired",
    verify_used_title: "This link has already been used",
    verify_invalid_title: "We do not recognise this link",
    verify_error_title: "We could not check your link yet",
    verify_retry: "Try again",

    terms_title: "Terms and Conditions",
    terms_intro: "By registering, you accept the terms below. Please take a moment to read \
        them: they are short and they matter.",
    terms_sections: [
        (
            "What the account is for",
            "This account is your way into the Kartu Prakerja programme: to apply, take \
                training, follow your status and receive incentives. It is created in your \
                name and is for you alone to use.",
        ),
        (
            "Your personal data is protected",
            "Your personal data, such as your email, NIK, mobile number, photos of your \
                e-KTP and KK, and selfies, is used only to run the programme and is protected \
                under Indonesia's Personal Data Protection Law, Law No. 27 of 2022 (UU PDP). \
                A photo of your face is specific personal data and is guarded more strictly. \
                If a data breach happens, you will be told within 3 x 24 hours.",
        ),
        (
            "Accounts cannot be deleted",
            "Once registered, an account cannot be deleted. If you no longer want to use it, \
                simply do not log in, and keep your password secret.",
        ),
        (
            "Do not share your account or codes",
            "Lending, selling or sharing your account, password, emailed links or OTP codes \
                with anyone is forbidden, including people who say they are staff.",
        ),
        (
            "Your data must be true",
            "Enter your details as they appear on your official documents. False data, or \
                someone else's data, can get an account blocked. A blocked account is always \
                told why, and how to appeal through the Report Form.",
        ),
    ],
    terms_back: "Back to registration",

    report_title: "Report Form",
    report_coming: "We are preparing the Report Form. Soon you will be able to use it to \
        report a verification email that never came or a blocked account, and staff will \
        help you.",
    report_meanwhile: "Meanwhile, these pages may already answer your question:",

    login_title: "Log in to your account",
    login_intro: "Enter your email and password. We then email you an OTP code to finish \
        logging in.",
    login_submit: "Log in",
    login_done: "Done. Check your email and enter the OTP code we sent you.",
    login_no_account: "No account yet?",
    login_register_link: "Register now",
    login_forgot: "Forgotten your password?",
    forgot_title: "Forgotten password",
    forgot_intro: "Choose one way. We send a link to set a new password to the contact details on your account.",
    forgot_way_legend: "How to find your account",
    forgot_way_phone: "Mobile number and date of birth",
    forgot_way_nik: "NIK and date of birth",
    forgot_way_email: "Email",
    forgot_submit: "Send",
    forgot_sent_title: "Check your inbox",
    forgot_sent_email: "Your password reset email has been sent to:",
    forgot_sent_both: "Check your email and SMS. If what you entered matches an account, a link to reset the password has been sent to that account's email and mobile number.",
    forgot_sent_later: "The link works for 30 minutes. Nothing came? Wait a few minutes, look in your Spam folder, then try again.",
    forgot_back_to_login: "Return to Login",
    forgot_close: "Close",
    reset_title: "Set a new password",
    reset_checking: "One moment: we are checking your link.",
    reset_for: "For the account:",
    reset_submit: "Save the new password",
    reset_done_title: "Your new password is saved",
    reset_done_text: "Every device has been logged out of your account. Log in with the new password.",
    reset_expired: "This link has expired (links work for 30 minutes), or a newer one was sent. Ask for a new link.",
    reset_used: "This link has already been used. If you have not changed your password, ask for a new link.",
    reset_invalid: "We do not recognise this link. Open the whole link from our latest message, or ask for a new link.",
    reset_start_again: "Ask for a new link",

    nav_account: "My account",
    duration_hours: ["{n} hour", "{n} hours"],
    captcha_label: "Code in the picture",
    captcha_hint: "Type the letters and numbers in the picture above. Capitals or small letters do not matter. Hard to read? Press New picture.",
    captcha_alt: "Picture of a code of letters and numbers to type",
    captcha_refresh: "New picture",
    captcha_loading: "Loading the picture…",
    captcha_failed: "The picture could not be loaded. Check your internet connection, then press New picture.",
    err_captcha_empty: "Type the code shown in the picture.",
    login_unverified_title: "Verify your email first",
    login_signed_out: "You have logged out.",
    login_session_ended: "Your session has ended. Please log in again.",
    code_title: "Enter the OTP code",
    code_sent_to: "We sent a 6-digit code to the email address:",
    code_legend: "OTP code (6 digits)",
    code_digit_label: "Digit {n} of 6",
    code_hint: "The code is in the email from akun Prakerja. Pasting the whole code at once works too. Never give this code to anyone.",
    code_submit: "Verify",
    code_life: "The code works for {n} more.",
    code_new: "Send a new code",
    code_new_left: ["{n} of 5 new codes left.", "{n} of 5 new codes left."],
    code_new_sent: "A new code is on its way. The previous code no longer works.",
    code_locked: "You have asked for 5 new codes. You can ask for a new code again at {n}.",
    code_locked_wait: "{n} to go.",
    code_delivery_failed: "The email with your code could not be delivered. Ask for a new code: this one does not count against your 5 new codes.",
    code_tries_left: [
        "{n} try left for this code.",
        "{n} tries left for this code.",
    ],
    err_code_incomplete: "Type all 6 digits of the OTP code.",
    code_no_attempt: "There is no login under way in this tab. Log in with your email and password first.",
    code_login_again: "Log in again",
    dashboard_title: "My account",
    dashboard_hi: "Hi, {n}!",
    dashboard_loading: "Loading your account…",
    dashboard_status: "Account status:",
    status_active: "Active",
    status_blocked: "Blocked",
    blocked_title: "Your account is blocked",
    blocked_reason: "Reason:",
    blocked_no_reason: "Staff are recording the reason.",
    blocked_appeal: "If you think this is a mistake, appeal through the Report Form and give your account's email address. Staff will look into it.",
    blocked_appeal_link: "Open the Report Form",
    dashboard_profile: "Profile",
    dashboard_security: "Security and devices",
    logout: "Log out",
    profile_title: "Profile",
    profile_email: "Email",
    profile_name: "Name",
    profile_name_missing: "Not yet. Your name comes from the civil registry once your identity is complete.",
    profile_back: "Back to my account",
    phone_code_sent_to: "We sent a 6-digit code by SMS to the number:",
    phone_title: "Verify your mobile number",
    phone_done: "Your mobile number is verified.",
    phone_nothing: "No mobile number is waiting to be verified. Complete your identity first.",
    identity_title: "Complete your identity",
    identity_intro: "Fill this in as on your e-KTP and family card. We check it against the civil registry, and your name comes from there.",
    nik_label: "NIK",
    nik_hint: "The 16 digits on your e-KTP.",
    kk_label: "KK number",
    kk_hint: "The 16 digits on your family card (KK).",
    dob_label: "Date of birth",
    dob_hint: "Write it as DD/MM/YYYY, for example 17/08/1995.",
    phone_label: "Mobile number",
    phone_hint: "A number in use, for example 081234567890. We send a code by SMS to it.",
    identity_submit: "Save and send the code",
    dashboard_identity_title: "Complete your identity",
    dashboard_identity_text: "Enter your NIK, KK number, date of birth and mobile number, so that your account can be used for the programme.",
    dashboard_phone_title: "Verify your mobile number",
    dashboard_phone_text: "Enter the code we sent by SMS, so that this number can be used for OTP codes and account recovery.",
    profile_name_note: "Your name follows your e-KTP in the civil registry and cannot be changed.",
    profile_nik: "NIK",
    profile_kk: "KK number",
    profile_dob: "Date of birth",
    profile_phone: "Mobile number",
    profile_phone_verified: "verified",
    profile_phone_pending: "waiting for verification",
    password_title: "Change password",
    password_intro: "After the change, every other device is logged out and we email you a notice.",
    current_password_label: "Old password",
    current_password_hint: "The password you use now.",
    new_password_label: "New password",
    password_submit: "Change password",
    password_done: "Your password has been changed. Other devices have been logged out, and we have emailed you a notice.",
    sessions_title: "Signed-in devices",
    sessions_intro: "These devices are signed in to your account. If you do not recognise one, log it out, then change your password.",
    sessions_this_device: "This device",
    sessions_signed_in: "Signed in: {n}",
    sessions_last_seen: "Last active: {n}",
    sessions_end: "Log out",
    sessions_end_others: "Log out of all other devices",
    sessions_ended_one: "That device has been logged out.",
    sessions_ended_others: "All other devices have been logged out.",
    sessions_only_this: "Only this device is signed in.",
    sessions_guidelines: "Account safety guidelines",
    ago_now: "just now",
    ago_minutes: ["{n} minute ago", "{n} minutes ago"],
    ago_hours: ["{n} hour ago", "{n} hours ago"],
    ago_days: ["{n} day ago", "{n} days ago"],
    time_separator: ":",

    help_title: "Help centre",
    help_intro: "Short answers to the questions people ask most. Tap a question to open its \
        answer.",
    help_register_q: "How do I register?",
    help_register_a: [
        "Open the Register page, enter an email address you use and a password of at least 8 \
            characters, then press Register. Each field is checked as you type, so you see any \
            problem before you send.",
        "We then email you a verification link. Your account becomes active when you open it. \
            The link works for 24 hours.",
    ],
    help_email_q: "The verification email has not arrived. What should I do?",
    help_email_intro: "Emails sometimes arrive late, especially when many people are \
        registering. Try these steps:",
    help_email_steps: [
        "Look in the Spam, Promotions or Social folders of your mailbox.",
        "Search your mailbox for \"Prakerja\".",
        "Wait a little: an email can take up to an hour to arrive.",
        "Make sure the email address you registered is right, with no typing mistakes.",
        "If it still has not come, use the Report Form so that staff can help you.",
    ],
    help_otp_q: "What is an OTP code, and what if it does not arrive?",
    help_otp_a: [
        "An OTP is a one-time number code (4 or 6 digits) sent by SMS or email to the contact \
            details on your account. A code works for a few minutes only.",
        "You can ask for a new code at most 5 times. After that, new codes are paused for 2 \
            hours, and the screen shows when you can try again.",
        "If codes never arrive, the phone number or email on your account may no longer work. \
            Use the Report Form. Never give an OTP code to anyone.",
    ],
    help_forgot_q: "I have forgotten my password.",
    help_forgot_intro: "Choose \"Forgotten your password?\" on the Log in page, then use one of \
        these:",
    help_forgot_ways: [
        "Mobile number and date of birth: the link comes by email and SMS.",
        "NIK and date of birth: the link comes by email and SMS.",
        "Email: the link comes by email.",
    ],
    help_forgot_after: "Open the link to choose a new password. It works for a short time and \
        only once.",
    help_blocked_q: "My account is blocked, or I cannot log in.",
    help_blocked_a: [
        "An account can be blocked when it breaks the programme's terms. Your account page says \
            why, whether the block is final, and how to appeal.",
        "To get access back, fill in the Report Form with the photos below. Staff check them \
            and keep you informed under your case number.",
    ],
    help_blocked_photos: [
        "A photo of your e-KTP (ID card).",
        "A photo of your KK (family card).",
        "A selfie holding your e-KTP.",
        "A selfie holding your KK.",
    ],
    help_delete_q: "Can my account be deleted?",
    help_delete_a: "No. Once registered, an account cannot be deleted. If you no longer want \
        to use it, simply do not log in, and keep your password secret.",
    help_security_link: "Read the account security guidelines too",
    help_search_label: "Search the questions",
    help_search_hint: "Type a word, for example OTP, password or blocked.",
    help_no_results: "No question matches. Try another word, or open the Report Form.",
    help_login_q: "How do I log in?",
    help_login_a: [
        "Open the Log in page, enter your email and password, then type the code in the picture. Hard to read? Press New picture.",
        "We then email you a 6-digit OTP code. Enter it to finish logging in. The code works for 5 minutes.",
    ],
    help_codes_q: "Why does my OTP code not arrive?",
    help_codes_a: [
        "Emails are sometimes a few minutes late when many people log in at once. Also look in your Spam folder and search your mailbox for \"Prakerja\".",
        "If the email with the code cannot be delivered, the code screen tells you, and you can ask for a new code that does not count against your limit.",
        "If codes never arrive, the email address or mobile number on your account may no longer work. Use the Report Form.",
    ],
    help_fraud_q: "My account is flagged for fraud. What does it mean?",
    help_fraud_a: [
        "This flag appears when the face check did not match: someone else's face, or a photo held up instead of a live face in front of the camera.",
        "The face scan must come live from your phone's or laptop's camera, not from a file. If you think this is a mistake, appeal through the Report Form.",
    ],
    help_name_q: "Can I change my name?",
    help_name_a: [
        "No. Your name comes from the civil registry (Dukcapil) by your NIK and follows your ID card, so it cannot be changed here.",
        "If the name on your ID card has changed, update your civil registry record at Dukcapil first. Then use the Report Form.",
    ],
    help_password_q: "How do I change my password?",
    help_password_a: [
        "Log in, open Profile, then choose Change password. Enter your old password and the new one twice. Afterwards your other devices are logged out and we email you a notice.",
    ],
    help_phone_q: "How do I change my mobile number?",
    help_phone_a: [
        "Your mobile number is used for OTP codes and for the e-wallet that receives incentives, so only this year's beneficiaries can change it, in Profile.",
        "If a bank account or e-wallet is still linked, you are asked to unlink it first, then to enter the new number and the code we send by SMS to that new number.",
    ],
    help_misuse_q: "Someone else has used my account.",
    help_misuse_a: [
        "Change your password at once if you can still log in. If you cannot, use Forgotten password. Then check the signed-in devices and log out any you do not recognise. The full steps are on this page.",
    ],
    help_safe_q: "How do I keep my account safe?",
    help_safe_a: [
        "Never give your OTP code or password to anyone, including people who claim to be staff. Use official channels only, beware of links, and use a password for this account alone.",
    ],
    help_go_register: "Open the Register page",
    help_go_login: "Open the Log in page",
    help_go_report: "Open the Report Form",
    help_go_profile: "Open Profile",
    help_go_misuse: "What to do if your account was misused",
    help_go_security: "Read the account safety guidelines",
    misuse_title: "Account misused? Do this now",
    misuse_intro: "If you got a notice about a change you did not make, or suspect that someone else is using your account, follow these steps in order.",
    misuse_steps: [
        (
            "Change your password now.",
            "If you can still log in, open Profile, then Change password. Every other device is logged out.",
        ),
        (
            "Cannot log in? Use Forgotten password.",
            "If someone else has changed your password, choose Forgotten password on the Log in page to set a new one.",
        ),
        (
            "Check the signed-in devices.",
            "In Security and devices, log out every device you do not recognise.",
        ),
        (
            "Never give codes to anyone.",
            "Prakerja staff never ask for OTP codes or passwords. If the problem goes on, use the Report Form.",
        ),
    ],
    misuse_sessions: "Open Security and devices",

    security_title: "Keeping your account safe",
    security_intro: "Fraudsters often pose as Prakerja staff to take over accounts and \
        incentives. Protect your account with these rules.",
    security_rules: [
        (
            "Never share an OTP code.",
            "OTP codes and passwords are for you alone. Do not give them to anyone, including \
                people who say they are staff, family or friends. Prakerja staff will never \
                ask for them.",
        ),
        (
            "Official channels only.",
            "Get information only from Prakerja's official website and channels. Ignore other \
                messages, calls or social media accounts that offer help.",
        ),
        (
            "Beware of links.",
            "Do not open links in messages you did not expect. Before typing your password, \
                check the site's address in the browser's address bar.",
        ),
        (
            "Change your password if in doubt.",
            "If someone else might know your password, change it at once. If someone else has \
                already changed it, use Forgotten password.",
        ),
        (
            "Do not reuse passwords.",
            "Choose a password for your Prakerja account alone, not one you use for email, \
                social media or online shops.",
        ),
        (
            "Lock your phone.",
            "Set a screen lock, and do not let others use your account on their phones.",
        ),
    ],
    security_misuse: "If your account has been misused, change your password at once. If you \
        can no longer log in, use Forgotten password or the Report Form.",

    not_found_title: "Page not found",
    not_found_text: "The address you opened does not exist or has moved.",
    not_found_home: "Back to the home page",

    err_password_mismatch: "The two passwords are not the same. Type them again carefully.",
    err_password_empty: "Enter your password.",
    err_network: "Could not connect. Check your internet connection, then try again. What \
        you typed is kept.",
    err_busy_retrying: "The service is busy. We will try again automatically in {n}; what \
        you typed is kept.",

    err_email_empty: "Enter your email address.",
    err_email_too_long: "This email address is too long.",
    err_email_invalid: "This is not a valid email address. Example: name@example.com",
    err_password_too_short: "Use at least 8 characters.",
    err_password_too_long: "This password is too long. Choose a shorter one.",
    err_password_too_common: "This password is too common and easy to guess. Choose another.",
    err_nik_format: "The NIK must be 16 digits.",
    err_nik_region: "The region code in this NIK is not known. Check the first 6 digits.",
    err_nik_birth_date: "The date of birth inside this NIK is not valid. Check digits 7 to 12.",
    err_nik_dob_mismatch: "This NIK does not match the date of birth you entered.",
    err_kk_format: "The KK number must be 16 digits.",
    err_kk_region: "The region code in this KK number is not known. Check the first 6 digits.",
    err_phone_format: "This mobile number is not right. Example: 081234567890 or \
        +6281234567890.",
    err_phone_not_mobile: "Use a mobile number (starting 08 or +628), not a landline.",
    err_dob_format: "Write the date of birth as DD/MM/YYYY, for example 17/08/1995.",
    err_dob_invalid: "This date does not exist. Check the day and the month.",
    err_dob_in_future: "A date of birth cannot be in the future.",
    err_dob_implausible_age: "The age from this date of birth is not plausible. Check the year.",
    err_otp_format: "An OTP code has digits only. Type it exactly as you received it.",
    err_bad_request: "The request could not be processed. Reload the page, then try again.",
    err_unauthorized: "Wrong email or password, or your session has ended. Please try again.",
    err_csrf_rejected: "The request was refused for your safety. Reload the page, then try \
        again.",
    err_not_found: "This service is not available yet. Please try again later.",
    err_payload_too_large: "What you sent is too large.",
    err_too_many_requests: "Too many attempts. Wait a few minutes, then try again.",
    err_terms_not_accepted: "Accept the Terms and Conditions to continue.",
    err_token_invalid: "We do not recognise this link. Make sure you opened the whole link from our latest email.",
    err_token_expired: "This link has expired. Ask for a new one below.",
    err_token_used: "This link has already been used. If your account is active, log in.",
    err_login_failed: "Wrong email, password or picture code. Check them and try again with the new picture code.",
    err_email_not_verified: "Your email address is not verified yet. Open the activation link in your email, or ask for a new one.",
    err_otp_wrong: "That code is wrong.",
    err_otp_expired: "That code has expired. Ask for a new one.",
    err_otp_dead: "This code was entered wrongly 5 times and no longer works. Ask for a new one.",
    err_login_expired: "This login has timed out. Please log in again with your email and password.",
    err_codes_locked: "You have asked for a new code 5 times. You can ask again when the wait is over.",
    err_nik_unknown: "This NIK is not in the population records (Dukcapil). Check all 16 digits against your e-KTP.",
    err_identity_dob_mismatch: "The date of birth differs from the population records for this NIK. Enter the date of birth on your e-KTP.",
    err_identity_kk_mismatch: "The KK number differs from the population records for this NIK. Enter the number on your latest family card.",
    err_nik_taken: "This NIK is already used by another account. If that account is not yours, tell us through the Report Form.",
    err_identity_already_complete: "Your identity is already complete and cannot be entered again. Reload the page to see it.",
    err_identity_incomplete: "Complete your identity first (NIK, KK number, date of birth and mobile number).",
    err_phone_taken: "This mobile number has been verified by another account. Use your own mobile number.",
    err_phone_already_verified: "Your mobile number is already verified. No code is needed.",
    err_registry_unavailable: "The population records cannot be reached right now. What you typed is kept; try again in a moment.",
    err_password_wrong: "Your current password is wrong. Type the password you use to log in.",
    err_password_same: "The new password must be different from your current one.",
    err_not_beneficiary: "Only this year's Kartu Prakerja beneficiaries can change their mobile number here. If you lost or changed your number, tell us through the Report Form.",
    err_reauth_required: "For your security, enter your password again before changing your mobile number.",
    err_phone_same: "This is your current mobile number. Enter the new one.",
    err_phone_not_verified: "Verify your mobile number first.",
    err_phone_change_not_started: "No change of mobile number is waiting for a code. Start again from your Profile.",
    err_payout_linked: "Unlink your bank account or e-wallet first before changing your mobile number, so your incentives still arrive.",
    err_payout_already_linked: "A bank account or e-wallet is already linked. Unlink it first to use another one.",
    err_payout_not_linked: "No bank account or e-wallet is linked.",
    err_payout_account_format: "A BNI account number has 10 digits.",
    err_payout_holder_mismatch: "The account holder's name must be the name in your population record (e-KTP).",
    err_payout_number_mismatch: "The e-wallet number must be your account's verified mobile number.",
    err_busy: "The service is busy. Please try again shortly; what you typed is kept.",
    err_internal: "Something went wrong on our side. What you typed is kept; try again in a \
        moment.",
};
