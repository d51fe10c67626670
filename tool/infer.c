/* infer.c -- in-project inference: what the project's own functions do with
 * the callbacks they are given.
 *
 * A function defined in the file being rewritten that takes a function
 * pointer parameter is summarised from its body, one parameter at a time:
 *
 *   called       only called (or tested) before the function returns, or
 *                passed to a function whose contract says sync: its callers'
 *                sites need no binding (an inferred `sync` line);
 *   carried      passed on to a function with a contract that wraps it (or
 *                to another summarised function that does): the binding is
 *                made there, in the caller's context, so the callers' sites
 *                are handled (an inferred `ignore` line that says where);
 *   stored       assigned to a field, a global, a variable or returned: the
 *                callback outlives the call and nothing here knows its
 *                lifetime: nothing is wrapped, but an inferred `stores` line
 *                makes each caller's site left-stored naming the store (the
 *                store itself is then left-stored-param: one loss, one
 *                finding, at the call that names the function; "#!stored"
 *                for --project); --suggest-contracts writes a commented
 *                draft line;
 *   unknown      passed to a function without a contract, called through
 *                something unrecognised: no inference.
 *
 * Summaries depend on each other (f passes its callback to g): they are
 * solved by iterating to a fixed point, every parameter starting as
 * `called` and only ever moving up (called < carried < stored/unknown), so a
 * recursive function that calls its callback stays `called`.
 *
 * The inferred lines are added to the contracts in front of every loaded
 * line, so any built-in or user line for the same argument wins.
 */
#include "find.h"

#include <stdlib.h>
#include <string.h>

typedef enum { USE_CALLED, USE_CARRIED, USE_STORED, USE_UNKNOWN } use_kind;

/* One function pointer parameter of a function defined in the main file. */
typedef struct {
  CXCursor decl;   /* the ParmDecl */
  int function;    /* index into the function table */
  int index;       /* its position */
  use_kind state;  /* the solution so far */
  use_kind base;   /* the same without the calls into other files below */
  char *why;       /* for the report: where it is stored or carried */
  char *suggest;   /* carried: the mapped contract a library would need */
  rw_buf external; /* " G Q" per call passing it to another file's function G
                      as argument Q: what --project resolves (infer.h) */
  int kept;        /* stored: RW_LEFT_HOOK when every store is into a global or
                      static (fields.c's rule), else RW_LEFT_STORED; -1: none seen */
} param_info;

/* Notes one more store of p, decided as d. */
static bool keep_as(param_info *p, int d) {
  int was = p->kept;
  p->kept = p->kept < 0 || p->kept == d ? d : RW_LEFT_STORED;
  return p->kept != was;
}

typedef struct {
  CXCursor cursor;
  char *name;
} function_info;

/* A use of a parameter that depends on another summary: passed as argument
 * `callee_index` of the main file's function `callee`. */
typedef struct {
  int param;  /* index into the param table */
  int callee; /* function table index */
  int callee_index;
  unsigned line;
} dependency;

typedef struct {
  const rw_job *job;
  CXFile main_file;
  function_info *functions;
  int nfunctions, functions_cap;
  param_info *params;
  int nparams, params_cap;
  dependency *deps;
  int ndeps, deps_cap;
  CXCursor stack[256]; /* ancestors of the cursor being visited */
  int depth;
  int current_function;
} infer_state;

static unsigned line_of(CXCursor c) {
  unsigned line;
  clang_getPresumedLocation(clang_getRangeStart(clang_getCursorExtent(c)), NULL, &line, NULL);
  return line;
}

static int find_param(const infer_state *st, CXCursor decl) {
  for (int i = 0; i < st->nparams; i++)
    if (st->params[i].function == st->current_function &&
        clang_equalCursors(st->params[i].decl, decl))
      return i;
  return -1;
}

static int find_function(const infer_state *st, const char *name) {
  for (int i = 0; i < st->nfunctions; i++)
    if (strcmp(st->functions[i].name, name) == 0)
      return i;
  return -1;
}

/* Raises a parameter's state (never lowers it) and keeps the first reason
 * given at that level. */
