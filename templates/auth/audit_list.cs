<?cs
# auth/audit_list.cs: GET /auth/audit. data.items (id, at, user_id, actor,
# user_name, client_ip, request_id, action, entity, entity_id,
# entity_href), data.next, data.filters.{user, action, entity, entity_id,
# from, to}; each item's action_label is the action in words (the code
# stays in JSON and CSV). The filter form is a plain GET form; times are
# the company's.
?><?cs include:"auth/audit_time.cs" ?><?cs set:list.user = data.filters.user ?><?cs set:list.action = data.filters.action ?><?cs
 set:list.entity = data.filters.entity ?><?cs set:list.entity_id = data.filters.entity_id ?><?cs
 set:list.from = data.filters.from ?><?cs set:list.to = data.filters.to ?><?cs
 set:filtered = data.filters.user || data.filters.action || data.filters.entity || data.filters.entity_id || data.filters.from || data.filters.to ?><?cs
 call:page_header("Audit log", "", "") ?>
<p class="muted">Every change, sign-in, failed sign-in and secret reveal, newest first. The log is append-only and hash-chained: <code>hearthctl audit verify</code> shows whether any entry was changed or removed.</p>
<?cs call:error_summary() ?>
<form class="filters" method="get" action="/auth/audit" role="search" aria-label="Filter the audit log">
 <div class="filter<?cs if:errors.user ?> has-error<?cs /if ?>">
  <label for="f-user">User</label>
  <input class="input" id="f-user" type="text" name="user" value="<?cs var:data.filters.user ?>" placeholder="Email or id" autocomplete="off"<?cs if:errors.user ?> aria-invalid="true" aria-describedby="f-user-error"<?cs /if ?>>
<?cs if:errors.user ?>  <p class="field-error" id="f-user-error"><?cs var:errors.user ?></p>
<?cs /if ?> </div>
 <div class="filter<?cs if:errors.action ?> has-error<?cs /if ?>">
  <label for="f-action">Action starts with</label>
  <input class="input" id="f-action" type="text" name="action" value="<?cs var:data.filters.action ?>" placeholder="e.g. customer. or auth.login" autocomplete="off"<?cs if:errors.action ?> aria-invalid="true" aria-describedby="f-action-error"<?cs /if ?>>
<?cs if:errors.action ?>  <p class="field-error" id="f-action-error"><?cs var:errors.action ?></p>
<?cs /if ?> </div>
 <div class="filter<?cs if:errors.entity ?> has-error<?cs /if ?>">
  <label for="f-entity">Entity</label>
  <input class="input" id="f-entity" type="text" name="entity" value="<?cs var:data.filters.entity ?>" placeholder="e.g. customer" autocomplete="off"<?cs if:errors.entity ?> aria-invalid="true" aria-describedby="f-entity-error"<?cs /if ?>>
<?cs if:errors.entity ?>  <p class="field-error" id="f-entity-error"><?cs var:errors.entity ?></p>
<?cs /if ?> </div>
 <div class="filter<?cs if:errors.entity_id ?> has-error<?cs /if ?>">
  <label for="f-entity_id">Entity id</label>
  <input class="input" id="f-entity_id" type="text" inputmode="numeric" name="entity_id" value="<?cs var:data.filters.entity_id ?>" autocomplete="off"<?cs if:errors.entity_id ?> aria-invalid="true" aria-describedby="f-entity_id-error"<?cs /if ?>>
<?cs if:errors.entity_id ?>  <p class="field-error" id="f-entity_id-error"><?cs var:errors.entity_id ?></p>
<?cs /if ?> </div>
 <div class="filter<?cs if:errors.from ?> has-error<?cs /if ?>">
  <label for="f-from">From</label>
  <input class="input" id="f-from" type="date" name="from" value="<?cs var:data.filters.from ?>"<?cs if:errors.from ?> aria-invalid="true" aria-describedby="f-from-error"<?cs /if ?>>
