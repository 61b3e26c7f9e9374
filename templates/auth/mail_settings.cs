<?cs
# auth/mail_settings.cs: GET /auth/mail/settings and a refused POST.
# data.* = the stored settings (host, port, security, username,
# password_set, from_address, from_name, reply_to, ca_pem, version,
# updated_at); form.* the values shown; errors.*; page.conflict = "1" when
# someone else saved meanwhile. The password is never shown.
?><?cs call:page_header("Mail settings", "", "") ?>

<?cs call:conflict_notice("mail configuration") ?><?cs call:error_summary() ?>

<form class="form" method="post" action="/auth/mail/settings" novalidate>
 <?cs call:csrf_field() ?>
 <?cs if:page.conflict == "1" || !form.version ?><?cs call:hidden_field("version", data.version) ?><?cs else ?><?cs call:hidden_field("version", form.version) ?><?cs /if ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>Mail server</h2>
   <p class="muted">Hearth hands every message to this SMTP server (your provider's submission server, or a relay in your office). Leave the host empty to hold mail back: messages wait in the log.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("host", "Host", "text", "off", "", "e.g. smtp.example.com") ?>
   <?cs call:text_field("port", "Port", "number", "off", "", "587 for STARTTLS, 465 for TLS.") ?>
   <?cs call:select_open("security", "Security", "full", "STARTTLS is required when chosen: Hearth never falls back to sending in clear.") ?>
    <?cs call:option("starttls", "STARTTLS (port 587)", form.security) ?>
    <?cs call:option("tls", "TLS from the start (port 465)", form.security) ?>
    <?cs call:option("none", "None: only a server on this machine", form.security) ?>
   <?cs call:select_close("security") ?>
   <?cs call:text_field("username", "User name", "text", "off", "", "Empty: no sign-in (AUTH) at the server.") ?>
   <?cs if:data.password_set == "1" ?><?cs set:pw_hint = "A password is stored. Leave empty to keep it; it is never shown." ?><?cs else ?><?cs set:pw_hint = "No password stored." ?><?cs /if ?>
   <?cs call:input_field("password", "Password", "password", "", errors.password, "new-password", "", pw_hint) ?>
<?cs if:data.password_set == "1" ?>   <?cs call:checkbox_field("password_clear", "Remove the stored password", "full", "") ?>
<?cs /if ?>  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Sender</h2>
   <p class="muted">What recipients see. Use an address your server may send from (SPF, DKIM), or mail may land in spam.</p>
  </div>
  <div class="form-grid">
   <?cs call:text_field("from_address", "From address", "email", "off", "", "e.g. office@example.com") ?>
   <?cs call:text_field("from_name", "From name", "text", "off", "", "e.g. your company's name") ?>
   <?cs call:text_field("reply_to", "Reply-To", "email", "off", "full", "Where answers go, when not to the from address. Optional.") ?>
  </div>
 </section>

 <section class="form-section">
  <div class="form-section-head">
   <h2>Certificate</h2>
   <p class="muted">Only for a server with a certificate from your own authority: Hearth then trusts these certificates instead of the public ones. Verification is never turned off.</p>
  </div>
  <div class="form-grid">
   <?cs call:textarea_field("ca_pem", "Trusted certificates (PEM)", "6", "full", "Leave empty to trust the system's certificate authorities.") ?>
  </div>
 </section>

 <div class="form-actions">
  <button type="submit" class="btn btn-primary">Save settings</button>
  <a class="btn btn-ghost" href="/auth/mail">Cancel</a>
 </div>
</form>
