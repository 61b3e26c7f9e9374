<?cs
# auth/invitation.cs: GET /auth/invitation/:token and a refused POST, for
# a signed-out browser (the sign-in page's frame). data.name, data.email,
# data.min_characters, data.action (the form's address); no data.email:
# the link is not valid (any more), shown with status 404.
# errors.password (every broken rule), errors.password_confirm.
?><div class="auth">
 <div class="auth-brand"><img src="<?cs var:static ?>/icons/hearth.svg" alt="" width="40" height="40"><span>Hearth</span></div>
 <section class="auth-card" aria-labelledby="invite-title">
<?cs if:data.email ?>  <h1 id="invite-title">Welcome, <?cs var:data.name ?></h1>
  <p class="muted">Choose the password you will sign in with as <strong><?cs var:data.email ?></strong>. This link works once.</p>
  <?cs call:error_summary() ?>
  <form method="post" action="<?cs var:data.action ?>" class="form-stack" novalidate>
   <?cs call:csrf_field() ?>
   <?cs call:input_field("password", "Password", "password", "", errors.password, "new-password", "required autofocus", "At least " + data.min_characters + " characters; not your name or email, not one of the most common passwords. A few unrelated words make a strong one.") ?>
   <?cs call:input_field("password_confirm", "Password again", "password", "", errors.password_confirm, "new-password", "required", "") ?>
   <button type="submit" class="btn btn-primary btn-block">Set my password</button>
  </form>
<?cs else ?>  <h1 id="invite-title">This link is not valid any more</h1>
  <div class="notice notice-warning" role="status"><?cs call:icon("alert") ?><div><p>The invitation was used, it expired, or the account was deactivated. Ask your administrator for a new one.</p></div></div>
  <a class="btn btn-block" href="/auth/login">Go to sign-in</a>
<?cs /if ?> </section>
 <p class="auth-foot muted">Trouble signing in? Ask your Hearth administrator.</p>
</div>
