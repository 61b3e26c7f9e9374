<?cs
# auth/profile.cs: GET /auth/profile (and a refused PATCH). data.* is the
# signed-in user (id, email, name, role, version, created_at, updated_at)
# and data.permissions; form.name, form.version; errors.*; page.conflict.
?><?cs call:page_header_open("Your profile") ?>
 <div class="page-meta"><?cs call:badge(data.role, "neutral") ?><span class="muted"><?cs var:data.email ?></span></div>
<?cs call:page_header_actions() ?><?cs
 call:button_link("Change password", "/auth/password", "secondary", "key") ?><?cs
 call:button_link("Your sessions", "/auth/sessions", "ghost", "clock") ?><?cs
 call:page_header_close() ?>

<?cs if:page.conflict == "1" ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Your profile changed meanwhile (another tab or an administrator)</p>
 <p>Your change has not been saved yet. Check the name, then save again to keep yours.</p>
</div></div>
<?cs /if ?><?cs call:error_summary() ?>

<div class="detail-grid">
<div class="detail-main">
<?cs call:card_open("Name", "", "", "") ?>
 <div class="card-body">
  <form class="form-stack" method="post" action="/auth/profile" novalidate>
   <?cs call:csrf_field() ?>
   <?cs call:method_field("PATCH") ?>
   <?cs if:page.conflict == "1" || !form.version ?><?cs call:hidden_field("version", data.version) ?><?cs else ?><?cs call:hidden_field("version", form.version) ?><?cs /if ?>
   <?cs call:text_field("name", "Name", "text", "name", "required", "How colleagues see you in Hearth.") ?>
   <button type="submit" class="btn btn-primary">Save name</button>
  </form>
 </div>
<?cs call:card_close() ?>
</div>

<div class="detail-side">
<?cs call:card_open("Account", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <?cs call:dl_item("Email", data.email) ?>
   <?cs call:dl_item("Role", data.role) ?>
   <dt>Member since</dt><dd><?cs call:date(data.created_at) ?></dd>
  </dl>
  <p class="muted">Your email and role are set by an administrator.</p>
  <h3 class="subhead">What your role may do</h3>
<?cs if:subcount(data.permissions) ?>  <ul class="tags"><?cs each:p = data.permissions ?><li><?cs call:badge(p, "neutral") ?></li><?cs /each ?></ul>
<?cs else ?>  <p class="muted">Nothing yet: ask an administrator.</p>
<?cs /if ?> </div>
<?cs call:card_close() ?>
</div>
</div>
