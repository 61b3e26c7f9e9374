/* seed_inventory.c: the inventory family's demo and scale data.
 *
 * demo: an integrator's catalog under invented brands (control, audio,
 * video, lighting, networking, security, cabling, power, mounting: each
 * base item expanded by its variants, 300+ products), four distributors,
 * a warehouse and three vans, and stock put there through the family's
 * own SQL functions (inventory.move, inventory.allocate), so the demo
 * ledger and levels agree exactly as they do in use.
 * scale (--products N): N products, 20 locations and 20 stock moves per
 * product over 18 months, written set-wise in PostgreSQL by parallel
 * connections (generate_series), then the levels, totals and report
 * summaries summed from those moves in the same transactions (50,000
 * products, 1M moves: see docs/inventory-reports.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seed_family.h"

/* ------------------------------------------------------------------ */
/* The catalog.                                                        */

struct seed_item {
	const char *category, *brand, *prefix, *model, *name, *unit;
	int cost_cents, markup_pct, labour_minutes, serialised, reorder_point, reorder_qty;
	const char *variants;    /* "code:words|code:words", "" for none */
	const char *tags;        /* a text[] literal */
};

static const struct seed_item seed_items[] = {
	/* control */
	{"control", "Veridian", "VER", "EA-1", "Controller, entry", "each", 39900, 60, 90, 1, 2, 4, "", "{controller}"},
	{"control", "Veridian", "VER", "EA-3", "Controller, whole home", "each", 89900, 55, 120, 1, 1, 2, "", "{controller}"},
	{"control", "Veridian", "VER", "CORE-5", "Controller, core 5", "each", 149900, 50, 150, 1, 1, 2, "", "{controller}"},
	{"control", "Veridian", "VER", "T3", "Touch screen 8 in, in-wall", "each", 64900, 55, 60, 1, 1, 2, "WH:white|BK:black", "{touchscreen}"},
	{"control", "Veridian", "VER", "T5", "Touch screen 10 in, tabletop", "each", 99900, 50, 30, 1, 1, 2, "WH:white|BK:black", "{touchscreen}"},
	{"control", "Veridian", "VER", "KP6", "Keypad, 6 button", "each", 11900, 70, 30, 0, 6, 12,
	    "WH:white|BK:black|AL:almond|LA:light almond|IV:ivory|SS:stainless", "{keypad}"},
	{"control", "Veridian", "VER", "SR-260", "Remote, handheld", "each", 17900, 60, 10, 1, 3, 6, "", "{remote}"},
	{"control", "Keystone Controls", "KSC", "CP4", "Control processor", "each", 179900, 45, 180, 1, 1, 1, "", "{controller,commercial}"},
	{"control", "Keystone Controls", "KSC", "TSW-770", "Touch panel 7 in", "each", 119900, 45, 60, 1, 1, 2, "B:black|W:white", "{touchscreen}"},
	{"control", "Keystone Controls", "KSC", "HZ-KP", "Keypad, Horizon", "each", 21900, 55, 30, 0, 4, 8,
	    "B:black|W:white|AL:almond|GR:grey", "{keypad}"},
	{"control", "Keystone Controls", "KSC", "DIN-IO8", "I/O module, DIN rail, 8 ch", "each", 54900, 45, 45, 1, 1, 2, "", "{din}"},
	/* lighting */
	{"lighting", "Lumora", "LUM", "DIM-600", "Dimmer, 600 W in-wall", "each", 6400, 100, 25, 0, 12, 24,
	    "WH:white|BK:black|AL:almond|IV:ivory|GR:grey", "{dimmer}"},
	{"lighting", "Lumora", "LUM", "DIM-ELV", "Dimmer, ELV 450 W", "each", 9900, 90, 25, 0, 8, 16,
	    "WH:white|BK:black|AL:almond|IV:ivory", "{dimmer}"},
	{"lighting", "Lumora", "LUM", "SW-8A", "Switch, 8 A in-wall", "each", 5400, 100, 20, 0, 10, 20,
	    "WH:white|BK:black|AL:almond|IV:ivory", "{switch}"},
	{"lighting", "Lumora", "LUM", "PICO", "Pico remote, 3 button", "each", 1900, 120, 10, 0, 20, 40, "WH:white|BK:black", "{remote}"},
	{"lighting", "Lumora", "LUM", "PNL-24", "Lighting panel, 24 module", "each", 189900, 40, 480, 1, 0, 0, "", "{panel,commercial}"},
	{"lighting", "Lumora", "LUM", "SHADE-RL", "Roller shade motor", "each", 38900, 60, 90, 1, 2, 4, "S:small|M:medium|L:large", "{shades}"},
	{"lighting", "Lumora", "LUM", "BRIDGE", "Smart bridge", "each", 7900, 80, 20, 1, 4, 8, "", "{bridge}"},
	{"lighting", "Brightfield", "BRF", "DL4", "LED downlight 4 in, tunable", "each", 4200, 110, 30, 0, 24, 48,
	    "27:2700 K|30:3000 K|TW:tunable white", "{downlight}"},
	{"lighting", "Brightfield", "BRF", "TAPE", "LED tape, 24 V", "metre", 900, 150, 10, 0, 50, 100, "WW:warm white|RGBW:RGBW", "{led}"},
	{"lighting", "Brightfield", "BRF", "DRV-96", "LED driver 96 W", "each", 5900, 90, 20, 0, 6, 12, "", "{driver}"},
	/* audio */
	{"audio", "Aurelle", "AUR", "AMP-2", "Streaming amplifier, 2 ch", "each", 44900, 55, 45, 1, 2, 4, "", "{amplifier,streaming}"},
	{"audio", "Aurelle", "AUR", "ONE", "Wireless speaker", "each", 14900, 50, 15, 1, 4, 8, "WH:white|BK:black", "{speaker,streaming}"},
	{"audio", "Aurelle", "AUR", "ARC", "Soundbar", "each", 64900, 40, 45, 1, 2, 4, "WH:white|BK:black", "{soundbar}"},
	{"audio", "Aurelle", "AUR", "SUB", "Wireless subwoofer", "each", 54900, 40, 20, 1, 1, 2, "WH:white|BK:black", "{subwoofer}"},
	{"audio", "Tonehaus", "TNH", "IC6", "In-ceiling speaker 6.5 in (pair)", "each", 18900, 80, 60, 0, 6, 12,
	    "STD:standard|TW:twin tweeter|OD:outdoor", "{speaker,in-ceiling}"},
	{"audio", "Tonehaus", "TNH", "IC8", "In-ceiling speaker 8 in (pair)", "each", 26900, 75, 60, 0, 4, 8, "STD:standard|LCR:LCR", "{speaker,in-ceiling}"},
	{"audio", "Tonehaus", "TNH", "IW6", "In-wall speaker 6.5 in (pair)", "each", 22900, 75, 75, 0, 4, 8, "STD:standard|LCR:LCR", "{speaker,in-wall}"},
	{"audio", "Tonehaus", "TNH", "AMP-8", "Amplifier, 8 channel", "each", 129900, 45, 60, 1, 1, 2, "", "{amplifier}"},
	{"audio", "Tonehaus", "TNH", "VOL", "Volume control, in-wall", "each", 4900, 100, 25, 0, 6, 12, "WH:white|BK:black|AL:almond", "{volume}"},
	{"audio", "Tonehaus", "TNH", "RK-LS", "Landscape speaker", "each", 21900, 70, 45, 0, 2, 6, "SAT:satellite|SUB:in-ground sub", "{outdoor}"},
	/* video */
	{"video", "Vistari", "VIS", "OLED", "OLED TV", "each", 109900, 25, 60, 1, 1, 2, "55:55 in|65:65 in|77:77 in|83:83 in", "{tv}"},
	{"video", "Vistari", "VIS", "QLED", "QLED TV", "each", 69900, 25, 60, 1, 1, 2, "55:55 in|65:65 in|75:75 in|85:85 in", "{tv}"},
	{"video", "Vistari", "VIS", "FRAME", "Art-frame TV", "each", 99900, 25, 90, 1, 0, 0, "55:55 in|65:65 in", "{tv}"},
	{"video", "Lumigraph", "LGR", "LP4K", "Laser projector 4K", "each", 459900, 30, 240, 1, 0, 0, "STD:standard|UST:ultra short throw", "{projector}"},
	{"video", "Lumigraph", "LGR", "SCR", "Projection screen, fixed", "each", 89900, 40, 180, 0, 0, 0, "100:100 in|120:120 in|135:135 in", "{screen}"},
	{"video", "Signalpath", "SGP", "MX-44", "HDMI matrix 4x4", "each", 139900, 45, 90, 1, 1, 1, "", "{matrix}"},
	{"video", "Signalpath", "SGP", "MX-88", "HDMI matrix 8x8", "each", 289900, 40, 120, 1, 0, 0, "", "{matrix}"},
	{"video", "Signalpath", "SGP", "HDBT", "HDBaseT extender set", "each", 29900, 60, 45, 1, 3, 6, "70:70 m|100:100 m", "{extender}"},
	{"video", "Signalpath", "SGP", "HDMI", "HDMI cable, certified", "each", 1400, 150, 0, 0, 20, 40,
	    "1M:1 m|2M:2 m|3M:3 m|5M:5 m|8M:8 m fibre|15M:15 m fibre", "{cable}"},
	/* networking */
	{"networking", "Meshline", "MSH", "GW-PRO", "Gateway, pro", "each", 37900, 50, 60, 1, 2, 4, "", "{router}"},
	{"networking", "Meshline", "MSH", "AP6", "Access point, Wi-Fi 6", "each", 14900, 60, 45, 1, 6, 12, "LITE:lite|PRO:pro|LR:long range|OD:outdoor", "{wifi,poe}"},
	{"networking", "Meshline", "MSH", "AP7", "Access point, Wi-Fi 7", "each", 18900, 55, 45, 1, 4, 8, "STD:standard|PRO:pro", "{wifi,poe}"},
	{"networking", "Meshline", "MSH", "SW", "Switch, PoE", "each", 19900, 50, 45, 1, 2, 4,
	    "8:8 port|16:16 port|24:24 port|48:48 port", "{switch,poe}"},
	{"networking", "Meshline", "MSH", "FLEX", "Switch, mini 5 port", "each", 2900, 80, 10, 1, 6, 12, "", "{switch}"},
	{"networking", "Packetry", "PKT", "NVR", "Network video recorder", "each", 29900, 50, 90, 1, 1, 2, "8:8 ch|16:16 ch", "{nvr}"},
	{"networking", "Packetry", "PKT", "SFP", "SFP+ module", "each", 3900, 80, 5, 0, 4, 8, "SR:SR|LR:LR|DAC:DAC 1 m", "{fibre}"},
	/* security */
	{"security", "Sentinel Eye", "SEN", "DOME4", "Dome camera 4 MP", "each", 12900, 70, 60, 1, 6, 12, "WH:white|BK:black", "{camera,poe}"},
	{"security", "Sentinel Eye", "SEN", "BUL8", "Bullet camera 8 MP", "each", 19900, 65, 60, 1, 4, 8, "WH:white|BK:black", "{camera,poe}"},
	{"security", "Sentinel Eye", "SEN", "PTZ", "PTZ camera 4 MP", "each", 79900, 45, 120, 1, 0, 0, "", "{camera}"},
	{"security", "Gatewise", "GTW", "DB2", "Video doorbell", "each", 17900, 60, 45, 1, 3, 6, "SN:satin nickel|BK:black|BR:bronze", "{doorbell}"},
	{"security", "Gatewise", "GTW", "LK", "Smart deadbolt", "each", 22900, 55, 45, 1, 3, 6, "SN:satin nickel|BK:black|BR:bronze|BS:brass", "{lock}"},
	{"security", "Gatewise", "GTW", "SNS", "Sensor", "each", 3400, 100, 15, 1, 10, 20, "DW:door/window|MO:motion|LK:leak|SM:smoke", "{sensor}"},
	{"security", "Gatewise", "GTW", "HUB", "Security hub", "each", 24900, 50, 60, 1, 1, 2, "", "{hub}"},
	/* cabling */
	{"cabling", "Coppergrove", "CPG", "CAT6", "Cat 6 cable, 305 m box", "box", 15900, 60, 0, 0, 4, 8, "BL:blue|WH:white|GR:grey", "{cable}"},
	{"cabling", "Coppergrove", "CPG", "CAT6A", "Cat 6A cable, 305 m box", "box", 29900, 55, 0, 0, 2, 4, "BL:blue|WH:white", "{cable}"},
	{"cabling", "Coppergrove", "CPG", "SPK14", "Speaker cable 14/4", "metre", 180, 120, 2, 0, 150, 300, "CL2:CL2|DB:direct burial", "{cable}"},
	{"cabling", "Coppergrove", "CPG", "SPK16", "Speaker cable 16/2", "metre", 90, 130, 2, 0, 150, 300, "", "{cable}"},
	{"cabling", "Coppergrove", "CPG", "RG6", "RG6 coax", "metre", 60, 150, 2, 0, 100, 300, "", "{cable}"},
	{"cabling", "Coppergrove", "CPG", "KEY6", "Keystone jack Cat 6", "each", 350, 150, 5, 0, 50, 100, "WH:white|BK:black|BL:blue", "{jack}"},
	{"cabling", "Coppergrove", "CPG", "PP24", "Patch panel 24 port", "each", 5900, 80, 60, 0, 2, 4, "C6:Cat 6|C6A:Cat 6A", "{rack}"},
	{"cabling", "Coppergrove", "CPG", "PC", "Patch cord Cat 6", "each", 300, 150, 0, 0, 40, 100, "03:0.3 m|1M:1 m|2M:2 m|3M:3 m", "{cable}"},
	{"cabling", "Coppergrove", "CPG", "WP", "Wall plate", "each", 250, 150, 5, 0, 30, 60, "1P:1 port|2P:2 port|4P:4 port|HD:HDMI pass-through", "{wallplate}"},
	/* power */
	{"power", "Voltaic", "VLT", "UPS1500", "UPS 1500 VA, rack", "each", 59900, 45, 60, 1, 1, 2, "", "{ups}"},
	{"power", "Voltaic", "VLT", "UPS750", "UPS 750 VA, tower", "each", 19900, 55, 20, 1, 2, 4, "", "{ups}"},
	{"power", "Voltaic", "VLT", "PDU", "Power conditioner / PDU", "each", 34900, 50, 30, 1, 1, 2, "8:8 outlet|12:12 outlet, IP", "{power}"},
	{"power", "Voltaic", "VLT", "SURGE", "Surge protector, in-line", "each", 4900, 90, 10, 0, 6, 12, "", "{power}"},
	/* mounting */
	{"mounting", "Mountwell", "MTW", "TILT", "TV mount, tilting", "each", 5900, 100, 45, 0, 6, 12, "S:32-55 in|L:55-90 in", "{tv-mount}"},
	{"mounting", "Mountwell", "MTW", "ART", "TV mount, articulating", "each", 12900, 80, 60, 0, 4, 8, "S:32-55 in|L:55-90 in|XL:70-100 in", "{tv-mount}"},
	{"mounting", "Mountwell", "MTW", "PULL", "TV mount, pull-down", "each", 89900, 40, 120, 0, 0, 0, "", "{tv-mount}"},
	{"mounting", "Mountwell", "MTW", "BRK", "Projector ceiling mount", "each", 8900, 80, 60, 0, 1, 2, "", "{mount}"},
	{"mounting", "Rackform", "RKF", "RACK", "Equipment rack", "each", 49900, 45, 240, 0, 0, 0, "12U:12U wall|24U:24U|42U:42U", "{rack}"},
	{"mounting", "Rackform", "RKF", "SHELF", "Rack shelf, vented", "each", 4900, 90, 15, 0, 4, 8, "1U:1U|2U:2U", "{rack}"},
	{"mounting", "Rackform", "RKF", "FAN", "Rack fan kit, thermostatic", "each", 17900, 60, 30, 0, 1, 2, "", "{rack}"},
	{"mounting", "Rackform", "RKF", "BB", "Mud ring / back box", "each", 400, 150, 10, 0, 40, 80, "1G:1 gang|2G:2 gang|3G:3 gang|LV:low-voltage bracket", "{backbox}"},
	/* more of what a shop keeps */
	{"lighting", "Lumora", "LUM", "DIM-CL", "Dimmer, Claro style 150 W LED", "each", 4600, 110, 25, 0, 10, 20,
	    "WH:white|BK:black|AL:almond|IV:ivory|GR:grey|TP:taupe|BR:brown", "{dimmer}"},
	{"lighting", "Lumora", "LUM", "FAN", "Fan speed control", "each", 5900, 100, 25, 0, 4, 8, "WH:white|BK:black|AL:almond|IV:ivory", "{fan}"},
	{"lighting", "Lumora", "LUM", "KP-ST", "Keypad, seeTouch style", "each", 14900, 80, 30, 0, 6, 12,
	    "2B:2 button|3B:3 button|4B:4 button|5B:5 button|6B:6 button|HYB:hybrid", "{keypad}"},
	{"lighting", "Lumora", "LUM", "WP", "Designer wall plate", "each", 900, 150, 5, 0, 30, 60,
	    "1G:1 gang|2G:2 gang|3G:3 gang|4G:4 gang|5G:5 gang|6G:6 gang", "{wallplate}"},
	{"lighting", "Brightfield", "BRF", "DL6", "LED downlight 6 in", "each", 5200, 110, 30, 0, 12, 24, "27:2700 K|30:3000 K|TW:tunable white", "{downlight}"},
	{"lighting", "Brightfield", "BRF", "PUCK", "LED puck light", "each", 1900, 130, 15, 0, 12, 24, "WH:white|BK:black|NK:nickel", "{led}"},
	{"lighting", "Brightfield", "BRF", "STEP", "Step light", "each", 3900, 110, 30, 0, 6, 12, "WH:white|BK:black|BZ:bronze|SS:stainless", "{led,outdoor}"},
	{"audio", "Aurelle", "AUR", "ERA", "Smart speaker, voice", "each", 19900, 45, 15, 1, 3, 6, "WH:white|BK:black", "{speaker,streaming}"},
	{"audio", "Aurelle", "AUR", "MOVE", "Portable speaker", "each", 29900, 40, 5, 1, 2, 4, "WH:white|BK:black|OL:olive", "{speaker,portable}"},
	{"audio", "Aurelle", "AUR", "PORT", "Streamer, line out", "each", 34900, 45, 20, 1, 2, 4, "", "{streaming}"},
	{"audio", "Tonehaus", "TNH", "IC4", "In-ceiling speaker 4 in (pair)", "each", 13900, 85, 60, 0, 4, 8, "STD:standard|SQ:square grille|OD:outdoor", "{speaker,in-ceiling}"},
	{"audio", "Tonehaus", "TNH", "SUB-IW", "In-wall subwoofer", "each", 59900, 55, 120, 0, 1, 2, "8:8 in|10:10 in|12:12 in", "{subwoofer}"},
	{"audio", "Tonehaus", "TNH", "BRK", "Pre-construction speaker bracket", "each", 1900, 120, 15, 0, 10, 20,
	    "4:4 in round|6:6.5 in round|8:8 in round|IW:in-wall", "{bracket}"},
	{"video", "Vistari", "VIS", "LED", "LED TV", "each", 39900, 25, 60, 1, 1, 2, "43:43 in|50:50 in|55:55 in|65:65 in|75:75 in", "{tv}"},
	{"video", "Vistari", "VIS", "OUT", "Outdoor TV, full sun", "each", 249900, 30, 120, 1, 0, 0, "55:55 in|65:65 in|75:75 in", "{tv,outdoor}"},
	{"video", "Signalpath", "SGP", "USB", "USB extender over Cat", "each", 14900, 60, 30, 1, 2, 4, "U2:USB 2.0|U3:USB 3.0", "{extender}"},
	{"video", "Signalpath", "SGP", "SPL", "HDMI splitter", "each", 9900, 70, 20, 1, 2, 4, "2:1x2|4:1x4|8:1x8", "{splitter}"},
	{"networking", "Meshline", "MSH", "CAM", "Camera, Protect", "each", 17900, 50, 60, 1, 3, 6,
	    "BUL:bullet|DOME:dome|TUR:turret|FLEX:flex|DB:doorbell|PTZ:PTZ", "{camera,poe}"},
	{"networking", "Meshline", "MSH", "INJ", "PoE injector", "each", 1900, 100, 5, 0, 6, 12, "AF:802.3af|AT:802.3at|BT:802.3bt", "{poe}"},
	{"networking", "Meshline", "MSH", "MESH", "Mesh point, outdoor", "each", 9900, 60, 45, 1, 2, 4, "", "{wifi,outdoor}"},
	{"security", "Sentinel Eye", "SEN", "TUR", "Turret camera", "each", 14900, 65, 60, 1, 4, 8, "4MP:4 MP|8MP:8 MP|4MPW:4 MP wide|8MPZ:8 MP varifocal", "{camera,poe}"},
	{"security", "Gatewise", "GTW", "KPD", "Alarm keypad", "each", 11900, 60, 30, 1, 2, 4, "WH:white|BK:black", "{alarm}"},
	{"security", "Gatewise", "GTW", "SIR", "Siren", "each", 6900, 80, 30, 1, 2, 4, "IN:indoor|OUT:outdoor strobe", "{alarm}"},
	{"cabling", "Coppergrove", "CPG", "HDMI-W", "HDMI cable, in-wall rated", "each", 2400, 130, 0, 0, 10, 20,
	    "2M:2 m|3M:3 m|5M:5 m|7M:7 m|10M:10 m|15M:15 m", "{cable}"},
	{"cabling", "Coppergrove", "CPG", "FIB", "Fibre patch LC-LC OM3", "each", 1400, 130, 0, 0, 6, 12, "1M:1 m|3M:3 m|5M:5 m|10M:10 m", "{fibre}"},
	{"cabling", "Coppergrove", "CPG", "CONDUIT", "Flexible conduit 25 mm", "metre", 120, 150, 3, 0, 50, 100, "", "{conduit}"},
	{"mounting", "Mountwell", "MTW", "SPKM", "Speaker wall mount", "each", 2900, 100, 20, 0, 4, 8, "WH:white|BK:black", "{mount}"},
	{"mounting", "Mountwell", "MTW", "BAR", "Soundbar mount", "each", 3900, 100, 20, 0, 2, 4, "UNI:universal|AUR:for Aurelle ARC", "{mount}"},
	{"power", "Voltaic", "VLT", "BAT", "UPS battery pack", "each", 14900, 45, 20, 0, 1, 2, "750:for 750 VA|1500:for 1500 VA", "{ups}"},
	{"control", "Veridian", "VER", "KP-CF", "Keypad, configurable, engraved", "each", 16900, 65, 30, 0, 4, 8,
	    "WH:white|BK:black|AL:almond|LA:light almond|IV:ivory|SS:stainless|BZ:bronze|NK:nickel", "{keypad}"},
	{"control", "Veridian", "VER", "IR", "IR emitter", "each", 900, 150, 10, 0, 20, 40, "SGL:single|DUAL:dual|BLN:blink", "{ir}"},
	{"control", "Veridian", "VER", "SEN", "Room sensor", "each", 8900, 70, 20, 1, 4, 8, "TEMP:temperature|OCC:occupancy|LUX:light", "{sensor}"},
	{"security", "Gatewise", "GTW", "GARAGE", "Garage door controller", "each", 9900, 70, 45, 1, 2, 4, "", "{garage}"},
	{"networking", "Packetry", "PKT", "FW", "Firewall appliance", "each", 49900, 45, 90, 1, 1, 2, "S:small office|M:medium", "{firewall}"},
	{"cabling", "Coppergrove", "CPG", "TERM", "Termination tool kit", "each", 8900, 60, 0, 0, 1, 2, "", "{tools}"},
	{"cabling", "Coppergrove", "CPG", "LBL", "Cable labels, roll", "each", 1500, 120, 0, 0, 5, 10, "WH:white|YL:yellow|BL:blue", "{consumables}"},
	{"mounting", "Rackform", "RKF", "PNL", "Rack blank panel", "each", 1200, 120, 5, 0, 6, 12, "1U:1U|2U:2U|3U:3U|VENT:vented 1U", "{rack}"},
	{"mounting", "Rackform", "RKF", "MGR", "Cable manager", "each", 2900, 100, 15, 0, 3, 6, "H1:horizontal 1U|H2:horizontal 2U|V:vertical", "{rack}"},
	{"power", "Voltaic", "VLT", "PSU24", "Power supply 24 V DC", "each", 2900, 100, 15, 0, 4, 8,
	    "1A:1 A|2A:2 A|5A:5 A|10A:10 A, DIN", "{power}"},
	{"power", "Voltaic", "VLT", "PSU12", "Power supply 12 V DC", "each", 1900, 110, 15, 0, 4, 8, "1A:1 A|2A:2 A|5A:5 A", "{power}"},
	{"other", "Hearthline", "HTL", "SVC", "Service kit: fuses, ties, labels", "each", 2500, 100, 0, 0, 3, 6, "", "{consumables}"},
};

