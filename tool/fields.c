/* fields.c -- callbacks stored rather than passed: a function pointer
 * assigned to a struct or union field, a global or an array element, or
 * written in an initialiser (designated, positional, nested, compound
 * literal).  A field rule (docs/contracts.md, `field TYPE.FIELD LIFETIME`)
 * wraps the value where it is stored, with the context current at the store
 * (decide.c's stub wrapping, typed thunk of the field's type).  Any other
 * store is reported as left-stored: whoever reads the pointer back later
 * calls it without the context of the code that stored it.
 *
 * Listed, but no finding (the function runs in whatever context its caller
 * has, as a vtable's method does; a rule for it would be `ignore`):
 *   - left-method: a method of an object, a named function stored into a
 *     field of a record with two or more function pointer fields, the
 *     function taking a pointer to that record (c->read = tcp_read,
 *     read(conn *c, ...)).  One function pointer field (struct task {
 *     void (*cb)(struct task *); }) is a per-operation completion callback,
 *     and a setter's parameter (bufev->readcb = readcb) comes from callers
 *     that may register their request's callback: both still left-stored;
 *   - left-hook: stored into a global or static function pointer variable
 *     (hash = jenkins_hash): one slot serving the whole process.  A field of
 *     a global struct is a field store like any other.
 * A field rule wins over both.
 *
 * Not stores, and not reported:
 *   - locals: a local function pointer (or a local array of them) is seen
 *     where it is passed to an API;
 *   - NULL, and values already bound (ACTX_*, actx_bind), and anything our
 *     own ACTX_* macros expand to;
 *   - GObject-style vtables: a store into a struct whose name ends in Class,
 *     Iface or Interface (klass->finalize = foo_finalize) is a virtual method,
 *     called for every instance in the caller's context;
 *   - initialisers of objects with static storage that no rule covers: no
 *     code runs at such a store, so there is no context to lose (a const ops
 *     table).  One a rule covers is reported instead: a static initialiser
 *     cannot call the binding macro.
 *
 * libclang 14 shows a designated initialiser as an UnexposedExpr of type void
 * whose children are MemberRef cursors (the designators, outermost first)
 * then the value; positional values are matched to the record's fields in
 * order (clang_Type_visitFields).
 */
#include "find.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CHILDREN 512

typedef struct {
  CXCursor c[MAX_CHILDREN];
  int n;
  bool more; /* some were left out */
} children;

static enum CXChildVisitResult gather(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  children *ch = d;
  if (ch->n == MAX_CHILDREN) {
    ch->more = true;
    return CXChildVisit_Break;
  }
  ch->c[ch->n++] = c;
  return CXChildVisit_Continue;
}

static void children_of(CXCursor c, children *ch) {
  ch->n = 0;
  ch->more = false;
  clang_visitChildren(c, gather, ch);
}

static CXCursor strip_parens(CXCursor c) {
  for (int guard = 0; guard < 32 && clang_getCursorKind(c) == CXCursor_ParenExpr; guard++)
    c = loc_first_child(c);
  return c;
}

/* Parentheses and implicit conversions (lvalue-to-rvalue, decay) dropped. */
static CXCursor strip_implicit(CXCursor c) {
  for (int guard = 0; guard < 32; guard++) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
      break;
    CXCursor inner = loc_first_child(c);
    if (clang_Cursor_isNull(inner) || !clang_isExpression(clang_getCursorKind(inner)))
      break;
    c = inner;
  }
  return c;
}

/* The text of an expression written in the main file outside any macro,
 * editable as a whole: its range, or why not. */
static text_range plain_range(const finder *f, CXCursor expr) {
  text_range r = {0};
  CXSourceRange ext = clang_getCursorExtent(expr);
  loc_info s = loc_locate(f, clang_getRangeStart(ext));
  loc_info e = loc_locate(f, clang_getRangeEnd(ext));
  if (!s.in_main || !e.in_main || s.in_macro || e.in_macro || e.offset <= s.offset ||
      !lex_balanced_argument(f->src, s.offset, e.offset)) {
    r.why = "stored value is spelled inside a macro";
    return r;
  }
  r.ok = true;
  r.start = s.offset;
  r.end = e.offset;
  r.expr = expr;
  return r;
}

