<?cs
# inventory/count_sheet.cs: GET /locations/:id/count, and POST with what
# was refused. data.location.{id,name,kind,archived_at}; data.items: id,
# sku, manufacturer, name, unit, category, serialised, expected,
# allocated, bin (null: none); data.q, data.category, data.sort (sku|bin:
# bin walks the shelves in order, the unbinned last), data.next. Shown again after a POST:
# form.c_<id> and form.add_* (what was typed), errors.c_<id> per line,
# errors.add_sku_<n>/add_qty_<n>, errors.lines, page.conflict (a line moved
# since the sheet was read: its expected value is the new one).
# One form per page: count a shelf or a category at a time (filters),
# each page submitted on its own; e_<id> carries the expected value shown.
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/report_macros.cs" ?><?cs
 set:lid = data.location.id ?><?cs set:base = "/locations/" + lid + "/count" ?><?cs
 set:list.q = data.q ?><?cs set:list.category = data.category ?><?cs set:list.limit = data.limit ?><?cs
 if:data.sort == "bin" ?><?cs set:list.sort = data.sort ?><?cs /if ?><?cs
 set:filtered = data.q || data.category ?><?cs set:writable = can.inventory_write && !data.location.archived_at ?><?cs
 call:page_header_open("Stock-take") ?>
 <p class="page-meta">at <a href="/locations/<?cs var:lid ?>"><?cs var:data.location.name ?></a><?cs if:data.location.archived_at ?> <?cs call:badge("Archived", "amber") ?><?cs /if ?></p><?cs
 call:page_header_actions() ?><?cs call:button_link("Stock here", "/locations/" + lid + "/stock", "secondary", "inbox") ?><?cs
 call:page_header_close() ?>

<form class="filters" method="get" action="<?cs var:base ?>" role="search" aria-label="Filter the count sheet">
<?cs call:list_search("SKU, maker, model, name…") ?><div class="filter"><label for="f-category">Category</label><span class="select"><select class="input" id="f-category" name="category"><option value="">All categories</option><?cs call:options("product_category", data.category) ?></select></span></div>
<?cs call:list_sort("Order") ?><div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Filter</span></button><?cs if:filtered ?><a class="btn btn-ghost" href="<?cs var:base ?>">Clear</a><?cs /if ?></div>
</form>
<?cs if:page.conflict == "1" ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Stock moved while you were counting</p>
 <p>Nothing was applied. The lines marked below were moved since you opened this sheet: their expected quantity is now the current one. Check those counts, then apply again.</p>
</div></div>
<?cs elif:subcount(errors) ?><div class="notice notice-error" role="alert" id="error-summary" tabindex="-1"><?cs call:icon("alert") ?><div>
 <p class="notice-title">Nothing was applied: <?cs if:subcount(errors) == 1 ?>one line needs<?cs else ?><?cs var:subcount(errors) ?> lines need<?cs /if ?> attention</p>
 <?cs if:errors.lines ?><p><?cs var:errors.lines ?></p><?cs /if ?><?cs if:errors.location_id ?><p><?cs var:errors.location_id ?></p><?cs /if ?><?cs
 if:errors.q || errors.category || errors.after || errors.limit ?><p><a href="<?cs var:base ?>">Start again</a></p><?cs /if ?>
</div></div>
<?cs /if ?>
<p class="muted count-help">Count a shelf or a category at a time: filter the sheet, fill in what you count (leave a line empty to skip it), and apply. Each page is applied on its own; lines that moved since the sheet was opened are refused, never overwritten. A serialised product whose count differs is refused here: move its units by serial (write-off, adjustment or return on the move form).</p>

<div id="results" class="results">
<?cs if:data.count || writable ?><form class="count-form" method="post" action="<?cs var:req.uri ?>" novalidate>
<?cs call:csrf_field() ?>
<?cs if:data.count ?><?cs call:results_bar("products", base, "") ?>
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-lean t-count">
  <thead><tr><th>Product</th><th>SKU</th><th>Bin</th><th class="num">Expected</th><th class="num">Counted</th></tr></thead>
  <tbody>
