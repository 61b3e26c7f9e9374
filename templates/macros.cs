<?cs
#  Hearth template macros (ClearSilver 0.10.5).
#
#  layout.cs includes this file once, before the page template: page
#  templates call the macros directly and must NOT include macros.cs again
#  (a second `def` of the same macro is a parse error).
#
#  Rules every template follows (see also LIBRARY-NOTES.md):
#  - Config.VarEscapeMode = html: every `var:` is HTML-escaped. Put `var:`
#    inside double-quoted attributes only.
#  - Never `alt:`, `name:`, `lvar:`, `evar:` or `uvar:` on data. The one
#    uvar: a list uses is rendered.items: its rows, which view.c rendered
#    from the resource's row template with escaping on (template_lint.sh
#    allows uvar: on rendered.* only).
#  - URL query values: var:url_query(x) (view.c; percent-encodes all but
#    A-Z a-z 0-9 - . _ ~) or var:url_escape(x), one value per var: command.
#    NEVER concatenate the result of url_escape/js_escape/html_escape with
#    anything in one expression (`var:"?q=" + url_escape(a) + b`): the whole
#    expression is then treated as already escaped and `b` is printed RAW.
#    Concatenating plain values (`"Saved: " + data.name`) stays escaped.
#  - Macros take exactly the arguments they declare (pass "" for unused),
#    and must be defined above their first call (calls resolve at parse
#    time).
#  - Booleans from the C side are "1"/"0"; absent means null.
#
#  Form conventions: a field named N shows the value form.N and the error
#  errors.N; its control has id "f-N", its error "f-N-error", its hint
#  "f-N-hint". When page.conflict is "1", fields whose saved value data.N
#  differs from form.N show the saved value under the control.
#
#  `flags` arguments are space-separated words: required, autofocus,
#  readonly, disabled, full (span the whole row of a .form-grid).
#
#  Index (each macro is documented above its definition):
#    icon(name)                      date(ts)  datetime(ts)  filesize(bytes)
#    badge(text, variant)            kind_badge(kind)  tag_list(tags, href)
#    button_link(label, href, variant, icon)
#    csrf_field()  method_field(method)  hidden_field(name, value)
#    post_button(action, method, label, variant, icon, confirm)
#    input_field(name, label, type, value, error, autocomplete, flags, hint)
#    text_field(name, label, type, autocomplete, flags, hint)
#    textarea_field(name, label, rows, flags, hint)
#    select_open(name, label, flags, hint) option(value, label, current)
#      select_close(name)
#    checkbox_field(name, label, flags, hint)
#    error_summary()  flash()  breadcrumbs()  nav_item(family, label, href)
#    page_header(title, action_label, action_href)
#    page_header_open(title) page_header_actions() page_header_close()
#    card_open(title, count, action_label, action_href) card_close()
#    empty_state(icon, title, text, action_label, action_href)
#    dl_item(label, value)
#    query_params(params, skip)  query_string(params, skip)
#    sort_header(label, key, current, params)  pagination(next, params)
#    list_filter_end(base)  list_errors(base)  list_search(placeholder)
#    list_sort(label)  results_bar(noun, base, note)
#    empty_filtered(noun, text, base)  empty_end(noun)  options(set, current)
#    form_fields()  conflict_notice(what)  show_actions(base, question)
#    timeline_item(m)
#  (field_open/field_label/field_hint/field_describedby/field_flags/
#  field_after are the field macros' internals.)
#
#  Enum words: labels.<set>.<value> from view.c (customer_kind, channel,
#  property_type, communication_kind, direction), e.g.
#  var:labels.customer_kind[c.kind]; options(set, current) for selects.
#  Dates: var:fmt_date(ts) / var:fmt_datetime(ts) (C), or date()/datetime()
#  for a <time> element. Query values: var:url_query(x) (C).
#
#  Scratch HDF names the templates set: layout.active, list.*,
#  filtered, cid, canedit, editing, qs_first, date_off, email_flags,
#  password_flags. The C side must not use these top-level names.
#
#  CSS building blocks (static/css/hearth.css) that templates use directly:
#  .page-header .page-heading .page-meta .page-actions, .btn (.btn-primary
#  .btn-danger .btn-ghost .btn-sm .btn-block .btn-icon), .card .card-header
#  .card-actions .card-body .card-footer .card-list (.row-item .row-icon
#  .row-main .row-line .row-title .row-sub), .form .form-section
#  .form-section-head .form-grid .form-actions .form-stack, .filters
#  .filter (.filter-q .filter-check .filter-actions), .results-bar,
#  .table-wrap (.table-wrap-stack) .table (.table-stack: rows become cards
#  on phones). Lists of many rows use .table-lean plus their own .t-NAME:
#  no attribute on any cell, the end tags </td> </tr> left out, the first
#  cell is the title, an empty cell shows a dash, and hearth.css says what
#  each column is and labels it on phones, by position (nth-child, or
#  nth-last-child when a column comes and goes); short tables may still
#  give each td a data-label and the classes .cell-primary .cell-badge
#  .cell-truncate .cell-nowrap .cell-tags .is-empty .hide-sm .hide-lg), .detail-grid .detail-main .detail-side (.detail-side-2),
#  .facts .quick .subhead .address .notes, .timeline .timeline-item
#  (.kind-<kind>) .timeline-icon .timeline-body .timeline-text, .notice
#  (.notice-warning .notice-error .notice-info) .notice-title, .empty,
#  .muted, .visually-hidden.
#
#  JavaScript hooks (static/js/hearth.js): data-confirm="question" on a
#  form, button or link; a GET form with data-live-search refreshes the
#  element #results (and announces in [data-live-status]); the "/" key
#  focuses [data-search-primary] (else the top-bar search); [data-flash]
#  gets a close button.
?><?cs

