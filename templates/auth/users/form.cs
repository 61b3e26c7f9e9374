<?cs
# auth/users/form.cs: new user (POST /auth/users) or, when data.id is set,
# edit (POST /auth/users/:id, _method=PATCH, version). form.* values,
# errors.* messages, data.roles the role names; page.conflict = "1" when
# the save was refused because the user changed meanwhile (data.* = saved).
?><?cs if:data.id ?><?cs set:editing = 1 ?><?cs call:page_header("Edit " + data.name, "", "") ?><?cs
 else ?><?cs set:editing = 0 ?><?cs call:page_header("New user", "", "") ?><?cs /if ?>

<?cs if:page.conflict == "1" ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Someone else changed this user while you were editing</p>
 <p>Your changes have not been saved yet. Fields that differ show the value saved now<?cs if:data.updated_at ?> (saved <?cs call:datetime(data.updated_at) ?>)<?cs /if ?>. Check them, then save again to keep your version.</p>
</div></div>
<?cs /if ?><?cs call:error_summary() ?>

<form class="form" method="post" action="<?cs if:editing ?>/auth/users/<?cs var:data.id ?><?cs else ?>/auth/users<?cs /if ?>" novalidate>
 <?cs call:csrf_field() ?>
<?cs if:editing ?> <?cs call:method_field("PATCH") ?>
 <?cs if:page.conflict == "1" || !form.version ?><?cs call:hidden_field("version", data.version) ?><?cs else ?><?cs call:hidden_field("version", form.version) ?><?cs /if ?>
<?cs /if ?>
 <section class="form-section">
  <div class="form-section-head">
   <h2>User</h2>
<?cs if:editing ?>   <p class="muted">A new role applies from their next request. Deactivating signs them out everywhere at once.</p>
<?cs else ?>   <p class="muted">Invite them by mail to choose their own password, or let Hearth make a temporary password that it shows you once; they then choose their own at their first sign-in.</p>
<?cs /if ?>  </div>
<?cs if:editing ?>  <dl class="facts"><?cs call:dl_item("Email", data.email) ?></dl>
<?cs /if ?>
  <div class="form-grid">
<?cs if:!editing ?>   <?cs call:text_field("email", "Email", "email", "off", "required autofocus", "They sign in with it.") ?>
<?cs /if ?>   <?cs if:editing ?><?cs call:text_field("name", "Name", "text", "off", "required autofocus", "") ?><?cs
 else ?><?cs call:text_field("name", "Name", "text", "off", "required", "") ?><?cs /if ?>
   <?cs call:select_open("role", "Role", "required", "What they may see and do (Roles lists each role's permissions).") ?>
<?cs each:rn = data.roles ?>    <?cs call:option(rn, rn, form.role) ?>
<?cs /each ?>   <?cs call:select_close("role") ?>
<?cs if:editing ?>   <?cs call:checkbox_field("active", "Active (may sign in)", "full", "") ?>
<?cs else ?>   <?cs call:checkbox_field("invite", "Email them an invitation", "full", "They get a link to choose their own password (one use, 3 days). Off: Hearth shows you a temporary password to give them.") ?>
<?cs /if ?>  </div>
 </section>

 <div class="form-actions">
  <button type="submit" class="btn btn-primary"><?cs if:editing ?>Save changes<?cs else ?>Create user<?cs /if ?></button>
  <a class="btn btn-ghost" href="<?cs if:editing ?>/auth/users/<?cs var:data.id ?><?cs else ?>/auth/users<?cs /if ?>">Cancel</a>
 </div>
</form>
