/* rw.h -- private to actx-rewrite: the types shared by its pipeline stages.
 *
 * Quick tour (one file per stage, in pipeline order):
 *   main.c       command line, runs the stages, writes output/depfile/report
 *   compdb.c     compiler arguments from compile_commands.json (-p BUILD_DIR)
 *   parse.c      libclang translation unit; any error diagnostic stops the run
 *   find.c       walks the AST, collects call expressions (finder: find.h)
 *   loc.c        libclang locations -> editable byte ranges, macro reuse
 *   text.c       argument text (one-line copies), NULL/pure-key/literal tests
 *   decide.c     per argument: which lifetime and macro, or why left alone
 *   infer.c      in-project inference: the file's own functions that take
 *                callbacks (called before returning, passed on, stored)
 *   fields.c     callbacks stored into fields, globals and arrays: field
 *                rules wrap them where stored, other stores are reported
 *   getters.c    getter contracts: results and out-parameters unwrapped
 *   handoff.c    hand-off contracts: carried items and taken results wrapped
 *   site.c       what decisions write: site reports, insertions, prototypes' place
 *   contracts.c  which functions take callbacks and with which lifetime
 *                (built-ins: the packs in tool/contracts/, compiled in as strings)
 *   contract_check.c  each contract line checked against the unit's
 *                declarations (warnings named by the line)
 *   util.c       buffers, checked allocation (util.h: no libclang)
 *   files.c      reading inputs, distinct-file checks, atomic writes that
 *                leave no temporary file behind (files.h: no libclang)
 *   edit.c       (offset, text) insertions spliced into the original bytes,
 *                the #line/#include prologue, --diff
 *   emit.c       thunks (box, typed TLS, typed register): signature and
 *                register class from the callback type, prototypes, bodies
 *   lex.c        byte-level lexing for finder and editor (no libclang):
 *                comments, literals, argument ranges, directives, line table
 *   report.c     --report JSON and the -v summary
 *
 * --project (whole-project mode) runs the pipeline above once per unit of a
 * compile_commands.json, each in a child process of its own:
 *   project.c        units, mirroring, scheduling, stamps, progress (project.h)
 *   project_infer.c  inference across units: summaries solved, reports patched
 *   project_report.c merged JSON report, HTML report, the new database
 *   json.c           reads the per-unit reports back (json.h)
 *
 * actx-cc, the compiler wrapper, is another program (cc.c, cc_*.c; its tour
 * is in cc.h): it links util.c and files.c (the rw-util library) and never
 * libclang, so it includes util.h and files.h, never this header.
 */
#ifndef ACTX_REWRITE_RW_H
#define ACTX_REWRITE_RW_H

/* Buffers and allocation (util.h) and files (files.h) need no libclang:
 * actx-cc links them too. */
#include "files.h"
#include "util.h"

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define RW_VERSION "0.1.0"

/* ------------------------------------------------------------ contracts */

typedef enum {
  RW_LIFE_SYNC,        /* runs before the API returns: never wrapped */
  RW_LIFE_ONCE,        /* ACTX_ONCE: freed after its one call */
  RW_LIFE_KEYED,       /* ACTX_KEYED: owned by (key, slot) */
  RW_LIFE_UNTIL_FALSE, /* ACTX_UNTIL_FALSE: GLib-style sources */
  RW_LIFE_FOREVER,     /* ACTX_FOREVER: atexit and friends */
  RW_LIFE_IGNORE,      /* deliberately not wrapped (signal handlers...) */
  RW_LIFE_CLOSE,       /* ACTX_CLOSE_T: the last callback of the key's object;
                         its bindings are released when it runs */
} rw_lifetime;

#define RW_KEY_RESULT (-2)  /* key=result: the handle is the call's result */
#define RW_KEY_BASE (-3)    /* field rules, key=base: the object the field belongs to */
#define RW_GETTER_MAX_OUT 8 /* out-parameters one getter contract may name */

/* What a contract line is about (docs/contracts.md, "Grammar"). */
typedef enum {
  RW_CONTRACT_CALLBACK, /* FUNCTION ARG LIFETIME ...: a callback argument */
  RW_CONTRACT_RELEASE,  /* FUNCTION release N [slot=...]: releases key N (or some slots) */
  RW_CONTRACT_GETTER,   /* FUNCTION getter result|out=N,...: hands a callback back */
  RW_CONTRACT_TYPE,     /* type NAME LIFETIME ...: every parameter declared NAME */
  RW_CONTRACT_FIELD,    /* field TYPE.FIELD LIFETIME ...: stores into that field */
  RW_CONTRACT_CARRY,    /* FUNCTION carry N: argument N is an item handed off */
  RW_CONTRACT_TAKE,     /* FUNCTION take result: the call returns a handed-off item */
  RW_CONTRACT_DROP,     /* FUNCTION drop N: argument N leaves a hand-off unconsumed */
} rw_contract_kind;

