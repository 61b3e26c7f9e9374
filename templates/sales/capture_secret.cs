<?cs
# sales/capture_secret.cs: POST /sales/forms/:id/secret. data.form, data.secret (shown this once).
?><?cs call:page_header("Secret of " + data.form.name, "", "") ?>
<div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Copy this secret now: it is not shown again</p>
 <p>Keep it on your website's server only (never in a page's HTML). The previous secret no longer works.</p>
</div></div>
<section class="card"><div class="card-body">
 <p><label for="secret">Secret</label></p>
 <p><input class="input" id="secret" type="text" readonly value="<?cs var:data.secret ?>"></p>
 <p><a class="btn btn-secondary" href="/sales/forms/<?cs var:data.form.id ?>">Back to the form</a></p>
</div></section>
