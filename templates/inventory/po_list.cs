<?cs
# inventory/po_list.cs: GET /purchase-orders. data.items, data.next,
# data.status, data.supplier_id.
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/po_macros.cs" ?><?cs
 set:list.status = data.status ?><?cs set:list.supplier_id = data.supplier_id ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.status || data.supplier_id ?><?cs
 call:page_header_open("Purchase orders") ?><?cs call:page_header_actions() ?><?cs
 call:button_link("Reorder suggestions", "/purchase-orders/reorder", "secondary", "") ?><?cs
 call:button_link("Materials to order", "/purchase-orders/to-order", "secondary", "") ?><?cs
 if:can.inventory_write ?><?cs call:button_link("New purchase order", "/purchase-orders/new", "primary", "plus") ?><?cs /if ?><?cs
 call:page_header_close() ?>

<form class="filters" method="get" action="/purchase-orders" aria-label="Filter purchase orders">
<div class="filter"><label for="f-status">Status</label><span class="select"><select class="input" id="f-status" name="status"><option value="">Any</option><?cs
 call:option("open", "Open (draft, sent, partly received)", data.status) ?><?cs call:option("draft", "Draft", data.status) ?><?cs
 call:option("sent", "Sent", data.status) ?><?cs call:option("partially_received", "Partly received", data.status) ?><?cs
 call:option("received", "Received", data.status) ?><?cs call:option("closed", "Closed", data.status) ?><?cs
 call:option("cancelled", "Cancelled", data.status) ?></select></span></div>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Filter</span></button><?cs if:filtered ?><a class="btn btn-ghost" href="/purchase-orders">Clear</a><?cs /if ?></div>
</form>
<?cs call:list_errors("/purchase-orders") ?>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("purchase orders", "/purchase-orders", "") ?>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Number</th><th scope="col">Supplier</th><th scope="col">Status</th><th scope="col">Expected</th><th scope="col" class="num">Lines</th><th scope="col" class="num">Total</th></tr></thead>
  <tbody>
<?cs each:o = data.items ?>   <tr><td data-label="Number" class="cell-primary cell-nowrap"><a href="/purchase-orders/<?cs var:o.id ?>"><?cs var:o.number ?></a></td><td data-label="Supplier"><a class="quiet" href="/suppliers/<?cs var:o.supplier_id ?>"><?cs var:o.supplier_name ?></a></td><td data-label="Status"><?cs call:po_status(o.status) ?></td><td data-label="Expected" class="cell-nowrap"><?cs if:o.expected_on ?><?cs var:o.expected_on ?><?cs else ?><span class="muted">—</span><?cs /if ?></td><td data-label="Lines" class="num"><?cs var:o.line_count ?></td><td data-label="Total" class="num"><?cs call:money(o.total_cents) ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("purchase orders", "No purchase order matches.", "/purchase-orders") ?>
<?cs elif:data.paged ?><?cs call:empty_end("purchase orders") ?>
<?cs else ?> <?cs call:empty_state("inbox", "No purchase orders yet", "Order from a supplier here, or start from the reorder suggestions.", "", "") ?>
<?cs /if ?>
</div>
