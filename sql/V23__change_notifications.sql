-- Every node keeps the public pages and the group feeds' validators in memory and forgets them
-- when the database says they changed (see org.convene.db.Changes). NOTIFY is delivered after
-- commit, to every listening node, in commit order. RSVPs do not notify: a notification costs a
-- global lock at commit, and what they change on public pages (seats left) may lag a few
-- seconds, as a cache in front of the server would let it.
CREATE FUNCTION convene_notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('convene_changes', 'e ' || OLD.id || ' ' || OLD.group_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.group_id IS DISTINCT FROM OLD.group_id) THEN
    PERFORM pg_notify('convene_changes', 'e ' || NEW.id || ' ' || NEW.group_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER events_notify AFTER INSERT OR UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION convene_notify_event();

CREATE FUNCTION convene_notify_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('convene_changes', 'g ' || coalesce(NEW.id, OLD.id));
  RETURN NULL;
END $$;

CREATE TRIGGER groups_notify AFTER INSERT OR UPDATE OR DELETE ON groups
  FOR EACH ROW EXECUTE FUNCTION convene_notify_group();
