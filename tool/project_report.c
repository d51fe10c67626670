/* project_report.c -- what --project leaves besides the rewritten files:
 *   DIR/actx-report.json    the per-unit reports merged, with totals;
 *   DIR/actx-report.html    the same for a person: totals, findings with
 *                           their source lines, rewritten sites and the stores
 *                           listed but no findings (methods, hooks, stored
 *                           parameters) folded away;
 *   DIR/compile_commands.json  the database of the rewritten tree (clangd).
 * The per-unit reports are read back (json.c) rather than passed from the
 * children some other way: an up-to-date unit's report is only on disk. */
#include "project.h"

#include "json.h"
#include "rw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
    [RW_UNIT_PENDING] = "pending",       [RW_UNIT_REWRITTEN] = "rewritten",
    [RW_UNIT_UP_TO_DATE] = "up-to-date", [RW_UNIT_FAILED] = "failed",
    [RW_UNIT_SKIPPED] = "skipped",
};

#define NDECISIONS RW_NDECISIONS

/* A unit's report, parsed, with its text (NULL when there is none). */
typedef struct {
  char *text;
  rj_value *json;
} unit_report;

static void load_reports(const rw_project *p, unit_report *r) {
  for (size_t i = 0; i < p->n; i++) {
    const rw_unit *u = &p->units[i];
    r[i].text = NULL;
    r[i].json = NULL;
    if (u->status != RW_UNIT_REWRITTEN && u->status != RW_UNIT_UP_TO_DATE)
      continue;
    size_t len;
    const char *why;
    r[i].text = rw_read_file(u->report, &len, true, &why);
    while (r[i].text && len && r[i].text[len - 1] == '\n')
      r[i].text[--len] = '\0';
    if (r[i].text)
      r[i].json = rj_parse(r[i].text, &why);
    if (!r[i].json) {
      fprintf(stderr, "actx-rewrite: %s: unreadable report: %s\n", u->report, why);
      free(r[i].text);
      r[i].text = NULL;
    }
  }
}

/* Per decision, then findings (index NDECISIONS), summed over the units. */
static void totals(const rw_project *p, const unit_report *r, double *sum) {
  for (int d = 0; d <= NDECISIONS; d++)
    sum[d] = 0;
  for (size_t i = 0; i < p->n; i++) {
    const rj_value *s = rj_get(r[i].json, "summary");
    for (int d = 0; d < NDECISIONS; d++)
      sum[d] += rj_get_number(s, rw_decision_name((rw_decision)d), 0);
    sum[NDECISIONS] += rj_get_number(s, "findings", 0);
  }
}

static int write_json(const rw_project *p, const unit_report *r, const double *sum) {
  size_t count[RW_UNIT_SKIPPED + 1] = {0};
  for (size_t i = 0; i < p->n; i++)
    count[p->units[i].status]++;
  rw_buf b = {0};
  rw_buf_printf(&b, "{\n  \"tool\": \"actx-rewrite %s\",\n  \"build_dir\": ", RW_VERSION);
  rj_append_string(&b, p->build_dir);
  rw_buf_printf(&b,
                ",\n  \"units\": {\"total\": %zu, \"rewritten\": %zu, \"up_to_date\": %zu, "
                "\"failed\": %zu, \"skipped\": %zu},\n  \"summary\": {",
                p->n, count[RW_UNIT_REWRITTEN], count[RW_UNIT_UP_TO_DATE], count[RW_UNIT_FAILED],
                count[RW_UNIT_SKIPPED]);
  for (int d = 0; d < NDECISIONS; d++)
    rw_buf_printf(&b, "%s\"%s\": %.0f", d ? ", " : "", rw_decision_name((rw_decision)d), sum[d]);
  rw_buf_printf(&b, ", \"findings\": %.0f},\n  \"files\": [", sum[NDECISIONS]);
  for (size_t i = 0; i < p->n; i++) {
    const rw_unit *u = &p->units[i];
    rw_buf_printf(&b, "%s\n    {\"file\": ", i ? "," : "");
    rj_append_string(&b, u->source);
    rw_buf_puts(&b, ", \"output\": ");
    if (u->rel)
      rj_append_string(&b, u->rel);
    else
      rw_buf_puts(&b, "null");
    rw_buf_printf(&b, ", \"status\": \"%s\"", status_names[u->status]);
    if (u->error) {
      rw_buf_puts(&b, ", \"error\": ");
      rj_append_string(&b, u->error);
    }
    rw_buf_puts(&b, ",\n     \"report\": ");
    rw_buf_puts(&b, r[i].text ? r[i].text : "null");
    rw_buf_puts(&b, "}");
  }
  rw_buf_puts(&b, p->n ? "\n  ]\n}\n" : "]\n}\n");
  char *path = rw_xasprintf("%s/actx-report.json", p->out_dir);
  int rc = rw_write_file(path, b.data, b.len);
  free(path);
  rw_buf_free(&b);
  return rc;
}

