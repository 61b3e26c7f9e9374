-- Bins: where a product sits inside a location, a shelf label such as
-- A3-02 (docs/inventory.md, "Bins"). Optional: most vans and sites have
-- none. At most one bin per product per location (the primary key); many
-- products may share a bin (a shelf holds several). Stored upper case,
-- so A3-02 and a3-02 are one bin and the count sheet's walk by bin is one
-- byte order (the cluster's collation is C.UTF-8).

CREATE TABLE inventory.product_bins (
  product_id   bigint NOT NULL REFERENCES inventory.products(id),
  location_id  bigint NOT NULL REFERENCES inventory.locations(id),
  -- letters, digits and . / - (aisle-shelf-slot), 1 to 20, starting with a letter or digit
  bin          text NOT NULL CONSTRAINT bin CHECK (bin ~ '^[A-Z0-9][A-Z0-9./-]{0,19}$'),
  version      integer NOT NULL DEFAULT 1,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   bigint,                                 -- auth.users: who set it last
  PRIMARY KEY (product_id, location_id)
);
-- The count sheet's sort=bin walks a location's bins in order (then each
-- product's level by stock_levels_pkey): a page reads a page of rows at
-- any catalog size.
CREATE INDEX product_bins_location_idx ON inventory.product_bins (location_id, bin, product_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON inventory.product_bins TO hearth_inventory;
GRANT SELECT ON inventory.product_bins TO hearth_projects, hearth_service, hearth_sales, hearth_analytics;

INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('inventory.bin_set', 'A product''s bin at a location was set, changed or removed (data: the bin after the change, null when removed, and the one before).',
   '{"product_id": 41, "sku": "VSN-TV65-OLED", "name": "OLED TV 65 in", "location_id": 1, "location_name": "Main warehouse", "bin": "B2-03", "previous_bin": "B2-01", "version": 2, "updated_at": "2026-03-02T15:04:05Z", "updated_by": 1, "product_url": "/products/41"}');
