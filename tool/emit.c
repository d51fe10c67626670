/* emit.c -- typed thunks: box thunks for user-data boxing, typed stub
 * thunks for stub bindings of a known signature, and close helpers; from the
 * callback's type (its signature, and which register can carry the binding)
 * to the thunk's prototype and body.
 *
 * One thunk per distinct (signature, box parameter, register).  Its prototype
 * shares a line with the first top-level declaration that uses it (inserted
 * by decide.c), so it sees the user's types and moves no line; its body is
 * written after the file's last line, where it moves nothing either, after a
 * #line naming the first site that uses it (debuggers need line information
 * inside the user's file).
 *
 * The signature classification below (register_for_binding) must agree with
 * the runtime: ACTX_THUNK_R in include/actx_bind.h and the actx__shim_gpK
 * stubs (runtime/bind.c, runtime/stubs-*.S) put the binding in integer
 * argument register k, the first one the callback's own parameters leave
 * free.  Change one side, change the other (tests/rewrite/thunk_abi*).
 */
#include "rw.h"

#include <stdlib.h>
#include <string.h>

const rw_thunk *rw_thunks_intern(rw_thunks *th, const char *ret, const char *params,
                                 const char *args, int box_index, int reg, int take_index,
                                 bool *added) {
  rw_buf key = {0};
  rw_buf_printf(&key, "%s %s %d %d %d", ret, params, box_index, reg, take_index);
  for (size_t i = 0; i < th->n; i++)
    if (strcmp(th->items[i].signature_key, key.data) == 0) {
      rw_buf_free(&key);
      *added = false;
      return &th->items[i];
    }
  if (th->n == th->cap) {
    th->cap = th->cap ? th->cap * 2 : 8;
    th->items = rw_xrealloc(th->items, th->cap * sizeof *th->items);
  }
  rw_thunk *t = &th->items[th->n];
  t->id = th->first_id + (unsigned)th->n;
  t->ret = rw_xstrdup(ret);
  t->params = rw_xstrdup(params);
  t->args = rw_xstrdup(args);
  t->box_index = box_index;
  t->reg = reg;
  t->take_index = take_index;
  t->signature_key = key.data;
  t->line = 0;
  t->file = NULL;
  th->n++;
  *added = true;
  return t;
}

char *rw_thunk_decl(const rw_thunk *t) {
  rw_buf b = {0};
  if (t->box_index == RW_THUNK_CLOSE)
    rw_buf_printf(&b, "ACTX_CLOSE_FN_DECL(actx_thunk_%u, %s); ", t->id, t->params);
  else if (t->box_index >= 0)
    rw_buf_printf(&b, "ACTX_BOX_THUNK_DECL(actx_thunk_%u, %s, %s); ", t->id, t->ret, t->params);
  else if (t->reg >= 0)
    rw_buf_printf(&b, "ACTX_THUNK_R_DECL(actx_thunk_%u, %d, %s, %s); ", t->id, t->reg, t->ret,
                  t->params);
  else
    rw_buf_printf(&b, "ACTX_THUNK_DECL(actx_thunk_%u, %s, %s); ", t->id, t->ret, t->params);
  return b.data;
}

/* The body of a take thunk (take=K): the *_TAKE_* twin of each body below,
 * with K (and, for a box, the user data's index before it). */
static void emit_take_body(rw_buf *out, const rw_thunk *t, bool v) {
  const char *kind = t->box_index >= 0 ? "BOX_THUNK" : t->reg >= 0 ? "THUNK_R" : "THUNK";
  rw_buf_printf(out, "ACTX_%s_TAKE_%sBODY(actx_thunk_%u, ", kind, v ? "VOID_" : "", t->id);
  if (!v)
    rw_buf_printf(out, "%s, ", t->ret);
  rw_buf_printf(out, "%s, %s, ", t->params, t->args);
  if (t->box_index >= 0)
    rw_buf_printf(out, "%d, ", t->box_index);
  rw_buf_printf(out, "%d)\n", t->take_index);
}

void rw_thunk_set_origin(rw_thunks *th, const rw_thunk *t, unsigned line, const char *file) {
  rw_thunk *m = &th->items[t - th->items];
  m->line = line;
  free(m->file);
  m->file = rw_xstrdup(file);
}

