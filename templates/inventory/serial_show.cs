<?cs
# inventory/serial_show.cs: GET /serials/:id, one unit and its history.
# data.* the serial (serial, mac, state, product_id, sku, product_name,
# location_id, location_name, location_kind, allocation_id, doc_type,
# doc_id) and data.history: each ledger row it took part in, oldest first
# (id, at, kind, from_location_id, from_name, from_kind, from_technician,
# to_location_id, to_name, to_kind, to_technician, reason, doc_type,
# doc_id, doc_ref, user_name).
?><?cs include:"inventory/macros.cs" ?><?cs call:page_header_open(data.serial) ?>
 <div class="page-meta"><a href="/products/<?cs var:data.product_id ?>"><?cs var:data.product_name ?></a> <span class="muted"><?cs var:data.sku ?></span> <?cs call:serial_state(data.state, data.doc_type, data.doc_id) ?></div>
<?cs call:page_header_actions() ?><?cs call:page_header_close() ?>
<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("This unit", "", "", "") ?>
 <div class="card-body"><dl class="facts">
  <dt>Serial</dt><dd><code><?cs var:data.serial ?></code></dd>
  <dt>MAC</dt><dd><?cs if:data.mac ?><code><?cs var:data.mac ?></code><?cs else ?><span class="muted">None recorded</span><?cs /if ?></dd>
  <dt>Product</dt><dd><a href="/products/<?cs var:data.product_id ?>"><?cs var:data.product_name ?></a></dd>
  <dt>Where</dt><dd><?cs if:data.location_id ?><a href="/locations/<?cs var:data.location_id ?>"><?cs var:data.location_name ?></a> <span class="muted"><?cs var:labels.location_kind[data.location_kind] ?></span><?cs else ?><span class="muted">Not in stock</span><?cs /if ?></dd>
<?cs if:data.allocation_id ?>  <dt><?cs if:data.state == "consumed" ?>Installed on<?cs else ?>Reserved for<?cs /if ?></dt><dd><a href="/allocations/<?cs var:data.allocation_id ?>"><?cs var:labels.doc_type[data.doc_type] ?> #<?cs var:data.doc_id ?></a></dd>
<?cs /if ?> </dl></div>
<?cs call:card_close() ?>
</aside>
<div class="detail-main">
<section class="card">
 <header class="card-header"><h2>History <span class="count"><?cs var:subcount(data.history) ?></span></h2></header>
<?cs if:subcount(data.history) ?> <ol class="card-list">
<?cs each:m = data.history ?>  <li class="row-item">
   <span class="row-icon"><?cs if:m.kind == "receipt" || m.kind == "return" ?><?cs call:icon("inbound") ?><?cs elif:m.kind == "transfer" ?><?cs call:icon("outbound") ?><?cs elif:m.kind == "allocation" || m.kind == "consumption" ?><?cs call:icon("calendar") ?><?cs else ?><?cs call:icon("clock") ?><?cs /if ?></span>
   <div class="row-main">
    <p class="row-line"><a class="row-title" href="/stock/moves/<?cs var:m.id ?>"><?cs if:m.kind == "consumption" ?>Installed<?cs else ?><?cs var:labels.stock_move_kind[m.kind] ?><?cs /if ?></a> <span class="muted"><?cs
     if:m.kind == "receipt" ?><?cs if:m.doc_type == "po" ?>from purchase order<?cs if:m.doc_id ?> #<?cs var:m.doc_id ?><?cs /if ?><?cs elif:m.doc_ref ?>from delivery<?cs /if ?><?cs if:m.doc_ref ?> <?cs var:m.doc_ref ?><?cs /if ?> into <?cs var:m.to_name ?><?cs
     elif:m.kind == "allocation" ?>for <?cs var:labels.doc_type[m.doc_type] ?> #<?cs var:m.doc_id ?> at <?cs var:m.from_name ?><?cs
     elif:m.kind == "release" ?>from <?cs var:labels.doc_type[m.doc_type] ?> #<?cs var:m.doc_id ?>, back in stock at <?cs var:m.from_name ?><?cs
     elif:m.kind == "consumption" ?>on <?cs var:labels.doc_type[m.doc_type] ?> #<?cs var:m.doc_id ?>, taken from <?cs var:m.from_name ?><?cs
     else ?><?cs if:m.from_name ?>from <?cs var:m.from_name ?><?cs if:m.from_technician ?> (<?cs var:m.from_technician ?>)<?cs /if ?> <?cs /if ?><?cs if:m.to_name ?>to <?cs var:m.to_name ?><?cs if:m.to_technician ?> (<?cs var:m.to_technician ?>)<?cs /if ?><?cs /if ?><?cs /if ?></span></p>
    <p class="row-sub"><?cs call:datetime(m.at) ?><?cs if:m.user_name ?> · <?cs var:m.user_name ?><?cs /if ?><?cs if:m.doc_ref && m.kind != "receipt" ?> · <?cs var:m.doc_ref ?><?cs /if ?><?cs if:m.reason ?> · <?cs var:m.reason ?><?cs /if ?></p>
   </div>
  </li>
<?cs /each ?> </ol>
<?cs else ?> <div class="card-body"><p class="muted">No stock move names this serial yet (it was recorded before serials were kept).</p></div>
<?cs /if ?></section>
<p><a href="/serials?product_id=<?cs var:data.product_id ?>">Every serial of this product<?cs call:icon("chevron-right") ?></a></p>
</div>
</div>
