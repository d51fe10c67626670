/* main.c -- actx-rewrite's driver: command line, runs the pipeline stages,
 * and writes the outputs through files.c (checked distinct, atomic), output
 * first: the depfile and the report are written only once the output is. */
#include "project.h"
#include "rw.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char rw_progname[] = "actx-rewrite"; /* util.h: what its messages start with */

#ifndef RW_DOCDIR /* meson passes the installed documentation's directory */
#define RW_DOCDIR "/usr/local/share/doc/actx"
#endif

static const char usage_text[] =
    "usage: actx-rewrite [options] INPUT.c [-o OUTPUT.c] [-- COMPILER ARGS...]\n"
    "       actx-rewrite --project BUILD_DIR --out DIR [-j N] [contract options]\n"
    "\n"
    "Wraps function pointers passed as callbacks in libactx bind macros so they\n"
    "run in the asynchronous context of their registration.\n"
    "\n"
    "  -o FILE            write the rewritten source to FILE (default or '-': stdout);\n"
    "                     input, -o, -MF and --report must be different files\n"
    "  -p BUILD_DIR       take compiler arguments from BUILD_DIR/compile_commands.json\n"
    "                     (entry for INPUT, or for OUTPUT)\n"
    "  -MF FILE           write a Make-style depfile (needs -o)\n"
    "  --report FILE      write a JSON report of every callback site\n"
    "  -v                 print every callback site and its decision on stderr\n"
    "  -q, --quiet        do not warn about the sites that may lose context\n"
    "                     (by default each is a warning on stderr, tagged\n"
    "                     [actx-no-contract], [actx-macro], [actx-unsupported]...)\n"
    "  --check            write no output; warn about every site that loses context\n"
    "                     now (findings and the sites a rewrite would wrap), count\n"
    "                     the findings per tag; exit 1 if there is any\n"
    "  --diff             write nothing but a unified diff of the edited call sites\n"
    "  --contracts FILE   load callback contracts (repeatable; contracts.md)\n"
    "  --no-builtin-contracts  do not load the compiled-in contracts\n"
    "  --suggest-contracts FILE  write draft contracts for the input's own functions\n"
    "                     that take callbacks (what the tool inferred; contracts.md)\n"
    "  --inferred-out FILE  write what was inferred for functions other files can\n"
    "                     call, for --inferred (--project solves them together)\n"
    "  --inferred FILE    load contracts inferred from other files (below every other\n"
    "                     line: built-in and --contracts lines win)\n"
    "  --tls-thunks       typed thunks always take their binding through TLS\n"
    "                     (never the register ABI of ACTX_THUNK_R)\n"
    "  --project BUILD_DIR  rewrite every C unit of BUILD_DIR/compile_commands.json\n"
    "  --out DIR          ...into a tree mirrored under DIR, with DIR/compile_commands.json,\n"
    "                     DIR/actx-report.json and DIR/actx-report.html; a second run\n"
    "                     redoes only the units whose inputs changed\n"
    "  -j N               run N rewrites at a time (default: one per CPU)\n"
    "  --version          print the version\n"
    "  --help             print this help\n"
    "\n"
    "Options with a value also take it attached: -oFILE, -jN, --report=FILE, --out=DIR.\n"
    "Exit status: 0 ok, 1 findings with --check (--project: a unit failed),\n"
    "2 usage or parse errors.\n"
    "Documentation: man actx-rewrite, man actx; " RW_DOCDIR "/rewriter.md, contracts.md.\n";

typedef struct {
  const char *input;
  const char *output;
  const char *build_dir;
  const char *depfile;
  const char *report;
  const char *suggest;
  const char *inferred_out, *inferred_in;
  const char *project, *out_dir, *jobs;
  bool verbose, quiet, check, diff, builtins, tls_thunks;
  const char **contract_files;
  int ncontract_files;
  char **cc_args;
  int ncc_args;
} options;

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "actx-rewrite: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'actx-rewrite --help'.\n");
  return 2;
}