void rw_thunks_emit(const rw_thunks *th, rw_buf *out, bool need_leading_newline) {
  if (need_leading_newline)
    rw_buf_puts(out, "\n");
  rw_buf_puts(out, "/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */\n");
  for (size_t i = 0; i < th->n; i++) {
    const rw_thunk *t = &th->items[i];
    /* A void callback's thunk calls it as a statement: `return f();` in a
     * void function is not ISO C (-Wpedantic). */
    bool v = strcmp(t->ret, "void") == 0;
    /* The body's code (one line) is numbered as the line of the first site
     * that uses it, not past the end of the user's file: debuggers then list
     * the registration, and every other line keeps its number. */
    if (t->file)
      rw_line_directive(out, t->line, t->file);
    if (t->take_index >= 0) {
      emit_take_body(out, t, v);
      continue;
    }
    if (t->box_index == RW_THUNK_CLOSE)
      rw_buf_printf(out, "ACTX_CLOSE_FN(actx_thunk_%u, %s, %s)\n", t->id, t->params, t->args);
    else if (t->box_index >= 0 && v)
      rw_buf_printf(out, "ACTX_BOX_THUNK_VOID_BODY(actx_thunk_%u, %s, %s, %d)\n", t->id, t->params,
                    t->args, t->box_index);
    else if (t->box_index >= 0)
      rw_buf_printf(out, "ACTX_BOX_THUNK_BODY(actx_thunk_%u, %s, %s, %s, %d)\n", t->id, t->ret,
                    t->params, t->args, t->box_index);
    else if (t->reg >= 0 && v)
      rw_buf_printf(out, "ACTX_THUNK_R_VOID_BODY(actx_thunk_%u, %s, %s)\n", t->id, t->params,
                    t->args);
    else if (t->reg >= 0)
      rw_buf_printf(out, "ACTX_THUNK_R_BODY(actx_thunk_%u, %s, %s, %s)\n", t->id, t->ret, t->params,
                    t->args);
    else if (v)
      rw_buf_printf(out, "ACTX_THUNK_VOID_BODY(actx_thunk_%u, %s, %s)\n", t->id, t->params,
                    t->args);
    else
      rw_buf_printf(out, "ACTX_THUNK_BODY(actx_thunk_%u, %s, %s, %s)\n", t->id, t->ret, t->params,
                    t->args);
  }
}

/* ------------------------------------------------------------ signatures */

/* What thunk a callback type needs, as libclang sees the type. */

static CXType strip_sugar(CXType t) {
  for (int guard = 0; guard < 32; guard++) {
    if (t.kind == CXType_Typedef)
      t = clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t));
    else if (t.kind == CXType_Elaborated)
      t = clang_Type_getNamedType(t);
    else if (t.kind == CXType_Attributed)
      t = clang_Type_getModifiedType(t);
    else if (t.kind == CXType_Unexposed)
      t = clang_getCanonicalType(t);
    else
      break;
  }
  return t;
}

bool rw_is_function_pointer(CXType t) {
  CXType c = clang_getCanonicalType(t);
  if (c.kind != CXType_Pointer)
    return false;
  CXType p = clang_getCanonicalType(clang_getPointeeType(c));
  return p.kind == CXType_FunctionProto || p.kind == CXType_FunctionNoProto;
}

/* Parameter `index` of a thunk, named actx__aN: in the reserved prefix, so it
 * never shadows a file-scope name of the user's (-Wshadow). */
static char *param_decl(CXType t, int index) {
  CXString s = clang_getTypeSpelling(t);
  const char *ts = clang_getCString(s);
  rw_buf b = {0};
  if (strpbrk(ts, "(["))
    rw_buf_printf(&b, "__typeof__(%s) actx__a%d", ts, index);
  else if (ts[strlen(ts) - 1] == '*')
    rw_buf_printf(&b, "%sactx__a%d", ts, index);
  else
    rw_buf_printf(&b, "%s actx__a%d", ts, index);
  clang_disposeString(s);
  return b.data;
}

/* Whether a canonical type kind is an integer (enums and _Bool included):
 * one integer register in the thunk ABI, and a key that needs converting. */
