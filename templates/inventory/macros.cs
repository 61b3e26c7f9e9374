<?cs
# inventory/macros.cs: what the inventory pages share. Each page template
# includes this file once (layout.cs has included templates/macros.cs).
# money(cents): "$1,299.00" (lib/view.c fmt_money, 64-bit); "—" when empty.
# qty(n, unit): "12" or "305 m" or "4 boxes".
# minutes_as_hours(m): "1.5 h" from 90; "—" for 0.
# archive_actions(base, question): Edit / Archive, or Restore, for
#   can.inventory_write (the customers' show_actions asks customers_write).
?><?cs def:money(cents) ?><?cs if:cents != "" ?><?cs set:money_v = cents ?><?cs var:fmt_money(money_v) ?><?cs else ?><span class="muted">—</span><?cs /if ?><?cs /def ?><?cs
def:qty(n, unit) ?><?cs var:n ?><?cs if:unit == "metre" ?> m<?cs elif:unit == "box" ?> <?cs if:n == "1" ?>box<?cs else ?>boxes<?cs /if ?><?cs /if ?><?cs /def ?><?cs
def:minutes_as_hours(m) ?><?cs if:#m > 0 ?><?cs var:#m / 60 ?><?cs if:#m % 60 ?>.<?cs if:(#m % 60) * 100 / 60 < 10 ?>0<?cs /if ?><?cs var:(#m % 60) * 100 / 60 ?><?cs /if ?> h<?cs else ?><span class="muted">—</span><?cs /if ?><?cs /def ?><?cs
def:archive_actions(base, question) ?><?cs if:can.inventory_write ?><?cs
 if:data.archived_at ?><?cs call:post_button(base + "/restore", "", "Restore", "secondary", "restore", "") ?><?cs
 else ?><?cs call:button_link("Edit", base + "/edit", "secondary", "edit") ?><?cs
  call:post_button(base, "DELETE", "Archive", "danger", "archive", question) ?><?cs /if ?><?cs
 /if ?><?cs /def ?>
<?cs
# serial_state(state, doc_type, doc_id): a serial's state as a badge
#   ("In stock", "Reserved for project #1042", "Installed on ticket #7").
?><?cs def:serial_state(state, doc_type, doc_id) ?><?cs
 if:state == "in_stock" ?><span class="badge badge-green">In stock</span><?cs
 elif:state == "allocated" ?><span class="badge badge-blue">Reserved<?cs if:doc_type ?> for <?cs var:labels.doc_type[doc_type] ?> #<?cs var:doc_id ?><?cs /if ?></span><?cs
 elif:state == "consumed" ?><span class="badge">Installed<?cs if:doc_type ?> on <?cs var:labels.doc_type[doc_type] ?> #<?cs var:doc_id ?><?cs /if ?></span><?cs
 elif:state == "written_off" ?><span class="badge badge-amber">Written off</span><?cs
 else ?><span class="badge badge-amber">Out of stock (adjusted)</span><?cs /if ?><?cs /def ?>
