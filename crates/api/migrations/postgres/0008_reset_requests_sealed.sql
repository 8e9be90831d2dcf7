-- What a forgot-password request looks up (the email, the E.164 number or
-- the NIK's keyed hash) and its date of birth are stored sealed with the
-- vault (XChaCha20-Poly1305, bound to the row's id and the column), never
-- in clear, until the worker clears them. `lookup` and `date_of_birth` are
-- no longer written; the worker still reads them for a request written by
-- an instance of the previous version during a rolling deploy, and clears
-- them as before.
ALTER TABLE reset_requests ADD COLUMN lookup_sealed TEXT;
ALTER TABLE reset_requests ADD COLUMN date_of_birth_sealed TEXT;
