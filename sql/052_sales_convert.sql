-- Converting a lead (cgi-bin/sales/convert.c, docs/sales.md): the sales
-- responder creates the customer, its contact and its property through
-- these functions of the customers family, never by writing customers'
-- tables itself. They are SECURITY DEFINER, owned by the customers
-- schema's owner (set below, whoever runs the migrations), EXECUTE granted
-- to hearth_sales only. A refusal is SQLSTATE 23514 with the field at
-- fault as its constraint name, as inventory's functions do.

-- A new customer from a lead: the billing address is the lead's address.
CREATE FUNCTION customers.create_customer_for_lead(p_kind text, p_name text, p_email text, p_phone text,
  p_line1 text, p_city text, p_region text, p_postal_code text) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = customers, pg_temp AS $$
  INSERT INTO customers.customers (kind, name, email, phone, billing_line1, billing_city, billing_region,
    billing_postal_code)
  VALUES (p_kind, p_name, coalesce(p_email, ''), coalesce(p_phone, ''), coalesce(p_line1, ''), coalesce(p_city, ''),
    coalesce(p_region, ''), coalesce(p_postal_code, ''))
  RETURNING id
$$;

-- The customer a lead's records are added to, locked (so two conversions
-- into one customer add its contacts one at a time); refused when it does
-- not exist or is archived.
CREATE FUNCTION customers.lock_customer_for_lead(p_customer_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = customers, pg_temp AS $$
BEGIN
  PERFORM 1 FROM customers.customers c WHERE c.id = p_customer_id AND c.archived_at IS NULL FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Choose a customer that exists and is not archived.'
      USING ERRCODE = '23514', CONSTRAINT = 'customer_id';
  END IF;
END $$;

-- The lead's person as a contact of a customer (new or existing, not
-- archived): the primary contact when the customer has none yet. A
-- contact of that customer with the same email (any case) or name is
-- the lead's person already: it is kept and answered (created false).
CREATE FUNCTION customers.add_contact_for_lead(p_customer_id bigint, p_name text, p_email text, p_phone text,
  OUT id bigint, OUT created boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = customers, pg_temp AS $$
BEGIN
  PERFORM customers.lock_customer_for_lead(p_customer_id);
  SELECT t.id INTO id FROM customers.contacts t
   WHERE t.customer_id = p_customer_id AND t.archived_at IS NULL
     AND ((coalesce(p_email, '') <> '' AND lower(t.email) = lower(p_email)) OR lower(t.name) = lower(p_name))
   ORDER BY t.id LIMIT 1;
  created := id IS NULL;
  IF created THEN
    INSERT INTO customers.contacts AS t (customer_id, name, email, phone, is_primary)
    VALUES (p_customer_id, p_name, coalesce(p_email, ''), coalesce(p_phone, ''),
      NOT EXISTS (SELECT 1 FROM customers.contacts x WHERE x.customer_id = p_customer_id AND x.is_primary
                  AND x.archived_at IS NULL))
    RETURNING t.id INTO id;
  END IF;
END $$;

-- The lead's address as a property of a customer (new or existing, not
-- archived). A property of that customer at the same first line and
-- postal code (any case) is kept and answered (created false).
CREATE FUNCTION customers.add_property_for_lead(p_customer_id bigint, p_name text, p_line1 text, p_city text,
  p_region text, p_postal_code text, OUT id bigint, OUT created boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = customers, pg_temp AS $$
BEGIN
  PERFORM customers.lock_customer_for_lead(p_customer_id);
  SELECT p.id INTO id FROM customers.properties p
   WHERE p.customer_id = p_customer_id AND p.archived_at IS NULL
     AND lower(p.line1) = lower(coalesce(p_line1, '')) AND lower(p.postal_code) = lower(coalesce(p_postal_code, ''))
   ORDER BY p.id LIMIT 1;
  created := id IS NULL;
  IF created THEN
    INSERT INTO customers.properties AS p (customer_id, name, line1, city, region, postal_code)
    VALUES (p_customer_id, p_name, coalesce(p_line1, ''), coalesce(p_city, ''), coalesce(p_region, ''),
      coalesce(p_postal_code, ''))
    RETURNING p.id INTO id;
  END IF;
END $$;

-- LIKE pattern of a text matched anywhere, its metacharacters escaped.
CREATE FUNCTION customers.like_anywhere(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '%' || replace(replace(replace($1, '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;

-- Customers that may be the lead's person already, at most 10, the
-- surest first: the same email (the customer's or a contact's, any case),
-- the same phone (the last 10 digits, at least 7; the customer's or a
-- contact's), or a similar name (trigram word similarity ≥ 0.6 of the
-- name within the customer's name). Candidates come from the trigram
-- indexes on search_text (customers_trgm_idx, contacts_trgm_idx), so it
-- stays fast at 100k customers; each is then checked exactly. pg_trgm
-- lives in public (sql/001): its operator and function are named whole,
-- so the definer's search_path stays customers, pg_temp.
CREATE FUNCTION customers.lead_duplicates(p_email text, p_phone text, p_name text)
RETURNS TABLE (id bigint, name text, email text, phone text, city text, archived boolean,
  by_email boolean, by_phone boolean, by_name boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = customers, pg_temp AS $$
  WITH k AS (SELECT lower(trim(coalesce(p_email, ''))) AS email, right(customers.digits(p_phone), 10) AS phone,
                    lower(trim(coalesce(p_name, ''))) AS name),
  cand AS (
    SELECT c.id FROM customers.customers c, k
      WHERE k.email <> '' AND c.search_text LIKE customers.like_anywhere(k.email)
    UNION SELECT t.customer_id FROM customers.contacts t, k
      WHERE k.email <> '' AND t.search_text LIKE customers.like_anywhere(k.email)
    UNION SELECT c.id FROM customers.customers c, k
      WHERE length(k.phone) >= 7 AND c.search_text LIKE customers.like_anywhere(k.phone)
    UNION SELECT t.customer_id FROM customers.contacts t, k
      WHERE length(k.phone) >= 7 AND t.search_text LIKE customers.like_anywhere(k.phone)
    UNION SELECT c.id FROM customers.customers c, k
      WHERE length(k.name) >= 3 AND k.name OPERATOR(public.<%) c.search_text
  ),
  m AS (
    SELECT c.id, c.name, c.email, c.phone, c.billing_city AS city, c.archived_at IS NOT NULL AS archived,
      k.email <> '' AND (lower(c.email) = k.email OR EXISTS (SELECT 1 FROM customers.contacts t
        WHERE t.customer_id = c.id AND lower(t.email) = k.email)) AS by_email,
      length(k.phone) >= 7 AND (right(customers.digits(c.phone), 10) = k.phone OR EXISTS (SELECT 1
        FROM customers.contacts t WHERE t.customer_id = c.id AND right(customers.digits(t.phone), 10) = k.phone))
        AS by_phone,
      length(k.name) >= 3 AND public.word_similarity(k.name, lower(c.name)) >= 0.6 AS by_name
    FROM cand JOIN customers.customers c ON c.id = cand.id CROSS JOIN k
  )
  SELECT * FROM m WHERE m.by_email OR m.by_phone OR m.by_name
  ORDER BY m.by_email DESC, m.by_phone DESC, m.archived, m.by_name DESC, lower(m.name), m.id
  LIMIT 10
$$;

-- Owned by the customers schema's owner (the customers family's
-- functions run with its rights), callable by the sales responder only.
DO $$
DECLARE
  owner text := (SELECT pg_get_userbyid(n.nspowner) FROM pg_namespace n WHERE n.nspname = 'customers');
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'customers.create_customer_for_lead(text, text, text, text, text, text, text, text)',
    'customers.add_contact_for_lead(bigint, text, text, text)',
    'customers.add_property_for_lead(bigint, text, text, text, text, text)',
    'customers.lead_duplicates(text, text, text)'] LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO %I', f, owner);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO hearth_sales', f);
  END LOOP;
  -- called by the functions above only (as their owner)
  EXECUTE format('ALTER FUNCTION customers.lock_customer_for_lead(bigint) OWNER TO %I', owner);
  REVOKE ALL ON FUNCTION customers.lock_customer_for_lead(bigint) FROM PUBLIC;
END $$;

-- A lead's conversion and the customer records it made, in the webhook
-- catalogue (customer.created & co. are there already: a conversion emits
-- them too, with the same data as the customers responder's).
INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('sales.lead_converted', 'A lead was converted in one step into a customer (new or existing) with a contact and a property, and a deal (data: the lead after the conversion, with customer_id, contact_id, property_id, deal_id and new_customer).',
   '{"id": 57, "city": "Austin", "name": "Priya Raman", "email": "priya.raman@example.com", "line1": "4 Live Oak Ct", "notes": "", "phone": "+1 512 555 0142", "region": "TX", "source": "campaign", "status": "converted", "company": "", "deal_id": 21, "version": 3, "owner_id": 3, "contact_id": 80, "created_at": "2026-03-02T15:04:05Z", "owner_name": "Sam Rivera", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "campaign_id": 4, "customer_id": 41, "lost_reason": "", "postal_code": "78746", "property_id": 51, "converted_at": "2026-03-02T15:04:05Z", "new_customer": true, "campaign_name": "Spring home show 2026", "next_action_on": null}');
