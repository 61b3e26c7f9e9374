<?cs
# inventory/report_macros.cs: what the stock-take and report pages share
# (each includes it once).
# usd(cents): "$12,345.67", "−$84.99" for a negative amount.
# grouped(n): 1234567 → "1,234,567" (n ≥ 0).
# Both work on the digits as text: ClearSilver's numbers are 32-bit, and
# a location's stock at cost passes $21M (2^31 cents) at scale.
# signed(n): "+3", "−2", "0".
# report_tabs(current): the reports' own navigation.
?><?cs def:grouped(n) ?><?cs set:g_s = string.slice(n, 0, string.length(n)) ?><?cs set:g_n = string.length(g_s) ?><?cs
 loop:g_i = 0, g_n - 1, 1 ?><?cs if:g_i > 0 && (g_n - g_i) % 3 == 0 ?>,<?cs /if ?><?cs var:string.slice(g_s, g_i, g_i + 1) ?><?cs /loop ?><?cs /def ?><?cs
def:usd(cents) ?><?cs if:cents == "" ?><span class="muted">—</span><?cs else ?><?cs set:u_s = string.slice(cents, 0, string.length(cents)) ?><?cs
 if:string.slice(u_s, 0, 1) == "-" ?>−<?cs set:u_s = string.slice(u_s, 1, string.length(u_s)) ?><?cs /if ?><?cs
 if:string.length(u_s) == 1 ?><?cs set:u_s = "00" + u_s ?><?cs elif:string.length(u_s) == 2 ?><?cs set:u_s = "0" + u_s ?><?cs /if ?>$<?cs
 call:grouped(string.slice(u_s, 0, string.length(u_s) - 2)) ?>.<?cs var:string.slice(u_s, string.length(u_s) - 2, string.length(u_s)) ?><?cs /if ?><?cs /def ?><?cs
def:signed(n) ?><?cs if:#n > 0 ?>+<?cs var:#n ?><?cs elif:#n < 0 ?>−<?cs var:0 - #n ?><?cs else ?>0<?cs /if ?><?cs /def ?><?cs
def:report_tab(href, label, current) ?><li><a href="<?cs var:href ?>"<?cs if:href == current ?> aria-current="page"<?cs /if ?>><?cs var:label ?></a></li><?cs /def ?><?cs
def:report_tabs(current) ?><nav class="report-tabs" aria-label="Reports"><ul><?cs
 call:report_tab("/stock/reports/value", "Stock value", current) ?><?cs
 call:report_tab("/stock/reports/turnover", "Turnover", current) ?><?cs
 call:report_tab("/stock/reports/dead", "Dead stock", current) ?><?cs
 call:report_tab("/stock/reports/low", "Low stock", current) ?></ul></nav>
<?cs /def ?>
