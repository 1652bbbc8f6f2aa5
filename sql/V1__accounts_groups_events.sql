-- Foundation: organizer accounts, login sessions, API tokens, groups and events,
-- plus the shared pieces every instance needs (signing secret, rate-limit counters).

CREATE TABLE server_secrets (
  name  text PRIMARY KEY,
  value bytea NOT NULL
);

CREATE TABLE accounts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL,
  name          text NOT NULL,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT accounts_email_normalized CHECK (email = lower(btrim(email)))
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);

-- Web login sessions live here (not in memory) so they survive restarts and work on every instance.
CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_account_idx ON sessions (account_id);
CREATE INDEX sessions_expiry_idx ON sessions (expires_at);

CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  token_hash   bytea NOT NULL UNIQUE,
  label        text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_account_idx ON api_tokens (account_id);

-- Fixed one-minute windows; every instance increments the same row, so limits hold cluster-wide.
CREATE TABLE rate_limits (
  key          text NOT NULL,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL,
  PRIMARY KEY (key, window_start)
);

CREATE TABLE groups (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL UNIQUE,
  name        text NOT NULL,
  kind        text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT groups_slug_format CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{1,58})[a-z0-9]$'),
  CONSTRAINT groups_kind_known CHECK (kind IN ('alumni', 'professional', 'community')),
  CONSTRAINT groups_name_length CHECK (char_length(name) BETWEEN 1 AND 120)
);

CREATE TABLE group_members (
  group_id   uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role       text NOT NULL,
  added_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, account_id),
  CONSTRAINT group_members_role_known CHECK (role IN ('owner', 'organizer', 'checkin'))
);
CREATE INDEX group_members_account_idx ON group_members (account_id);

CREATE TABLE events (
  id             text PRIMARY KEY,
  group_id       uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  title          text NOT NULL,
  description    text NOT NULL DEFAULT '',
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL,
  time_zone      text NOT NULL,
  venue          text,
  address        text,
  online_url     text,
  capacity       integer,
  guests_allowed integer NOT NULL DEFAULT 0,
  rsvp_deadline  timestamptz,
  status         text NOT NULL DEFAULT 'draft',
  -- iCalendar SEQUENCE (RFC 5545 3.8.7.4): raised on every change a calendar must notice
  sequence       integer NOT NULL DEFAULT 0,
  created_by     uuid REFERENCES accounts (id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  cancelled_at   timestamptz,
  CONSTRAINT events_id_format CHECK (id ~ '^[A-Za-z0-9_-]{16,40}$'),
  CONSTRAINT events_ends_after_start CHECK (ends_at > starts_at),
  CONSTRAINT events_capacity_positive CHECK (capacity IS NULL OR capacity >= 1),
  CONSTRAINT events_guests_range CHECK (guests_allowed BETWEEN 0 AND 20),
  CONSTRAINT events_deadline_before_end CHECK (rsvp_deadline IS NULL OR rsvp_deadline <= ends_at),
  CONSTRAINT events_status_known CHECK (status IN ('draft', 'published', 'cancelled')),
  CONSTRAINT events_cancelled_consistent CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CONSTRAINT events_title_length CHECK (char_length(title) BETWEEN 1 AND 200)
);
CREATE INDEX events_group_start_idx ON events (group_id, starts_at);
CREATE INDEX events_public_start_idx ON events (starts_at) WHERE status <> 'draft';
