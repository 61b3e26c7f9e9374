<?cs
# auth/users/password.cs: the answer to POST /auth/users/:id/password when
# Hearth made the password. data.* is the user and data.temporary_password,
# shown this once (Cache-Control: no-store).
?><?cs call:page_header("Temporary password", "", "") ?>

<div class="notice notice-warning" role="status"><?cs call:icon("key") ?><div>
 <p class="notice-title">New temporary password for <?cs var:data.name ?></p>
 <p><code class="secret" id="temporary-password"><?cs var:data.temporary_password ?></code></p>
 <p>Their sessions are signed out and any lockout is lifted. Give them this password over a channel you trust: it is shown only now. At their next sign-in they must choose their own.</p>
</div></div>

<p><?cs call:button_link("Back to " + data.name, "/auth/users/" + data.id, "primary", "user") ?></p>