struct seed_supplier {
	const char *name, *contact, *email, *phone, *account, *terms, *address;
	int lead_days;
	const char *brands;   /* the brands bought here, "|"-separated */
};
static const struct seed_supplier seed_suppliers[] = {
	{"Northline Distribution", "Dana Okafor", "orders@northline.example", "+1 512 555 0101", "NL-204817",
	    "Net 30", "1200 Commerce Park Dr, Austin, TX", 2, "Veridian|Lumora|Brightfield|Tonehaus|Voltaic"},
	{"Signal Supply Co.", "Marco Vitale", "sales@signalsupply.example", "+1 512 555 0144", "SSC-55120",
	    "Net 30", "88 Fulton Way, Round Rock, TX", 3, "Vistari|Lumigraph|Signalpath|Aurelle|Mountwell"},
	{"Packet & Wire", "Grace Lin", "trade@packetwire.example", "+1 737 555 0190", "PW-7781",
	    "Card on order", "17 Ridgeline Rd, Cedar Park, TX", 1, "Meshline|Packetry|Sentinel Eye|Gatewise|Coppergrove"},
	{"Keystone Direct", "Owen Brandt", "dealers@keystone.example", "+1 800 555 0177", "KD-00942",
	    "Net 45", "Dealer portal only", 7, "Keystone Controls|Rackform|Hearthline"},
};

