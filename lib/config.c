/* config.c: "key = value" settings; '#' starts a comment line. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"

struct setting { char *key, *value; };

static struct setting *settings;
static size_t nsettings;
static char *loaded_path;

void
config_clear(void)
{
	for (size_t i = 0; i < nsettings; i++) {
		free(settings[i].key);
		free(settings[i].value);
	}
	free(settings);
	settings = NULL;
	nsettings = 0;
}

void
config_set(const char *key, const char *value)
{
	for (size_t i = 0; i < nsettings; i++) {
		if (strcmp(settings[i].key, key) == 0) {
			free(settings[i].value);
			settings[i].value = strdup(value);
			return;
		}
	}
	struct setting *s = realloc(settings, (nsettings + 1) * sizeof(*s));
	if (s == NULL)
		abort();
	settings = s;
	settings[nsettings].key = strdup(key);
	settings[nsettings].value = strdup(value);
	nsettings++;
}

static char *
trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
config_load(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "{\"level\":\"error\",\"msg\":\"cannot read config\",\"path\":\"%s\",\"error\":\"%s\"}\n",
		    path, strerror(errno));
		return -1;
	}
	config_clear();
	char line[4096];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL) {
			fprintf(stderr, "{\"level\":\"error\",\"msg\":\"config line without =\",\"path\":\"%s\",\"line\":%d}\n",
			    path, lineno);
			rc = -1;
			continue;
		}
		*eq = '\0';
		config_set(trim(s), trim(eq + 1));
	}
	fclose(f);
	free(loaded_path);
	loaded_path = strdup(path);
	return rc;
}

int
config_load_default(void)
{
	const char *env = getenv("HEARTH_CONFIG");
	if (env != NULL && *env)
		return config_load(env);
	if (access("var/hearth.conf", R_OK) == 0)
		return config_load("var/hearth.conf");
	return config_load("/etc/hearth/hearth.conf");
}

const char *
config_path(void)
{
	return loaded_path;
}

const char *
config_get(const char *key, const char *def)
{
	for (size_t i = 0; i < nsettings; i++)
		if (strcmp(settings[i].key, key) == 0)
			return settings[i].value;
	return def;
}

long
config_int(const char *key, long def)
{
	const char *v = config_get(key, NULL);
	if (v == NULL || *v == '\0')
		return def;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	return (errno || *end) ? def : n;
}
