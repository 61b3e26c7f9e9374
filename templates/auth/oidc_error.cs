<?cs
# auth/oidc_error.cs: a sign-in with the OpenID Connect provider that was
# refused or failed (GET /auth/oidc/start, /auth/oidc/callback).
# data.title, data.detail (what happened and what to do), data.status.
?><div class="auth">
 <div class="auth-brand"><img src="<?cs var:static ?>/icons/hearth.svg" alt="" width="40" height="40"><span>Hearth</span></div>
 <section class="auth-card" aria-labelledby="oidc-error-title">
  <h1 id="oidc-error-title"><?cs var:data.title ?></h1>
  <div class="notice notice-error" role="alert"><?cs call:icon("alert") ?><div><p><?cs var:data.detail ?></p></div></div>
  <a class="btn btn-primary btn-block" href="/auth/login">Back to sign-in</a>
 </section>
 <p class="auth-foot muted">Trouble signing in? Ask your Hearth administrator.</p>
</div>
