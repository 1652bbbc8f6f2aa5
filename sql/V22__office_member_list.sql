-- The office's list of members: organizers page through everyone, import the office's CSV and
-- invite the imported. A page's cursor is a member's place in this sequence: members only ever
-- join at its end, so walking the pages never repeats or skips anyone already there.
ALTER TABLE members ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX members_group_seq_idx ON members (group_id, seq);
-- who an invitation goes to: imported, neither invited nor verified yet
CREATE INDEX members_uninvited_idx ON members (group_id)
  WHERE source = 'imported' AND invited_at IS NULL AND verified_at IS NULL;