########################################################################
# icon(name): an inline SVG icon (24x24 stroke, currentColor, hidden from
# screen readers: put the meaning in text next to it). The icons are the
# <symbol id="i-NAME"> of static/icons/icons.svg (one cached file instead
# of inline paths: a 50-row list rendered 40% faster and weighed less);
# add new ones there. Size, stroke and colour come from hearth.css (svg
# rules), so the tag carries only its <use>: 90 bytes instead of 330.
# template_lint.sh checks every literal name exists.
# Names: search plus edit archive restore phone mail note meeting sms visit
# call email user users home building file download upload chevron-right
# chevron-down x check alert info outbound inbound logout tag star ban
# clock calendar inbox filter sort-asc sort-desc key map
########################################################################
?><?cs def:icon(name) ?><svg aria-hidden="true"><use href="<?cs var:static ?>/icons/icons.svg#i-<?cs var:name ?>"/></svg><?cs /def ?><?cs

########################################################################
# Dates. Pages get times in the company time zone with offset (view.c).
# The words come from C: fmt_date(ts) is "5 Mar 2024", fmt_datetime(ts)
# "5 Mar 2024, 14:05" (use them bare in table cells: no macro per row).
# date(ts): <time> "5 Mar 2024" (nothing when ts is empty).
# datetime(ts): <time> "5 Mar 2024, 14:05 CST": zone.<offset> is the
#   company zone's abbreviation (view.c); the title names the zone.
########################################################################
?><?cs def:date(ts) ?><?cs if:ts ?><time datetime="<?cs var:ts ?>"><?cs var:fmt_date(ts) ?></time><?cs /if ?><?cs /def ?><?cs

def:datetime(ts) ?><?cs if:ts ?><?cs set:date_off = string.slice(ts, 19, 25) ?><time datetime="<?cs var:ts ?>" title="<?cs var:zone.name ?> time (UTC<?cs var:date_off ?>)"><?cs var:fmt_datetime(ts) ?> <?cs if:zone[date_off] ?><?cs var:zone[date_off] ?><?cs else ?>UTC<?cs var:date_off ?><?cs /if ?></time><?cs /if ?><?cs /def ?><?cs

########################################################################
# filesize(bytes): "812 B", "12.0 KB", "3.4 MB".
########################################################################
?><?cs def:filesize(bytes) ?><?cs
 if:#bytes < 1024 ?><?cs var:#bytes ?> B<?cs
 elif:#bytes < 1048576 ?><?cs var:#bytes / 1024 ?>.<?cs var:(#bytes * 10 / 1024) % 10 ?> KB<?cs
 else ?><?cs var:#bytes / 1048576 ?>.<?cs var:(#bytes * 10 / 1048576) % 10 ?> MB<?cs
 /if ?><?cs /def ?><?cs

########################################################################
# badge(text, variant): a small pill. variant: neutral blue violet green
# amber red accent.
# kind_badge(kind): residential / commercial customer badge; its colour
# and icon come from hearth.css (.kind-<kind>), its words from view.c.
# tag_list(tags, href): the badges of an array of strings; when href is
# not "", each tag links to href?tag=<tag> (e.g. "/customers").
########################################################################
?><?cs def:badge(text, variant) ?><span class="badge badge-<?cs var:variant ?>"><?cs var:text ?></span><?cs /def ?><?cs

def:kind_badge(kind) ?><?cs if:kind ?><span class="badge kind-<?cs var:kind ?>"><?cs var:labels.customer_kind[kind] ?></span><?cs /if ?><?cs /def ?><?cs

