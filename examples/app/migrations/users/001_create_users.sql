CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL
);

CREATE INDEX users_name_idx ON users (name);
