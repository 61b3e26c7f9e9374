<?cs
# auth/users/created.cs: the answer to POST /auth/users. data.* is the new
# user and data.temporary_password, shown this once (Cache-Control:
# no-store).
?><?cs call:page_header_open("User created") ?>
 <div class="page-meta"><?cs call:badge(data.role, "neutral") ?><span class="muted"><?cs var:data.email ?></span></div>
<?cs call:page_header_actions() ?><?cs
 call:button_link("Add another user", "/auth/users/new", "secondary", "plus") ?><?cs
 call:page_header_close() ?>

<div class="notice notice-warning" role="status"><?cs call:icon("key") ?><div>
 <p class="notice-title">Temporary password for <?cs var:data.name ?></p>
 <p><code class="secret" id="temporary-password"><?cs var:data.temporary_password ?></code></p>
 <p>Give it to them in person or over a channel you trust. It is shown only now: Hearth keeps just a hash of it. At their first sign-in they must choose their own password before anything else.</p>
</div></div>

<p><?cs call:button_link("Open " + data.name, "/auth/users/" + data.id, "primary", "user") ?></p>
