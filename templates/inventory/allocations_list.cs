<?cs
# inventory/allocations_list.cs: GET /allocations. data.items, data.doc_type,
# data.doc_id, data.product_id, data.open.
?><?cs set:list.doc_type = data.doc_type ?><?cs set:list.doc_id = data.doc_id ?><?cs set:list.product_id = data.product_id ?><?cs
 set:list.open = data.open ?><?cs set:list.limit = data.limit ?><?cs set:filtered = data.doc_type || data.doc_id || data.product_id || data.open ?><?cs
 call:page_header("Allocations", "", "") ?>

<form class="filters" method="get" action="/allocations" aria-label="Filter allocations">
<div class="filter"><label for="f-doc_type">For</label><span class="select"><select class="input" id="f-doc_type" name="doc_type"><option value="">Projects and tickets</option><?cs call:options("doc_type", data.doc_type) ?></select></span></div>
<div class="filter"><label for="f-doc_id">Number</label><input class="input" id="f-doc_id" type="number" name="doc_id"<?cs if:data.doc_id ?> value="<?cs var:data.doc_id ?>"<?cs /if ?>></div>
<div class="filter filter-check"><input class="checkbox" type="checkbox" id="f-open" name="open" value="1"<?cs if:data.open == "1" ?> checked<?cs /if ?>><label for="f-open">Still reserved</label></div>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Filter</span></button><?cs if:filtered ?><a class="btn btn-ghost" href="/allocations">Clear</a><?cs /if ?></div>
</form>
<?cs call:list_errors("/allocations") ?>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("allocations", "/allocations", "") ?>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">For</th><th scope="col">Product</th><th scope="col">At</th><th scope="col" class="num">Reserved</th><th scope="col" class="num">Used</th></tr></thead>
  <tbody>
<?cs each:a = data.items ?>   <tr><td data-label="For" class="cell-primary"><a href="/allocations/<?cs var:a.id ?>"><?cs var:labels.doc_type[a.doc_type] ?> #<?cs var:a.doc_id ?></a></td><td data-label="Product"><a href="/products/<?cs var:a.product_id ?>"><?cs var:a.product_name ?></a> <span class="muted"><?cs var:a.sku ?></span></td><td data-label="At"><?cs var:a.location_name ?></td><td data-label="Reserved" class="num"><?cs var:a.qty ?></td><td data-label="Used" class="num"><?cs var:a.consumed ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("allocations", "Nothing reserved matches.", "/allocations") ?>
<?cs elif:data.paged ?><?cs call:empty_end("allocations") ?>
<?cs else ?> <?cs call:empty_state("calendar", "Nothing reserved yet", "Stock reserved for projects and service tickets appears here.", "", "") ?>
<?cs /if ?>
</div>