static bool is_integer_kind(enum CXTypeKind k) {
  switch (k) {
  case CXType_Bool:
  case CXType_Char_U:
  case CXType_UChar:
  case CXType_Char16:
  case CXType_Char32:
  case CXType_UShort:
  case CXType_UInt:
  case CXType_ULong:
  case CXType_ULongLong:
  case CXType_Char_S:
  case CXType_SChar:
  case CXType_WChar:
  case CXType_Short:
  case CXType_Int:
  case CXType_Long:
  case CXType_LongLong:
  case CXType_Enum: return true;
  default: return false;
  }
}

/* What a key argument of type t needs to become the `const void *` the
 * binding macros and actx_release_key() take: NULL when it can be passed as
 * written (an object pointer, an array, a type libclang does not resolve),
 * "ACTX_INT_KEY" when it is an integer (converted explicitly: passed as is it
 * would be -Wint-conversion, an error with GCC 14), or why it cannot be a key
 * (*refused).  */
const char *rw_key_conversion(CXType t, const char **refused) {
  CXType c = clang_getCanonicalType(t);
  *refused = NULL;
  if (is_integer_kind(c.kind))
    return "ACTX_INT_KEY";
  switch (c.kind) {
  case CXType_Pointer: {
    enum CXTypeKind p = clang_getCanonicalType(clang_getPointeeType(c)).kind;
    if (p == CXType_FunctionProto || p == CXType_FunctionNoProto)
      *refused = "key is a function pointer, not an object's address";
    return NULL;
  }
  case CXType_ConstantArray:
  case CXType_IncompleteArray:
  case CXType_VariableArray:
  case CXType_DependentSizedArray:
  case CXType_Invalid:
  case CXType_Unexposed:
  case CXType_NullPtr: /* C++ nullptr: a NULL key, which the caller reports as such */ return NULL;
  default: *refused = "key is neither a pointer nor an integer"; return NULL;
  }
}

/* How a parameter or result travels in the x86-64 SysV and AArch64 calling
 * conventions, as far as the register thunk ABI cares. */
typedef enum { ARG_INTEGER, ARG_FLOAT, ARG_OTHER } arg_class;

static arg_class classify(CXType t) {
  enum CXTypeKind k = clang_getCanonicalType(t).kind;
  if (is_integer_kind(k) || k == CXType_Pointer)
    return ARG_INTEGER; /* one integer register each, on both */
  switch (k) {
  case CXType_Float:
  case CXType_Double: return ARG_FLOAT; /* vector registers: no integer register used */
  default: return ARG_OTHER;            /* structs, long double, __int128...: not classified */
  }
}

/* The integer register the binding can travel in for a callback of type fn
 * (ACTX_THUNK_R), or -1 when the signature needs the TLS hand-off: the same
 * register on x86-64 (rdi..r9) and AArch64 (x0..x7) when every parameter is
 * an integer/pointer or float/double scalar, none goes on the stack, and no
 * hidden struct-return pointer is involved. */
static int register_for_binding(CXType fn) {
  int n = clang_getNumArgTypes(fn), ints = 0, floats = 0;
  for (int i = 0; i < n; i++) {
    arg_class c = classify(clang_getArgType(fn, (unsigned)i));
    if (c == ARG_OTHER)
      return -1;
    ints += c == ARG_INTEGER;
    floats += c == ARG_FLOAT;
  }
  CXType ret = clang_getResultType(fn);
  if (clang_getCanonicalType(ret).kind != CXType_Void && classify(ret) == ARG_OTHER)
    return -1;
  if (ints >= 6 || floats > 8) /* x86-64 has 6 integer and 8 vector argument registers */
    return -1;
  return ints;
}

/* Builds the thunk for a callback of type fnptr: a box thunk whose parameter
 * box_index is the user data, a close helper (RW_THUNK_CLOSE: void callbacks
 * only), or (box_index == -1) a typed stub thunk.  NULL
 * (and *why) when the signature cannot be written out. */
const rw_thunk *rw_thunk_for(rw_job *job, CXType fnptr, int box_index, bool *added,
                             const char **why) {
  return rw_thunk_for_take(job, fnptr, box_index, -1, added, why);
}

