/* seed_customers.c: the customers family's demo and scale data.
 *
 * Short word lists are composed by a seeded PRNG into customers, contacts,
 * properties and communications. One set of generators serves both
 * commands: demo rows go in with parameterised INSERTs (a few hundred),
 * scale rows with COPY (hundreds of thousands). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seed_family.h"

/* ------------------------------------------------------------------ */
/* Words.                                                              */

static const char *const seed_firsts[] = {
	"Daniel", "Priya", "Robert", "Olivia", "Liam", "Emma", "Noah", "Sophia", "James",
	"Isabella", "Benjamin", "Mia", "Lucas", "Charlotte", "Henry", "Amelia", "Alexander",
	"Harper", "Michael", "Evelyn", "Ethan", "Abigail", "Jacob", "Emily", "William",
	"Elizabeth", "Samuel", "Sofia", "David", "Ella", "Joseph", "Madison", "Carter",
	"Scarlett", "Owen", "Victoria", "Wyatt", "Aria", "John", "Grace", "Jack", "Chloe",
	"Luke", "Camila", "Gabriel", "Penelope", "Anthony", "Riley", "Isaac", "Layla", "Dylan",
	"Lillian", "Leo", "Nora", "Julian", "Zoey", "Mateo", "Hannah", "Hiro", "Mei", "Wei",
	"Ananya", "Rohan", "Arjun", "Aisha", "Omar", "Fatima", "Yusuf", "Chidi", "Ngozi",
	"Kwame", "Amara", "Diego", "Lucía", "Carlos", "Valentina", "Andre", "Keisha", "Marcus",
	"Jasmine", "Imani", "Sean", "Siobhan", "Erik", "Ingrid", "Lars", "Katya", "Dmitri",
	"Elena", "Ravi", "Meera", "Kenji", "Yuki", "Min-jun", "Seo-yeon", "Tomás", "Ximena",
	"Hamid", "Leila", "Noor", "Patrick", "Bridget", "Graham", "Margaret", "Catherine",
	"Susan", "Thomas", "Jennifer", "Paul", "Laura", "Mark", "Rachel", "Greg", "Heather",
	"Brandon", "Kristen", "Trevor", "Allison", "Colin", "Whitney", "Derek", "Natalie",
};

static const char *const seed_lasts[] = {
	"Whitfield", "Okafor", "Garcia", "Johnson", "Williams", "Brown", "Miller", "Davis",
	"Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
	"Thomas", "Moore", "Jackson", "Martin", "Thompson", "White", "Harris", "Sanchez",
	"Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
	"Scott", "Torres", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
	"Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Chen", "Kim", "Park", "Choi",
	"Tanaka", "Yamamoto", "Sato", "Singh", "Sharma", "Gupta", "Iyer", "Reddy", "Khan",
	"Haddad", "Nasser", "Abboud", "Mensah", "Adeyemi", "Eze", "Balogun", "O'Brien",
	"O'Connor", "Murphy", "Kelly", "Sullivan", "Fitzgerald", "Gallagher", "Novak",
	"Kowalski", "Horvath", "Müller", "Schmidt", "Fischer", "Weber", "Becker", "Hoffmann",
	"Larsen", "Lindqvist", "Johansson", "Nilsson", "Rossi", "Bianchi", "Romano",
	"D'Angelo", "Moretti", "Ivanov", "Petrov", "Volkov", "Núñez", "Castillo", "Vargas",
	"Morales", "Ortiz", "Gutierrez", "Mendoza", "Alvarez", "Delgado", "Cohen", "Levi",
	"Friedman", "Goldberg", "Katz", "Stein", "Ashworth", "Pemberton", "Hargrove",
	"Kingsley", "Montgomery", "Prescott", "Whitaker", "Sinclair", "Blackwell", "Holloway",
	"Langford", "Carrington", "Ellsworth", "Beaumont", "Fairbanks", "Thornton",
	"Calloway", "Wexler", "Brennan", "Donnelly", "Harrington", "Vance", "Sterling",
	"Callahan", "Dalton", "Hayes", "Rhodes", "Brooks", "Bennett", "Foster", "Russell",
	"Griffin", "Hughes", "Price", "Sanders", "Powell", "Jenkins", "Perry", "Butler",
	"Barnes", "Fisher", "Henderson", "Coleman", "Simmons", "Patterson", "Reynolds",
	"Hamilton", "Graham", "Wallace", "Cole", "Gibson", "Nakamura", "Hoang", "Tran",
	"Pham", "Vu", "Le", "Bui", "Dang", "Abernathy", "Okonkwo", "Achebe", "Boateng",
};

static const char *const seed_prefixes[] = {
	"Lakeview", "Harbor Street", "Cedar Ridge", "Summit", "Bayside", "Maple Grove",
	"Riverside", "Northgate", "Blue Heron", "Old Mill", "Ironwood", "Copper Creek",
	"Juniper", "Stonebridge", "Westfield", "Pine Hollow", "Granite Peak", "Silver Lake",
	"Magnolia", "Briar Hill", "Foxglove", "Canal Street", "Market Square", "Highland",
	"Sagebrush", "Willow Bend", "Redwood", "Clearwater", "Aspen", "Barton Springs",
	"Hill Country", "South Congress", "Lone Star", "Bluebonnet", "Pecan Street",
	"Live Oak", "Limestone", "Twin Creeks", "Round Rock", "Bee Cave", "Rio Vista",
	"Mesa Verde", "Red Bud", "Falcon Pointe", "Brushy Creek", "Spicewood", "Lost Pines",
	"Hidden Falls", "Eastside", "Mueller", "Zilker", "Tarrytown", "Rosedale", "Crestview",
};

/* A kind of business, the property it occupies and that property's name. */
struct seed_biz { const char *name, *ptype, *site; };
static const struct seed_biz seed_bizs[] = {
	{"Dental Group", "office", "Clinic"}, {"Bistro", "hospitality", "Restaurant"},
	{"Law Offices", "office", "Main office"}, {"Family Medicine", "office", "Clinic"},
	{"Yoga Studio", "retail", "Studio"}, {"Realty", "office", "Main office"},
	{"Veterinary Clinic", "office", "Clinic"}, {"Brewing Co.", "hospitality", "Taproom"},
	{"Boutique Hotel", "hospitality", "Hotel"}, {"Country Club", "hospitality", "Clubhouse"},
	{"Wealth Advisors", "office", "Main office"}, {"Architects", "office", "Studio"},
	{"Fitness", "retail", "Gym"}, {"Coffee Roasters", "retail", "Cafe"},
	{"Physical Therapy", "office", "Clinic"}, {"Orthodontics", "office", "Clinic"},
	{"Montessori School", "other", "Campus"}, {"Community Church", "other", "Sanctuary"},
	{"Winery", "hospitality", "Tasting room"}, {"Steakhouse", "hospitality", "Restaurant"},
	{"Sports Bar", "hospitality", "Bar"}, {"Salon & Spa", "retail", "Salon"},
	{"Insurance Agency", "office", "Main office"}, {"Animal Hospital", "office", "Clinic"},
	{"Design Studio", "office", "Studio"}, {"Capital Partners", "office", "Main office"},
	{"Marina", "other", "Harbor office"}, {"Inn", "hospitality", "Inn"},
	{"Golf Club", "hospitality", "Clubhouse"}, {"Medical Spa", "retail", "Spa"},
	{"Custom Homes", "office", "Model home"}, {"Furniture Gallery", "retail", "Showroom"},
	{"Pediatrics", "office", "Clinic"}, {"CPA Group", "office", "Main office"},
	{"Event Center", "hospitality", "Venue"}, {"Auto Gallery", "retail", "Showroom"},
};

struct seed_city { const char *city, *region, *postal, *area; };
/* The demo integrator works the Austin area: the first DEMO_CITIES. Scale
 * data spreads over all of them. */
