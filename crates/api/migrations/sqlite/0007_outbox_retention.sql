-- A sent or failed message keeps no text (`outbox.rs`): the worker blanks
-- its subject and bodies in the statement that marks it, unless the
-- developer mailbox is on. Messages that finished before this rule are
-- blanked here, once (in a developer's database too: their codes and links
-- have long expired).
UPDATE outbox SET subject = '', body_text = '', body_html = NULL
WHERE status IN ('sent', 'failed');

-- Finished messages are deleted once they are older than the retention
-- period (`outbox.retention_days`).
CREATE INDEX outbox_finished ON outbox (status, created_at);
