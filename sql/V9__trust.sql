-- Trust: only the owner of an address can share it, the people page is for those who were there,
-- and nobody can use Convene to send mail at someone.

-- Set the first time the RSVP's private link is used. The link goes by mail only, to this
-- address, so using it proves the person holds the mailbox. Until then the RSVP keeps its seat
-- or place in line, but its sharing choices have no effect and it opens no one's data. RSVPs made
-- before this migration start unverified: their links were shown on the confirmation page, so
-- anyone could have made them with any address.
ALTER TABLE rsvps ADD COLUMN verified_at timestamptz;
CREATE INDEX rsvps_verified_email_idx ON rsvps (email) WHERE verified_at IS NOT NULL;

-- Who marked the attendance: checked in at the door ('door') or marked afterwards by an
-- organizer ('organizer'); checked_in_at stays the one sign that a person came.
ALTER TABLE rsvps ADD COLUMN attendance_source text;
ALTER TABLE rsvps ADD CONSTRAINT rsvps_attendance_source_known
  CHECK (attendance_source IS NULL OR attendance_source IN ('door', 'organizer'));
UPDATE rsvps SET attendance_source = 'door' WHERE checked_in_at IS NOT NULL;

-- The "who's going" list before the event: off unless the organizer turns it on.
ALTER TABLE events ADD COLUMN whos_going boolean NOT NULL DEFAULT false;

-- Mail someone did not ask for is bounded per key and window: at most `limit` sends per
-- (key, window_start). One statement claims a send (INSERT ... ON CONFLICT ... WHERE sent <
-- limit), so concurrent requests and several instances cannot exceed it. Keys hold hashes only.
CREATE TABLE mail_quotas (
  key          text NOT NULL,
  window_start timestamptz NOT NULL,
  sent         integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX mail_quotas_window_idx ON mail_quotas (window_start);

-- One-click unsubscribe (RFC 8058): the address gets no more non-transactional mail from that
-- group, or from any group when group_id is NULL. Transactional mail (a confirmation, an update of
-- an event they are going to, a cancellation) still goes: the person asked for it.
CREATE TABLE mail_suppressions (
  email      text NOT NULL,
  group_id   uuid REFERENCES groups (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mail_suppressions_email_normalized CHECK (email = lower(btrim(email)))
);
CREATE UNIQUE INDEX mail_suppressions_key
  ON mail_suppressions (email, coalesce(group_id, '00000000-0000-0000-0000-000000000000'));