#define DEMO_CITIES 15
static const struct seed_city seed_cities[] = {
	{"Austin", "TX", "78703", "512"}, {"West Lake Hills", "TX", "78746", "512"},
	{"Lakeway", "TX", "78734", "512"}, {"Round Rock", "TX", "78681", "512"},
	{"Georgetown", "TX", "78628", "512"}, {"Dripping Springs", "TX", "78620", "512"},
	{"Bee Cave", "TX", "78738", "512"}, {"Cedar Park", "TX", "78613", "512"},
	{"Austin", "TX", "78731", "512"}, {"Pflugerville", "TX", "78660", "512"},
	{"Leander", "TX", "78641", "512"}, {"Wimberley", "TX", "78676", "512"},
	{"Spicewood", "TX", "78669", "512"}, {"Austin", "TX", "78704", "512"},
	{"Marble Falls", "TX", "78654", "830"},
	{"Scottsdale", "AZ", "85255", "480"}, {"Naples", "FL", "34102", "239"},
	{"Boulder", "CO", "80302", "303"}, {"Lake Oswego", "OR", "97034", "503"},
	{"Bellevue", "WA", "98004", "425"}, {"Nashville", "TN", "37215", "615"},
	{"Charlotte", "NC", "28207", "704"}, {"Greenwich", "CT", "06830", "203"},
	{"Carmel", "IN", "46032", "317"}, {"Edina", "MN", "55424", "952"},
	{"Highland Park", "IL", "60035", "847"}, {"Park City", "UT", "84060", "435"},
	{"Sarasota", "FL", "34236", "941"}, {"Raleigh", "NC", "27608", "919"},
	{"Alpharetta", "GA", "30009", "770"}, {"Plano", "TX", "75093", "972"},
	{"Naperville", "IL", "60540", "630"}, {"Ann Arbor", "MI", "48104", "734"},
	{"Madison", "WI", "53705", "608"}, {"Boise", "ID", "83702", "208"},
	{"Santa Barbara", "CA", "93108", "805"}, {"Palo Alto", "CA", "94301", "650"},
	{"Newport Beach", "CA", "92660", "949"}, {"Bend", "OR", "97703", "541"},
	{"Asheville", "NC", "28803", "828"}, {"Charleston", "SC", "29401", "843"},
	{"Savannah", "GA", "31401", "912"}, {"Coeur d'Alene", "ID", "83814", "208"},
	{"Jackson", "WY", "83001", "307"}, {"Hilton Head Island", "SC", "29928", "843"},
	{"Houston", "TX", "77024", "713"}, {"Dallas", "TX", "75205", "214"},
	{"San Antonio", "TX", "78209", "210"}, {"Denver", "CO", "80206", "303"},
	{"Atlanta", "GA", "30305", "404"}, {"Miami", "FL", "33133", "305"},
};

/* Second homes, each in the kind of place such a home is. */
struct seed_getaway { const char *name, *type; struct seed_city city; };
static const struct seed_getaway seed_getaways[] = {
	{"Lake house", "house", {"Horseshoe Bay", "TX", "78657", "830"}},
	{"Ranch", "house", {"Fredericksburg", "TX", "78624", "830"}},
	{"Beach house", "house", {"Port Aransas", "TX", "78373", "361"}},
	{"Ski condo", "condo", {"Vail", "CO", "81657", "970"}},
	{"Hill Country retreat", "house", {"Wimberley", "TX", "78676", "512"}},
	{"Downtown condo", "condo", {"Austin", "TX", "78701", "512"}},
	{"Rental property", "house", {"Round Rock", "TX", "78664", "512"}},
	{"Cabin", "house", {"Ruidoso", "NM", "88345", "575"}},
};

static const char *const seed_streets[] = {
	"Oak", "Maple", "Cedar", "Pecan", "Live Oak", "Bluebonnet", "Westlake", "Rivercrest",
	"Lakeshore", "Canyon View", "Hillside", "Ridgewood", "Stone Ridge", "Barton Creek",
	"Spanish Oak", "Mesa", "Valley View", "Sunset", "Highland", "Meadowbrook", "Wildflower",
	"Hidden Hills", "Quarry", "Falcon", "Eagle Point", "Lost Creek", "Cypress", "Willow",
	"Magnolia", "Elm", "Juniper", "Sycamore", "Hickory", "Walnut", "Chestnut", "Park",
	"Lake", "Bay", "Harbor", "Summit", "Vista", "Crestview", "Deer Trail", "Fox Run",
	"Shady Grove", "Old Mill", "Cherry", "Birch", "Madrone", "Palisades", "Red Bud",
};
static const char *const seed_suffixes[] = {
	"St", "Ave", "Dr", "Ln", "Ct", "Rd", "Way", "Trl", "Cv", "Pkwy", "Blvd", "Pl", "Cir",
};

static const char *const seed_tags[] = {
	"control4", "lutron", "vip", "rmr", "builder-referral", "sonos", "unifi", "savant",
	"crestron", "josh-ai", "ring", "alarm", "shades", "theater", "service-plan",
	"new-construction", "retrofit", "networking", "cameras", "outdoor-audio",
};

static const char *const seed_res_notes[] = {
	"Prefers text over calls.", "Referred by Stonebridge Custom Homes.",
	"Annual service plan renews in March.", "Second home; usually in town on weekends.",
	"Very particular about wire management.", "Pays by ACH, net 15.",
	"Wants everything in one app.", "Home office needs a VPN and a separate VLAN.",
	"Interested in whole-home audio next year.", "HOA must approve exterior cameras.",
	"Owner travels often; coordinate through the assistant.",
	"Builder walkthrough before drywall.", "Legacy Control4 system, candidate for upgrade.",
	"Sensitive about fan noise in the theater.", "Asked for quiet hours before 9am.",
	"Has a generator; check transfer switch on visits.",
};
static const char *const seed_com_notes[] = {
	"Several locations; billing is centralized.", "PO number required on every invoice.",
	"Pays by ACH, net 30.", "Work after hours only; coordinate with the manager.",
	"Guest Wi-Fi must stay separate from the business network.",
	"Annual service plan renews in January.", "Landlord approval needed for ceiling work.",
	"Interested in digital signage next quarter.", "Legacy Crestron system in the conference room.",
	"Referred by another tenant in the building.",
};

static const char *const seed_home_domains[] = { "example.com", "example.net", "example.org" };
static const char *const seed_mailboxes[] = {
	"office", "info", "frontdesk", "hello", "admin", "accounts", "manager",
};

static const char *const seed_res_staff[] = {
	"House manager", "Estate manager", "Personal assistant", "Builder",
	"Interior designer", "Property manager",
};
static const char *const seed_com_leads[] = {
	"Owner", "Office manager", "General manager", "Practice administrator",
};
static const char *const seed_com_staff[] = {
	"Facilities manager", "IT coordinator", "Operations director", "Controller",
	"Front desk lead", "Assistant manager",
};
static const char *const seed_channels[] = { "email", "phone", "sms", "any", "email", "phone" };
static const char *const seed_best_times[] = {
	"weekdays after 5pm", "mornings before 9", "any time", "weekends only", "lunch hour",
	"Tue/Thu afternoons", "business hours", "evenings", "",
};
static const char *const seed_contact_notes[] = {
	"", "", "", "Decision maker on budget.", "Handles gate codes and access.",
	"Only for scheduling.", "Copy on all invoices.", "Prefers Spanish.",
	"Do not call before 10am.", "Approves change orders.",
};

static const char *const seed_res_access[] = {
	"Gate code in office", "Dog in backyard", "Call 30 minutes before arrival",
	"Lockbox on side door; code in office", "Park on the street, not the driveway",
	"Alarm panel in garage; code in office", "Shoes off inside", "Cat indoors; keep doors closed",
	"Housekeeper on site Tue/Fri", "Rack in basement mechanical room",
	"Check in with the guard house", "Attic access through primary closet",
};
static const char *const seed_com_access[] = {
	"Check in at the front desk", "After-hours access via loading dock",
	"Badge from facilities for the server closet", "Work before 9am or after 5pm only",
	"Parking in the rear lot", "Alarm code with the office manager",
	"Ladder in the janitor's closet", "Ceiling tiles are fragile in the lobby",
};

