CREATE TABLE {{tables.orders}} (
  id serial PRIMARY KEY,
  account_id int NOT NULL,
  total_cents int NOT NULL CHECK (total_cents >= 0)
);
CREATE TABLE {{tables.events}} (id serial PRIMARY KEY, kind text NOT NULL);