<?cs each:l = data.items ?><?cs set:cf = "c_" + l.id ?><tr<?cs if:errors[cf] ?> class="has-error"<?cs /if ?>><td><a href="/products/<?cs var:l.id ?>"><?cs var:l.name ?></a><span class="sub"><?cs var:l.manufacturer ?> · <?cs var:labels.product_category[l.category] ?><?cs if:l.serialised == "1" ?> · serialised<?cs /if ?></span><td data-label="SKU"><code><?cs var:l.sku ?></code><td class="bin-cell" data-label="Bin"><?cs if:l.bin ?><code class="bin"><?cs var:l.bin ?></code><?cs else ?><span class="muted">—</span><?cs /if ?><td class="num" data-label="Expected"><?cs call:qty(l.expected, l.unit) ?><?cs if:#l.allocated > 0 ?><span class="sub"><?cs var:l.allocated ?> reserved</span><?cs /if ?><td class="num count-cell" data-label="Counted"><?cs
 if:writable ?><input type="hidden" name="e_<?cs var:l.id ?>" value="<?cs var:l.expected ?>"><input class="input input-sm" id="f-<?cs var:cf ?>" type="text" inputmode="numeric" pattern="[0-9]*" name="<?cs var:cf ?>" value="<?cs var:form[cf] ?>" autocomplete="off" aria-label="Counted: <?cs var:l.name ?>"<?cs if:errors[cf] ?> aria-invalid="true" aria-describedby="e-<?cs var:cf ?>"<?cs /if ?>><?cs
 if:errors[cf] ?><span class="field-error" id="e-<?cs var:cf ?>"><?cs var:errors[cf] ?></span><?cs /if ?><?cs else ?><span class="muted">—</span><?cs /if ?>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs if:data.next && writable ?><p class="muted count-next">Apply this page before the next one: what is typed here is not kept when you leave it.</p><?cs /if ?><?cs call:pagination(data.next, list) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("products", "Nothing on this sheet matches: add what you found below.", base) ?>
<?cs elif:data.paged ?><?cs call:empty_end("products") ?>
<?cs else ?><?cs call:empty_state("inbox", "Nothing expected here", "No product has been held at this location. Add what you find below.", "", "") ?>
<?cs /if ?><?cs if:writable ?>
 <section class="form-section count-extra">
  <div class="form-section-head"><h2>Found, not on the sheet</h2><p class="muted">A product this location was not expected to hold: its SKU and how many.</p></div>
  <div class="count-extra-fields"><div class="count-add"><?cs loop:n = 1, 3, 1 ?><?cs set:sk = "add_sku_" + n ?><?cs set:qk = "add_qty_" + n ?>
   <div class="field<?cs if:errors[sk] || errors[qk] ?> has-error<?cs /if ?>"><label for="f-<?cs var:sk ?>">SKU</label><input class="input" id="f-<?cs var:sk ?>" type="text" name="<?cs var:sk ?>" value="<?cs var:form[sk] ?>" autocomplete="off"><?cs if:errors[sk] ?><span class="field-error"><?cs var:errors[sk] ?></span><?cs /if ?></div>
   <div class="field<?cs if:errors[qk] ?> has-error<?cs /if ?>"><label for="f-<?cs var:qk ?>">Counted</label><input class="input input-sm" id="f-<?cs var:qk ?>" type="text" inputmode="numeric" name="<?cs var:qk ?>" value="<?cs var:form[qk] ?>" autocomplete="off"><?cs if:errors[qk] ?><span class="field-error"><?cs var:errors[qk] ?></span><?cs /if ?></div><?cs /loop ?>
  </div>
  <div class="count-reason field"><label for="f-reason">Reason</label><input class="input" id="f-reason" type="text" name="reason" value="<?cs if:form.reason ?><?cs var:form.reason ?><?cs else ?>Stock-take<?cs /if ?>" maxlength="500" autocomplete="off"><?cs if:errors.reason ?><span class="field-error"><?cs var:errors.reason ?></span><?cs /if ?></div></div>
 </section>
 <div class="form-actions"><button type="submit" class="btn btn-primary">Apply the count</button><a class="btn btn-ghost" href="/locations/<?cs var:lid ?>">Cancel</a></div>
<?cs /if ?></form>
<?cs elif:subcount(errors) ?>
<?cs else ?><?cs call:empty_state("inbox", "Nothing expected here", "No product has been held at this location.", "", "") ?>
<?cs /if ?>
</div>
