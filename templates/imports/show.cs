<?cs
# imports/show.cs: GET <kind path>/:id (lib/import.c). data.import: the
# import (status uploaded → previewed → applying → applied | failed |
# cancelled | undone, counts, encoding, delimiter, version, undo_until,
# error, undone_rows, undo_note); data.file_columns.N: index, header, samples.N, field (what it
# maps to); data.columns.N: name, label, required; data.encodings.N:
# value, label; data.delimiter_name. Once previewed: data.rows.N:
# line_no, status, shown.N (the kind's preview columns, labels in
# data.preview_labels.N), problems.N.{label, message}; data.show
# (problems|all), data.next (the line after which the next page starts).
# data.percent while applying or undoing (page.refresh reloads the page).
?><?cs include:"imports/status.cs" ?><?cs
set:base = page.import_path + "/" + data.import.id ?><?cs
call:page_header_open(page.title) ?>
 <p class="page-meta"><?cs call:import_status(data.import.status) ?><?cs if:data.scope_name ?> <span class="badge badge-neutral"><?cs var:page.scope_label ?>: <?cs var:data.scope_name ?></span><?cs /if ?> <span class="muted"><?cs var:data.import.total_rows ?> rows · <?cs call:filesize(data.import.file_size) ?> · uploaded <?cs call:date(data.import.created_at) ?></span></p>
<?cs call:page_header_actions() ?><?cs
 if:data.import.status == "uploaded" || data.import.status == "previewed" ?><?cs call:post_button(base + "/cancel", "POST", "Cancel import", "danger", "x", "Cancel this import? Nothing has been created.") ?><?cs /if ?><?cs
call:page_header_close() ?>
<div class="import-page">
<?cs if:data.import.status == "applying" || data.import.status == "undoing" ?><section class="card import-progress" aria-labelledby="progress-heading">
 <header class="card-header"><h2 id="progress-heading"><?cs if:data.import.status == "undoing" ?>Undoing…<?cs else ?>Importing…<?cs /if ?></h2></header>
 <div class="card-body">
  <progress max="100" value="<?cs var:data.percent ?>" aria-labelledby="progress-heading"><?cs var:data.percent ?>%</progress>
  <p><?cs if:data.import.status == "undoing" ?><?cs var:data.import.undone_rows ?> of <?cs var:data.import.applied_rows ?> removed<?cs
   else ?><?cs var:data.import.applied_rows ?> of <?cs var:data.import.to_apply ?> rows<?cs /if ?> (<?cs var:data.percent ?>%). This page refreshes by itself; you can leave it, the work goes on.</p>
 </div>
</section>
<?cs elif:data.import.status == "applied" ?><div class="notice notice-success" role="status"><?cs call:icon("check") ?><div>
 <p class="notice-title"><?cs var:data.import.applied_rows ?> <?cs var:page.import_label ?> imported.</p>
 <p><?cs call:datetime(data.import.applied_at) ?>. <a href="<?cs var:page.done_path ?>">See them</a><?cs if:page.result_link ?> · <a href="<?cs var:base ?>/<?cs var:page.result_link ?>"><?cs var:page.result_label ?></a><?cs /if ?>.<?cs if:data.can_undo == "1" && data.import.undo_until ?> You can undo this import until <?cs call:datetime(data.import.undo_until) ?>, as long as nobody changed what it created.<?cs /if ?></p>
</div></div>
<?cs elif:data.import.status == "failed" ?><div class="notice notice-error" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">The import stopped.</p><p><?cs var:data.import.error ?></p>
</div></div>
<?cs elif:data.import.status == "cancelled" ?><div class="notice notice-info" role="status"><?cs call:icon("info") ?><div><p class="notice-title">Cancelled: nothing was created.</p></div></div>
<?cs elif:data.import.status == "undone" ?><div class="notice notice-info" role="status"><?cs call:icon("info") ?><div><p class="notice-title">Undone <?cs call:datetime(data.import.undone_at) ?>: the <?cs var:data.import.undone_rows ?> <?cs var:page.import_label ?> this import created were removed.</p><?cs if:data.import.undo_note ?><p><?cs var:data.import.undo_note ?></p><?cs /if ?></div></div>
<?cs /if ?>
<?cs if:(data.import.status == "applied" || data.import.status == "failed") && data.can_undo == "1" && data.import.undo_until && #data.import.applied_rows > 0 ?><div class="import-undo"><?cs
 call:post_button(base + "/undo", "POST", "Undo this import", "danger sm", "restore", "Remove every record this import created?") ?></div>
<?cs /if ?>

