/* view: ClearSilver templates. The handler's json-c object becomes HDF
 * ("data." ...), the page template is rendered inside layout.cs, and every
 * var: is HTML-escaped (Config.VarEscapeMode = html). Templates are read
 * once per worker and kept. */
#ifndef HEARTH_VIEW_H
#define HEARTH_VIEW_H

#include "req.h"

int view_init(const char *template_dir);   /* 0 ok */
void view_shutdown(void);
/* Render r->template (inside layout.cs unless layout is 0) with r->data,
 * r->form_values, r->errors, r->page and the principal, into out. */
enum herr view_render(struct request *r, int layout, struct buf *out) __attribute__((warn_unused_result));
/* Render any template with an HDF built from obj under prefix "data"
 * (used for error pages and tests). */
enum herr view_render_json(const char *template, json_object *obj, struct buf *out) __attribute__((warn_unused_result));
/* The same, HTML-escaped when html is 1, as it is when 0 (a text/plain
 * mail part: nothing there is read as HTML). */
enum herr view_render_data(const char *template, json_object *obj, int html, struct buf *out) __attribute__((warn_unused_result));
/* List rows rendered by a row template (db_rows_row_template) since the
 * worker started: how many were rendered, how many were shown as kept. */
void view_rows_counts(unsigned long *rendered, unsigned long *kept);
/* Pages (view_render) rendered since the worker started, and pages shown
 * as kept because their whole input was the same. */
void view_pages_counts(unsigned long *rendered, unsigned long *kept);

#endif
