<?cs
# documents/show.cs: GET /documents/:id. data.* is the document
# (customer_id, property_id, title, filename, content_type, size_bytes,
# sha256, user_id, archived_at, version, created_at,
# updated_at) plus customer_name, property_name and user_name (who
# uploaded it). Writers get the title form (documents/form.cs, form.title).
?><?cs set:canedit = can.customers_write && !data.archived_at ?><?cs
 call:page_header_open(data.title) ?>
 <div class="page-meta">
<?cs if:data.archived_at ?>  <?cs call:badge("Archived", "amber") ?>
<?cs /if ?>  <span class="muted"><?cs var:data.filename ?> · <?cs call:filesize(data.size_bytes) ?> · <a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></span>
 </div>
<?cs call:page_header_actions() ?><?cs
 call:button_link("Download", "/documents/" + data.id + "/download", "primary", "download") ?><?cs
 if:canedit ?><?cs
  call:post_button("/documents/" + data.id, "DELETE", "Archive", "danger", "archive", "Archive this document? It leaves the lists; the file and its history stay, and you can restore it later.") ?><?cs
 elif:can.customers_write ?><?cs
  call:post_button("/documents/" + data.id + "/restore", "", "Restore", "secondary", "restore", "") ?><?cs
 /if ?><?cs
 call:page_header_close() ?>

<?cs if:data.archived_at ?><div class="notice notice-warning" role="status"><?cs call:icon("archive") ?><div><p class="notice-title">Archived on <?cs call:date(data.archived_at) ?></p><p>This document is hidden from lists. It can still be downloaded from here.<?cs if:can.customers_write ?> Restore it to list it again.<?cs /if ?></p></div></div>
<?cs /if ?>
<div class="detail-grid">
<div class="detail-main">
<?cs call:card_open("File", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>File name</dt><dd><?cs var:data.filename ?></dd>
   <dt>Type</dt><dd><?cs var:data.content_type ?></dd>
   <dt>Size</dt><dd><?cs call:filesize(data.size_bytes) ?> <span class="muted">(<?cs var:data.size_bytes ?> bytes)</span></dd>
   <dt>SHA-256</dt><dd><code class="cell-truncate" title="<?cs var:data.sha256 ?>"><?cs var:data.sha256 ?></code></dd>
  </dl>
  <p><a class="btn btn-sm" href="/documents/<?cs var:data.id ?>/download"><?cs call:icon("download") ?><span>Download <?cs var:data.filename ?></span></a></p>
 </div>
<?cs call:card_close() ?>
<?cs if:canedit ?><?cs include:"documents/form.cs" ?><?cs /if ?>
</div>

<aside class="detail-side">
<?cs call:card_open("Details", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Customer</dt><dd><a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></dd>
   <dt>Property</dt><dd><?cs if:data.property_id ?><a href="/properties/<?cs var:data.property_id ?>"><?cs var:data.property_name ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <?cs call:dl_item("Uploaded by", data.user_name) ?>
   <dt>Uploaded</dt><dd><?cs call:datetime(data.created_at) ?></dd>
<?cs if:data.updated_at != data.created_at ?>   <dt>Last updated</dt><dd><?cs call:datetime(data.updated_at) ?></dd>
<?cs /if ?>  </dl>
 </div>
 <footer class="card-footer"><a href="/customers/<?cs var:data.customer_id ?>/documents">All documents of <?cs var:data.customer_name ?><?cs call:icon("chevron-right") ?></a></footer>
<?cs call:card_close() ?>
</aside>
</div>