static const char *const seed_res_rooms[] = {
	"Living room", "Kitchen", "Primary bedroom", "Theater", "Great room", "Home office",
	"Dining room", "Game room", "Gym", "Wine cellar", "Guest suite", "Patio", "Pool house",
	"Outdoor kitchen", "Garage", "Kids' rooms", "Media room",
};
static const char *const seed_res_racks[] = {
	"Rack closet", "Mechanical room", "Equipment closet", "Basement rack",
};
/* Rooms of a business, by the type of its property. */
static const char *const seed_office_rooms[] = {
	"Reception", "Waiting room", "Conference room", "Open office", "Private offices",
	"Exam rooms", "Break room", "Training room",
};
static const char *const seed_hospitality_rooms[] = {
	"Lobby", "Dining room", "Bar", "Patio", "Kitchen", "Private dining", "Event space",
	"Guest rooms",
};
static const char *const seed_retail_rooms[] = {
	"Sales floor", "Fitting rooms", "Checkout", "Back office", "Storage", "Patio",
};
static const char *const seed_other_rooms[] = {
	"Lobby", "Main hall", "Offices", "Classrooms", "Storage", "Grounds",
};
static const char *const seed_com_racks[] = { "Server closet", "IT closet", "MDF room" };

/* A subject line fits one kind of communication and one direction ('i'n,
 * 'o'ut, internal 'n'); scope 1 is homes only, 2 businesses only, 0 either. */
struct seed_subject { const char *kind; char dir; const char *subject; int scope; };
static const struct seed_subject seed_subjects[] = {
	{"call", 'o', "Discussed Lutron HomeWorks upgrade", 1},
	{"call", 'i', "Control4 remote not responding", 1},
	{"call", 'i', "Asked about service plan renewal", 0},
	{"call", 'i', "Invoice question", 0},
	{"call", 'i', "Intro call: new construction project", 1},
	{"call", 'i', "Network slow in home office", 1},
	{"call", 'i', "POS terminals dropping off Wi-Fi", 2},
	{"call", 'o', "Follow-up on proposal", 0},
	{"call", 'i', "Thermostat schedule changes", 1},
	{"call", 'i', "Conference room display not switching inputs", 2},
	{"email", 'i', "Wi-Fi dead spot in pool house", 1},
	{"email", 'o', "Quote follow-up: theater projector", 1},
	{"email", 'o', "Sent proposal for outdoor audio", 1},
	{"email", 'o', "UniFi firmware update window", 0},
	{"email", 'i', "Camera footage request", 0},
	{"email", 'i', "Shade schedule for summer", 1},
	{"email", 'i', "Background music zones for dining room", 2},
	{"email", 'i', "Sonos zone dropping in kitchen", 1},
	{"email", 'o', "Invoice and warranty paperwork", 0},
	{"email", 'i', "Guest Wi-Fi captive portal", 2},
	{"meeting", 'o', "Design meeting: whole-home audio", 1},
	{"meeting", 'o', "Walkthrough with builder for pre-wire", 1},
	{"meeting", 'o', "Quarterly review with office manager", 2},
	{"meeting", 'o', "Budget review for phase 2", 0},
	{"meeting", 'o', "Lighting scene programming review", 0},
	{"sms", 'o', "Tech running 15 minutes late", 0},
	{"sms", 'i', "Confirmed appointment for Tuesday", 0},
	{"sms", 'i', "Gate code changed", 1},
	{"sms", 'i', "Doorbell not ringing chimes", 1},
	{"site_visit", 'o', "Annual maintenance visit", 0},
	{"site_visit", 'o', "Rack cleanup and UPS battery swap", 0},
	{"site_visit", 'o', "Shade motor replaced in primary bedroom", 1},
	{"site_visit", 'o', "Camera offline at front gate", 0},
	{"site_visit", 'o', "Access point added in pool house", 1},
	{"site_visit", 'o', "Speaker install on patio", 1},
	{"site_visit", 'o', "Replaced failed switch in server closet", 2},
	{"site_visit", 'o', "TV mount and calibration in theater", 1},
	{"note", 'n', "Considering Savant; follow up in spring", 1},
	{"note", 'n', "Past-due invoice; hold new work", 0},
	{"note", 'n', "Referral opportunity: neighbor building a new home", 1},
	{"note", 'n', "Lease ends next year; may relocate", 2},
	{"note", 'n', "Prefers Taylor for service calls", 0},
};

/* Bodies say what happened, so they follow the kind of communication. */
struct seed_body { const char *kind, *text; };
static const struct seed_body seed_bodies[] = {
	{"call", "Left voicemail; will try again Thursday."},
	{"call", "Spoke for ten minutes; sending a summary by email."},
	{"call", "Walked them through a reboot over the phone."},
	{"call", "Booked a service visit."},
	{"call", "They will check their calendar and call back."},
	{"email", "Sent the proposal PDF with a link to sign."},
	{"email", "Attached photos and the network diagram."},
	{"email", "Replied with questions about pricing."},
	{"email", "Forwarded to the project manager."},
	{"email", "Confirmed dates in writing."},
	{"meeting", "Walked the site; notes are in the project file."},
	{"meeting", "Reviewed good/better/best options."},
	{"meeting", "Needs a revised quote by the end of the month."},
	{"meeting", "Agreed on scope; next step is the proposal."},
	{"sms", "Confirmed by text."},
	{"sms", "Sent the tech's ETA."},
	{"sms", "Reply: thanks, see you then."},
	{"site_visit", "Resolved on site in under an hour."},
	{"site_visit", "Firmware updated and system rebooted."},
	{"site_visit", "Parts on back order, ETA two weeks."},
	{"site_visit", "Replaced the part and tested every zone."},
	{"site_visit", "Took photos of the rack for the file."},
	{"site_visit", "Customer happy with the result."},
	{"note", "Flag for the service manager."},
	{"note", "Bring it up at the next visit."},
	{"note", "Discussed at the Monday meeting."},
	{"note", "No action needed yet."},
};

/* Demo users: one per shipped role, in the order of enum seed_role. */
/* ------------------------------------------------------------------ */
/* Composition: words -> one customer and what hangs off it.           */

/* How much hangs off each customer; differs between demo and scale. */
struct seed_shape {
	int  contacts_max, properties_max, comms_min, comms_max, tags_min;
	int  ncities;        /* draw from the first ncities of seed_cities */
	long horizon;        /* communications within this many seconds before now */
	int  wide_phones;    /* any 555 line, not just the fictional 555-01xx */
};
static const struct seed_shape shape_demo = { 3, 2, 2, 6, 1, DEMO_CITIES, 120 * DAY, 0 };
static const struct seed_shape shape_scale = { 2, 1, 2, 4, 0, (int)NELEM(seed_cities), 365 * DAY, 1 };

enum { RES_RESIDENCE, RES_COUPLE, RES_PERSON, RES_FAMILY };   /* residential name styles */
enum { COM_PLACE, COM_SURNAME };                               /* commercial name styles */
#define SEED_MAX_TAGS 5
#define SEED_MAX_ROOMS 10

struct seed_customer {
	const struct seed_shape *shape;
	int  commercial, style, first, partner, last, prefix, biz;
	const struct seed_city *city;
	char name[160], email[160], phone[32], line1[96], line2[32], domain[96];
	const char *tags[SEED_MAX_TAGS];
	int  ntags;
	char notes[256];
	int  ncontacts, nproperties, ncomms;
	long created_ago, updated_ago;       /* seconds before now */
};

