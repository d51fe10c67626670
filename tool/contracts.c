/* contracts.c -- which functions take callbacks, and what lifetime each gets.
 *
 * Text format (docs/contracts.md, "Grammar"), one contract per line, '#'
 * starts a comment:
 *
 *   FUNCTION ARG LIFETIME [options]        a callback argument
 *   FUNCTION release N [slot=...]          releases the bindings keyed by argument N
 *   FUNCTION getter result|out=N[,N...]    hands back a callback registered elsewhere
 *   type NAME LIFETIME [options]           every callback parameter declared NAME
 *   field TYPE.FIELD LIFETIME [options]    callbacks stored into that field
 *   FUNCTION carry N                       argument N is an item handed off
 *   FUNCTION take result                   the call returns a handed-off item
 *
 * Options: key=N|key=result|key=base, slot=NAME|slot=$N|slot=bits$N,
 * data=N:K (type rules: data=+D:K or data=-D:K, relative to the callback),
 * generic, stop=V, take=K, when=$N=VALUE (callback lines: only where argument
 * N is spelled VALUE), in=GLOB[,GLOB...] (on every kind of line).
 * Later lines override earlier ones for the same thing, so user files given
 * with --contracts override the built-in packs (the files in tool/contracts/);
 * a line whose in= patterns do not match the calling file is skipped.
 */
#include "rw.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* A signed decimal, octal (0...) or hexadecimal (0x...) integer. */
static bool parse_integer(const char *s, long long *out) {
  if (!*s)
    return false;
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 0);
  if (*end || errno)
    return false;
  *out = v;
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

/* NAME[,NAME...]: the slots a release line names. */
static bool names_list(const char *s) {
  char buf[256];
  if (strlen(s) >= sizeof buf)
    return false;
  strcpy(buf, s);
  for (char *p = buf, *comma; p; p = comma ? comma + 1 : NULL) {
    comma = strchr(p, ',');
    if (comma)
      *comma = '\0';
    if (!is_identifier(p))
      return false;
  }
  return true;
}

static void contracts_push(rw_contracts *cs, const rw_contract *c) {
  if (cs->n == cs->cap) {
    cs->cap = cs->cap ? cs->cap * 2 : 64;
    cs->items = rw_xrealloc(cs->items, cs->cap * sizeof *cs->items);
  }
  cs->items[cs->n++] = *c;
}

#define MAX_IN_PATTERNS 16

/* Options shared by every kind of line.  Returns NULL, or a message; sets
 * *used when w is one of them. */
static const char *parse_in(const char *w, rw_contract *c, char **in, bool *used) {
  *used = false;
  if (strncmp(w, "in=", 3) != 0)
    return NULL;
  *used = true;
  if (c->n_in)
    return "in= given twice (separate patterns with commas)";
  char *copy = rw_xstrdup(w + 3);
  for (char *p = copy, *comma; p; p = comma ? comma + 1 : NULL) {
    comma = strchr(p, ',');
    if (comma)
      *comma = '\0';
    if (!*p) {
      free(copy);
      return "in= wants file patterns separated by commas";
    }
    if (c->n_in == MAX_IN_PATTERNS) {
      free(copy);
      return "in= names more than 16 patterns";
    }
    in[c->n_in++] = rw_xstrdup(p);
  }
  free(copy);
  return NULL;
}

