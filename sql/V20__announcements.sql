-- Announcements: publishing an event mails the group's verified members who chose "each event",
-- once. announced_at marks that it happened (in the publishing transaction), so saving the
-- event again, unpublishing and publishing again, or a second node never announces twice.
-- Occurrences created with their series count as announced with the series' first event.
ALTER TABLE events ADD COLUMN announced_at timestamptz;
CREATE INDEX events_announced_idx ON events (group_id, announced_at) WHERE announced_at IS NOT NULL;

-- "Weekly digest" members get one mail a week with the events announced since their last one:
-- digest_at is when the last was queued (null: none yet, counted from verification).
ALTER TABLE members ADD COLUMN digest_at timestamptz;
CREATE INDEX members_weekly_idx ON members (group_id) WHERE announcements = 'weekly' AND verified_at IS NOT NULL;