def:tag_list(tags, href) ?><?cs if:subcount(tags) ?><ul class="tags"><?cs
 each:t = tags ?><li><?cs if:href ?><a href="<?cs var:href ?>?tag=<?cs var:url_query(t) ?>"><?cs var:t ?></a><?cs
 else ?><span><?cs var:t ?></span><?cs /if ?></li><?cs /each ?></ul><?cs /if ?><?cs /def ?><?cs

########################################################################
# button_link(label, href, variant, icon): a link that looks like a
# button. variant: "primary", "secondary", "danger", "ghost" (add " sm"
# for a small one: "secondary sm"); icon: an icon() name or "".
########################################################################
?><?cs def:button_link(label, href, variant, icon) ?><a class="btn<?cs
 if:string.find(variant, "primary") >= 0 ?> btn-primary<?cs /if ?><?cs
 if:string.find(variant, "danger") >= 0 ?> btn-danger<?cs /if ?><?cs
 if:string.find(variant, "ghost") >= 0 ?> btn-ghost<?cs /if ?><?cs
 if:string.find(variant, "sm") >= 0 ?> btn-sm<?cs /if ?>" href="<?cs var:href ?>"><?cs
 if:icon ?><?cs call:icon(icon) ?><?cs /if ?><span><?cs var:label ?></span></a><?cs /def ?><?cs

########################################################################
# Hidden inputs. csrf_field(): the _csrf token (every POST form).
# method_field(method): _method override ("PATCH", "DELETE").
# hidden_field(name, value).
########################################################################
?><?cs def:csrf_field() ?><input type="hidden" name="_csrf" value="<?cs var:csrf ?>"><?cs /def ?><?cs
def:method_field(method) ?><input type="hidden" name="_method" value="<?cs var:method ?>"><?cs /def ?><?cs
def:hidden_field(name, value) ?><input type="hidden" name="<?cs var:name ?>" value="<?cs var:value ?>"><?cs /def ?><?cs

########################################################################
# post_button(action, method, label, variant, icon, confirm): a one-button
# POST form with _csrf (and _method unless method is "" or "POST"), for
# archive / restore / delete. confirm: the question hearth.js asks first
# ("" = none). variant/icon as in button_link.
########################################################################
?><?cs def:post_button(action, method, label, variant, icon, confirm) ?><form class="inline-form" method="post" action="<?cs var:action ?>"<?cs
 if:confirm ?> data-confirm="<?cs var:confirm ?>"<?cs /if ?>><?cs call:csrf_field() ?><?cs
 if:method && method != "POST" ?><?cs call:method_field(method) ?><?cs /if ?><button type="submit" class="btn<?cs
 if:string.find(variant, "primary") >= 0 ?> btn-primary<?cs /if ?><?cs
 if:string.find(variant, "danger") >= 0 ?> btn-danger<?cs /if ?><?cs
 if:string.find(variant, "ghost") >= 0 ?> btn-ghost<?cs /if ?><?cs
 if:string.find(variant, "sm") >= 0 ?> btn-sm<?cs /if ?>"><?cs
 if:icon ?><?cs call:icon(icon) ?><?cs /if ?><span><?cs var:label ?></span></button></form><?cs /def ?><?cs

########################################################################
# Field internals (used by the field macros below; callable directly when
# writing a custom control):
# field_open(name, error, flags): <div class="field ..."> with error state.
# field_label(name, label, flags): the <label for="f-name">.
# field_hint(name, hint): the hint paragraph (nothing when hint is "").
# field_describedby(name, error, hint): aria-describedby/aria-invalid
#   attributes for the control.
# field_after(name, error): the inline error, the saved value when
#   page.conflict is "1", and </div>.
########################################################################
?><?cs def:field_open(name, error, flags) ?><div class="field<?cs
 if:error ?> has-error<?cs /if ?><?cs if:string.find(flags, "full") >= 0 ?> field-full<?cs /if ?>"><?cs /def ?><?cs

def:field_label(name, label, flags) ?><label for="f-<?cs var:name ?>"><?cs var:label ?><?cs
 if:string.find(flags, "required") >= 0 ?><span class="req" aria-hidden="true"> *</span><?cs /if ?></label><?cs /def ?><?cs

def:field_hint(name, hint) ?><?cs if:hint ?><p class="field-hint" id="f-<?cs var:name ?>-hint"><?cs var:hint ?></p><?cs /if ?><?cs /def ?><?cs

def:field_describedby(name, error, hint) ?><?cs
 if:error || hint ?> aria-describedby="<?cs if:hint ?>f-<?cs var:name ?>-hint<?cs /if ?><?cs
 if:error && hint ?> <?cs /if ?><?cs if:error ?>f-<?cs var:name ?>-error<?cs /if ?>"<?cs /if ?><?cs
 if:error ?> aria-invalid="true"<?cs /if ?><?cs /def ?><?cs

