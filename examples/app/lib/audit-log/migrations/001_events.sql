CREATE SCHEMA IF NOT EXISTS audit;

CREATE TABLE audit.events (
  id bigserial PRIMARY KEY,
  actor text NOT NULL,
  action text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
