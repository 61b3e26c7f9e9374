<?cs
# auth/roles_show.cs: GET /auth/roles/:name, one role and the form that
# sets its level per family (PATCH via _method). data.* is the role (name,
# description, version, updated_at, active_users, levels.<family>) plus
# data.families (name, label); form.<family> the chosen levels, form.version;
# page.conflict = "1" when someone saved the role meanwhile.
?><?cs call:page_header_open("Role: " + data.name) ?>
 <div class="page-meta"><span class="muted"><?cs var:data.active_users ?> active user<?cs if:data.active_users != 1 ?>s<?cs /if ?> · version <?cs var:data.version ?> · changed <?cs call:datetime(data.updated_at) ?></span></div>
<?cs call:page_header_actions() ?><?cs
 call:button_link("All roles", "/auth/roles", "secondary", "") ?><?cs
 call:button_link("History", "/auth/audit?entity=role", "ghost", "clock") ?><?cs
 call:page_header_close() ?>

<?cs if:page.conflict == "1" ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Someone else changed this role while you were editing</p>
 <p>Your changes have not been saved. The form shows what you chose; fields that differ show the level saved now. Save again to keep your version.</p>
</div></div>
<?cs /if ?><?cs call:error_summary() ?>

<form class="form" method="post" action="/auth/roles/<?cs var:url_escape(data.name) ?>" novalidate>
 <?cs call:csrf_field() ?>
 <?cs call:method_field("PATCH") ?>
 <?cs if:page.conflict == "1" || !form.version ?><?cs call:hidden_field("version", data.version) ?><?cs else ?><?cs call:hidden_field("version", form.version) ?><?cs /if ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>Permissions</h2>
   <p class="muted">None: the part is hidden. Read: see everything in it. Write: also create and change. Admin: also its settings.</p>
  </div>
  <div class="form-grid">
<?cs each:f = data.families ?><?cs
 if:data.name == "admin" && f.name == "auth" ?><?cs
  call:select_open(f.name, f.label, "disabled", "The admin role always keeps admin here: someone must manage users, roles and the audit log.") ?><?cs
 else ?><?cs call:select_open(f.name, f.label, "", "") ?><?cs /if ?>
    <?cs call:option("none", "None", form[f.name]) ?>
    <?cs call:option("read", "Read", form[f.name]) ?>
    <?cs call:option("write", "Write", form[f.name]) ?>
    <?cs call:option("admin", "Admin", form[f.name]) ?>
   <?cs call:select_close(f.name) ?>
<?cs /each ?>  </div>
 </section>
 <section class="form-section">
  <div class="form-section-head">
   <h2>Description</h2>
  </div>
  <div class="form-grid">
   <?cs call:text_field("description", "Description", "text", "off", "full", "") ?>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs call:icon("check") ?><span>Save role</span></button>
  <a class="btn btn-ghost" href="/auth/roles">Cancel</a>
 </div>
</form>