/* ----------------------------------------------------------------- HTML */

static void html_text(rw_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n && s[i]; i++) {
    switch (s[i]) {
    case '<': rw_buf_puts(b, "&lt;"); break;
    case '>': rw_buf_puts(b, "&gt;"); break;
    case '&': rw_buf_puts(b, "&amp;"); break;
    case '"': rw_buf_puts(b, "&quot;"); break;
    case '\'': rw_buf_puts(b, "&#39;"); break;
    case '\r': break;
    default: rw_buf_add(b, &s[i], 1);
    }
  }
}

static void html(rw_buf *b, const char *s) {
  html_text(b, s ? s : "", s ? strlen(s) : 0);
}

/* The lines line-2..line+2 of the source, the site's line marked; an empty
 * line keeps its height through the number it shows. */
static void html_context(rw_buf *b, const char *src, size_t len, unsigned line) {
  rw_buf_puts(b, "<pre class=\"src\">");
  unsigned n = 1;
  const char *p = src, *end = src + len;
  while (p < end && n + 2 < line) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
    n++;
  }
  for (; p < end && n <= line + 2; n++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l = (size_t)((nl ? nl : end) - p);
    rw_buf_printf(b, "<span class=\"%s\"><span class=\"ln\">%5u</span> ", n == line ? "hit" : "ctx",
                  n);
    html_text(b, p, l);
    rw_buf_puts(b, "</span>"); /* a block each: a newline too would double the spacing */
    p = nl ? nl + 1 : end;
  }
  rw_buf_puts(b, "</pre>\n");
}

static const char css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:75em}"
    "h1{font-size:1.4em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}"
    "h3{font-size:1em;font-family:monospace;margin:1.5em 0 .3em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}"
    "td.n{text-align:right}.finding{margin:.8em 0 .8em 1em}"
    ".where{font-family:monospace;font-weight:bold}.why{color:#555}"
    "pre{background:#f6f6f6;padding:.4em;margin:.3em 0;overflow-x:auto}"
    ".hit{background:#fdd;display:block}.ctx{display:block}.ln{color:#888}"
    ".failed{color:#a00}details{margin:.3em 0}summary{font-family:monospace;cursor:pointer}";

static bool is_rewritten_decision(const char *d) {
  return strcmp(d, "wrapped") == 0 || strcmp(d, "boxed") == 0 || strcmp(d, "release") == 0 ||
         strcmp(d, "unwrapped") == 0;
}

/* left-method, left-hook, left-stored-param: listed with their reason. */
static bool is_listed_store(const char *d) {
  return strcmp(d, "left-method") == 0 || strcmp(d, "left-hook") == 0 ||
         strcmp(d, "left-stored-param") == 0;
}

static void html_finding(rw_buf *b, const rw_unit *u, const rj_value *s, const char *src,
                         size_t len) {
  unsigned line = (unsigned)rj_get_number(s, "line", 0);
  rw_buf_puts(b, "<div class=\"finding\"><span class=\"where\">");
  html(b, u->source);
  rw_buf_printf(b, ":%u:%u</span>: ", line, (unsigned)rj_get_number(s, "col", 0));
  html(b, rj_get_string(s, "api", "?"));
  rw_buf_printf(b, " argument %d <code>", (int)rj_get_number(s, "arg_index", -1));
  html(b, rj_get_string(s, "arg", ""));
  rw_buf_puts(b, "</code> may lose its context (");
  html(b, rj_get_string(s, "decision", ""));
  rw_buf_puts(b, ")<div class=\"why\">");
  html(b, rj_get_string(s, "reason", ""));
  rw_buf_puts(b, "</div>\n");
  if (src)
    html_context(b, src, len, line);
  rw_buf_puts(b, "</div>\n");
}

/* One folded table per unit: its rewritten sites (how each was rewritten),
 * or with `stores` its stores listed but no findings (why). */