/* 0 to run, -1 to exit 0 (help/version printed), 2 on a usage error. */
static int parse_options(int argc, char **argv, options *o) {
  o->builtins = true;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **value = NULL;
    const char *attached = NULL; /* the value in -oFILE, -MFFILE, --report=FILE */
    static const char *const with_value[] = {"-o",
                                             "-p",
                                             "-MF",
                                             "--report",
                                             "--contracts",
                                             "--suggest-contracts",
                                             "--inferred-out",
                                             "--inferred",
                                             "--project",
                                             "--out",
                                             "-j",
                                             NULL};
    for (int k = 0; with_value[k]; k++) {
      size_t n = strlen(with_value[k]);
      if (strncmp(a, with_value[k], n) == 0 && a[n] != '\0') {
        if (a[1] == '-' && a[n] != '=')
          continue; /* --reportx is not --report */
        attached = a + n + (a[1] == '-');
        argv[i] = (char *)with_value[k];
        a = argv[i];
        break;
      }
    }
    if (strcmp(a, "--") == 0) {
      o->cc_args = argv + i + 1;
      o->ncc_args = argc - i - 1;
      break;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(usage_text, stdout);
      return -1;
    } else if (strcmp(a, "--version") == 0) {
      printf("actx-rewrite %s (libclang: ", RW_VERSION);
      CXString v = clang_getClangVersion();
      printf("%s)\n", clang_getCString(v));
      clang_disposeString(v);
      return -1;
    } else if (strcmp(a, "-v") == 0) {
      o->verbose = true;
    } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = true;
    } else if (strcmp(a, "--check") == 0) {
      o->check = true;
    } else if (strcmp(a, "--diff") == 0) {
      o->diff = true;
    } else if (strcmp(a, "--no-builtin-contracts") == 0) {
      o->builtins = false;
    } else if (strcmp(a, "--tls-thunks") == 0) {
      o->tls_thunks = true;
    } else if (strcmp(a, "-o") == 0) {
      value = &o->output;
    } else if (strcmp(a, "-p") == 0) {
      value = &o->build_dir;
    } else if (strcmp(a, "-MF") == 0) {
      value = &o->depfile;
    } else if (strcmp(a, "--report") == 0) {
      value = &o->report;
    } else if (strcmp(a, "--suggest-contracts") == 0) {
      value = &o->suggest;
    } else if (strcmp(a, "--inferred-out") == 0) {
      value = &o->inferred_out;
    } else if (strcmp(a, "--inferred") == 0) {
      value = &o->inferred_in;
    } else if (strcmp(a, "--project") == 0) {
      value = &o->project;
    } else if (strcmp(a, "--out") == 0) {
      value = &o->out_dir;
    } else if (strcmp(a, "-j") == 0) {
      value = &o->jobs;
    } else if (strcmp(a, "--contracts") == 0) {
      if (!attached && i + 1 >= argc)
        return usage_error("option %s needs a value", a);
      o->contract_files = rw_xrealloc(o->contract_files,
                                      (size_t)(o->ncontract_files + 1) * sizeof *o->contract_files);
      o->contract_files[o->ncontract_files++] = attached ? attached : argv[++i];
      continue;
    } else if (a[0] == '-' && a[1] != '\0') {
      return usage_error("unknown option %s", a);
    } else {
      if (o->input)
        return usage_error("more than one input file (%s)", a);
      o->input = a;
      continue;
    }
    if (value) {
      if (!attached && i + 1 >= argc)
        return usage_error("option %s needs a value", a);
      if (*value)
        return usage_error("option %s given twice", a);
      *value = attached ? attached : argv[++i];
    } else if (attached) {
      return usage_error("option %s takes no value", a);
    }
  }
  if (o->project || o->out_dir || o->jobs) {
    /* Whole-project mode: each unit's input, outputs and arguments come from
     * the database, so the single-file options have nothing to say. */
    if (!o->project || !o->out_dir)
      return usage_error("%s", "--project and --out go together");
    if (o->input || o->output || o->build_dir || o->depfile || o->report || o->suggest ||
        o->verbose || o->check || o->diff || o->cc_args)
      return usage_error("%s", "--project takes no input file and none of -o, -p, -MF, "
                               "--report, -v, --check, --diff or compiler arguments");
    if (o->jobs) {
      char *end;
      long j = strtol(o->jobs, &end, 10);
      if (*end || end == o->jobs || j < 1 || j > 4096)
        return usage_error("-j %s: not a number of jobs (1 to 4096)", o->jobs);
    }
    return 0;
  }
  if (!o->input)
    return usage_error("%s", "no input file");
  if (o->depfile && (!o->output || strcmp(o->output, "-") == 0))
    return usage_error("%s", "-MF needs -o FILE (the depfile's target)");
  if (o->check && o->diff)
    return usage_error("%s", "--check and --diff cannot be combined");
  if ((o->check || o->diff) && o->output)
    return usage_error(o->check ? "%s and -o cannot be combined (--check writes no output)"
                                : "%s and -o cannot be combined (--diff writes the diff to stdout)",
                       o->check ? "--check" : "--diff");
  bool stdout_taken = o->diff || (!o->check && (!o->output || strcmp(o->output, "-") == 0));
  if (o->report && strcmp(o->report, "-") == 0 && stdout_taken)
    return usage_error("%s", "--report - and the output cannot both go to stdout");
  return 0;
}

