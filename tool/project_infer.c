/* project_infer.c -- inference across the units of --project, without
 * parsing any unit twice.
 *
 * Each unit's child writes what it inferred for its functions with external
 * linkage (--inferred-out, DIR/.actx/REL.inferred): contract lines it could
 * decide (`F P sync|ignore # reason`) and, for a callback parameter it passes
 * on to functions other files define, `#! F P BASE G Q [G Q...]` (BASE: what
 * its other uses make it).  Here those are solved together, to a fixed point
 * like infer.c's within a file: F.P is sync when BASE and every G.Q it
 * reaches are sync, carried when one of them is carried, unknown otherwise
 * (a G no unit defines, or defined by two units).
 *
 * A function that stores a callback parameter is written `#!stored F P
 * DECISION REASON`: a call of F in another unit (left-no-contract there)
 * becomes left-stored naming the store (left-hook or left-method when every
 * store of it is one: no finding), and the store of the parameter in F's unit
 * (left-stored with "param_of") becomes left-stored-param once some unit
 * calls F for it: one finding per loss, at the call that names the function.
 *
 * An inferred line never changes a unit's output -- it only leaves a site
 * alone (sync, or carried inside the callee) that would be left alone
 * anyway, as a finding -- so the results go into the reports only: each
 * unit's own report (DIR/.actx/REL.report.json, as its child wrote it) is
 * copied to DIR/REL.json with those sites decided by the inferred line, and
 * its summary counted again from its sites.
 */
#include "project.h"

#include "json.h"
#include "rw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ST_SYNC, ST_CARRIED, ST_STORED, ST_UNKNOWN };

typedef struct {
  char *name; /* the function */
  int param;
  int state;
  char *reason; /* lines: the unit's; dependencies: made once solved */
  char *unit;
  bool is_static; /* "#!s": only its own unit's sites, and no call reaches it */
  char **deps;    /* "G" names, with dep_params */
  int *dep_params;
  int ndeps;
  bool ambiguous;
  const char *stored_as; /* ST_STORED: how the function it reaches keeps it
                            (a decision's name)... */
  int stored_dep;        /* ...and the dependency that reaches it */
} summary;

/* A function's callback parameter it stores ("#!stored"). */
typedef struct {
  char *name;
  int param;
  char *decision; /* left-stored, or left-hook / left-method (every store one) */
  char *reason;
  char *unit;
} stored_param;

/* A call of a function for one of its callback parameters, in some unit. */
typedef struct {
  char *api;
  int param;
  const char *unit;
} call_seen;

typedef struct {
  summary *items;
  size_t n, cap;
  stored_param *stored;
  size_t nstored, stored_cap;
  call_seen *calls;
  size_t ncalls, calls_cap;
} summaries;

static const stored_param *find_stored(const summaries *ss, const char *name, int param) {
  for (size_t i = 0; i < ss->nstored; i++)
    if (ss->stored[i].param == param && strcmp(ss->stored[i].name, name) == 0)
      return &ss->stored[i];
  return NULL;
}

/* How many calls of name for its parameter param units other than `unit`
 * (NULL: any unit) make. */
static size_t calls_elsewhere(const summaries *ss, const char *name, int param, const char *unit) {
  size_t n = 0;
  for (size_t i = 0; i < ss->ncalls; i++)
    n += ss->calls[i].param == param && strcmp(ss->calls[i].api, name) == 0 &&
         (!unit || strcmp(ss->calls[i].unit, unit) != 0);
  return n;
}

