<?cs
# inventory/report_low.cs: GET /stock/reports/low. data.items: id, sku,
# manufacturer, name, unit, category, on_hand, allocated, available,
# reorder_point, reorder_qty, suggested_qty, locations[] (location_id,
# location_name, on_hand, allocated, available; the most available
# first: the page shows three and how many more); data.next; data.category.
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/report_macros.cs" ?><?cs
 set:base = "/stock/reports/low" ?><?cs set:list.category = data.category ?><?cs set:list.limit = data.limit ?><?cs
 call:page_header_open("Low stock") ?><p class="page-meta muted">Available at or under the reorder point, over every location</p><?cs
 call:page_header_actions() ?><a class="btn btn-secondary" href="<?cs var:base ?>?format=csv<?cs call:query_params(list, "") ?>" download><?cs call:icon("download") ?><span>Export CSV</span></a><?cs
 call:page_header_close() ?>
<?cs call:report_tabs(base) ?>
<form class="filters" method="get" action="<?cs var:base ?>" aria-label="Filter the report">
<div class="filter"><label for="f-category">Category</label><span class="select"><select class="input" id="f-category" name="category"><option value="">All categories</option><?cs call:options("product_category", data.category) ?></select></span></div>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Show</span></button><?cs if:data.category ?><a class="btn btn-ghost" href="<?cs var:base ?>">Clear</a><?cs /if ?></div>
</form>
<?cs call:list_errors(base) ?>
<div id="results" class="results">
<?cs if:data.count ?> <div class="table-wrap table-wrap-stack"><table class="table table-stack table-lean t-report t-low">
  <thead><tr><th>Product</th><th>SKU</th><th class="num">Available</th><th class="num">Reorder at</th><th class="num">Order</th><th>Where it is</th></tr></thead>
  <tbody>
<?cs each:p = data.items ?><tr><td><a href="/products/<?cs var:p.id ?>"><?cs var:p.name ?></a><span class="sub"><?cs var:p.manufacturer ?> · <?cs var:labels.product_category[p.category] ?></span><td data-label="SKU"><code><?cs var:p.sku ?></code><td class="num" data-label="Available"><span class="badge badge-amber"><?cs call:qty(p.available, p.unit) ?></span><?cs if:#p.allocated > 0 ?><span class="sub"><?cs var:p.allocated ?> reserved</span><?cs /if ?><td class="num" data-label="Reorder at"><?cs var:p.reorder_point ?><td class="num" data-label="Order"><?cs var:p.suggested_qty ?><td data-label="Where"><?cs if:subcount(p.locations) ?><ul class="where"><?cs each:l = p.locations ?><?cs if:name(l) < 3 ?><li><a href="/locations/<?cs var:l.location_id ?>/stock"><?cs var:l.location_name ?></a> <span class="muted"><?cs var:l.available ?><?cs if:#l.allocated > 0 ?> (+<?cs var:l.allocated ?> reserved)<?cs /if ?></span></li><?cs /if ?><?cs /each ?><?cs
 if:subcount(p.locations) > 3 ?><li><a class="muted" href="/products/<?cs var:p.id ?>">and <?cs var:subcount(p.locations) - 3 ?> more</a></li><?cs /if ?></ul><?cs else ?><span class="muted">None anywhere</span><?cs /if ?>
<?cs /each ?>  </tbody>
 </table></div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:data.paged ?><?cs call:empty_end("products") ?>
<?cs else ?><?cs call:empty_state("inbox", "Nothing is low", "Every product is above its reorder point.", "", "") ?>
<?cs /if ?>
</div>
