-- Coffee chats: a listed, verified member asks another for a short conversation with a message
-- and up to three proposed times. The answer link goes by mail to the person asked only; the
-- table keeps its hash. Accepting reveals both addresses and sends both a calendar invite; a
-- decline reveals nothing (the one who asked keeps seeing "asked").

CREATE TABLE coffee_chats (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id      uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  -- leaving the group erases the member, and with them every chat they asked or were asked
  requester_id  uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  target_id     uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  token_hash    bytea NOT NULL UNIQUE,
  message       text NOT NULL,
  -- the proposed start times; the requester proposed them as local times in time_zone
  times         timestamptz[] NOT NULL,
  time_zone     text NOT NULL,
  minutes       integer NOT NULL DEFAULT 30,
  status        text NOT NULL DEFAULT 'pending',
  accepted_time timestamptz,
  -- the zone the person asked gave when accepting (their invite is written in it)
  target_zone   text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  answered_at   timestamptz,
  CONSTRAINT coffee_chats_not_self CHECK (requester_id <> target_id),
  CONSTRAINT coffee_chats_message_length CHECK (char_length(message) BETWEEN 1 AND 1000),
  CONSTRAINT coffee_chats_times_count CHECK (cardinality(times) BETWEEN 1 AND 3),
  CONSTRAINT coffee_chats_minutes_range CHECK (minutes BETWEEN 15 AND 120),
  CONSTRAINT coffee_chats_status_known CHECK (status IN ('pending', 'accepted', 'declined')),
  CONSTRAINT coffee_chats_accepted_has_time CHECK ((status = 'accepted') = (accepted_time IS NOT NULL)),
  CONSTRAINT coffee_chats_accepted_time_proposed CHECK (accepted_time IS NULL OR accepted_time = ANY (times))
);
CREATE INDEX coffee_chats_requester_idx ON coffee_chats (requester_id, target_id);
CREATE INDEX coffee_chats_target_idx ON coffee_chats (target_id);
