<?cs
# sales/deals_list.cs: GET /deals. data.items, data.next, data.q, the
# filters (data.stage, data.owner_id, data.campaign_id, data.customer_id,
# data.close_month)
# with their choices (data.stages, data.owners, data.campaigns),
# data.archived, data.sort, data.sorts.
?><?cs include:"sales/macros.cs" ?><?cs set:list.q = data.q ?><?cs set:list.stage = data.stage ?><?cs
 set:list.owner_id = data.owner_id ?><?cs set:list.campaign_id = data.campaign_id ?><?cs set:list.customer_id = data.customer_id ?><?cs set:list.close_month = data.close_month ?><?cs
 set:list.archived = data.archived ?><?cs set:list.sort = data.sort ?><?cs set:list.limit = data.limit ?><?cs
 set:filtered = data.q || data.stage || data.owner_id || data.campaign_id || data.customer_id || data.close_month || data.archived == "1" ?><?cs
 call:page_header_open("Deals") ?><?cs call:page_header_actions() ?><?cs call:button_link("Pipeline board", "/deals/board", "secondary", "") ?><?cs
 if:can.sales_write ?><?cs call:button_link("New deal", "/deals/new", "primary", "plus") ?><?cs /if ?><?cs call:page_header_close() ?>

<form class="filters" method="get" action="/deals" role="search" aria-label="Filter deals" data-live-search>
<?cs call:list_search("Title or customer…") ?><div class="filter"><label for="f-stage">Stage</label><span class="select"><select class="input" id="f-stage" name="stage"><option value="">Any stage</option><?cs each:o = data.stages ?><?cs call:option(o.key, o.label, data.stage) ?><?cs /each ?></select></span></div>
<div class="filter"><label for="f-owner_id">Owner</label><span class="select"><select class="input" id="f-owner_id" name="owner_id"><option value="">Anyone</option><?cs each:o = data.owners ?><?cs call:option(o.id, o.name, data.owner_id) ?><?cs /each ?></select></span></div>
<?cs if:subcount(data.campaigns) ?><div class="filter"><label for="f-campaign_id">Campaign</label><span class="select"><select class="input" id="f-campaign_id" name="campaign_id"><option value="">Any campaign</option><?cs each:o = data.campaigns ?><?cs call:option(o.id, o.name, data.campaign_id) ?><?cs /each ?></select></span></div>
<?cs /if ?><div class="filter filter-month<?cs if:errors.close_month ?> has-error<?cs /if ?>"><label for="f-close_month">Expected close</label><input class="input" type="month" id="f-close_month" name="close_month" placeholder="YYYY-MM" value="<?cs var:data.close_month ?>"></div>
<?cs if:data.customer_id ?><input type="hidden" name="customer_id" value="<?cs var:data.customer_id ?>"><?cs /if ?><?cs call:list_sort("Sort") ?><?cs call:list_filter_end("/deals") ?>
</form>
<?cs call:list_errors("/deals") ?><p class="visually-hidden" aria-live="polite" data-live-status></p>

<div id="results" class="results">
<?cs if:data.count ?><?cs call:results_bar("deals", "/deals", "") ?>
 <div class="table-wrap">
 <table class="table table-stack">
  <thead><tr><th scope="col">Deal</th><th scope="col">Customer</th><th scope="col">Stage</th><th scope="col" class="num">Value</th><th scope="col" class="num">Probability</th><th scope="col">Expected close</th><th scope="col">Owner</th></tr></thead>
  <tbody>
<?cs each:d = data.items ?>   <tr<?cs if:d.archived_at ?> class="is-archived"<?cs /if ?>><td data-label="Deal" class="cell-primary"><a href="/deals/<?cs var:d.id ?>"><?cs var:d.title ?></a><?cs if:d.archived_at ?> <span class="badge badge-amber">Archived</span><?cs /if ?></td><td data-label="Customer"><a class="quiet" href="/customers/<?cs var:d.customer_id ?>"><?cs var:d.customer_name ?></a></td><td data-label="Stage"><?cs call:stage_badge(d.stage_label, d.outcome) ?></td><td data-label="Value" class="num"><?cs call:money(d.value_cents) ?></td><td data-label="Probability" class="num"><?cs var:d.probability ?>%</td><td data-label="Expected close" class="cell-nowrap"><?cs call:date(d.expected_close) ?></td><td data-label="Owner"><?cs var:d.owner_name ?></td></tr>
<?cs /each ?>  </tbody>
 </table>
 </div>
 <?cs call:pagination(data.next, list) ?>
<?cs elif:subcount(errors) ?>
<?cs elif:filtered ?><?cs call:empty_filtered("deals", "Try another search or filter.", "/deals") ?>
<?cs elif:data.paged ?><?cs call:empty_end("deals") ?>
<?cs else ?> <?cs call:empty_state("inbox", "No deals yet", "A deal starts when a lead is converted, or from a customer's page.", "", "") ?>
<?cs /if ?>
</div>
