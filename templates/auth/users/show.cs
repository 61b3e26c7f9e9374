<?cs
# auth/users/show.cs: GET /auth/users/:id (and a refused temporary
# password: errors.password). data.* is the user (id, email, name, role,
# active, must_change_password, locked, version, created_at, updated_at,
# last_sign_in_at), data.sessions (id, created_at, last_seen_at,
# expires_at, client_ip, user_agent, browser, current) and data.audit
# (id, at, action, actor, client_ip).
?><?cs set:cid = data.id ?><?cs call:page_header_open(data.name) ?>
 <div class="page-meta">
  <?cs call:badge(data.role, "neutral") ?>
  <?cs if:data.active != "1" ?><?cs call:badge("Deactivated", "amber") ?><?cs /if ?>
  <?cs if:data.locked == "1" ?><?cs call:badge("Locked", "red") ?><?cs /if ?>
  <?cs if:data.must_change_password == "1" ?><?cs call:badge("Temporary password", "blue") ?><?cs /if ?>
  <span class="muted"><?cs var:data.email ?></span>
 </div>
<?cs call:page_header_actions() ?><?cs
 call:button_link("Edit", "/auth/users/" + cid + "/edit", "secondary", "edit") ?><?cs
 call:page_header_close() ?>

<?cs call:error_summary() ?>
<div class="detail-grid">
<div class="detail-side">
<?cs call:card_open("Details", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <?cs call:dl_item("Email", data.email) ?>
   <?cs call:dl_item("Role", data.role) ?>
   <dt>Status</dt><dd><?cs if:data.active == "1" ?>Active<?cs else ?>Deactivated<?cs /if ?><?cs if:data.locked == "1" ?>, locked after failed sign-ins<?cs /if ?></dd>
   <dt>Last sign-in</dt><dd><?cs if:data.last_sign_in_at ?><?cs call:datetime(data.last_sign_in_at) ?><?cs else ?><span class="muted">Never</span><?cs /if ?></dd>
   <dt>Created</dt><dd><?cs call:datetime(data.created_at) ?></dd>
   <dt>Last updated</dt><dd><?cs call:datetime(data.updated_at) ?></dd>
  </dl>
 </div>
<?cs call:card_close() ?>

<?cs call:card_open("Temporary password", "", "", "") ?>
 <div class="card-body">
<?cs if:cid == user.id ?>  <p class="muted">This is you: change your own password on <a href="/auth/password">your password page</a>.</p>
<?cs else ?>  <p class="muted">Give <?cs var:data.name ?> a temporary password, e.g. when they forgot theirs or are locked out. They must change it at their next sign-in; their sessions are signed out now.</p>
  <form class="form-stack" method="post" action="/auth/users/<?cs var:cid ?>/password" data-confirm="Set a temporary password for <?cs var:data.name ?>? They are signed out everywhere.">
   <?cs call:csrf_field() ?>
   <?cs call:input_field("password", "Temporary password", "password", "", errors.password, "new-password", "", "Leave empty and Hearth makes one, shown to you once.") ?>
   <button type="submit" class="btn"><?cs call:icon("key") ?><span>Set temporary password</span></button>
  </form>
<?cs /if ?> </div>
<?cs call:card_close() ?>
</div>

<div class="detail-main">
<?cs call:card_open("Sessions", subcount(data.sessions), "", "") ?>
<?cs if:subcount(data.sessions) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-sessions">
  <thead>
   <tr>
    <th scope="col">Browser</th>
    <th scope="col">Address</th>
    <th scope="col">Signed in</th>
    <th scope="col">Last seen</th>
    <th scope="col"><span class="visually-hidden">Actions</span></th>
   </tr>
  </thead>
  <tbody>
<?cs each:s = data.sessions ?>   <tr>
    <td class="cell-primary" data-label="Browser"><span title="<?cs var:s.user_agent ?>"><?cs var:s.browser ?></span><?cs if:s.current == "1" ?> <?cs call:badge("This session", "green") ?><?cs /if ?></td>
    <td data-label="Address" class="cell-nowrap"><?cs var:s.client_ip ?></td>
    <td data-label="Signed in" class="cell-nowrap"><?cs call:datetime(s.created_at) ?></td>
    <td data-label="Last seen" class="cell-nowrap"><?cs call:datetime(s.last_seen_at) ?></td>
    <td data-label="Actions"><?cs call:post_button("/auth/users/" + cid + "/sessions/" + s.id, "DELETE", "Sign out", "danger sm", "logout", "Sign out this session? Its next request is refused.") ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <div class="card-footer"><?cs call:post_button("/auth/users/" + cid + "/sessions", "DELETE", "Sign out everywhere", "danger sm", "logout", "Sign " + data.name + " out of every session?") ?></div>
<?cs else ?><?cs call:empty_state("clock", "No live sessions", "They are not signed in anywhere right now.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>

<?cs call:card_open("Recent activity", subcount(data.audit), "", "") ?>
<?cs if:subcount(data.audit) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-audit">
  <thead>
   <tr>
    <th scope="col">When</th>
    <th scope="col">What</th>
    <th scope="col">Who</th>
    <th scope="col">From</th>
   </tr>
  </thead>
  <tbody>
<?cs each:a = data.audit ?>   <tr>
    <td data-label="When" class="cell-nowrap"><?cs call:datetime(a.at) ?></td>
    <td data-label="What"><code><?cs var:a.action ?></code><?cs if:a.entity && a.entity != "user" ?> <span class="muted"><?cs var:a.entity ?> <?cs var:a.entity_id ?></span><?cs /if ?></td>
    <td data-label="Who" class="cell-truncate"><?cs if:a.actor ?><?cs var:a.actor ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
    <td data-label="From" class="cell-nowrap"><?cs var:a.client_ip ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs else ?><?cs call:empty_state("inbox", "No activity yet", "Changes to this user and what they do appear here.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>
</div>
</div>
