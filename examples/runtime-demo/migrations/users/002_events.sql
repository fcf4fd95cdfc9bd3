-- Same table name as the orders service: each lands in its own schema.
CREATE TABLE {{tables.events}} (id serial PRIMARY KEY, kind text NOT NULL);
