<?cs
# inventory/count_show.cs: GET /stock/counts/:id. data.* the count:
# location_id, location_name, user_name, at, reason, lines, adjusted,
# units_delta, value_delta_cents, changes[] (product_id, sku, name, unit,
# expected, counted, diff, cost_cents, value_cents, move_id).
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/report_macros.cs" ?><?cs
 call:page_header_open("Count " + data.id + " at " + data.location_name) ?>
 <div class="page-meta"><span class="muted"><?cs var:fmt_datetime(data.at) ?><?cs if:data.user_name ?> · by <?cs var:data.user_name ?><?cs /if ?> · <?cs var:data.reason ?></span></div>
<?cs call:page_header_actions() ?><?cs if:can.inventory_write ?><?cs call:button_link("Count more here", "/locations/" + data.location_id + "/count", "secondary", "edit") ?><?cs /if ?><?cs
 call:page_header_close() ?>

<div class="stat-grid">
 <div class="stat"><p class="stat-label">Lines counted</p><p class="stat-value"><?cs var:data.lines ?></p></div>
 <div class="stat"><p class="stat-label">Lines adjusted</p><p class="stat-value"><?cs var:data.adjusted ?></p></div>
 <div class="stat"><p class="stat-label">Units</p><p class="stat-value"><?cs call:signed(data.units_delta) ?></p></div>
 <div class="stat"><p class="stat-label">Value at cost</p><p class="stat-value"><?cs call:usd(data.value_delta_cents) ?></p></div>
</div>

<?cs call:card_open("What changed", subcount(data.changes), "", "") ?>
<?cs if:subcount(data.changes) ?> <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-lean t-count-result">
  <thead><tr><th>Product</th><th>SKU</th><th class="num">Expected</th><th class="num">Counted</th><th class="num">Difference</th><th class="num">Value at cost</th></tr></thead>
  <tbody>
<?cs each:c = data.changes ?><tr><td><a href="/products/<?cs var:c.product_id ?>"><?cs var:c.name ?></a><td data-label="SKU"><code><?cs var:c.sku ?></code><td class="num" data-label="Expected"><?cs call:qty(c.expected, c.unit) ?><td class="num" data-label="Counted"><?cs call:qty(c.counted, c.unit) ?><td class="num" data-label="Difference"><a class="<?cs if:#c.diff < 0 ?>delta-down<?cs else ?>delta-up<?cs /if ?>" href="/stock/moves/<?cs var:c.move_id ?>" title="The adjustment in the ledger"><?cs call:signed(c.diff) ?></a><td class="num" data-label="Value"><?cs call:usd(c.value_cents) ?>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs else ?> <div class="card-body"><p class="muted">Every line counted matched what was expected: nothing was adjusted.</p></div>
<?cs /if ?><?cs call:card_close() ?>
<p class="after-card"><a href="/stock/moves?location_id=<?cs var:data.location_id ?>&amp;kind=adjustment">Adjustments at <?cs var:data.location_name ?><?cs call:icon("chevron-right") ?></a></p>
