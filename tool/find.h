/* find.h -- private to the finder: the state shared by find.c (the AST walk),
 * loc.c (locations and byte ranges), text.c (argument text and the tests on
 * it) and decide.c (what to do with each site).  The rest of the tool only
 * sees rw_find() in rw.h.
 */
#ifndef ACTX_REWRITE_FIND_H
#define ACTX_REWRITE_FIND_H

#include "lex.h"
#include "rw.h"

/* A call expression of the main file, found by the walk. */
typedef struct {
  CXCursor call;
  CXCursor parent;
  CXCursor top; /* the enclosing top-level declaration */
} call_site;

/* An expression spelled in a macro argument, by where and what it is. */
typedef struct {
  size_t start, end;
  int kind;
} leaf_key;

typedef struct {
  CXCursor c, parent;
} parent_of;

typedef struct {
  rw_job *job;
  CXTranslationUnit tu;
  CXFile main_file;
  const char *src;
  size_t len;
  call_site *calls;
  size_t ncalls, calls_cap;
  struct store_site_s *stores; /* fields.c's stores, in walk order */
  size_t nstores, stores_cap;
  leaf_key *leaves; /* expressions spelled in macro arguments, sorted */
  size_t nleaves, leaves_cap;
  parent_of *parents; /* parens and implicit conversions from macro bodies */
  size_t nparents, parents_cap;
  CXCursor top;    /* during the walk */
  bool cplusplus;  /* C++: the thunk macros are C only (GNU C builtins) */
  lex_lines lines; /* the main file's, for presumed positions */
  char *caller;    /* during decide_call: the calling file for in= (decide.c) */
} finder;

/* A byte range of the main file that may be edited, or why there is none. */
typedef struct {
  bool ok;
  size_t start, end;
  const char *why; /* static, when !ok */
  CXCursor expr;   /* the expression the range belongs to */
} text_range;

/* ------------------------------------------------------------ loc.c */

typedef struct {
  bool in_main;      /* the file location is in the main file */
  bool in_macro;     /* the location itself is a macro location */
  size_t offset;     /* file location offset */
  size_t exp_offset; /* outermost expansion offset */
} loc_info;

loc_info loc_locate(const finder *f, CXSourceLocation loc);
/* The offset of the first byte of a call's extent. */
size_t loc_call_start(const finder *f, CXCursor call);
CXCursor loc_first_child(CXCursor c);
/* Where an argument of call is written, if it can be wrapped there alone. */
text_range loc_argument_range(const finder *f, CXCursor expr, CXCursor call);
/* The whole call's text for ACTX_KEYED_BY_RESULT: NULL, or why there is none. */
const char *loc_call_range(const finder *f, const call_site *cs, const char *api, text_range *r);
/* Macro reuse: f->leaves holds loc_leaf_key()s sorted by loc_leaf_cmp. */
leaf_key loc_leaf_key(const finder *f, CXCursor c);
int loc_leaf_cmp(const void *a, const void *b);
size_t loc_macro_argument_uses(const finder *f, CXCursor expr);

/* ------------------------------------------------------------ text.c */

char *text_one_line(const finder *f, size_t start, size_t end);
char *text_display(const finder *f, CXCursor expr);
/* How a report shows expr, whose editable range is r (r.ok or not): r's text
 * and start, else text_display's and where expr starts (*where). */
char *text_shown(const finder *f, CXCursor expr, text_range r, size_t *where);
bool text_is_null_constant(CXCursor c);
bool text_is_null(const char *t);
bool text_key_is_pure(const char *t);
bool text_is_string_literal(const char *t);

/* ------------------------------------------------------------ site.c */

/* Records a site for the report (once per written site: a macro expanding a
 * call twice makes two AST calls from the same text). */
rw_site *site_add(finder *f, size_t offset, const char *api, int param, const char *arg,
                  rw_decision d, rw_lifetime life, const char *how, const char *reason);