/* The options of a callback, type or field line. */
static const char *parse_options(char **w, int nw, rw_contract *c, char **in) {
  for (int i = 0; i < nw; i++) {
    bool used;
    const char *err = parse_in(w[i], c, in, &used);
    if (err)
      return err;
    if (used)
      continue;
    if (strncmp(w[i], "key=", 4) == 0) {
      if (strcmp(w[i] + 4, "result") == 0)
        c->key_param = RW_KEY_RESULT;
      else if (strcmp(w[i] + 4, "base") == 0)
        c->key_param = RW_KEY_BASE;
      else if (!parse_index(w[i] + 4, &c->key_param))
        return "key= wants an argument index, 'result' or (field rules) 'base'";
    } else if (strncmp(w[i], "slot=bits$", 10) == 0) {
      c->slot_source = RW_SLOT_BITS;
      if (!parse_index(w[i] + 10, &c->slot_param))
        return "slot=bits$N wants an argument index";
    } else if (strncmp(w[i], "slot=$", 6) == 0) {
      c->slot_source = RW_SLOT_ARG;
      if (!parse_index(w[i] + 6, &c->slot_param))
        return "slot=$N wants an argument index";
    } else if (strncmp(w[i], "slot=", 5) == 0) {
      if (!is_identifier(w[i] + 5))
        return "slot= wants an identifier-like name";
      c->slot_source = RW_SLOT_NAME;
      c->slot = w[i] + 5;
    } else if (strncmp(w[i], "data=", 5) == 0) {
      char *v = w[i] + 5;
      char *colon = strchr(v, ':');
      const char *want = c->kind == RW_CONTRACT_TYPE
                             ? "data= wants +D:K or -D:K in a type rule (the user data is D "
                               "arguments after or before the callback, and comes back as "
                               "callback parameter K)"
                             : "data= wants N:K (argument N comes back as callback parameter K)";
      if (!colon)
        return want;
      *colon = '\0';
      int sign = 0;
      if (*v == '+' || *v == '-')
        sign = *v++ == '+' ? 1 : -1;
      if ((c->kind == RW_CONTRACT_TYPE) != (sign != 0))
        return want;
      if (!parse_index(v, &c->data_param) || !parse_index(colon + 1, &c->data_cb_index))
        return want;
      if (sign) {
        if (c->data_param == 0)
          return "data= offset 0 is the callback itself";
        c->data_param *= sign;
        c->data_relative = true;
      }
    } else if (strncmp(w[i], "stop=", 5) == 0) {
      if (!parse_integer(w[i] + 5, &c->stop))
        return "stop= wants an integer (the result that ends an until-false callback)";
      if (c->life != RW_LIFE_UNTIL_FALSE)
        return "stop= only applies to the until-false lifetime";
    } else if (strncmp(w[i], "take=", 5) == 0) {
      if (!parse_index(w[i] + 5, &c->take_index))
        return "take= wants a callback parameter index";
    } else if (strncmp(w[i], "when=$", 6) == 0) {
      const char *want = "when= wants $N=IDENTIFIER (argument N spelled as that name)";
      char *eq = strchr(w[i] + 6, '=');
      if (!eq)
        return want;
      *eq = '\0';
      if (!parse_index(w[i] + 6, &c->when_param) || !is_identifier(eq + 1))
        return want;
      if (c->kind != RW_CONTRACT_CALLBACK)
        return "when= only applies to a function's callback lines";
      c->when_value = eq + 1;
    } else if (strcmp(w[i], "generic") == 0) {
      c->generic = true;
    } else {
      return "unknown option (key=, slot=, data=, generic, stop=, take=, when=, in=)";
    }
  }
  if (c->life == RW_LIFE_KEYED && c->key_param == -1)
    return "keyed lifetime needs key=N, key=result or (field rules) key=base";
  if (c->key_param == RW_KEY_BASE && c->kind != RW_CONTRACT_FIELD)
    return "key=base only applies to field rules";
  if (c->key_param == RW_KEY_RESULT && c->kind == RW_CONTRACT_FIELD)
    return "a field rule has no call result: use key=base";
  if (c->kind == RW_CONTRACT_FIELD && c->data_param != -1)
    return "data= does not apply to field rules (the user data is stored elsewhere)";
  if (c->life == RW_LIFE_CLOSE &&
      (c->key_param < 0 || c->slot || c->slot_param != -1 || c->data_param != -1))
    return "close lifetime needs key=N (an argument), and takes no slot= or data=";
  if (c->life != RW_LIFE_KEYED && c->life != RW_LIFE_CLOSE && c->life != RW_LIFE_UNTIL_FALSE &&
      (c->key_param != -1 || c->slot || c->slot_param != -1))
    return "key= and slot= only apply to the keyed and until-false lifetimes";
  if (c->life == RW_LIFE_UNTIL_FALSE && c->key_param == -1 && (c->slot || c->slot_param != -1))
    return "slot= on an until-false line needs key=";
  /* until-false with a key: released at its stop value or by a release of
   * the key, whichever comes first.  A field rule's default slot is its
   * field: two callback fields of one object keyed to it must not supersede
   * each other. */
  if ((c->life == RW_LIFE_KEYED || (c->life == RW_LIFE_UNTIL_FALSE && c->key_param != -1)) &&
      c->slot_source == RW_SLOT_NAME && !c->slot)
    c->slot = c->kind == RW_CONTRACT_FIELD ? c->field : "cb";
  if (c->take_index != -1 && (c->life == RW_LIFE_SYNC || c->life == RW_LIFE_IGNORE))
    return "take= needs a lifetime that wraps the callback";
  return NULL;
}