/* ------------------------------------------------------------------ */
/* demo                                                                */

static const struct seed_stmt demo_stmts[] = {
	{"inv_supplier", "INSERT INTO inventory.suppliers (name, contact_name, email, phone, account_number,"
	    " payment_terms, address, lead_time_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id", 8},
	{"inv_location", "INSERT INTO inventory.locations (name, kind, technician_id, address)"
	    " VALUES ($1, $2, $3, $4) RETURNING id", 4},
	{"inv_product", "INSERT INTO inventory.products (sku, manufacturer, model, name, category, unit, cost_cents,"
	    " price_cents, labour_minutes, serialised, reorder_point, reorder_qty, tags, description, created_at,"
	    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id", 15},
	{"inv_source", "INSERT INTO inventory.product_suppliers (product_id, supplier_id, supplier_sku, cost_cents,"
	    " pack_size, preferred) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", 6},
	{"inv_move", "SELECT (inventory.move($1, $2, $3, $4, $5, $6, $7, NULL, $8)).id", 8},
	{"inv_allocate", "SELECT (inventory.allocate($1, $2, $3, $4, $5, 'Reserved for install')).id", 5},
	/* bins (sql/045) for what the warehouse holds: an aisle per category
	 * (A, B, ...), then bay and shelf by SKU, eight shelves a bay
	 * (A01-01 ... A01-08, A02-01 ...), zero-padded so they sort as walked */
	{"inv_bins", "WITH b AS (SELECT l.product_id, chr(64 + dense_rank() OVER (ORDER BY p.category)::int) AS aisle,"
	    " row_number() OVER (PARTITION BY p.category ORDER BY lower(p.sku)) - 1 AS n"
	    " FROM inventory.stock_levels l JOIN inventory.products p ON p.id = l.product_id"
	    " WHERE l.location_id = $1 AND l.on_hand > 0),"
	    " ins AS (INSERT INTO inventory.product_bins (product_id, location_id, bin, updated_by)"
	    " SELECT b.product_id, $1, b.aisle || lpad((b.n / 8 + 1)::text, 2, '0') || '-' || lpad((b.n % 8 + 1)::text, 2, '0'),"
	    " auth.current_user_id() FROM b RETURNING 1)"
	    " SELECT count(*) FROM ins", 1},
};

/* One variant "code:words" of an item's variants (k-th), or none. */
static int
variant_at(const char *variants, int k, char *code, size_t ccap, char *words, size_t wcap)
{
	const char *v = variants;
	for (int i = 0; i < k && v; i++) {
		v = strchr(v, '|');
		if (v)
			v++;
	}
	if (v == NULL || *v == '\0')
		return 0;
	const char *colon = strchr(v, ':'), *end = strchr(v, '|');
	if (end == NULL)
		end = v + strlen(v);
	snprintf(code, ccap, "%.*s", (int)(colon - v), v);
	snprintf(words, wcap, "%.*s", (int)(end - colon - 1), colon + 1);
	return 1;
}

/* The supplier that carries brand (index), else the last one. */
static int
supplier_of(const char *brand)
{
	for (size_t s = 0; s < NELEM(seed_suppliers); s++)
		if (strstr(seed_suppliers[s].brands, brand) != NULL)
			return (int)s;
	return (int)NELEM(seed_suppliers) - 1;
}

struct demo_ctx {
	PGconn *db;
	struct seed_rng rng;
	time_t now;
	long long suppliers[NELEM(seed_suppliers)];
	long long warehouse, vans[3];
	long nproducts, nmoves, nallocations;
};

static long long
demo_run(struct demo_ctx *x, const char *stmt, int n, const char *const *vals)
{
	return seed_insert(x->db, stmt, n, vals);
}

/* One product with its suppliers and its stock: received into the
 * warehouse, some of it carried in the vans, a few reserved for jobs. */
static int
demo_product(struct demo_ctx *x, const struct seed_item *it, const char *code, const char *words)
{
	char sku[80], model[80], name[240], cost[24], price[24], labour[16], rp[16], rq[16], ts[40], desc[400];
	struct seed_rng *r = &x->rng;
	snprintf(sku, sizeof(sku), "%s-%s%s%s", it->prefix, it->model, *code ? "-" : "", code);
	snprintf(model, sizeof(model), "%s%s%s", it->model, *code ? "-" : "", code);
	snprintf(name, sizeof(name), "%s%s%s", it->name, *words ? ", " : "", words);
	int c = it->cost_cents + (*code ? rng_range(r, 0, it->cost_cents / 10) : 0);
	snprintf(cost, sizeof(cost), "%d", c);
	snprintf(price, sizeof(price), "%d", (c * (100 + it->markup_pct) / 100 + 99) / 100 * 100 - 1);
	snprintf(labour, sizeof(labour), "%d", it->labour_minutes);
	snprintf(rp, sizeof(rp), "%d", it->reorder_point);
	snprintf(rq, sizeof(rq), "%d", it->reorder_qty);
	seed_ts(ts, sizeof(ts), x->now, (long)rng_range(r, 30, 700) * DAY);
	snprintf(desc, sizeof(desc), "%s %s by %s.", it->name, *words ? words : "", it->brand);
	const char *vals[] = { sku, it->brand, model, name, it->category, it->unit, cost, price, labour,
		it->serialised ? "true" : "false", rp, rq, it->tags, desc, ts };
	long long pid = demo_run(x, "inv_product", 15, vals);
	if (pid < 0)
		return 1;
	x->nproducts++;
	char spid[24], sid[24], ssku[80], scost[24], pack[16];
	snprintf(spid, sizeof(spid), "%lld", pid);
	int s = supplier_of(it->brand);
	snprintf(sid, sizeof(sid), "%lld", x->suppliers[s]);
	snprintf(ssku, sizeof(ssku), "%c%c-%06d", seed_suppliers[s].name[0], seed_suppliers[s].name[1] & 0x5f,
	    rng_range(r, 100000, 999999));
	snprintf(scost, sizeof(scost), "%d", c);
	snprintf(pack, sizeof(pack), "%d", strcmp(it->unit, "metre") == 0 ? 305 : it->reorder_qty >= 20 ? 10 : 1);
	const char *sv[] = { spid, sid, ssku, scost, pack, "true" };
	if (demo_run(x, "inv_source", 6, sv) < 0)
		return 1;
	if (rng_pct(r, 30)) {        /* a second source, a little dearer */
		int s2 = (s + 1) % (int)NELEM(seed_suppliers);
		snprintf(sid, sizeof(sid), "%lld", x->suppliers[s2]);
		snprintf(scost, sizeof(scost), "%d", c + c / 20);
		const char *sv2[] = { spid, sid, "", scost, "1", "false" };
		if (demo_run(x, "inv_source", 6, sv2) < 0)
			return 1;
	}
	/* stock: most products are on the shelf; a few ran out */
	if (rng_pct(r, 8))
		return 0;
	int base = it->reorder_qty > 0 ? it->reorder_qty : 2;
	int got = strcmp(it->unit, "metre") == 0 ? 305 * rng_range(r, 1, 3) : rng_range(r, base / 2, base * 2);
	if (got < 1)
		got = 1;
	char q[16], wh[24], van[24], ref[32];
	snprintf(q, sizeof(q), "%d", got);
	snprintf(wh, sizeof(wh), "%lld", x->warehouse);
	snprintf(ref, sizeof(ref), "DN-%05d", rng_range(r, 10000, 99999));
	const char *rv[] = { "receipt", spid, q, NULL, wh, "", "delivery", ref };
	if (demo_run(x, "inv_move", 8, rv) < 0)
		return 1;
	x->nmoves++;
	/* vans carry the small parts a technician needs on any visit */
	for (int v = 0; v < 3 && it->cost_cents < 20000; v++) {
		if (!rng_pct(r, 45))
			continue;
		int t = rng_range(r, 1, got / 4 + 1);
		if (t > got - 1)
			break;
		got -= t;
		snprintf(q, sizeof(q), "%d", t);
		snprintf(van, sizeof(van), "%lld", x->vans[v]);
		const char *tv[] = { "transfer", spid, q, wh, van, "Van restock", "", "" };
		if (demo_run(x, "inv_move", 8, tv) < 0)
			return 1;
		x->nmoves++;
	}
	if (got > 2 && rng_pct(r, 12)) {       /* a count found one short */
		const char *av[] = { "adjustment", spid, "1", wh, NULL, "Stock-take: counted one fewer", "count", "" };
		if (demo_run(x, "inv_move", 8, av) < 0)
			return 1;
		got--;
		x->nmoves++;
	}
	if (got > 1 && rng_pct(r, 15)) {       /* reserved for a project */
		char n[16], doc[16];
		snprintf(n, sizeof(n), "%d", rng_range(r, 1, got / 2 + 1));
		snprintf(doc, sizeof(doc), "%d", rng_range(r, 1001, 1040));
		const char *lv[] = { spid, wh, n, "project", doc };
		if (demo_run(x, "inv_allocate", 5, lv) < 0)
			return 1;
		x->nallocations++;
	}
	return 0;
}

static int
inventory_demo(PGconn *db, struct seed_demo *d)
{
	struct demo_ctx x = { .db = db, .now = d->now };
	x.rng.s = 0x1A7E5707ULL;
	if (seed_prepare(db, demo_stmts, NELEM(demo_stmts)))
		return 1;
	/* the moves are signed by the office (who receives deliveries) */
	char who[64];
	snprintf(who, sizeof(who), "SELECT set_config('hearth.user_id', '%lld', true)", d->users[R_OFFICE]);
	if (ctl_run(db, who, PGRES_TUPLES_OK))
		return 1;
	for (size_t s = 0; s < NELEM(seed_suppliers); s++) {
		const struct seed_supplier *sp = &seed_suppliers[s];
		char lead[8];
		snprintf(lead, sizeof(lead), "%d", sp->lead_days);
		const char *v[] = { sp->name, sp->contact, sp->email, sp->phone, sp->account, sp->terms, sp->address, lead };
		if ((x.suppliers[s] = demo_run(&x, "inv_supplier", 8, v)) < 0)
			return 1;
	}
	const char *wv[] = { "Main warehouse", "warehouse", NULL, "4410 Industrial Blvd, Unit 6, Austin, TX" };
	if ((x.warehouse = demo_run(&x, "inv_location", 4, wv)) < 0)
		return 1;
	/* one technician in the demo: the second and third vans are driven
	 * by the installation manager and the office's field lead */
	static const char *const vans[] = { "Van 1 (Taylor)", "Van 2 (Morgan)", "Van 3 (Jordan)" };
	const enum seed_role drivers[] = { R_TECH, R_MANAGER, R_OFFICE };
	for (int v = 0; v < 3; v++) {
		char tech[24];
		snprintf(tech, sizeof(tech), "%lld", d->users[drivers[v]]);
		const char *lv[] = { vans[v], "van", tech, "" };
		if ((x.vans[v] = demo_run(&x, "inv_location", 4, lv)) < 0)
			return 1;
	}
	for (size_t i = 0; i < NELEM(seed_items); i++) {
		const struct seed_item *it = &seed_items[i];
		char code[16], words[80];
		if (!variant_at(it->variants, 0, code, sizeof(code), words, sizeof(words))) {
			if (demo_product(&x, it, "", ""))
				return 1;
			continue;
		}
		for (int k = 0; variant_at(it->variants, k, code, sizeof(code), words, sizeof(words)); k++)
			if (demo_product(&x, it, code, words))
				return 1;
	}
	char wh[24];
	snprintf(wh, sizeof(wh), "%lld", x.warehouse);
	const char *bv[] = { wh };
	long long nbins = demo_run(&x, "inv_bins", 1, bv);
	if (nbins < 0)
		return 1;
	seed_demo_count(d, x.nproducts, "products");
	seed_demo_count(d, nbins, "bins in the main warehouse");
	seed_demo_count(d, x.nmoves, "stock moves");
	return 0;
}

/* ------------------------------------------------------------------ */
/* scale                                                               */

static const struct seed_option inventory_options[] = {
	{"--products", 2000000L},       /* with 20 locations and 20 stock moves each */
	{NULL, 0},
};

/* Set-wise in PostgreSQL, the products split into parts loaded at once on
 * their own connections (seed_parallel: all commit or all roll back).
 * $1, $2: the part's units [lo, hi); $3: the run's SKU tag; $4: the 20
 * location ids (taken from the sequence first; part 0 inserts them).
 *
 * Per product i, 20 moves over the last 18 months, in order: a receipt
 * of 40 (30) into one of 4 warehouses, 8 transfers of 1-2 units to the sites,
 * then three times a reservation for a project consumed (8-20 units) with
 * restocking receipts between them (5 for a low product), a write-off, a return and a count
 * that found one at a site. Each consumption leaves at least 4 where it
 * was taken, so no level goes negative at any point of the ledger's
 * history. One product in 7 last moved 200 to 350 days ago (dead stock),
 * the others up to 4 months ago; one in 25 is restocked short and stays
 * under its reorder point (low stock). None is serialised: the stock of a
 * serialised product must be its serials (the serials work's rule), and
 * these moves name none. The levels,
 * allocations, totals and the report summaries of sql/044 are summed
 * from exactly these moves (inventory.ledger_mismatches() and
 * inventory.report_mismatches() return no row: docs/inventory-reports.md). */
static const char *const scale_sql[] = {
	/* the products' trigram and full-text GIN entries wait in the pending
	 * list (no merge per 4 MB while loading); VACUUM merges them after */
	"SET LOCAL gin_pending_list_limit = '512MB'",
	"INSERT INTO inventory.locations (id, name, kind, address)"
	" SELECT ($4::bigint[])[k], CASE WHEN k <= 4 THEN 'Scale warehouse ' || k ELSE 'Scale site ' || (k - 4) END,"
	"        CASE WHEN k <= 4 THEN 'warehouse' ELSE 'site' END, ''"
	"   FROM generate_series(1, 20) k WHERE $1::int = 0",
	"CREATE TEMP TABLE scale_products (id bigint PRIMARY KEY, i int NOT NULL) ON COMMIT DROP",
	"WITH p AS (INSERT INTO inventory.products (sku, manufacturer, model, name, category, unit, cost_cents,"
	"   price_cents, labour_minutes, serialised, reorder_point, reorder_qty, tags)"
	" SELECT 'SC' || $3::text || '-' || lpad(i::text, 7, '0'),"
	"   (ARRAY['Veridian','Lumora','Aurelle','Tonehaus','Vistari','Meshline','Sentinel Eye','Gatewise',"
	"          'Coppergrove','Voltaic','Mountwell','Rackform'])[1 + i % 12],"
	"   upper(substr(md5(i::text), 1, 3)) || '-' || (100 + i % 900),"
	"   (ARRAY['Dimmer','Keypad','Access point','Camera','Speaker','Amplifier','Switch','Mount','Sensor',"
	"          'Controller','Cable','Touch panel','Doorbell','Extender','Driver','Shelf'])[1 + (i / 12) % 16]"
	"     || ' ' || (ARRAY['mini','pro','plus','max','lite','outdoor','in-wall','compact'])[1 + (i / 192) % 8]"
	"     || ' ' || (i % 97 + 1),"
	"   (ARRAY['lighting','control','networking','security','audio','audio','networking','mounting',"
	"          'security','control','cabling','control','security','video','lighting','mounting'])[1 + (i / 12) % 16],"
	"   CASE WHEN (i / 12) % 16 = 10 THEN 'metre' ELSE 'each' END,"
	"   1000 + (i * 7919) % 90000, (1000 + (i * 7919) % 90000) * 17 / 10, (i % 8) * 15, false,"
	"   CASE WHEN i % 25 = 3 THEN 40 ELSE i % 10 END, 10 + i % 20, ARRAY['scale']"
	" FROM generate_series($1::int + 1, $2::int) i RETURNING id, sku)"
	" INSERT INTO scale_products SELECT id, right(sku, 7)::int FROM p",
	"ANALYZE scale_products",
	/* The rows below point only at rows just made, so their foreign-key
	 * checks (three a move) and the ledger's summary trigger (sql/044:
	 * the summaries are written set-wise below) are skipped for this
	 * transaction; hearthctl runs as the database owner, who may. */
	"SET LOCAL session_replication_role = replica",
	"CREATE TEMP TABLE scale_moves ON COMMIT DROP AS"
	" SELECT sp.id AS product_id, m, now() - (g.s - (g.s - g.e) * m / 19.0) * interval '1 day'"
	"          - (sp.i * 7 % 86400) * interval '1 second' AS at,"
	"   CASE WHEN m IN (0, 11, 14) THEN 'receipt' WHEN m <= 8 THEN 'transfer' WHEN m IN (9, 12, 15) THEN 'allocation'"
	"        WHEN m IN (10, 13, 16) THEN 'consumption' WHEN m = 17 THEN 'write_off' WHEN m = 18 THEN 'return'"
	"        ELSE 'adjustment' END AS kind,"
	"   CASE WHEN m = 0 THEN CASE WHEN g.low THEN 30 ELSE 40 END WHEN m = 11 THEN CASE WHEN g.low THEN 5 ELSE 40 END"
	"        WHEN m = 14 THEN CASE WHEN g.low THEN 5 ELSE 30 END WHEN m <= 8 THEN 1 + (sp.i + m) % 2"
	"        WHEN m <= 16 THEN g.q WHEN m IN (17, 18) THEN 1 + sp.i % 2 ELSE 1 END AS qty,"
	"   CASE WHEN m BETWEEN 1 AND 17 AND m NOT IN (11, 14) THEN g.w END AS from_location_id,"
	"   CASE WHEN m IN (0, 11, 14, 18) THEN g.w WHEN m <= 8 THEN ($4::bigint[])[5 + (sp.i + m * 7) % 16]"
	"        WHEN m = 19 THEN ($4::bigint[])[5 + sp.i * 3 % 16] END AS to_location_id,"
	"   CASE WHEN m = 17 THEN 'Damaged in storage' WHEN m = 19 THEN 'Stock-take: found one'"
	"        WHEN m BETWEEN 1 AND 8 THEN 'Site delivery' ELSE '' END AS reason,"
	"   CASE WHEN m IN (0, 11, 14) THEN 'delivery' WHEN m BETWEEN 9 AND 16 THEN 'project' ELSE '' END AS doc_type,"
	"   CASE WHEN m BETWEEN 9 AND 16 AND m NOT IN (11, 14) THEN 9000000 + sp.i / 10 END AS doc_id,"
	"   CASE WHEN m IN (0, 11, 14) THEN 'DN-SC-' || sp.i || '-' || m WHEN m = 18 THEN 'RT-SC-' || sp.i ELSE '' END AS doc_ref"
	" FROM scale_products sp CROSS JOIN LATERAL (SELECT ($4::bigint[])[1 + sp.i % 4] AS w, sp.i % 25 = 3 AS low,"
	"   CASE WHEN sp.i % 25 = 3 THEN 3 + sp.i % 4 ELSE 8 + sp.i % 13 END AS q,"
	"   540 - sp.i % 60 AS s, CASE WHEN sp.i % 7 = 0 THEN 200 + sp.i % 150 ELSE sp.i * 13 % 120 END AS e) g"
	" CROSS JOIN generate_series(0, 19) m",
	"INSERT INTO inventory.stock_moves (at, kind, product_id, qty, from_location_id, to_location_id, reason,"
	" doc_type, doc_id, doc_ref) SELECT at, kind, product_id, qty, from_location_id, to_location_id, reason,"
	" doc_type, doc_id, doc_ref FROM scale_moves ORDER BY product_id, m",
	/* each move's effect per location, as sql/044's inventory.move_sides;
	 * first: the side a move is counted on (a hash aggregate, where a
	 * count(DISTINCT) sorted 600k rows: 4.4 s) */
	"CREATE TEMP TABLE scale_sides ON COMMIT DROP AS"
	" SELECT m.product_id, m.at, m.kind IN ('allocation', 'release') AS r, x.first, x.location_id, x.d, x.o,"
	"   CASE m.kind WHEN 'allocation' THEN m.qty WHEN 'consumption' THEN -m.qty ELSE 0 END AS a"
	" FROM scale_moves m CROSS JOIN LATERAL (SELECT true, m.to_location_id, m.qty, 0 WHERE m.to_location_id IS NOT NULL"
	"   UNION ALL SELECT m.to_location_id IS NULL, m.from_location_id, CASE WHEN m.kind = 'allocation' THEN 0"
	"     ELSE -m.qty END, CASE WHEN m.kind IN ('write_off', 'consumption') THEN m.qty ELSE 0 END"
	"   WHERE m.from_location_id IS NOT NULL) x (first, location_id, d, o)",
	/* each insert below in key order: the indexes grow at their ends
	 * instead of taking random pages (the levels took 13 s unordered) */
	"INSERT INTO inventory.stock_levels (product_id, location_id, on_hand, allocated)"
	" SELECT product_id, location_id, sum(d), sum(a) FROM scale_sides GROUP BY 1, 2 ORDER BY 1, 2",
	"INSERT INTO inventory.allocations (product_id, location_id, doc_type, doc_id, qty, consumed)"
	" SELECT product_id, from_location_id, 'project', doc_id,"
	"   sum(CASE kind WHEN 'allocation' THEN qty ELSE -qty END), sum(qty) FILTER (WHERE kind = 'consumption')"
	" FROM scale_moves WHERE kind IN ('allocation', 'consumption') GROUP BY 1, 2, 4 ORDER BY 1",
	"INSERT INTO inventory.product_months (product_id, month, net_units, out_units, moves)"
	" SELECT product_id, inventory.month_of(at), sum(d), sum(o), count(*) FILTER (WHERE first AND NOT r)"
	" FROM scale_sides GROUP BY 1, 2 ORDER BY 1, 2",
	"INSERT INTO inventory.report_deltas (location_id, category, month, d_units, d_value, out_units, out_value)"
	" SELECT s.location_id, p.category, inventory.month_of(s.at), sum(s.d), sum(s.d * p.cost_cents), sum(s.o),"
	"   sum(s.o * p.cost_cents)"
	" FROM scale_sides s JOIN inventory.products p ON p.id = s.product_id GROUP BY 1, 2, 3",
	"UPDATE inventory.stock_totals t SET on_hand = s.on_hand, last_move_at = s.last_at,"
	" low = p.reorder_point > 0 AND s.on_hand <= p.reorder_point"
	" FROM (SELECT product_id, sum(d) AS on_hand, max(at) FILTER (WHERE NOT r) AS last_at"
	"   FROM scale_sides GROUP BY 1) s,"
	"   inventory.products p"
	" WHERE t.product_id = s.product_id AND p.id = s.product_id",
	"SET LOCAL session_replication_role = origin",
};

/* One part's rows: every statement above, each step timed. */
struct scale_part_stats { double secs[NELEM(scale_sql)]; long moves; };
struct scale_arg { const char *locs, *tag; struct scale_part_stats st; };

static int
scale_load(struct seed_part *p)
{
	struct scale_arg *a = p->arg;
	char lo[24], hi[24];
	snprintf(lo, sizeof(lo), "%ld", p->lo);
	snprintf(hi, sizeof(hi), "%ld", p->hi);
	const char *vals[] = { lo, hi, a->tag, a->locs };
	for (size_t i = 0; i < NELEM(scale_sql); i++) {
		double ts = seed_clock();
		/* typed (int4, int4, text, int8[]): a statement may leave some out */
		static const Oid types[] = { 23, 23, 25, 1016 };
		int np = strchr(scale_sql[i], '$') ? 4 : 0;
		PGresult *res = PQexecParams(p->db, scale_sql[i], np, np ? types : NULL, vals, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			return ctl_fail(p->db, "seed scale inventory", res);
		if (strncmp(scale_sql[i], "INSERT INTO inventory.stock_moves", 33) == 0)
			a->st.moves = strtol(PQcmdTuples(res), NULL, 10);
		PQclear(res);
		a->st.secs[i] = seed_clock() - ts;
	}
	return 0;
}

/* One text value of a one-row query (into out), or 1 on failure. */
static int
scale_value(PGconn *db, const char *sql, char *out, size_t cap)
{
	PGresult *res = PQexec(db, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		return ctl_fail(db, "seed scale inventory", res);
	snprintf(out, cap, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

static int
inventory_scale(PGconn *db, const long *counts)
{
	long n = counts[0];
	if (n <= 0)
		return 0;
	double t0 = seed_clock();
	char tag[24], locs[512];
	/* a run's own SKU prefix, so a second run adds new products; the
	 * locations' ids taken first, so every part can point at them */
	if (scale_value(db, "SELECT to_char(clock_timestamp(), 'YYMMDDHH24MISS')", tag, sizeof(tag)) ||
	    scale_value(db, "SELECT array_agg(nextval(pg_get_serial_sequence('inventory.locations', 'id')))"
	    " FROM generate_series(1, 20)", locs, sizeof(locs)))
		return 1;
	struct seed_parallel par = { .db = db, .load = scale_load,
	    .lock_sql = "LOCK TABLE inventory.products, inventory.locations, inventory.stock_moves,"
	        " inventory.stock_levels, inventory.stock_totals, inventory.allocations IN ROW EXCLUSIVE MODE" };
	struct scale_arg args[SEED_MAX_PARTS];
	memset(args, 0, sizeof(args));
	seed_parallel_split(&par, n);
	for (int k = 0; k < par.nparts; k++) {
		args[k].locs = locs;
		args[k].tag = tag;
		par.parts[k].arg = &args[k];
	}
	printf("seeding %ld products, 20 locations in %d part%s\n", n, par.nparts, par.nparts == 1 ? "" : "s");
	if (seed_parallel_run(&par)) {
		fprintf(stderr, "hearthctl: seed scale failed; nothing was added\n");
		return 1;
	}
	long moves = 0;
	for (int k = 0; k < par.nparts; k++) {
		moves += args[k].st.moves;
		printf("  part %d:", k + 1);
		for (size_t i = 0; i < NELEM(scale_sql); i++)
			printf(" %.1f", args[k].st.secs[i]);
		printf(" s\n");
	}
	double t1 = seed_clock();
	/* the report summaries' deltas into their cells (sql/044) */
	if (ctl_run(db, "SELECT inventory.report_fold()", PGRES_TUPLES_OK))
		return 1;
	printf("seeded %ld products, 20 locations, %ld stock moves in %.1f s\n", n, moves, t1 - t0);
	double t2 = seed_clock();
	if (ctl_run(db, "SET maintenance_work_mem = '512MB'", PGRES_COMMAND_OK) ||
	    ctl_run(db, "VACUUM (ANALYZE) inventory.products, inventory.stock_levels, inventory.stock_totals,"
	    " inventory.stock_moves, inventory.locations, inventory.allocations, inventory.product_months",
	    PGRES_COMMAND_OK))
		return 1;
	printf("  + %.1f s vacuum analyze\n", seed_clock() - t2);
	return 0;
}

const struct seed_family seed_family_inventory = {
	.name = "inventory",
	.table = "inventory.stock_moves",
	.demo = inventory_demo,
	.scale_options = inventory_options,
	.scale = inventory_scale,
};
