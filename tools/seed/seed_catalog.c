/* seed_catalog.c: the catalog's structure in the demo (docs/catalog.md):
 * accessories on the products people sell with something else (a TV with
 * its wall mount and HDMI cable, in-wall speakers with their brackets,
 * a soundbar with its mount) and three kits (a living-room audio kit
 * summed from its parts, a TV wall kit and a network rack kit sold at
 * their own price). Runs after inventory, whose products it names by SKU:
 * a SKU the inventory demo no longer has is skipped, not an error. */
#include "seed_family.h"

/* (product, accessory, kind, qty) by SKU. */
static const char catalog_accessories[] =
    "INSERT INTO inventory.product_accessories (product_id, accessory_id, kind, qty)"
    " SELECT p.id, a.id, x.kind, x.qty FROM (VALUES"
    "  ('VIS-OLED-65', 'MTW-TILT-L', 'required', 1), ('VIS-OLED-65', 'CPG-HDMI-W-3M', 'required', 1),"
    "  ('VIS-OLED-65', 'MTW-ART-L', 'recommended', 1), ('VIS-OLED-65', 'AUR-ARC-BK', 'optional', 1),"
    "  ('VIS-OLED-55', 'MTW-TILT-L', 'required', 1), ('VIS-OLED-55', 'CPG-HDMI-W-3M', 'required', 1),"
    "  ('VIS-LED-75', 'MTW-TILT-L', 'required', 1), ('VIS-LED-75', 'CPG-HDMI-W-5M', 'required', 1),"
    "  ('VIS-FRAME-65', 'CPG-HDMI-W-5M', 'required', 1), ('VIS-FRAME-65', 'SGP-HDBT-70', 'optional', 1),"
    "  ('TNH-IW6-STD', 'TNH-BRK-IW', 'required', 2), ('TNH-IW6-STD', 'TNH-VOL-WH', 'recommended', 1),"
    "  ('TNH-IC6-STD', 'TNH-BRK-6', 'required', 2), ('TNH-IC6-STD', 'CPG-SPK16', 'recommended', 15),"
    "  ('AUR-ARC-BK', 'MTW-BAR-AUR', 'recommended', 1), ('AUR-ARC-BK', 'AUR-SUB-BK', 'optional', 1),"
    "  ('MSH-AP6-PRO', 'MSH-INJ-AT', 'optional', 1), ('MSH-SW-24', 'CPG-PC-03', 'recommended', 24)"
    " ) AS x (product, accessory, kind, qty)"
    " JOIN inventory.products p ON p.sku = x.product JOIN inventory.products a ON a.sku = x.accessory";

/* The kits: a product each, a kits row, its parts by SKU. */
static const char catalog_kits[] =
    "WITH k (sku, name, category, description, labour, price, rule) AS (VALUES"
    "  ('KIT-LR-AUDIO', 'Living room audio kit', 'audio',"
    "   'A streaming amplifier, a pair of in-wall speakers, wall plates and speaker cable: the usual living-room"
    " install. Priced at the sum of its parts; 3 h to fit and tune.', 180, 0, 'sum'),"
    "  ('KIT-TV-WALL-65', 'TV wall kit, 65 in', 'video',"
    "   'A 65 in OLED TV on an articulating mount with an in-wall HDMI run and a soundbar. Bundle price.', 150,"
    "   259900, 'own'),"
    "  ('KIT-NET-RACK', 'Network rack kit', 'networking',"
    "   'A 12U wall rack with a 24-port PoE switch, patch panel, shelf, cable manager and patch cords,"
    " assembled and labelled. Bundle price; 4 h.', 240, 289900, 'own')"
    "), made AS ("
    " INSERT INTO inventory.products (sku, manufacturer, model, name, category, description, unit, labour_minutes,"
    "  price_cents, tags)"
    " SELECT k.sku, 'Hearth Demo AV', k.sku, k.name, k.category, k.description, 'each', k.labour, k.price,"
    "  ARRAY['kit'] FROM k RETURNING id, sku"
    ")"
    " INSERT INTO inventory.kits (product_id, price_rule) SELECT m.id, k.rule FROM made m JOIN k ON k.sku = m.sku";
static const char catalog_kit_parts[] =
    "INSERT INTO inventory.kit_parts (kit_id, part_id, qty)"
    " SELECT k.id, p.id, x.qty FROM (VALUES"
    "  ('KIT-LR-AUDIO', 'AUR-AMP-2', 1), ('KIT-LR-AUDIO', 'TNH-IW6-STD', 1), ('KIT-LR-AUDIO', 'CPG-WP-2P', 2),"
    "  ('KIT-LR-AUDIO', 'CPG-SPK14-CL2', 30),"
    "  ('KIT-TV-WALL-65', 'VIS-OLED-65', 1), ('KIT-TV-WALL-65', 'MTW-ART-L', 1), ('KIT-TV-WALL-65', 'CPG-HDMI-W-5M', 1),"
    "  ('KIT-TV-WALL-65', 'AUR-ARC-BK', 1), ('KIT-TV-WALL-65', 'MTW-BAR-AUR', 1),"
    "  ('KIT-NET-RACK', 'RKF-RACK-12U', 1), ('KIT-NET-RACK', 'MSH-SW-24', 1), ('KIT-NET-RACK', 'CPG-PP24-C6', 1),"
    "  ('KIT-NET-RACK', 'RKF-SHELF-1U', 1), ('KIT-NET-RACK', 'RKF-MGR-H1', 1), ('KIT-NET-RACK', 'CPG-PC-03', 24),"
    "  ('KIT-NET-RACK', 'CPG-LBL-WH', 1)"
    " ) AS x (kit, part, qty)"
    " JOIN inventory.products k ON k.sku = x.kit JOIN inventory.products p ON p.sku = x.part";

static int
catalog_demo(PGconn *db, struct seed_demo *d)
{
	(void)d;
	if (ctl_run(db, catalog_accessories, PGRES_COMMAND_OK) || ctl_run(db, catalog_kits, PGRES_COMMAND_OK) ||
	    ctl_run(db, catalog_kit_parts, PGRES_COMMAND_OK))
		return 1;
	return 0;
}

const struct seed_family seed_family_catalog = {
	.name = "catalog",
	.table = "inventory.kit_parts",
	.demo = catalog_demo,
};
