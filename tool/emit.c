/* emit.c -- typed thunks: box thunks for user-data boxing, typed stub
 * thunks for stub bindings of a known signature, and close helpers.
 *
 * One thunk per distinct (signature, box parameter).  Its prototype shares a
 * line with the first top-level declaration that uses it (inserted by
 * find.c), so it sees the user's types and moves no line; its body is
 * written after the file's last line, where it moves nothing either.
 */
#include "rw.h"

#include <stdlib.h>
#include <string.h>

const rw_thunk *rw_thunks_intern(rw_thunks *th, const char *ret, const char *params,
                                 const char *args, int box_index, int reg, bool *added) {
  rw_buf key = {0};
  rw_buf_printf(&key, "%s %s %d %d", ret, params, box_index, reg);
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
  t->signature_key = key.data;
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

void rw_thunks_emit(const rw_thunks *th, rw_buf *out, bool need_leading_newline) {
  if (need_leading_newline)
    rw_buf_puts(out, "\n");
  rw_buf_puts(out, "/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */\n");
  for (size_t i = 0; i < th->n; i++) {
    const rw_thunk *t = &th->items[i];
    if (t->box_index == RW_THUNK_CLOSE)
      rw_buf_printf(out, "ACTX_CLOSE_FN(actx_thunk_%u, %s, %s)\n", t->id, t->params, t->args);
    else if (t->box_index >= 0)
      rw_buf_printf(out, "ACTX_BOX_THUNK(actx_thunk_%u, %s, %s, %s, %d)\n", t->id, t->ret,
                    t->params, t->args, t->box_index);
    else if (t->reg >= 0)
      rw_buf_printf(out, "ACTX_THUNK_R_BODY(actx_thunk_%u, %s, %s, %s)\n", t->id, t->ret,
                    t->params, t->args);
    else
      rw_buf_printf(out, "ACTX_THUNK_BODY(actx_thunk_%u, %s, %s, %s)\n", t->id, t->ret, t->params,
                    t->args);
  }
}
