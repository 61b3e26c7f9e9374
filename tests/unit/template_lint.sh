#!/bin/sh
# Template lint: the ClearSilver traps that turn escaping off.
# - alt:, name:, lvar:, evar: are never escaped (LIBRARY-NOTES).
# - A var: that joins an *_escape() result with + is treated as already
#   escaped as a whole, so the other parts print raw: one escape per var:.
# - No inline script or style attribute (CSP).
dir="${HEARTH_SRCDIR:-.}/templates"
status=0
report() { echo "template_lint: $1" >&2; status=1; }

bad=$(grep -rnE '<\?cs (alt|name|lvar|evar):' "$dir" --include='*.cs')
[ -z "$bad" ] || report "unescaped commands:
$bad"
# uvar: prints raw: only HTML that view.c rendered from a template with
# escaping on (rendered.*), the QR code's SVG that libqrencode drew, and the
# charts lib/svgchart drew (page.chart_svg: numbers and labels it escaped).
bad=$(grep -rnoE '<\?cs uvar:[^ ?]*' "$dir" --include='*.cs' | grep -vE 'uvar:(rendered\.[a-z_]+|data\.qr_svg|page\.chart_svg)$')
[ -z "$bad" ] || report "uvar: on anything but rendered.* (view.c's rows):
$bad"
bad=$(grep -rnoP '<\?cs var:(?:(?!\?>).)*\?>' "$dir" --include='*.cs' | grep -E '_escape\(' | grep -E '\+')
[ -z "$bad" ] || report "escape function joined with + in one var:
$bad"
bad=$(grep -rnE ' style=|<script>| on[a-z]+=' "$dir" --include='*.cs')
[ -z "$bad" ] || report "inline script or style:
$bad"
# Every literal icon("name") must be a symbol of the sprite.
sprite="${HEARTH_SRCDIR:-.}/static/icons/icons.svg"
if [ -f "$sprite" ]; then
	for name in $(grep -rhoE 'icon\("[a-z_-]+"\)' "$dir" --include='*.cs' | sed 's/icon("\(.*\)")/\1/' | sort -u); do
		grep -q "id=\"i-$name\"" "$sprite" || report "icon \"$name\" is not in static/icons/icons.svg"
	done
fi
[ $status -eq 0 ] && echo "template_lint: ok ($(find "$dir" -name '*.cs' | wc -l) templates)"
exit $status