/* Where a keyed binding's slot comes from. */
typedef enum {
  RW_SLOT_NAME, /* slot=NAME: a fixed name (default "cb") */
  RW_SLOT_ARG,  /* slot=$N: argument N, a string literal or an integer known at run time */
  RW_SLOT_BITS, /* slot=bits$N: every bit set in integer argument N is a slot (ae masks) */
} rw_slot_source;

typedef struct {
  rw_contract_kind kind;
  char *function;     /* callee name; type rules: the type's name; field rules: "TYPE.FIELD" */
  char *field;        /* field rules: FIELD (points into a copy of TYPE.FIELD), else NULL */
  char *type;         /* field rules: TYPE (a typedef name or a struct/union tag), else NULL */
  bool getter_result; /* getter: hands it back as its result */
  int getter_out[RW_GETTER_MAX_OUT]; /* ...or through these out-parameters */
  int n_getter_out;
  int param; /* callback: its argument index; release: the key's index; carry: the
                item's index; -1 for type, field, take and getter lines */
  rw_lifetime life;
  int key_param;              /* keyed, close: argument naming the key, RW_KEY_RESULT (keyed;
                      any scalar result), RW_KEY_BASE (field rules) or -1 */
  rw_slot_source slot_source; /* keyed, release: where the slot comes from */
  char *slot;                 /* RW_SLOT_NAME: the name (release: NULL = every slot) */
  int slot_param;             /* RW_SLOT_ARG, RW_SLOT_BITS: the argument, else -1 */
  int data_param;             /* user-data argument handed back to the callback, or -1 */
  bool data_relative;         /* type rules: data_param is an offset from the callback's
                                 position (data=+D:K or data=-D:K) */
  int data_cb_index;          /* ...as this parameter of the callback */
  bool generic;               /* the declared callback type is a placeholder (GCallback):
                                 only the signature-agnostic stub is correct */
  long long stop;             /* until-false: the result that ends it (stop=V, default 0) */
  int take_index;             /* take=K: the callback's parameter K is a handed-off item
                                 whose context is entered around the call, or -1 */
  int when_param;             /* when=$N=VALUE (callback lines): only where argument N */
  char *when_value;           /*   is spelled VALUE (an option's name), else -1 and NULL */
  char **in;                  /* in=GLOB,...: only for callers in matching files */
  int n_in;                   /*   (none: every caller) */
  char *origin;               /* "FILE:LINE" where the contract was read; inferred
                                 lines: what was inferred and from where */
  bool inferred;              /* made by infer.c from the project's own code */
  bool stores;                /* inferred: the function stores this callback (origin says
                                 where): its callers' sites are decided stores_as... */
  int stores_as;              /* ...left-stored (naming it), or left-hook / left-method
                                 when every store is one (an rw_decision) */
} rw_contract;

typedef struct {
  rw_contract *items;
  size_t n;
  size_t cap;
} rw_contracts;

/* The first line of a contract file written by --inferred-out: its lines
 * are marked inferred and their comments kept as the reasons. */
#define RW_INFERRED_HEADER "# actx-rewrite: inferred contracts (written by --inferred-out)\n"

const char *rw_lifetime_name(rw_lifetime life);
/* Parses contract text; on error prints "ORIGIN:LINE: message" and returns -1. */
int rw_contracts_parse(rw_contracts *cs, const char *text, const char *origin);
int rw_contracts_load_file(rw_contracts *cs, const char *path);
/* The built-in packs (the files in tool/contracts/), in load order, ended by
 * {NULL, NULL}: generated by tool/embed_contracts.py. */
typedef struct {
  const char *name; /* "libuv.contracts": a contract's origin is NAME:LINE */
  const char *text;
} rw_builtin_pack;
extern const rw_builtin_pack rw_builtin_packs[];
int rw_contracts_load_builtin(rw_contracts *cs);
/* Lookups.  `file` is the calling file as the tool names it (the input
 * path): lines with in= patterns apply only to callers in matching files.
 * The last line loaded that applies wins (so user files override built-ins);
 * NULL when none. */