static bool raise_state(param_info *p, use_kind k, char *why, char *suggest) {
  if (k > p->base)
    p->base = k;
  if (k <= p->state) {
    free(why);
    free(suggest);
    return false;
  }
  p->state = k;
  free(p->why);
  free(p->suggest);
  p->why = why;
  p->suggest = suggest;
  return true;
}

static bool is_transparent(enum CXCursorKind k) {
  return k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr || k == CXCursor_CStyleCastExpr;
}

/* *cb, where cb is a function pointer: the function itself (stored as
 * `o->cb = *cb`, called as `(*cb)(x)`), unlike !cb or &cb. */
static bool is_dereference_of_function(CXCursor c) {
  if (clang_getCursorKind(c) != CXCursor_UnaryOperator)
    return false;
  CXType t = clang_getCanonicalType(clang_getCursorType(c));
  return t.kind == CXType_FunctionProto || t.kind == CXType_FunctionNoProto;
}

/* The binary operator's spelling, from its tokens after the left operand. */
static char *binary_operator(CXTranslationUnit tu, CXCursor op) {
  CXCursor lhs = loc_first_child(op);
  if (clang_Cursor_isNull(lhs))
    return NULL;
  CXSourceRange lr = clang_getCursorExtent(lhs);
  CXToken *toks;
  unsigned n;
  clang_tokenize(tu, clang_getCursorExtent(op), &toks, &n);
  unsigned lhs_end;
  clang_getFileLocation(clang_getRangeEnd(lr), NULL, NULL, NULL, &lhs_end);
  char *r = NULL;
  for (unsigned i = 0; i < n && !r; i++) {
    unsigned off;
    clang_getFileLocation(clang_getTokenLocation(tu, toks[i]), NULL, NULL, NULL, &off);
    if (off >= lhs_end && clang_getTokenKind(toks[i]) == CXToken_Punctuation) {
      CXString s = clang_getTokenSpelling(tu, toks[i]);
      r = rw_xstrdup(clang_getCString(s));
      clang_disposeString(s);
    }
  }
  clang_disposeTokens(tu, toks, n);
  return r;
}

static void add_dependency(infer_state *st, int param, int callee, int callee_index,
                           unsigned line) {
  if (st->ndeps == st->deps_cap) {
    st->deps_cap = st->deps_cap ? st->deps_cap * 2 : 32;
    st->deps = rw_xrealloc(st->deps, (size_t)st->deps_cap * sizeof *st->deps);
  }
  st->deps[st->ndeps++] = (dependency){param, callee, callee_index, line};
}

/* The key of a keyed contract mapped to the wrapper's parameters: "key=M"
 * when the inner call's key argument is the wrapper's parameter M. */
static char *mapped_contract(const infer_state *st, CXCursor call, const rw_contract *c,
                             const char *wrapper, int index) {
  rw_buf b = {0};
  rw_buf_printf(&b, "%s %d %s", wrapper, index, rw_lifetime_name(c->life));
  if (c->key_param >= 0) {
    CXCursor karg = clang_Cursor_getArgument(call, (unsigned)c->key_param);
    while (is_transparent(clang_getCursorKind(karg))) {
      CXCursor inner = loc_first_child(karg);
      if (clang_Cursor_isNull(inner))
        break;
      karg = inner;
    }
    CXCursor ref = clang_getCursorReferenced(karg);
    int m = -1;
    if (clang_getCursorKind(karg) == CXCursor_DeclRefExpr &&
        clang_getCursorKind(ref) == CXCursor_ParmDecl)
      m = rw_argument_index(st->functions[st->current_function].cursor, ref);
    if (m < 0) {
      rw_buf_free(&b);
      return NULL; /* the key is not one of the wrapper's parameters */
    }
    rw_buf_printf(&b, " key=%d", m);
    if (c->slot_source == RW_SLOT_NAME && c->slot)
      rw_buf_printf(&b, " slot=%s", c->slot);
    else if (c->slot_source != RW_SLOT_NAME) {
      rw_buf_free(&b);
      return NULL; /* a slot from another argument: not mapped */
    }
  } else if (c->key_param == RW_KEY_RESULT) {
    rw_buf_free(&b);
    return NULL;
  }
  if (c->stop)
    rw_buf_printf(&b, " stop=%lld", c->stop);
  if (c->generic)
    rw_buf_puts(&b, " generic");
  return b.data;
}

