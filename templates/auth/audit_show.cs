<?cs
# auth/audit_show.cs: GET /auth/audit/:id. data.* is the entry (id, at,
# user_id, actor, user_name, user_email, client_ip, request_id, action,
# entity, entity_id, entity_href, prev_hash, hash, before_pretty,
# after_pretty) and data.diff: field, before, after, in_before, in_after,
# changed (one per top-level key of before or after, changed ones first);
# action_label is the action in words.
?><?cs include:"auth/audit_time.cs" ?><?cs call:page_header_open("Audit entry " + data.id) ?>
 <div class="page-meta"><strong><?cs var:data.action_label ?></strong> <span class="muted"><?cs call:audit_time(data.at) ?></span></div>
<?cs call:page_header_actions() ?><?cs
 call:button_link("Audit log", "/auth/audit", "secondary", "") ?><?cs
 if:data.entity && data.entity_id ?><?cs call:button_link("History of this " + data.entity, "/auth/audit?entity=" + data.entity + "&entity_id=" + data.entity_id, "ghost", "clock") ?><?cs /if ?><?cs
 call:page_header_close() ?>

<div class="detail-grid">
<div class="detail-main">
<?cs call:card_open("Changes", "", "", "") ?>
<?cs if:subcount(data.diff) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-diff">
  <thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
  <tbody>
<?cs each:d = data.diff ?>   <tr<?cs if:d.changed == "1" ?> class="is-changed"<?cs /if ?>>
    <th scope="row" data-label="Field"><code><?cs var:d.field ?></code><?cs if:d.changed == "1" ?> <?cs call:badge("changed", "amber") ?><?cs /if ?></th>
    <td data-label="Before" class="cell-truncate"><?cs if:d.in_before != "1" ?><span class="muted">absent</span><?cs elif:!?d.before ?><span class="muted">empty</span><?cs elif:d.changed == "1" ?><del><?cs var:d.before ?></del><?cs else ?><?cs var:d.before ?><?cs /if ?></td>
    <td data-label="After" class="cell-truncate"><?cs if:d.in_after != "1" ?><span class="muted">absent</span><?cs elif:!?d.after ?><span class="muted">empty</span><?cs elif:d.changed == "1" ?><ins><?cs var:d.after ?></ins><?cs else ?><?cs var:d.after ?><?cs /if ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs else ?> <div class="card-body"><p class="muted">This entry records an event without a before or after (a sign-in, a sign-out, a failed attempt).</p></div>
<?cs /if ?><?cs call:card_close() ?>
<?cs if:data.before_pretty || data.after_pretty ?><?cs call:card_open("As stored", "", "", "") ?>
 <div class="card-body">
<?cs if:data.before_pretty ?>  <details><summary>Before (JSON)</summary><pre><?cs var:data.before_pretty ?></pre></details>
<?cs /if ?><?cs if:data.after_pretty ?>  <details><summary>After (JSON)</summary><pre><?cs var:data.after_pretty ?></pre></details>
<?cs /if ?> </div>
<?cs call:card_close() ?><?cs /if ?>
</div>

<aside class="detail-side">
<?cs call:card_open("Entry", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>When</dt><dd><?cs call:audit_time(data.at) ?> <span class="muted">(UTC<?cs var:string.slice(data.at, 19, 25) ?>)</span></dd>
   <dt>Who</dt><dd><?cs if:data.user_id ?><a href="/auth/audit?user=<?cs var:data.user_id ?>"><?cs if:data.user_name ?><?cs var:data.user_name ?><?cs else ?>user <?cs var:data.user_id ?><?cs /if ?></a><?cs if:data.actor ?><br><span class="muted"><?cs var:data.actor ?></span><?cs /if ?><?cs elif:data.actor ?><?cs var:data.actor ?><?cs else ?><span class="muted">signed out</span><?cs /if ?></dd>
   <?cs call:dl_item("From", data.client_ip) ?>
   <dt>Action</dt><dd><?cs var:data.action_label ?> <a class="quiet" href="/auth/audit?action=<?cs var:url_escape(data.action) ?>" title="Entries of this action"><code><?cs var:data.action ?></code></a></dd>
   <dt>Entity</dt><dd><?cs if:data.entity_href ?><a href="<?cs var:data.entity_href ?>"><?cs var:data.entity ?><?cs if:data.entity_id ?> <?cs var:data.entity_id ?><?cs /if ?></a><?cs elif:data.entity ?><?cs var:data.entity ?><?cs if:data.entity_id ?> <?cs var:data.entity_id ?><?cs /if ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Request id</dt><dd><?cs if:data.request_id ?><code><?cs var:data.request_id ?></code><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Hash</dt><dd><code class="cell-truncate" title="<?cs var:data.hash ?>"><?cs var:string.slice(data.hash, 0, 16) ?>…</code></dd>
   <dt>Previous hash</dt><dd><?cs if:data.prev_hash ?><code title="<?cs var:data.prev_hash ?>"><?cs var:string.slice(data.prev_hash, 0, 16) ?>…</code><?cs else ?><span class="muted">none (the first entry)</span><?cs /if ?></dd>
  </dl>
 </div>
<?cs call:card_close() ?>
</aside>
</div>