const rw_contract *rw_contracts_find(const rw_contracts *cs, const char *function, int param,
                                     const char *file);
/* rw_contracts_find for one call whose argument i is spelled args[i] (one
 * line, NULL where it is not written in the file): lines with when=$N=VALUE
 * apply only where argument N is spelled VALUE (rw_contracts_find skips
 * them).  rw_contracts_have_when says whether any line for function has one. */
const rw_contract *rw_contracts_find_call(const rw_contracts *cs, const char *function, int param,
                                          const char *file, char *const *args, int nargs);
bool rw_contracts_have_when(const rw_contracts *cs, const char *function);
const rw_contract *rw_contracts_find_release(const rw_contracts *cs, const char *function,
                                             const char *file);
const rw_contract *rw_contracts_find_getter(const rw_contracts *cs, const char *function,
                                            const char *file);
/* type rules: by the parameter's declared type name (a typedef) */
const rw_contract *rw_contracts_find_type(const rw_contracts *cs, const char *type_name,
                                          const char *file);
/* field rules: by the field's record, named by typedef or by tag (either may be NULL) */
const rw_contract *rw_contracts_find_field(const rw_contracts *cs, const char *typedef_name,
                                           const char *tag, const char *field, const char *file);
const rw_contract *rw_contracts_find_carry(const rw_contracts *cs, const char *function,
                                           const char *file);
const rw_contract *rw_contracts_find_take(const rw_contracts *cs, const char *function,
                                          const char *file);
const rw_contract *rw_contracts_find_drop(const rw_contracts *cs, const char *function,
                                          const char *file);
/* Whether contract c applies to a caller in `file` (its in= patterns). */
bool rw_contract_applies(const rw_contract *c, const char *file);
/* contract_check.c: warns on stderr, "ORIGIN: warning: ...", once per line
 * that does not fit the declarations of tu (an index past a function's
 * parameters, a callback, type or field that is no function pointer...). */
void rw_contracts_check(const rw_contracts *cs, CXTranslationUnit tu);

/* ------------------------------------------------------------ sites */

typedef enum {
  RW_WRAPPED,           /* wrapped with a stub binding macro */
  RW_BOXED,             /* user-data boxing with an emitted thunk */
  RW_RELEASE,           /* release statement inserted after a keyed API's release call */
  RW_UNWRAPPED,         /* a getter's callback mapped back to the program's (actx_unwrap_fn) */
  RW_LEFT_SYNC,         /* synchronous API (or deliberately ignored) */
  RW_LEFT_NULL,         /* NULL callback */
  RW_LEFT_BOUND,        /* already an ACTX_* expression */
  RW_LEFT_NO_CONTRACT,  /* callee has no contract for this argument */
  RW_LEFT_MACRO,        /* spelled inside a macro the tool cannot edit safely */
  RW_LEFT_UNSUPPORTED,  /* contract known but no safe edit (reason says why) */
  RW_LEFT_STORED,       /* stored into a field, global or array element no rule
                          covers, or where no wrap can go (fields.c; reason says where) */
  RW_LEFT_METHOD,       /* a method of an object (a record with two or more function
                          pointer fields, the function taking a pointer to it): runs in
                          its caller's context, like a vtable's (fields.c) */
  RW_LEFT_HOOK,         /* stored into a global or static function pointer: one slot
                          serving the whole process (a hook, a strategy) */
  RW_LEFT_STORED_PARAM, /* a function's parameter stored: reported at the calls that
                           pass a function to it instead (one loss, one finding) */
} rw_decision;
#define RW_NDECISIONS (RW_LEFT_STORED_PARAM + 1)

typedef struct {
  unsigned line, col; /* presumed location (the original file's numbering) */
  char *api;          /* callee name, or "(indirect call)" */
  int param;          /* argument index */
  char *arg;          /* the argument's text as written */
  rw_decision decision;
  rw_lifetime life; /* for wrapped/boxed/sync */
  char *how;        /* the macro used, e.g. "ACTX_KEYED" */
  char *reason;     /* why (for left-alone sites), or extra detail */
  bool getter;      /* a getter's result (param -1) or out-parameter */
  char *rule;       /* the rule that decided it when no per-function line did:
                       "ORIGIN: type NAME", else NULL */
  bool store;       /* a store (param -1; fields.c): api names what it was stored into */
  char *param_of;   /* left-stored of a parameter of the enclosing function (a store, or
                       passed to a function that stores it): that function's name... */
  int param_index;  /* ...and the parameter's position; the calls passing it are the
                       findings (rw_settle_param_stores) */
} rw_site;