struct seed_contact {
	char name[96], email[160], phone[32];
	const char *title, *channel, *best_time, *notes;
	int do_not_contact, is_primary;
};

struct seed_property {
	const char *name, *type;
	const struct seed_city *city;
	char line1[96], line2[32], access[160];
	const char *rooms[SEED_MAX_ROOMS];
	int nrooms;
};

struct seed_comm {
	const char *kind, *direction, *subject;
	char body[200];
	int contact, property;               /* indexes into the customer's; property -1: none */
	enum seed_role role;                 /* who logged it */
	long ago;
};

/* ASCII slug for email local parts and domains: "D'Angelo" -> "dangelo",
 * "Núñez" -> "nunez". Only the accents in the word lists are mapped. */
static void
seed_slug(char *out, size_t cap, const char *in)
{
	static const struct { const char *utf8; char ascii; } fold[] = {
		{"á", 'a'}, {"é", 'e'}, {"í", 'i'}, {"ó", 'o'}, {"ú", 'u'}, {"ñ", 'n'},
		{"ü", 'u'}, {"ö", 'o'}, {"ä", 'a'}, {"ø", 'o'}, {"ç", 'c'}, {"å", 'a'},
	};
	size_t n = 0;
	while (*in && n + 1 < cap) {
		unsigned char ch = (unsigned char)*in;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			out[n++] = (char)ch;
		} else if (ch >= 'A' && ch <= 'Z') {
			out[n++] = (char)(ch - 'A' + 'a');
		} else if (ch >= 0x80) {
			for (size_t i = 0; i < NELEM(fold); i++)
				if (strncmp(in, fold[i].utf8, strlen(fold[i].utf8)) == 0) {
					out[n++] = fold[i].ascii;
					break;
				}
			while ((unsigned char)in[1] >= 0x80 && (unsigned char)in[1] < 0xC0)
				in++;         /* skip the rest of the sequence */
		}
		in++;
	}
	out[n] = '\0';
}

static void
seed_phone(char *out, size_t cap, struct seed_rng *r, const char *area, int wide)
{
	int line = wide ? rng_range(r, 100, 9999) : rng_range(r, 100, 199);
	switch (rng_below(r, 3)) {
	case 0:  snprintf(out, cap, "(%s) 555-%04d", area, line); break;
	case 1:  snprintf(out, cap, "%s-555-%04d", area, line); break;
	default: snprintf(out, cap, "%s.555.%04d", area, line); break;
	}
}

static void
seed_street(char *out, size_t cap, struct seed_rng *r)
{
	/* One draw per statement: argument order is unspecified in C, and the
	 * data must not depend on the compiler. */
	int number = rng_range(r, 101, 9899);
	const char *street = PICK(r, seed_streets);
	snprintf(out, cap, "%d %s %s", number, street, PICK(r, seed_suffixes));
}

/* A person's email: "daniel.okafor@example.com", "dokafor42@example.net"... */
static void
seed_person_email(char *out, size_t cap, struct seed_rng *r, const char *first,
    const char *last, const char *domain, int numbered)
{
	char f[48], l[48];
	seed_slug(f, sizeof(f), first);
	seed_slug(l, sizeof(l), last);
	int num = numbered && rng_pct(r, 60) ? rng_range(r, 1, 99) : 0;
	char suffix[8] = "";
	if (num)
		snprintf(suffix, sizeof(suffix), "%d", num);
	switch (rng_below(r, 3)) {
	case 0:  snprintf(out, cap, "%s.%s%s@%s", f, l, suffix, domain); break;
	case 1:  snprintf(out, cap, "%s%s%s@%s", f, l, suffix, domain); break;
	default: snprintf(out, cap, "%c%s%s@%s", f[0], l, suffix, domain); break;
	}
}

/* Choose the words a customer is made of (but no strings yet). */
static void
seed_customer_pick(struct seed_rng *r, struct seed_customer *c, int commercial)
{
	c->commercial = commercial;
	c->first = rng_below(r, NELEM(seed_firsts));
	do
		c->partner = rng_below(r, NELEM(seed_firsts));
	while (c->partner == c->first);
	c->last = rng_below(r, NELEM(seed_lasts));
	c->prefix = rng_below(r, NELEM(seed_prefixes));
	c->biz = rng_below(r, NELEM(seed_bizs));
	if (commercial) {
		c->style = rng_pct(r, 70) ? COM_PLACE : COM_SURNAME;
	} else {
		int p = rng_below(r, 100);
		c->style = p < 30 ? RES_RESIDENCE : p < 60 ? RES_COUPLE : p < 90 ? RES_PERSON : RES_FAMILY;
	}
}

static void
seed_customer_name(struct seed_customer *c)
{
	const char *first = seed_firsts[c->first], *last = seed_lasts[c->last];
	const char *biz = seed_bizs[c->biz].name;
	if (c->commercial) {
		snprintf(c->name, sizeof(c->name), "%s %s",
		    c->style == COM_PLACE ? seed_prefixes[c->prefix] : last, biz);
		return;
	}
	switch (c->style) {
	case RES_RESIDENCE: snprintf(c->name, sizeof(c->name), "The %s Residence", last); break;
	case RES_COUPLE:
		snprintf(c->name, sizeof(c->name), "%s & %s %s", first, seed_firsts[c->partner], last);
		break;
	case RES_FAMILY: snprintf(c->name, sizeof(c->name), "The %s Family", last); break;
	default: snprintf(c->name, sizeof(c->name), "%s %s", first, last); break;
	}
}

static void
seed_customer_tags(struct seed_rng *r, struct seed_customer *c)
{
	int want = rng_range(r, c->shape->tags_min, 4);
	c->ntags = 0;
	while (c->ntags < want) {
		const char *t = PICK(r, seed_tags);
		int dup = 0;
		for (int i = 0; i < c->ntags; i++)
			dup |= t == c->tags[i];
		if (!dup)
			c->tags[c->ntags++] = t;
	}
}

/* Join one or two distinct fragments from list with sep. */
static void
seed_fragments(char *out, size_t cap, struct seed_rng *r, const char *const *list,
    size_t n, int count, const char *sep)
{
	int a = rng_below(r, n), b = a;
	out[0] = '\0';
	if (count <= 0)
		return;
	if (count == 1 || n < 2) {
		snprintf(out, cap, "%s", list[a]);
		return;
	}
	while (b == a)
		b = rng_below(r, n);
	int len = snprintf(out, cap, "%s%s", list[a], sep);
	snprintf(out + len, cap - (size_t)len, "%s", list[b]);
	/* "Gate code in office; dog in backyard": a clause, not a sentence. */
	if (strcmp(sep, "; ") == 0 && out[len] >= 'A' && out[len] <= 'Z')
		out[len] = (char)(out[len] - 'A' + 'a');
}

