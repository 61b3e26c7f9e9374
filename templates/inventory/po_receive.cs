<?cs
# inventory/po_receive.cs: GET/POST /purchase-orders/:id/receive.
# data.purchase_order (with lines), data.locations, data.default_location_id,
# data.bins (HTML only: line id → the product's bin at the default location);
# after a refusal data.refused, form.qty_<line id>, form.location_<line id>,
# form.serials_<line id> and each line's error_qty / error_location /
# error_serials. A serialised product's line has a serials field below it.
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/po_macros.cs" ?><?cs
 with:po = data.purchase_order ?><?cs set:again = subcount(form) ?><?cs
 call:page_header_open("Receive " + po.number) ?>
 <div class="page-meta"><?cs call:po_status(po.status) ?> <?cs var:po.supplier_name ?><?cs if:po.expected_on ?> · expected <?cs var:po.expected_on ?><?cs /if ?></div>
<?cs call:page_header_actions() ?><?cs call:page_header_close() ?>
<?cs if:errors.lines && !subcount(errors.lines) ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div><p><?cs var:errors.lines ?></p></div></div>
<?cs elif:data.refused ?><div class="notice notice-warning" role="alert"><?cs call:icon("alert") ?><div><p class="notice-title">Nothing was received</p><p>Check the lines marked below, then receive again.</p></div></div>
<?cs /if ?><?cs if:po.status != "sent" && po.status != "partially_received" ?><div class="notice" role="status"><?cs call:icon("alert") ?><div><p>This purchase order is not open for receiving (<?cs call:po_status(po.status) ?>).</p></div></div>
<?cs /if ?>
<form class="form" method="post" action="/purchase-orders/<?cs var:po.id ?>/receive" novalidate>
<?cs call:csrf_field() ?>
 <section class="form-section form-section-stacked">
  <div class="form-section-head"><h2>What arrived</h2><p class="muted">Each open line starts with what is still to come: change it to what is in the box (0 for nothing). What does not arrive stays on order.</p></div>
  <div class="table-wrap">
  <table class="table table-stack po-receive">
   <thead><tr><th scope="col">Product</th><th scope="col">Their SKU</th><th scope="col" class="num">Ordered</th><th scope="col" class="num">Still to come</th><th scope="col">Arrived now</th><th scope="col">Into</th></tr></thead>
   <tbody>
<?cs each:l = po.lines ?><?cs if:l.open_qty > 0 ?><?cs set:qk = "qty_" + l.id ?><?cs set:lk = "location_" + l.id ?><?cs set:err = l.error_qty ?><?cs set:lerr = l.error_location ?>
    <tr<?cs if:err || lerr ?> class="has-error"<?cs /if ?>><td data-label="Product" class="cell-primary"><?cs var:l.product_name ?> <span class="muted"><?cs var:l.sku ?></span><?cs if:l.doc_type ?> <span class="badge badge-accent"><?cs call:doc_label(l.doc_type, l.doc_id) ?></span><?cs /if ?></td><td data-label="Their SKU"><?cs var:l.supplier_sku ?></td><td data-label="Ordered" class="num"><?cs call:qty(l.qty, l.unit) ?></td><td data-label="Still to come" class="num"><?cs var:l.open_qty ?></td>
     <td data-label="Arrived now"><label class="visually-hidden" for="r-<?cs var:l.id ?>">Arrived now of <?cs var:l.sku ?></label><input class="input input-qty" id="r-<?cs var:l.id ?>" name="<?cs var:qk ?>" type="number" min="0" max="<?cs var:l.open_qty ?>" step="1" inputmode="numeric" value="<?cs if:again ?><?cs var:form[qk] ?><?cs else ?><?cs var:l.open_qty ?><?cs /if ?>"<?cs if:err ?> aria-invalid="true" aria-describedby="r-<?cs var:l.id ?>-error"<?cs /if ?>><?cs if:err ?><p class="field-error" id="r-<?cs var:l.id ?>-error"><?cs call:icon("alert") ?><span><?cs var:err ?></span></p><?cs /if ?></td>
     <td data-label="Into"><label class="visually-hidden" for="l-<?cs var:l.id ?>">Location for <?cs var:l.sku ?></label><div class="into-cell"><span class="select"><select class="input" id="l-<?cs var:l.id ?>" name="<?cs var:lk ?>"><?cs set:cur = data.default_location_id ?><?cs if:again && form[lk] ?><?cs set:cur = form[lk] ?><?cs /if ?><?cs each:o = data.locations ?><?cs call:option(o.id, o.name, cur) ?><?cs /each ?></select></span><?cs if:data.bins[l.id] ?><span class="bin-hint">Bin <code class="bin"><?cs var:data.bins[l.id] ?></code> at the default location</span><?cs /if ?></div><?cs if:lerr ?><p class="field-error"><?cs call:icon("alert") ?><span><?cs var:lerr ?></span></p><?cs /if ?></td></tr>
<?cs if:l.serialised == "1" || l.error_serials ?><?cs set:sk = "serials_" + l.id ?><?cs set:serr = l.error_serials ?>
    <tr class="po-receive-serials<?cs if:serr ?> has-error<?cs /if ?>"><td colspan="6" data-label="Serials"><div class="field<?cs if:serr ?> has-error<?cs /if ?>"><label for="s-<?cs var:l.id ?>">Serials of <?cs var:l.sku ?><span class="req" aria-hidden="true"> *</span></label><p class="field-hint" id="s-<?cs var:l.id ?>-hint">One for each unit that arrived: scan or paste one a line (a spreadsheet column works), SERIAL MAC for a MAC, or a range such as SN1000-SN1049.</p><textarea class="input" id="s-<?cs var:l.id ?>" name="<?cs var:sk ?>" rows="4" spellcheck="false" autocomplete="off" aria-describedby="s-<?cs var:l.id ?>-hint<?cs if:serr ?> s-<?cs var:l.id ?>-error<?cs /if ?>"<?cs if:serr ?> aria-invalid="true"<?cs /if ?>><?cs if:again ?><?cs var:form[sk] ?><?cs /if ?></textarea><?cs if:serr ?><p class="field-error" id="s-<?cs var:l.id ?>-error"><?cs call:icon("alert") ?><span><?cs var:serr ?></span></p><?cs /if ?></div></td></tr>
<?cs /if ?><?cs /if ?><?cs /each ?>   </tbody>
  </table>
  </div>
 </section>
 <div class="form-actions">
  <button type="submit" class="btn btn-primary">Receive into stock</button>
  <a class="btn btn-ghost" href="/purchase-orders/<?cs var:po.id ?>">Cancel</a>
 </div>
</form><?cs /with ?>