<?cs if:data.import.status == "previewed" ?><section class="card" aria-labelledby="summary-heading">
 <header class="card-header"><h2 id="summary-heading">Ready to import</h2></header>
 <div class="card-body">
  <ul class="import-counts">
   <li><strong><?cs var:data.import.ok_rows ?></strong> rows ready</li>
   <li<?cs if:#data.import.error_rows > 0 ?> class="has-problems"<?cs /if ?>><strong><?cs var:data.import.error_rows ?></strong> with problems (not imported)</li>
   <li><strong><?cs var:data.import.duplicate_rows ?></strong> possible duplicates</li>
  </ul>
  <?cs if:#data.import.error_rows > 0 || #data.import.duplicate_rows > 0 ?><p><a href="<?cs var:base ?>/errors" download><?cs call:icon("download") ?> Download the rows with problems</a> <span class="muted">(your columns, the line and what is wrong: fix them and upload that file).</span></p><?cs /if ?>
  <form method="post" action="<?cs var:base ?>/apply" class="import-apply">
   <?cs call:csrf_field() ?><?cs call:hidden_field("version", data.import.version) ?>
<?cs if:#data.import.duplicate_rows > 0 ?>   <fieldset class="field">
    <legend>Possible duplicates (<?cs if:page.duplicate_note ?><?cs var:page.duplicate_note ?><?cs else ?>an email already a customer's, or an earlier row's<?cs /if ?>)</legend>
    <div class="check"><input type="radio" id="f-dup-skip" name="duplicates" value="skip"<?cs if:data.import.duplicates != "import" ?> checked<?cs /if ?>><label for="f-dup-skip">Skip them</label></div>
    <div class="check"><input type="radio" id="f-dup-import" name="duplicates" value="import"<?cs if:data.import.duplicates == "import" ?> checked<?cs /if ?>><label for="f-dup-import">Import them anyway</label></div>
   </fieldset>
<?cs /if ?>   <button type="submit" class="btn btn-primary"><?cs call:icon("check") ?><span>Import <?cs if:#data.import.duplicate_rows == 0 ?><?cs var:data.import.ok_rows ?> <?cs /if ?><?cs var:page.import_label ?></span></button>
  </form>
 </div>
</section>
<?cs /if ?>

<?cs if:data.import.status == "uploaded" || data.import.status == "previewed" ?><?cs
 if:data.import.status == "previewed" && !subcount(errors) ?><details class="card import-mapping-more"><summary class="card-header"><h2>Columns and encoding</h2></summary><?cs
 else ?><section class="card" aria-labelledby="mapping-heading"><header class="card-header"><h2 id="mapping-heading">Check the columns</h2></header><?cs /if ?>
 <form method="post" action="<?cs var:base ?>" class="import-mapping">
  <?cs call:csrf_field() ?><?cs call:hidden_field("version", data.import.version) ?>
<?cs if:subcount(errors) ?>  <div class="notice notice-error" role="alert" id="error-summary" tabindex="-1"><?cs call:icon("alert") ?><div><p class="notice-title">Please fix these first</p><ul><?cs
   each:e = errors ?><li><?cs var:e ?></li><?cs /each ?></ul></div></div>
<?cs /if ?>  <div class="form-grid">
   <?cs call:field_open("encoding", errors.encoding, "") ?><?cs call:field_label("encoding", "Encoding", "") ?><?cs
    if:data.import.detected_encoding == "windows-1252" ?><?cs call:field_hint("encoding", "Not UTF-8: Windows-1252 is a guess. If accents look wrong below, try ISO-8859-1.") ?><?cs
    else ?><?cs call:field_hint("encoding", "Detected: " + data.import.detected_encoding + ".") ?><?cs /if ?><span class="select"><select class="input" id="f-encoding" name="encoding"<?cs call:field_describedby("encoding", errors.encoding, "1") ?>><?cs
    each:o = data.encodings ?><?cs call:option(o.value, o.label, data.import.encoding) ?><?cs /each ?></select></span><?cs call:field_after("encoding", errors.encoding) ?>
   <?cs call:field_open("delimiter", errors.delimiter, "") ?><?cs call:field_label("delimiter", "Delimiter", "") ?><span class="select"><select class="input" id="f-delimiter" name="delimiter"><?cs
    call:option("comma", "Comma ,", data.delimiter_name) ?><?cs call:option("semicolon", "Semicolon ;", data.delimiter_name) ?><?cs
    call:option("tab", "Tab", data.delimiter_name) ?><?cs call:option("pipe", "Pipe |", data.delimiter_name) ?></select></span><?cs call:field_after("delimiter", errors.delimiter) ?>
  </div>
  <p class="field-hint">Another encoding or delimiter reads the file again; then check the columns.</p>
  <div class="table-wrap table-wrap-stack">
  <table class="table table-stack import-columns">
   <thead><tr><th scope="col">Column in the file</th><th scope="col">First values</th><th scope="col">Import as</th></tr></thead>
   <tbody>