static void html_site_tables(rw_buf *b, const rw_project *p, const unit_report *r, bool stores) {
  bool (*keep)(const char *) = stores ? is_listed_store : is_rewritten_decision;
  for (size_t i = 0; i < p->n; i++) {
    const rj_value *sites = rj_get(r[i].json, "sites");
    size_t n = 0;
    for (size_t k = 0; sites && k < sites->n; k++)
      n += keep(rj_get_string(&sites->items[k], "decision", ""));
    if (!n)
      continue;
    rw_buf_puts(b, "<details><summary>");
    html(b, p->units[i].source);
    rw_buf_printf(b,
                  stores ? ": %zu store%s</summary>\n<table>\n"
                         : ": %zu site%s rewritten</summary>\n<table>\n",
                  n, n == 1 ? "" : "s");
    rw_buf_printf(
        b, "<tr><th>line:col</th><th>%s</th><th>%s</th><th>decision</th><th>%s</th></tr>\n",
        stores ? "stored into" : "call", stores ? "value" : "argument", stores ? "why" : "how");
    for (size_t k = 0; k < sites->n; k++) {
      const rj_value *s = &sites->items[k];
      const char *d = rj_get_string(s, "decision", "");
      if (!keep(d))
        continue;
      rw_buf_printf(b, "<tr><td>%u:%u</td><td>", (unsigned)rj_get_number(s, "line", 0),
                    (unsigned)rj_get_number(s, "col", 0));
      html(b, rj_get_string(s, "api", ""));
      rw_buf_puts(b, "</td><td><code>");
      html(b, rj_get_string(s, "arg", ""));
      rw_buf_puts(b, "</code></td><td>");
      html(b, d);
      const char *life = stores ? NULL : rj_get_string(s, "lifetime", NULL);
      if (life) {
        rw_buf_puts(b, " (");
        html(b, life);
        rw_buf_puts(b, ")");
      }
      rw_buf_puts(b, "</td><td>");
      html(b, rj_get_string(s, stores ? "reason" : "how", ""));
      rw_buf_puts(b, "</td></tr>\n");
    }
    rw_buf_puts(b, "</table>\n</details>\n");
  }
}

static int write_html(const rw_project *p, const unit_report *r, const double *sum) {
  rw_buf b = {0};
  rw_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<title>actx-rewrite report</title>\n<style>");
  rw_buf_puts(&b, css);
  rw_buf_puts(&b, "</style>\n</head>\n<body>\n<h1>actx-rewrite report: ");
  html(&b, p->build_dir);
  rw_buf_puts(&b, "</h1>\n<h2>Totals</h2>\n<table>\n");
  size_t count[RW_UNIT_SKIPPED + 1] = {0};
  for (size_t i = 0; i < p->n; i++)
    count[p->units[i].status]++;
  rw_buf_printf(&b, "<tr><th>units</th><td class=\"n\">%zu</td></tr>\n", p->n);
  for (int st = RW_UNIT_REWRITTEN; st <= RW_UNIT_SKIPPED; st++)
    rw_buf_printf(&b, "<tr><td>%s</td><td class=\"n\">%zu</td></tr>\n", status_names[st],
                  count[st]);
  rw_buf_printf(&b, "<tr><th>callback sites</th><th></th></tr>\n");
  for (int d = 0; d < NDECISIONS; d++)
    rw_buf_printf(&b, "<tr><td>%s</td><td class=\"n\">%.0f</td></tr>\n",
                  rw_decision_name((rw_decision)d), sum[d]);
  rw_buf_printf(&b, "<tr><th>may lose context</th><td class=\"n\">%.0f</td></tr>\n</table>\n",
                sum[NDECISIONS]);

  if (count[RW_UNIT_FAILED] || count[RW_UNIT_SKIPPED]) {
    rw_buf_puts(&b, "<h2>Units not rewritten</h2>\n");
    for (size_t i = 0; i < p->n; i++) {
      const rw_unit *u = &p->units[i];
      if (u->status != RW_UNIT_FAILED && u->status != RW_UNIT_SKIPPED)
        continue;
      rw_buf_printf(&b, "<h3 class=\"%s\">", status_names[u->status]);
      html(&b, u->source);
      rw_buf_printf(&b, " (%s)</h3>\n<pre>", status_names[u->status]);
      html(&b, u->error);
      rw_buf_puts(&b, "</pre>\n");
    }
  }

  rw_buf_printf(&b, "<h2>Findings: %.0f callback site%s may lose context</h2>\n", sum[NDECISIONS],
                sum[NDECISIONS] == 1 ? "" : "s");
  for (size_t i = 0; i < p->n; i++) {
    const rj_value *sites = rj_get(r[i].json, "sites");
    if (!sites || rj_get_number(rj_get(r[i].json, "summary"), "findings", 0) == 0)
      continue;
    const rw_unit *u = &p->units[i];
    size_t len = 0;
    const char *why;
    char *src = rw_read_file(u->source, &len, true, &why);
    rw_buf_puts(&b, "<h3>");
    html(&b, u->source);
    rw_buf_puts(&b, "</h3>\n");
    for (size_t k = 0; k < sites->n; k++) {
      const rj_value *loses = rj_get(&sites->items[k], "loses_context");
      if (loses && loses->type == RJ_BOOL && loses->boolean)
        html_finding(&b, u, &sites->items[k], src, len);
    }
    free(src);
  }

  rw_buf_puts(&b, "<h2>Rewritten sites</h2>\n");
  html_site_tables(&b, p, r, false);
  /* Stores that lose no context, or whose loss is reported at a call. */
  rw_buf_puts(&b, "<h2>Stores listed, not findings</h2>\n");
  html_site_tables(&b, p, r, true);
  rw_buf_puts(&b, "</body>\n</html>\n");
  char *path = rw_xasprintf("%s/actx-report.html", p->out_dir);
  int rc = rw_write_file(path, b.data, b.len);
  free(path);
  rw_buf_free(&b);
  return rc;
}

