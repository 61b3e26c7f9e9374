<?cs
# documents/list.cs: GET /documents (everyone's, with the customer of
# each) and GET /customers/:id/documents (data.customer.{id,name,
# archived_at} and data.properties set; writers get the upload form, which
# POSTs multipart/form-data to /customers/:id/documents and comes back
# here with errors.file / errors.title / errors.property_id and form.*
# when refused, page.upload_failed = "1"). data.items.N: id, customer_id, customer_name, property_id,
# property_name, title, filename, content_type, size_bytes,
# user_name, archived_at, created_at. page.max_upload_mb: the size limit.
?><?cs if:data.customer.id ?><?cs set:base = "/customers/" + data.customer.id + "/documents" ?><?cs
 else ?><?cs set:base = "/documents" ?><?cs /if ?><?cs
 set:canedit = can.customers_write && data.customer.id && !data.customer.archived_at ?><?cs
 set:list.q = data.q ?><?cs set:list.property_id = data.property_id ?><?cs set:list.archived = data.archived ?><?cs
 set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.property_id || data.archived == "1" ?><?cs
 if:data.customer.id ?><?cs
  call:page_header_open("Documents") ?>
  <p class="page-meta">of <a href="/customers/<?cs var:data.customer.id ?>"><?cs var:data.customer.name ?></a><?cs
   if:data.customer.archived_at ?> <?cs call:badge("Archived customer", "amber") ?><?cs /if ?></p><?cs
  call:page_header_actions() ?><?cs
  call:page_header_close() ?><?cs
 else ?><?cs
  call:page_header("Documents", "", "") ?><?cs
 /if ?>

<div class="form-stack">
<?cs if:canedit ?><section class="card" aria-labelledby="upload-heading">
 <header class="card-header"><h2 id="upload-heading">Upload a document</h2></header>
<?cs if:page.upload_failed == "1" ?> <?cs call:error_summary() ?>
<?cs /if ?> <form class="upload" method="post" action="<?cs var:base ?>" enctype="multipart/form-data">
  <?cs call:csrf_field() ?>
  <div class="form-grid">
   <?cs call:field_open("file", errors.file, "required") ?><?cs call:field_label("file", "File", "required") ?><?cs
    if:page.max_upload_mb ?><?cs call:field_hint("file", "Up to " + page.max_upload_mb + " MB.") ?><?cs /if ?><input class="input input-file" id="f-file" name="file" type="file" required<?cs
    if:page.max_upload_mb ?><?cs call:field_describedby("file", errors.file, "1") ?><?cs else ?><?cs call:field_describedby("file", errors.file, "") ?><?cs /if ?>><?cs
   call:field_after("file", errors.file) ?>
   <?cs call:text_field("title", "Title", "text", "off", "", "Leave empty to use the file name.") ?>
<?cs if:subcount(data.properties) ?>   <?cs call:select_open("property_id", "Property", "", "") ?>
    <?cs call:option("", "— None —", form.property_id) ?>
<?cs each:p = data.properties ?>    <?cs call:option(p.id, p.name, form.property_id) ?>
<?cs /each ?>   <?cs call:select_close("property_id") ?>
<?cs /if ?>  </div>
  <button type="submit" class="btn btn-primary btn-sm"><?cs call:icon("upload") ?><span>Upload</span></button>
 </form>
</section>
<?cs /if ?>
<form class="filters" method="get" action="<?cs var:base ?>" role="search" aria-label="Filter documents" data-live-search>
<?cs call:list_search("Title or file name…") ?><?cs call:list_sort("Sort") ?><?cs if:data.property_id ?> <?cs call:hidden_field("property_id", data.property_id) ?>
<?cs /if ?><?cs call:list_filter_end(base) ?>
</form>
</div>
<?cs if:page.upload_failed != "1" ?><?cs call:list_errors(base) ?><?cs /if ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?>
<?cs call:results_bar("documents", base, "") ?> <div class="table-wrap">
 <table class="table table-stack">
  <thead>
   <tr>
    <?cs call:sort_header("Title", "title", data.sort, list) ?>
<?cs if:!data.customer.id ?>    <th scope="col">Customer</th>
<?cs /if ?>    <th scope="col">Property</th>
    <th scope="col">File</th>
    <th scope="col">Size</th>
    <?cs call:sort_header("Uploaded", "-created_at", data.sort, list) ?>
    <th scope="col"><span class="visually-hidden">Download</span></th>
   </tr>
  </thead>
  <tbody>
<?cs each:d = data.items ?>   <tr<?cs if:d.archived_at ?> class="is-archived"<?cs /if ?>>
    <td class="cell-primary" data-label="Title"><a href="/documents/<?cs var:d.id ?>"><?cs var:d.title ?></a><?cs
     if:d.archived_at ?> <?cs call:badge("Archived", "amber") ?><?cs /if ?></td>
<?cs if:!data.customer.id ?>    <td data-label="Customer"><a class="quiet" href="/customers/<?cs var:d.customer_id ?>"><?cs var:d.customer_name ?></a></td>
<?cs /if ?>    <td data-label="Property"><?cs if:d.property_id ?><a class="quiet" href="/properties/<?cs var:d.property_id ?>"><?cs var:d.property_name ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></td>
    <td data-label="File" class="cell-truncate"><?cs var:d.filename ?></td>
    <td data-label="Size" class="cell-nowrap"><?cs call:filesize(d.size_bytes) ?></td>
    <td data-label="Uploaded" class="cell-nowrap muted"><?cs call:date(d.created_at) ?><?cs if:d.user_name ?> · <?cs var:d.user_name ?><?cs /if ?></td>
    <td class="cell-nowrap"><a class="btn btn-ghost btn-sm" href="/documents/<?cs var:d.id ?>/download"><?cs call:icon("download") ?><span>Download<span class="visually-hidden"> <?cs var:d.title ?></span></span></a></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?><?cs # the notice above says why there is no list ?>
<?cs elif:filtered ?>
 <?cs call:empty_state("search", "No documents match", "Try another title or file name, or clear the search.", "", "") ?>
 <p class="empty-after"><a class="btn btn-sm" href="<?cs var:base ?>">Clear filters</a></p>
<?cs elif:string.find(req.uri, "after=") >= 0 ?>
 <?cs call:empty_state("inbox", "No more documents", "You have reached the end of the list.", "", "") ?>
 <p class="empty-after"><a class="btn btn-sm" href="<?cs var:base ?>?<?cs call:query_string(list, "") ?>">First page</a></p>
<?cs elif:data.customer.id ?>
 <?cs call:empty_state("file", "No documents yet", "Proposals, contracts, floor plans and photos for this customer.", "", "") ?>
<?cs else ?>
 <?cs call:empty_state("file", "No documents yet", "Documents are uploaded on each customer's page.", "", "") ?>
<?cs /if ?>
</div>