/* "#!stored F P DECISION REASON" */
static void read_stored(summaries *ss, char *line, const char *unit) {
  char *name = strtok(line + 9, " \t");
  char *param = name ? strtok(NULL, " \t") : NULL;
  char *decision = param ? strtok(NULL, " \t") : NULL;
  char *reason = decision ? strtok(NULL, "") : NULL;
  if (!reason || find_stored(ss, name, atoi(param)))
    return; /* malformed, or a name two units define: neither is known to be the one */
  if (ss->nstored == ss->stored_cap) {
    ss->stored_cap = ss->stored_cap ? ss->stored_cap * 2 : 16;
    ss->stored = rw_xrealloc(ss->stored, ss->stored_cap * sizeof *ss->stored);
  }
  ss->stored[ss->nstored++] = (stored_param){rw_xstrdup(name), atoi(param), rw_xstrdup(decision),
                                             rw_xstrdup(reason), rw_xstrdup(unit)};
}

static summary *add(summaries *ss) {
  if (ss->n == ss->cap) {
    ss->cap = ss->cap ? ss->cap * 2 : 64;
    ss->items = rw_xrealloc(ss->items, ss->cap * sizeof *ss->items);
  }
  summary *s = &ss->items[ss->n++];
  memset(s, 0, sizeof *s);
  return s;
}

/* The summary of name's parameter param as seen from `unit` (NULL: from
 * another unit's call, which reaches no static function). */
static summary *find_in(summaries *ss, const char *name, int param, const char *unit) {
  summary *any = NULL;
  for (size_t i = 0; i < ss->n; i++) {
    summary *s = &ss->items[i];
    if (s->param != param || strcmp(s->name, name) != 0)
      continue;
    if (s->is_static && unit && strcmp(s->unit, unit) == 0)
      return s; /* the unit's own static function comes first */
    if (!s->is_static && !any)
      any = s;
  }
  return any;
}

static summary *find(summaries *ss, const char *name, int param) {
  return find_in(ss, name, param, NULL);
}

/* One line of a unit's .inferred file into ss. */
static void read_line(summaries *ss, char *line, const char *unit) {
  if (strncmp(line, "#!stored ", 9) == 0) {
    read_stored(ss, line, unit);
    return;
  }
  bool is_static = strncmp(line, "#!s ", 4) == 0;
  bool deps = is_static || strncmp(line, "#! ", 3) == 0;
  if (*line == '#' && !deps)
    return;
  char *reason = NULL;
  if (!deps) {
    char *hash = strchr(line, '#');
    if (hash) {
      *hash = '\0';
      reason = hash + 1 + strspn(hash + 1, " ");
    }
  }
  char *w[64];
  int nw = 0;
  for (char *t = strtok(deps ? line + (is_static ? 4 : 3) : line, " \t"); t && nw < 64;
       t = strtok(NULL, " \t"))
    w[nw++] = t;
  if (nw < 3 || (deps && nw % 2 == 0))
    return;
  int param = atoi(w[1]);
  summary *s = is_static ? NULL : find(ss, w[0], param);
  if (s) { /* a name two units define: neither is the one a call reaches */
    s->ambiguous = true;
    return;
  }
  s = add(ss);
  s->is_static = is_static;
  s->name = rw_xstrdup(w[0]);
  s->param = param;
  s->state = strcmp(w[2], "sync") == 0 ? ST_SYNC : ST_CARRIED;
  s->unit = rw_xstrdup(unit);
  if (deps) {
    s->ndeps = (nw - 3) / 2;
    s->deps = rw_xmalloc((size_t)s->ndeps * sizeof *s->deps);
    s->dep_params = rw_xmalloc((size_t)s->ndeps * sizeof *s->dep_params);
    for (int i = 0; i < s->ndeps; i++) {
      s->deps[i] = rw_xstrdup(w[3 + 2 * i]);
      s->dep_params[i] = atoi(w[4 + 2 * i]);
    }
  } else {
    s->reason = rw_xstrdup(reason ? reason : "inferred");
  }
}

static void read_all(const rw_project *p, summaries *ss) {
  for (size_t i = 0; i < p->n; i++) {
    const rw_unit *u = &p->units[i];
    if (u->status != RW_UNIT_REWRITTEN && u->status != RW_UNIT_UP_TO_DATE)
      continue;
    size_t len;
    const char *why;
    char *text = rw_read_file(u->inferred_out, &len, true, &why);
    if (!text)
      continue;
    for (char *line = text, *eol; *line; line = eol + 1) {
      eol = strchr(line, '\n');
      if (!eol)
        break;
      *eol = '\0';
      read_line(ss, line, u->source);
    }
    free(text);
  }
}