/* A site loses context unless it was handled or needs no handling. */
bool rw_site_is_finding(const rw_site *s);
const char *rw_decision_name(rw_decision d);

/* ------------------------------------------------------------ edits */

typedef struct {
  size_t offset; /* byte offset in the original main file */
  int rank;      /* orders insertions at one offset (see edit.c) */
  unsigned seq;  /* creation order, the final tie-break: deterministic */
  char *text;
} rw_insert;

typedef struct {
  rw_insert *items;
  size_t n;
  size_t cap;
} rw_inserts;

/* Ranks: at one offset, closing text of an earlier wrap comes before the
 * opening text of a later one; prototypes and includes come before both. */
enum { RW_RANK_INCLUDE = 0, RW_RANK_PROLOGUE = 1, RW_RANK_CLOSE = 2, RW_RANK_OPEN = 3 };

void rw_inserts_add(rw_inserts *ins, size_t offset, int rank, const char *text);

/* A thunk the output needs, one per distinct (signature, box index): a box
 * thunk (ACTX_BOX_THUNK) when box_index >= 0, a close helper (ACTX_CLOSE_FN)
 * when it is RW_THUNK_CLOSE, else a typed stub thunk (ACTX_THUNK) used
 * through ACTX_*_T. */
#define RW_THUNK_CLOSE (-2)
typedef struct {
  unsigned id;  /* actx_thunk_<id> */
  char *ret;    /* return type spelling */
  char *params; /* "(T0 actx__a0, void *actx__a1)" */
  char *args;   /* "(actx__a0, actx__a1)" */
  int box_index;
  int reg;             /* typed stub thunk: binding in integer argument
                              register `reg` (ACTX_THUNK_R), or -1: TLS hand-off */
  int take_index;      /* take=K: parameter K is a handed-off item whose context
                              the thunk enters (the *_TAKE_* bodies), or -1 */
  char *signature_key; /* dedupe key */
  unsigned line;       /* its body's #line: the line of the first site that uses it */
  char *file;          /* ... and the file name in force there (NULL: no #line) */
} rw_thunk;

typedef struct {
  rw_thunk *items;
  size_t n;
  size_t cap;
  unsigned first_id; /* above any actx_thunk_N already in the input */
} rw_thunks;

/* Returns the thunk for this signature, adding it if new (*added = true). */
const rw_thunk *rw_thunks_intern(rw_thunks *th, const char *ret, const char *params,
                                 const char *args, int box_index, int reg, int take_index,
                                 bool *added);
char *rw_thunk_decl(const rw_thunk *t); /* "ACTX_[BOX_]THUNK_DECL(...); " */
/* Records where the first site that uses t is (the body's #line). */
void rw_thunk_set_origin(rw_thunks *th, const rw_thunk *t, unsigned line, const char *file);
void rw_thunks_emit(const rw_thunks *th, rw_buf *out, bool need_leading_newline);

/* ------------------------------------------------------------ pipeline */

typedef struct {
  const char *input;  /* path as given: named in #line */
  const char *source; /* the original bytes */
  size_t source_len;
  rw_contracts *contracts;
  bool cplusplus;  /* parsed as C++ (extension or -x c++) */
  bool tls_thunks; /* --tls-thunks: never the register thunk ABI */
  /* Results of find.c: */
  rw_site *sites;
  size_t nsites, sites_cap;
  rw_inserts inserts;
  rw_thunks thunks;
  size_t first_edit_decl; /* start of the first top-level decl with an edit */
  bool have_edit_decl;
  unsigned first_edit_line; /* its presumed line and file, for the #line */
  char *first_edit_file;    /*   that follows the inserted #include */
  struct rw_result_call {   /* calls wrapped in ACTX_KEYED_BY_RESULT[_N] */
    size_t start, end;      /*   the call's text */
    unsigned number;        /*   its n (rw_result_number) */
  } * results;
  size_t nresults, results_cap;
} rw_job;

/* site.c, after rw_find's decisions: sites storing a parameter of their function (param_of) become
 * left-stored-param, no finding, where the job has a call of that function
 * for that parameter: the call site is the one finding for the loss. */
void rw_settle_param_stores(rw_job *job);

