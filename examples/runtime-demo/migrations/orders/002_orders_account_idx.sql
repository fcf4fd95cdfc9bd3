-- pgdbm:no-transaction
-- CREATE INDEX CONCURRENTLY cannot run in a transaction: this file runs statement by statement.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_account_idx ON {{tables.orders}} (account_id);