/* Every string of a picked customer, and how much hangs off it. */
static void
seed_customer_fill(struct seed_rng *r, struct seed_customer *c)
{
	const struct seed_shape *sh = c->shape;
	seed_customer_name(c);
	c->city = &seed_cities[rng_below(r, (size_t)sh->ncities)];
	if (c->commercial) {
		char a[40], b[40];
		seed_slug(a, sizeof(a), c->style == COM_PLACE ? seed_prefixes[c->prefix]
		    : seed_lasts[c->last]);
		seed_slug(b, sizeof(b), seed_bizs[c->biz].name);
		snprintf(c->domain, sizeof(c->domain), "%s%s.example.com", a, b);
		snprintf(c->email, sizeof(c->email), "%s@%s", PICK(r, seed_mailboxes), c->domain);
	} else {
		snprintf(c->domain, sizeof(c->domain), "%s", PICK(r, seed_home_domains));
		seed_person_email(c->email, sizeof(c->email), r, seed_firsts[c->first],
		    seed_lasts[c->last], c->domain, sh->wide_phones);
	}
	seed_phone(c->phone, sizeof(c->phone), r, c->city->area, sh->wide_phones);
	seed_street(c->line1, sizeof(c->line1), r);
	c->line2[0] = '\0';
	if (c->commercial && rng_pct(r, 50))
		snprintf(c->line2, sizeof(c->line2), "Suite %d", rng_range(r, 100, 450));
	seed_customer_tags(r, c);
	if (c->commercial)
		seed_fragments(c->notes, sizeof(c->notes), r, seed_com_notes,
		    NELEM(seed_com_notes), rng_below(r, 3), " ");
	else
		seed_fragments(c->notes, sizeof(c->notes), r, seed_res_notes,
		    NELEM(seed_res_notes), rng_below(r, 3), " ");
	c->ncontacts = rng_range(r, 1, sh->contacts_max);
	c->nproperties = 1 + (sh->properties_max > 1 && rng_pct(r, c->commercial ? 20 : 35));
	c->ncomms = rng_range(r, sh->comms_min, sh->comms_max);
	c->created_ago = sh->horizon + rng_range(r, 1, 900) * DAY;
	c->created_ago += rng_below(r, DAY);
	c->updated_ago = rng_below(r, (size_t)sh->horizon);
}

/* Contact k of c; k 0 is the primary (the homeowner or the business lead). */
static void
seed_contact_make(struct seed_rng *r, const struct seed_customer *c, int k,
    struct seed_contact *ct)
{
	const char *first = seed_firsts[rng_below(r, NELEM(seed_firsts))];
	const char *last = seed_lasts[rng_below(r, NELEM(seed_lasts))];
	const char *domain = c->commercial ? c->domain : PICK(r, seed_home_domains);
	int owner = k == 0 || (k == 1 && !c->commercial && c->style == RES_COUPLE);
	if (owner && !c->commercial) {
		first = seed_firsts[k == 0 ? c->first : c->partner];
		last = seed_lasts[c->last];
		domain = c->domain;
	} else if (k == 0 && c->style == COM_SURNAME) {
		last = seed_lasts[c->last];
	}
	snprintf(ct->name, sizeof(ct->name), "%s %s", first, last);
	ct->title = !c->commercial ? (owner ? "Homeowner" : PICK(r, seed_res_staff))
	    : (k == 0 ? PICK(r, seed_com_leads) : PICK(r, seed_com_staff));
	seed_person_email(ct->email, sizeof(ct->email), r, first, last, domain,
	    c->shape->wide_phones);
	seed_phone(ct->phone, sizeof(ct->phone), r, c->city->area, c->shape->wide_phones);
	if (k == 0 && !c->commercial)
		snprintf(ct->phone, sizeof(ct->phone), "%s", c->phone);   /* the household line */
	ct->channel = PICK(r, seed_channels);
	ct->best_time = PICK(r, seed_best_times);
	ct->notes = PICK(r, seed_contact_notes);
	ct->is_primary = k == 0;
	ct->do_not_contact = k > 0 && rng_pct(r, 12);
}

/* Up to SEED_MAX_ROOMS rooms in list order, then where the rack lives. */
static void
seed_rooms(struct seed_rng *r, struct seed_property *p, const char *const *rooms,
    size_t n, int pct, const char *rack)
{
	p->nrooms = 0;
	for (size_t i = 0; i < n && p->nrooms < SEED_MAX_ROOMS - 1; i++)
		if (rng_pct(r, pct))
			p->rooms[p->nrooms++] = rooms[i];
	if (p->nrooms == 0)
		p->rooms[p->nrooms++] = rooms[0];
	p->rooms[p->nrooms++] = rack;
}

static void
seed_business_rooms(struct seed_rng *r, struct seed_property *p)
{
	const char *rack = PICK(r, seed_com_racks);
	if (strcmp(p->type, "office") == 0)
		seed_rooms(r, p, seed_office_rooms, NELEM(seed_office_rooms), 50, rack);
	else if (strcmp(p->type, "hospitality") == 0)
		seed_rooms(r, p, seed_hospitality_rooms, NELEM(seed_hospitality_rooms), 50, rack);
	else if (strcmp(p->type, "retail") == 0)
		seed_rooms(r, p, seed_retail_rooms, NELEM(seed_retail_rooms), 50, rack);
	else
		seed_rooms(r, p, seed_other_rooms, NELEM(seed_other_rooms), 50, rack);
}

/* Property k of c: the first is the billing address (home or premises),
 * a second is a getaway (homes) or another location (businesses). */
static void
seed_property_make(struct seed_rng *r, const struct seed_customer *c, int k,
    struct seed_property *p)
{
	const struct seed_biz *biz = &seed_bizs[c->biz];
	p->city = c->city;
	snprintf(p->line1, sizeof(p->line1), "%s", c->line1);
	snprintf(p->line2, sizeof(p->line2), "%s", c->line2);
	if (k == 0) {
		p->name = c->commercial ? biz->site : "Main residence";
		p->type = c->commercial ? biz->ptype : rng_pct(r, 15) ? "condo" : "house";
	} else if (!c->commercial) {
		const struct seed_getaway *g = &seed_getaways[rng_below(r, NELEM(seed_getaways))];
		p->name = g->name;
		p->type = g->type;
		p->city = &g->city;
		seed_street(p->line1, sizeof(p->line1), r);
		p->line2[0] = '\0';
	} else {
		p->name = rng_pct(r, 70) ? "Second location" : "Warehouse";
		p->type = p->name[0] == 'W' ? "other" : biz->ptype;
		p->city = &seed_cities[rng_below(r, (size_t)c->shape->ncities)];
		seed_street(p->line1, sizeof(p->line1), r);
		p->line2[0] = '\0';
	}
	if (c->commercial) {
		seed_fragments(p->access, sizeof(p->access), r, seed_com_access,
		    NELEM(seed_com_access), rng_range(r, 1, 2), "; ");
		seed_business_rooms(r, p);
	} else {
		seed_fragments(p->access, sizeof(p->access), r, seed_res_access,
		    NELEM(seed_res_access), rng_range(r, 1, 2), "; ");
		seed_rooms(r, p, seed_res_rooms, NELEM(seed_res_rooms),
		    strcmp(p->type, "condo") == 0 ? 25 : 40, PICK(r, seed_res_racks));
	}
}

/* Who on the team logs this kind of communication. */
static enum seed_role
seed_comm_role(struct seed_rng *r, const char *kind)
{
	static const enum seed_role talkers[] = { R_SALES, R_OFFICE, R_MANAGER, R_SALES };
	static const enum seed_role noters[] = { R_SALES, R_OFFICE, R_MANAGER, R_TECH };
	if (strcmp(kind, "site_visit") == 0)
		return R_TECH;
	if (strcmp(kind, "meeting") == 0)
		return rng_pct(r, 60) ? R_SALES : R_MANAGER;
	if (strcmp(kind, "note") == 0)
		return PICK(r, noters);
	if (strcmp(kind, "sms") == 0 && rng_pct(r, 50))
		return R_TECH;
	return PICK(r, talkers);
}

/* One or two sentences that fit kind. */
static void
seed_comm_body(struct seed_rng *r, char *out, size_t cap, const char *kind)
{
	const char *fit[8];
	int n = 0;
	for (size_t i = 0; i < NELEM(seed_bodies) && n < 8; i++)
		if (strcmp(seed_bodies[i].kind, kind) == 0)
			fit[n++] = seed_bodies[i].text;
	seed_fragments(out, cap, r, fit, (size_t)n, rng_range(r, 1, 2), " ");
}

