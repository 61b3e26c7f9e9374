/* audit: every change writes an audit row (hash-chained by the database)
 * and, for events other systems care about, an outbox row, in the same
 * transaction as the change itself. */
#ifndef HEARTH_AUDIT_H
#define HEARTH_AUDIT_H

#include "req.h"

enum herr audit_log(struct request *r, const char *action, const char *entity,
                    long long entity_id, json_object *before, json_object *after) __attribute__((warn_unused_result));
enum herr outbox_emit(struct request *r, const char *event, long long entity_id,
                      json_object *payload) __attribute__((warn_unused_result));
/* An audit row for a refusal (a failed sign-in): written outside the
 * change it refuses, so failing to write it must not change the answer;
 * the failure goes to the log instead. */
void audit_refusal(struct request *r, const char *action, const char *entity, long long entity_id,
                   json_object *after);

#endif