def:field_flags(flags) ?><?cs
 if:string.find(flags, "required") >= 0 ?> required<?cs /if ?><?cs
 if:string.find(flags, "autofocus") >= 0 ?> autofocus<?cs /if ?><?cs
 if:string.find(flags, "readonly") >= 0 ?> readonly<?cs /if ?><?cs
 if:string.find(flags, "disabled") >= 0 ?> disabled<?cs /if ?><?cs /def ?><?cs

def:field_after(name, error) ?><?cs
 if:error ?><p class="field-error" id="f-<?cs var:name ?>-error"><?cs call:icon("alert") ?><span><?cs var:error ?></span></p><?cs /if ?><?cs
 if:page.conflict == "1" ?><?cs
  if:subcount(data[name]) ?><p class="field-conflict">Saved now: <?cs each:v = data[name] ?><?cs if:!first(v) ?>, <?cs /if ?><?cs var:v ?><?cs /each ?></p><?cs
  elif:data[name] != form[name] ?><p class="field-conflict">Saved now: <?cs if:data[name] ?><?cs var:data[name] ?><?cs else ?><em>empty</em><?cs /if ?></p><?cs
  /if ?><?cs
 /if ?></div><?cs /def ?><?cs

########################################################################
# input_field(name, label, type, value, error, autocomplete, flags, hint):
#   a labelled <input> with explicit value and error. type: text email tel
#   password number date url search; autocomplete: a token or "".
# text_field(name, label, type, autocomplete, flags, hint): the same with
#   value form.<name> and error errors.<name> (the usual case).
# Example: call:text_field("email", "Email", "email", "email", "", "")
########################################################################
?><?cs def:input_field(name, label, type, value, error, autocomplete, flags, hint) ?><?cs
 call:field_open(name, error, flags) ?><?cs call:field_label(name, label, flags) ?><?cs call:field_hint(name, hint) ?><input class="input" id="f-<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs if:type ?><?cs var:type ?><?cs else ?>text<?cs /if ?>"<?cs
 if:type != "password" ?> value="<?cs var:value ?>"<?cs /if ?><?cs
 if:autocomplete ?> autocomplete="<?cs var:autocomplete ?>"<?cs /if ?><?cs
 call:field_flags(flags) ?><?cs call:field_describedby(name, error, hint) ?>><?cs
 call:field_after(name, error) ?><?cs /def ?><?cs

def:text_field(name, label, type, autocomplete, flags, hint) ?><?cs
 call:input_field(name, label, type, form[name], errors[name], autocomplete, flags, hint) ?><?cs /def ?><?cs

########################################################################
# textarea_field(name, label, rows, flags, hint): a labelled <textarea>
#   with value form.<name> and error errors.<name>.
########################################################################
?><?cs def:textarea_field(name, label, rows, flags, hint) ?><?cs
 call:field_open(name, errors[name], flags) ?><?cs call:field_label(name, label, flags) ?><?cs call:field_hint(name, hint) ?><textarea class="input" id="f-<?cs var:name ?>" name="<?cs var:name ?>" rows="<?cs var:rows ?>"<?cs
 call:field_flags(flags) ?><?cs call:field_describedby(name, errors[name], hint) ?>><?cs var:form[name] ?></textarea><?cs
 call:field_after(name, errors[name]) ?><?cs /def ?><?cs

########################################################################
# select_open(name, label, flags, hint) ... option(value, label, current)
# ... select_close(name): a labelled <select>; error errors.<name>.
# Example:
#   call:select_open("kind", "Kind", "required", "")
#   call:option("residential", "Residential", form.kind)
#   call:option("commercial", "Commercial", form.kind)
#   call:select_close("kind")
# options(set, current): an <option> for each value of an enum, with the
#   words view.c keeps for it (labels.<set>: customer_kind, channel,
#   property_type, communication_kind, direction).
########################################################################
?><?cs def:select_open(name, label, flags, hint) ?><?cs
 call:field_open(name, errors[name], flags) ?><?cs call:field_label(name, label, flags) ?><?cs call:field_hint(name, hint) ?><span class="select"><select class="input" id="f-<?cs var:name ?>" name="<?cs var:name ?>"<?cs
 call:field_flags(flags) ?><?cs call:field_describedby(name, errors[name], hint) ?>><?cs /def ?><?cs

def:options(set, current) ?><?cs each:o = labels[set] ?><option value="<?cs var:name(o) ?>"<?cs if:name(o) == current ?> selected<?cs /if ?>><?cs var:o ?></option><?cs /each ?><?cs /def ?><?cs