/* ------------------------------------------------------------ records */

/* What the rules know a field's record by, and how it is shown. */
typedef struct {
  const rw_contract *rule; /* the field rule that applies, or NULL */
  char *shown;             /* "uv_process_options_t.exit_cb", "struct task.cb" */
  bool vtable;             /* a GObject-style class or interface struct */
} field_info;

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool vtable_name(const char *name) {
  return name &&
         (ends_with(name, "Class") || ends_with(name, "Iface") || ends_with(name, "Interface"));
}

/* Whether t is a struct or union with neither tag nor typedef name. */
static bool anonymous(CXType t) {
  for (int guard = 0; guard < 16 && t.kind == CXType_Elaborated; guard++)
    t = clang_Type_getNamedType(t);
  if (t.kind == CXType_Typedef)
    return false;
  char *tag = rw_cursor_spelling(clang_getTypeDeclaration(clang_getCanonicalType(t)));
  bool anon = !*tag || strchr(tag, ' ') != NULL;
  free(tag);
  return anon;
}

/* The rule for `field` of an object of type object_type (as written: its
 * typedef names, outermost first, then the record's tag). */
static field_info field_lookup(const finder *f, CXType object_type, CXCursor field) {
  field_info fi = {0};
  char *name = rw_cursor_spelling(field);
  CXCursor record = clang_getTypeDeclaration(clang_getCanonicalType(object_type));
  char *tag = rw_cursor_spelling(record);
  if (!*tag || strchr(tag, ' ')) { /* anonymous (newer libclangs spell a description) */
    free(tag);
    tag = NULL;
  }
  const char *kind = clang_getCursorKind(record) == CXCursor_UnionDecl ? "union" : "struct";
  char *first_typedef = NULL;
  CXType t = object_type;
  for (int guard = 0; guard < 16; guard++) {
    if (t.kind == CXType_Elaborated) {
      t = clang_Type_getNamedType(t);
      continue;
    }
    if (t.kind != CXType_Typedef)
      break;
    CXString tn = clang_getTypedefName(t);
    const char *tname = clang_getCString(tn);
    fi.vtable |= vtable_name(tname);
    if (!fi.rule)
      fi.rule = rw_contracts_find_field(f->job->contracts, tname, NULL, name, f->job->input);
    if (!first_typedef)
      first_typedef = rw_xstrdup(tname);
    clang_disposeString(tn);
    t = clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t));
  }
  fi.vtable |= vtable_name(tag);
  if (!fi.rule && tag)
    fi.rule = rw_contracts_find_field(f->job->contracts, NULL, tag, name, f->job->input);
  rw_buf b = {0};
  if (first_typedef)
    rw_buf_printf(&b, "%s.%s", first_typedef, name);
  else
    rw_buf_printf(&b, "%s %s.%s", kind, tag ? tag : "(anonymous)", name);
  fi.shown = b.data;
  free(first_typedef);
  free(tag);
  free(name);
  return fi;
}

/* ------------------------------------------------------------ methods */

static enum CXVisitorResult count_fn_field(CXCursor c, CXClientData d) {
  *(int *)d += rw_is_function_pointer(clang_getCursorType(c));
  return CXVisit_Continue;
}

/* The function type a value or field of type t calls, or an invalid type. */
static CXType function_type(CXType t) {
  t = clang_getCanonicalType(t);
  if (t.kind == CXType_Pointer)
    t = clang_getCanonicalType(clang_getPointeeType(t));
  if (t.kind != CXType_FunctionProto && t.kind != CXType_FunctionNoProto)
    t.kind = CXType_Invalid;
  return t;
}

/* Whether function type fn has a parameter pointing to the record `record`
 * (its qualifiers and typedef names aside). */
