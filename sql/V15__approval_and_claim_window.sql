-- Approval and the claim window on freed seats.
--
-- approval: new "going" answers wait as 'pending' (no seat) until an organizer approves
-- (then the usual seat or waitlist rules) or declines them ('declined').
-- claim_window_hours: NULL keeps automatic promotion. Set, a freed seat is offered to the first
-- in line who fits: the RSVP turns 'offered' and owns its seat rows while the offer runs, so
-- seats taken plus seats offered can never exceed the capacity (a seat row has one owner, V2).
ALTER TABLE events ADD COLUMN approval boolean NOT NULL DEFAULT false;
ALTER TABLE events ADD COLUMN claim_window_hours integer;
ALTER TABLE events ADD CONSTRAINT events_claim_window_range
  CHECK (claim_window_hours IS NULL OR claim_window_hours BETWEEN 1 AND 168);

ALTER TABLE rsvps ADD COLUMN offer_expires_at timestamptz;

ALTER TABLE rsvps DROP CONSTRAINT rsvps_status_known;
ALTER TABLE rsvps ADD CONSTRAINT rsvps_status_known CHECK (status IN ('going', 'waitlisted',
  'maybe', 'not_going', 'cancelled', 'pending', 'offered', 'declined'));
ALTER TABLE rsvps DROP CONSTRAINT rsvps_status_matches_response;
ALTER TABLE rsvps ADD CONSTRAINT rsvps_status_matches_response CHECK (
  (response = 'going' AND status IN ('going', 'waitlisted', 'cancelled', 'pending', 'offered',
    'declined'))
  OR (response = 'maybe' AND status IN ('maybe', 'cancelled'))
  OR (response = 'not_going' AND status IN ('not_going', 'cancelled')));
-- an offer always has an end, and only an offer has one
ALTER TABLE rsvps ADD CONSTRAINT rsvps_offer_has_expiry
  CHECK ((status = 'offered') = (offer_expires_at IS NOT NULL));

-- the expiry job's scan: offers whose window has passed, across all events
CREATE INDEX rsvps_offer_expiry_idx ON rsvps (offer_expires_at) WHERE status = 'offered';
CREATE INDEX rsvps_pending_idx ON rsvps (event_id, arrival) WHERE status = 'pending';
