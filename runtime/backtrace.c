/* backtrace.c -- async backtraces: the chain of registration sites from the
 * running bound callback back through the callbacks that registered it.
 *
 * Each binding copies, when it is made, its own site and the first sites of
 * the binding running then (call.c's actx__bound_start): static pointers, so
 * the chain needs no reference to bindings that may be gone, and a released
 * binding called by mistake still names where it came from
 * (actx__call_dead). */
#include "bound.h"

#include <stdio.h>

static size_t chain_length(const actx_site *const *sites) {
  size_t n = ACTX_BACKTRACE_DEPTH;
  while (n && !sites[n - 1])
    n--;
  return n;
}

size_t actx_async_backtrace(const actx_site **sites, size_t max) {
  const struct actx__bound *h = actx__innermost_call();
  if (!h)
    return 0;
  size_t n = chain_length(h->sites);
  for (size_t i = 0; i < n && i < max; i++)
    sites[i] = h->sites[i];
  return n;
}

size_t actx__sites_format(const actx_site *const *sites, char *buf, size_t size) {
  size_t n = chain_length(sites), len = 0;
  if (size)
    buf[0] = '\0';
  if (!n) {
    int w = snprintf(buf, size, "  (no registration site known)\n");
    return w > 0 ? (size_t)w : 0;
  }
  for (size_t i = 0; i < n; i++) {
    const actx_site *s = sites[i];
    int w;
    char *at = len < size ? buf + len : NULL;
    size_t room = len < size ? size - len : 0;
    if (!s)
      w = snprintf(at, room, "  #%zu (a binding made without a site)\n", i);
    else
      w = snprintf(at, room, "  #%zu %s:%d in %s: %s registered%s%s\n", i, s->file, s->line,
                   s->function ? s->function : "?", s->callback ? s->callback : "?",
                   s->api ? " with " : "", s->api ? s->api : "");
    if (w > 0)
      len += (size_t)w;
  }
  return len;
}

size_t actx_async_backtrace_format(char *buf, size_t size) {
  const struct actx__bound *h = actx__innermost_call();
  static const actx_site *const none[ACTX_BACKTRACE_DEPTH];
  return actx__sites_format(h ? h->sites : none, buf, size);
}
