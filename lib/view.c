/* view.c: json-c → HDF → ClearSilver. The only file that sees ClearSilver's
 * headers (they define PACKAGE_* as empty strings; LIBRARY-NOTES).
 * Escaping is on by default: Config.VarEscapeMode = html, so every var: is
 * HTML-escaped and templates must opt out (uvar:), never opt in. */
/* configure passes PACKAGE_* with -D; cs_config.h defines them again. */
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_VERSION
#undef PACKAGE_BUGREPORT
#undef PACKAGE_URL
#include <ClearSilver.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "config.h"
#include "db.h"
#include "hash.h"
#include "log.h"
#include "headers.h"
#include "view.h"

/* Template texts, read once per worker (ClearSilver re-reads files on
 * every parse otherwise). */
struct tpl { char *name; char *text; };
static struct tpl *tpls;
static size_t ntpls;
static char *tpl_dir;

/* Parsed templates (see render()). */
struct parsed { char *key; CSPARSE *cs; };
static struct parsed *parsed;
static size_t nparsed;
static HDF *idle_hdf;    /* what a cached tree points at between requests */
static HDF *page_root;   /* the page's HDF while view_render builds it */
static void row_frags_clear(void);
static void page_memos_clear(void);

/* UTC offsets by quarter hour (zone_offset), emptied when the zone is set. */
static struct { long q; long off; int set; } zone_cache[256];

/* Words for enum values: the one place they live. Every set is in the
 * page's HDF as labels.<set>.<value>, in this order: templates show
 * labels.customer_kind[c.kind] and build selects with macros.cs options().
 * (A lookup, not a <column>_label beside each value: a row node with more
 * than 11 children makes ClearSilver build a hash table for it, and that
 * was 15% of a list page.) */
struct view_label {
	const char *key;      /* labels.<set>.<value>, whole, so a render formats nothing */
	const char *label;
};
#define LABEL(set, value, label) { "labels." set "." value, label }
static const struct view_label view_labels[] = {
	LABEL("customer_kind", "residential", "Residential"),
	LABEL("customer_kind", "commercial", "Commercial"),
	LABEL("channel", "email", "Email"),
	LABEL("channel", "phone", "Phone call"),
	LABEL("channel", "sms", "SMS"),
	LABEL("channel", "any", "Any"),
	LABEL("property_type", "house", "House"),
	LABEL("property_type", "apartment", "Apartment"),
	LABEL("property_type", "condo", "Condo"),
	LABEL("property_type", "office", "Office"),
	LABEL("property_type", "retail", "Retail"),
	LABEL("property_type", "hospitality", "Hospitality"),
	LABEL("property_type", "other", "Other"),
	LABEL("communication_kind", "call", "Call"),
	LABEL("communication_kind", "email", "Email"),
	LABEL("communication_kind", "meeting", "Meeting"),
	LABEL("communication_kind", "sms", "SMS"),
	LABEL("communication_kind", "site_visit", "Site visit"),
	LABEL("communication_kind", "note", "Note"),
	LABEL("direction", "inbound", "Inbound"),
	LABEL("direction", "outbound", "Outbound"),
	LABEL("direction", "internal", "Internal"),
	/* inventory */
	LABEL("product_category", "control", "Control"),
	LABEL("product_category", "audio", "Audio"),
	LABEL("product_category", "video", "Video"),
	LABEL("product_category", "lighting", "Lighting"),
	LABEL("product_category", "networking", "Networking"),
	LABEL("product_category", "security", "Security"),
	LABEL("product_category", "cabling", "Cabling"),
	LABEL("product_category", "power", "Power"),
	LABEL("product_category", "mounting", "Mounting"),
	LABEL("product_category", "other", "Other"),
	LABEL("product_unit", "each", "Each"),
	LABEL("product_unit", "metre", "Metre"),
	LABEL("product_unit", "box", "Box"),
	LABEL("location_kind", "warehouse", "Warehouse"),
	LABEL("location_kind", "van", "Van"),
	LABEL("location_kind", "site", "Job site"),
	LABEL("stock_move_kind", "receipt", "Receipt"),
	LABEL("stock_move_kind", "transfer", "Transfer"),
	LABEL("stock_move_kind", "adjustment", "Adjustment"),
	LABEL("stock_move_kind", "write_off", "Write-off"),
	LABEL("stock_move_kind", "return", "Return"),
	LABEL("stock_move_kind", "allocation", "Reserved"),
	LABEL("stock_move_kind", "release", "Released"),
	LABEL("stock_move_kind", "consumption", "Used"),
	LABEL("doc_type", "project", "Project"),
	LABEL("doc_type", "ticket", "Ticket"),
	/* sales */
	LABEL("lead_status", "new", "New"),
	LABEL("lead_status", "contacted", "Contacted"),
	LABEL("lead_status", "qualified", "Qualified"),
	LABEL("lead_status", "converted", "Converted"),
	LABEL("lead_status", "lost", "Lost"),
	LABEL("lead_source", "web_form", "Web form"),
	LABEL("lead_source", "referral", "Referral"),
	LABEL("lead_source", "showroom", "Showroom"),
	LABEL("lead_source", "phone", "Phone"),
	LABEL("lead_source", "partner", "Partner"),
	LABEL("lead_source", "campaign", "Campaign"),
	LABEL("campaign_channel", "web", "Web"),
	LABEL("campaign_channel", "search", "Search ads"),
	LABEL("campaign_channel", "social", "Social"),
	LABEL("campaign_channel", "email", "Email"),
	LABEL("campaign_channel", "print", "Print"),
	LABEL("campaign_channel", "radio", "Radio"),
	LABEL("campaign_channel", "event", "Event"),
	LABEL("campaign_channel", "showroom", "Showroom"),
	LABEL("campaign_channel", "referral", "Referral"),
	LABEL("campaign_channel", "partner", "Partner"),
	LABEL("campaign_channel", "other", "Other"),
};
#define NLABELS (sizeof(view_labels) / sizeof(view_labels[0]))

