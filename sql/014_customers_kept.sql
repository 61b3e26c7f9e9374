-- Each worker keeps the answers of the customer list's browse and search
-- statements (DB_STMT_KEPT, lib/kept.h) until PostgreSQL says the table
-- they read changed: every statement that writes customers.customers
-- (insert, update, delete, truncate; from any family, tool or psql)
-- NOTIFYs hearth_customers. NOTIFY is sent at commit and folded to one per
-- transaction, and a worker reads what arrived before it trusts what it
-- keeps, so an answer is never given after the change that outdated it
-- was committed and heard.
CREATE FUNCTION customers.customers_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_catalog.pg_notify('hearth_customers', '');
  RETURN NULL;
END $$;

CREATE TRIGGER customers_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customers.customers
  FOR EACH STATEMENT EXECUTE FUNCTION customers.customers_changed();
