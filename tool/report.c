/* report.c -- what the rewriter decided for every callback site: a JSON
 * report (--report FILE) and a one-line-per-site summary on stderr (-v). */
#include "rw.h"
#include "json.h"

#include <stdio.h>
#include <string.h>

static const char *const decision_names[] = {
    [RW_WRAPPED] = "wrapped",
    [RW_BOXED] = "boxed",
    [RW_RELEASE] = "release",
    [RW_UNWRAPPED] = "unwrapped",
    [RW_LEFT_SYNC] = "left-sync",
    [RW_LEFT_NULL] = "left-null",
    [RW_LEFT_BOUND] = "left-already-bound",
    [RW_LEFT_NO_CONTRACT] = "left-no-contract",
    [RW_LEFT_MACRO] = "left-macro",
    [RW_LEFT_UNSUPPORTED] = "left-unsupported",
    [RW_LEFT_STORED] = "left-stored",
    [RW_LEFT_METHOD] = "left-method",
    [RW_LEFT_HOOK] = "left-hook",
    [RW_LEFT_STORED_PARAM] = "left-stored-param",
};

const char *rw_decision_name(rw_decision d) {
  return decision_names[d];
}

bool rw_site_is_finding(const rw_site *s) {
  return s->decision == RW_LEFT_NO_CONTRACT || s->decision == RW_LEFT_MACRO ||
         s->decision == RW_LEFT_UNSUPPORTED || s->decision == RW_LEFT_STORED;
}

void rw_finding_tag(const rw_site *s, char *buf, size_t size) {
  /* "left-no-contract" -> "actx-no-contract": a decision added later gets
   * its tag from its JSON name. */
  const char *name = decision_names[s->decision];
  if (strncmp(name, "left-", 5) == 0)
    name += 5;
  snprintf(buf, size, "actx-%s", name);
}

/* One finding as a compiler's warning. */
static void print_finding(const rw_job *job, const rw_site *s, FILE *to) {
  char tag[64];
  rw_finding_tag(s, tag, sizeof tag);
  if (s->store) /* the reason says what it was stored into */
    fprintf(to, "%s:%u:%u: warning: callback '%s' may lose its asynchronous context", job->input,
            s->line, s->col, s->arg);
  else if (s->param < 0 || s->getter)
    fprintf(to, "%s:%u:%u: warning: callback handed back by %s ('%s') is not mapped back",
            job->input, s->line, s->col, s->api, s->arg);
  else
    fprintf(to,
            "%s:%u:%u: warning: callback '%s' (argument %d of %s) may lose its "
            "asynchronous context",
            job->input, s->line, s->col, s->arg, s->param, s->api);
  fprintf(to, "%s%s [%s]\n", s->reason ? ": " : "", s->reason ? s->reason : "", tag);
}

void rw_report_findings(const rw_job *job, FILE *to) {
  for (size_t i = 0; i < job->nsites; i++)
    if (rw_site_is_finding(&job->sites[i]))
      print_finding(job, &job->sites[i], to);
}

void rw_report_finding_counts(const rw_job *job, FILE *to) {
  /* One count per tag, in the order the tags first appear. */
  char tags[RW_LEFT_UNSUPPORTED + 8][64];
  size_t counts[RW_LEFT_UNSUPPORTED + 8] = {0}, ntags = 0, total = 0;
  for (size_t i = 0; i < job->nsites; i++) {
    if (!rw_site_is_finding(&job->sites[i]))
      continue;
    char tag[64];
    rw_finding_tag(&job->sites[i], tag, sizeof tag);
    size_t k = 0;
    while (k < ntags && strcmp(tags[k], tag) != 0)
      k++;
    if (k == ntags && ntags < sizeof counts / sizeof *counts)
      snprintf(tags[ntags++], sizeof tags[0], "%s", tag);
    if (k < ntags)
      counts[k]++;
    total++;
  }
  fprintf(to, "%s: %zu site%s may lose context", job->input, total, total == 1 ? "" : "s");
  for (size_t k = 0; k < ntags; k++)
    fprintf(to, "%s%zu [%s]", k ? ", " : ": ", counts[k], tags[k]);
  fputc('\n', to);
}