static int write_depfile(const options *o, CXTranslationUnit tu) {
  char **files;
  size_t n;
  rw_included_files(tu, &files, &n);
  rw_buf b = {0};
  rw_depfile_escape(&b, o->output);
  rw_buf_puts(&b, ":");
  for (size_t i = 0; i < n; i++) {
    rw_buf_puts(&b, " \\\n  ");
    rw_depfile_escape(&b, files[i]);
    free(files[i]);
  }
  for (int i = 0; i < o->ncontract_files; i++) {
    rw_buf_puts(&b, " \\\n  ");
    rw_depfile_escape(&b, o->contract_files[i]);
  }
  if (o->inferred_in) {
    rw_buf_puts(&b, " \\\n  ");
    rw_depfile_escape(&b, o->inferred_in);
  }
  rw_buf_puts(&b, "\n");
  free(files);
  int rc = rw_write_file(o->depfile, b.data, b.len);
  rw_buf_free(&b);
  return rc;
}

/* With --check: sites that lose context in this file as it stands, i.e. the
 * ones we would wrap and the ones we cannot handle. */
static size_t report_check(const rw_job *job) {
  size_t n = 0;
  for (size_t i = 0; i < job->nsites; i++) {
    const rw_site *s = &job->sites[i];
    bool unbound = s->decision == RW_WRAPPED || s->decision == RW_BOXED ||
                   s->decision == RW_RELEASE || s->decision == RW_UNWRAPPED;
    if (!unbound && !rw_site_is_finding(s))
      continue;
    n++;
    char what[64];
    if (s->store) /* api names where it was stored */
      snprintf(what, sizeof what, "stored value");
    else if (s->param < 0) /* a getter's result */
      snprintf(what, sizeof what, "result");
    else
      snprintf(what, sizeof what, "argument %d", s->param);
    char tag[72] = "";
    if (!unbound) {
      tag[0] = ' ';
      tag[1] = '[';
      rw_finding_tag(s, tag + 2, sizeof tag - 3);
      strcat(tag, "]");
    }
    fprintf(stderr, "%s:%u:%u: warning: %s %s '%s' %s%s%s%s\n", job->input, s->line, s->col, s->api,
            what, s->arg,
            s->getter ? "would show the program a binding instead of its callback"
            : s->decision == RW_RELEASE || s->life == RW_LIFE_CLOSE
                ? "releases keyed bindings: not rewritten"
                : "loses its asynchronous context",
            !unbound    ? ": "
            : s->getter ? " (actx-rewrite would unwrap it)"
                        : " (actx-rewrite would wrap it)",
            unbound ? "" : s->reason, tag);
  }
  return n;
}

/* Whether the input is compiled as C++: by its extension, or by -x c++ /
 * --driver-mode=g++ among the compiler arguments.  (libclang 14 has no call
 * that tells a translation unit's language.) */
