/* json.h -- a small JSON reader for the files actx-rewrite itself writes
 * (per-unit --report files, read back by --project to merge them).  Strict
 * enough to refuse a truncated file, no more: numbers are doubles. */
#ifndef ACTX_TOOL_JSON_H
#define ACTX_TOOL_JSON_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum { RJ_NULL, RJ_BOOL, RJ_NUMBER, RJ_STRING, RJ_ARRAY, RJ_OBJECT } rj_type;

typedef struct rj_value {
  rj_type type;
  bool boolean;
  double number;
  char *string;           /* RJ_STRING: UTF-8, NUL-terminated */
  size_t n;               /* RJ_ARRAY, RJ_OBJECT: how many items */
  struct rj_value *items; /* the elements, or the members' values */
  char **keys;            /* RJ_OBJECT: the members' names */
} rj_value;

/* Parses text (NUL-terminated); NULL with *err set on a syntax error. */
rj_value *rj_parse(const char *text, const char **err);
void rj_free(rj_value *v);

/* Member `key` of an object (NULL if absent or v is not an object). */
const rj_value *rj_get(const rj_value *v, const char *key);
/* Convenience: the member as a string / number, or a default. */
const char *rj_get_string(const rj_value *v, const char *key, const char *dflt);
double rj_get_number(const rj_value *v, const char *key, double dflt);

/* Appends s as a JSON string literal (quotes and escapes). */
void rj_append_string(rw_buf *out, const char *s);
#endif