/* How fields.c decides the assignment a of the parameter: into a
 * global or static variable a hook, else a store (a parameter stored into
 * an object's method field too: the setter's callers choose the function). */
static int assignment_kind(CXCursor a) {
  CXCursor lhs = loc_first_child(a);
  while (clang_getCursorKind(lhs) == CXCursor_ParenExpr) {
    CXCursor inner = loc_first_child(lhs);
    if (clang_Cursor_isNull(inner))
      break;
    lhs = inner;
  }
  CXCursor ref = clang_getCursorReferenced(lhs);
  if (clang_getCursorKind(lhs) == CXCursor_DeclRefExpr &&
      clang_getCursorKind(ref) == CXCursor_VarDecl && clang_Cursor_hasVarDeclGlobalStorage(ref))
    return RW_LEFT_HOOK;
  return RW_LEFT_STORED;
}

/* Classifies one use of parameter p: the DeclRefExpr at st->stack[depth]. */
static void classify_use(infer_state *st, int p, CXTranslationUnit tu) {
  param_info *pi = &st->params[p];
  int i = st->depth - 1; /* the DeclRefExpr */
  CXCursor child = st->stack[i];
  while (i > 0 && (is_transparent(clang_getCursorKind(st->stack[i - 1])) ||
                   is_dereference_of_function(st->stack[i - 1])))
    child = st->stack[--i];
  /* (*cb)(x): a dereference that is a call's callee is a call */
  if (i > 0 && clang_getCursorKind(st->stack[i - 1]) == CXCursor_UnaryOperator) {
    int j = i - 1;
    CXCursor through = st->stack[j];
    while (j > 0 && is_transparent(clang_getCursorKind(st->stack[j - 1])))
      through = st->stack[--j];
    if (j > 0 && clang_getCursorKind(st->stack[j - 1]) == CXCursor_CallExpr &&
        rw_argument_index(st->stack[j - 1], through) < 0)
      return;
  }
  unsigned line = line_of(st->stack[st->depth - 1]);
  const char *file = st->job->input;
  rw_buf why = {0};
  if (i == 0) {
    raise_state(pi, USE_UNKNOWN, NULL, NULL);
    return;
  }
  CXCursor a = st->stack[i - 1];
  enum CXCursorKind k = clang_getCursorKind(a);
  if (k == CXCursor_CallExpr) {
    int pos = rw_argument_index(a, child);
    if (pos < 0)
      return; /* the callee: called here */
    CXCursor callee = clang_getCursorReferenced(a);
    if (clang_Cursor_isNull(callee) || clang_getCursorKind(callee) != CXCursor_FunctionDecl) {
      rw_buf_printf(&why, "passed to a call through a pointer (%s:%u)", file, line);
      raise_state(pi, USE_UNKNOWN, why.data, NULL);
      return;
    }
    char *name = rw_cursor_spelling(callee);
    const rw_contract *c = rw_contracts_find(st->job->contracts, name, pos, file);
    int local = find_function(st, name);
    if (strncmp(name, "actx_", 5) == 0) {
      /* already bound here (a rewritten file, or by hand) */
      rw_buf_printf(&why, "bound by %s (%s:%u)", name, file, line);
      raise_state(pi, USE_CARRIED, why.data, NULL);
    } else if (c && c->life == RW_LIFE_SYNC) {
      /* as good as called here */
    } else if (c && c->life == RW_LIFE_IGNORE && !c->inferred) {
      /* deliberately left alone there (signal handlers): so here */
      rw_buf_printf(&why, "passed to %s (%s:%u), whose contract ignores it", name, file, line);
      raise_state(pi, USE_CARRIED, why.data, NULL);
    } else if (c) {
      rw_buf_printf(&why, "passed to %s (%s:%u), which wraps it there", name, file, line);
      raise_state(pi, USE_CARRIED, why.data,
                  c->inferred
                      ? NULL
                      : mapped_contract(st, a, c, st->functions[pi->function].name, pi->index));
    } else if (local >= 0) {
      add_dependency(st, p, local, pos, line);
    } else {
      /* Unknown here; another unit may define it (--project resolves it). */
      rw_buf_printf(&pi->external, " %s %d", name, pos);
      rw_buf_printf(&why, "passed to %s (%s:%u), which has no contract", name, file, line);
      use_kind base = pi->base;
      raise_state(pi, USE_UNKNOWN, why.data, NULL);
      pi->base = base;
    }
    free(name);
    return;
  }
  if (k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator) {
    char *op = binary_operator(tu, a);
    bool compare = op && (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0 || strcmp(op, "&&") == 0 ||
                          strcmp(op, "||") == 0);
    bool assign = op && strcmp(op, "=") == 0;
    free(op);
    if (compare)
      return;
    if (assign) {
      rw_buf_printf(&why, "stored at %s:%u", file, line);
      raise_state(pi, USE_STORED, why.data, NULL);
      keep_as(pi, assignment_kind(a));
      return;
    }
  } else if (k == CXCursor_UnaryOperator || k == CXCursor_IfStmt || k == CXCursor_WhileStmt ||
             k == CXCursor_DoStmt || k == CXCursor_ForStmt) {
    return; /* !cb, if (cb): a test */
  } else if (k == CXCursor_ConditionalOperator) {
    /* cb ? ... : ...: a test when it is the condition */
    if (clang_equalCursors(loc_first_child(a), child))
      return;
  } else if (k == CXCursor_VarDecl || k == CXCursor_InitListExpr || k == CXCursor_ReturnStmt) {
    rw_buf_printf(&why, "%s at %s:%u",
                  k == CXCursor_ReturnStmt ? "returned" : "stored in a variable or initialiser",
                  file, line);
    raise_state(pi, USE_STORED, why.data, NULL);
    keep_as(pi, RW_LEFT_STORED);
    return;
  }
  rw_buf_printf(&why, "used in a way the tool does not follow (%s:%u)", file, line);
  raise_state(pi, USE_UNKNOWN, why.data, NULL);
}