static const char *parse_lifetime(const char *w, rw_contract *c) {
  for (size_t i = 0; i < sizeof lifetime_names / sizeof *lifetime_names; i++)
    if (strcmp(w, lifetime_names[i]) == 0) {
      c->life = (rw_lifetime)i;
      return NULL;
    }
  return "unknown lifetime (sync, once, keyed, until-false, forever, ignore, close)";
}

/* Only in= may follow a line's fixed words. */
static const char *parse_only_in(char **w, int nw, rw_contract *c, char **in, const char *usage) {
  for (int i = 0; i < nw; i++) {
    bool used;
    const char *err = parse_in(w[i], c, in, &used);
    if (err)
      return err;
    if (!used)
      return usage;
  }
  return NULL;
}

/* Parses one line's words into c (in: room for its in= patterns); NULL on
 * success or a static message. */
static const char *parse_words(char **w, int nw, rw_contract *c, char **in) {
  memset(c, 0, sizeof *c);
  c->key_param = c->slot_param = c->data_param = c->data_cb_index = c->take_index = -1;
  c->when_param = -1;
  c->param = -1;
  if (nw < 3)
    return "expected FUNCTION ARG LIFETIME [options], FUNCTION release N, type NAME LIFETIME, "
           "field TYPE.FIELD LIFETIME, FUNCTION carry N or FUNCTION take result";
  if (strcmp(w[0], "type") == 0 || strcmp(w[0], "field") == 0) {
    c->kind = strcmp(w[0], "type") == 0 ? RW_CONTRACT_TYPE : RW_CONTRACT_FIELD;
    c->function = w[1];
    if (c->kind == RW_CONTRACT_TYPE && !is_identifier(w[1]))
      return "type rule: the type name is not an identifier";
    if (c->kind == RW_CONTRACT_FIELD) {
      char *dot = strchr(w[1], '.');
      if (!dot)
        return "field rule wants TYPE.FIELD";
      c->type = rw_xstrndup(w[1], (size_t)(dot - w[1]));
      c->field = rw_xstrdup(dot + 1);
      if (!is_identifier(c->type) || !is_identifier(c->field))
        return "field rule wants TYPE.FIELD (a typedef name or struct tag, and a field name)";
    }
    const char *err = parse_lifetime(w[2], c);
    if (err)
      return err;
    if (c->life == RW_LIFE_CLOSE)
      return "close does not apply to type or field rules: write it per function";
    return parse_options(w + 3, nw - 3, c, in);
  }
  if (!is_identifier(w[0]))
    return "function name is not an identifier";
  c->function = w[0];
  if (strcmp(w[1], "getter") == 0) {
    c->kind = RW_CONTRACT_GETTER;
    const char *usage = "expected FUNCTION getter result or FUNCTION getter out=N[,N...]";
    if (strcmp(w[2], "result") == 0) {
      c->getter_result = true;
      return parse_only_in(w + 3, nw - 3, c, in, usage);
    }
    if (strncmp(w[2], "out=", 4) != 0)
      return usage;
    for (char *p = w[2] + 4, *comma; p; p = comma ? comma + 1 : NULL) {
      comma = strchr(p, ',');
      if (comma)
        *comma = '\0';
      if (c->n_getter_out == RW_GETTER_MAX_OUT)
        return "getter out= names more than 8 arguments";
      if (!parse_index(p, &c->getter_out[c->n_getter_out++]))
        return "getter out= wants argument indexes separated by commas";
    }
    return parse_only_in(w + 3, nw - 3, c, in, usage);
  }
  if (strcmp(w[1], "release") == 0) {
    c->kind = RW_CONTRACT_RELEASE;
    if (!parse_index(w[2], &c->param))
      return "expected FUNCTION release N [slot=NAME|slot=$N|slot=bits$N] "
             "(N = the key argument's index)";
    for (int i = 3; i < nw; i++) {
      bool used;
      const char *err = parse_in(w[i], c, in, &used);
      if (err)
        return err;
      if (used)
        continue;
      if (strncmp(w[i], "slot=bits$", 10) == 0) {
        c->slot_source = RW_SLOT_BITS;
        if (!parse_index(w[i] + 10, &c->slot_param))
          return "slot=bits$N wants an argument index";
      } else if (strncmp(w[i], "slot=$", 6) == 0) {
        c->slot_source = RW_SLOT_ARG;
        if (!parse_index(w[i] + 6, &c->slot_param))
          return "slot=$N wants an argument index";
      } else if (strncmp(w[i], "slot=", 5) == 0 && names_list(w[i] + 5)) {
        c->slot = w[i] + 5; /* one or more slots, separated by commas */
      } else {
        return "a release line takes only slot= and in=";
      }
    }
    return NULL;
  }
  if (strcmp(w[1], "carry") == 0) {
    c->kind = RW_CONTRACT_CARRY;
    if (!parse_index(w[2], &c->param))
      return "expected FUNCTION carry N (N = the item argument's index)";
    return parse_only_in(w + 3, nw - 3, c, in, "a carry line takes only in=");
  }
  if (strcmp(w[1], "drop") == 0) {
    c->kind = RW_CONTRACT_DROP;
    if (!parse_index(w[2], &c->param))
      return "expected FUNCTION drop N (N = the item argument's index)";
    return parse_only_in(w + 3, nw - 3, c, in, "a drop line takes only in=");
  }
  if (strcmp(w[1], "take") == 0) {
    c->kind = RW_CONTRACT_TAKE;
    if (strcmp(w[2], "result") != 0)
      return "expected FUNCTION take result (a callback parameter is take=K on its line)";
    return parse_only_in(w + 3, nw - 3, c, in, "a take line takes only in=");
  }
  c->kind = RW_CONTRACT_CALLBACK;
  if (!parse_index(w[1], &c->param))
    return "ARG must be an argument index (0-255)";
  const char *err = parse_lifetime(w[2], c);
  if (err)
    return err;
  return parse_options(w + 3, nw - 3, c, in);
}