/* compdb.c: fills args (malloc'ed strings) for the input from BUILD_DIR's
 * compile_commands.json.  0, or -1 after printing why. */
int rw_compdb_args(const char *build_dir, const char *input, const char *output, char ***args,
                   int *nargs);
/* Whether argument arg of an entry run in dir names the entry's source
 * `listed` (spellings differ between producers: compared as paths). */
bool rw_compdb_names_source(const char *arg, const char *listed, const char *dir);

/* parse.c: parses input with args; on any error diagnostic prints them as
 * "file:line:col: error: message" and returns NULL. */
CXTranslationUnit rw_parse(CXIndex index, const char *input, char *const *args, int nargs);
/* A cursor's spelling as a string of our own (libclang's disposed of). */
char *rw_cursor_spelling(CXCursor c);
/* The position of `c` among the arguments of a call, or the parameters of a
 * function declaration; -1 when it is none of them. */
int rw_argument_index(CXCursor call_or_function, CXCursor c);
/* Every file the translation unit read, main file first (for -MF). */
void rw_included_files(CXTranslationUnit tu, char ***files, size_t *n);

/* find.c (with loc.c, text.c, decide.c): walks the translation unit, fills
 * job sites/inserts/thunks. */
void rw_find(CXTranslationUnit tu, rw_job *job);

/* infer.c: summarises the main file's functions that take callbacks and puts
 * what it can infer (sync, or carried inside) in front of `into`, so loaded
 * lines win; with suggest, also writes the draft contract file; with
 * exported, the lines for functions other files can call (--inferred-out:
 * a contract file starting with RW_INFERRED_HEADER, whose comments are the
 * reasons the report gives). */
void rw_infer(CXTranslationUnit tu, const rw_job *job, rw_contracts *into, rw_buf *suggest,
              rw_buf *exported);

/* emit.c, from a callback type: the thunk for a callback of type fnptr
 * (interned in job->thunks): a box thunk whose parameter box_index is the user
 * data, a close helper (RW_THUNK_CLOSE), or (box_index == -1) a typed stub
 * thunk, on the register ABI unless job->tls_thunks.  NULL and *why when the
 * signature cannot be written out. */
const rw_thunk *rw_thunk_for(rw_job *job, CXType fnptr, int box_index, bool *added,
                             const char **why);
/* The same for a callback line with take=K (take_index K, or -1 for none):
 * the thunk also enters the context of the item its parameter K is. */
const rw_thunk *rw_thunk_for_take(rw_job *job, CXType fnptr, int box_index, int take_index,
                                  bool *added, const char **why);
bool rw_is_function_pointer(CXType t);
/* A key argument of type t: the macro converting it to an address
 * ("ACTX_INT_KEY" for integers), NULL when it is one already; or NULL and
 * *refused saying why it cannot be a key. */
const char *rw_key_conversion(CXType t, const char **refused);
/* Above any actx_thunk_N already in src, so a second run reuses no name. */
unsigned rw_thunks_first_free_id(const char *src);

/* edit.c */
/* Writes `#line LINE "FILE"` and a newline, the name escaped as in a string literal. */
void rw_line_directive(rw_buf *out, unsigned line, const char *file);
bool rw_has_edits(const rw_job *job);
/* The n of ACTX_KEYED_BY_RESULT_N for the call whose text is [start, end):
 * 0 unless it nests with a call already numbered. */
unsigned rw_result_number(rw_job *job, size_t start, size_t end);
void rw_splice(rw_job *job, rw_buf *out);
void rw_diff(const rw_job *job, rw_buf *out);

/* report.c */
void rw_report_json(const rw_job *job, rw_buf *out);
/* -v: one line per site, then the summary; with warn, a finding's line is
 * its warning (rw_report_findings' form), so it is said once. */
void rw_report_human(const rw_job *job, bool warn, FILE *to);
/* Every site that may lose context as a compiler-style warning,
 * "FILE:LINE:COL: warning: ... [actx-TAG]" (printed unless -q). */
void rw_report_findings(const rw_job *job, FILE *to);
/* "FILE: N sites may lose context: 2 [actx-no-contract], 1 [actx-macro]" */
void rw_report_finding_counts(const rw_job *job, FILE *to);
/* A finding's tag: "actx-" and its decision's name without "left-"
 * ("actx-no-contract", "actx-macro", "actx-unsupported"). */
void rw_finding_tag(const rw_site *s, char *buf, size_t size);

#endif