def:option(value, label, current) ?><option value="<?cs var:value ?>"<?cs if:value == current ?> selected<?cs /if ?>><?cs var:label ?></option><?cs /def ?><?cs

def:select_close(name) ?></select></span><?cs call:field_after(name, errors[name]) ?><?cs /def ?><?cs

########################################################################
# checkbox_field(name, label, flags, hint): a checkbox sending value "1",
#   checked when form.<name> is "1"/"on"/"true"; error errors.<name>.
#   A hidden "0" goes first, so an unchecked box is sent as false (the
#   checkbox, when checked, comes later and wins).
########################################################################
?><?cs def:checkbox_field(name, label, flags, hint) ?><?cs
 call:field_open(name, errors[name], flags) ?><div class="check"><input type="hidden" name="<?cs var:name ?>" value="0"><input class="checkbox" type="checkbox" id="f-<?cs var:name ?>" name="<?cs var:name ?>" value="1"<?cs
 if:form[name] == "1" || form[name] == "on" || form[name] == "true" ?> checked<?cs /if ?><?cs
 call:field_flags(flags) ?><?cs call:field_describedby(name, errors[name], hint) ?>><?cs
 call:field_label(name, label, flags) ?></div><?cs call:field_hint(name, hint) ?><?cs
 call:field_after(name, errors[name]) ?><?cs /def ?><?cs

########################################################################
# error_summary(): "Please fix the fields below" with a link to each
# field that has an error (errors.*); nothing when there are none. Put it
# at the top of every form.
########################################################################
?><?cs def:error_summary() ?><?cs if:subcount(errors) ?><div class="notice notice-error error-summary" role="alert" tabindex="-1" id="error-summary"><?cs
 call:icon("alert") ?><div><p class="notice-title"><?cs if:subcount(errors) == 1 ?>Please fix the field below<?cs else ?>Please fix the <?cs var:subcount(errors) ?> fields below<?cs /if ?></p><ul><?cs
 each:e = errors ?><li><a href="#f-<?cs var:name(e) ?>"><?cs var:error_labels[name(e)] ?>: <?cs var:e ?></a></li><?cs /each ?></ul></div></div><?cs /if ?><?cs /def ?><?cs

########################################################################
# flash(): the message of the last redirect (flash.kind success|error|
# info, flash.message). layout.cs calls it; hearth.js adds a close button.
########################################################################
?><?cs def:flash() ?><?cs if:flash.message ?><div class="flash flash-<?cs
 if:flash.kind == "error" ?>error<?cs elif:flash.kind == "success" ?>success<?cs else ?>info<?cs /if ?>" role="<?cs
 if:flash.kind == "error" ?>alert<?cs else ?>status<?cs /if ?>" data-flash><?cs
 if:flash.kind == "error" ?><?cs call:icon("alert") ?><?cs elif:flash.kind == "success" ?><?cs call:icon("check") ?><?cs else ?><?cs call:icon("info") ?><?cs /if ?><p><?cs var:flash.message ?></p></div><?cs /if ?><?cs /def ?><?cs

########################################################################
# breadcrumbs(): page.crumbs.N.{label,href} as a breadcrumb trail; the
# last crumb is the current page (not a link). Nothing for fewer than two.
########################################################################
?><?cs def:breadcrumbs() ?><?cs if:subcount(page.crumbs) > 1 ?><nav class="breadcrumbs" aria-label="Breadcrumb"><ol><?cs
 each:c = page.crumbs ?><li><?cs if:last(c) || !c.href ?><span aria-current="page"><?cs var:c.label ?></span><?cs
 else ?><a href="<?cs var:c.href ?>"><?cs var:c.label ?></a><?cs call:icon("chevron-right") ?><?cs /if ?></li><?cs /each ?></ol></nav><?cs /if ?><?cs /def ?><?cs

########################################################################
# nav_item(family, label, href): one entry of the top navigation; marked
# current when page.family == family. Used by layout.cs.
########################################################################
?><?cs def:nav_item(family, label, href) ?><li><a href="<?cs var:href ?>"<?cs
 if:page.family == family ?> aria-current="page"<?cs /if ?>><?cs var:label ?></a></li><?cs /def ?><?cs

########################################################################
# page_header(title, action_label, action_href): <h1> plus an optional
#   primary action button (action_label "" = none).
# For richer headers: page_header_open(title), then badges or a
#   <p class="page-meta">…</p>, then page_header_actions(), then buttons
#   (button_link / post_button), then page_header_close().
########################################################################
?><?cs def:page_header_open(title) ?><header class="page-header"><div class="page-heading"><h1><?cs var:title ?></h1><?cs /def ?><?cs
def:page_header_actions() ?></div><div class="page-actions"><?cs /def ?><?cs
def:page_header_close() ?></div></header><?cs /def ?><?cs
def:page_header(title, action_label, action_href) ?><?cs call:page_header_open(title) ?><?cs call:page_header_actions() ?><?cs
 if:action_label ?><?cs call:button_link(action_label, action_href, "primary", "plus") ?><?cs /if ?><?cs call:page_header_close() ?><?cs /def ?><?cs

