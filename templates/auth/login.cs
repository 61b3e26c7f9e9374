<?cs
# auth/login.cs: GET /auth/login and a refused POST. form.email,
# errors.*, data.error (general message), data.next (where to go after),
# data.totp_required = "1": the code step instead (auth/twofactor_step.cs,
# posting to /auth/login/2fa; errors.code); data.oidc.name
# and data.oidc.href: the single sign-on button, when it is on.
?><div class="auth">
 <div class="auth-brand"><img src="<?cs var:static ?>/icons/hearth.svg" alt="" width="40" height="40"><span>Hearth</span></div>
 <section class="auth-card" aria-labelledby="login-title">
<?cs if:data.totp_required == "1" ?><?cs include:"auth/twofactor_step.cs" ?><?cs else ?>
  <h1 id="login-title">Sign in</h1>
  <p class="muted">Welcome back. Sign in with your work email.</p>
<?cs if:data.error ?>  <div class="notice notice-error" role="alert"><?cs call:icon("alert") ?><div><p><?cs var:data.error ?></p></div></div>
<?cs /if ?>  <form method="post" action="/auth/login" class="form-stack">
   <?cs call:csrf_field() ?>
<?cs if:data.next ?>   <?cs call:hidden_field("next", data.next) ?>
<?cs /if ?><?cs if:form.email && !errors.email ?><?cs set:email_flags = "required" ?><?cs set:password_flags = "required autofocus" ?><?cs
 else ?><?cs set:email_flags = "required autofocus" ?><?cs set:password_flags = "required" ?><?cs /if ?>   <?cs call:text_field("email", "Email", "email", "username", email_flags, "") ?>
   <?cs call:input_field("password", "Password", "password", "", errors.password, "current-password", password_flags, "") ?>
   <button type="submit" class="btn btn-primary btn-block">Sign in</button>
  </form>
<?cs if:data.oidc.href ?>  <p class="muted">or</p>
  <a class="btn btn-block" href="<?cs var:data.oidc.href ?>"><?cs call:icon("key") ?><span>Sign in with <?cs var:data.oidc.name ?></span></a>
<?cs /if ?><?cs /if ?> </section>
 <p class="auth-foot muted">Trouble signing in? Ask your Hearth administrator.</p>
</div>
