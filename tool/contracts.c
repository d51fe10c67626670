/* contracts.c -- which functions take callbacks, and what lifetime each gets.
 *
 * Text format (docs/contracts.md), one contract per line, '#' starts a comment:
 *
 *   FUNCTION ARG LIFETIME [key=N|key=result] [slot=NAME|slot=$N] [data=N:K] [generic]
 *   FUNCTION release N
 *   FUNCTION getter result|out=N[,N...]
 *
 * ARG is the 0-based index of the callback argument; LIFETIME one of sync,
 * once, keyed, until-false, forever, ignore, close.  data=N:K says argument N is the
 * user data handed back to the callback as its parameter K (enables boxing);
 * generic says the declared callback type is a placeholder the API casts
 * back (GCallback), so no typed thunk may be used.  A getter hands back a
 * callback the program registered (its result, or what it stores through
 * out-parameters N...): the rewriter maps it back with actx_unwrap_fn.
 * Later lines override earlier ones for the same (FUNCTION, ARG), so user
 * files given with --contracts override the built-ins compiled in from
 * builtin.contracts.
 */
#include "rw.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char rw_builtin_contracts[]; /* generated from builtin.contracts */

static const char *const lifetime_names[] = {
    [RW_LIFE_SYNC] = "sync",       [RW_LIFE_ONCE] = "once",
    [RW_LIFE_KEYED] = "keyed",     [RW_LIFE_UNTIL_FALSE] = "until-false",
    [RW_LIFE_FOREVER] = "forever", [RW_LIFE_IGNORE] = "ignore",
    [RW_LIFE_CLOSE] = "close",
};

const char *rw_lifetime_name(rw_lifetime life) {
  return lifetime_names[life];
}

static bool parse_index(const char *s, int *out) {
  if (!*s)
    return false;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (*end || errno || v < 0 || v > 255)
    return false;
  *out = (int)v;
  return true;
}

static bool is_identifier(const char *s) {
  if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
          (*s >= '0' && *s <= '9')))
      return false;
  return true;
}

static void contracts_push(rw_contracts *cs, const rw_contract *c) {
  if (cs->n == cs->cap) {
    cs->cap = cs->cap ? cs->cap * 2 : 64;
    cs->items = rw_xrealloc(cs->items, cs->cap * sizeof *cs->items);
  }
  cs->items[cs->n++] = *c;
}

/* Parses one line's words into c; NULL on success or a static message. */
static const char *parse_words(char **w, int nw, rw_contract *c) {
  memset(c, 0, sizeof *c);
  c->key_param = c->slot_param = c->data_param = c->data_cb_index = -1;
  if (nw < 3)
    return "expected FUNCTION ARG LIFETIME [options] or FUNCTION release N";
  if (!is_identifier(w[0]))
    return "function name is not an identifier";
  c->function = w[0];
  if (strcmp(w[1], "getter") == 0) {
    c->is_getter = true;
    c->param = -1; /* never a callback argument */
    if (nw != 3)
      return "expected FUNCTION getter result or FUNCTION getter out=N[,N...]";
    if (strcmp(w[2], "result") == 0) {
      c->getter_result = true;
      return NULL;
    }
    if (strncmp(w[2], "out=", 4) != 0)
      return "expected FUNCTION getter result or FUNCTION getter out=N[,N...]";
    for (char *p = w[2] + 4, *comma; p; p = comma ? comma + 1 : NULL) {
      comma = strchr(p, ',');
      if (comma)
        *comma = '\0';
      if (c->n_getter_out == RW_GETTER_MAX_OUT)
        return "getter out= names more than 8 arguments";
      if (!parse_index(p, &c->getter_out[c->n_getter_out++]))
        return "getter out= wants argument indexes separated by commas";
    }
    return NULL;
  }
  if (strcmp(w[1], "release") == 0) {
    if (nw != 3 || !parse_index(w[2], &c->param))
      return "expected FUNCTION release N (N = the key argument's index)";
    c->is_release = true;
    return NULL;
  }
  if (!parse_index(w[1], &c->param))
    return "ARG must be an argument index (0-255)";
  int life = -1;
  for (size_t i = 0; i < sizeof lifetime_names / sizeof *lifetime_names; i++)
    if (strcmp(w[2], lifetime_names[i]) == 0)
      life = (int)i;
  if (life < 0)
    return "unknown lifetime (sync, once, keyed, until-false, forever, ignore, close)";
  c->life = (rw_lifetime)life;
  for (int i = 3; i < nw; i++) {
    if (strncmp(w[i], "key=", 4) == 0) {
      if (strcmp(w[i] + 4, "result") == 0)
        c->key_param = RW_KEY_RESULT;
      else if (!parse_index(w[i] + 4, &c->key_param))
        return "key= wants an argument index or 'result'";
    } else if (strncmp(w[i], "slot=$", 6) == 0) {
      if (!parse_index(w[i] + 6, &c->slot_param))
        return "slot=$N wants an argument index";
    } else if (strncmp(w[i], "slot=", 5) == 0) {
      if (!is_identifier(w[i] + 5))
        return "slot= wants an identifier-like name";
      c->slot = w[i] + 5;
    } else if (strncmp(w[i], "data=", 5) == 0) {
      char *colon = strchr(w[i] + 5, ':');
      if (!colon)
        return "data= wants N:K (argument N comes back as callback parameter K)";
      *colon = '\0';
      if (!parse_index(w[i] + 5, &c->data_param) || !parse_index(colon + 1, &c->data_cb_index))
        return "data= wants N:K (argument N comes back as callback parameter K)";
    } else if (strcmp(w[i], "generic") == 0) {
      c->generic = true;
    } else {
      return "unknown option (key=, slot=, data=, generic)";
    }
  }
  if (c->life == RW_LIFE_KEYED && c->key_param == -1)
    return "keyed lifetime needs key=N or key=result";
  if (c->life == RW_LIFE_CLOSE &&
      (c->key_param < 0 || c->slot || c->slot_param != -1 || c->data_param != -1))
    return "close lifetime needs key=N (an argument), and takes no slot= or data=";
  if (c->life != RW_LIFE_KEYED && c->life != RW_LIFE_CLOSE &&
      (c->key_param != -1 || c->slot || c->slot_param != -1))
    return "key= and slot= only apply to the keyed lifetime";
  if (c->life == RW_LIFE_KEYED && !c->slot && c->slot_param == -1)
    c->slot = "cb";
  return NULL;
}