########################################################################
# card_open(title, count, action_label, action_href) ... card_close():
#   a titled card (<section>) with an optional count next to the title
#   ("" = none) and an optional small action link in its header. Put
#   content in <div class="card-body">, a <ul class="card-list">, or an
#   empty_state().
########################################################################
?><?cs def:card_open(title, count, action_label, action_href) ?><section class="card"><header class="card-header"><h2><?cs var:title ?><?cs
 if:count != "" ?> <span class="count"><?cs var:count ?></span><?cs /if ?></h2><?cs
 if:action_label ?><a class="btn btn-ghost btn-sm" href="<?cs var:action_href ?>"><?cs call:icon("plus") ?><span><?cs var:action_label ?></span></a><?cs /if ?></header><?cs /def ?><?cs
def:card_close() ?></section><?cs /def ?><?cs

########################################################################
# empty_state(icon, title, text, action_label, action_href): what to do
#   when there is nothing to show ("No customers yet" + "Add your first
#   customer"). text and action_label may be "".
########################################################################
?><?cs def:empty_state(icon, title, text, action_label, action_href) ?><div class="empty"><span class="empty-icon"><?cs call:icon(icon) ?></span><p class="empty-title"><?cs var:title ?></p><?cs
 if:text ?><p class="empty-text"><?cs var:text ?></p><?cs /if ?><?cs
 if:action_label ?><?cs call:button_link(action_label, action_href, "primary sm", "plus") ?><?cs /if ?></div><?cs /def ?><?cs

########################################################################
# dl_item(label, value): a <dt>/<dd> pair of a <dl class="facts">; shows
#   a muted dash when value is empty.
########################################################################
?><?cs def:dl_item(label, value) ?><dt><?cs var:label ?></dt><dd><?cs if:value ?><?cs var:value ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd><?cs /def ?><?cs

########################################################################
# list_filter_end(base): the end of a list's filter form: the "Show
#   archived" box (data.archived), the Filter button and, when the page
#   set filtered, a Clear link to base. The caller closes </form>.
# list_errors(base): the list's own parameter errors (errors.*: a bad sort,
#   limit or cursor) with a "Start again" link to base; nothing without.
########################################################################
?><?cs def:list_filter_end(base) ?><div class="filter filter-check"><input class="checkbox" type="checkbox" id="f-archived" name="archived" value="1"<?cs if:data.archived == "1" ?> checked<?cs /if ?>><label for="f-archived">Show archived</label></div>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Filter</span></button><?cs if:filtered ?><a class="btn btn-ghost" href="<?cs var:base ?>">Clear</a><?cs /if ?></div>
<?cs /def ?><?cs
def:list_errors(base) ?><?cs if:subcount(errors) ?><div class="notice notice-error" role="alert"><?cs call:icon("alert") ?><div><p class="notice-title">This list cannot be shown with these settings</p><ul><?cs
 each:e = errors ?><li><?cs var:e ?></li><?cs /each ?></ul><p><a href="<?cs var:base ?>">Start again</a></p></div></div>
<?cs /if ?><?cs /def ?><?cs

########################################################################
# List pages. The page keeps its current query in an HDF node whose
# children are parameter names (set them from data.*, empty ones are
# skipped), e.g.
#   set:list.q = data.q  set:list.kind = data.kind  set:list.sort = data.sort
# query_params(params, skip): "&amp;name=value" for each non-empty child
#   of params except the one named skip (and "after": cursors never carry).
# query_string(params, skip): the same without the leading "&amp;".
# sort_header(label, key, current, params): a <th> whose link sorts by
#   key (whitelisted sort name; "-" prefix = descending) keeping the other
#   parameters; marks the current sort with aria-sort and an arrow.
# pagination(next, params): "First page" (when this is not the first page)
#   and "Next page" (?after=next, when next is set) links.
########################################################################
?><?cs def:query_params(params, skip) ?><?cs each:p = params ?><?cs
 if:string.length(p) && name(p) != skip && name(p) != "after" ?>&amp;<?cs var:name(p) ?>=<?cs var:url_query(p) ?><?cs /if ?><?cs /each ?><?cs /def ?><?cs

