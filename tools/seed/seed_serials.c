/* seed_serials.c: the serials of the demo's serialised products.
 *
 * demo: runs after the inventory family, in the same transaction, and
 * gives every ledger row of a serialised product its serials through
 * inventory.move_serials(), oldest row first, as a person receiving and
 * moving the units would have: a receipt creates qty serials (with a MAC
 * for what goes on the network), a transfer, adjustment or write-off
 * takes the oldest serials in stock where it came from. Then a few units
 * are reserved by serial for a project and some of those installed
 * (inventory.allocate_serials, consume_serials), so serial pages show a
 * whole life. sql/040's deferred check would refuse the commit otherwise:
 * serialised stock never exists without its serials. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seed_family.h"

static const struct seed_stmt serial_stmts[] = {
	/* every ledger row of a serialised product without its serials yet */
	{"ser_moves", "SELECT m.id, m.kind IN ('receipt','return') OR (m.kind = 'adjustment' AND m.to_location_id IS NOT NULL)"
	    " FROM inventory.stock_moves m JOIN inventory.products p ON p.id = m.product_id AND p.serialised"
	    " WHERE m.kind IN ('receipt','return','transfer','adjustment','write_off')"
	    "   AND NOT EXISTS (SELECT 1 FROM inventory.serial_moves sm WHERE sm.move_id = m.id) ORDER BY m.id", 0},
	/* new units: the SKU's letters and digits and a running number; a
	 * locally administered MAC (02:...) for networked categories */
	{"ser_in", "SELECT inventory.move_serials(m.id,"
	    "  ARRAY(SELECT left(upper(regexp_replace(p.sku, '[^A-Za-z0-9]', '', 'g')), 8) || '-24'"
	    "        || lpad((c.n + g)::text, 5, '0') FROM generate_series(1, m.qty) g),"
	    "  CASE WHEN p.category IN ('networking','security','control','audio','video')"
	    "       THEN ARRAY(SELECT '02' || lpad(to_hex(mc.n + g), 10, '0') FROM generate_series(1, m.qty) g) END)"
	    " FROM inventory.stock_moves m JOIN inventory.products p ON p.id = m.product_id,"
	    " LATERAL (SELECT count(*) + 17 AS n FROM inventory.serials s WHERE s.product_id = p.id) c,"
	    " LATERAL (SELECT count(*) + 4660 AS n FROM inventory.serials s WHERE s.mac IS NOT NULL) mc"
	    " WHERE m.id = $1", 1},
	{"ser_out", "SELECT inventory.move_serials(m.id, ARRAY(SELECT s.serial FROM inventory.serials s"
	    "   WHERE s.product_id = m.product_id AND s.location_id = m.from_location_id AND s.state = 'in_stock'"
	    "   ORDER BY s.id LIMIT m.qty))"
	    " FROM inventory.stock_moves m WHERE m.id = $1", 1},
	/* one unit each of the first serialised products with two free in the
	 * warehouse, reserved for a project; every other one then installed */
	{"ser_reserve", "SELECT (inventory.allocate_serials(x.product_id, x.location_id, 'project', 1001 + x.k,"
	    "   ARRAY[x.serial], 'Reserved for install')).id, x.k"
	    " FROM (SELECT s.product_id, s.location_id, min(s.serial) AS serial,"
	    "         (row_number() OVER (ORDER BY s.product_id) - 1)::int AS k"
	    "       FROM inventory.serials s JOIN inventory.locations o ON o.id = s.location_id AND o.kind = 'warehouse'"
	    "       JOIN inventory.stock_levels l ON l.product_id = s.product_id AND l.location_id = s.location_id"
	    "      WHERE s.state = 'in_stock' AND l.on_hand - l.allocated >= 2"
	    "      GROUP BY s.product_id, s.location_id ORDER BY s.product_id LIMIT 8) x", 0},
	{"ser_install", "SELECT (inventory.consume_serials($1, ARRAY(SELECT s.serial FROM inventory.serials s"
	    " WHERE s.allocation_id = $1 AND s.state = 'allocated'), 'Installed')).id", 1},
};

static int
serials_demo(PGconn *db, struct seed_demo *d)
{
	if (seed_prepare(db, serial_stmts, NELEM(serial_stmts)))
		return 1;
	PGresult *moves = PQexecPrepared(db, "ser_moves", 0, NULL, NULL, NULL, 0);
	if (PQresultStatus(moves) != PGRES_TUPLES_OK) {
		ctl_fail(db, "seed demo serials", moves);
		return 1;
	}
	long nserials = 0;
	for (int i = 0; i < PQntuples(moves); i++) {
		const char *id[] = { PQgetvalue(moves, i, 0) };
		long n = seed_insert(db, PQgetvalue(moves, i, 1)[0] == 't' ? "ser_in" : "ser_out", 1, id);
		if (n < 0) {
			PQclear(moves);
			return 1;
		}
		if (PQgetvalue(moves, i, 1)[0] == 't')
			nserials += n;
	}
	PQclear(moves);
	PGresult *res = PQexecPrepared(db, "ser_reserve", 0, NULL, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		ctl_fail(db, "seed demo serials", res);
		return 1;
	}
	for (int i = 0; i < PQntuples(res); i++)
		if (atoi(PQgetvalue(res, i, 1)) % 2 == 1) {
			const char *a[] = { PQgetvalue(res, i, 0) };
			if (seed_insert(db, "ser_install", 1, a) < 0) {
				PQclear(res);
				return 1;
			}
		}
	PQclear(res);
	seed_demo_count(d, nserials, "serials");
	return 0;
}

const struct seed_family seed_family_serials = {
	.name = "serials",
	.table = "inventory.serials",
	.demo = serials_demo,
};
