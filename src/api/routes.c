/*
 * routes.c - every HTTP route of kesu, in one table. docs/openapi.yaml
 * describes the same set; tests/integration/test_openapi.py fails when the
 * two disagree (it reads this table through `kesu routes`).
 */
#include "api.h"

static const char *const list_q[] = {"status", "channel", "category", "severity",
				     "customer", "since", "until", "q", "limit",
				     "cursor", NULL};
static const char *const page_q[] = {"limit", "cursor", NULL};
static const char *const customer_q[] = {"phone", "email", "limit", "cursor", NULL};

const struct route api_routes[] = {
	{"GET", "/healthz", health_get, ACCESS_PUBLIC, 0, NULL,
	 "whether the server can read its database"},
	{"POST", "/api/v1/complaints", complaints_create, ACCESS_WRITE, 1, NULL,
	 "register a complaint"},
	{"GET", "/api/v1/complaints", complaints_list, ACCESS_READ, 0, list_q,
	 "list and search complaints, newest first"},
	{"GET", "/api/v1/complaints/{ref}", complaints_get, ACCESS_READ, 0, NULL,
	 "a complaint by id or tracking number"},
	{"PATCH", "/api/v1/complaints/{ref}", complaints_patch, ACCESS_WRITE, 1, NULL,
	 "edit registration fields (If-Match required)"},
	{"POST", "/api/v1/complaints/{ref}/notes", complaints_note, ACCESS_WRITE, 1, NULL,
	 "add an internal note to the timeline"},
	{"GET", "/api/v1/complaints/{ref}/events", complaints_events, ACCESS_READ, 0, page_q,
	 "the complaint's timeline, oldest first"},
	{"GET", "/api/v1/customers", customers_list, ACCESS_READ, 0, customer_q,
	 "list customers, newest first"},
	{"POST", "/api/v1/customers", customers_create, ACCESS_WRITE, 1, NULL,
	 "add a customer"},
	{"GET", "/api/v1/customers/{id}", customers_get, ACCESS_READ, 0, NULL,
	 "a customer with their complaints"},
};

const int api_nroutes = sizeof api_routes / sizeof *api_routes;