static enum CXChildVisitResult visit_body(CXCursor c, CXCursor parent, CXClientData d);

static void walk(infer_state *st, CXCursor c, CXTranslationUnit tu) {
  if (st->depth == (int)(sizeof st->stack / sizeof *st->stack))
    return; /* deeper than any real function: not followed */
  st->stack[st->depth++] = c;
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
    CXCursor ref = clang_getCursorReferenced(c);
    if (clang_getCursorKind(ref) == CXCursor_ParmDecl) {
      int p = find_param(st, ref);
      if (p >= 0)
        classify_use(st, p, tu);
    }
  }
  void *args[2] = {st, tu};
  clang_visitChildren(c, visit_body, args);
  st->depth--;
}

static enum CXChildVisitResult visit_body(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  void **args = d;
  walk(args[0], c, args[1]);
  return CXChildVisit_Continue;
}

static enum CXChildVisitResult collect_function(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  infer_state *st = d;
  if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c))
    return CXChildVisit_Continue;
  CXFile file;
  clang_getFileLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
  if (!file || !clang_File_isEqual(file, st->main_file))
    return CXChildVisit_Continue;
  int n = clang_Cursor_getNumArguments(c);
  bool any = false;
  for (int i = 0; i < n; i++)
    any |= rw_is_function_pointer(clang_getCursorType(clang_Cursor_getArgument(c, (unsigned)i)));
  if (!any)
    return CXChildVisit_Continue;
  if (st->nfunctions == st->functions_cap) {
    st->functions_cap = st->functions_cap ? st->functions_cap * 2 : 32;
    st->functions = rw_xrealloc(st->functions, (size_t)st->functions_cap * sizeof *st->functions);
  }
  int fi = st->nfunctions++;
  st->functions[fi] = (function_info){c, rw_cursor_spelling(c)};
  for (int i = 0; i < n; i++) {
    CXCursor pd = clang_Cursor_getArgument(c, (unsigned)i);
    if (!rw_is_function_pointer(clang_getCursorType(pd)))
      continue;
    if (st->nparams == st->params_cap) {
      st->params_cap = st->params_cap ? st->params_cap * 2 : 32;
      st->params = rw_xrealloc(st->params, (size_t)st->params_cap * sizeof *st->params);
    }
    st->params[st->nparams++] =
        (param_info){pd, fi, i, USE_CALLED, USE_CALLED, NULL, NULL, {0}, -1};
  }
  return CXChildVisit_Continue;
}

