/* herr.c: the one place where results become HTTP statuses. */
#include "herr.h"

static const struct { int status; const char *title; } herr_table[HE__MAX] = {
	[HE_OK]             = { 200, "OK" },
	[HE_BAD_REQUEST]    = { 400, "Bad request" },
	[HE_UNAUTHORIZED]   = { 401, "Sign-in required" },
	[HE_FORBIDDEN]      = { 403, "Not allowed" },
	[HE_NOT_FOUND]      = { 404, "Not found" },
	[HE_METHOD]         = { 405, "Method not allowed" },
	[HE_NOT_ACCEPTABLE] = { 406, "Not acceptable" },
	[HE_CONFLICT]       = { 409, "Conflict" },
	[HE_PRECONDITION]   = { 412, "Precondition failed" },
	[HE_TOO_LARGE]      = { 413, "Request too large" },
	[HE_UNSUPPORTED]    = { 415, "Unsupported media type" },
	[HE_INVALID]        = { 422, "Some fields need attention" },
	[HE_RATE_LIMITED]   = { 429, "Too many requests" },
	[HE_INTERNAL]       = { 500, "Something went wrong" },
	[HE_DB_DOWN]        = { 503, "Database unavailable" },
	[HE_RETRY]          = { 503, "Busy, try again" },
};

int
herr_status(enum herr e)
{
	return (e >= 0 && e < HE__MAX) ? herr_table[e].status : 500;
}

const char *
herr_title(enum herr e)
{
	return (e >= 0 && e < HE__MAX) ? herr_table[e].title : "Something went wrong";
}
