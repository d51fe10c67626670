/* contract_check.c -- each contract line checked against the declarations the
 * translation unit makes: an index past a function's parameters, a callback
 * argument, type rule or field that is not a function pointer, a key that is
 * neither a pointer nor an integer, a getter's out-parameter that is not a
 * pointer to a function pointer.  Warnings, once per line, named by the
 * line's origin ("FILE:LINE: warning: ...").  A contract whose function or
 * type the unit does not declare is normal (packs cover many headers) and
 * says nothing.
 */
#include "rw.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  const rw_contracts *cs;
  const rw_contract **sorted; /* by name: function, type rule's type, field rule's record */
  size_t n;
  bool *warned; /* per contract line (index into cs->items) */
} checker;

static const char *name_of(const rw_contract *c) {
  return c->kind == RW_CONTRACT_FIELD ? c->type : c->function;
}

static int by_name(const void *a, const void *b) {
  const rw_contract *x = *(const rw_contract *const *)a, *y = *(const rw_contract *const *)b;
  int d = strcmp(name_of(x), name_of(y));
  return d ? d : (x < y ? -1 : x > y);
}

static void warn(checker *k, const rw_contract *c, const char *msg) {
  size_t i = (size_t)(c - k->cs->items);
  if (k->warned[i])
    return;
  k->warned[i] = true;
  fprintf(stderr, "%s: warning: %s\n", c->origin, msg);
}

static bool fn_type_of(CXType t, CXType *fn) {
  CXType c = clang_getCanonicalType(t);
  if (c.kind == CXType_Pointer)
    c = clang_getCanonicalType(clang_getPointeeType(c));
  *fn = c;
  return c.kind == CXType_FunctionProto || c.kind == CXType_FunctionNoProto;
}

static bool is_pointer_to_function_pointer(CXType t) {
  CXType c = clang_getCanonicalType(t);
  return c.kind == CXType_Pointer && rw_is_function_pointer(clang_getPointeeType(c));
}

/* Why index n (what it is: "key=", "slot=$"...) cannot name a parameter of a
 * function with nparams parameters, or NULL. */
static char *past(const rw_contract *c, const char *what, int n, int nparams) {
  return rw_xasprintf("%s: %s%d is past its parameters (it has %d)", c->function, what, n, nparams);
}

static void check_key(checker *k, const rw_contract *c, CXType fn, int n, int nparams,
                      const char *what) {
  if (n < 0)
    return;
  if (n >= nparams) {
    char *m = past(c, what, n, nparams);
    warn(k, c, m);
    free(m);
    return;
  }
  const char *refused = NULL;
  rw_key_conversion(clang_getArgType(fn, (unsigned)n), &refused);
  if (refused) {
    char *m = rw_xasprintf("%s: the key, argument %d: %s", c->function, n, refused);
    warn(k, c, m);
    free(m);
  }
}

static void check_index(checker *k, const rw_contract *c, const char *what, int n, int nparams) {
  if (n >= 0 && n >= nparams) {
    char *m = past(c, what, n, nparams);
    warn(k, c, m);
    free(m);
  }
}

/* A line about function `decl` (of type fn). */
static void check_function(checker *k, const rw_contract *c, CXType fn) {
  if (fn.kind != CXType_FunctionProto)
    return; /* K&R: nothing to count */
  int nparams = clang_getNumArgTypes(fn);
  bool variadic = clang_isFunctionTypeVariadic(fn);
  switch (c->kind) {
  case RW_CONTRACT_CALLBACK: {
    if (c->param >= nparams) {
      if (!variadic) {
        char *m = past(c, "callback argument ", c->param, nparams);
        warn(k, c, m);
        free(m);
      }
      return;
    }
    CXType cb = clang_getArgType(fn, (unsigned)c->param), cbfn;
    if (!fn_type_of(cb, &cbfn) || clang_getCanonicalType(cb).kind != CXType_Pointer) {
      CXString s = clang_getTypeSpelling(cb);
      char *m = rw_xasprintf("%s: argument %d is not a function pointer (%s)", c->function,
                             c->param, clang_getCString(s));
      clang_disposeString(s);
      warn(k, c, m);
      free(m);
      return;
    }
    if (c->key_param >= 0)
      check_key(k, c, fn, c->key_param, nparams, "key=");
    if (c->slot_source != RW_SLOT_NAME)
      check_index(k, c, c->slot_source == RW_SLOT_BITS ? "slot=bits$" : "slot=$", c->slot_param,
                  nparams);
    check_index(k, c, "data=", c->data_param, nparams);
    if (c->data_param >= 0 && !c->generic && cbfn.kind == CXType_FunctionProto &&
        c->data_cb_index >= clang_getNumArgTypes(cbfn)) {
      char *m = rw_xasprintf("%s: data=%d:%d: the callback has no parameter %d", c->function,
                             c->data_param, c->data_cb_index, c->data_cb_index);
      warn(k, c, m);
      free(m);
    }
    return;
  }
  case RW_CONTRACT_RELEASE:
    check_key(k, c, fn, c->param, nparams, "release ");
    if (c->slot_source != RW_SLOT_NAME)
      check_index(k, c, c->slot_source == RW_SLOT_BITS ? "slot=bits$" : "slot=$", c->slot_param,
                  nparams);
    return;
  case RW_CONTRACT_CARRY: check_index(k, c, "carry ", c->param, nparams); return;
  case RW_CONTRACT_DROP: check_index(k, c, "drop ", c->param, nparams); return;
  case RW_CONTRACT_GETTER:
    for (int i = 0; i < c->n_getter_out; i++) {
      int n = c->getter_out[i];
      if (n >= nparams) {
        check_index(k, c, "out=", n, nparams);
      } else if (!is_pointer_to_function_pointer(clang_getArgType(fn, (unsigned)n))) {
        char *m = rw_xasprintf("%s: out=%d is not a pointer to a function pointer", c->function, n);
        warn(k, c, m);
        free(m);
      }
    }
    return;
  default: return;
  }
}

