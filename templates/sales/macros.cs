<?cs
# sales/macros.cs: what the sales pages share. Each page template includes
# this file once (layout.cs has included templates/macros.cs).
# money(cents): "$1,299.00" (lib/view.c fmt_money, 64-bit); "—" when empty.
# pct(n): "40%"; "—" when empty.
# lead_status(s): a lead's status as a badge.
# stage_badge(label, outcome): a deal's stage as a badge.
# sales_actions(base, question): Edit / Archive, or Restore, for
#   can.sales_write.
?><?cs def:money(cents) ?><?cs if:cents != "" ?><?cs set:money_v = cents ?><?cs var:fmt_money(money_v) ?><?cs else ?><span class="muted">—</span><?cs /if ?><?cs /def ?><?cs
def:pct(n) ?><?cs if:n != "" ?><?cs var:n ?>%<?cs else ?><span class="muted">—</span><?cs /if ?><?cs /def ?><?cs
def:lead_status(s) ?><span class="badge <?cs if:s == "new" ?>badge-blue<?cs elif:s == "qualified" ?>badge-accent<?cs elif:s == "converted" ?>badge-green<?cs elif:s == "lost" ?>badge-amber<?cs else ?>badge-neutral<?cs /if ?>"><?cs var:labels.lead_status[s] ?></span><?cs /def ?><?cs
def:stage_badge(label, outcome) ?><span class="badge <?cs if:outcome == "won" ?>badge-green<?cs elif:outcome == "lost" ?>badge-amber<?cs else ?>badge-blue<?cs /if ?>"><?cs var:label ?></span><?cs /def ?><?cs
def:sales_actions(base, question) ?><?cs if:can.sales_write ?><?cs
 if:data.archived_at ?><?cs call:post_button(base + "/restore", "", "Restore", "secondary", "restore", "") ?><?cs
 else ?><?cs call:button_link("Edit", base + "/edit", "secondary", "edit") ?><?cs
  call:post_button(base, "DELETE", "Archive", "danger", "archive", question) ?><?cs /if ?><?cs
 /if ?><?cs /def ?>
