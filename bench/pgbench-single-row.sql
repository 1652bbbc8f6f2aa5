-- The design the flash-crowd goal is measured against: every RSVP bumps ONE guarded counter row.
BEGIN;
UPDATE bench_counter SET taken = taken + 1 WHERE id = 1 AND taken < cap;
INSERT INTO bench_rsvp (counter_id, email) VALUES (1, 'x' || random());
COMMIT;