static bool takes_pointer_to(CXType fn, CXCursor record) {
  if (fn.kind != CXType_FunctionProto)
    return false;
  CXCursor want = clang_getCanonicalCursor(record);
  int n = clang_getNumArgTypes(fn);
  for (int i = 0; i < n; i++) {
    CXType a = clang_getCanonicalType(clang_getArgType(fn, (unsigned)i));
    if (a.kind != CXType_Pointer)
      continue;
    CXCursor d = clang_getTypeDeclaration(clang_getCanonicalType(clang_getPointeeType(a)));
    if (!clang_Cursor_isNull(d) && clang_equalCursors(clang_getCanonicalCursor(d), want))
      return true;
  }
  return false;
}

/* A store of value into `field` is a method of an object: the record
 * declaring the field has two or more function pointer fields, and the
 * function stored (or, when its type is not to be seen, the field) takes a
 * pointer to that record, as conn->read(conn, ...) does.  One function
 * pointer field (struct task { void (*cb)(struct task *); }) is the shape of
 * a per-operation completion callback: not a method.  Nor is a parameter
 * stored by a setter (bufferevent_setcb's bufev->readcb = readcb): the
 * function comes from the setter's callers, who may register a callback of
 * their request there, so the store stays a finding (or its callers are). */
static bool store_is_method(CXCursor field, CXCursor value) {
  CXCursor v = strip_implicit(value);
  if (clang_getCursorKind(v) == CXCursor_DeclRefExpr &&
      clang_getCursorKind(clang_getCursorReferenced(v)) == CXCursor_ParmDecl)
    return false;
  CXCursor record = clang_getCursorSemanticParent(field);
  enum CXCursorKind rk = clang_getCursorKind(record);
  if (rk != CXCursor_StructDecl && rk != CXCursor_UnionDecl)
    return false;
  int fn_fields = 0;
  clang_Type_visitFields(clang_getCursorType(record), count_fn_field, &fn_fields);
  if (fn_fields < 2)
    return false;
  CXType fn = function_type(clang_getCursorType(strip_implicit(value)));
  if (fn.kind == CXType_Invalid)
    fn = function_type(clang_getCursorType(field));
  return takes_pointer_to(fn, record);
}

/* ------------------------------------------------------------ decisions */

/* Where a value is stored, for one decision. */
typedef struct {
  const store_site *ss;
  CXCursor value;
  CXCursor field;     /* the FieldDecl, or a null cursor (global, array) */
  CXType object_type; /* the type of the object holding the field */
  const char *target; /* globals and arrays: how they are shown */
  const char *key;    /* key=base: the object's address, or NULL and... */
  const char *no_key; /*   ...why there is none */
  bool is_static;     /* a static initialiser */
  bool chained;       /* the value is itself an assignment (a = b = f) */
  bool hook;          /* into a global or static variable (not a field, not an element) */
} store;

static rw_site *stored_site(finder *f, size_t where, const char *target, const char *shown,
                            rw_decision d, const rw_contract *c, const char *reason) {
  rw_site *s = site_add(f, where, target, -1, shown, d, c ? c->life : RW_LIFE_ONCE, NULL, reason);
  s->store = true;
  return s;
}

