<?cs
# auth/twofactor.cs: GET /auth/2fa, and the page again after a refused
# POST /auth/2fa/{confirm,recovery-codes,disable}. data.enabled and
# data.required are "1"/"0". On: data.enabled_at, data.recovery_codes_left,
# data.remembered_devices. Off: the pending key to enrol with,
# data.qr_svg (the QR code of data.otpauth_uri, made by lib/qr.c),
# data.secret_groups (the key in groups of 4), data.account, data.issuer,
# data.digits, data.period. data.error: a general message; errors.code,
# errors.totp, errors.password: messages by their fields.
?><?cs call:page_header_open("Two-factor sign-in") ?>
 <div class="page-meta"><?cs
 if:data.enabled == "1" ?><?cs call:badge("On", "green") ?> <span class="muted">since <?cs call:date(data.enabled_at) ?></span><?cs
 else ?><?cs call:badge("Off", "neutral") ?><?cs /if ?><?cs
 if:data.required == "1" ?> <?cs call:badge("Required for your role", "amber") ?><?cs /if ?></div>
 <p class="page-meta muted"><?cs if:data.enabled == "1" ?>Signing in asks for your password and then a code from your authenticator app.<?cs
 else ?>With two-factor sign-in, signing in asks for your password and then a 6-digit code from an app on your phone (Google Authenticator, Microsoft Authenticator, 1Password, Aegis, …): a stolen password alone is not enough.<?cs /if ?></p>
<?cs call:page_header_actions() ?><?cs
 if:can.auth_admin ?><?cs call:button_link("Policy for roles", "/auth/2fa/policy", "secondary", "users") ?><?cs /if ?><?cs
 call:page_header_close() ?>

<?cs if:data.error ?><div class="notice notice-error" role="alert"><?cs call:icon("alert") ?><div><p><?cs var:data.error ?></p></div></div>
<?cs /if ?><?cs call:error_summary() ?>
<?cs if:data.enabled == "1" ?>
<div class="detail-grid">
<div class="detail-main">
<?cs call:card_open("Recovery codes", "", "", "") ?>
 <div class="card-body">
  <p><strong><?cs var:data.recovery_codes_left ?></strong> of 10 recovery codes left. Each one works once instead of a code from your app, if you lose your phone.</p>
<?cs if:data.recovery_codes_left <= 3 ?>  <div class="notice notice-warning" role="status"><?cs call:icon("alert") ?><div><p>Few codes are left: make new ones.</p></div></div>
<?cs /if ?>  <form method="post" action="/auth/2fa/recovery-codes" class="form-stack">
   <?cs call:csrf_field() ?>
   <?cs call:input_field("code", "Code from your app", "text", "", errors.code, "one-time-code", "required", "New codes replace the old ones, which stop working.") ?>
   <div><button type="submit" class="btn"><?cs call:icon("key") ?><span>Make new recovery codes</span></button></div>
  </form>
 </div>
<?cs call:card_close() ?>
<?cs call:card_open("Turn off two-factor sign-in", "", "", "") ?>
 <div class="card-body">
<?cs if:data.required == "1" ?>  <p class="muted">Your role requires two-factor sign-in, so it cannot be turned off. An administrator sets this on the two-factor policy page.</p>
<?cs else ?>  <p>Sign-in will ask for your password only. Your recovery codes and remembered browsers are deleted.</p>
  <form method="post" action="/auth/2fa/disable" class="form-stack" data-confirm="Turn off two-factor sign-in? Your account is then protected by your password only.">
   <?cs call:csrf_field() ?>
   <?cs call:input_field("password", "Your password", "password", "", errors.password, "current-password", "required", "") ?>
   <?cs call:input_field("totp", "Code from your app, or a recovery code", "text", "", errors.totp, "one-time-code", "required", "") ?>
   <div><button type="submit" class="btn btn-danger"><?cs call:icon("ban") ?><span>Turn off</span></button></div>
  </form>
<?cs /if ?> </div>
<?cs call:card_close() ?>
</div>
<div class="detail-side">
<?cs call:card_open("Remembered browsers", "", "", "") ?>
 <div class="card-body">
  <p><?cs if:data.remembered_devices == 0 ?>No browser skips the code step.<?cs
   elif:data.remembered_devices == 1 ?>1 browser skips the code step for 30 days after you ticked “Remember this browser”.<?cs
   else ?><?cs var:data.remembered_devices ?> browsers skip the code step for 30 days after you ticked “Remember this browser”.<?cs /if ?></p>
<?cs if:data.remembered_devices > 0 ?>  <div><?cs call:post_button("/auth/2fa/forget-devices", "", "Forget all browsers", "secondary sm", "x", "") ?></div>
<?cs /if ?>  <p class="muted">Changing your password forgets them too.</p>
 </div>
<?cs call:card_close() ?>
</div>
</div>
<?cs else ?><?cs if:data.required == "1" ?><div class="notice notice-warning" role="status"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Your role requires two-factor sign-in</p>
 <p>Set it up now to go on using Hearth: it takes a minute.</p>
</div></div>
<?cs /if ?><form class="form" method="post" action="/auth/2fa/confirm" novalidate>
 <?cs call:csrf_field() ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>1. Scan the QR code</h2>
   <p class="muted">In your authenticator app, add an account and scan this code with the phone's camera.</p>
  </div>
  <div class="form-stack">
   <figure class="qr-code"><?cs
   # uvar: the one unescaped output in Hearth's templates. data.qr_svg is
   # made by lib/qr.c from libqrencode's module grid: fixed markup and
   # numbers only; the otpauth URI (and the email in it) is inside the
   # modules, never in the markup as text. tests/unit/test_totp.c checks it.
   ?><?cs uvar:data.qr_svg ?></figure>
   <p>Can’t scan it? Choose “enter a setup key” in the app and type this key:</p>
   <p><code class="totp-key" id="totp-key"><?cs var:data.secret_groups ?></code></p>
   <dl class="facts">
    <?cs call:dl_item("Account", data.account) ?>
    <?cs call:dl_item("Issuer", data.issuer) ?>
    <dt>Type</dt><dd>Time-based, <?cs var:data.digits ?> digits, every <?cs var:data.period ?> s</dd>
   </dl>
  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head">
   <h2>2. Type the code</h2>
   <p class="muted">The app now shows a <?cs var:data.digits ?>-digit code for Hearth that changes every <?cs var:data.period ?> seconds.</p>
  </div>
  <div class="form-grid">
   <?cs call:input_field("code", "Code from the app", "text", "", errors.code, "one-time-code", "required autofocus", "") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs call:icon("check") ?><span>Turn on two-factor sign-in</span></button>
 </div>
</form>
<?cs /if ?>