/* Appends to p's external calls each " G Q" pair of `pairs` it lacks;
 * whether any was new. */
static bool add_external(param_info *p, const char *pairs) {
  bool added = false;
  char *copy = rw_xstrdup(pairs);
  char *save = NULL;
  for (char *g = strtok_r(copy, " ", &save), *q; g && (q = strtok_r(NULL, " ", &save));
       g = strtok_r(NULL, " ", &save)) {
    char *pair = rw_xasprintf(" %s %s", g, q);
    bool have = false;
    const char *at = p->external.data ? p->external.data : "";
    size_t n = strlen(pair);
    for (const char *f = strstr(at, pair); f && !have; f = strstr(f + 1, pair))
      have = f[n] == ' ' || f[n] == '\0';
    if (!have) {
      rw_buf_puts(&p->external, pair);
      added = true;
    }
    free(pair);
  }
  free(copy);
  return added;
}

/* Solves the dependencies: a parameter passed to another summarised
 * function's parameter takes at least that parameter's state. */
static void solve(infer_state *st) {
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < st->ndeps; i++) {
      const dependency *d = &st->deps[i];
      param_info *from = &st->params[d->param];
      const param_info *to = NULL;
      for (int j = 0; j < st->nparams; j++)
        if (st->params[j].function == d->callee && st->params[j].index == d->callee_index)
          to = &st->params[j];
      if (!to || to->state == USE_CALLED || to == from)
        continue;
      if (to->state == USE_UNKNOWN && to->external.len && to->base <= USE_CARRIED) {
        /* Unknown only for its calls into other files: so is this one, for
         * the same calls (--project resolves them), on top of what `to`
         * does otherwise. */
        changed |= add_external(from, to->external.data);
        if (to->base > from->base) {
          from->base = to->base;
          changed = true;
        }
        if (from->state != USE_UNKNOWN) {
          use_kind base = from->base;
          rw_buf why = {0};
          rw_buf_printf(&why, "passed to %s (%s:%u), which hands it to other files' functions",
                        st->functions[d->callee].name, st->job->input, d->line);
          raise_state(from, USE_UNKNOWN, why.data, NULL);
          from->base = base;
          changed = true;
        }
        continue;
      }
      rw_buf why = {0};
      rw_buf_printf(&why, "passed to %s (%s:%u), which %s", st->functions[d->callee].name,
                    st->job->input, d->line,
                    to->state == USE_CARRIED  ? "passes it on to be wrapped"
                    : to->state == USE_STORED ? "stores it"
                                              : "hands it to code the tool does not follow");
      changed |= raise_state(from, to->state, why.data, NULL);
      if (to->state == USE_STORED && to->kept >= 0)
        changed |= keep_as(from, to->kept);
    }
  }
}

