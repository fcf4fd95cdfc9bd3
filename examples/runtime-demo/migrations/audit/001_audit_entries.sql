CREATE TABLE {{tables.audit_entries}} (
  id serial PRIMARY KEY,
  actor text NOT NULL,
  action text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
