<?cs
# inventory/serials_list.cs: GET /serials. data.items (serial, mac, state,
# product_id, sku, product_name, location_id, location_name, doc_type,
# doc_id), data.next, data.q, data.product_id, data.location_id, data.state.
?><?cs include:"inventory/macros.cs" ?><?cs set:list.q = data.q ?><?cs set:list.product_id = data.product_id ?><?cs set:list.location_id = data.location_id ?><?cs
 set:list.state = data.state ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.product_id || data.location_id || data.state ?><?cs
 call:page_header("Serial numbers", "", "") ?>

<form class="filters" method="get" action="/serials" role="search" aria-label="Find serial numbers">
<?cs call:list_search("Serial or MAC…") ?><div class="filter"><label for="f-state">State</label><span class="select"><select class="input" id="f-state" name="state"><option value="">Any state</option><?cs
 call:option("in_stock", "In stock", data.state) ?><?cs call:option("allocated", "Reserved", data.state) ?><?cs
 call:option("consumed", "Installed", data.state) ?><?cs call:option("written_off", "Written off", data.state) ?><?cs
 call:option("removed", "Adjusted out", data.state) ?></select></span></div>
<?cs if:data.product_id ?><input type="hidden" name="product_id" value="<?cs var:data.product_id ?>"><?cs /if ?><?cs
 if:data.location_id ?><input type="hidden" name="location_id" value="<?cs var:data.location_id ?>"><?cs /if ?>
<div class="filter filter-actions"><button type="submit" class="btn"><?cs call:icon("filter") ?><span>Find</span></button><?cs if:filtered ?><a class="btn btn-ghost" href="/serials">Clear</a><?cs /if ?></div>
</form>
<?cs call:list_errors("/serials") ?>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("serials", "/serials", "") ?>
 <div class="table-wrap">
 <table class="table table-stack t-serials">
  <thead><tr><th scope="col">Serial</th><th scope="col">MAC</th><th scope="col">Product</th><th scope="col">Where</th><th scope="col">State</th></tr></thead>
  <tbody>
<?cs each:s = data.items ?>   <tr><td data-label="Serial" class="cell-primary"><a href="/serials/<?cs var:s.id ?>"><code><?cs var:s.serial ?></code></a></td><td data-label="MAC"><?cs if:s.mac ?><code><?cs var:s.mac ?></code><?cs else ?><span class="muted">—</span><?cs /if ?></td><td data-label="Product"><a href="/products/<?cs var:s.product_id ?>"><?cs var:s.product_name ?></a> <span class="muted"><?cs var:s.sku ?></span></td><td data-label="Where"><?cs if:s.location_id ?><a href="/locations/<?cs var:s.location_id ?>"><?cs var:s.location_name ?></a><?cs else ?><span class="muted">Not in stock</span><?cs /if ?></td><td data-label="State"><?cs call:serial_state(s.state, s.doc_type, s.doc_id) ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("serials", "No serial matches. A serial is found by its beginning, a MAC by its digits.", "/serials") ?>
<?cs elif:data.paged ?><?cs call:empty_end("serials") ?>
<?cs else ?> <?cs call:empty_state("inbox", "No serial numbers yet", "Serialised products get theirs when they are received.", "", "") ?>
<?cs /if ?>
</div>