/* Decides the value of one store. */
static void decide_store(finder *f, const store *st) {
  CXCursor value = st->value;
  text_range r = plain_range(f, value);
  size_t where;
  char *shown = text_shown(f, value, r, &where);
  bool is_null = text_is_null(shown) || text_is_null_constant(value);
  bool bound = lex_starts_with(shown, strlen(shown), "ACTX_") || strstr(shown, "actx_bind(");
  field_info fi = {0};
  if (!clang_Cursor_isNull(st->field))
    fi = field_lookup(f, st->object_type, st->field);
  const char *target = fi.shown ? fi.shown : st->target;
  const rw_contract *c = fi.rule;
  rw_buf reason = {0};
  if (!c) {
    if (is_null || bound || fi.vtable || st->is_static) {
      /* nothing stored, or no code runs here: not a site */
    } else if (st->hook) {
      rw_buf_printf(&reason,
                    "stored into %s: a process-wide hook, called in whatever context "
                    "its caller has",
                    target);
      stored_site(f, where, target, shown, RW_LEFT_HOOK, NULL, reason.data);
    } else if (fi.shown && store_is_method(st->field, value)) {
      rw_buf_printf(&reason,
                    "stored into %s: a method of the object it takes, called in whatever "
                    "context its caller has",
                    target);
      stored_site(f, where, target, shown, RW_LEFT_METHOD, NULL, reason.data);
    } else {
      rw_buf_printf(&reason,
                    fi.shown ? "stored into %s: no field rule covers it"
                             : "stored into %s: whatever calls it later runs without this context",
                    target);
      site_note_param_of(stored_site(f, where, target, shown, RW_LEFT_STORED, NULL, reason.data),
                         value);
    }
  } else if (bound) {
    stored_site(f, where, target, shown, RW_LEFT_BOUND, c, "already bound");
  } else if (is_null) {
    stored_site(f, where, target, shown, RW_LEFT_NULL, c, "NULL callback");
  } else if (c->life == RW_LIFE_SYNC || c->life == RW_LIFE_IGNORE) {
    stored_site(f, where, target, shown, RW_LEFT_SYNC, c,
                c->life == RW_LIFE_SYNC ? "synchronous use" : "ignored by contract");
  } else if (st->is_static) {
    stored_site(f, where, target, shown, RW_LEFT_STORED, c,
                "static initialiser: cannot be wrapped");
  } else if (st->chained) {
    stored_site(f, where, target, shown, RW_LEFT_UNSUPPORTED, c,
                "chained assignment: store the callback in a statement of its own");
  } else if (c->stop != 0 || c->take_index != -1 || c->slot_source != RW_SLOT_NAME) {
    stored_site(f, where, target, shown, RW_LEFT_UNSUPPORTED, c,
                c->stop != 0          ? "stop= values other than 0 are not supported yet"
                : c->take_index != -1 ? "take= is not supported yet"
                                      : "a field rule's slot is a name");
  } else if (!r.ok) {
    stored_site(f, where, target, shown, RW_LEFT_MACRO, c, r.why);
  } else if (c->life == RW_LIFE_KEYED && !st->key) {
    stored_site(f, where, target, shown, RW_LEFT_UNSUPPORTED, c, st->no_key);
  } else if (c->life == RW_LIFE_KEYED && !text_key_is_pure(st->key)) {
    stored_site(f, where, target, shown, RW_LEFT_UNSUPPORTED, c,
                "key=base: the object expression has side effects (it would be evaluated twice)");
  } else {
    rw_buf slot = {0};
    if (c->life == RW_LIFE_KEYED)
      rw_buf_printf(&slot, "\"%s\"", c->slot);
    rw_site *s =
        decide_wrap_store(f, st->ss->top, value, r, clang_getCursorType(st->field), c, target,
                          shown, c->life == RW_LIFE_KEYED ? st->key : NULL, slot.data);
    s->store = true;
    rw_buf_free(&slot);
  }
  rw_buf_free(&reason);
  free(fi.shown);
  free(shown);
}

/* The address of the object an expression names ("&o", "&p->ops"), or the
 * pointer itself (`t` in t->cb): NULL when its text cannot be copied. */
static char *object_key(const finder *f, CXCursor base, bool pointer) {
  text_range r = plain_range(f, base);
  if (!r.ok)
    return NULL;
  char *t = text_one_line(f, r.start, r.end);
  if (pointer)
    return t;
  bool simple = true;
  for (const char *p = t; *p; p++)
    simple &= lex_is_ident_char(*p) || strchr(".[]", *p) || (p[0] == '-' && p[1] == '>') ||
              (p[0] == '>' && p > t && p[-1] == '-');
  rw_buf b = {0};
  rw_buf_printf(&b, simple ? "&%s" : "&(%s)", t);
  free(t);
  return b.data;
}