/* ------------------------------------------------ compile_commands.json */

/* Each rewritten unit's entry points at its rewritten file; -iquote keeps
 * `#include "local.h"` finding the original directory's headers, and -I
 * finds actx's.  A failed unit keeps its original entry (an IDE still sees
 * the file); a skipped duplicate is left out (its file has an entry). */
static int write_compdb(const rw_project *p) {
  rw_buf b = {0};
  rw_buf_puts(&b, "[");
  bool first = true;
  for (size_t i = 0; i < p->n; i++) {
    const rw_unit *u = &p->units[i];
    if (u->status == RW_UNIT_SKIPPED || u->status == RW_UNIT_PENDING)
      continue;
    bool rewritten = u->status != RW_UNIT_FAILED;
    const char *file = rewritten ? u->output : u->source;
    rw_buf_puts(&b, first ? "\n  {\"directory\": " : ",\n  {\"directory\": ");
    first = false;
    rj_append_string(&b, u->directory);
    rw_buf_puts(&b, ",\n   \"file\": ");
    rj_append_string(&b, file);
    rw_buf_puts(&b, ",\n   \"arguments\": [");
    for (int k = 0; k < u->nargs; k++) {
      if (k)
        rw_buf_puts(&b, ", ");
      rj_append_string(&b, k == u->source_arg && rewritten ? u->output : u->args[k]);
      if (k == 0 && rewritten) {
        char *src_dir = rw_dir_name(u->source);
        rw_buf_puts(&b, ", \"-iquote\", ");
        rj_append_string(&b, src_dir);
        free(src_dir);
        if (p->include_dir) {
          rw_buf_puts(&b, ", \"-I\", ");
          rj_append_string(&b, p->include_dir);
        }
      }
    }
    if (u->source_arg < 0 && rewritten) {
      rw_buf_puts(&b, ", ");
      rj_append_string(&b, u->output);
    }
    rw_buf_puts(&b, "]}");
  }
  rw_buf_puts(&b, first ? "]\n" : "\n]\n");
  char *path = rw_xasprintf("%s/compile_commands.json", p->out_dir);
  int rc = rw_write_file(path, b.data, b.len);
  free(path);
  rw_buf_free(&b);
  return rc;
}

int rw_project_write_outputs(const rw_project *p, size_t *findings) {
  unit_report *r = rw_xmalloc((p->n ? p->n : 1) * sizeof *r);
  load_reports(p, r);
  double sum[NDECISIONS + 1];
  totals(p, r, sum);
  *findings = (size_t)sum[NDECISIONS];
  int rc = write_json(p, r, sum) | write_compdb(p) | write_html(p, r, sum);
  for (size_t i = 0; i < p->n; i++) {
    free(r[i].text);
    rj_free(r[i].json);
  }
  free(r);
  return rc ? -1 : 0;
}
