-- Mail, second part: mails that no longer apply when their turn comes are 'skipped' (rendered at
-- send time, e.g. a reminder for an RSVP cancelled since), and reminders are remembered per RSVP
-- so each attendee gets one, whichever instance runs the job and however often it restarts.

ALTER TABLE outbox DROP CONSTRAINT outbox_status_known;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_known
  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped'));
CREATE INDEX outbox_event_status_idx ON outbox (event_id, status);

ALTER TABLE rsvps ADD COLUMN reminded_at timestamptz;