<?cs if:errors.from ?>  <p class="field-error" id="f-from-error"><?cs var:errors.from ?></p>
<?cs /if ?> </div>
 <div class="filter<?cs if:errors.to ?> has-error<?cs /if ?>">
  <label for="f-to">To</label>
  <input class="input" id="f-to" type="date" name="to" value="<?cs var:data.filters.to ?>"<?cs if:errors.to ?> aria-invalid="true" aria-describedby="f-to-error"<?cs /if ?>>
<?cs if:errors.to ?>  <p class="field-error" id="f-to-error"><?cs var:errors.to ?></p>
<?cs /if ?> </div>
 <div class="filter filter-actions">
  <button type="submit" class="btn"><?cs call:icon("filter") ?><span>Filter</span></button>
<?cs if:filtered ?>  <a class="btn btn-ghost" href="/auth/audit">Clear</a>
<?cs /if ?> </div>
</form>

<div id="results" class="results">
<?cs if:subcount(data.items) ?>
 <div class="results-bar">
  <p class="muted">Showing <?cs var:subcount(data.items) ?><?cs if:data.next ?>+<?cs /if ?> entries<?cs if:filtered ?> matching the filters<?cs /if ?></p>
  <a class="btn btn-ghost btn-sm" href="/auth/audit?format=csv<?cs call:query_params(list, "") ?>" download><?cs call:icon("download") ?><span>Export CSV</span></a>
 </div>
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-audit">
  <thead>
   <tr>
    <th scope="col">When</th>
    <th scope="col">Who</th>
    <th scope="col">From</th>
    <th scope="col">Action</th>
    <th scope="col">Entity</th>
    <th scope="col">Request id</th>
   </tr>
  </thead>
  <tbody>
<?cs each:a = data.items ?>   <tr>
    <td class="cell-nowrap cell-primary" data-label="When"><a href="/auth/audit/<?cs var:a.id ?>" title="Entry <?cs var:a.id ?>: details and changes"><?cs call:audit_time(a.at) ?></a></td>
    <td data-label="Who" class="cell-truncate"><?cs if:a.user_id ?><a class="quiet" href="/auth/audit?user=<?cs var:a.user_id ?>"><?cs if:a.user_name ?><?cs var:a.user_name ?><?cs else ?>user <?cs var:a.user_id ?><?cs /if ?></a><?cs if:a.actor ?> <span class="muted"><?cs var:a.actor ?></span><?cs /if ?><?cs elif:a.actor ?><?cs var:a.actor ?><?cs else ?><span class="muted">signed out</span><?cs /if ?></td>
    <td data-label="From" class="cell-nowrap<?cs if:!a.client_ip ?> is-empty<?cs /if ?>"><?cs if:a.client_ip ?><?cs var:a.client_ip ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
    <td data-label="Action" class="cell-nowrap"><a class="quiet" href="/auth/audit?action=<?cs var:url_escape(a.action) ?>" title="<?cs var:a.action ?>: entries of this action"><?cs var:a.action_label ?></a></td>
    <td data-label="Entity" class="cell-nowrap<?cs if:!a.entity ?> is-empty<?cs /if ?>"><?cs if:a.entity_href ?><a href="<?cs var:a.entity_href ?>"><?cs var:a.entity ?><?cs if:a.entity_id ?> <?cs var:a.entity_id ?><?cs /if ?></a><?cs elif:a.entity ?><?cs var:a.entity ?><?cs if:a.entity_id ?> <?cs var:a.entity_id ?><?cs /if ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
    <td data-label="Request id" class="cell-truncate<?cs if:!a.request_id ?> is-empty<?cs /if ?>"><?cs if:a.request_id ?><code><?cs var:a.request_id ?></code><?cs else ?><span class="muted">—</span><?cs /if ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:filtered ?>
 <div class="empty"><span class="empty-icon"><?cs call:icon("search") ?></span><p class="empty-title">No entries match these filters</p><p class="empty-text">Widen the dates or clear a filter.</p><a class="btn btn-sm" href="/auth/audit">Clear filters</a></div>
<?cs else ?>
 <?cs call:empty_state("clock", "Nothing audited yet", "Changes and sign-ins appear here as they happen.", "", "") ?>
<?cs /if ?>
</div>
