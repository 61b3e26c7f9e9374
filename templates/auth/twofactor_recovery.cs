<?cs
# auth/twofactor_recovery.cs: the answer to POST /auth/2fa/confirm (two-
# factor just turned on: data.just_enabled = "1") and POST
# /auth/2fa/recovery-codes: data.recovery_codes, ten one-time codes shown
# this once (only their hashes are kept).
?><?cs call:page_header("Save your recovery codes", "", "") ?>
<?cs if:data.just_enabled == "1" ?><div class="notice notice-info" role="status"><?cs call:icon("check") ?><div>
 <p class="notice-title">Two-factor sign-in is on</p>
 <p>From now on, signing in asks for your password and then a code from your app.</p>
</div></div>
<?cs /if ?><div class="notice notice-warning" role="alert"><?cs call:icon("key") ?><div>
 <p class="notice-title">These codes are shown only now</p>
 <p>Keep them somewhere safe, such as your password manager or on paper. If you lose your phone, each code signs you in once instead of a code from the app.<?cs if:data.just_enabled != "1" ?> Your earlier codes no longer work.<?cs /if ?></p>
</div></div>
<?cs call:card_open("Recovery codes", subcount(data.recovery_codes), "", "") ?>
 <div class="card-body">
  <ol class="quick recovery-codes" id="recovery-codes">
<?cs each:c = data.recovery_codes ?>   <li><code><?cs var:c ?></code></li>
<?cs /each ?>  </ol>
 </div>
 <footer class="card-footer"><?cs call:button_link("I have saved them", "/auth/2fa", "primary", "check") ?></footer>
<?cs call:card_close() ?>