typedef struct {
  const char *field;
  bool found, fnptr;
} field_search;

static enum CXChildVisitResult find_field(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  field_search *s = d;
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (kind == CXCursor_FieldDecl) {
    CXString n = clang_getCursorSpelling(c);
    if (strcmp(clang_getCString(n), s->field) == 0) {
      s->found = true;
      s->fnptr = rw_is_function_pointer(clang_getCursorType(c));
    }
    clang_disposeString(n);
  } else if (kind == CXCursor_StructDecl || kind == CXCursor_UnionDecl) {
    /* A nested record: anonymous ones' fields are the record's, and a
     * header may reach a named member's field through a macro (glibc's
     * `#define sa_handler __sigaction_handler.sa_handler`). */
    clang_visitChildren(c, find_field, d);
  }
  return s->found ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* A field rule about record `record` (a definition). */
static void check_field(checker *k, const rw_contract *c, CXCursor record) {
  field_search s = {c->field, false, false};
  clang_visitChildren(record, find_field, &s);
  char *m = NULL;
  if (!s.found)
    m = rw_xasprintf("field rule: %s has no field %s", c->type, c->field);
  else if (!s.fnptr)
    m = rw_xasprintf("field rule: %s.%s is not a function pointer", c->type, c->field);
  if (m)
    warn(k, c, m);
  free(m);
}

/* The complete record a typedef or tag declaration names, or a null cursor. */
static CXCursor record_definition(CXCursor decl) {
  CXType t = clang_getCanonicalType(clang_getCursorType(decl));
  if (clang_getCursorKind(decl) == CXCursor_TypedefDecl)
    t = clang_getCanonicalType(clang_getTypedefDeclUnderlyingType(decl));
  if (t.kind != CXType_Record)
    return clang_getNullCursor();
  return clang_getCursorDefinition(clang_getTypeDeclaration(t));
}

static void check_decl(checker *k, CXCursor decl, const char *name) {
  /* The first line with this name: sorted by name, then by address. */
  size_t lo = 0, hi = k->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (strcmp(name_of(k->sorted[mid]), name) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  enum CXCursorKind kind = clang_getCursorKind(decl);
  for (size_t i = lo; i < k->n && strcmp(name_of(k->sorted[i]), name) == 0; i++) {
    const rw_contract *c = k->sorted[i];
    if (c->kind == RW_CONTRACT_FIELD) {
      if (kind != CXCursor_FunctionDecl) {
        CXCursor def = record_definition(decl);
        if (!clang_Cursor_isNull(def))
          check_field(k, c, def);
      }
    } else if (c->kind == RW_CONTRACT_TYPE) {
      CXType fn;
      if (kind != CXCursor_TypedefDecl)
        continue;
      char *m = NULL;
      if (!fn_type_of(clang_getTypedefDeclUnderlyingType(decl), &fn))
        m = rw_xasprintf("type rule: %s is not a function pointer type", name);
      else if (c->data_param != -1 && fn.kind == CXType_FunctionProto &&
               c->data_cb_index >= clang_getNumArgTypes(fn))
        m = rw_xasprintf("type rule: data=%+d:%d: %s has no parameter %d", c->data_param,
                         c->data_cb_index, name, c->data_cb_index);
      if (m)
        warn(k, c, m);
      free(m);
    } else if (c->kind != RW_CONTRACT_TAKE && kind == CXCursor_FunctionDecl) {
      check_function(k, c, clang_getCursorType(decl));
    }
  }
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (kind == CXCursor_LinkageSpec || kind == CXCursor_Namespace)
    return CXChildVisit_Recurse;
  if (kind != CXCursor_FunctionDecl && kind != CXCursor_TypedefDecl &&
      kind != CXCursor_StructDecl && kind != CXCursor_UnionDecl)
    return CXChildVisit_Continue;
  CXString n = clang_getCursorSpelling(c);
  const char *name = clang_getCString(n);
  if (name && *name)
    check_decl(d, c, name);
  clang_disposeString(n);
  return CXChildVisit_Continue;
}

void rw_contracts_check(const rw_contracts *cs, CXTranslationUnit tu) {
  if (!cs->n)
    return;
  checker k = {cs, rw_xmalloc(cs->n * sizeof *k.sorted), cs->n,
               rw_xmalloc(cs->n * sizeof *k.warned)};
  for (size_t i = 0; i < cs->n; i++) {
    k.sorted[i] = &cs->items[i];
    k.warned[i] = false;
  }
  qsort(k.sorted, k.n, sizeof *k.sorted, by_name);
  clang_visitChildren(clang_getTranslationUnitCursor(tu), visit, &k);
  free(k.sorted);
  free(k.warned);
}