static void contract_free_parts(rw_contract *c, char **in) {
  free(c->type);
  free(c->field);
  for (int i = 0; i < c->n_in; i++)
    free(in[i]);
}

int rw_contracts_parse(rw_contracts *cs, const char *text, const char *origin) {
  /* A file of inferred contracts: each line's comment is its reason. */
  bool inferred = strncmp(text, RW_INFERRED_HEADER, strlen(RW_INFERRED_HEADER)) == 0;
  int lineno = 0;
  const char *p = text;
  while (*p) {
    lineno++;
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    char *line = rw_xstrndup(p, len);
    p += len + (eol ? 1 : 0);
    char *hash = strchr(line, '#');
    char *comment = NULL;
    if (hash) {
      *hash = '\0';
      comment = hash + 1 + strspn(hash + 1, " ");
    }
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
    char *in[MAX_IN_PATTERNS];
    const char *err = parse_words(w, nw, &c, in);
    if (err) {
      fprintf(stderr, "%s:%d: error: %s\n", origin, lineno, err);
      contract_free_parts(&c, in);
      free(line);
      return -1;
    }
    /* Own every string: the line buffer is freed below. */
    c.function = rw_xstrdup(c.function);
    if (c.slot)
      c.slot = rw_xstrdup(c.slot);
    if (c.when_value)
      c.when_value = rw_xstrdup(c.when_value);
    if (c.n_in) {
      c.in = rw_xmalloc((size_t)c.n_in * sizeof *c.in);
      memcpy(c.in, in, (size_t)c.n_in * sizeof *c.in);
    }
    rw_buf o = {0};
    if (inferred && comment && *comment) {
      rw_buf_puts(&o, comment);
      c.inferred = true;
    } else {
      rw_buf_printf(&o, "%s:%d", origin, lineno);
    }
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
  for (const rw_builtin_pack *p = rw_builtin_packs; p->name; p++)
    if (rw_contracts_parse(cs, p->text, p->name) < 0)
      return -1;
  return 0;
}

bool rw_contract_applies(const rw_contract *c, const char *file) {
  if (!c->n_in)
    return true;
  if (!file)
    return false;
  /* A pattern with a '/' matches the path as given; one without, its last
   * component (as in .gitignore). */
  const char *base = strrchr(file, '/');
  base = base ? base + 1 : file;
  for (int i = 0; i < c->n_in; i++) {
    bool has_slash = strchr(c->in[i], '/') != NULL;
    if (fnmatch(c->in[i], has_slash ? file : base, has_slash ? FNM_PATHNAME : 0) == 0)
      return true;
  }
  return false;
}

/* Whether argument text `arg` is the identifier `value`, parentheses and
 * blanks around it aside: (CURLOPT_WRITEFUNCTION) is CURLOPT_WRITEFUNCTION. */
static bool spelled_as(const char *arg, const char *value) {
  size_t len = strlen(arg);
  for (;;) {
    while (len && (*arg == ' ' || *arg == '\t'))
      arg++, len--;
    while (len && (arg[len - 1] == ' ' || arg[len - 1] == '\t'))
      len--;
    if (len < 2 || *arg != '(' || arg[len - 1] != ')')
      break;
    arg++;
    len -= 2;
  }
  return len == strlen(value) && memcmp(arg, value, len) == 0;
}

/* The last line of `kind` for `name` that applies to file (and, for callback
 * lines, to argument param and, with when=, to the call's args). */
static const rw_contract *find_last(const rw_contracts *cs, rw_contract_kind kind, const char *name,
                                    int param, const char *file, char *const *args, int nargs) {
  for (size_t i = cs->n; i-- > 0;) {
    const rw_contract *c = &cs->items[i];
    if (c->kind == kind && (kind != RW_CONTRACT_CALLBACK || c->param == param) &&
        strcmp(c->function, name) == 0 && rw_contract_applies(c, file) &&
        (!c->when_value || (c->when_param < nargs && args[c->when_param] &&
                            spelled_as(args[c->when_param], c->when_value))))
      return c;
  }
  return NULL;
}

const rw_contract *rw_contracts_find(const rw_contracts *cs, const char *function, int param,
                                     const char *file) {
  return find_last(cs, RW_CONTRACT_CALLBACK, function, param, file, NULL, 0);
}

const rw_contract *rw_contracts_find_call(const rw_contracts *cs, const char *function, int param,
                                          const char *file, char *const *args, int nargs) {
  return find_last(cs, RW_CONTRACT_CALLBACK, function, param, file, args, nargs);
}

bool rw_contracts_have_when(const rw_contracts *cs, const char *function) {
  for (size_t i = 0; i < cs->n; i++)
    if (cs->items[i].when_value && strcmp(cs->items[i].function, function) == 0)
      return true;
  return false;
}

const rw_contract *rw_contracts_find_getter(const rw_contracts *cs, const char *function,
                                            const char *file) {
  return find_last(cs, RW_CONTRACT_GETTER, function, -1, file, NULL, 0);
}

const rw_contract *rw_contracts_find_release(const rw_contracts *cs, const char *function,
                                             const char *file) {
  return find_last(cs, RW_CONTRACT_RELEASE, function, -1, file, NULL, 0);
}

const rw_contract *rw_contracts_find_type(const rw_contracts *cs, const char *type_name,
                                          const char *file) {
  return find_last(cs, RW_CONTRACT_TYPE, type_name, -1, file, NULL, 0);
}

const rw_contract *rw_contracts_find_carry(const rw_contracts *cs, const char *function,
                                           const char *file) {
  return find_last(cs, RW_CONTRACT_CARRY, function, -1, file, NULL, 0);
}

const rw_contract *rw_contracts_find_drop(const rw_contracts *cs, const char *function,
                                          const char *file) {
  return find_last(cs, RW_CONTRACT_DROP, function, -1, file, NULL, 0);
}

const rw_contract *rw_contracts_find_take(const rw_contracts *cs, const char *function,
                                          const char *file) {
  return find_last(cs, RW_CONTRACT_TAKE, function, -1, file, NULL, 0);
}

const rw_contract *rw_contracts_find_field(const rw_contracts *cs, const char *typedef_name,
                                           const char *tag, const char *field, const char *file) {
  for (size_t i = cs->n; i-- > 0;) {
    const rw_contract *c = &cs->items[i];
    if (c->kind == RW_CONTRACT_FIELD && strcmp(c->field, field) == 0 &&
        ((typedef_name && strcmp(c->type, typedef_name) == 0) ||
         (tag && strcmp(c->type, tag) == 0)) &&
        rw_contract_applies(c, file))
      return c;
  }
  return NULL;
}
