<?cs
# inventory/move_show.cs: GET /stock/moves/:id, one ledger row. data.* the
# move (at, kind, product_id, sku, product_name, unit, qty, from_location_id,
# from_name, to_location_id, to_name, reason, doc_type, doc_id, doc_ref,
# user_name, serials: id, serial, mac).
?><?cs call:page_header_open(labels.stock_move_kind[data.kind] + ": " + data.qty + " × " + data.product_name) ?>
 <div class="page-meta"><span class="muted"><?cs var:fmt_datetime(data.at) ?></span></div>
<?cs call:page_header_actions() ?><?cs call:page_header_close() ?>
<?cs call:card_open("Stock move", "", "", "") ?>
 <div class="card-body"><dl class="facts">
  <dt>Move</dt><dd><span class="move-<?cs var:data.kind ?>"><?cs var:labels.stock_move_kind[data.kind] ?></span></dd>
  <dt>Product</dt><dd><a href="/products/<?cs var:data.product_id ?>"><?cs var:data.product_name ?></a> <span class="muted"><?cs var:data.sku ?></span></dd>
  <dt>Quantity</dt><dd><?cs var:data.qty ?> <?cs var:data.unit ?></dd>
<?cs if:data.from_name ?>  <dt>From</dt><dd><a href="/locations/<?cs var:data.from_location_id ?>"><?cs var:data.from_name ?></a></dd>
<?cs /if ?><?cs if:data.to_name ?>  <dt>To</dt><dd><a href="/locations/<?cs var:data.to_location_id ?>"><?cs var:data.to_name ?></a></dd>
<?cs /if ?><?cs if:data.reason ?>  <dt>Reason</dt><dd><?cs var:data.reason ?></dd>
<?cs /if ?><?cs if:data.doc_type ?>  <dt>Document</dt><dd><?cs var:data.doc_type ?><?cs if:data.doc_id ?> #<?cs var:data.doc_id ?><?cs /if ?><?cs if:data.doc_ref ?> · <?cs var:data.doc_ref ?><?cs /if ?></dd>
<?cs elif:data.doc_ref ?>  <dt>Reference</dt><dd><?cs var:data.doc_ref ?></dd>
<?cs /if ?>  <dt>By</dt><dd><?cs if:data.user_name ?><?cs var:data.user_name ?><?cs else ?><span class="muted">the system</span><?cs /if ?></dd>
<?cs if:subcount(data.serials) ?>  <dt>Serials</dt><dd><ul class="tags"><?cs each:s = data.serials ?><li><a href="/serials/<?cs var:s.id ?>"><?cs var:s.serial ?></a></li><?cs /each ?></ul></dd>
<?cs /if ?> </dl></div>
<?cs call:card_close() ?>
<p><a href="/stock/moves?product_id=<?cs var:data.product_id ?>">Stock moves of this product<?cs call:icon("chevron-right") ?></a></p>
