<?cs
# inventory/po_print.cs: GET /purchase-orders/:id/print. data.purchase_order
# (with lines), data.supplier, data.company, data.deliver_to. On screen a
# sheet; printed (A4, hearth.css "purchasing" block) the sheet alone.
?><?cs include:"inventory/macros.cs" ?><?cs include:"inventory/po_macros.cs" ?><?cs
 with:po = data.purchase_order ?><?cs with:s = data.supplier ?>
<p class="po-print-bar"><a class="btn btn-ghost" href="/purchase-orders/<?cs var:po.id ?>">Back to <?cs var:po.number ?></a> <span class="muted">Print this page from your browser (Ctrl+P or ⌘P); it fits A4.</span></p>
<article class="po-sheet" aria-label="Purchase order <?cs var:po.number ?>">
 <header class="po-sheet-head">
  <div>
   <p class="po-sheet-company"><?cs var:data.company.name ?></p>
<?cs if:data.company.email ?>   <p class="muted"><?cs var:data.company.email ?></p>
<?cs /if ?>  </div>
  <div class="po-sheet-title">
   <h1>Purchase order</h1>
   <p class="po-sheet-number"><?cs var:po.number ?></p>
<?cs if:po.status == "draft" ?>   <p class="po-sheet-draft">Draft: not sent</p>
<?cs elif:po.status == "cancelled" ?>   <p class="po-sheet-draft">Cancelled</p>
<?cs /if ?>  </div>
 </header>
 <div class="po-sheet-parties">
  <section>
   <h2>Supplier</h2>
   <p><strong><?cs var:s.name ?></strong></p>
<?cs if:s.address ?>   <p class="po-pre"><?cs var:s.address ?></p>
<?cs /if ?><?cs if:s.contact_name ?>   <p>Attn: <?cs var:s.contact_name ?></p>
<?cs /if ?><?cs if:s.email ?>   <p><?cs var:s.email ?></p>
<?cs /if ?><?cs if:s.phone ?>   <p><?cs var:s.phone ?></p>
<?cs /if ?>  </section>
  <section>
   <h2>Deliver to</h2>
<?cs if:data.deliver_to.name ?>   <p><strong><?cs var:data.company.name ?></strong></p>
   <p><?cs var:data.deliver_to.name ?></p>
<?cs if:data.deliver_to.address ?>   <p class="po-pre"><?cs var:data.deliver_to.address ?></p>
<?cs /if ?><?cs else ?>   <p class="muted">—</p>
<?cs /if ?>  </section>
  <section>
   <h2>Order</h2>
   <dl class="po-sheet-facts">
    <dt>Date</dt><dd><?cs if:po.sent_at ?><?cs call:date(po.sent_at) ?><?cs else ?><?cs call:date(po.created_at) ?><?cs /if ?></dd>
<?cs if:po.expected_on ?>    <dt>Expected</dt><dd><?cs var:po.expected_on ?></dd>
<?cs /if ?><?cs if:s.account_number ?>    <dt>Our account</dt><dd><?cs var:s.account_number ?></dd>
<?cs /if ?><?cs if:s.payment_terms ?>    <dt>Terms</dt><dd><?cs var:s.payment_terms ?></dd>
<?cs /if ?>   </dl>
  </section>
 </div>
 <table class="po-sheet-lines">
  <thead><tr><th scope="col" class="num">#</th><th scope="col">Their SKU</th><th scope="col">Our SKU</th><th scope="col">Description</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Unit cost</th><th scope="col" class="num">Amount</th></tr></thead>
  <tbody>
<?cs each:l = po.lines ?>   <tr><td class="num"><?cs var:name(l) + 1 ?></td><td><?cs var:l.supplier_sku ?></td><td><?cs var:l.sku ?></td><td><?cs var:l.product_name ?><?cs if:l.doc_type ?> <span class="muted">(<?cs call:doc_label(l.doc_type, l.doc_id) ?>)</span><?cs /if ?></td><td class="num"><?cs call:qty(l.qty, l.unit) ?></td><td class="num"><?cs call:money(l.unit_cost_cents) ?></td><td class="num"><?cs call:money(l.line_cents) ?></td></tr>
<?cs /each ?>  </tbody>
  <tfoot><tr><th scope="row" colspan="6" class="num">Total</th><td class="num"><strong><?cs call:money(po.total_cents) ?></strong></td></tr></tfoot>
 </table>
<?cs if:po.notes ?> <section class="po-sheet-notes"><h2>Notes</h2><p class="po-pre"><?cs var:po.notes ?></p></section>
<?cs /if ?> <footer class="po-sheet-foot">Please quote <?cs var:po.number ?> on your delivery note and invoice.</footer>
</article><?cs /with ?><?cs /with ?>