void rw_infer(CXTranslationUnit tu, const rw_job *job, rw_contracts *into, rw_buf *suggest,
              rw_buf *exported) {
  infer_state st = {0};
  st.job = job;
  CXString spelling = clang_getTranslationUnitSpelling(tu);
  st.main_file = clang_getFile(tu, clang_getCString(spelling));
  clang_disposeString(spelling);
  clang_visitChildren(clang_getTranslationUnitCursor(tu), collect_function, &st);
  for (int f = 0; f < st.nfunctions; f++) {
    st.current_function = f;
    st.depth = 0;
    void *args[2] = {&st, tu};
    clang_visitChildren(st.functions[f].cursor, visit_body, args);
  }
  solve(&st);

  /* In front of every loaded line: those win. */
  rw_contracts inferred = {0};
  if (suggest && st.nparams)
    rw_buf_printf(suggest,
                  "# Contracts inferred by actx-rewrite from the functions %s defines.\n"
                  "# A draft: review each line before giving it to --contracts.\n",
                  job->input);
  if (exported)
    rw_buf_puts(exported, RW_INFERRED_HEADER);
  for (int i = 0; i < st.nparams; i++) {
    const param_info *p = &st.params[i];
    const char *fname = st.functions[p->function].name;
    rw_buf origin = {0};
    if (p->state == USE_CALLED)
      rw_buf_printf(&origin, "inferred: %s calls it before returning", fname);
    else if (p->state == USE_CARRIED)
      rw_buf_printf(&origin, "inferred: carried inside %s: %s", fname, p->why);
    if (suggest) {
      if (p->state == USE_CALLED)
        rw_buf_printf(suggest, "%s %d sync   # called before %s returns\n", fname, p->index, fname);
      else if (p->state == USE_CARRIED)
        rw_buf_printf(suggest,
                      "%s %d ignore # %s\n"
                      "#   (callers rewritten without this file would need: %s)\n",
                      fname, p->index, p->why, p->suggest ? p->suggest : "no mappable contract");
      else
        rw_buf_printf(suggest, "# %s %d LIFETIME  # %s: give it a lifetime (docs/contracts.md)\n",
                      fname, p->index, p->why ? p->why : "not followed");
    }
    /* Other files see only functions with external linkage: what is known,
     * and what only other files' functions can decide ("#! F P BASE G Q...":
     * BASE the state from its other uses, then each call into another file;
     * a comment to the contract parser, read by --project); static functions
     * only for the latter, their own file's sites. */
    bool external = clang_getCursorLinkage(st.functions[p->function].cursor) == CXLinkage_External;
    if (exported && origin.data && external)
      rw_buf_printf(exported, "%s %d %s # %s (in %s)\n", fname, p->index,
                    p->state == USE_CALLED ? "sync" : "ignore", origin.data, job->input);
    else if (exported && p->external.len && p->base <= USE_CARRIED)
      /* "#!s": a static function, whose sites are all in this file */
      rw_buf_printf(exported, "#!%s %s %d %s%s\n", external ? "" : "s", fname, p->index,
                    p->base == USE_CALLED ? "sync" : "ignore", p->external.data);
    /* Stored: its callers' sites are findings that name where ("#!stored F
     * P REASON" for the other units' callers, read by --project). */
    int kept = p->kept < 0 ? RW_LEFT_STORED : p->kept;
    if (p->state == USE_STORED) {
      rw_buf_printf(&origin, "passed to %s, which keeps it%s: %s", fname,
                    kept == RW_LEFT_HOOK ? " as a process-wide hook" : "",
                    p->why ? p->why : "stored");
      if (exported && external)
        rw_buf_printf(exported, "#!stored %s %d %s %s\n", fname, p->index,
                      rw_decision_name((rw_decision)kept), origin.data);
    }
    if (origin.data) {
      rw_contract c = {0};
      c.kind = RW_CONTRACT_CALLBACK;
      c.function = rw_xstrdup(fname);
      c.param = p->index;
      c.life = p->state == USE_CALLED ? RW_LIFE_SYNC : RW_LIFE_IGNORE;
      c.stores = p->state == USE_STORED;
      c.stores_as = kept;
      c.key_param = c.slot_param = c.data_param = c.data_cb_index = c.take_index = -1;
      c.origin = origin.data;
      c.inferred = true;
      if (inferred.n == inferred.cap) {
        inferred.cap = inferred.cap ? inferred.cap * 2 : 16;
        inferred.items = rw_xrealloc(inferred.items, inferred.cap * sizeof *inferred.items);
      }
      inferred.items[inferred.n++] = c;
    }
  }
  if (inferred.n) {
    into->items = rw_xrealloc(into->items, (into->n + inferred.n) * sizeof *into->items);
    memmove(into->items + inferred.n, into->items, into->n * sizeof *into->items);
    memcpy(into->items, inferred.items, inferred.n * sizeof *into->items);
    into->n += inferred.n;
    into->cap = into->n;
  }
  free(inferred.items);
  for (int i = 0; i < st.nparams; i++) {
    free(st.params[i].why);
    free(st.params[i].suggest);
    rw_buf_free(&st.params[i].external);
  }
  for (int i = 0; i < st.nfunctions; i++)
    free(st.functions[i].name);
  free(st.params);
  free(st.functions);
  free(st.deps);
}
