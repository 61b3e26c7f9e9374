<?cs
# documents/form.cs: the title of a document (PATCH /documents/:id as
# POST with _method=PATCH and version). Included by documents/show.cs;
# shown on its own when a save is refused (422: errors.title; 409:
# page.conflict = "1", data.* = the saved document, form.* = what was
# sent). Only the title can change: the file is what it is.
?><?cs if:page.template == "documents/form.cs" ?><?cs
 call:page_header("Edit " + data.title, "", "") ?>
<p class="page-meta muted"><?cs var:data.filename ?> · <a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></p>
<?cs if:page.conflict == "1" ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Someone else changed this document while you were editing</p>
 <p>Your change has not been saved yet. The title saved now<?cs if:data.updated_at ?> (<?cs call:datetime(data.updated_at) ?>)<?cs /if ?> is shown under the field. Save again to keep yours.</p>
</div></div>
<?cs /if ?><?cs call:error_summary() ?><?cs
/if ?><section class="card" aria-labelledby="doc-title-heading">
 <header class="card-header"><h2 id="doc-title-heading">Edit title</h2></header>
 <form class="card-body form-stack" method="post" action="/documents/<?cs var:data.id ?>" novalidate>
  <?cs call:csrf_field() ?>
  <?cs call:method_field("PATCH") ?>
  <?cs if:page.conflict == "1" || !form.version ?><?cs call:hidden_field("version", data.version) ?><?cs else ?><?cs call:hidden_field("version", form.version) ?><?cs /if ?>
  <?cs call:text_field("title", "Title", "text", "off", "required", "What people look for, e.g. Signed proposal, Rack elevation.") ?>
  <p><button type="submit" class="btn btn-primary btn-sm">Save title</button><?cs
   if:page.template == "documents/form.cs" ?> <a class="btn btn-ghost btn-sm" href="/documents/<?cs var:data.id ?>">Cancel</a><?cs /if ?></p>
 </form>
</section>