static const stored_param *find_stored(const summaries *ss, const char *name, int param);

/* Raises each summary to the worst state of what it reaches, until nothing
 * changes (states only rise, so this ends): a function stored is ST_STORED,
 * kept as the stored line says. */
static void solve(summaries *ss) {
  for (size_t i = 0; i < ss->n; i++)
    if (ss->items[i].ambiguous)
      ss->items[i].state = ST_UNKNOWN;
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < ss->n; i++) {
      summary *s = &ss->items[i];
      for (int d = 0; d < s->ndeps && s->state != ST_UNKNOWN; d++) {
        const summary *t = find(ss, s->deps[d], s->dep_params[d]);
        const stored_param *sp = t ? NULL : find_stored(ss, s->deps[d], s->dep_params[d]);
        int st = t ? t->state : sp ? ST_STORED : ST_UNKNOWN;
        const char *as = t ? t->stored_as : sp ? sp->decision : NULL;
        if (st > s->state) {
          s->state = st;
          s->stored_as = as;
          s->stored_dep = d;
          changed = true;
        } else if (st == ST_STORED && s->state == ST_STORED && as && s->stored_as &&
                   strcmp(as, s->stored_as) != 0 && strcmp(s->stored_as, "left-stored") != 0) {
          s->stored_as = "left-stored"; /* kept in two ways: a store like any other */
          changed = true;
        }
      }
    }
  }
}

/* A site's new decision, or none. */
typedef struct {
  const char *decision; /* NULL: unchanged */
  const char *lifetime; /* written after the decision, or NULL */
  char *reason;
  bool loses;
} patch;

static patch patch_for(const rj_value *s, summaries *ss, const char *unit) {
  patch m = {0};
  const char *d = rj_get_string(s, "decision", "");
  const char *api = rj_get_string(s, "api", "");
  int index = (int)rj_get_number(s, "arg_index", -1);
  if (strcmp(d, "left-no-contract") == 0) {
    const summary *sum = find_in(ss, api, index, unit);
    const stored_param *sp = find_stored(ss, api, index);
    if (sum && (sum->state == ST_SYNC || sum->state == ST_CARRIED)) {
      m.decision = "left-sync";
      m.lifetime = sum->state == ST_SYNC ? "sync" : "ignore";
      m.reason = rw_xstrdup(sum->reason);
    } else if (sum && sum->state == ST_STORED) {
      m.decision = sum->stored_as;
      m.reason = rw_xstrdup(sum->reason);
    } else if (sp && strcmp(sp->unit, unit) != 0) {
      m.decision = sp->decision;
      m.reason = rw_xstrdup(sp->reason); /* names the file where it is stored */
    }
    m.loses = m.decision && strcmp(m.decision, "left-stored") == 0;
    /* This unit's function passing its own parameter on to be stored: the
     * calls of that function (any unit's) are the findings. */
    const char *fn = rj_get_string(s, "param_of", NULL);
    int p = (int)rj_get_number(s, "param_index", -1);
    size_t n = m.loses && fn ? calls_elsewhere(ss, fn, p, NULL) : 0;
    if (n) {
      char *reason =
          rw_xasprintf("%s; parameter %d of %s, reported where %s is called (%zu call%s)", m.reason,
                       p, fn, fn, n, n == 1 ? "" : "s");
      free(m.reason);
      m.reason = reason;
      m.decision = "left-stored-param";
      m.loses = false;
    }
  } else if (strcmp(d, "left-stored") == 0 && rj_get(s, "param_of")) {
    const char *fn = rj_get_string(s, "param_of", "");
    int p = (int)rj_get_number(s, "param_index", -1);
    size_t n = calls_elsewhere(ss, fn, p, unit);
    if (n) {
      m.decision = "left-stored-param";
      m.reason =
          rw_xasprintf("%s; parameter %d of %s, reported where %s is called (%zu call%s "
                       "in other files)",
                       rj_get_string(s, "reason", "stored"), p, fn, fn, n, n == 1 ? "" : "s");
    }
  }
  return m;
}

