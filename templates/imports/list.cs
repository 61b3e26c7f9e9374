<?cs
# imports/list.cs: GET <kind path> (lib/import.c, any import kind, e.g.
# /customers/imports): the upload form and the kind's imports, newest
# first. data.items.N: id, file_name, file_size, status, total_rows,
# ok_rows, error_rows, applied_rows, created_at, created_by_name.
# data.columns.N: name, label, required. page.import_path, page.import_label,
# page.max_upload_mb; errors.file when an upload was refused.
?><?cs include:"imports/status.cs" ?><?cs call:page_header_open(page.title) ?>
 <p class="page-meta muted">From a CSV file: the columns are matched to the fields, every row is checked and shown before anything is created.</p>
<?cs call:page_header_actions() ?><?cs call:button_link("Template CSV", page.import_path + "/template", "ghost", "download") ?><?cs call:page_header_close() ?>

<div class="form-stack">
<section class="card" aria-labelledby="upload-heading">
 <header class="card-header"><h2 id="upload-heading">Upload a file</h2></header>
 <form class="upload" method="post" action="<?cs var:page.import_path ?>" enctype="multipart/form-data">
  <?cs call:csrf_field() ?>
  <div class="form-grid">
<?cs if:page.scope_field ?>   <?cs call:select_open(page.scope_field, page.scope_label, "required full", "Each one's column mapping is remembered for its next file.") ?><option value="">Choose…</option><?cs each:s = data.scopes ?><?cs call:option(s.value, s.label, form[page.scope_field]) ?><?cs /each ?><?cs call:select_close(page.scope_field) ?>
<?cs /if ?>   <?cs call:field_open("file", errors.file, "required full") ?><?cs call:field_label("file", "CSV file", "required") ?><?cs
    call:field_hint("file", "Comma, semicolon, tab or pipe separated; UTF-8, UTF-16 or Windows-1252. Up to " + page.max_upload_mb + " MB and 200,000 rows. The first line names the columns.") ?><input class="input input-file" id="f-file" name="file" type="file" accept=".csv,.txt,.tsv,text/csv,text/plain" required<?cs
    call:field_describedby("file", errors.file, "1") ?>><?cs call:field_after("file", errors.file) ?>
  </div>
  <button type="submit" class="btn btn-primary btn-sm"><?cs call:icon("upload") ?><span>Upload and read</span></button>
 </form>
</section>
</div>

<?cs if:subcount(data.items) ?><div class="table-wrap table-wrap-stack import-list">
 <table class="table table-stack">
  <thead>
   <tr><th scope="col">File</th><th scope="col">Status</th><th scope="col">Rows</th><th scope="col">Imported</th><th scope="col">Uploaded</th></tr>
  </thead>
  <tbody>
<?cs each:i = data.items ?>   <tr>
    <td class="cell-primary cell-truncate" data-label="File"><a href="<?cs var:page.import_path ?>/<?cs var:i.id ?>"><?cs var:i.file_name ?></a><?cs if:i.scope_name ?><span class="sub"><?cs var:i.scope_name ?></span><?cs /if ?></td>
    <td data-label="Status"><?cs call:import_status(i.status) ?></td>
    <td data-label="Rows"><?cs var:i.total_rows ?><?cs if:#i.error_rows > 0 ?> <span class="muted">(<?cs var:i.error_rows ?> with problems)</span><?cs /if ?></td>
    <td data-label="Imported"><?cs if:#i.applied_rows > 0 ?><?cs var:i.applied_rows ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
    <td data-label="Uploaded" class="cell-nowrap muted"><?cs call:date(i.created_at) ?><?cs if:i.created_by_name ?> · <?cs var:i.created_by_name ?><?cs /if ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
</div>
<?cs else ?><?cs call:empty_state("upload", "No imports yet", "Upload a CSV file above, or start from the template.", "", "") ?>
<?cs /if ?>