/* Whether v is a variable with automatic storage (a local or a parameter). */
static bool is_local_variable(CXCursor ref) {
  CXCursor v = clang_getCursorReferenced(ref);
  enum CXCursorKind k = clang_getCursorKind(v);
  return k == CXCursor_ParmDecl ||
         (k == CXCursor_VarDecl && !clang_Cursor_hasVarDeclGlobalStorage(v));
}

/* The first and last expression children of a binary operator. */
static bool operands(CXCursor op, CXCursor *lhs, CXCursor *rhs) {
  children ch;
  children_of(op, &ch);
  int first = -1, last = -1;
  for (int i = 0; i < ch.n; i++)
    if (clang_isExpression(clang_getCursorKind(ch.c[i]))) {
      if (first < 0)
        first = i;
      last = i;
    }
  if (first < 0 || last == first)
    return false;
  *lhs = ch.c[first];
  *rhs = ch.c[last];
  return true;
}

/* Whether the bytes between lhs and rhs are exactly `=` (not the comma
 * operator, which can also have a function pointer type).  Unreadable
 * (a macro made it): assumed. */
static bool is_assignment(const finder *f, CXCursor lhs, CXCursor rhs) {
  loc_info e = loc_locate(f, clang_getRangeEnd(clang_getCursorExtent(lhs)));
  loc_info s = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(rhs)));
  if (!e.in_main || !s.in_main || e.in_macro || s.in_macro || s.offset <= e.offset)
    return true;
  size_t i = lex_skip_space(f->src, s.offset, e.offset);
  if (i >= s.offset || f->src[i] != '=')
    return false;
  return lex_skip_space(f->src, s.offset, i + 1) == s.offset;
}

static void decide_assignment(finder *f, const store_site *ss) {
  CXCursor lhs, rhs;
  if (!operands(ss->expr, &lhs, &rhs) || !is_assignment(f, lhs, rhs))
    return;
  lhs = strip_parens(lhs);
  store st = {0};
  /* a.cb = b.cb = f: the inner store is decided on its own; wrapping the
   * outer one too would bind its stub again. */
  st.chained = clang_getCursorKind(strip_implicit(rhs)) == CXCursor_BinaryOperator;
  st.ss = ss;
  st.value = rhs;
  st.field = clang_getNullCursor();
  rw_buf target = {0};
  char *key = NULL;
  switch (clang_getCursorKind(lhs)) {
  case CXCursor_MemberRefExpr: {
    CXCursor field = clang_getCursorReferenced(lhs);
    CXCursor base = loc_first_child(lhs);
    if (clang_getCursorKind(field) != CXCursor_FieldDecl || clang_Cursor_isNull(base))
      return;
    CXType bt = clang_getCursorType(base);
    bool pointer = clang_getCanonicalType(bt).kind == CXType_Pointer;
    st.field = field;
    st.object_type = pointer ? clang_getPointeeType(bt) : bt;
    key = object_key(f, base, pointer);
    /* A field of an anonymous struct or union member (glibc's
     * sa.sa_handler is sa.__sigaction_handler.sa_handler) is looked up in
     * the named record around it. */
    CXCursor outer = strip_parens(base);
    for (int guard = 0; guard < 8 && anonymous(st.object_type) &&
                        clang_getCursorKind(outer) == CXCursor_MemberRefExpr;
         guard++) {
      CXCursor ob = loc_first_child(outer);
      if (clang_Cursor_isNull(ob))
        break;
      CXType obt = clang_getCursorType(ob);
      st.object_type =
          clang_getCanonicalType(obt).kind == CXType_Pointer ? clang_getPointeeType(obt) : obt;
      outer = strip_parens(ob);
    }
    st.key = key;
    st.no_key = "key=base: the object is not spelled in this file outside a macro";
    break;
  }
  case CXCursor_DeclRefExpr: {
    CXCursor v = clang_getCursorReferenced(lhs);
    if (clang_getCursorKind(v) != CXCursor_VarDecl || !clang_Cursor_hasVarDeclGlobalStorage(v))
      return; /* a local: seen where it is passed */
    char *name = rw_cursor_spelling(v);
    bool file_scope =
        clang_getCursorKind(clang_getCursorSemanticParent(v)) == CXCursor_TranslationUnit;
    rw_buf_printf(&target, "%s %s", file_scope ? "global" : "static", name);
    free(name);
    st.hook = true;
    break;
  }
  case CXCursor_ArraySubscriptExpr: {
    CXCursor base = strip_implicit(loc_first_child(lhs));
    if (clang_getCursorKind(base) == CXCursor_DeclRefExpr && is_local_variable(base)) {
      CXType vt = clang_getCanonicalType(clang_getCursorType(base));
      if (vt.kind != CXType_Pointer)
        return; /* an element of a local array */
    }
    char *bt = text_display(f, base);
    rw_buf_printf(&target, "%s[]", bt);
    free(bt);
    break;
  }
  default: return; /* *p = f and the like: not a named place */
  }
  st.target = target.data;
  decide_store(f, &st);
  rw_buf_free(&target);
  free(key);
}

