-- People and follow-up: check-in codes, connect requests, follow-up mails, and data retention.

-- What the ticket's QR code carries. It is not the manage token: a check-in helper who scans a
-- ticket must not gain control of the RSVP. 122 random bits from gen_random_uuid().
ALTER TABLE rsvps ADD COLUMN checkin_code text NOT NULL
  DEFAULT replace(gen_random_uuid()::text, '-', '');
CREATE UNIQUE INDEX rsvps_checkin_code_key ON rsvps (checkin_code);

-- Set when the person's details were erased (by retention or by themselves). Status, guests and
-- check-in time stay, so counts remain right; name, email and profile are gone.
ALTER TABLE rsvps ADD COLUMN erased_at timestamptz;
CREATE INDEX rsvps_not_erased_idx ON rsvps (event_id) WHERE erased_at IS NULL;

-- Erase attendee details this many days after each event ends; NULL keeps them.
ALTER TABLE groups ADD COLUMN retention_days integer;
ALTER TABLE groups ADD CONSTRAINT groups_retention_range
  CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 3650);

-- A listed attendee asks to meet another. Nobody's email is revealed until the target accepts.
-- Only the hash of the answer link's token is stored (the token itself is in one mail).
CREATE TABLE connect_requests (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id     text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  requester_id uuid NOT NULL REFERENCES rsvps (id) ON DELETE CASCADE,
  target_id    uuid NOT NULL REFERENCES rsvps (id) ON DELETE CASCADE,
  token_hash   bytea NOT NULL UNIQUE,
  status       text NOT NULL DEFAULT 'pending',
  created_at   timestamptz NOT NULL DEFAULT now(),
  answered_at  timestamptz,
  CONSTRAINT connect_requests_status_known CHECK (status IN ('pending', 'accepted', 'declined')),
  CONSTRAINT connect_requests_not_self CHECK (requester_id <> target_id),
  CONSTRAINT connect_requests_answered CHECK ((status = 'pending') = (answered_at IS NULL))
);
-- One request per pair, whoever asked first: A asking B and B asking A is the same connection.
CREATE UNIQUE INDEX connect_requests_pair_key ON connect_requests
  (LEAST(requester_id, target_id), GREATEST(requester_id, target_id));
CREATE INDEX connect_requests_requester_idx ON connect_requests (requester_id);
CREATE INDEX connect_requests_target_idx ON connect_requests (target_id);

-- Organizer follow-ups; send_key makes a double-submitted form send once.
CREATE TABLE follow_ups (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id   text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  audience   text NOT NULL,
  subject    text NOT NULL,
  body       text NOT NULL,
  sent_by    uuid REFERENCES accounts (id) ON DELETE SET NULL,
  recipients integer NOT NULL,
  send_key   text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT follow_ups_audience_known CHECK (audience IN ('came', 'no_shows')),
  CONSTRAINT follow_ups_send_key_once UNIQUE (event_id, send_key)
);

-- Jobs that must run once a day across all instances: whoever moves last_run_at first runs it.
CREATE TABLE daily_jobs (
  name        text PRIMARY KEY,
  last_run_at timestamptz NOT NULL
);
