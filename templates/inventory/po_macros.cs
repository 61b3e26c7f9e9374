<?cs
# inventory/po_macros.cs: what the purchasing pages share (each includes
# it once, after inventory/macros.cs).
# po_status(s): the status as a badge.
# po_step(po, action, label, variant, confirm): a button that takes the PO
#   one step (send, cancel, close), carrying the version read.
?><?cs def:po_status(s) ?><?cs
 if:s == "draft" ?><span class="badge badge-tag">Draft</span><?cs
 elif:s == "sent" ?><span class="badge badge-blue">Sent</span><?cs
 elif:s == "partially_received" ?><span class="badge badge-amber">Partly received</span><?cs
 elif:s == "received" ?><span class="badge badge-green">Received</span><?cs
 elif:s == "closed" ?><span class="badge badge-violet">Closed</span><?cs
 elif:s == "cancelled" ?><span class="badge badge-red">Cancelled</span><?cs
 /if ?><?cs /def ?><?cs
def:po_step(po, action, label, variant, confirm) ?><form class="inline-form" method="post" action="/purchase-orders/<?cs var:po.id ?>/<?cs var:action ?>"<?cs
 if:confirm ?> data-confirm="<?cs var:confirm ?>"<?cs /if ?>><?cs call:csrf_field() ?><?cs call:hidden_field("version", po.version) ?><button type="submit" class="btn<?cs
 if:variant == "primary" ?> btn-primary<?cs elif:variant == "danger" ?> btn-danger<?cs /if ?>"><?cs var:label ?></button></form><?cs /def ?><?cs
def:doc_label(type, id) ?><?cs if:type == "project" ?>Project #<?cs var:id ?><?cs elif:type == "ticket" ?>Ticket #<?cs var:id ?><?cs /if ?><?cs /def ?>