def:sort_header(label, key, current, params) ?><th<?cs
 if:key == current ?> aria-sort="<?cs if:string.slice(key, 0, 1) == "-" ?>descending<?cs else ?>ascending<?cs /if ?>"<?cs /if ?>><a class="sort<?cs
 if:key == current ?> is-sorted<?cs /if ?>" href="?sort=<?cs var:url_query(key) ?><?cs call:query_params(params, "sort") ?>"><?cs var:label ?><?cs
 if:key == current ?><?cs if:string.slice(key, 0, 1) == "-" ?><?cs call:icon("sort-desc") ?><?cs else ?><?cs call:icon("sort-asc") ?><?cs /if ?><?cs
 /if ?></a></th><?cs /def ?><?cs

def:query_string(params, skip) ?><?cs set:qs_first = 1 ?><?cs each:p = params ?><?cs
 if:string.length(p) && name(p) != skip && name(p) != "after" ?><?cs if:qs_first ?><?cs set:qs_first = 0 ?><?cs else ?>&amp;<?cs /if ?><?cs
 var:name(p) ?>=<?cs var:url_query(p) ?><?cs /if ?><?cs /each ?><?cs /def ?><?cs

def:pagination(next, params) ?><?cs if:next || string.find(req.uri, "after=") >= 0 ?><nav class="pagination" aria-label="Pages"><?cs
 if:string.find(req.uri, "after=") >= 0 ?><a class="btn btn-sm" href="<?cs var:req.path ?>?<?cs call:query_string(params, "") ?>">First page</a><?cs /if ?><?cs
 if:next ?><a class="btn btn-sm" rel="next" href="?after=<?cs var:url_query(next) ?><?cs call:query_params(params, "") ?>"><span>Next page</span><?cs call:icon("chevron-right") ?></a><?cs /if ?></nav><?cs /if ?><?cs /def ?><?cs

########################################################################
# The parts every list page repeats, in page order:
# list_search(placeholder): the filter form's search box (q; the "/" key
#   focuses it). list_sort(label): the order select from data.sorts
#   (nothing when the list has one order). list_filter_end(base) and
#   list_errors(base) above close the form and explain bad parameters.
# results_bar(noun, base, note): "Showing 50+ customers" (data.count, set
#   by the resource layer for every list page) or "Results for
#   “q”", then note (e.g. " with one contact", "" = none), ", including
#   archived", and the CSV link keeping the filters (list.*).
# empty_filtered(noun, text, base): nothing matches the filters (with a
#   link to base). empty_end(noun): a page past the last one (with a link
#   to the first). Use them in this order after the rows:
#     elif:subcount(errors)  elif:filtered  elif:data.paged  else (own)
########################################################################
?><?cs def:list_search(placeholder) ?><div class="filter filter-q"><label for="f-q">Search</label><span class="input-icon"><?cs call:icon("search") ?><input class="input" id="f-q" type="search" name="q"<?cs if:data.q ?> value="<?cs var:data.q ?>"<?cs /if ?> placeholder="<?cs var:placeholder ?>" autocomplete="off" data-search-primary></span></div>
<?cs /def ?><?cs
def:list_sort(label) ?><?cs if:subcount(data.sorts) > 1 ?><div class="filter"><label for="f-sort"><?cs var:label ?></label><span class="select"><select class="input" id="f-sort" name="sort"><?cs
 each:s = data.sorts ?><option value="<?cs var:s.name ?>"<?cs if:s.name == data.sort ?> selected<?cs /if ?>><?cs var:s.label ?></option><?cs /each ?></select></span></div>
<?cs /if ?><?cs /def ?><?cs
def:results_bar(noun, base, note) ?><div class="results-bar"><p class="muted"><?cs if:data.q ?>Results for “<?cs var:data.q ?>”<?cs else ?>Showing <?cs var:data.count ?><?cs if:data.next ?>+<?cs /if ?> <?cs var:noun ?><?cs /if ?><?cs var:note ?><?cs if:data.archived == "1" ?>, including archived<?cs /if ?></p><a class="btn btn-ghost btn-sm" href="<?cs var:base ?>?format=csv<?cs call:query_params(list, "") ?>" download><?cs call:icon("download") ?><span>Export CSV</span></a></div>
<?cs /def ?><?cs
def:empty_filtered(noun, text, base) ?> <div class="empty"><span class="empty-icon"><?cs call:icon("search") ?></span><p class="empty-title">No <?cs var:noun ?> match these filters</p><p class="empty-text"><?cs var:text ?></p><a class="btn btn-sm" href="<?cs var:base ?>">Clear filters</a></div>
<?cs /def ?><?cs
def:empty_end(noun) ?> <div class="empty"><span class="empty-icon"><?cs call:icon("inbox") ?></span><p class="empty-title">No more <?cs var:noun ?></p><p class="empty-text">You have reached the end of the list.</p><a class="btn btn-sm" href="<?cs var:req.path ?>?<?cs call:query_string(list, "") ?>">Back to the first page</a></div>
<?cs /def ?><?cs

