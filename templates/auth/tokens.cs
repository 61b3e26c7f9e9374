<?cs
# auth/tokens.cs: GET /auth/tokens (and POST /auth/tokens refused with
# field errors). data.items: id, name, prefix, scopes, status (active |
# expired | revoked), expires_at, last_used_at, last_used_ip, created_at,
# revoked_at, user_id, user_email; data.next; data.all = "1" when an admin
# lists everyone's; data.families: name, label, read, write ("1" ticked);
# form.name, form.expires_in_days; errors.*.
?><?cs set:list.all = data.all ?><?cs call:page_header_open("API tokens") ?>
 <p class="page-meta muted">For scripts and tools that use Hearth as you, e.g. with curl. What each address answers: the <a href="/api">API reference</a> (<a href="/openapi.json">openapi.json</a>).</p>
<?cs call:page_header_actions() ?><?cs
 if:can.auth_admin ?><?cs if:data.all == "1" ?><?cs call:button_link("Only mine", "/auth/tokens", "ghost", "user") ?><?cs
 else ?><?cs call:button_link("Everyone's tokens", "/auth/tokens?all=1", "ghost", "users") ?><?cs /if ?><?cs
  call:button_link("OAuth clients", "/auth/oauth/clients", "ghost", "key") ?><?cs /if ?><?cs
 call:page_header_close() ?>

<div class="form-stack">
<?cs if:data.all == "1" ?><?cs set:tokens_title = "Everyone's tokens" ?><?cs else ?><?cs set:tokens_title = "Your tokens" ?><?cs /if ?><?cs
 call:card_open(tokens_title, subcount(data.items), "", "") ?>
<?cs if:subcount(data.items) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-tokens">
  <thead>
   <tr>
    <th scope="col">Name</th>
<?cs if:data.all == "1" ?>    <th scope="col">User</th>
<?cs /if ?>    <th scope="col">Token</th>
    <th scope="col">Scopes</th>
    <th scope="col">Expires</th>
    <th scope="col">Last used</th>
    <th scope="col">Created</th>
    <th scope="col"><span class="visually-hidden">Actions</span></th>
   </tr>
  </thead>
  <tbody>
<?cs each:t = data.items ?>   <tr<?cs if:t.status != "active" ?> class="is-archived"<?cs /if ?>>
    <td class="cell-primary" data-label="Name"><?cs var:t.name ?><?cs
 if:t.status == "revoked" ?> <?cs call:badge("Revoked", "red") ?><?cs
 elif:t.status == "expired" ?> <?cs call:badge("Expired", "amber") ?><?cs /if ?></td>
<?cs if:data.all == "1" ?>    <td data-label="User" class="cell-truncate"><?cs var:t.user_email ?></td>
<?cs /if ?>    <td data-label="Token" class="cell-nowrap"><code><?cs var:t.prefix ?>…</code></td>
    <td data-label="Scopes" class="cell-tags"><?cs call:tag_list(t.scopes, "") ?></td>
    <td data-label="Expires" class="cell-nowrap"><?cs call:date(t.expires_at) ?></td>
    <td data-label="Last used" class="cell-nowrap<?cs if:!t.last_used_at ?> is-empty<?cs /if ?>"><?cs if:t.last_used_at ?><?cs call:datetime(t.last_used_at) ?><?cs if:t.last_used_ip ?> <span class="muted">from <?cs var:t.last_used_ip ?></span><?cs /if ?><?cs else ?><span class="muted">Never</span><?cs /if ?></td>
    <td data-label="Created" class="cell-nowrap muted"><?cs call:date(t.created_at) ?></td>
    <td data-label="Actions"><?cs if:t.status == "active" ?><?cs
 call:post_button("/auth/tokens/" + t.id, "DELETE", "Revoke", "danger sm", "ban", "Revoke the token “" + t.name + "”? Scripts that use it stop working at once.") ?><?cs /if ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs else ?><?cs call:empty_state("key", "No tokens yet", "Create one below for a script or tool. It works until it expires or you revoke it.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>

<?cs set:error_labels.name = "Name" ?><?cs set:error_labels.expires_in_days = "Expires after" ?><?cs set:error_labels.scopes = "Scopes" ?>
<?cs call:error_summary() ?>
<form class="form" method="post" action="/auth/tokens" novalidate>
 <?cs call:csrf_field() ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2 id="new">New token</h2>
   <p class="muted">The token is shown once, right after you create it. It can do what your role allows, narrowed to the scopes you tick; never more.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("name", "Name", "text", "off", "required", "What uses it, e.g. “nightly export”.") ?>
   <?cs call:select_open("expires_in_days", "Expires after", "", "Tokens always expire: at most a year.") ?>
    <?cs call:option("7", "7 days", form.expires_in_days) ?>
    <?cs call:option("30", "30 days", form.expires_in_days) ?>
    <?cs call:option("90", "90 days", form.expires_in_days) ?>
    <?cs call:option("180", "180 days", form.expires_in_days) ?>
    <?cs call:option("365", "1 year", form.expires_in_days) ?>
   <?cs call:select_close("expires_in_days") ?>
  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head">
   <h2 id="scopes-title">Scopes</h2>
   <p class="muted" id="f-scopes-hint">Read: see. Write: also create and change (includes read). “Your account” write lets the token change your own account, such as revoking tokens.</p>
  </div>
  <?cs include:"auth/tokens_scopes.cs" ?>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs call:icon("key") ?><span>Create token</span></button>
 </div>
</form>
</div>