int rw_contracts_parse(rw_contracts *cs, const char *text, const char *origin) {
  int lineno = 0;
  const char *p = text;
  while (*p) {
    lineno++;
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    char *line = rw_xstrndup(p, len);
    p += len + (eol ? 1 : 0);
    char *hash = strchr(line, '#');
    if (hash)
      *hash = '\0';
    char *w[16];
    int nw = 0;
    for (char *tok = strtok(line, " \t\r"); tok; tok = strtok(NULL, " \t\r")) {
      if (nw == 16) {
        fprintf(stderr, "%s:%d: error: too many words\n", origin, lineno);
        free(line);
        return -1;
      }
      w[nw++] = tok;
    }
    if (nw == 0) {
      free(line);
      continue;
    }
    rw_contract c;
    const char *err = parse_words(w, nw, &c);
    if (err) {
      fprintf(stderr, "%s:%d: error: %s\n", origin, lineno, err);
      free(line);
      return -1;
    }
    /* Own every string: the line buffer is freed below. */
    c.function = rw_xstrdup(c.function);
    if (c.slot)
      c.slot = rw_xstrdup(c.slot);
    rw_buf o = {0};
    rw_buf_printf(&o, "%s:%d", origin, lineno);
    c.origin = o.data;
    contracts_push(cs, &c);
    free(line);
  }
  return 0;
}

int rw_contracts_load_file(rw_contracts *cs, const char *path) {
  size_t len;
  const char *why;
  char *text = rw_read_file(path, &len, false, &why);
  if (!text) {
    fprintf(stderr, "actx-rewrite: cannot read contracts %s: %s\n", path, why);
    return -1;
  }
  if (memchr(text, '\0', len)) {
    fprintf(stderr, "%s: error: contract file contains a NUL byte\n", path);
    free(text);
    return -1;
  }
  int rc = rw_contracts_parse(cs, text, path);
  free(text);
  return rc;
}

int rw_contracts_load_builtin(rw_contracts *cs) {
  return rw_contracts_parse(cs, rw_builtin_contracts, "builtin.contracts");
}

const rw_contract *rw_contracts_find(const rw_contracts *cs, const char *function, int param) {
  for (size_t i = cs->n; i-- > 0;) {
    const rw_contract *c = &cs->items[i];
    if (!c->is_release && !c->is_getter && c->param == param && strcmp(c->function, function) == 0)
      return c;
  }
  return NULL;
}

const rw_contract *rw_contracts_find_getter(const rw_contracts *cs, const char *function) {
  for (size_t i = cs->n; i-- > 0;) {
    const rw_contract *c = &cs->items[i];
    if (c->is_getter && strcmp(c->function, function) == 0)
      return c;
  }
  return NULL;
}

const rw_contract *rw_contracts_find_release(const rw_contracts *cs, const char *function) {
  for (size_t i = cs->n; i-- > 0;) {
    const rw_contract *c = &cs->items[i];
    if (c->is_release && strcmp(c->function, function) == 0)
      return c;
  }
  return NULL;
}
