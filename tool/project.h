/* project.h -- whole-project mode (--project BUILD_DIR --out DIR): the units
 * of a compile_commands.json, shared by project.c (which units, where their
 * outputs go, running them) and project_report.c (the merged JSON report,
 * the HTML report and the rewritten tree's compile_commands.json). */
#ifndef ACTX_TOOL_PROJECT_H
#define ACTX_TOOL_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
  RW_UNIT_PENDING,    /* to be rewritten */
  RW_UNIT_REWRITTEN,  /* rewritten by this run */
  RW_UNIT_UP_TO_DATE, /* its stamp matched: the previous output stands */
  RW_UNIT_FAILED,     /* the rewrite exited non-zero; error says why */
  RW_UNIT_SKIPPED,    /* not rewritten (a duplicate entry); error says why */
} rw_unit_status;

typedef struct {
  char *source;    /* the real path of the unit's file: its identity, mirrored */
  char *input;     /* the path as the database lists it, made absolute without
                      resolving symlinks: what the child is given, so the
                      output's #line names the file as the build names it */
  char *directory; /* the entry's working directory */
  char **args;     /* the entry's command, compiler first, as listed */
  int nargs;
  int source_arg;     /* index of the argument naming the source, or -1 */
  char *rel;          /* the mirrored path, relative to DIR */
  char *output;       /* DIR/rel */
  char *report;       /* DIR/rel.json */
  char *depfile;      /* DIR/.actx/rel.d */
  char *stamp;        /* DIR/.actx/rel.stamp: what the output was made from */
  char *errlog;       /* DIR/.actx/rel.log: the rewrite's stderr */
  char *inferred_out; /* DIR/.actx/rel.inferred: what it infers for other units */
  char *raw_report;   /* DIR/.actx/rel.report.json: its report as its rewrite wrote it;
                         `report` is that with the inference across units */
  char *command;      /* what the stamp must say for the output to stand */
  rw_unit_status status;
  char *error; /* failed or skipped: why */
  int pid;
} rw_unit;

typedef struct {
  const char *build_dir;
  const char *out_dir; /* absolute */
  rw_unit *units;      /* in the database's order */
  size_t n;
  const char *include_dir; /* actx's headers for the rewritten tree, or NULL */
} rw_project;

/* Options forwarded to every unit's rewrite. */
typedef struct {
  const char *build_dir;
  const char *out_dir;
  int jobs; /* 0: one per CPU */
  bool no_builtins, tls_thunks;
  const char **contract_files;
  int ncontract_files;
} rw_project_options;

/* The whole run: exit status 0, 1 (a unit failed) or 2 (usage, no database). */
int rw_project_run(const rw_project_options *po);

/* project_infer.c: solves the units' inferred summaries together and writes
 * each unit's report (raw_report, with the sites they decide) to `report`.
 * 0, or -1 if a report could not be written. */
int rw_project_infer(rw_project *p);

/* project_report.c: DIR/actx-report.json, DIR/actx-report.html and
 * DIR/compile_commands.json; *findings: the sites that may lose context,
 * summed over the units.  -1 if one could not be written. */
int rw_project_write_outputs(const rw_project *p, size_t *findings);

#endif
