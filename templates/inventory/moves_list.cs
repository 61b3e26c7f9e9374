<?cs
# inventory/moves_list.cs: GET /stock/moves, the ledger, newest first.
# data.items, data.next, data.product_id, data.location_id, data.kind.
?><?cs set:list.product_id = data.product_id ?><?cs set:list.location_id = data.location_id ?><?cs set:list.kind = data.kind ?><?cs
 set:list.limit = data.limit ?><?cs set:filtered = data.product_id || data.location_id || data.kind ?><?cs
 if:can.inventory_write ?><?cs call:page_header("Stock moves", "Move stock", "/stock/moves/new") ?><?cs
 else ?><?cs call:page_header("Stock moves", "", "") ?><?cs /if ?>

<form class="filters" method="get" action="/stock/moves" aria-label="Filter stock moves">
<div class="filter"><label for="f-kind">Kind</label><span class="select"><select class="input" id="f-kind" name="kind"><option value="">All kinds</option><?cs call:options("stock_move_kind", data.kind) ?></select></span></div>
<?cs if:data.product_id ?><input type="hidden" name="product_id" value="<?cs var:data.product_id ?>"><?cs /if ?><?cs
 if:data.location_id ?><input type="hidden" name="location_id" value="<?cs var:data.location_id ?>"><?cs /if ?>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Filter</span></button><?cs if:filtered ?><a class="btn btn-ghost" href="/stock/moves">Clear</a><?cs /if ?></div>
</form>
<?cs call:list_errors("/stock/moves") ?>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("moves", "/stock/moves", "") ?>
 <div class="table-wrap table-wrap-stack">
 <table class="table table-stack table-lean t-moves">
  <thead><tr><th>When</th><th>Move</th><th>Product</th><th>Qty</th><th>From → to</th><th>Who, why</th></tr></thead>
  <tbody>
<?cs each:m = data.items ?><tr><td><a href="/stock/moves/<?cs var:m.id ?>"><?cs var:fmt_datetime(m.at) ?></a><td><span class="move-<?cs var:m.kind ?>"><?cs var:labels.stock_move_kind[m.kind] ?></span><td><a href="/products/<?cs var:m.product_id ?>"><?cs var:m.product_name ?></a><span class="sub"><?cs var:m.sku ?></span><td><?cs var:m.qty ?><td><?cs if:m.from_name ?><a href="/locations/<?cs var:m.from_location_id ?>"><?cs var:m.from_name ?></a><?cs /if ?><?cs if:m.from_name && m.to_name ?> → <?cs /if ?><?cs if:m.to_name ?><a href="/locations/<?cs var:m.to_location_id ?>"><?cs var:m.to_name ?></a><?cs /if ?><td><?cs var:m.user_name ?><?cs if:m.doc_type ?> · <?cs var:m.doc_type ?><?cs if:m.doc_id ?> #<?cs var:m.doc_id ?><?cs /if ?><?cs /if ?><?cs if:m.doc_ref ?> · <?cs var:m.doc_ref ?><?cs /if ?><?cs if:m.reason ?> · <?cs var:m.reason ?><?cs /if ?>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("moves", "No stock moves match.", "/stock/moves") ?>
<?cs elif:data.paged ?><?cs call:empty_end("moves") ?>
<?cs else ?> <?cs call:empty_state("clock", "No stock moves yet", "Receipts, transfers and adjustments appear here.", "", "") ?>
<?cs /if ?>
</div>
