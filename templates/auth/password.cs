<?cs
# auth/password.cs: GET /auth/password and a refused POST. data.
# must_change_password ("1": an administrator set a temporary password,
# nothing else answers until it is changed), data.policy (min_characters,
# max_bytes, not_common); errors.current_password, errors.password (every
# broken rule in one text), errors.password_confirm.
?><?cs call:page_header("Change password", "", "") ?>

<?cs if:data.must_change_password == "1" ?><div class="notice notice-info" role="status"><?cs call:icon("key") ?><div>
 <p class="notice-title">Choose your own password to continue</p>
 <p>You signed in with a temporary password from an administrator. Enter it as your current password, then choose a new one.</p>
</div></div>
<?cs /if ?><?cs call:error_summary() ?>

<?cs call:card_open("New password", "", "", "") ?>
 <div class="card-body">
  <form class="form-stack" method="post" action="/auth/password" novalidate>
   <?cs call:csrf_field() ?>
   <?cs call:input_field("current_password", "Current password", "password", "", errors.current_password, "current-password", "required autofocus", "") ?>
   <?cs call:input_field("password", "New password", "password", "", errors.password, "new-password", "required", "At least " + data.policy.min_characters + " characters; not your name or email, not one of the most common passwords. A few unrelated words make a strong one.") ?>
   <?cs call:input_field("password_confirm", "New password again", "password", "", errors.password_confirm, "new-password", "required", "") ?>
   <button type="submit" class="btn btn-primary">Change password</button>
  </form>
  <p class="muted">Your other sessions are signed out when you change it; this one stays.</p>
 </div>
<?cs call:card_close() ?>
