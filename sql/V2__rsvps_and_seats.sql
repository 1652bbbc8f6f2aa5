-- RSVPs and the seats they hold.
--
-- Capacity is kept by seat rows, not by a counter: an event with capacity N has N rows in
-- `seats`, and a going RSVP with g guests owns 1 + g of them. A seat row can belong to one RSVP
-- only, so overbooking is impossible by construction, and concurrent RSVPs to one event claim
-- different rows (FOR UPDATE SKIP LOCKED) instead of queueing on one hot counter row.

CREATE SEQUENCE rsvp_arrival;

CREATE TABLE rsvps (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id       text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  -- the private manage link /r/{token}: 128 random bits
  token          text NOT NULL UNIQUE,
  email          text NOT NULL,
  name           text NOT NULL,
  response       text NOT NULL,
  status         text NOT NULL,
  guests         integer NOT NULL DEFAULT 0,
  -- waitlist order: arrival at the database, never reused
  arrival        bigint NOT NULL DEFAULT nextval('rsvp_arrival'),
  listed         boolean NOT NULL DEFAULT false,
  share_email    boolean NOT NULL DEFAULT false,
  headline       text,
  company        text,
  profile_url    text,
  goals          text[] NOT NULL DEFAULT '{}',
  topics         text[] NOT NULL DEFAULT '{}',
  reminders      boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  checked_in_at  timestamptz,
  CONSTRAINT rsvps_one_per_email UNIQUE (event_id, email),
  CONSTRAINT rsvps_email_normalized CHECK (email = lower(btrim(email))),
  CONSTRAINT rsvps_response_known CHECK (response IN ('going', 'maybe', 'not_going')),
  CONSTRAINT rsvps_status_known CHECK (status IN ('going', 'waitlisted', 'maybe', 'not_going', 'cancelled')),
  CONSTRAINT rsvps_status_matches_response CHECK (
    (response = 'going' AND status IN ('going', 'waitlisted', 'cancelled'))
    OR (response = 'maybe' AND status IN ('maybe', 'cancelled'))
    OR (response = 'not_going' AND status IN ('not_going', 'cancelled'))),
  CONSTRAINT rsvps_guests_range CHECK (guests BETWEEN 0 AND 20),
  CONSTRAINT rsvps_goals_known CHECK (goals <@ ARRAY['find_mentor', 'offer_mentoring', 'hiring',
    'job_seeking', 'find_collaborators', 'exploring']::text[])
);
CREATE INDEX rsvps_event_status_idx ON rsvps (event_id, status);
CREATE INDEX rsvps_waitlist_idx ON rsvps (event_id, arrival) WHERE status = 'waitlisted';
CREATE INDEX rsvps_email_idx ON rsvps (email);

CREATE TABLE seats (
  event_id text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  seat_no  integer NOT NULL,
  rsvp_id  uuid REFERENCES rsvps (id) ON DELETE SET NULL,
  PRIMARY KEY (event_id, seat_no)
);
CREATE INDEX seats_free_idx ON seats (event_id, seat_no) WHERE rsvp_id IS NULL;
CREATE INDEX seats_rsvp_idx ON seats (rsvp_id) WHERE rsvp_id IS NOT NULL;
