-- Customers family: indexes for the "-created_at" (newest first) sort of the
-- contact and property lists, for everyone's list (GET /contacts,
-- GET /properties) and for one customer's (GET /customers/:id/contacts, ...).
-- The name sorts use the indexes of 003 (…_customer_idx, …_name_idx) and
-- search uses the trigram indexes (…_trgm_idx).

CREATE INDEX contacts_created_idx            ON customers.contacts (created_at, id);
CREATE INDEX contacts_customer_created_idx   ON customers.contacts (customer_id, created_at, id);
CREATE INDEX properties_created_idx          ON customers.properties (created_at, id);
CREATE INDEX properties_customer_created_idx ON customers.properties (customer_id, created_at, id);
