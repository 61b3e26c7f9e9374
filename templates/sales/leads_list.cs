<?cs
# sales/leads_list.cs: GET /leads. data.items, data.next, data.q, the
# filters (data.status, data.owner_id, data.source, data.campaign_id) with
# their choices (data.owners, data.campaigns), data.archived, data.sort, data.sorts.
?><?cs include:"sales/macros.cs" ?><?cs set:list.q = data.q ?><?cs set:list.status = data.status ?><?cs
 set:list.owner_id = data.owner_id ?><?cs set:list.source = data.source ?><?cs set:list.campaign_id = data.campaign_id ?><?cs
 set:list.archived = data.archived ?><?cs set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.status || data.owner_id || data.source || data.campaign_id || data.archived == "1" ?><?cs
 if:can.sales_write ?><?cs call:page_header("Leads", "New lead", "/leads/new") ?><?cs
 else ?><?cs call:page_header("Leads", "", "") ?><?cs /if ?>

<form class="filters" method="get" action="/leads" role="search" aria-label="Filter leads" data-live-search>
<?cs call:list_search("Name, email, phone, town…") ?><div class="filter"><label for="f-status">Status</label><span class="select"><select class="input" id="f-status" name="status"><option value="">Any status</option><?cs call:options("lead_status", data.status) ?></select></span></div>
<div class="filter"><label for="f-owner_id">Owner</label><span class="select"><select class="input" id="f-owner_id" name="owner_id"><option value="">Anyone</option><?cs each:o = data.owners ?><?cs call:option(o.id, o.name, data.owner_id) ?><?cs /each ?></select></span></div>
<div class="filter"><label for="f-source">Source</label><span class="select"><select class="input" id="f-source" name="source"><option value="">Any source</option><?cs call:options("lead_source", data.source) ?></select></span></div>
<?cs if:subcount(data.campaigns) ?><div class="filter"><label for="f-campaign_id">Campaign</label><span class="select"><select class="input" id="f-campaign_id" name="campaign_id"><option value="">Any campaign</option><?cs each:o = data.campaigns ?><?cs call:option(o.id, o.name, data.campaign_id) ?><?cs /each ?></select></span></div>
<?cs /if ?><?cs call:list_sort("Sort") ?><?cs call:list_filter_end("/leads") ?>
</form>
<?cs call:list_errors("/leads") ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("leads", "/leads", "") ?>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Lead</th><th scope="col">Status</th><th scope="col">Email</th><th scope="col">Phone</th><th scope="col">Source</th><th scope="col">Owner</th><th scope="col">Next action</th><th scope="col">Received</th></tr></thead>
  <tbody>
<?cs each:l = data.items ?>   <tr<?cs if:l.archived_at ?> class="is-archived"<?cs /if ?>><td data-label="Lead" class="cell-primary"><a href="/leads/<?cs var:l.id ?>"><?cs var:l.name ?></a><?cs if:l.company ?> <span class="muted"><?cs var:l.company ?></span><?cs /if ?><?cs if:l.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?></td><td data-label="Status"><?cs call:lead_status(l.status) ?></td><td data-label="Email"><?cs if:l.email ?><a class="quiet" href="mailto:<?cs var:l.email ?>"><?cs var:l.email ?></a><?cs /if ?></td><td data-label="Phone" class="cell-nowrap"><?cs if:l.phone ?><a class="quiet" href="tel:<?cs var:l.phone ?>"><?cs var:l.phone ?></a><?cs /if ?></td><td data-label="Source"><?cs var:labels.lead_source[l.source] ?><?cs if:l.campaign_name ?> <span class="muted">· <?cs var:l.campaign_name ?></span><?cs /if ?></td><td data-label="Owner"><?cs var:l.owner_name ?></td><td data-label="Next action" class="cell-nowrap"><?cs call:date(l.next_action_on) ?></td><td data-label="Received" class="cell-nowrap"><?cs call:date(l.created_at) ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("leads", "Try another search or filter.", "/leads") ?>
<?cs elif:data.paged ?><?cs call:empty_end("leads") ?>
<?cs elif:can.sales_write ?> <?cs call:empty_state("inbox", "No leads yet", "Enquiries from calls, your showroom and your website's form arrive here.", "Add your first lead", "/leads/new") ?>
<?cs else ?> <?cs call:empty_state("inbox", "No leads yet", "Once your team adds leads, they appear here.", "", "") ?>
<?cs /if ?>
</div>
