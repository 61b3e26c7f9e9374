-- Customers family: indexes for the communications and documents lists
-- (cgi-bin/customers/communications.c, documents.c) beyond those of 003.
--
-- communications: 003 already serves one customer's timeline
-- (communications_customer_idx, both directions), everyone's
-- (communications_occurred_idx) and ?q (communications_tsv_idx). These serve
-- the filters across customers: ?kind (a rare kind would otherwise scan the
-- whole timeline), ?contact_id and ?property_id (the contact's and the
-- property's pages).
CREATE INDEX communications_kind_idx     ON customers.communications (kind, occurred_at DESC, id DESC);
CREATE INDEX communications_contact_idx  ON customers.communications (contact_id, occurred_at DESC, id DESC)
  WHERE contact_id IS NOT NULL;
CREATE INDEX communications_property_idx ON customers.communications (property_id, occurred_at DESC, id DESC)
  WHERE property_id IS NOT NULL;

-- documents: 003 serves "-created_at" (documents_customer_idx,
-- documents_created_idx). These serve sort=title (everyone's and one
-- customer's), ?q (substring of title or file name, trigram) and ?property_id.
CREATE INDEX documents_title_idx          ON customers.documents (lower(title), id);
CREATE INDEX documents_customer_title_idx ON customers.documents (customer_id, lower(title), id);
CREATE INDEX documents_trgm_idx           ON customers.documents
  USING gin (lower(title || ' ' || filename) gin_trgm_ops);
CREATE INDEX documents_property_idx       ON customers.documents (property_id, created_at DESC, id DESC)
  WHERE property_id IS NOT NULL;
