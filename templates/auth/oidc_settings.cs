<?cs
# auth/oidc_settings.cs: GET /auth/oidc/settings and a refused POST.
# data.* = the stored settings (issuer, client_id, display_name,
# allow_signup, enabled, client_secret_set, version, updated_at,
# redirect_uri); form.* = the values shown; errors.*; page.conflict = "1"
# when someone else saved meanwhile. The client secret is never shown.
?><?cs call:page_header("Single sign-on", "", "") ?>

<?cs if:page.conflict == "1" ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Someone else changed these settings while you were editing</p>
 <p>Your changes have not been saved yet. Fields that differ show the value saved now. Check them, then save again to keep your version.</p>
</div></div>
<?cs /if ?><?cs call:error_summary() ?>

<form class="form" method="post" action="/auth/oidc/settings" novalidate>
 <?cs call:csrf_field() ?>
 <?cs if:page.conflict == "1" || !form.version ?><?cs call:hidden_field("version", data.version) ?><?cs else ?><?cs call:hidden_field("version", form.version) ?><?cs /if ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>Provider</h2>
   <p class="muted">Staff sign in with your company's OpenID Connect provider. Register Hearth there as a confidential web client (authorization code flow with PKCE, RS256 ID tokens).</p>
  </div>
  <div class="form-grid">
   <?cs call:input_field("redirect_uri", "Redirect URI", "text", data.redirect_uri, "", "off", "readonly full", "Register this address at the provider as the client's redirect URI.") ?>
   <?cs call:text_field("issuer", "Issuer URL", "url", "off", "full", "The provider's issuer, e.g. https://login.example.com/realms/staff. Hearth reads its /.well-known/openid-configuration.") ?>
   <?cs call:text_field("client_id", "Client ID", "text", "off", "", "") ?>
   <?cs if:data.client_secret_set == "1" ?><?cs set:secret_hint = "A secret is stored. Leave empty to keep it; it is never shown." ?><?cs else ?><?cs set:secret_hint = "No secret stored yet." ?><?cs /if ?>
   <?cs call:input_field("client_secret", "Client secret", "password", "", errors.client_secret, "new-password", "", secret_hint) ?>
   <?cs call:text_field("display_name", "Display name", "text", "off", "", "The sign-in button reads “Sign in with” this name, e.g. Okta or Google.") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Access</h2>
   <p class="muted">A first sign-in links to the Hearth user with the same verified email.</p>
  </div>
  <div class="form-grid">
   <?cs call:checkbox_field("allow_signup", "Allow sign-up of unknown verified emails", "full", "Off: people without a Hearth account are refused. On: they get a new account with the viewer role.") ?>
   <?cs call:checkbox_field("enabled", "Single sign-on is on", "full", "Shows the “Sign in with” button on the sign-in page. Password sign-in keeps working.") ?>
  </div>
 </section>

 <div class="form-actions">
  <button type="submit" class="btn btn-primary">Save settings</button>
 </div>
</form>