static void
seed_comm_make(struct seed_rng *r, const struct seed_customer *c, struct seed_comm *m)
{
	const struct seed_subject *s;
	int scope = c->commercial ? 2 : 1;
	do
		s = &seed_subjects[rng_below(r, NELEM(seed_subjects))];
	while (s->scope != 0 && s->scope != scope);
	m->kind = s->kind;
	m->subject = s->subject;
	m->direction = s->dir == 'i' ? "inbound" : s->dir == 'o' ? "outbound" : "internal";
	seed_comm_body(r, m->body, sizeof(m->body), s->kind);
	m->contact = rng_below(r, (size_t)c->ncontacts);
	m->property = strcmp(s->kind, "site_visit") == 0 || rng_pct(r, 30)
	    ? rng_below(r, (size_t)c->nproperties) : -1;
	m->role = seed_comm_role(r, s->kind);
	m->ago = rng_below(r, (size_t)c->shape->horizon);
}

/* ------------------------------------------------------------------ */
/* seed demo: parameterised INSERTs in the shared transaction.          */

struct demo_totals { int customers, contacts, properties, comms; };

static const struct seed_stmt demo_stmts[] = {
	{"demo_customer", "INSERT INTO customers.customers (kind, name, email, phone,"
	    " billing_line1, billing_line2, billing_city, billing_region, billing_postal_code,"
	    " billing_country, tags, notes, created_at, updated_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'US', $10, $11, $12, $13) RETURNING id", 13},
	{"demo_contact", "INSERT INTO customers.contacts (customer_id, name, title, email, phone,"
	    " preferred_channel, do_not_contact, best_time, is_primary, notes, created_at, updated_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id", 11},
	{"demo_property", "INSERT INTO customers.properties (customer_id, name, type, line1, line2,"
	    " city, region, postal_code, country, access_notes, rooms, created_at, updated_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'US', $9, $10, $11, $11) RETURNING id", 11},
	{"demo_comm", "INSERT INTO customers.communications (customer_id, contact_id, property_id,"
	    " kind, direction, occurred_at, subject, body, user_id, created_at, updated_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $6, $6) RETURNING id", 9},
};

static long long
demo_customer_row(PGconn *db, const struct seed_customer *c, time_t now)
{
	char tags[256], created[32], updated[32];
	seed_array(tags, sizeof(tags), c->tags, c->ntags);
	seed_ts(created, sizeof(created), now, c->created_ago);
	seed_ts(updated, sizeof(updated), now, c->updated_ago);
	const char *vals[] = {
		c->commercial ? "commercial" : "residential", c->name, c->email, c->phone,
		c->line1, c->line2, c->city->city, c->city->region, c->city->postal,
		tags, c->notes, created, updated,
	};
	return seed_insert(db, "demo_customer", 13, vals);
}

static long long
demo_contact_row(PGconn *db, const char *customer_id, const struct seed_contact *ct,
    const char *created)
{
	const char *vals[] = {
		customer_id, ct->name, ct->title, ct->email, ct->phone, ct->channel,
		ct->do_not_contact ? "true" : "false", ct->best_time,
		ct->is_primary ? "true" : "false", ct->notes, created,
	};
	return seed_insert(db, "demo_contact", 11, vals);
}

static long long
demo_property_row(PGconn *db, const char *customer_id, const struct seed_property *p,
    const char *created)
{
	char rooms[512];
	seed_array(rooms, sizeof(rooms), p->rooms, p->nrooms);
	const char *vals[] = {
		customer_id, p->name, p->type, p->line1, p->line2, p->city->city,
		p->city->region, p->city->postal, p->access, rooms, created,
	};
	return seed_insert(db, "demo_property", 11, vals);
}

static long long
demo_comm_row(PGconn *db, const char *customer_id, const struct seed_comm *m,
    long long contact_id, long long property_id, long long user_id, time_t now)
{
	char contact[24], property[24], user[24], at[32];
	snprintf(contact, sizeof(contact), "%lld", contact_id);
	snprintf(property, sizeof(property), "%lld", property_id);
	snprintf(user, sizeof(user), "%lld", user_id);
	seed_ts(at, sizeof(at), now, m->ago);
	const char *vals[] = {
		customer_id, contact, property_id > 0 ? property : NULL, m->kind, m->direction,
		at, m->subject, m->body, user,
	};
	return seed_insert(db, "demo_comm", 9, vals);
}

/* One customer and everything hanging off it. */
static int
demo_customer(PGconn *db, struct seed_rng *r, const struct seed_customer *c,
    const long long users[R__N], time_t now, struct demo_totals *t)
{
	long long contacts[3], properties[2];
	char id[24], created[32];
	long long cid = demo_customer_row(db, c, now);
	if (cid < 0)
		return 1;
	snprintf(id, sizeof(id), "%lld", cid);
	seed_ts(created, sizeof(created), now, c->created_ago);
	for (int k = 0; k < c->ncontacts; k++) {
		struct seed_contact ct;
		seed_contact_make(r, c, k, &ct);
		if ((contacts[k] = demo_contact_row(db, id, &ct, created)) < 0)
			return 1;
	}
	for (int k = 0; k < c->nproperties; k++) {
		struct seed_property p;
		seed_property_make(r, c, k, &p);
		if ((properties[k] = demo_property_row(db, id, &p, created)) < 0)
			return 1;
	}
	for (int k = 0; k < c->ncomms; k++) {
		struct seed_comm m;
		seed_comm_make(r, c, &m);
		if (demo_comm_row(db, id, &m, contacts[m.contact],
		    m.property >= 0 ? properties[m.property] : -1, users[m.role], now) < 0)
			return 1;
	}
	t->customers++;
	t->contacts += c->ncontacts;
	t->properties += c->nproperties;
	t->comms += c->ncomms;
	return 0;
}

/* The first customers are fixed, so docs and tests can rely on finding
 * them ("Whitfield", "Lakeview Dental"); the rest are drawn. */
static const struct {
	int commercial, style;
	const char *first, *partner, *last, *prefix, *biz;
} demo_anchors[] = {
	{0, RES_RESIDENCE, "Robert", "Margaret", "Whitfield", NULL, NULL},
	{0, RES_COUPLE, "Daniel", "Priya", "Okafor", NULL, NULL},
	{1, COM_PLACE, "Heather", NULL, "Choi", "Lakeview", "Dental Group"},
	{1, COM_PLACE, "Marcus", NULL, "D'Angelo", "Harbor Street", "Bistro"},
};

static void
demo_anchor(int i, struct seed_customer *c)
{
	c->commercial = demo_anchors[i].commercial;
	c->style = demo_anchors[i].style;
	c->first = seed_find(seed_firsts, NELEM(seed_firsts), demo_anchors[i].first);
	c->last = seed_find(seed_lasts, NELEM(seed_lasts), demo_anchors[i].last);
	c->partner = demo_anchors[i].partner
	    ? seed_find(seed_firsts, NELEM(seed_firsts), demo_anchors[i].partner) : c->first;
	c->prefix = demo_anchors[i].prefix
	    ? seed_find(seed_prefixes, NELEM(seed_prefixes), demo_anchors[i].prefix) : 0;
	c->biz = 0;
	for (size_t b = 0; demo_anchors[i].biz && b < NELEM(seed_bizs); b++)
		if (strcmp(seed_bizs[b].name, demo_anchors[i].biz) == 0)
			c->biz = (int)b;
}

#define DEMO_CUSTOMERS 40

/* Customer i of the demo: an anchor, or drawn until its surname (homes) or
 * place name (businesses) is not taken yet, so no two look alike. */
static void
demo_choose(struct seed_rng *r, int i, struct seed_customer *c,
    unsigned char used_last[], unsigned char used_prefix[], unsigned char used_biz[])
{
	memset(c, 0, sizeof(*c));
	c->shape = &shape_demo;
	if (i < (int)NELEM(demo_anchors)) {
		demo_anchor(i, c);
	} else {
		int commercial = i % 10 >= 7;   /* 30% businesses */
		for (;;) {
			seed_customer_pick(r, c, commercial);
			int taken = used_last[c->last];
			if (commercial)
				taken = used_biz[c->biz] ||
				    (c->style == COM_PLACE ? used_prefix[c->prefix] : used_last[c->last]);
			if (!taken)
				break;
		}
	}
	used_last[c->last] = 1;
	if (c->commercial) {
		used_biz[c->biz] = 1;
		if (c->style == COM_PLACE)
			used_prefix[c->prefix] = 1;
	}
	seed_customer_fill(r, c);
}

