-- The same guarded update spread over 1000 counter rows (many events): no row is hot.
\set id random(1, 1000)
BEGIN;
UPDATE bench_counter SET taken = taken + 1 WHERE id = :id AND taken < cap;
INSERT INTO bench_rsvp (counter_id, email) VALUES (:id, 'x' || random());
COMMIT;
