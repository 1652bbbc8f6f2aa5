-- The transactional outbox: a mail is a row written in the same transaction as the change that
-- causes it (an RSVP, a promotion, an event update). Senders on any instance claim due rows with
-- FOR UPDATE SKIP LOCKED, so every mail goes out once, and nothing is sent from request handlers.

CREATE TABLE outbox (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL,
  event_id        text REFERENCES events (id) ON DELETE CASCADE,
  rsvp_id         uuid REFERENCES rsvps (id) ON DELETE CASCADE,
  recipient       text NOT NULL,
  payload         jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  status          text NOT NULL DEFAULT 'pending',
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_until   timestamptz,
  sent_at         timestamptz,
  last_error      text,
  -- stable per row, so a resend after a crash carries the same Message-ID
  message_id      text NOT NULL DEFAULT (gen_random_uuid()::text),
  CONSTRAINT outbox_status_known CHECK (status IN ('pending', 'sending', 'sent', 'failed'))
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_event_idx ON outbox (event_id);
CREATE INDEX outbox_rsvp_idx ON outbox (rsvp_id);