<?cs each:fc = data.file_columns ?><?cs set:fname = "col_" + fc.index ?>    <tr<?cs if:errors[fname] ?> class="has-error"<?cs /if ?>>
     <td class="cell-primary" data-label="Column"><?cs var:fc.header ?></td>
     <td data-label="Values" class="muted import-samples"><?cs each:v = fc.samples ?><?cs if:v ?><span><?cs var:v ?></span><?cs /if ?><?cs /each ?></td>
     <td data-label="Import as"><label class="visually-hidden" for="f-<?cs var:fname ?>">Import “<?cs var:fc.header ?>” as</label><span class="select"><select class="input" id="f-<?cs var:fname ?>" name="<?cs var:fname ?>"<?cs if:errors[fname] ?> aria-invalid="true" aria-describedby="f-<?cs var:fname ?>-error"<?cs /if ?>><?cs
      call:option("", "— Skip —", fc.field) ?><?cs each:c = data.columns ?><?cs if:c.required == "1" ?><?cs call:option(c.name, c.label + " *", fc.field) ?><?cs else ?><?cs call:option(c.name, c.label, fc.field) ?><?cs /if ?><?cs /each ?></select></span><?cs
      if:errors[fname] ?><p class="field-error" id="f-<?cs var:fname ?>-error"><?cs call:icon("alert") ?><span><?cs var:errors[fname] ?></span></p><?cs /if ?></td>
    </tr>
<?cs /each ?>   </tbody>
  </table>
  </div>
  <p class="field-hint">* required. The next file with the same column names is matched the same way.</p>
  <div class="form-actions"><button type="submit" class="btn btn-primary"><?cs call:icon("search") ?><span><?cs if:data.import.status == "previewed" ?>Check every row again<?cs else ?>Check every row<?cs /if ?></span></button></div>
 </form>
<?cs if:data.import.status == "previewed" && !subcount(errors) ?></details><?cs else ?></section><?cs /if ?>
<?cs /if ?>

<?cs if:subcount(data.rows) || data.show ?><section class="card" aria-labelledby="rows-heading">
 <header class="card-header"><h2 id="rows-heading">Rows</h2>
  <nav class="import-tabs" aria-label="Which rows"><?cs
   if:data.show == "all" ?><a href="<?cs var:base ?>?show=problems">With problems</a> <span aria-current="page">All</span><?cs
   else ?><span aria-current="page">With problems</span> <a href="<?cs var:base ?>?show=all">All</a><?cs /if ?></nav>
 </header>
<?cs if:subcount(data.rows) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack import-rows">
  <thead><tr><th scope="col">Line</th><th scope="col">Status</th><?cs each:l = data.preview_labels ?><th scope="col"><?cs var:l ?></th><?cs /each ?><th scope="col">Problems</th></tr></thead>
  <tbody>
<?cs each:row = data.rows ?>   <tr>
    <td data-label="Line" class="cell-nowrap"><?cs var:row.line_no ?></td>
    <td data-label="Status"><?cs if:row.status == "ok" ?><?cs call:badge("Ready", "green") ?><?cs elif:row.status == "duplicate" ?><?cs call:badge("Duplicate", "amber") ?><?cs else ?><?cs call:badge("Problem", "red") ?><?cs /if ?></td>
<?cs each:v = row.shown ?>    <td data-label="<?cs var:data.preview_labels[name(v)] ?>" class="cell-truncate"><?cs var:v ?></td>
<?cs /each ?>    <td data-label="Problems"><?cs if:subcount(row.problems) ?><ul class="import-problems"><?cs each:p = row.problems ?><li><strong><?cs var:p.label ?>:</strong> <?cs var:p.message ?></li><?cs /each ?></ul><?cs else ?><span class="muted">—</span><?cs /if ?></td>
   </tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs if:data.next ?> <nav class="pagination" aria-label="Pages"><a class="btn btn-sm" href="<?cs var:base ?>?show=<?cs var:data.show ?>&amp;after=<?cs var:data.next ?>">Next rows<?cs call:icon("chevron-right") ?></a></nav>
<?cs /if ?><?cs elif:data.show == "problems" ?> <div class="card-body"><p class="muted">No row has a problem.</p></div>
<?cs else ?> <div class="card-body"><p class="muted">No more rows.</p></div>
<?cs /if ?></section>
<?cs /if ?>
</div>
