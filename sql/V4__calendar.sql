-- Calendar feeds: personal feed tokens, and what lets a feed answer 304 without loading events.

-- One row per person (normalized email) who was sent a personal feed link. The token is kept in
-- plain text on purpose: every confirmation mail repeats the same link, so it must be readable
-- again, and it only guards a read-only view of rows that sit in this same database (a reader of
-- this table can already read the events and RSVPs the feed shows). Rotation replaces it.
CREATE TABLE people (
  email           text PRIMARY KEY,
  -- /feeds/{feed_token}/calendar.ics: 128 random bits, URL-safe
  feed_token      text NOT NULL UNIQUE,
  -- raised when the feed changes in a way the RSVP rows no longer show (a deleted RSVP, rotation)
  feed_version    bigint NOT NULL DEFAULT 0,
  feed_changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT people_email_normalized CHECK (email = lower(btrim(email))),
  CONSTRAINT people_feed_token_format CHECK (feed_token ~ '^[A-Za-z0-9_-]{22,64}$')
);

-- A group feed's version: raised by triggers on every change of one of its events (insert,
-- update of anything a calendar shows, delete) or of the group's name. No foreign key: a group
-- deletion cascades to its events, whose delete triggers still write here. RSVPs never touch it.
CREATE TABLE calendar_group_versions (
  group_id   uuid PRIMARY KEY,
  version    bigint NOT NULL,
  changed_at timestamptz NOT NULL
);
INSERT INTO calendar_group_versions (group_id, version, changed_at)
  SELECT id, 1, clock_timestamp() FROM groups;

-- Serialized by the row lock, so versions rise in commit order and changed_at never goes back
-- (clock_timestamp, not now(): a long transaction that commits last must not look older).
CREATE FUNCTION calendar_bump_group(gid uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO calendar_group_versions AS v (group_id, version, changed_at)
  VALUES (gid, 1, clock_timestamp())
  ON CONFLICT (group_id) DO UPDATE
    SET version = v.version + 1, changed_at = greatest(v.changed_at, clock_timestamp());
$$;

CREATE FUNCTION calendar_events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM calendar_bump_group(OLD.group_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.group_id IS DISTINCT FROM OLD.group_id) THEN
    PERFORM calendar_bump_group(NEW.group_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER events_calendar_insert_delete AFTER INSERT OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION calendar_events_changed();
-- Only columns some calendar shows (or that decide whether it shows the event); capacity,
-- guests and deadline edits leave feeds alone.
CREATE TRIGGER events_calendar_update AFTER UPDATE ON events
  FOR EACH ROW WHEN ((OLD.group_id, OLD.title, OLD.description, OLD.starts_at, OLD.ends_at,
      OLD.time_zone, OLD.venue, OLD.address, OLD.online_url, OLD.status, OLD.sequence,
      OLD.created_at, OLD.updated_at, OLD.cancelled_at)
    IS DISTINCT FROM (NEW.group_id, NEW.title, NEW.description, NEW.starts_at, NEW.ends_at,
      NEW.time_zone, NEW.venue, NEW.address, NEW.online_url, NEW.status, NEW.sequence,
      NEW.created_at, NEW.updated_at, NEW.cancelled_at))
  EXECUTE FUNCTION calendar_events_changed();

CREATE FUNCTION calendar_groups_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM calendar_bump_group(NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER groups_calendar_changed AFTER INSERT OR UPDATE OF name, slug ON groups
  FOR EACH ROW EXECUTE FUNCTION calendar_groups_changed();

-- The attendee's own SEQUENCE offset (RFC 5546 3.2): leaving an event (cancelled, not going)
-- sends a CANCEL, and coming back must send a REQUEST with a SEQUENCE higher than that CANCEL,
-- or calendar apps ignore it as stale. Invites and the personal feed use
-- events.sequence + rsvps.calendar_sequence; the event's own SEQUENCE is unchanged.
ALTER TABLE rsvps ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0;

CREATE FUNCTION calendar_rsvp_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.status IN ('cancelled', 'not_going')) <> (NEW.status IN ('cancelled', 'not_going')) THEN
    NEW.calendar_sequence := OLD.calendar_sequence + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER rsvps_calendar_sequence BEFORE UPDATE OF status ON rsvps
  FOR EACH ROW EXECUTE FUNCTION calendar_rsvp_sequence();

-- A deleted RSVP (or a deleted event, cascading) leaves no row to fingerprint, so it raises the
-- person's feed version instead. Deletions are rare; inserts and updates are fingerprinted at
-- request time (see FeedStore) and write nothing here.
CREATE FUNCTION calendar_rsvp_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE people SET feed_version = feed_version + 1,
      feed_changed_at = greatest(feed_changed_at, clock_timestamp())
    WHERE email = OLD.email;
  RETURN NULL;
END $$;

CREATE TRIGGER rsvps_calendar_deleted AFTER DELETE ON rsvps
  FOR EACH ROW EXECUTE FUNCTION calendar_rsvp_deleted();