static int
demo_book(PGconn *db, const long long users[R__N], time_t now, struct demo_totals *t)
{
	struct seed_rng r = { 0x4845415254480001ULL };   /* "HEARTH" */
	unsigned char used_last[NELEM(seed_lasts)] = {0};
	unsigned char used_prefix[NELEM(seed_prefixes)] = {0};
	unsigned char used_biz[NELEM(seed_bizs)] = {0};
	for (int i = 0; i < DEMO_CUSTOMERS; i++) {
		struct seed_customer c;
		demo_choose(&r, i, &c, used_last, used_prefix, used_biz);
		if (demo_customer(db, &r, &c, users, now, t))
			return 1;
	}
	return 0;
}

/* 1 if auth.users has rows (then demo does nothing), 0 if empty, -1 on error. */
/* The family's demo: an integrator's book of business, signed by the
 * demo users (auth runs first). */
static int
customers_demo(PGconn *db, struct seed_demo *d)
{
	struct demo_totals t = {0};
	if (seed_prepare(db, demo_stmts, NELEM(demo_stmts)) || demo_book(db, d->users, d->now, &t))
		return 1;
	seed_demo_count(d, t.customers, "customers");
	seed_demo_count(d, t.contacts, "contacts");
	seed_demo_count(d, t.properties, "properties");
	seed_demo_count(d, t.comms, "communications");
	return 0;
}

/* ------------------------------------------------------------------ */
/* seed scale: COPY rows straight from the generators.                  */

/* Everything the parts share; read-only while they load. */
struct scale_ctx {
	PGconn   *db;            /* the caller's connection: reservations, VACUUM */
	long      n;
	uint64_t  seed;
	time_t    now;
	struct id_runs customer_ids, contact_ids, property_ids, comm_ids;
	long long ncontacts, nproperties, ncomms;
	long long *users;
	int       nusers;
};

/* One part's share: a run of customers and all their rows, in its own
 * connection and transaction. A customer's rows stay in its part, so
 * foreign keys never cross parts, and the ids follow from the counts
 * before the part, so parts never need to talk while loading. */
struct scale_part {
	struct scale_ctx *x;
	struct seed_part *part;                             /* customers [lo, hi), db */
	long long contact_at, property_at, comm_at;         /* the part's first id indexes */
	long long contact_next, property_next, comm_next;   /* running, during a pass */
	double    secs[4];
};

enum { STREAM_CUSTOMER, STREAM_CONTACT, STREAM_PROPERTY, STREAM_COMM };

static void
scale_customer(const struct scale_ctx *x, long i, struct seed_customer *c)
{
	struct seed_rng r;
	rng_stream(&r, x->seed, (uint64_t)i, STREAM_CUSTOMER);
	memset(c, 0, sizeof(*c));
	c->shape = &shape_scale;
	seed_customer_pick(&r, c, rng_pct(&r, 25));
	seed_customer_fill(&r, c);
}

static void
scale_customer_rows(struct scale_part *p, struct seed_copy *b, long i, const struct seed_customer *c)
{
	const struct scale_ctx *x = p->x;
	copy_int(b, id_at(&x->customer_ids, i));
	copy_text(b, c->commercial ? "commercial" : "residential");
	copy_text(b, c->name);
	copy_text(b, c->email);
	copy_text(b, c->phone);
	copy_text(b, c->line1);
	copy_text(b, c->line2);
	copy_text(b, c->city->city);
	copy_text(b, c->city->region);
	copy_text(b, c->city->postal);
	copy_text(b, "US");
	copy_array(b, c->tags, c->ntags);
	copy_text(b, c->notes);
	copy_ts(b, x->now, c->created_ago);
	copy_ts(b, x->now, c->updated_ago);
	copy_end_row(b);
}

static void
scale_contact_rows(struct scale_part *p, struct seed_copy *b, long i, const struct seed_customer *c)
{
	const struct scale_ctx *x = p->x;
	struct seed_rng r;
	rng_stream(&r, x->seed, (uint64_t)i, STREAM_CONTACT);
	for (int k = 0; k < c->ncontacts; k++) {
		struct seed_contact ct;
		seed_contact_make(&r, c, k, &ct);
		copy_int(b, id_at(&x->contact_ids, p->contact_next + k));
		copy_int(b, id_at(&x->customer_ids, i));
		copy_text(b, ct.name);
		copy_text(b, ct.title);
		copy_text(b, ct.email);
		copy_text(b, ct.phone);
		copy_text(b, ct.channel);
		copy_text(b, ct.do_not_contact ? "t" : "f");
		copy_text(b, ct.best_time);
		copy_text(b, ct.is_primary ? "t" : "f");
		copy_text(b, ct.notes);
		copy_ts(b, x->now, c->created_ago);
		copy_ts(b, x->now, c->created_ago);
		copy_end_row(b);
	}
}

static void
scale_property_rows(struct scale_part *p, struct seed_copy *b, long i, const struct seed_customer *c)
{
	const struct scale_ctx *x = p->x;
	struct seed_rng r;
	rng_stream(&r, x->seed, (uint64_t)i, STREAM_PROPERTY);
	for (int k = 0; k < c->nproperties; k++) {
		struct seed_property pr;
		seed_property_make(&r, c, k, &pr);
		copy_int(b, id_at(&x->property_ids, p->property_next + k));
		copy_int(b, id_at(&x->customer_ids, i));
		copy_text(b, pr.name);
		copy_text(b, pr.type);
		copy_text(b, pr.line1);
		copy_text(b, pr.line2);
		copy_text(b, pr.city->city);
		copy_text(b, pr.city->region);
		copy_text(b, pr.city->postal);
		copy_text(b, "US");
		copy_text(b, pr.access);
		copy_array(b, pr.rooms, pr.nrooms);
		copy_ts(b, x->now, c->created_ago);
		copy_ts(b, x->now, c->created_ago);
		copy_end_row(b);
	}
}

static void
scale_comm_rows(struct scale_part *p, struct seed_copy *b, long i, const struct seed_customer *c)
{
	const struct scale_ctx *x = p->x;
	struct seed_rng r;
	rng_stream(&r, x->seed, (uint64_t)i, STREAM_COMM);
	for (int k = 0; k < c->ncomms; k++) {
		struct seed_comm m;
		seed_comm_make(&r, c, &m);
		copy_int(b, id_at(&x->comm_ids, p->comm_next + k));
		copy_int(b, id_at(&x->customer_ids, i));
		copy_int(b, id_at(&x->contact_ids, p->contact_next + m.contact));
		if (m.property >= 0)
			copy_int(b, id_at(&x->property_ids, p->property_next + m.property));
		else
			copy_null(b);
		copy_text(b, m.kind);
		copy_text(b, m.direction);
		copy_ts(b, x->now, m.ago);
		copy_text(b, m.subject);
		copy_text(b, m.body);
		if (x->nusers > 0)
			copy_int(b, x->users[rng_below(&r, (size_t)x->nusers)]);
		else
			copy_null(b);
		copy_ts(b, x->now, m.ago);
		copy_ts(b, x->now, m.ago);
		copy_end_row(b);
	}
}

typedef void (*scale_rows_fn)(struct scale_part *, struct seed_copy *, long,
    const struct seed_customer *);

/* One pass over a part's customers: fn writes each one's rows. */
struct scale_pass { struct scale_part *p; scale_rows_fn fn; };

