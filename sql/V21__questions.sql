-- Custom questions: an event's questions live with the event, as one JSON list (at most 10,
-- checked by events.QuestionRules when saved), because they are read with the event on every
-- RSVP and edited as a whole on one form. Answers live with the RSVP, as an object keyed by the
-- question's stable id, so the flash-crowd INSERT stores them in the same statement and row as
-- the answer itself, and erasing an RSVP erases its answers with it.
ALTER TABLE events ADD COLUMN questions jsonb NOT NULL DEFAULT '[]';
ALTER TABLE events ADD CONSTRAINT events_questions_list CHECK (jsonb_typeof(questions) = 'array'
  AND jsonb_array_length(questions) <= 10);
ALTER TABLE rsvps ADD COLUMN answers jsonb NOT NULL DEFAULT '{}';
ALTER TABLE rsvps ADD CONSTRAINT rsvps_answers_object CHECK (jsonb_typeof(answers) = 'object');
