-- Answers are kept once, in responses.answers_json: the benchmark reads the pre-aggregated counts and
-- the free-text view reads answers_json, so the row-per-answer table only slowed every ingest down
-- (about 15 extra rows and two index updates per response).
DROP TABLE `response_answers`;