static void
hdf_put_labels(HDF *hdf)
{
	for (size_t i = 0; i < NLABELS; i++)
		hdf_set_value(hdf, view_labels[i].key, view_labels[i].label);
}

/* The company zone's name and its abbreviations by UTC offset (January's
 * and July's: standard and summer time), so a page can say "14:05 CST"
 * (zone.* in the HDF; macros.cs datetime). */
static struct { char key[24]; char abbr[24]; } zone_abbrs[2];
static char zone_name[64];

static void
zone_learn(void)
{
	time_t now = time(NULL);
	struct tm t;
	localtime_r(&now, &t);
	for (int i = 0; i < 2; i++) {
		struct tm probe = { .tm_year = t.tm_year, .tm_mon = i * 6, .tm_mday = 15, .tm_hour = 12, .tm_isdst = -1 };
		time_t x = mktime(&probe);
		struct tm lt;
		localtime_r(&x, &lt);
		int off = (int)(lt.tm_gmtoff / 60) % (24 * 60);
		snprintf(zone_abbrs[i].key, sizeof(zone_abbrs[i].key), "zone.%c%02d:%02d", off < 0 ? '-' : '+',
		    abs(off) / 60, abs(off) % 60);
		/* A zone without letters ("-03") reads as an offset. */
		snprintf(zone_abbrs[i].abbr, sizeof(zone_abbrs[i].abbr), "%s%s",
		    lt.tm_zone && (lt.tm_zone[0] == '-' || lt.tm_zone[0] == '+') ? "UTC" : "", lt.tm_zone ? lt.tm_zone : "");
	}
}

int
view_init(const char *template_dir)
{
	/* Pages show times in the company's time zone (the API keeps UTC). */
	const char *tz = config_get("timezone", "UTC");
	setenv("TZ", tz, 1);
	tzset();
	memset(zone_cache, 0, sizeof(zone_cache));
	snprintf(zone_name, sizeof(zone_name), "%s", tz);
	zone_learn();
	row_frags_clear();              /* rows and pages rendered for another zone or tree */
	page_memos_clear();
	free(tpl_dir);
	tpl_dir = strdup(template_dir);
	return tpl_dir ? 0 : -1;
}

static void parsed_clear(void);

void
view_shutdown(void)
{
	parsed_clear();
	row_frags_clear();
	page_memos_clear();
	for (size_t i = 0; i < ntpls; i++) {
		free(tpls[i].name);
		free(tpls[i].text);
	}
	free(tpls);
	tpls = NULL;
	ntpls = 0;
	free(tpl_dir);
	tpl_dir = NULL;
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct buf b;
	buf_init(&b);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	if (b.data == NULL)
		buf_puts(&b, "");
	return b.data;
}

/* The kept text of a template, read on first use; NULL (and *err set)
 * when there is no such file. */
static const char *
tpl_text(const char *filename, NEOERR **err)
{
	*err = STATUS_OK;
	for (size_t i = 0; i < ntpls; i++)
		if (strcmp(tpls[i].name, filename) == 0)
			return tpls[i].text;
	/* Names come from handler code, never from a request; refuse any
	 * path that climbs out of the template directory all the same. */
	if (strstr(filename, "..") != NULL || filename[0] == '/') {
		*err = nerr_raise(NERR_NOT_FOUND, "%s", "bad template name");
		return NULL;
	}
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", tpl_dir ? tpl_dir : "templates", filename);
	char *text = read_file(path);
	if (text == NULL) {
		*err = nerr_raise(NERR_NOT_FOUND, "template not found: %s", filename);
		return NULL;
	}
	struct tpl *t = realloc(tpls, (ntpls + 1) * sizeof(*t));
	if (t == NULL) {
		free(text);
		*err = nerr_raise(NERR_NOMEM, "%s", "out of memory");
		return NULL;
	}
	tpls = t;
	tpls[ntpls].name = strdup(filename);
	tpls[ntpls].text = text;
	ntpls++;
	return text;
}

/* ClearSilver's file loader: a malloc'd copy it will own and modify. */
static NEOERR *
tpl_load(void *ctx, HDF *hdf, const char *filename, char **contents)
{
	(void)ctx;
	(void)hdf;
	NEOERR *err;
	const char *text = tpl_text(filename, &err);
	if (text == NULL)
		return err;
	*contents = strdup(text);
	return *contents ? STATUS_OK : nerr_raise(NERR_NOMEM, "%s", "out of memory");
}

static void
parsed_clear(void)
{
	for (size_t i = 0; i < nparsed; i++) {
		cs_destroy(&parsed[i].cs);
		free(parsed[i].key);
	}
	free(parsed);
	parsed = NULL;
	nparsed = 0;
	if (idle_hdf != NULL)
		hdf_destroy(&idle_hdf);
}

/* HDF paths use '.', so only plain keys become nodes (LIBRARY-NOTES). */
static int
key_ok(const char *k)
{
	if (*k == '\0')
		return 0;
	for (; *k; k++)
		if (!(islower((unsigned char)*k) || isdigit((unsigned char)*k) || *k == '_'))
			return 0;
	return 1;
}

static void json_to_hdf(HDF *node, json_object *o);
static void set_child(HDF *node, const char *key, json_object *v);

/* "2026-11-23T21:53:52Z" → "2026-11-23T15:53:52-06:00" in the company's
 * zone, so templates that slice date and time show local values. Other
 * strings are left alone (1 if converted). */