########################################################################
# Forms, show pages and timelines: the parts every resource repeats.
# form_fields(): the hidden fields of a resource's POST form: _csrf and,
#   when the page set editing, _method=PATCH and the version the edit
#   started from (the saved one after a conflict). Put it right after
#   <form ...>.
# conflict_notice(what): when page.conflict is "1", "Someone else changed
#   this <what> while you were editing" and what to do (the fields show
#   the saved values, see the form conventions above).
# show_actions(base, question): a show page's Edit / Archive buttons (with
#   the confirm question), or Restore when data.archived_at is set; only
#   for can.customers_write. base is the record's URL ("/contacts/7").
# timeline_item(m): one communication of a timeline (<li>): icon, subject
#   (or its kind), direction, text (m.excerpt or m.body), when and with
#   whom; m.customer_name links the customer when data.customer.id is not
#   the page's customer.
########################################################################
?><?cs def:form_fields() ?><?cs call:csrf_field() ?><?cs
 if:editing ?><?cs call:method_field("PATCH") ?><?cs
  if:page.conflict == "1" || !form.version ?><?cs call:hidden_field("version", data.version) ?><?cs
  else ?><?cs call:hidden_field("version", form.version) ?><?cs /if ?><?cs
 /if ?><?cs /def ?><?cs

def:conflict_notice(what) ?><?cs if:page.conflict == "1" ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Someone else changed this <?cs var:what ?> while you were editing</p>
 <p>Your changes have not been saved yet. Fields that differ show the value saved now<?cs if:data.updated_at ?> (saved <?cs call:datetime(data.updated_at) ?>)<?cs /if ?>. Check them, then save again to keep your version.</p>
</div></div>
<?cs /if ?><?cs /def ?><?cs

def:show_actions(base, question) ?><?cs if:can.customers_write ?><?cs
 if:data.archived_at ?><?cs call:post_button(base + "/restore", "", "Restore", "secondary", "restore", "") ?><?cs
 else ?><?cs call:button_link("Edit", base + "/edit", "secondary", "edit") ?><?cs
  call:post_button(base, "DELETE", "Archive", "danger", "archive", question) ?><?cs /if ?><?cs
 /if ?><?cs /def ?><?cs

def:timeline_item(m) ?><li class="timeline-item kind-<?cs var:m.kind ?><?cs if:m.archived_at ?> is-archived<?cs /if ?>">
 <span class="timeline-icon"><?cs call:icon(m.kind) ?></span>
 <div class="timeline-body">
  <p class="row-line"><a class="row-title" href="/communications/<?cs var:m.id ?>"><?cs if:m.subject ?><?cs var:m.subject ?><?cs else ?><?cs var:labels.communication_kind[m.kind] ?><?cs /if ?></a><?cs if:m.subject ?> <span class="kind-<?cs var:m.kind ?>"><?cs var:labels.communication_kind[m.kind] ?></span><?cs /if ?><?cs
   if:m.direction == "inbound" ?> <span class="badge badge-neutral"><?cs call:icon("inbound") ?>Inbound</span><?cs
   elif:m.direction == "outbound" ?> <span class="badge badge-neutral"><?cs call:icon("outbound") ?>Outbound</span><?cs /if ?><?cs
   if:m.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?></p>
<?cs if:m.excerpt ?>  <p class="timeline-text"><?cs var:m.excerpt ?><?cs if:m.excerpt_truncated == "1" ?>…<?cs /if ?></p>
<?cs elif:m.body ?>  <p class="timeline-text"><?cs var:m.body ?></p>
<?cs /if ?>  <p class="row-sub"><?cs call:datetime(m.occurred_at) ?><?cs
   if:m.customer_name && m.customer_id != data.customer.id ?> · <a class="quiet" href="/customers/<?cs var:m.customer_id ?>"><?cs var:m.customer_name ?></a><?cs /if ?><?cs
   if:m.contact_name ?> · with <?cs if:m.contact_id ?><a class="quiet" href="/contacts/<?cs var:m.contact_id ?>"><?cs var:m.contact_name ?></a><?cs else ?><?cs var:m.contact_name ?><?cs /if ?><?cs /if ?><?cs
   if:m.property_name ?> · at <a class="quiet" href="/properties/<?cs var:m.property_id ?>"><?cs var:m.property_name ?></a><?cs /if ?><?cs
   if:m.user_name ?> · logged by <?cs var:m.user_name ?><?cs /if ?></p>
 </div>
</li>
<?cs /def ?>
