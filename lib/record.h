/* record: the steps every resource's show/create/update/archive shares, so
 * each handler reads as its own fields and SQL only. Objects returned are
 * arena-owned and objects passed in are borrowed (req.h's rule). */
#ifndef HEARTH_RECORD_H
#define HEARTH_RECORD_H

#include "db.h"
#include "valid.h"

/* One row by id as JSON (arena-owned); HE_NOT_FOUND if none. */
enum herr record_get(struct request *r, struct db_stmt *st, long long id, json_object **out) __attribute__((warn_unused_result));
/* An update must carry the version it read (field or If-Match) and it
 * must still be current: HE_INVALID if missing, HE_CONFLICT if stale (the
 * current record goes to r->data for the 409 body and the form page). */
enum herr record_version_check(struct request *r, struct form *f, json_object *current) __attribute__((warn_unused_result));
/* Audit row (+ outbox event when event is not NULL), then COMMIT. */
enum herr record_commit(struct request *r, const char *action, const char *entity, long long id,
                        json_object *before, json_object *after, const char *event) __attribute__((warn_unused_result));
/* The end of an archive (archive = 1) or restore: run set ($1 id, $2
 * archive as boolean; returns the row only when it changed). Unchanged →
 * nothing written, cur is the answer; changed → audit "<entity>.archive" /
 * ".restore" and outbox event (NULL: "<entity>.archived" / ".restored"),
 * commit, answer with flash "<Label> archived." / "<Label> restored.". */
enum herr record_set_archived(struct request *r, struct db_stmt *set, const char *entity,
                              const char *label, long long id, int archive, json_object *cur,
                              const char *location, const char *event) __attribute__((warn_unused_result));
/* After a change: HTML → flash + 303 to location; JSON → obj (201 + Location
 * when created). */
enum herr record_done(struct request *r, int created, const char *location, const char *flash,
                      json_object *obj) __attribute__((warn_unused_result));
/* A form that failed: its values and template for the page shown again.
 * data (may be NULL) is the record being edited or its parent. */
enum herr record_form_again(struct request *r, enum herr e, const char *template, json_object *data) __attribute__((warn_unused_result));
/* A record as form values: arrays of strings joined with ", ". New, arena-owned. */
json_object *record_as_form(struct request *r, json_object *rec);
/* Breadcrumbs for page.crumbs: label, href pairs, NULL-terminated. */
void record_crumbs(struct request *r, const char *title, ...);
/* Integer field of a record (0 when absent). */
long long record_int(json_object *rec, const char *field);
const char *record_str(json_object *rec, const char *field);

/* The path's :id, a transaction begun and st run with it as $1: *res its
 * rows (none: the caller says what that means). HE_NOT_FOUND for an id
 * that is not a positive number, the database's failure as db_fail. */
enum herr record_begin_by_id(struct request *r, struct db_stmt *st, long long *id, PGresult **res)
    __attribute__((warn_unused_result));

#endif