static void
scale_pass_rows(void *arg, struct seed_copy *b, long i)
{
	struct scale_pass *q = arg;
	struct scale_part *p = q->p;
	struct seed_customer c;
	scale_customer(p->x, i, &c);
	q->fn(p, b, i, &c);
	p->contact_next += c.ncontacts;
	p->property_next += c.nproperties;
	p->comm_next += c.ncomms;
}

static int
scale_copy(struct scale_part *p, const char *label, const char *sql, scale_rows_fn fn,
    double *secs)
{
	struct scale_pass q = { p, fn };
	p->contact_next = p->contact_at;
	p->property_next = p->property_at;
	p->comm_next = p->comm_at;
	return seed_copy_rows(p->part->db, label, sql, p->part->lo, p->part->hi,
	    scale_pass_rows, &q, secs);
}

static int
scale_load(struct seed_part *part)
{
	struct scale_part *p = part->arg;
	return scale_copy(p, "customers", "COPY customers.customers (id, kind, name, email, phone,"
	        " billing_line1, billing_line2, billing_city, billing_region, billing_postal_code,"
	        " billing_country, tags, notes, created_at, updated_at) FROM STDIN",
	        scale_customer_rows, &p->secs[0]) ||
	    scale_copy(p, "contacts", "COPY customers.contacts (id, customer_id, name, title, email,"
	        " phone, preferred_channel, do_not_contact, best_time, is_primary, notes,"
	        " created_at, updated_at) FROM STDIN", scale_contact_rows, &p->secs[1]) ||
	    scale_copy(p, "properties", "COPY customers.properties (id, customer_id, name, type,"
	        " line1, line2, city, region, postal_code, country, access_notes, rooms,"
	        " created_at, updated_at) FROM STDIN", scale_property_rows, &p->secs[2]) ||
	    scale_copy(p, "communications", "COPY customers.communications (id, customer_id,"
	        " contact_id, property_id, kind, direction, occurred_at, subject, body, user_id,"
	        " created_at, updated_at) FROM STDIN", scale_comm_rows, &p->secs[3]);
}

/* The counting pass: every table's total, and at which id index each
 * part starts. */
static void
scale_plan(struct scale_ctx *x, const struct seed_parallel *par, struct scale_part *parts)
{
	long long contacts = 0, properties = 0, comms = 0;
	int part = 0;
	for (long i = 0; i < x->n; i++) {
		if (part < par->nparts && par->parts[part].lo == i) {
			parts[part].contact_at = contacts;
			parts[part].property_at = properties;
			parts[part].comm_at = comms;
			part++;
		}
		struct seed_customer c;
		scale_customer(x, i, &c);
		contacts += c.ncontacts;
		properties += c.nproperties;
		comms += c.ncomms;
	}
	x->ncontacts = contacts;
	x->nproperties = properties;
	x->ncomms = comms;
}

/* The customers' ids first: the first one seeds the data, so a second run
 * on top adds different people. The data fixes the other tables' counts,
 * and so how many ids they need. The advisory lock keeps two seeders from
 * taking ids turn about (harmless, but thousands of runs). */
static int
scale_reserve_all(struct scale_ctx *x, const struct seed_parallel *par, struct scale_part *parts)
{
	char lock[64];
	snprintf(lock, sizeof(lock), "SELECT pg_advisory_xact_lock(%d)", SEED_SCALE_LOCK);
	if (ctl_run(x->db, "BEGIN", PGRES_COMMAND_OK) ||
	    ctl_run(x->db, lock, PGRES_TUPLES_OK) ||
	    id_runs_reserve(x->db, "customers.customers", x->n, &x->customer_ids))
		return 1;
	x->seed = 0x5CA1E0000ULL + (uint64_t)x->customer_ids.first[0];
	scale_plan(x, par, parts);
	return id_runs_reserve(x->db, "customers.contacts", x->ncontacts, &x->contact_ids) ||
	    id_runs_reserve(x->db, "customers.properties", x->nproperties, &x->property_ids) ||
	    id_runs_reserve(x->db, "customers.communications", x->ncomms, &x->comm_ids) ||
	    ctl_run(x->db, "COMMIT", PGRES_COMMAND_OK);
}

/* Existing users, to sign the communications; none is fine (NULL). */
static int
scale_users(struct scale_ctx *x)
{
	PGresult *res = PQexec(x->db, "SELECT id FROM auth.users WHERE active ORDER BY id LIMIT 100");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return ctl_fail(x->db, "users", res);
	x->nusers = PQntuples(res);
	x->users = calloc((size_t)x->nusers + 1, sizeof(*x->users));
	for (int i = 0; x->users && i < x->nusers; i++)
		x->users[i] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	PQclear(res);
	return x->users == NULL;
}

static void
scale_report(const struct scale_ctx *x, const struct seed_parallel *par,
    const struct scale_part *parts)
{
	for (int k = 0; k < par->nparts; k++) {
		const struct seed_part *sp = &par->parts[k];
		const struct scale_part *p = &parts[k];
		if (!sp->failed)
			printf("  part %d (customer ids %lld..%lld): customers %.1f s, contacts %.1f s,"
			    " properties %.1f s, communications %.1f s\n", k + 1,
			    id_at(&x->customer_ids, sp->lo), id_at(&x->customer_ids, sp->hi - 1),
			    p->secs[0], p->secs[1], p->secs[2], p->secs[3]);
	}
}

static const struct seed_option customers_options[] = {
	{"--customers", 10000000L},     /* with their contacts, properties, communications */
	{NULL, 0},
};

static int
customers_scale(PGconn *db, const long *counts)
{
	long n = counts[0];
	struct scale_ctx x = { .db = db, .n = n, .now = time(NULL) };
	struct scale_part parts[SEED_MAX_PARTS];
	/* synchronous_commit off in each part: a crash loses only benchmark data. */
	struct seed_parallel par = { .db = db, .load = scale_load,
	    .lock_sql = "LOCK TABLE customers.customers, customers.contacts,"
	        " customers.properties, customers.communications IN ROW EXCLUSIVE MODE" };
	double t0 = seed_clock();
	memset(parts, 0, sizeof(parts));
	seed_parallel_split(&par, n);
	for (int k = 0; k < par.nparts; k++) {
		parts[k].x = &x;
		parts[k].part = &par.parts[k];
		par.parts[k].arg = &parts[k];
	}
	int failed = scale_users(&x) || scale_reserve_all(&x, &par, parts);
	if (failed) {
		PQclear(PQexec(db, "ROLLBACK"));
	} else {
		printf("seeding %ld customers (ids %lld..%lld) in %d part%s\n", n,
		    id_at(&x.customer_ids, 0), id_at(&x.customer_ids, n - 1), par.nparts,
		    par.nparts == 1 ? "" : "s");
		failed = seed_parallel_run(&par);
		scale_report(&x, &par, parts);
	}
	free(x.users);
	id_runs_free(&x.customer_ids);
	id_runs_free(&x.contact_ids);
	id_runs_free(&x.property_ids);
	id_runs_free(&x.comm_ids);
	if (failed) {
		fprintf(stderr, "hearthctl: seed scale failed; nothing was added\n");
		return 1;
	}
	double t1 = seed_clock();
	/* VACUUM as well: it sets the visibility map and empties the GIN
	 * pending lists, so benchmarks right after pay for neither. */
	if (ctl_run(db, "VACUUM (ANALYZE) customers.customers, customers.contacts,"
	    " customers.properties, customers.communications", PGRES_COMMAND_OK))
		return 1;
	printf("seeded %ld customers, %lld contacts, %lld properties, %lld communications"
	    " in %.1f s (+ %.1f s vacuum analyze)\n", n, x.ncontacts, x.nproperties, x.ncomms,
	    t1 - t0, seed_clock() - t1);
	return 0;
}

const struct seed_family seed_family_customers = {
	.name = "customers",
	.table = "customers.communications",
	.demo = customers_demo,
	.scale_options = customers_options,
	.scale = customers_scale,
};