static void append_value(rw_buf *b, const rj_value *v) {
  if (v->type == RJ_STRING)
    rj_append_string(b, v->string);
  else if (v->type == RJ_NUMBER)
    rw_buf_printf(b, "%.0f", v->number);
  else if (v->type == RJ_BOOL)
    rw_buf_puts(b, v->boolean ? "true" : "false");
  else
    rw_buf_puts(b, "null");
}

/* The report of unit u with its sites decided again by the solved summaries
 * and the stored parameters; NULL when nothing changes. */
static char *patched_report(const rj_value *rep, summaries *ss, const char *unit) {
  const rj_value *sites = rj_get(rep, "sites");
  size_t nsites = sites && sites->type == RJ_ARRAY ? sites->n : 0;
  patch *m = rw_xmalloc((nsites ? nsites : 1) * sizeof *m);
  int changed = 0;
  for (size_t i = 0; i < nsites; i++) {
    m[i] = patch_for(&sites->items[i], ss, unit);
    changed += m[i].decision != NULL;
  }
  if (!changed) {
    free(m);
    return NULL;
  }
  /* Written in report.c's layout: one site a line; the summary counted
   * again from the sites. */
  rw_buf b = {0};
  rw_buf_puts(&b, "{\n  \"file\": ");
  rj_append_string(&b, rj_get_string(rep, "file", ""));
  rw_buf_puts(&b, ",\n  \"tool\": ");
  rj_append_string(&b, rj_get_string(rep, "tool", ""));
  rw_buf_puts(&b, ",\n  \"summary\": {");
  const rj_value *sum = rj_get(rep, "summary");
  for (size_t k = 0; sum && sum->type == RJ_OBJECT && k < sum->n; k++) {
    size_t v = 0;
    bool findings = strcmp(sum->keys[k], "findings") == 0;
    for (size_t i = 0; i < nsites; i++) {
      const rj_value *s = &sites->items[i];
      const rj_value *loses = rj_get(s, "loses_context");
      if (findings)
        v += m[i].decision ? m[i].loses : loses && loses->type == RJ_BOOL && loses->boolean;
      else
        v += strcmp(m[i].decision ? m[i].decision : rj_get_string(s, "decision", ""),
                    sum->keys[k]) == 0;
    }
    rw_buf_printf(&b, "%s\"%s\": %zu", k ? ", " : "", sum->keys[k], v);
  }
  rw_buf_puts(&b, "},\n  \"sites\": [");
  for (size_t i = 0; i < nsites; i++) {
    const rj_value *s = &sites->items[i];
    rw_buf_printf(&b, "%s\n    {", i ? "," : "");
    bool first = true;
    for (size_t k = 0; k < s->n; k++) {
      const char *key = s->keys[k];
      if (m[i].decision && strcmp(key, "lifetime") == 0)
        continue; /* written after the decision */
      rw_buf_printf(&b, "%s\"%s\": ", first ? "" : ", ", key);
      first = false;
      if (m[i].decision && strcmp(key, "decision") == 0) {
        rj_append_string(&b, m[i].decision);
        if (m[i].lifetime)
          rw_buf_printf(&b, ", \"lifetime\": \"%s\"", m[i].lifetime);
      } else if (m[i].decision && strcmp(key, "reason") == 0) {
        rj_append_string(&b, m[i].reason);
      } else if (m[i].decision && strcmp(key, "loses_context") == 0) {
        rw_buf_puts(&b, m[i].loses ? "true" : "false");
      } else {
        append_value(&b, &s->items[k]);
      }
    }
    rw_buf_puts(&b, "}");
    free(m[i].reason);
  }
  rw_buf_puts(&b, nsites ? "\n  ]\n}\n" : "]\n}\n");
  free(m);
  return b.data;
}

