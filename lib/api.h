/* api: what a responder knows of its own API contract (GET /openapi.json).
 * `RESPONDER --api` prints one JSON object: the family's route table (as
 * --routes) where each route run by the resource layer (RES_HANDLER,
 * RES_API in resource.h) names its resource and operation, and every such
 * resource's descriptor (fields with kinds, limits and choices; read-only
 * columns; links; sorts; filters; parent). tools/openapi/build.mjs turns
 * that, plus the hand-written fragments beside the handlers
 * (cgi-bin/<family>/NAME.openapi.json) for the routes that are not resource
 * operations, into static/openapi.json at build time. docs/api.md says how.
 * Touches neither configuration nor database. */
#ifndef HEARTH_API_H
#define HEARTH_API_H

#include <stdio.h>
#include "route.h"

/* Prints the family's contract input to out; 0 ok, 1 (with a message on
 * err) when a descriptor is inconsistent: a show_field not described in
 * read_fields, a resource operation that is not one of the layer's. */
int api_print(const char *family, const struct route *routes, size_t nroutes, FILE *out, FILE *err);

#endif
