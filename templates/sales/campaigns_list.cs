<?cs
# sales/campaigns_list.cs: GET /campaigns. data.items, data.next, data.q,
# data.channel, data.archived, data.sort, data.sorts.
?><?cs include:"sales/macros.cs" ?><?cs set:list.q = data.q ?><?cs set:list.channel = data.channel ?><?cs
 set:list.archived = data.archived ?><?cs set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.channel || data.archived == "1" ?><?cs
 if:can.sales_write ?><?cs call:page_header("Campaigns", "New campaign", "/campaigns/new") ?><?cs
 else ?><?cs call:page_header("Campaigns", "", "") ?><?cs /if ?>

<form class="filters" method="get" action="/campaigns" role="search" aria-label="Filter campaigns" data-live-search>
<?cs call:list_search("Campaign name…") ?><div class="filter"><label for="f-channel">Channel</label><span class="select"><select class="input" id="f-channel" name="channel"><option value="">All channels</option><?cs call:options("campaign_channel", data.channel) ?></select></span></div>
<?cs call:list_sort("Sort") ?><?cs call:list_filter_end("/campaigns") ?>
</form>
<?cs call:list_errors("/campaigns") ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("campaigns", "/campaigns", "") ?>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Campaign</th><th scope="col">Channel</th><th scope="col">Starts</th><th scope="col">Ends</th><th scope="col" class="num">Cost</th></tr></thead>
  <tbody>
<?cs each:c = data.items ?>   <tr<?cs if:c.archived_at ?> class="is-archived"<?cs /if ?>><td data-label="Campaign" class="cell-primary"><a href="/campaigns/<?cs var:c.id ?>"><?cs var:c.name ?></a><?cs if:c.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?></td><td data-label="Channel"><?cs var:labels.campaign_channel[c.channel] ?></td><td data-label="Starts" class="cell-nowrap"><?cs call:date(c.starts_on) ?></td><td data-label="Ends" class="cell-nowrap"><?cs call:date(c.ends_on) ?></td><td data-label="Cost" class="num"><?cs call:money(c.cost_cents) ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("campaigns", "Try another search or channel.", "/campaigns") ?>
<?cs elif:data.paged ?><?cs call:empty_end("campaigns") ?>
<?cs elif:can.sales_write ?> <?cs call:empty_state("tag", "No campaigns yet", "A campaign is what brings leads in: an ad, a home show, a partner. Attribute leads and deals to it to see its return.", "Add your first campaign", "/campaigns/new") ?>
<?cs else ?> <?cs call:empty_state("tag", "No campaigns yet", "Once your team adds campaigns, they appear here.", "", "") ?>
<?cs /if ?>
</div>
