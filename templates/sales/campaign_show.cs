<?cs
# sales/campaign_show.cs: GET /campaigns/:id. data.* the campaign, its
# numbers (leads, converted, conversion_pct, deals, won_deals, won_cents,
# roi_pct) and data.recent_leads.
?><?cs include:"sales/macros.cs" ?><?cs set:cid = data.id ?><?cs
 call:page_header_open(data.name) ?>
 <div class="page-meta"><span class="badge badge-neutral"><?cs var:labels.campaign_channel[data.channel] ?></span><?cs if:data.archived_at ?><?cs call:badge("Archived", "amber") ?><?cs /if ?></div>
<?cs call:page_header_actions() ?><?cs call:sales_actions("/campaigns/" + cid, "Archive this campaign? It can no longer be chosen for leads and deals.") ?><?cs call:page_header_close() ?>

<div class="detail-grid">
<aside class="detail-side">
<?cs call:card_open("Campaign", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Channel</dt><dd><?cs var:labels.campaign_channel[data.channel] ?></dd>
   <dt>Starts</dt><dd><?cs if:data.starts_on ?><?cs call:date(data.starts_on) ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Ends</dt><dd><?cs if:data.ends_on ?><?cs call:date(data.ends_on) ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
   <dt>Cost</dt><dd><?cs call:money(data.cost_cents) ?></dd>
  </dl>
<?cs if:data.notes ?>  <p class="notes"><?cs var:data.notes ?></p>
<?cs /if ?> </div>
<?cs call:card_close() ?>
<?cs call:card_open("What it brought", "", "", "") ?>
 <div class="card-body">
  <dl class="facts">
   <dt>Leads</dt><dd><a href="/leads?campaign_id=<?cs var:cid ?>"><?cs var:data.leads ?></a></dd>
   <dt>Converted</dt><dd><?cs var:data.converted ?></dd>
   <dt>Conversion rate</dt><dd><?cs call:pct(data.conversion_pct) ?></dd>
   <dt>Deals</dt><dd><a href="/deals?campaign_id=<?cs var:cid ?>"><?cs var:data.deals ?></a> (<?cs var:data.won_deals ?> won)</dd>
   <dt>Won revenue</dt><dd><?cs call:money(data.won_cents) ?></dd>
   <dt>Return on cost</dt><dd><?cs call:pct(data.roi_pct) ?></dd>
  </dl>
 </div>
<?cs call:card_close() ?>
</aside>
<div class="detail-main">
<?cs call:card_open("Latest leads", subcount(data.recent_leads), "", "") ?>
<?cs if:subcount(data.recent_leads) ?> <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Lead</th><th scope="col">Status</th><th scope="col">Owner</th><th scope="col">Received</th></tr></thead>
  <tbody>
<?cs each:l = data.recent_leads ?>   <tr><td data-label="Lead" class="cell-primary"><a href="/leads/<?cs var:l.id ?>"><?cs var:l.name ?></a><?cs if:l.company ?> <span class="muted"><?cs var:l.company ?></span><?cs /if ?></td><td data-label="Status"><?cs call:lead_status(l.status) ?></td><td data-label="Owner"><?cs var:l.owner_name ?></td><td data-label="Received" class="cell-nowrap"><?cs call:date(l.created_at) ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
<?cs else ?> <?cs call:empty_state("inbox", "No leads from this campaign yet", "Choose this campaign on a lead to attribute it.", "", "") ?>
<?cs /if ?><?cs call:card_close() ?>
</div>
</div>
