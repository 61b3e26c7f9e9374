<?cs
# auth/twofactor_step.cs: the sign-in code step, inside login.cs's card
# when data.totp_required = "1" (the password was right; the signed
# hearth_mfa cookie holds who is signing in for five minutes). Posts code
# (app code or recovery code), remember (off unless ticked), next.
# errors.code: a wrong or reused code.
?>  <h1 id="login-title">Two-factor sign-in</h1>
  <p class="muted">Type the 6-digit code your authenticator app shows for Hearth.</p>
  <form method="post" action="/auth/login/2fa" class="form-stack">
   <?cs call:csrf_field() ?>
<?cs if:data.next ?>   <?cs call:hidden_field("next", data.next) ?>
<?cs /if ?>   <?cs call:input_field("code", "Authentication code", "text", "", errors.code, "one-time-code", "required autofocus", "Lost your phone? Type one of your recovery codes instead.") ?>
   <?cs call:checkbox_field("remember", "Remember this browser for 30 days", "", "Only on a computer or phone that is yours alone.") ?>
   <button type="submit" class="btn btn-primary btn-block">Verify</button>
  </form>
  <p class="muted"><a href="/auth/login">Start over</a></p>