static bool is_cplusplus(const char *input, char *const *args, int nargs) {
  static const char *const exts[] = {".cc", ".cpp", ".cxx", ".c++", ".C", ".cp", ".CPP", NULL};
  const char *dot = strrchr(input, '.');
  for (int i = 0; dot && exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  bool cxx = false;
  for (int i = 0; i < nargs; i++) {
    const char *lang = NULL;
    if (strcmp(args[i], "-x") == 0 && i + 1 < nargs)
      lang = args[++i];
    else if (strncmp(args[i], "-x", 2) == 0)
      lang = args[i] + 2;
    else if (strcmp(args[i], "--driver-mode=g++") == 0)
      cxx = true;
    if (lang) /* the last -x before the file wins */
      cxx = strncmp(lang, "c++", 3) == 0 || strncmp(lang, "objective-c++", 13) == 0;
  }
  return cxx;
}

int main(int argc, char **argv) {
  options o = {0};
  int rc = parse_options(argc, argv, &o);
  if (rc)
    return rc < 0 ? 0 : rc;

  if (o.project) {
    rw_files_init();
    rw_project_options po = {
        .build_dir = o.project,
        .out_dir = o.out_dir,
        .jobs = o.jobs ? atoi(o.jobs) : 0,
        .no_builtins = !o.builtins,
        .tls_thunks = o.tls_thunks,
        .contract_files = o.contract_files,
        .ncontract_files = o.ncontract_files,
    };
    return rw_project_run(&po);
  }

  rw_contracts contracts = {0};
  /* Inferred from other files first: every other line wins over them. */
  if (o.inferred_in && rw_contracts_load_file(&contracts, o.inferred_in) != 0)
    return 2;
  if (o.builtins && rw_contracts_load_builtin(&contracts) != 0)
    return 2;
  for (int i = 0; i < o.ncontract_files; i++)
    if (rw_contracts_load_file(&contracts, o.contract_files[i]) != 0)
      return 2;

  /* libclang reads the input again by its name: only a regular file reads
   * the same twice. */
  size_t len;
  const char *why;
  char *source = rw_read_file(o.input, &len, true, &why);
  if (!source) {
    fprintf(stderr, "actx-rewrite: cannot read %s: %s\n", o.input, why);
    return 2;
  }
  const rw_named_path files[] = {{"the input", o.input},
                                 {"-o", o.output},
                                 {"-MF", o.depfile},
                                 {"--report", o.report},
                                 {"--suggest-contracts", o.suggest}};
  if (rw_check_distinct(files, 5) != 0)
    return 2;
  rw_files_init();

  char **args = NULL;
  int nargs = 0;
  char abs_input[PATH_MAX];
  const char *parse_path = o.input;
  if (o.build_dir) {
    if (rw_compdb_args(o.build_dir, o.input, o.output, &args, &nargs) != 0)
      return 2;
    /* The database sets -working-directory; our input is relative to ours. */
    if (!realpath(o.input, abs_input)) {
      fprintf(stderr, "actx-rewrite: %s: %s\n", o.input, strerror(errno));
      return 2;
    }
    parse_path = abs_input;
  }
  for (int i = 0; i < o.ncc_args; i++) {
    args = rw_xrealloc(args, (size_t)(nargs + 1) * sizeof *args);
    args[nargs++] = o.cc_args[i];
  }

  CXIndex index = clang_createIndex(0, 0);
  CXTranslationUnit tu = rw_parse(index, parse_path, args, nargs);
  if (!tu)
    return 2;

  rw_contracts_check(&contracts, tu);

  rw_job job = {0};
  job.input = o.input;
  job.source = source;
  job.source_len = len;
  job.contracts = &contracts;
  job.cplusplus = is_cplusplus(o.input, args, nargs);
  job.tls_thunks = o.tls_thunks;
  rw_buf suggestions = {0}, exported = {0};
  rw_infer(tu, &job, &contracts, o.suggest ? &suggestions : NULL,
           o.inferred_out ? &exported : NULL);
  rw_find(tu, &job);

  rw_buf out = {0};
  rw_splice(&job, &out);

  /* Findings are warnings, as a compiler's: on by default (--check prints
   * its own, with the sites a rewrite would wrap). */
  if (o.verbose)
    rw_report_human(&job, !o.quiet && !o.check, stderr);
  else if (!o.quiet && !o.check)
    rw_report_findings(&job, stderr);

  int status = 0;
  if (o.check) {
    status = report_check(&job) ? 1 : 0;
    rw_report_finding_counts(&job, stderr);
  } else if (o.diff) {
    rw_buf d = {0};
    rw_diff(&job, &d);
    if (d.len)
      fwrite(d.data, 1, d.len, stdout);
    rw_buf_free(&d);
  } else if (o.output) {
    if (rw_write_file(o.output, out.data, out.len) != 0)
      return 2;
    if (o.depfile && write_depfile(&o, tu) != 0)
      return 2;
  } else {
    if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
      fprintf(stderr, "actx-rewrite: cannot write the output: %s\n", strerror(errno));
      return 2;
    }
  }
  if (o.suggest &&
      rw_write_file(o.suggest, suggestions.data ? suggestions.data : "", suggestions.len) != 0)
    return 2;
  rw_buf_free(&suggestions);
  if (o.inferred_out &&
      rw_write_file(o.inferred_out, exported.data ? exported.data : "", exported.len) != 0)
    return 2;
  rw_buf_free(&exported);
  /* Last: a report describes an output that exists. */
  if (o.report) {
    rw_buf rep = {0};
    rw_report_json(&job, &rep);
    if (rw_write_file(o.report, rep.data, rep.len) != 0)
      return 2;
    rw_buf_free(&rep);
  }
  rw_buf_free(&out);
  clang_disposeTranslationUnit(tu);
  clang_disposeIndex(index);
  free(source);
  return status;
}

/* actx-rewrite is a one-shot process: like a compiler, it leaves its per-file
 * data (AST-derived sites, edits, thunks) to exit() rather than free it piece
 * by piece.  Sanitizer builds are told so; the library keeps leak checking. */
#if defined(__SANITIZE_ADDRESS__)
const char *__asan_default_options(void);
const char *__asan_default_options(void) {
  return "detect_leaks=0";
}
#endif
