<?cs
# documents/form.cs: the title of a document (PATCH /documents/:id as
# POST with _method=PATCH and version). Included by documents/show.cs;
# shown on its own when a save is refused (422: errors.title; 409:
# page.conflict = "1", data.* = the saved document, form.* = what was
# sent). Only the title can change: the file is what it is.
?><?cs if:page.template == "documents/form.cs" ?><?cs
 call:page_header("Edit " + data.title, "", "") ?>
<p class="page-meta muted"><?cs var:data.filename ?> · <a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></p>
<?cs call:conflict_notice("document") ?><?cs call:error_summary() ?><?cs
/if ?><section class="card" aria-labelledby="doc-title-heading">
 <header class="card-header"><h2 id="doc-title-heading">Edit title</h2></header>
 <form class="card-body form-stack" method="post" action="/documents/<?cs var:data.id ?>" novalidate>
  <?cs set:editing = 1 ?><?cs call:form_fields() ?>
  <?cs call:text_field("title", "Title", "text", "off", "required", "What people look for, e.g. Signed proposal, Rack elevation.") ?>
  <p><button type="submit" class="btn btn-primary btn-sm">Save title</button><?cs
   if:page.template == "documents/form.cs" ?> <a class="btn btn-ghost btn-sm" href="/documents/<?cs var:data.id ?>">Cancel</a><?cs /if ?></p>
 </form>
</section>
