/*
 * web.c - the agents' workspace, the customers' portal and the API
 * reference: pages and assets built into the binary (web/), served to
 * browsers under a policy that lets only kesu's own scripts and styles
 * run, and nothing inline. Everything they show comes from the public API.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../util/embedded.h"

/* Scripts and styles from kesu only; no inline code, no eval, no frames,
 * no other sites; images of kesu's own (the charts), data: URLs, and blob:
 * URLs the page made of a picture it fetched (a PDF's preview). */
#define PAGE_CSP                                                                        \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;" \
	" connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self';"    \
	" frame-ancestors 'none'"

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},	       {".js", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},	       {".svg", "image/svg+xml"},
	{".json", "application/json; charset=utf-8"}, {".png", "image/png"},
	{".ico", "image/x-icon"},
	{".yaml", "application/yaml; charset=utf-8"},
};

static int serve(struct http_request *req, const char *path)
{
	const struct embedded_file *f = embedded_find(path);
	struct kesu_err err = {0};
	if (!f) {
		kesu_fail(&err, KE_NOT_FOUND, "", "no such page");
		return http_reply_error(req, &err);
	}
	const char *type = "application/octet-stream";
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
		if (!strcmp(types[i].ext, dot))
			type = types[i].type;
	http_set_csp(req, PAGE_CSP);
	return http_reply_bytes(req, 200, type, f->data, f->size);
}

int web_workspace(struct http_request *req)
{
	return serve(req, "web/workspace.html");
}

int web_portal(struct http_request *req)
{
	return serve(req, "web/portal.html");
}

int web_department(struct http_request *req)
{
	return serve(req, "web/department.html");
}

int web_asset(struct http_request *req)
{
	const char *name = http_param(req, 0);
	char path[128];
	/* a plain file name: nothing to climb with */
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.') ||
		    (p[0] == '.' && p[1] == '.'))
			return serve(req, "");
	snprintf(path, sizeof path, "web/assets/%s", name);
	return serve(req, path);
}

/* The API reference: the API description drawn by Swagger UI (from npm,
 * web/package.json), which runs under the pages' policy as it is. */
static const struct {
	const char *name, *path;
} reference_files[] = {
	{"openapi.yaml", "docs/openapi.yaml"},
	{"swagger-ui-bundle.js", "web/node_modules/swagger-ui-dist/swagger-ui-bundle.js"},
	{"swagger-ui.css", "web/node_modules/swagger-ui-dist/swagger-ui.css"},
};

int web_api_docs(struct http_request *req)
{
	return serve(req, "web/api-docs.html");
}

int web_api_file(struct http_request *req)
{
	const char *name = http_param(req, 0);
	for (size_t i = 0; i < sizeof reference_files / sizeof *reference_files; i++)
		if (!strcmp(reference_files[i].name, name))
			return serve(req, reference_files[i].path);
	return serve(req, "");
}