/* ------------------------------------------------------------ initialisers */

typedef struct {
  CXCursor c[MAX_CHILDREN];
  int n;
} field_list;

static enum CXVisitorResult collect_field(CXCursor c, CXClientData d) {
  field_list *fl = d;
  if (fl->n == MAX_CHILDREN)
    return CXVisit_Break;
  /* An unnamed bit-field takes no initialiser. */
  char *name = rw_cursor_spelling(c);
  bool unnamed_bits = !*name && clang_Cursor_isBitField(c);
  free(name);
  if (!unnamed_bits)
    fl->c[fl->n++] = c;
  return CXVisit_Continue;
}

static int field_index(const field_list *fl, CXCursor field) {
  for (int i = 0; i < fl->n; i++)
    if (clang_equalCursors(fl->c[i], field))
      return i;
  return -1;
}

static void decide_list(finder *f, const store_site *ss, CXCursor list, const char *object,
                        const char *no_key, bool is_static, int depth);

/* One initialised value: a nested list, a callback for `field`, or a
 * function pointer the tool could not place. */
static void decide_initialised(finder *f, const store_site *ss, CXCursor value, CXCursor field,
                               CXType object_type, const char *object, const char *no_key,
                               bool is_static, int depth) {
  CXCursor v = strip_parens(value);
  if (clang_getCursorKind(v) == CXCursor_InitListExpr) {
    char *inner = NULL;
    if (object && !clang_Cursor_isNull(field)) {
      char *name = rw_cursor_spelling(field);
      rw_buf b = {0};
      rw_buf_printf(&b, "%s.%s", object, name);
      inner = b.data;
      free(name);
    }
    decide_list(f, ss, v, inner, inner ? NULL : no_key, is_static, depth + 1);
    free(inner);
    return;
  }
  bool fn_field = !clang_Cursor_isNull(field) && rw_is_function_pointer(clang_getCursorType(field));
  store st = {0};
  st.ss = ss;
  st.value = value;
  st.is_static = is_static;
  st.field = clang_getNullCursor();
  rw_buf key = {0};
  if (fn_field && clang_getCursorKind(strip_implicit(value)) == CXCursor_IntegerLiteral)
    return; /* `= {0}`: zeroing, not a callback */
  if (fn_field) {
    st.field = field;
    st.object_type = object_type;
    if (object)
      rw_buf_printf(&key, "&%s", object);
    st.key = key.data;
    st.no_key = no_key;
  } else if (rw_is_function_pointer(clang_getCursorType(value))) {
    st.target = "an initialiser the tool cannot match to a field (braces elided?)";
  } else {
    return;
  }
  decide_store(f, &st);
  rw_buf_free(&key);
}

/* An initialiser list of a record (each value matched to its field), or of
 * an array (each element list decided without a key). */