/* When value is a parameter of the function it is written in (parentheses,
 * casts and `*` aside): notes that function's name and the parameter's
 * position in s (param_of, param_index), for rw_settle_param_stores. */
void site_note_param_of(rw_site *s, CXCursor value);
/* Where thunk prototypes for the top-level declaration go: its first byte,
 * when that is real text of the main file at file scope. */
bool site_top_insert_offset(const finder *f, CXCursor top, size_t *off);
/* Notes the first edited top-level declaration (where edit.c may put the
 * #include). */
void site_note_edit_decl(finder *f, CXCursor top);
/* The file name in force at loc (#line honoured; the main file as the user
 * named it), malloc'd; and the line of a main-file offset as the compiler
 * numbers it. */
char *site_presumed_file(const finder *f, CXSourceLocation loc);
void site_presumed_line(const finder *f, size_t offset, unsigned *line);
/* Inserts open before and close after the range. */
void site_wrap(finder *f, text_range r, const char *open, const char *close);
/* Whether the statement made of `call` is followed by `what` (inserted by
 * hand or by an earlier run); *semi: its semicolon, or 0. */
bool site_statement_followed_by(const finder *f, CXCursor call, const char *what, size_t *semi);
/* Whether text can go after the call's statement: NULL, *semi, *start and
 * *braces (the statement is an if/while/for/do body), or why not. */
const char *site_call_statement(const finder *f, const call_site *cs, bool release, size_t *start,
                                size_t *semi, bool *braces);
/* Appends text after the call's statement (site_call_statement said it can). */
void site_after_statement(finder *f, const call_site *cs, size_t start, size_t semi, bool braces,
                          const char *text);
/* Whether the text before offset `at` (spaces skipped) ends with `what`. */
bool site_preceded_by(const finder *f, size_t at, const char *what);

/* ------------------------------------------------------------ getters.c */

/* A getter contract's result or out-parameters, unwrapped. */
void getters_decide_result(finder *f, const call_site *cs, const char *api);
void getters_decide_out(finder *f, const call_site *cs, const char *api, const rw_contract *c);

/* ------------------------------------------------------------ handoff.c */

/* A hand-off contract's item argument (carry) or result (take), wrapped. */
void handoff_decide_call(finder *f, const call_site *cs, const char *api);

/* ------------------------------------------------------------ decide.c */

/* Decides every argument of one call (and a release after it), adding
 * sites, insertions and thunks to f->job. */
void decide_call(finder *f, const call_site *cs);
/* fields.c's wrap: the callback value written at r, stored into a field of
 * type field_type under field rule c, becomes a stub binding of c's lifetime
 * (typed thunk unless the rule is generic or the value is cast); key and slot
 * for keyed rules.  The site is reported as `target` with param -1. */
rw_site *decide_wrap_store(finder *f, CXCursor top, CXCursor value, text_range r, CXType field_type,
                           const rw_contract *c, const char *target, const char *shown,
                           const char *key, const char *slot);

/* ------------------------------------------------------------ fields.c */

/* A store the walk found: an assignment of a function pointer, or the
 * outermost initialiser list of a declaration or compound literal. */
typedef struct store_site_s {
  CXCursor expr;      /* the BinaryOperator (store or comparison) or the InitListExpr */
  CXCursor owner;     /* initialisers: the VarDecl or CompoundLiteralExpr */
  CXCursor top;       /* the enclosing top-level declaration */
  size_t before_call; /* decided before f->calls[before_call] (source order) */
} store_site;

/* Whether the walk should keep c (of kind k) for fields_decide: a function
 * pointer assigned, an initialiser list of a declaration or compound
 * literal, or a comparison of function pointers. */
bool fields_wanted(CXCursor c, enum CXCursorKind k, CXCursor parent);
/* Decides one store: wrapped under a field rule, reported, or nothing (a
 * local, NULL, a class vtable, our own output); or a comparison of a field
 * a rule wraps, reported. */
void fields_decide(finder *f, const store_site *ss);

#endif
