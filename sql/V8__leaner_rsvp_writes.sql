-- Fewer indexes to maintain on the RSVP write path (a flash crowd writes an RSVP, a seat and an
-- outbox row per answer). Every query these served filters by event first, and the
-- (event_id, email) unique index and outbox_event_status_idx already lead with the event.
DROP INDEX rsvps_event_status_idx;
DROP INDEX rsvps_not_erased_idx;
DROP INDEX outbox_event_idx;
