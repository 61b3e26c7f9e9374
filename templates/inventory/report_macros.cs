<?cs
# inventory/report_macros.cs: what the stock-take and report pages share
# (each includes it once).
# usd(cents): "$12,345.67", "−$84.99" for a negative amount.
# grouped(n): 1234567 → "1,234,567" (n ≥ 0).
# Both are lib/view.c's fmt_money/fmt_int, on the digits as text:
# ClearSilver's numbers are 32-bit, and a location's stock at cost passes
# $21M (2^31 cents) at scale.
# signed(n): "+3", "−2", "0".
# report_tabs(current): the reports' own navigation.
?><?cs def:grouped(n) ?><?cs set:grouped_v = n ?><?cs var:fmt_int(grouped_v) ?><?cs /def ?><?cs
def:usd(cents) ?><?cs if:cents == "" ?><span class="muted">—</span><?cs else ?><?cs set:usd_v = cents ?><?cs var:fmt_money(usd_v) ?><?cs /if ?><?cs /def ?><?cs
def:signed(n) ?><?cs if:#n > 0 ?>+<?cs var:#n ?><?cs elif:#n < 0 ?>−<?cs var:0 - #n ?><?cs else ?>0<?cs /if ?><?cs /def ?><?cs
def:report_tab(href, label, current) ?><li><a href="<?cs var:href ?>"<?cs if:href == current ?> aria-current="page"<?cs /if ?>><?cs var:label ?></a></li><?cs /def ?><?cs
def:report_tabs(current) ?><nav class="report-tabs" aria-label="Reports"><ul><?cs
 call:report_tab("/stock/reports/value", "Stock value", current) ?><?cs
 call:report_tab("/stock/reports/turnover", "Turnover", current) ?><?cs
 call:report_tab("/stock/reports/dead", "Dead stock", current) ?><?cs
 call:report_tab("/stock/reports/low", "Low stock", current) ?></ul></nav>
<?cs /def ?>
