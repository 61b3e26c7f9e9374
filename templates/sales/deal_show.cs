<?cs
# sales/deal_show.cs: GET /deals/:id. data.* the deal, data.lead_name,
# data.stage_changes (newest first).
?><?cs include:"sales/macros.cs" ?><?cs set:did = data.id ?><?cs
 call:page_header_open(data.title) ?>
 <div class="page-meta"><?cs call:stage_badge(data.stage_label, data.outcome) ?><span class="badge badge-neutral"><?cs call:money(data.value_cents) ?></span><?cs if:data.archived_at ?><?cs call:badge("Archived", "amber") ?><?cs /if ?></div>
<?cs call:page_header_actions() ?><?cs call:sales_actions("/deals/" + did, "Archive this deal? It leaves the pipeline; it can be restored.") ?><?cs call:page_header_close() ?>

<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("Deal", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Customer</dt><dd><a href="/customers/<?cs var:data.customer_id ?>"><?cs var:data.customer_name ?></a></dd>
   <dt>Property</dt><dd><?cs if:data.property_id ?><a href="/properties/<?cs var:data.property_id ?>"><?cs var:data.property_name ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Value</dt><dd><?cs call:money(data.value_cents) ?></dd>
   <dt>Probability</dt><dd><?cs var:data.probability ?>%</dd>
   <dt>Weighted</dt><dd><?cs call:money(data.weighted_cents) ?></dd>
   <dt>Expected close</dt><dd><?cs if:data.expected_close ?><?cs call:date(data.expected_close) ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <?cs call:dl_item("Owner", data.owner_name) ?>
   <dt>Campaign</dt><dd><?cs if:data.campaign_id ?><a href="/campaigns/<?cs var:data.campaign_id ?>"><?cs var:data.campaign_name ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>From lead</dt><dd><?cs if:data.lead_id ?><a href="/leads/<?cs var:data.lead_id ?>"><?cs var:data.lead_name ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
<?cs if:data.outcome == "lost" ?>   <?cs call:dl_item("Lost because", data.lost_reason) ?>
<?cs /if ?><?cs if:data.closed_at ?>   <dt>Closed</dt><dd><?cs call:datetime(data.closed_at) ?></dd>
<?cs /if ?>  </dl>
 </div>
<?cs call:card_close() ?>
</aside>
<div class="detail-main">
<?cs call:card_open("Stage history", subcount(data.stage_changes), "", "") ?>
<?cs if:subcount(data.stage_changes) ?> <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">When</th><th scope="col">From</th><th scope="col">To</th></tr></thead>
  <tbody>
<?cs each:h = data.stage_changes ?>   <tr><td data-label="When" class="cell-nowrap"><?cs call:datetime(h.at) ?></td><td data-label="From"><?cs if:h.from_label ?><?cs var:h.from_label ?><?cs else ?><span class="muted">Created</span><?cs /if ?></td><td data-label="To"><?cs var:h.to_label ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs /if ?><?cs call:card_close() ?>
<?cs call:card_open("Notes", "", "", "") ?>
 <div class="card-body"><?cs if:data.notes ?><p class="notes"><?cs var:data.notes ?></p><?cs else ?><p class="muted">No notes yet.</p><?cs /if ?></div>
<?cs call:card_close() ?>
</div>
</div>