void rw_report_json(const rw_job *job, rw_buf *out) {
  size_t counts[RW_NDECISIONS] = {0};
  size_t findings = 0;
  for (size_t i = 0; i < job->nsites; i++) {
    counts[job->sites[i].decision]++;
    findings += rw_site_is_finding(&job->sites[i]);
  }
  rw_buf_puts(out, "{\n  \"file\": ");
  rj_append_string(out, job->input);
  rw_buf_printf(out, ",\n  \"tool\": \"actx-rewrite %s\",\n  \"summary\": {", RW_VERSION);
  for (int d = 0; d < RW_NDECISIONS; d++)
    rw_buf_printf(out, "%s\"%s\": %zu", d ? ", " : "", decision_names[d], counts[d]);
  rw_buf_printf(out, ", \"findings\": %zu},\n  \"sites\": [", findings);
  for (size_t i = 0; i < job->nsites; i++) {
    const rw_site *s = &job->sites[i];
    rw_buf_printf(out, "%s\n    {\"line\": %u, \"col\": %u, \"api\": ", i ? "," : "", s->line,
                  s->col);
    rj_append_string(out, s->api);
    rw_buf_printf(out, ", \"arg_index\": %d, \"arg\": ", s->param);
    rj_append_string(out, s->arg);
    rw_buf_printf(out, ", \"decision\": \"%s\"", decision_names[s->decision]);
    if (s->decision == RW_WRAPPED || s->decision == RW_BOXED || s->decision == RW_LEFT_SYNC)
      rw_buf_printf(out, ", \"lifetime\": \"%s\"", rw_lifetime_name(s->life));
    if (s->how) {
      rw_buf_puts(out, ", \"how\": ");
      rj_append_string(out, s->how);
    }
    if (s->reason) {
      rw_buf_puts(out, ", \"reason\": ");
      rj_append_string(out, s->reason);
    }
    if (s->rule) {
      rw_buf_puts(out, ", \"rule\": ");
      rj_append_string(out, s->rule);
    }
    if (s->param_of && (s->decision == RW_LEFT_STORED || s->decision == RW_LEFT_STORED_PARAM ||
                        s->decision == RW_LEFT_NO_CONTRACT)) {
      /* --project settles it against the other units' calls */
      rw_buf_puts(out, ", \"param_of\": ");
      rj_append_string(out, s->param_of);
      rw_buf_printf(out, ", \"param_index\": %d", s->param_index);
    }
    rw_buf_printf(out, ", \"loses_context\": %s}", rw_site_is_finding(s) ? "true" : "false");
  }
  rw_buf_puts(out, job->nsites ? "\n  ]\n}\n" : "]\n}\n");
}

void rw_report_human(const rw_job *job, bool warn, FILE *to) {
  size_t counts[RW_NDECISIONS] = {0};
  size_t findings = 0;
  for (size_t i = 0; i < job->nsites; i++) {
    const rw_site *s = &job->sites[i];
    counts[s->decision]++;
    findings += rw_site_is_finding(s);
    if (warn && rw_site_is_finding(s)) {
      print_finding(job, s, to);
      continue;
    }
    if (s->store) /* api names where it was stored */
      fprintf(to, "%s:%u:%u: %s '%s': ", job->input, s->line, s->col, s->api, s->arg);
    else
      fprintf(to, "%s:%u:%u: %s arg %d '%s': ", job->input, s->line, s->col, s->api, s->param,
              s->arg);
    switch (s->decision) {
    case RW_WRAPPED:
    case RW_BOXED:
      fprintf(to, "%s, %s (%s)%s%s", s->decision == RW_BOXED ? "boxed" : "wrapped",
              rw_lifetime_name(s->life), s->how, s->reason ? "; no boxing: " : "",
              s->reason ? s->reason : "");
      break;
    case RW_RELEASE: fprintf(to, "release of its keyed bindings inserted"); break;
    case RW_UNWRAPPED:
      fprintf(to, "getter: mapped back to the program's callback (%s)", s->how);
      break;
    default:
      fprintf(to, "%s: %s", rw_site_is_finding(s) ? "may lose context" : "left alone",
              s->reason ? s->reason : decision_names[s->decision]);
    }
    fprintf(to, "%s%s%s\n", s->rule ? " [" : "", s->rule ? s->rule : "", s->rule ? "]" : "");
  }
  /* The JSON summary's fields: wrapped, boxed and findings always, every
   * other nonzero one by its JSON name in parentheses. */
  fprintf(to, "%s: %zu callback site%s, %zu wrapped, %zu boxed, %zu may lose context", job->input,
          job->nsites, job->nsites == 1 ? "" : "s", counts[RW_WRAPPED], counts[RW_BOXED], findings);
  const char *sep = " (";
  for (int d = 0; d < RW_NDECISIONS; d++) {
    if (d == RW_WRAPPED || d == RW_BOXED || !counts[d])
      continue;
    fprintf(to, "%s%zu %s", sep, counts[d], decision_names[d]);
    sep = ", ";
  }
  fprintf(to, "%s\n", sep[0] == ',' ? ")" : "");
}
