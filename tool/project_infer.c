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
 * An inferred line never changes a unit's output -- it only leaves a site
 * alone (sync, or carried inside the callee) that would be left alone
 * anyway, as a finding -- so the results go into the reports only: each
 * unit's own report (DIR/.actx/REL.report.json, as its child wrote it) is
 * copied to DIR/REL.json with those sites decided by the inferred line.
 */
#include "project.h"

#include "json.h"
#include "rw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ST_SYNC, ST_CARRIED, ST_UNKNOWN };

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
} summary;

typedef struct {
  summary *items;
  size_t n, cap;
} summaries;

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

/* Raises each summary to the worst state of what it reaches, until nothing
 * changes (states only rise, so this ends). */
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
        int st = t ? t->state : ST_UNKNOWN;
        if (st > s->state) {
          s->state = st;
          changed = true;
        }
      }
    }
  }
}

/* The report of unit u with its sites left without a contract decided by
 * the solved summaries; NULL when nothing changes. */
static char *patched_report(const char *text, summaries *ss, const char *unit) {
  const char *err;
  rj_value *rep = rj_parse(text, &err);
  if (!rep)
    return NULL;
  const rj_value *sites = rj_get(rep, "sites");
  int changed = 0;
  rw_buf b = {0};
  for (size_t i = 0; sites && sites->type == RJ_ARRAY && i < sites->n; i++) {
    const rj_value *s = &sites->items[i];
    if (strcmp(rj_get_string(s, "decision", ""), "left-no-contract") != 0)
      continue;
    const summary *sum =
        find_in(ss, rj_get_string(s, "api", ""), (int)rj_get_number(s, "arg_index", -1), unit);
    if (sum && sum->state != ST_UNKNOWN)
      changed++;
  }
  if (!changed) {
    rj_free(rep);
    return NULL;
  }
  /* Written in report.c's layout: one site a line. */
  rw_buf_puts(&b, "{\n  \"file\": ");
  rj_append_string(&b, rj_get_string(rep, "file", ""));
  rw_buf_puts(&b, ",\n  \"tool\": ");
  rj_append_string(&b, rj_get_string(rep, "tool", ""));
  rw_buf_puts(&b, ",\n  \"summary\": {");
  const rj_value *sum = rj_get(rep, "summary");
  for (size_t k = 0; sum && sum->type == RJ_OBJECT && k < sum->n; k++) {
    double v = sum->items[k].number;
    if (strcmp(sum->keys[k], "left-no-contract") == 0 || strcmp(sum->keys[k], "findings") == 0)
      v -= changed;
    else if (strcmp(sum->keys[k], "left-sync") == 0)
      v += changed;
    rw_buf_printf(&b, "%s\"%s\": %.0f", k ? ", " : "", sum->keys[k], v);
  }
  rw_buf_puts(&b, "},\n  \"sites\": [");
  for (size_t i = 0; sites && sites->type == RJ_ARRAY && i < sites->n; i++) {
    const rj_value *s = &sites->items[i];
    const summary *m = NULL;
    if (strcmp(rj_get_string(s, "decision", ""), "left-no-contract") == 0) {
      m = find_in(ss, rj_get_string(s, "api", ""), (int)rj_get_number(s, "arg_index", -1), unit);
      if (m && m->state == ST_UNKNOWN)
        m = NULL;
    }
    rw_buf_printf(&b, "%s\n    {", i ? "," : "");
    for (size_t k = 0; k < s->n; k++) {
      const char *key = s->keys[k];
      const rj_value *v = &s->items[k];
      if (m && (strcmp(key, "lifetime") == 0 || strcmp(key, "reason") == 0 ||
                strcmp(key, "loses_context") == 0))
        continue; /* written below */
      rw_buf_printf(&b, "%s\"%s\": ", k ? ", " : "", key);
      if (m && strcmp(key, "decision") == 0)
        rw_buf_puts(&b, "\"left-sync\"");
      else if (v->type == RJ_STRING)
        rj_append_string(&b, v->string);
      else if (v->type == RJ_NUMBER)
        rw_buf_printf(&b, "%.0f", v->number);
      else if (v->type == RJ_BOOL)
        rw_buf_puts(&b, v->boolean ? "true" : "false");
      else
        rw_buf_puts(&b, "null");
    }
    if (m) {
      rw_buf_printf(
          &b, ", \"lifetime\": \"%s\", \"reason\": ", m->state == ST_SYNC ? "sync" : "ignore");
      rj_append_string(&b, m->reason);
      rw_buf_puts(&b, ", \"loses_context\": false");
    }
    rw_buf_puts(&b, "}");
  }
  rw_buf_puts(&b, "\n  ]\n}\n");
  rj_free(rep);
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
  }
  int rc = 0;
  for (size_t i = 0; i < p->n; i++) {
    rw_unit *u = &p->units[i];
    if (u->status != RW_UNIT_REWRITTEN && u->status != RW_UNIT_UP_TO_DATE)
      continue;
    size_t len;
    const char *why;
    char *text = rw_read_file(u->raw_report, &len, true, &why);
    if (!text)
      continue;
    char *patched = patched_report(text, &ss, u->source);
    const char *out = patched ? patched : text;
    if (rw_write_file(u->report, out, strlen(out)) != 0)
      rc = -1;
    free(patched);
    free(text);
  }
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
