/* seed_purchasing.c: the purchasing part of the inventory demo (issue 8):
 * a few open purchase orders to the demo suppliers, one in each open
 * state: a draft still being filled, one sent and expected, one partly
 * received (its receipts are real moves in the ledger, made by sql/041's
 * inventory.po_receive_line as the receiving page makes them). Runs after
 * seed_inventory.c, whose suppliers and products it orders. */
#include <stdio.h>
#include "seed_family.h"

/* Each PO: the supplier, its status, the days until it is expected, and
 * how many of that supplier's preferred products it orders. The lines
 * are the supplier's products with the lowest stock, each its reorder
 * quantity (at least 2), at the supplier's cost; a partly received PO
 * has the first half of its lines arrived, the first one short. */
static const char purchasing_demo_sql[] =
    "DO $$\n"
    "DECLARE\n"
    "  spec record; po bigint; l record; n int; main bigint;\n"
    "BEGIN\n"
    "  SELECT id INTO main FROM inventory.locations WHERE kind = 'warehouse' AND archived_at IS NULL ORDER BY id LIMIT 1;\n"
    "  FOR spec IN SELECT * FROM (VALUES\n"
    "      ('Northline Distribution', 'draft', 9, 4, 'Top up dimmers and keypads before the spring rush.'),\n"
    "      ('Signal Supply Co.', 'sent', 4, 5, 'Deliver to the loading dock, back of the building.'),\n"
    "      ('Packet & Wire', 'partially_received', 2, 6, 'Back-ordered items: ship when in stock.'))\n"
    "      AS v(supplier, status, days, lines, notes) LOOP\n"
    "    INSERT INTO inventory.purchase_orders (supplier_id, expected_on, notes, created_by, created_at, updated_at)\n"
    "    SELECT s.id, current_date + spec.days, spec.notes, auth.current_user_id(), now() - interval '3 days',\n"
    "           now() - interval '3 days'\n"
    "      FROM inventory.suppliers s WHERE s.name = spec.supplier RETURNING id INTO po;\n"
    "    INSERT INTO inventory.po_lines (po_id, product_id, qty, unit_cost_cents)\n"
    "    SELECT po, p.id, greatest(p.reorder_qty, 2), ps.cost_cents\n"
    "      FROM inventory.product_suppliers ps JOIN inventory.products p ON p.id = ps.product_id\n"
    "      JOIN inventory.suppliers s ON s.id = ps.supplier_id LEFT JOIN inventory.stock_totals t ON t.product_id = p.id\n"
    "     WHERE s.name = spec.supplier AND ps.preferred AND ps.archived_at IS NULL AND p.archived_at IS NULL\n"
    "     ORDER BY coalesce(t.on_hand - t.allocated, 0) - p.reorder_point, p.id LIMIT spec.lines;\n"
    "    IF spec.status <> 'draft' THEN\n"
    "      UPDATE inventory.purchase_orders SET status = 'sent', sent_at = now() - interval '2 days' WHERE id = po;\n"
    "    END IF;\n"
    "    IF spec.status = 'partially_received' THEN\n"
    "      n := 0;\n"
    "      FOR l IN SELECT * FROM inventory.po_lines WHERE po_id = po ORDER BY id LIMIT spec.lines / 2 LOOP\n"
    "        PERFORM inventory.po_receive_line(po, l.id, CASE WHEN n = 0 THEN greatest(l.qty / 2, 1) ELSE l.qty END, main);\n"
    "        n := n + 1;\n"
    "      END LOOP;\n"
    "      UPDATE inventory.purchase_orders SET status = 'partially_received', received_at = now() - interval '1 day'\n"
    "       WHERE id = po;\n"
    "    END IF;\n"
    "  END LOOP;\n"
    "END $$";

static int
purchasing_demo(PGconn *db, struct seed_demo *d)
{
	/* ordered and received by the office */
	char who[64];
	snprintf(who, sizeof(who), "SELECT set_config('hearth.user_id', '%lld', true)", d->users[R_OFFICE]);
	if (ctl_run(db, who, PGRES_TUPLES_OK) || ctl_run(db, purchasing_demo_sql, PGRES_COMMAND_OK))
		return 1;
	seed_demo_count(d, 3, "purchase orders");
	return 0;
}

const struct seed_family seed_family_purchasing = {
	.name = "purchasing",
	.table = "inventory.purchase_orders",
	.demo = purchasing_demo,
};