static int
two_digits(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back
 * (H. Hinnant's civil calendar algorithms): timegm and gmtime without
 * their locks and normalisation, for hundreds of values a page. */
static long
days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, long *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* The zone's UTC offset (seconds) at t. Offsets change only at
 * transitions, which fall on quarter hours, so the answer for a quarter
 * hour is kept (a small direct-mapped cache: a list page asks for the
 * same days request after request). */
static long
zone_offset(time_t t)
{
	long q = (long)(t >= 0 ? t / 900 : (t - 899) / 900);
	unsigned slot = (unsigned)q & 255;
	if (zone_cache[slot].set && zone_cache[slot].q == q)
		return zone_cache[slot].off;
	struct tm lt;
	if (localtime_r(&t, &lt) == NULL)
		return 0;
	zone_cache[slot].q = q;
	zone_cache[slot].off = lt.tm_gmtoff;
	zone_cache[slot].set = 1;
	return lt.tm_gmtoff;
}

static char *
put2(char *o, long v)
{
	*o++ = (char)('0' + v / 10 % 10);
	*o++ = (char)('0' + v % 10);
	return o;
}

static int
local_time(const char *s, char out[64])
{
	/* Exactly YYYY-MM-DDTHH:MM:SSZ; parsed by hand (sscanf was 3k
	 * instructions a value, and a list page has hundreds). */
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	for (int i = 0; i < 20; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return 0;
	}
	if (s[20] != '\0')
		return 0;
	int mon = two_digits(s + 5), day = two_digits(s + 8);
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return 0;
	long year = two_digits(s) * 100 + two_digits(s + 2);
	long secs = days_from_civil(year, mon, day) * 86400L + two_digits(s + 11) * 3600L +
	    two_digits(s + 14) * 60L + two_digits(s + 17);
	long off = zone_offset((time_t)secs);
	long lsecs = secs + off;
	long days = (lsecs >= 0 ? lsecs : lsecs - 86399) / 86400;
	long sod = lsecs - days * 86400;
	civil_from_days(days, &year, &mon, &day);
	if (year < 0 || year > 9999)
		return 0;
	char *o = out;
	o = put2(o, year / 100);
	o = put2(o, year % 100);
	*o++ = '-';
	o = put2(o, mon);
	*o++ = '-';
	o = put2(o, day);
	*o++ = 'T';
	o = put2(o, sod / 3600);
	*o++ = ':';
	o = put2(o, sod / 60 % 60);
	*o++ = ':';
	o = put2(o, sod % 60);
	*o++ = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	o = put2(o, off / 3600);
	*o++ = ':';
	o = put2(o, off / 60 % 60);
	*o = '\0';
	return 1;
}

/* HDF straight from a result (db_rows_lazy), the same values json_to_hdf
 * would give for db_row_json's objects, without building those: column
 * facts once per result, then one hdf_set_value per non-NULL value. */
struct hdf_col {
	const char   *name;
	enum db_shape shape;
	int           use;        /* a plain key, not the skipped column */
};

/* i as decimal text into idx (a row or item number). */
static const char *
index_text(char idx[12], int i)
{
	char *o = idx + 11;
	*o = '\0';
	do {
		*--o = (char)('0' + i % 10);
		i /= 10;
	} while (i > 0);
	return o;
}

static void
array_item_to_hdf(void *node, int i, const char *item)
{
	char idx[12];
	if (item != NULL)
		hdf_set_value(node, index_text(idx, i), item);
}

static void
value_to_hdf(HDF *row, const struct hdf_col *col, const char *v)
{
	char lt[64], utc[24];
	HDF *child;
	switch (col->shape) {
	case DB_BOOL:
		hdf_set_value(row, col->name, v[0] == 't' ? "1" : "0");
		break;
	case DB_TIME:
		/* as JSON shows it when the company's zone cannot (a year out of range) */
		if (db_timestamp_text(v, utc))
			hdf_set_value(row, col->name, local_time(utc, lt) ? lt : utc);
		else
			hdf_set_value(row, col->name, v);
		break;
	case DB_TEXTARRAY:
		if (hdf_get_node(row, col->name, &child) == STATUS_OK)
			db_text_array_each(v, array_item_to_hdf, child);
		break;
	case DB_JSON: {
		json_object *o = json_tokener_parse(v);
		set_child(row, col->name, o);
		json_object_put(o);
		break;
	}
	case DB_FLOAT:
	case DB_TEXT:
		hdf_set_value(row, col->name, v);
		break;
	}
}

/* Which columns of rows a page sees, and how (cols has PQnfields). */
static void
rows_columns(const struct db_rows *rows, struct hdf_col *cols)
{
	PGresult *res = rows->res;
	int nf = PQnfields(res);
	for (int c = 0; c < nf; c++) {
		cols[c].name = PQfname(res, c);
		cols[c].shape = db_col_shape(res, c);
		cols[c].use = key_ok(cols[c].name) && (rows->skip == NULL || strcmp(cols[c].name, rows->skip) != 0);
		if (cols[c].use && rows->only != NULL) {
			int listed = 0;
			for (size_t k = 0; rows->only[k] != NULL && !listed; k++)
				listed = strcmp(rows->only[k], cols[c].name) == 0;
			cols[c].use = listed;
		}
	}
}

static void
rows_to_hdf(HDF *node, const struct db_rows *rows)
{
	PGresult *res = rows->res;
	int nf = PQnfields(res);
	struct hdf_col cols[nf > 0 ? nf : 1];
	rows_columns(rows, cols);
	for (int i = 0; i < rows->nrows; i++) {
		char idx[12];
		HDF *row;
		if (hdf_get_node(node, index_text(idx, i), &row) != STATUS_OK)
			return;
		for (int c = 0; c < nf; c++)
			if (cols[c].use && !PQgetisnull(res, i, c))
				value_to_hdf(row, &cols[c], PQgetvalue(res, i, c));
	}
}

/* ---- List rows rendered once per content ----
 * A row template (db_rows.row_template) sees the row as row.* and nothing
 * of the request: only the worker's constants (labels, zone, static
 * prefix), which never change while it runs. So a row's HTML is a pure
 * function of its values, and it is kept by those values: the key is the
 * values themselves (compared whole on a hit, so no hash collision can
 * show another row), which no edit, from any path, can leave stale. A
 * list page renders only the rows it has not shown before; on a page seen
 * before, a row costs a hash and a copy instead of ~20k instructions of
 * HDF and template evaluation (callgrind, customer list). Two ways a
 * set: a new row takes the way shown less recently. */
#define ROW_SETS 2048                 /* two ways each: 4096 rows kept */
#define ROW_KEY_MAX 8192              /* a longer row is rendered, not kept */
struct row_frag {
	const char *tpl;                  /* the row template's name (a resource's static string) */
	uint64_t    hash;
	char       *key;                  /* the row's values, each NUL-ended, \1 for NULL */
	size_t      klen;
	char       *html;
	size_t      hlen;
	unsigned    used;                 /* when last shown (to pick which way to replace) */
};
static struct row_frag (*row_frags)[2];  /* ROW_SETS, allocated on first use */
static unsigned row_clock;
static HDF *row_hdf;                  /* the constants, plus row.* of the row at hand */
static struct buf row_key;
static int row_failed;                /* a row template failed: the page is a 500 */
static unsigned long rows_rendered, rows_kept;

void
view_rows_counts(unsigned long *rendered, unsigned long *kept)
{
	*rendered = rows_rendered;
	*kept = rows_kept;
}

static enum herr render(HDF *hdf, const char *top, const struct request *r, struct buf *out);
static HDF *hdf_new_escaped(void);
static void hdf_put_labels(HDF *hdf);
static void hdf_put_constants(HDF *hdf);

static void
row_frags_clear(void)
{
	if (row_frags != NULL)
		for (size_t i = 0; i < ROW_SETS; i++)
			for (size_t w = 0; w < 2; w++) {
				free(row_frags[i][w].key);
				free(row_frags[i][w].html);
			}
	free(row_frags);
	row_frags = NULL;
	if (row_hdf != NULL)
		hdf_destroy(&row_hdf);
	buf_free(&row_key);
}

/* A row's key: the used columns' values, each followed by NUL, or \1 for
 * NULL. The values of a row are looked up once (struct row_vals); the key
 * is hashed and compared in place, and built only to be kept. */
struct row_vals {
	int          n;
	const char **v;                   /* NULL for SQL NULL */
	size_t      *len;                 /* with the NUL */
};

static void
row_vals_get(struct row_vals *rv, PGresult *res, int i, const struct hdf_col *cols, int nf)
{
	rv->n = 0;
	for (int c = 0; c < nf; c++) {
		if (!cols[c].use)
			continue;
		if (PQgetisnull(res, i, c)) {
			rv->v[rv->n] = NULL;
			rv->len[rv->n] = 1;
		} else {
			rv->v[rv->n] = PQgetvalue(res, i, c);
			rv->len[rv->n] = (size_t)PQgetlength(res, i, c) + 1;
		}
		rv->n++;
	}
}

static uint64_t
row_hash(const struct row_vals *rv, size_t *klen)
{
	uint64_t h = HASH_SEED;
	size_t len = 0;
	for (int k = 0; k < rv->n; k++) {
		h = hash_bytes(h, rv->v[k] ? rv->v[k] : "\1", rv->len[k]);
		len += rv->len[k];
	}
	*klen = len;
	return h;
}

static int
row_key_equal(const struct row_frag *f, const struct row_vals *rv)
{
	const char *k = f->key;
	for (int i = 0; i < rv->n; i++) {
		if (memcmp(k, rv->v[i] ? rv->v[i] : "\1", rv->len[i]) != 0)
			return 0;
		k += rv->len[i];
	}
	return 1;
}

static void
row_keep(struct row_frag *f, const char *tpl, uint64_t h, const struct row_vals *rv, size_t klen,
         const char *html, size_t hlen)
{
	char *k = malloc(klen > 0 ? klen : 1), *t = malloc(hlen + 1);
	if (k == NULL || t == NULL) {
		free(k);
		free(t);
		return;
	}
	char *o = k;
	for (int i = 0; i < rv->n; i++) {
		memcpy(o, rv->v[i] ? rv->v[i] : "\1", rv->len[i]);
		o += rv->len[i];
	}
	memcpy(t, html, hlen);
	t[hlen] = '\0';
	free(f->key);
	free(f->html);
	*f = (struct row_frag){ tpl, h, k, klen, t, hlen, row_clock };
}

/* Row i rendered into out by tpl, from its used columns. */
static enum herr
row_render(const struct db_rows *rows, const struct hdf_col *cols, int i, const char *tpl, struct buf *out)
{
	HDF *row;
	if (row_hdf == NULL) {
		if ((row_hdf = hdf_new_escaped()) == NULL)
			return HE_INTERNAL;
		hdf_put_constants(row_hdf);
		hdf_put_labels(row_hdf);
	}
	hdf_remove_tree(row_hdf, "row");
	if (hdf_get_node(row_hdf, "row", &row) != STATUS_OK)
		return HE_INTERNAL;
	int nf = PQnfields(rows->res);
	for (int c = 0; c < nf; c++)
		if (cols[c].use && !PQgetisnull(rows->res, i, c))
			value_to_hdf(row, &cols[c], PQgetvalue(rows->res, i, c));
	return render(row_hdf, tpl, NULL, out);
}

/* The rows of a db_rows with a row template: their HTML, kept or rendered
 * now, at rendered.<key> (the page's count is data.count, resource.c). */
static void
rows_render(HDF *root, const char *key, const struct db_rows *rows, const struct hdf_col *cols)
{
	PGresult *res = rows->res;
	const char *tpl = rows->row_template;
	int nf = PQnfields(res);
	int keep = config_int("template_cache", 1) != 0;
	if (keep && row_frags == NULL)
		row_frags = calloc(ROW_SETS, sizeof(*row_frags));
	const char *vals[nf > 0 ? nf : 1];
	size_t lens[nf > 0 ? nf : 1];
	struct row_vals rv = { 0, vals, lens };
	struct buf html;
	buf_init(&html);
	buf_reserve(&html, (size_t)rows->nrows * 512);
	buf_puts(&html, "");
	for (int i = 0; i < rows->nrows; i++) {
		size_t klen;
		row_vals_get(&rv, res, i, cols, nf);
		uint64_t h = row_hash(&rv, &klen);
		struct row_frag *set = row_frags != NULL ? row_frags[h % ROW_SETS] : NULL, *f = NULL;
		row_clock++;
		for (int w = 0; set != NULL && w < 2 && f == NULL; w++)
			if (set[w].tpl == tpl && set[w].hash == h && set[w].klen == klen && row_key_equal(&set[w], &rv))
				f = &set[w];
		if (f != NULL) {
			f->used = row_clock;
			rows_kept++;
			buf_append(&html, f->html, f->hlen);
			continue;
		}
		size_t start = html.len;
		if (row_render(rows, cols, i, tpl, &html) != HE_OK) {
			row_failed = 1;
			break;
		}
		rows_rendered++;
		if (set != NULL && klen <= ROW_KEY_MAX)
			row_keep(set[0].used <= set[1].used ? &set[0] : &set[1], tpl, h, &rv, klen,
			    html.data + start, html.len - start);
	}
	char path[128];
	snprintf(path, sizeof(path), "rendered.%s", key);
	hdf_set_buf(root, path, html.data);     /* the HDF owns it now */
}

/* Template functions for dates, so a page shows them the same way
 * everywhere without a macro per value: fmt_date("2026-06-03T15:35:15-05:00")
 * is "3 Jun 2026", fmt_datetime adds ", 15:35" (times are already in the
 * company's zone, see local_time). Anything else comes back unchanged.
 * Their results are escaped by var: like any value. */
static int
date_shape(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	for (int i = 0; i < 10; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return 0;
	int m = two_digits(s + 5);
	return m >= 1 && m <= 12;
}

static NEOERR *
fmt_date_text(const char *s, char **ret, int with_time)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	if (s == NULL)
		s = "";
	if (!date_shape(s)) {
		*ret = strdup(s);
		return *ret ? STATUS_OK : nerr_raise(NERR_NOMEM, "%s", "out of memory");
	}
	char out[32], *o = out;
	if (s[8] != '0')
		*o++ = s[8];
	*o++ = s[9];
	*o++ = ' ';
	memcpy(o, months + 3 * (two_digits(s + 5) - 1), 3);
	o += 3;
	*o++ = ' ';
	memcpy(o, s, 4);
	o += 4;
	if (with_time && s[10] == 'T' && strlen(s) >= 16) {
		memcpy(o, ", ", 2);
		memcpy(o + 2, s + 11, 5);
		o += 7;
	}
	*o = '\0';
	*ret = strdup(out);
	return *ret ? STATUS_OK : nerr_raise(NERR_NOMEM, "%s", "out of memory");
}

static NEOERR *
fmt_date(const char *s, char **ret)
{
	return fmt_date_text(s, ret, 0);
}

static NEOERR *
fmt_datetime(const char *s, char **ret)
{
	return fmt_date_text(s, ret, 1);
}

/* Money and counts as people read them, on the digits as text (ClearSilver's
 * numbers are 32-bit: $21M in cents overflows them): fmt_money("-1234567")
 * is "−$12,345.67", fmt_int("1234567") is "1,234,567". A value that is not
 * an integer comes back unchanged (an empty one stays empty, for the
 * template's "—"). Their results are escaped by var: like any value. */
static int
digits_shape(const char *s, int *neg, const char **d, size_t *n)
{
	*neg = (*s == '-');
	*d = s + *neg;
	*n = strspn(*d, "0123456789");
	return *n > 0 && *n <= 19 && (*d)[*n] == '\0';
}

/* n digits from d into o with a comma between thousands; returns the end */
static char *
put_grouped(char *o, const char *d, size_t n)
{
	while (n > 1 && *d == '0') {              /* "007" is 7 */
		d++;
		n--;
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			*o++ = ',';
		*o++ = d[i];
	}
	return o;
}

static NEOERR *
fmt_number(const char *s, char **ret, int money)
{
	int neg;
	const char *d;
	size_t n;
	if (s == NULL)
		s = "";
	if (!digits_shape(s, &neg, &d, &n)) {
		*ret = strdup(s);
		return *ret ? STATUS_OK : nerr_raise(NERR_NOMEM, "%s", "out of memory");
	}
	char pad[24], out[48], *o = out;
	if (money && n < 3) {                     /* 5 cents is $0.05 */
		memset(pad, '0', 3 - n);
		memcpy(pad + 3 - n, d, n);
		d = pad;
		n = 3;
	}
	if (neg && strspn(d, "0") < n) {          /* no "−$0.00" */
		memcpy(o, "\xe2\x88\x92", 3);         /* U+2212 minus sign */
		o += 3;
	}
	if (money)
		*o++ = '$';
	o = put_grouped(o, d, money ? n - 2 : n);
	if (money) {
		*o++ = '.';
		*o++ = d[n - 2];
		*o++ = d[n - 1];
	}
	*o = '\0';
	*ret = strdup(out);
	return *ret ? STATUS_OK : nerr_raise(NERR_NOMEM, "%s", "out of memory");
}

static NEOERR *
fmt_money(const char *s, char **ret)
{
	return fmt_number(s, ret, 1);
}

static NEOERR *
fmt_int(const char *s, char **ret)
{
	return fmt_number(s, ret, 0);
}

/* url_query(s): s percent-encoded for a URL's query (all but A-Z a-z 0-9
 * - . _ ~), in one pass; ClearSilver's url_escape took 3.5k instructions
 * a tag on a list page. The result is escaped by var: like any value
 * (a no-op for these characters), so it is safe wherever url_escape is. */
static NEOERR *
url_query(const char *s, char **ret)
{
	static const char hex[] = "0123456789ABCDEF";
	if (s == NULL)
		s = "";
	char *out = malloc(3 * strlen(s) + 1), *o = out;
	if (out == NULL)
		return nerr_raise(NERR_NOMEM, "%s", "out of memory");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	*ret = out;
	return STATUS_OK;
}

static void
set_child(HDF *node, const char *key, json_object *v)
{
	if (v == NULL)
		return;                               /* null: absent, so if: is false */
	const struct db_rows *rows = db_rows_of(v);
	if (rows != NULL) {
		HDF *child;
		if (hdf_get_node(node, key, &child) != STATUS_OK)
			return;
		if (rows->row_template != NULL && page_root != NULL) {
			int nf = PQnfields(rows->res);
			struct hdf_col cols[nf > 0 ? nf : 1];
			rows_columns(rows, cols);
			rows_render(page_root, key, rows, cols);
		} else {
			rows_to_hdf(child, rows);
		}
		return;
	}
	switch (json_object_get_type(v)) {
	case json_type_object:
	case json_type_array: {
		HDF *child;
		if (hdf_get_node(node, key, &child) == STATUS_OK)
			json_to_hdf(child, v);
		break;
	}
	case json_type_boolean:
		hdf_set_value(node, key, json_object_get_boolean(v) ? "1" : "0");
		break;
	case json_type_string: {
		char lt[64];
		const char *str = json_object_get_string(v);
		hdf_set_value(node, key, local_time(str, lt) ? lt : str);
		break;
	}
	default:
		hdf_set_value(node, key, json_object_get_string(v));
	}
}

static void
json_to_hdf(HDF *node, json_object *o)
{
	if (json_object_is_type(o, json_type_array)) {
		size_t n = json_object_array_length(o);
		for (size_t i = 0; i < n; i++) {
			char idx[12];
			set_child(node, index_text(idx, (int)i), json_object_array_get_idx(o, i));
		}
		return;
	}
	json_object_object_foreach(o, key, val) {
		if (key_ok(key))
			set_child(node, key, val);
	}
}

static void
hdf_put_json(HDF *hdf, const char *prefix, json_object *o)
{
	HDF *node;
	if (o != NULL && hdf_get_node(hdf, prefix, &node) == STATUS_OK)
		json_to_hdf(node, o);
}

/* error_labels.<field> = "Billing postal code" for errors.billing_postal_code,
 * so the summary at the top of a form can say which field each message is for. */
static void
hdf_put_error_labels(HDF *hdf, json_object *errors)
{
	if (errors == NULL || !json_object_is_type(errors, json_type_object))
		return;
	json_object_object_foreach(errors, key, val) {
		(void)val;
		if (!key_ok(key) || strlen(key) > 60)
			continue;
		char label[64], path[96];
		size_t i = 0;
		for (; key[i]; i++)
			label[i] = key[i] == '_' ? ' ' : key[i];
		label[i] = '\0';
		label[0] = (char)toupper((unsigned char)label[0]);
		snprintf(path, sizeof(path), "error_labels.%s", key);
		hdf_set_value(hdf, path, label);
	}
}

static NEOERR *
out_cb(void *ctx, char *s)
{
	buf_puts((struct buf *)ctx, s);
	return STATUS_OK;
}

static void
log_nerr(const struct request *r, NEOERR *err)
{
	STRING str;
	string_init(&str);
	nerr_error_string(err, &str);
	log_error(r, "template: %s", str.buf ? str.buf : "?");
	string_clear(&str);
	nerr_ignore(&err);
}

/* What every page and every row template may read that stays the same
 * while a worker runs (row templates see nothing else). */
static void
hdf_put_constants(HDF *hdf)
{
	hdf_set_value(hdf, "static", config_get("static_prefix", "/static"));
	hdf_set_value(hdf, "zone.name", zone_name);
	for (size_t i = 0; i < 2; i++)
		hdf_set_value(hdf, zone_abbrs[i].key, zone_abbrs[i].abbr);
}

static void
hdf_put_common(HDF *hdf, struct request *r)
{
	hdf_put_constants(hdf);
	hdf_set_value(hdf, "req.path", r->path);
	hdf_set_value(hdf, "req.uri", r->uri);
	const char *q = req_query(r, "q");
	if (q != NULL)
		hdf_set_value(hdf, "req.q", q);
	if (r->status)
		hdf_set_int_value(hdf, "page.status", r->status);
	if (r->family)
		hdf_set_value(hdf, "page.family", r->family);
	if (r->principal.user_id) {
		hdf_set_int_value(hdf, "user.id", (int)r->principal.user_id);
		hdf_set_value(hdf, "user.name", r->principal.name);
		hdf_set_value(hdf, "user.email", r->principal.email);
		hdf_set_value(hdf, "user.role", r->principal.role);
		/* Worked out before rendering (auth_view_prepare): the view asks no one. */
		for (size_t i = 0; i < r->principal.ncan; i++)
			hdf_set_value(hdf, r->principal.can[i], "1");
	}
	hdf_set_value(hdf, "csrf", r->csrf ? r->csrf : "");
	/* Flash: "kind:message", set by resp_flash on the answer before a redirect. */
	const char *flash = req_cookie(r, "hearth_flash");
	if (flash != NULL && *flash) {
		char *dec = req_urldecode(r->arena, flash, strlen(flash), 0);
		char *colon = dec ? strchr(dec, ':') : NULL;
		if (colon != NULL) {
			*colon = '\0';
			if (strcmp(dec, "success") == 0 || strcmp(dec, "error") == 0 || strcmp(dec, "info") == 0) {
				hdf_set_value(hdf, "flash.kind", dec);
				hdf_set_value(hdf, "flash.message", colon + 1);
			}
		}
		resp_cookie(r, "hearth_flash", "", 0, COOKIE_HTTPONLY);
	}
}

/* Parsed templates, kept per worker and rendered again with each request's
 * HDF: parsing layout + macros + page is most of a page's cost. The parse
 * depends on the HDF only through include: (page.template), which is part
 * of the key. A tree whose render failed is dropped, not reused. */

static CSPARSE *
parsed_find(const char *key)
{
	for (size_t i = 0; i < nparsed; i++)
		if (strcmp(parsed[i].key, key) == 0)
			return parsed[i].cs;
	return NULL;
}

static void
parsed_drop(const char *key)
{
	for (size_t i = 0; i < nparsed; i++) {
		if (strcmp(parsed[i].key, key) == 0) {
			cs_destroy(&parsed[i].cs);
			free(parsed[i].key);
			parsed[i] = parsed[--nparsed];
			return;
		}
	}
}

static NEOERR *
parse_new(HDF *hdf, const char *top, CSPARSE **out)
{
	CSPARSE *cs = NULL;
	NEOERR *err = cs_init(&cs, hdf);
	if (err == STATUS_OK)
		err = cgi_register_strfuncs(cs);
	if (err == STATUS_OK)
		err = cs_register_strfunc(cs, "fmt_date", fmt_date);
	if (err == STATUS_OK)
		err = cs_register_strfunc(cs, "fmt_datetime", fmt_datetime);
	if (err == STATUS_OK)
		err = cs_register_strfunc(cs, "url_query", url_query);
	if (err == STATUS_OK)
		err = cs_register_strfunc(cs, "fmt_money", fmt_money);
	if (err == STATUS_OK)
		err = cs_register_strfunc(cs, "fmt_int", fmt_int);
	if (err == STATUS_OK) {
		cs_register_fileload(cs, NULL, tpl_load);
		err = cs_parse_file(cs, top);
	}
	if (err != STATUS_OK && cs != NULL)
		cs_destroy(&cs);
	*out = cs;
	return err;
}

static enum herr
render(HDF *hdf, const char *top, const struct request *r, struct buf *out)
{
	char key[512];
	/* the escape mode is fixed at parse time: part of the key too */
	snprintf(key, sizeof(key), "%s|%s|%s", top, hdf_get_value(hdf, "page.template", ""),
	    hdf_get_value(hdf, "Config.VarEscapeMode", ""));
	int cache = config_int("template_cache", 1) != 0;
	CSPARSE *cs = cache ? parsed_find(key) : NULL;
	NEOERR *err = STATUS_OK;
	if (cs == NULL) {
		err = parse_new(hdf, top, &cs);
		if (err == STATUS_OK && cache) {
			struct parsed *p = realloc(parsed, (nparsed + 1) * sizeof(*p));
			if (p != NULL) {
				parsed = p;
				parsed[nparsed].key = strdup(key);
				parsed[nparsed].cs = cs;
				nparsed++;
			}
		}
	}
	if (err == STATUS_OK) {
		cs->hdf = hdf;
		err = cs_render(cs, out, out_cb);
		if (cache) {
			if (idle_hdf == NULL)
				hdf_init(&idle_hdf);
			cs->hdf = idle_hdf;
			if (err != STATUS_OK)
				parsed_drop(key);
		} else {
			cs_destroy(&cs);
		}
	}
	if (err != STATUS_OK) {
		log_nerr(r, err);
		return HE_INTERNAL;
	}
	return HE_OK;
}

/* ---- Whole pages kept by their input ----
 * A page is a pure function of its HDF (templates, the worker's constants
 * and view.c's functions are fixed while a worker runs; ClearSilver reads
 * no clock), so a worker keeps the last pages it rendered keyed by their
 * whole HDF, written out below and compared whole on a hit. A page asked
 * again with nothing changed (the same user, URL and rows: a reload, a
 * return to the list) is copied, not rendered: the render was ~300k of a
 * list page's 700k instructions. The query still runs and the HDF is
 * still built every time, so nothing shown is ever older than the request. */
#define PAGE_SLOTS 32
#define PAGE_MAX (512 * 1024)          /* larger keys or pages are rendered, not kept */
struct page_memo {
	uint64_t hash;
	char    *key;
	size_t   klen;
	char    *html;
	size_t   hlen;
	unsigned used;
};
static struct page_memo page_memos[PAGE_SLOTS];
static unsigned page_clock;

/* Keying a page costs ~4% of its render (the HDF written out), wasted on
 * pages that never repeat (a customer page among 100k). A template whose
 * last PAGE_MISSES lookups all missed is looked up only every
 * PAGE_PROBE-th time, until a lookup hits again. */
#define PAGE_MISSES 64
#define PAGE_PROBE  16
#define PAGE_TEMPLATES 32
static struct page_odds {
	char       *template;              /* a copy: kept for the worker's life */
	unsigned    misses;                /* lookups missed in a row */
	unsigned    skipped;
} page_odds[PAGE_TEMPLATES];

static struct page_odds *
page_odds_of(const char *template)
{
	for (size_t i = 0; i < PAGE_TEMPLATES; i++) {
		if (page_odds[i].template == NULL && (page_odds[i].template = strdup(template)) == NULL)
			return NULL;
		if (strcmp(page_odds[i].template, template) == 0)
			return &page_odds[i];
	}
	return NULL;                       /* more templates than slots: always look */
}

static int
page_worth_keying(struct page_odds *o)
{
	if (o == NULL || o->misses < PAGE_MISSES)
		return 1;
	return ++o->skipped % PAGE_PROBE == 0;
}
static struct buf page_key;
static unsigned long pages_rendered, pages_kept;

void
view_pages_counts(unsigned long *rendered, unsigned long *kept)
{
	*rendered = pages_rendered;
	*kept = pages_kept;
}

static void
page_memos_clear(void)
{
	for (size_t i = 0; i < PAGE_SLOTS; i++) {
		free(page_memos[i].key);
		free(page_memos[i].html);
	}
	memset(page_memos, 0, sizeof(page_memos));
	buf_free(&page_key);
}

/* node's subtree, unambiguously: each child as name NUL, then '=' value
 * NUL or '-', then its children between '{' and '}' or ';'. */
static void
hdf_key(struct buf *k, HDF *node)
{
	for (HDF *c = hdf_obj_child(node); c != NULL; c = hdf_obj_next(c)) {
		const char *name = hdf_obj_name(c), *value = hdf_obj_value(c);
		buf_append(k, name, strlen(name) + 1);
		if (value != NULL) {
			buf_putc(k, '=');
			buf_append(k, value, strlen(value) + 1);
		} else {
			buf_putc(k, '-');
		}
		if (hdf_obj_child(c) != NULL) {
			buf_putc(k, '{');
			hdf_key(k, c);
			buf_putc(k, '}');
		} else {
			buf_putc(k, ';');
		}
	}
}

/* The kept page for top rendered from hdf, or NULL; *h its key's hash. */
static struct page_memo *
page_find(HDF *hdf, const char *top, uint64_t *h)
{
	buf_reset(&page_key);
	buf_append(&page_key, top, strlen(top) + 1);
	hdf_key(&page_key, hdf);
	*h = hash_bytes(HASH_SEED, page_key.data, page_key.len);
	for (size_t i = 0; i < PAGE_SLOTS; i++) {
		struct page_memo *m = &page_memos[i];
		if (m->key != NULL && m->hash == *h && m->klen == page_key.len &&
		    memcmp(m->key, page_key.data, page_key.len) == 0)
			return m;
	}
	return NULL;
}

static void
page_keep(uint64_t h, const char *html, size_t hlen)
{
	if (page_key.len > PAGE_MAX || hlen > PAGE_MAX)
		return;
	struct page_memo *m = &page_memos[0];
	for (size_t i = 1; i < PAGE_SLOTS; i++)           /* the one shown least recently */
		if (page_memos[i].used < m->used)
			m = &page_memos[i];
	char *k = malloc(page_key.len), *t = malloc(hlen + 1);
	if (k == NULL || t == NULL) {
		free(k);
		free(t);
		return;
	}
	memcpy(k, page_key.data, page_key.len);
	memcpy(t, html, hlen);
	t[hlen] = '\0';
	free(m->key);
	free(m->html);
	*m = (struct page_memo){ h, k, page_key.len, t, hlen, ++page_clock };
}

static HDF *
hdf_new_mode(const char *escape)
{
	HDF *hdf = NULL;
	if (hdf_init(&hdf) != STATUS_OK)
		return NULL;
	hdf_set_value(hdf, "Config.VarEscapeMode", escape);
	hdf_set_value(hdf, "hdf.loadpaths.0", tpl_dir ? tpl_dir : "templates");
	return hdf;
}

static HDF *
hdf_new_escaped(void)
{
	return hdf_new_mode("html");
}

enum herr
view_render(struct request *r, int layout, struct buf *out)
{
	HDF *hdf = hdf_new_escaped();
	if (hdf == NULL)
		return HE_INTERNAL;
	hdf_put_common(hdf, r);
	const char *page = r->template ? r->template : "error.cs";
	/* include: skips a file it cannot find without a word, which would
	 * answer 200 with an empty page: check first, and say so. */
	NEOERR *missing;
	if (tpl_text(page, &missing) == NULL) {
		log_nerr(r, missing);
		hdf_destroy(&hdf);
		return HE_INTERNAL;
	}
	hdf_set_value(hdf, "page.template", page);
	page_root = hdf;
	row_failed = 0;
	hdf_put_json(hdf, "page", r->page);
	hdf_put_json(hdf, "data", r->data);
	hdf_put_json(hdf, "form", r->form_values);
	hdf_put_json(hdf, "errors", r->errors);
	page_root = NULL;
	if (row_failed) {
		hdf_destroy(&hdf);
		return HE_INTERNAL;
	}
	hdf_put_error_labels(hdf, r->errors);
	hdf_put_labels(hdf);
	const char *top = layout ? "layout.cs" : (r->template ? r->template : "error.cs");
	struct page_odds *odds = page_odds_of(page);
	int keep = config_int("template_cache", 1) != 0 && page_worth_keying(odds);
	uint64_t h = 0;
	struct page_memo *m = keep ? page_find(hdf, top, &h) : NULL;
	if (odds != NULL && keep)
		odds->misses = m != NULL ? 0 : odds->misses + 1;
	if (m != NULL) {
		m->used = ++page_clock;
		pages_kept++;
		buf_append(out, m->html, m->hlen);
		hdf_destroy(&hdf);
		return HE_OK;
	}
	size_t start = out->len;
	enum herr e = render(hdf, top, r, out);
	if (e == HE_OK) {
		pages_rendered++;
		if (keep)
			page_keep(h, out->data + start, out->len - start);
	}
	hdf_destroy(&hdf);
	return e;
}

enum herr
view_render_json(const char *template, json_object *obj, struct buf *out)
{
	return view_render_data(template, obj, 1, out);
}

enum herr
view_render_data(const char *template, json_object *obj, int html, struct buf *out)
{
	HDF *hdf = hdf_new_mode(html ? "html" : "none");
	if (hdf == NULL)
		return HE_INTERNAL;
	hdf_put_json(hdf, "data", obj);
	hdf_put_labels(hdf);
	enum herr e = render(hdf, template, NULL, out);
	hdf_destroy(&hdf);
	return e;
}