static void decide_list(finder *f, const store_site *ss, CXCursor list, const char *object,
                        const char *no_key, bool is_static, int depth) {
  if (depth > 16)
    return;
  CXType t = clang_getCursorType(list);
  CXType ct = clang_getCanonicalType(t);
  children *ch = rw_xmalloc(sizeof *ch);
  children_of(list, ch);
  if (ct.kind != CXType_Record) { /* an array: its elements have no key */
    for (int i = 0; i < ch->n; i++) {
      CXCursor e = ch->c[i];
      if (clang_getCursorKind(e) == CXCursor_UnexposedExpr &&
          clang_getCursorType(e).kind == CXType_Void) {
        children d; /* [N] = value: the value is the last child */
        children_of(e, &d);
        e = d.n ? d.c[d.n - 1] : e;
      }
      if (clang_getCursorKind(strip_parens(e)) == CXCursor_InitListExpr)
        decide_list(f, ss, strip_parens(e), NULL, "key=base: an element of an array initialiser",
                    is_static, depth + 1);
    }
    free(ch);
    return;
  }
  field_list *fl = rw_xmalloc(sizeof *fl);
  fl->n = 0;
  clang_Type_visitFields(ct, collect_field, fl);
  bool is_union = clang_getCursorKind(clang_getTypeDeclaration(ct)) == CXCursor_UnionDecl;
  int pos = 0;
  for (int i = 0; i < ch->n; i++) {
    CXCursor e = ch->c[i];
    if (!clang_isExpression(clang_getCursorKind(e)))
      continue;
    if (clang_getCursorKind(e) == CXCursor_UnexposedExpr &&
        clang_getCursorType(e).kind == CXType_Void) {
      /* .a.b = value: MemberRefs outermost first, then the value */
      children d;
      children_of(e, &d);
      if (d.n < 2)
        continue;
      CXCursor value = d.c[d.n - 1];
      int ndes = 0;
      bool plain = true;
      for (int k = 0; k < d.n - 1; k++) {
        if (clang_getCursorKind(d.c[k]) == CXCursor_MemberRef)
          ndes++;
        else
          plain = false; /* an array index among the designators */
      }
      if (!ndes || !plain) {
        decide_initialised(f, ss, value, clang_getNullCursor(), t, NULL, NULL, is_static, depth);
        continue;
      }
      CXCursor outer = clang_getCursorReferenced(d.c[0]);
      int at = field_index(fl, outer);
      pos = at < 0 ? fl->n : at + 1;
      /* The object holding the last designated field, and its type. */
      rw_buf obj = {0};
      CXType obj_type = t;
      if (object)
        rw_buf_puts(&obj, object);
      for (int k = 0; k + 1 < ndes; k++) {
        CXCursor fk = clang_getCursorReferenced(d.c[k]);
        char *name = rw_cursor_spelling(fk);
        if (object)
          rw_buf_printf(&obj, ".%s", name);
        free(name);
        /* an anonymous member (glibc's .sa_handler): rules name the record around it */
        if (!anonymous(clang_getCursorType(fk)))
          obj_type = clang_getCursorType(fk);
      }
      decide_initialised(f, ss, value, clang_getCursorReferenced(d.c[ndes - 1]), obj_type,
                         object ? obj.data : NULL, no_key, is_static, depth);
      rw_buf_free(&obj);
      continue;
    }
    CXCursor field = clang_getNullCursor();
    if (pos < fl->n && !(is_union && pos > 0))
      field = fl->c[pos];
    pos++;
    decide_initialised(f, ss, e, field, t, object, no_key, is_static, depth);
  }
  free(fl);
  free(ch);
}

static void decide_initialiser(finder *f, const store_site *ss) {
  CXCursor owner = ss->owner;
  bool is_static;
  char *object = NULL;
  const char *no_key = NULL;
  if (clang_getCursorKind(owner) == CXCursor_VarDecl) {
    is_static = clang_Cursor_hasVarDeclGlobalStorage(owner) == 1;
    object = rw_cursor_spelling(owner);
  } else { /* a compound literal: static outside functions */
    enum CXCursorKind tk = clang_getCursorKind(ss->top);
    is_static = tk != CXCursor_FunctionDecl;
    no_key = "key=base: a compound literal has no name to key to";
  }
  decide_list(f, ss, ss->expr, object, no_key, is_static, 0);
  free(object);
}

