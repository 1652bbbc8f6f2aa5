-- Membership: people join a group (or the office imports them), hear about its events, and
-- find each other in the member directory. Like an RSVP, a member proves they hold the address
-- the first time they use the private link /m/{token}, which goes by mail only; until then they
-- get no announcements, share nothing and see no one.

CREATE TABLE members (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id      uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  -- the private link /m/{token}: 128 random bits
  token         text NOT NULL UNIQUE,
  email         text NOT NULL,
  name          text NOT NULL,
  -- 'joined' through the join form or API, 'imported' from the office's CSV
  source        text NOT NULL,
  -- set the first time the private link is used (the verified-address rule of V9)
  verified_at   timestamptz,
  -- when the office mailed an imported member the invitation; imported members get no mail before
  invited_at    timestamptz,
  class_year    integer,
  programme     text,
  chapter       text,
  industry      text,
  employer      text,
  headline      text,
  profile_url   text,
  goals         text[] NOT NULL DEFAULT '{}',
  topics        text[] NOT NULL DEFAULT '{}',
  -- in the member directory at all (give to get: only the listed see the listed)
  listed        boolean NOT NULL DEFAULT false,
  -- which of the fields above (and 'email') other listed members may see; nothing by default
  shared        text[] NOT NULL DEFAULT '{}',
  announcements text NOT NULL DEFAULT 'each',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT members_one_per_email UNIQUE (group_id, email),
  CONSTRAINT members_email_normalized CHECK (email = lower(btrim(email))),
  CONSTRAINT members_name_length CHECK (char_length(name) BETWEEN 1 AND 120),
  CONSTRAINT members_source_known CHECK (source IN ('joined', 'imported')),
  CONSTRAINT members_class_year_range CHECK (class_year IS NULL OR class_year BETWEEN 1900 AND 2100),
  CONSTRAINT members_announcements_known CHECK (announcements IN ('each', 'weekly', 'none')),
  CONSTRAINT members_goals_known CHECK (goals <@ ARRAY['find_mentor', 'offer_mentoring', 'hiring',
    'job_seeking', 'find_collaborators', 'exploring']::text[]),
  CONSTRAINT members_shared_known CHECK (shared <@ ARRAY['email', 'class_year', 'programme',
    'chapter', 'industry', 'employer', 'headline', 'profile_url', 'goals', 'topics']::text[])
);
CREATE INDEX members_group_idx ON members (group_id, created_at, id);
CREATE INDEX members_email_idx ON members (email);
CREATE INDEX members_directory_idx ON members (group_id) WHERE listed AND verified_at IS NOT NULL;

-- Which member fields the group's join form asks for (the organizers choose; name and email
-- are always asked).
ALTER TABLE groups ADD COLUMN member_fields text[] NOT NULL DEFAULT '{}';
ALTER TABLE groups ADD CONSTRAINT groups_member_fields_known CHECK (member_fields <@ ARRAY[
  'class_year', 'programme', 'chapter', 'industry', 'employer', 'headline', 'profile_url', 'goals',
  'topics']::text[]);

-- An event for members only is not on / or the public group feed, and only an address that is a
-- verified member of the group may RSVP to it.
ALTER TABLE events ADD COLUMN audience text NOT NULL DEFAULT 'public';
ALTER TABLE events ADD CONSTRAINT events_audience_known CHECK (audience IN ('public', 'members'));
