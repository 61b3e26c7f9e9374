-- The possible duplicates of a lead (sql/052's customers.lead_duplicates)
-- by index lookups: the same email and the same phone digits were
-- trigram LIKE scans over search_text, whose common trigrams ("exa",
-- ".co", "555") made each cost ~20 ms at 100k customers (the convert
-- page took 160 ms); now each is an equality on an expression index of
-- its own, and the function is plpgsql with plain values: sql/052's CTE
-- of the inputs hid them from the planner, so the name's trigram branch
-- read every customer even when the name was empty. The name stays a
-- trigram word-similarity match on customers_trgm_idx.
CREATE INDEX IF NOT EXISTS customers_email_lower_idx ON customers.customers (lower(email));
CREATE INDEX IF NOT EXISTS contacts_email_lower_idx ON customers.contacts (lower(email));
CREATE INDEX IF NOT EXISTS customers_phone_digits_idx ON customers.customers (right(customers.digits(phone), 10));
CREATE INDEX IF NOT EXISTS contacts_phone_digits_idx ON customers.contacts (right(customers.digits(phone), 10));

CREATE OR REPLACE FUNCTION customers.lead_duplicates(p_email text, p_phone text, p_name text)
RETURNS TABLE (id bigint, name text, email text, phone text, city text, archived boolean,
  by_email boolean, by_phone boolean, by_name boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = customers, pg_temp AS $$
#variable_conflict use_column
DECLARE
  -- plain values (not a CTE's columns), so each branch plans as an index
  -- lookup and a branch whose value is empty is skipped
  v_email text := lower(trim(coalesce(p_email, '')));
  v_phone text := right(customers.digits(p_phone), 10);
  v_name  text := lower(trim(coalesce(p_name, '')));
  v_ids   bigint[] := '{}';
BEGIN
  IF v_email <> '' THEN
    v_ids := v_ids || ARRAY(SELECT c.id FROM customers.customers c WHERE lower(c.email) = v_email
      UNION SELECT t.customer_id FROM customers.contacts t WHERE lower(t.email) = v_email);
  END IF;
  IF length(v_phone) >= 7 THEN
    v_ids := v_ids || ARRAY(SELECT c.id FROM customers.customers c WHERE right(customers.digits(c.phone), 10) = v_phone
      UNION SELECT t.customer_id FROM customers.contacts t WHERE right(customers.digits(t.phone), 10) = v_phone);
  END IF;
  IF length(v_name) >= 3 THEN
    v_ids := v_ids || ARRAY(SELECT c.id FROM customers.customers c WHERE v_name OPERATOR(public.<%) c.search_text);
  END IF;
  RETURN QUERY
  SELECT m.* FROM (
    SELECT c.id, c.name, c.email, c.phone, c.billing_city AS city, c.archived_at IS NOT NULL AS archived,
      v_email <> '' AND (lower(c.email) = v_email OR EXISTS (SELECT 1 FROM customers.contacts t
        WHERE t.customer_id = c.id AND lower(t.email) = v_email)) AS by_email,
      length(v_phone) >= 7 AND (right(customers.digits(c.phone), 10) = v_phone OR EXISTS (SELECT 1
        FROM customers.contacts t WHERE t.customer_id = c.id AND right(customers.digits(t.phone), 10) = v_phone))
        AS by_phone,
      length(v_name) >= 3 AND public.word_similarity(v_name, lower(c.name)) >= 0.6 AS by_name
    FROM customers.customers c WHERE c.id = ANY (v_ids)) m
  WHERE m.by_email OR m.by_phone OR m.by_name
  ORDER BY m.by_email DESC, m.by_phone DESC, m.archived, m.by_name DESC, lower(m.name), m.id
  LIMIT 10;
END $$;

-- CREATE OR REPLACE keeps the owner and grants sql/052 set.