int rw_project_infer(rw_project *p) {
  summaries ss = {0};
  read_all(p, &ss);
  solve(&ss);
  for (size_t i = 0; i < ss.n; i++) {
    summary *s = &ss.items[i];
    if (s->ndeps && s->state == ST_SYNC)
      s->reason = rw_xasprintf("inferred: %s calls it before returning, through %s (in %s)",
                               s->name, s->deps[0], s->unit);
    else if (s->ndeps && s->state == ST_CARRIED)
      s->reason = rw_xasprintf("inferred: carried inside %s: passed on to %s, which wraps it "
                               "(in %s)",
                               s->name, s->deps[0], s->unit);
    else if (s->ndeps && s->state == ST_STORED)
      s->reason = rw_xasprintf("passed to %s, which passes it on to %s, which keeps it (in %s)",
                               s->name, s->deps[s->stored_dep], s->unit);
  }
  /* Every unit's report, and the calls they make for callback parameters
   * (what settles a stored parameter in another unit). */
  char **texts = rw_xmalloc((p->n ? p->n : 1) * sizeof *texts);
  rj_value **reps = rw_xmalloc((p->n ? p->n : 1) * sizeof *reps);
  for (size_t i = 0; i < p->n; i++) {
    rw_unit *u = &p->units[i];
    texts[i] = NULL;
    reps[i] = NULL;
    if (u->status != RW_UNIT_REWRITTEN && u->status != RW_UNIT_UP_TO_DATE)
      continue;
    size_t len;
    const char *why, *err;
    texts[i] = rw_read_file(u->raw_report, &len, true, &why);
    reps[i] = texts[i] ? rj_parse(texts[i], &err) : NULL;
    const rj_value *sites = reps[i] ? rj_get(reps[i], "sites") : NULL;
    for (size_t k = 0; sites && sites->type == RJ_ARRAY && k < sites->n; k++) {
      const rj_value *s = &sites->items[k];
      int index = (int)rj_get_number(s, "arg_index", -1);
      if (index < 0)
        continue; /* a store, or a getter's result */
      if (ss.ncalls == ss.calls_cap) {
        ss.calls_cap = ss.calls_cap ? ss.calls_cap * 2 : 256;
        ss.calls = rw_xrealloc(ss.calls, ss.calls_cap * sizeof *ss.calls);
      }
      ss.calls[ss.ncalls++] =
          (call_seen){rw_xstrdup(rj_get_string(s, "api", "")), index, u->source};
    }
  }
  int rc = 0;
  for (size_t i = 0; i < p->n; i++) {
    rw_unit *u = &p->units[i];
    if (!texts[i])
      continue;
    char *patched = reps[i] ? patched_report(reps[i], &ss, u->source) : NULL;
    const char *out = patched ? patched : texts[i];
    if (rw_write_file(u->report, out, strlen(out)) != 0)
      rc = -1;
    free(patched);
    rj_free(reps[i]);
    free(texts[i]);
  }
  free(texts);
  free(reps);
  for (size_t i = 0; i < ss.nstored; i++) {
    free(ss.stored[i].name);
    free(ss.stored[i].decision);
    free(ss.stored[i].reason);
    free(ss.stored[i].unit);
  }
  free(ss.stored);
  for (size_t i = 0; i < ss.ncalls; i++)
    free(ss.calls[i].api);
  free(ss.calls);
  for (size_t i = 0; i < ss.n; i++) {
    summary *s = &ss.items[i];
    free(s->name);
    free(s->reason);
    free(s->unit);
    for (int d = 0; d < s->ndeps; d++)
      free(s->deps[d]);
    free(s->deps);
    free(s->dep_params);
  }
  free(ss.items);
  return rc;
}
