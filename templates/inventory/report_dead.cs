<?cs
# inventory/report_dead.cs: GET /stock/reports/dead. data.items: id, sku,
# manufacturer, name, unit, category, on_hand, allocated, cost_cents,
# value_cents, last_move_at, idle_days; data.next; data.days (default
# 180), data.category; data.sum.{products,units,value_cents} (first page).
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/report_macros.cs" ?><?cs
 set:base = "/stock/reports/dead" ?><?cs set:list.days = data.days ?><?cs set:list.category = data.category ?><?cs
 set:list.limit = data.limit ?><?cs
 call:page_header_open("Dead stock") ?><p class="page-meta muted">Held, and not moved in <?cs if:data.days ?><?cs var:data.days ?><?cs else ?>180<?cs /if ?> days</p><?cs
 call:page_header_actions() ?><a class="btn btn-secondary" href="<?cs var:base ?>?format=csv<?cs call:query_params(list, "") ?>" download><?cs call:icon("download") ?><span>Export CSV</span></a><?cs
 call:page_header_close() ?>
<?cs call:report_tabs(base) ?>
<form class="filters" method="get" action="<?cs var:base ?>" aria-label="Filter the report">
<div class="filter<?cs if:errors.days ?> has-error<?cs /if ?>"><label for="f-days">Not moved in (days)</label><input class="input input-sm" id="f-days" type="text" inputmode="numeric" name="days" value="<?cs if:data.days ?><?cs var:data.days ?><?cs else ?>180<?cs /if ?>"></div>
<div class="filter"><label for="f-category">Category</label><span class="select"><select class="input" id="f-category" name="category"><option value="">All categories</option><?cs call:options("product_category", data.category) ?></select></span></div>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Show</span></button><?cs if:data.category || (data.days && data.days != "180") ?><a class="btn btn-ghost" href="<?cs var:base ?>">Clear</a><?cs /if ?></div>
</form>
<?cs call:list_errors(base) ?>
<?cs if:data.sum.products != "" ?><div class="stat-grid">
 <div class="stat"><p class="stat-label">Products</p><p class="stat-value"><?cs call:grouped(data.sum.products) ?></p></div>
 <div class="stat"><p class="stat-label">Units</p><p class="stat-value"><?cs call:grouped(data.sum.units) ?></p></div>
 <div class="stat"><p class="stat-label">Tied up at cost</p><p class="stat-value"><?cs call:usd(data.sum.value_cents) ?></p></div>
</div><?cs /if ?>
<div id="results" class="results">
<?cs if:data.count ?> <div class="table-wrap table-wrap-stack"><table class="table table-stack table-lean t-report">
  <thead><tr><th>Product</th><th>SKU</th><th class="num">On hand</th><th class="num">Value at cost</th><th>Last moved</th><th class="num">Idle</th></tr></thead>
  <tbody>
<?cs each:p = data.items ?><tr><td><a href="/products/<?cs var:p.id ?>"><?cs var:p.name ?></a><span class="sub"><?cs var:p.manufacturer ?> · <?cs var:labels.product_category[p.category] ?></span><td data-label="SKU"><code><?cs var:p.sku ?></code><td class="num" data-label="On hand"><?cs call:qty(p.on_hand, p.unit) ?><td class="num" data-label="Value"><?cs call:usd(p.value_cents) ?><td data-label="Last moved"><a href="/stock/moves?product_id=<?cs var:p.id ?>"><?cs var:fmt_date(p.last_move_at) ?></a><td class="num" data-label="Idle"><?cs var:p.idle_days ?> days
<?cs /each ?>  </tbody>
 </table></div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:data.paged ?><?cs call:empty_end("products") ?>
<?cs else ?><?cs call:empty_state("inbox", "No dead stock", "Everything held has moved within this many days.", "", "") ?>
<?cs /if ?>
</div>
