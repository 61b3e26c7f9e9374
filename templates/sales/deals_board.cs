<?cs
# sales/deals_board.cs: GET /deals/board. data.stages [{id, name, outcome,
# count, value_cents, weighted_cents, deals, more_url}], data.owner_id,
# data.close_month, data.owners, data.back (where a card's form returns),
# data.message (a move refused), data.cards_per_column.
?><?cs include:"sales/macros.cs" ?><script src="<?cs var:static ?>/js/board.js" defer></script><?cs call:page_header("Pipeline board", "", "") ?>

<form class="filters" method="get" action="/deals/board" role="search" aria-label="Filter the board">
<div class="filter"><label for="f-owner_id">Owner</label><span class="select"><select class="input" id="f-owner_id" name="owner_id"><option value="">Anyone</option><?cs each:o = data.owners ?><?cs call:option(o.id, o.name, data.owner_id) ?><?cs /each ?></select></span></div>
<div class="filter filter-month"><label for="f-close_month">Expected close</label><input class="input" type="month" id="f-close_month" name="close_month" placeholder="YYYY-MM" value="<?cs var:data.close_month ?>"></div>
<div class="filter-actions"><button type="submit" class="btn">Filter</button><a class="btn btn-ghost" href="/deals/board">Clear</a><a class="btn btn-ghost" href="/deals">List view</a></div>
</form>
<?cs if:data.message ?><div class="notice notice-error" role="alert"><?cs call:icon("alert") ?><p><?cs var:data.message ?></p></div><?cs /if ?>
<?cs if:can.sales_write ?><p class="muted board-keys" id="board-keys">Moving a card: drag it to another column, or focus it (Tab) and press ← or → for the previous or next stage; without JavaScript, pick its stage and press Move.</p><?cs /if ?>
<p class="visually-hidden" aria-live="polite" data-board-live></p>

<div class="board" data-board>
<?cs each:s = data.stages ?><section class="board-col<?cs if:s.outcome != "open" ?> board-col-closed<?cs /if ?>" aria-labelledby="col-<?cs var:s.id ?>" data-stage="<?cs var:s.id ?>" data-stage-name="<?cs var:s.name ?>">
 <header class="board-col-head"><h2 id="col-<?cs var:s.id ?>"><?cs var:s.name ?> <span class="muted">(<?cs var:s.count ?>)</span></h2>
 <p class="board-totals"><span title="Total value"><?cs call:money(s.value_cents) ?></span> · <span title="Weighted value (value × probability)">weighted <?cs call:money(s.weighted_cents) ?></span></p></header>
<?cs if:s.outcome != "open" ?><?cs if:s.count ?> <p><a class="quiet" href="<?cs var:s.more_url ?>">See the <?cs var:s.count ?> deals</a></p><?cs else ?> <p class="muted">No deals.</p><?cs /if ?>
<?cs else ?><?cs each:d = s.deals ?> <article class="board-card" data-deal="<?cs var:d.id ?>" data-version="<?cs var:d.version ?>" data-title="<?cs var:d.title ?>">
  <h3><a href="/deals/<?cs var:d.id ?>"><?cs var:d.title ?></a></h3>
  <p class="muted"><?cs var:d.customer_name ?></p>
  <dl class="board-facts"><dt>Value</dt><dd><?cs call:money(d.value_cents) ?> · <?cs var:d.probability ?>%</dd><?cs
  if:d.expected_close ?><dt>Close</dt><dd><?cs call:date(d.expected_close) ?></dd><?cs /if ?><?cs
  if:d.owner_name ?><dt>Owner</dt><dd><?cs var:d.owner_name ?></dd><?cs /if ?></dl>
<?cs if:can.sales_write ?>  <form class="board-move" method="post" action="/deals/<?cs var:d.id ?>?back=<?cs var:url_escape(data.back) ?>"><?cs call:csrf_field() ?><?cs call:method_field("PATCH") ?><input type="hidden" name="version" value="<?cs var:d.version ?>">
   <label class="visually-hidden" for="stage-<?cs var:d.id ?>">Stage of <?cs var:d.title ?></label><span class="select"><select class="input" id="stage-<?cs var:d.id ?>" name="stage"><?cs each:o = data.stages ?><?cs call:option(o.id, o.name, d.stage) ?><?cs /each ?></select></span>
   <button type="submit" class="btn btn-sm">Move</button></form>
<?cs /if ?> </article>
<?cs /each ?><?cs if:#s.count > #data.cards_per_column ?> <p><a class="quiet" href="<?cs var:s.more_url ?>">More: all <?cs var:s.count ?> deals</a></p>
<?cs elif:!s.count ?> <p class="muted">No deals.</p><?cs /if ?>
<?cs /if ?></section>
<?cs /each ?></div>
