-- Series: a rule and the events it made. Every occurrence is a whole event row (its own RSVPs,
-- seats, invite, check-in and people page), so nothing below events has to learn about series;
-- the series row keeps the rule it was made with, for its page and for saying what it repeats.
CREATE TABLE series (
  id          text PRIMARY KEY,
  group_id    uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  every       text NOT NULL,
  step        integer NOT NULL,
  nth         integer,
  weekday     integer NOT NULL,
  until_date  date,
  count       integer,
  created_by  uuid REFERENCES accounts (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT series_id_format CHECK (id ~ '^[A-Za-z0-9_-]{16,40}$'),
  CONSTRAINT series_every_known CHECK (every IN ('week', 'month')),
  CONSTRAINT series_step_range CHECK (step BETWEEN 1 AND 12),
  CONSTRAINT series_nth_known CHECK (
    (every = 'week' AND nth IS NULL) OR (every = 'month' AND nth IN (-1, 1, 2, 3, 4))),
  CONSTRAINT series_weekday_iso CHECK (weekday BETWEEN 1 AND 7),
  -- a series ends by a date or after a count, never both and never open-ended
  CONSTRAINT series_one_end CHECK ((until_date IS NULL) <> (count IS NULL)),
  CONSTRAINT series_count_range CHECK (count IS NULL OR count BETWEEN 2 AND 52)
);

-- The position is the occurrence's place in the rule (0 = the event it was made from); it stays
-- when an occurrence's time is edited, so "this and following" means following in the series.
ALTER TABLE events ADD COLUMN series_id text REFERENCES series (id);
ALTER TABLE events ADD COLUMN series_position integer;
ALTER TABLE events ADD CONSTRAINT events_series_position_with_series
  CHECK ((series_id IS NULL) = (series_position IS NULL));
CREATE UNIQUE INDEX events_series_position_idx ON events (series_id, series_position)
  WHERE series_id IS NOT NULL;