bool fields_wanted(CXCursor c, enum CXCursorKind k, CXCursor parent) {
  if (k == CXCursor_InitListExpr) {
    enum CXCursorKind pk = clang_getCursorKind(parent);
    return pk == CXCursor_VarDecl || pk == CXCursor_CompoundLiteralExpr;
  }
  if (k != CXCursor_BinaryOperator)
    return false;
  if (rw_is_function_pointer(clang_getCursorType(c)))
    return true;
  CXCursor lhs, rhs;
  return operands(c, &lhs, &rhs) && rw_is_function_pointer(clang_getCursorType(lhs));
}

/* o.exit_cb == on_exit, where a field rule wraps what is stored into
 * exit_cb: the field holds a stub, so the program's comparison no longer
 * holds.  Reported (left-unsupported), once per comparison. */
static void decide_comparison(finder *f, const store_site *ss) {
  CXCursor lhs, rhs;
  if (!operands(ss->expr, &lhs, &rhs))
    return;
  loc_info e = loc_locate(f, clang_getRangeEnd(clang_getCursorExtent(lhs)));
  loc_info s = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(rhs)));
  if (!e.in_main || !s.in_main || e.in_macro || s.in_macro || s.offset <= e.offset)
    return;
  size_t i = lex_skip_space(f->src, s.offset, e.offset);
  if (i + 2 > s.offset || (f->src[i] != '=' && f->src[i] != '!') || f->src[i + 1] != '=')
    return;
  CXCursor sides[2] = {strip_implicit(lhs), strip_implicit(rhs)};
  for (int k = 0; k < 2; k++) {
    if (clang_getCursorKind(sides[k]) != CXCursor_MemberRefExpr)
      continue;
    CXCursor field = clang_getCursorReferenced(sides[k]);
    CXCursor base = loc_first_child(sides[k]);
    if (clang_getCursorKind(field) != CXCursor_FieldDecl || clang_Cursor_isNull(base))
      continue;
    CXType bt = clang_getCursorType(base);
    CXType object_type =
        clang_getCanonicalType(bt).kind == CXType_Pointer ? clang_getPointeeType(bt) : bt;
    field_info fi = field_lookup(f, object_type, field);
    const rw_contract *c = fi.rule;
    if (c && c->life != RW_LIFE_SYNC && c->life != RW_LIFE_IGNORE) {
      char *shown = text_display(f, ss->expr);
      rw_buf reason = {0};
      rw_buf_printf(&reason,
                    "compares %s, whose stores a field rule wraps: the field holds a stub, "
                    "not the function stored",
                    fi.shown);
      size_t where = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(ss->expr))).offset;
      stored_site(f, where, fi.shown, shown, RW_LEFT_UNSUPPORTED, c, reason.data);
      rw_buf_free(&reason);
      free(shown);
      free(fi.shown);
      return;
    }
    free(fi.shown);
  }
}

void fields_decide(finder *f, const store_site *ss) {
  loc_info li = loc_locate(f, clang_getRangeStart(clang_getCursorExtent(ss->expr)));
  if (!li.in_main)
    return;
  /* Stores our own macros make (thunk bodies, bind macros) are not sites. */
  if (li.in_macro && lex_starts_with(f->src + li.exp_offset, f->len - li.exp_offset, "ACTX_"))
    return;
  if (clang_getCursorKind(ss->expr) == CXCursor_BinaryOperator &&
      !rw_is_function_pointer(clang_getCursorType(ss->expr)))
    decide_comparison(f, ss);
  else if (clang_getCursorKind(ss->expr) == CXCursor_BinaryOperator)
    decide_assignment(f, ss);
  else
    decide_initialiser(f, ss);
}