const rw_thunk *rw_thunk_for_take(rw_job *job, CXType fnptr, int box_index, int take_index,
                                  bool *added, const char **why) {
  CXType p = strip_sugar(fnptr);
  if (p.kind != CXType_Pointer) {
    *why = "callback type is not a plain function pointer";
    return NULL;
  }
  CXType fn = strip_sugar(clang_getPointeeType(p));
  if (fn.kind != CXType_FunctionProto) {
    *why = "callback type has no prototype";
    return NULL;
  }
  if (clang_isFunctionTypeVariadic(fn)) {
    *why = "callback is variadic";
    return NULL;
  }
  int n = clang_getNumArgTypes(fn);
  if (box_index >= 0) {
    if (box_index >= n) {
      *why = "callback has no parameter for the user data";
      return NULL;
    }
    if (box_index > 11) {
      *why = "user data is beyond the callback's 12th parameter";
      return NULL;
    }
    /* The thunk swaps the box for the data in place: exactly `void *`. */
    CXType boxt = clang_getCanonicalType(clang_getArgType(fn, (unsigned)box_index));
    CXType pointee = clang_getPointeeType(boxt);
    if (boxt.kind != CXType_Pointer || clang_getCanonicalType(pointee).kind != CXType_Void ||
        clang_isConstQualifiedType(pointee) || clang_isVolatileQualifiedType(pointee)) {
      *why = "the user-data parameter is not a plain void pointer";
      return NULL;
    }
  }
  if (take_index >= 0) {
    /* ACTX__PICK reaches the 12th parameter; the item is an object pointer. */
    if (take_index >= n) {
      *why = "callback has no parameter for the taken item";
      return NULL;
    }
    CXType it = clang_getCanonicalType(clang_getArgType(fn, (unsigned)take_index));
    if (take_index > 11) {
      *why = "taken item is beyond the callback's 12th parameter";
      return NULL;
    }
    if (it.kind != CXType_Pointer || rw_is_function_pointer(it)) {
      *why = "the taken item's parameter is not an object pointer";
      return NULL;
    }
  }
  rw_buf params = {0}, args = {0};
  rw_buf_puts(&params, "(");
  rw_buf_puts(&args, "(");
  for (int i = 0; i < n; i++) {
    char *d = param_decl(clang_getArgType(fn, (unsigned)i), i);
    rw_buf_printf(&params, "%s%s", i ? ", " : "", d);
    rw_buf_printf(&args, "%sactx__a%d", i ? ", " : "", i);
    free(d);
  }
  /* The register ABI appends the binding's parameter to the list itself. */
  int reg = box_index == -1 && !job->tls_thunks ? register_for_binding(fn) : -1;
  if (n == 0 && reg < 0)
    rw_buf_puts(&params, "void");
  rw_buf_puts(&params, ")");
  rw_buf_puts(&args, ")");
  CXString rs = clang_getTypeSpelling(clang_getResultType(fn));
  char *ret = rw_xstrdup(clang_getCString(rs));
  clang_disposeString(rs);
  const rw_thunk *t = NULL;
  if (strstr(params.data, "(unnamed") || strstr(params.data, "(anonymous") ||
      strstr(ret, "(unnamed") || strstr(ret, "(anonymous") || strpbrk(ret, "(["))
    *why = "callback signature names an unnamed type";
  else if (box_index == RW_THUNK_CLOSE && strcmp(ret, "void") != 0)
    *why = "close callback returns a value";
  else
    t = rw_thunks_intern(&job->thunks, ret, params.data, args.data, box_index, reg, take_index,
                         added);
  free(ret);
  rw_buf_free(&params);
  rw_buf_free(&args);
  return t;
}

/* Thunk numbers continue after any actx_thunk_N already in the input, so a
 * second run on rewritten code never reuses a name. */
unsigned rw_thunks_first_free_id(const char *src) {
  unsigned max = 0;
  for (const char *p = src; (p = strstr(p, "actx_thunk_")) != NULL;) {
    p += strlen("actx_thunk_");
    unsigned v = 0;
    while (*p >= '0' && *p <= '9')
      v = v * 10 + (unsigned)(*p++ - '0');
    if (v > max)
      max = v;
  }
  return max + 1;
}
