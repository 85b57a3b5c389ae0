/* ollama.c - ollama names to model files; see ollama.h. */
#include "formats/ollama.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/readfile.h"

#define MANIFEST_MAX (1u << 20)
#define MODEL_TYPE "\"application/vnd.ollama.image.model\""

/* The JSON object around position at in [json, end): its braces. */
static bool object_around(const char *json, const char *end, const char *at, const char **o,
                          const char **c)
{
	const char *p = at;
	while (p > json && *p != '{')
		p--;
	if (*p != '{')
		return false;
	const char *q = memchr(at, '}', (size_t)(end - at));
	if (!q)
		return false;
	*o = p, *c = q;
	return true;
}

int ollama_manifest_model(const char *json, size_t len, char hex[65])
{
	const char *end = json + len, *p = json;
	size_t tl = strlen(MODEL_TYPE);
	while ((size_t)(end - p) >= tl) {
		const char *m = memmem(p, (size_t)(end - p), MODEL_TYPE, tl);
		if (!m)
			break;
		p = m + tl;
		const char *o, *c;
		if (!object_around(json, end, m, &o, &c))
			continue;
		const char *d = memmem(o, (size_t)(c - o), "\"digest\"", 8);
		if (!d)
			continue;
		d += 8;
		while (d < c && (*d == ' ' || *d == ':' || *d == '\t' || *d == '\n' || *d == '\r'))
			d++;
		if (c - d < 8 + 64 + 1 || memcmp(d, "\"sha256:", 8) != 0)
			continue;
		d += 8;
		bool ok = d[64] == '"';
		for (int i = 0; i < 64 && ok; i++)
			ok = (d[i] >= '0' && d[i] <= '9') || (d[i] >= 'a' && d[i] <= 'f');
		if (!ok)
			continue;
		memcpy(hex, d, 64);
		hex[64] = '\0';
		return 0;
	}
	return -1;
}

/* host/namespace/name and tag of an ollama name; false when it is not one
 * (empty parts, "..", characters ollama does not allow). */
static bool split_name(const char *name, char *repo, size_t rlen, char *tag, size_t tlen)
{
	size_t n = strlen(name);
	if (n == 0 || n >= rlen || strstr(name, "..") || name[0] == '/' || name[n - 1] == '/')
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '-' || *p == '_' || *p == '/' || *p == ':'))
			return false;
	const char *colon = strrchr(name, ':'), *slash = strrchr(name, '/');
	if (colon && (!slash || colon > slash)) {
		if (!colon[1] || (size_t)(n - (size_t)(colon - name)) >= tlen)
			return false;
		snprintf(tag, tlen, "%s", colon + 1);
		n = (size_t)(colon - name);
	} else {
		snprintf(tag, tlen, "latest");
	}
	int slashes = 0;
	for (size_t i = 0; i < n; i++)
		slashes += name[i] == '/';
	const char *pre = slashes == 0 ? "registry.ollama.ai/library/" : slashes == 1 ? "registry.ollama.ai/" : "";
	if (slashes > 2 || (size_t)snprintf(repo, rlen, "%s%.*s", pre, (int)n, name) >= rlen)
		return false;
	return true;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int ollama_resolve(const char *name, char *path, size_t pathlen, char *err, size_t errlen)
{
	size_t n = strlen(name);
	if ((!strchr(name, ':') && is_file(name)) ||
	    (strchr(name, '/') && n > 5 && strcmp(name + n - 5, ".gguf") == 0)) {
		if (n >= pathlen) {
			snprintf(err, errlen, "path too long");
			return -1;
		}
		memcpy(path, name, n + 1);
		return 0;
	}
	/* a directory or a device by that name: say so, not that nothing is
	 * there (what `oomcast model` says of it too) */
	struct stat st;
	if (strchr(name, '/') && stat(name, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%.200s: not a regular file", name);
		return -1;
	}
	char repo[512], tag[128];
	if (!split_name(name, repo, sizeof repo, tag, sizeof tag)) {
		snprintf(err, errlen, "%.200s: no such file, and not an ollama model name", name);
		return -1;
	}
	char home[1024] = "";
	const char *h = getenv("HOME"), *env = getenv("OLLAMA_MODELS");
	if (h && *h)
		snprintf(home, sizeof home, "%.1000s/.ollama/models", h);
	const char *dirs[] = {env && *env ? env : NULL, home[0] ? home : NULL,
	                      "/usr/share/ollama/.ollama/models"};
	char *buf = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (!dirs[i])
			continue;
		char man[2048];
		bool cut;
		if ((size_t)snprintf(man, sizeof man, "%s/manifests/%s/%s", dirs[i], repo, tag) >= sizeof man ||
		    !is_file(man))
			continue;
		ssize_t len = readfile_grow(man, &buf, &cap, MANIFEST_MAX, &cut);
		char hex[65];
		if (len < 0 || cut || ollama_manifest_model(buf, (size_t)len, hex) < 0) {
			snprintf(err, errlen, "%.300s: not an ollama manifest with a model layer", man);
			free(buf);
			return -1;
		}
		free(buf);
		if ((size_t)snprintf(path, pathlen, "%s/blobs/sha256-%s", dirs[i], hex) >= pathlen) {
			snprintf(err, errlen, "path too long");
			return -1;
		}
		return 0;
	}
	free(buf);
	snprintf(err, errlen, "%.200s: %s, and no ollama manifest %.200s:%.60s "
		 "(in $OLLAMA_MODELS, ~/.ollama/models or /usr/share/ollama/.ollama/models)",
		 name, stat(name, &st) == 0 ? "not a regular file" : "no such file", repo, tag);
	return -1;
}
