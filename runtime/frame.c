/* frame.c -- frames: immutable maps from storage to store.
 *
 * A frame is an array of entries indexed by storage slot.  Storages per process
 * are few and their slots are small integers, reused after a storage is freed,
 * so a direct-indexed array beats a hash trie: get() is one bounds check and
 * one compare, and "set one storage" copies a few dozen bytes.  Each entry
 * carries the generation of the storage it was made for; an entry left by a
 * freed or disabled storage never matches a live generation.  Frames are immutable once made,
 * so capturing one (snapshot, resource creation, binding) is one reference
 * increment and any thread may read it without locks.
 *
 * Small frames (up to ACTX__FRAME_SMALL entries) are recycled through a short
 * per-thread free list: run() makes and frees one frame per call, and the pool
 * keeps that off malloc.  A frame released on another thread joins that
 * thread's pool, which is bounded; the rest go back to malloc.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

actx_frame actx__empty_frame = {.refs = -1, .n = 0, .cap = 0, .ncbs = 0, .live = ACTX__LIVE_FRAME};

actx_frame *actx__frame_alloc_slow(uint32_t need) {
  uint32_t cap = need <= ACTX__FRAME_SMALL ? ACTX__FRAME_SMALL : need;
  actx_frame *f = actx__malloc(sizeof *f + cap * sizeof f->e[0]);
  if (!f)
    return NULL;
  atomic_init(&f->refs, 1);
  f->cap = cap;
  f->live = ACTX__LIVE_FRAME;
  return f;
}

void actx__frame_pool_drain(struct actx__thread *t) {
  while (t->pool) {
    actx_frame *f = t->pool;
    t->pool = (actx_frame *)f->e[0].store;
    f->live = ACTX__FREED;
    actx__free(f);
  }
  t->pool_room = 0;
}

/* Takes the references a frame's entries hold: one on each callback block,
 * and the storage's retain callback for each non-NULL store. */
void actx__frame_retain_entries(actx_frame *f) {
  f->ncbs = 0;
  for (uint32_t i = 0; i < f->n; i++) {
    struct actx__entry *e = &f->e[i];
    if (!e->cbs)
      continue;
    f->ncbs++;
    atomic_fetch_add_explicit(&e->cbs->refs, 1, memory_order_relaxed);
    if (e->store && e->cbs->retain)
      e->cbs->retain(e->store, e->cbs->user);
  }
}

static void cbs_unref(struct actx__storage_cbs *cbs) {
  if (atomic_fetch_sub_explicit(&cbs->refs, 1, memory_order_acq_rel) == 1)
    actx__free(cbs);
}

void actx__frame_free_slow(actx_frame *f) {
  /* Release callbacks may run arbitrary code, including actx calls that
   * allocate frames: the frame is fully detached before they run. */
  for (uint32_t i = 0; f->ncbs && i < f->n; i++) {
    struct actx__entry *e = &f->e[i];
    if (e->cbs) {
      if (e->store && e->cbs->release)
        e->cbs->release(e->store, e->cbs->user);
      cbs_unref(e->cbs);
    }
  }
  struct actx__thread *t = &actx__t;
  /* Arm the thread-exit destructor, which drains the pool, before pooling. */
  if (f->cap == ACTX__FRAME_SMALL && !t->registered)
    actx__thread_register(t);
  if (f->cap == ACTX__FRAME_SMALL && t->pool_room > 0) {
    f->ncbs = 0;
    f->live = ACTX__POOLED;
    f->e[0].store = t->pool;
    t->pool = f;
    t->pool_room--;
  } else {
    f->live = ACTX__FREED;
    actx__free(f);
  }
}

/* Gives back the references a way holds (one locked op) and empties it. */
static void way_return(struct actx__stock *w) {
  actx_frame *f = w->f;
  long n = w->n;
  w->f = NULL;
  w->n = 0;
  long old = atomic_fetch_sub_explicit(&f->refs, n, memory_order_acq_rel);
  /* Fewer references than the way holds: some release took one that was
   * not its own (the count would go negative, which reads as immortal). */
  if (ACTX__UNLIKELY(old < n))
    actx__fatal("frame %p was released more times than it was retained (found "
                "when a thread gave back its reference stock)",
                (void *)f);
  if (old == n)
    actx__frame_free(f);
}

actx_frame *actx__frame_ref_restock(struct actx__thread *t, actx_frame *f) {
  if (f->ncbs || !t->registered)
    return actx__frame_ref(f);
  if (!t->stock) {
    /* Given back and freed at thread exit (actx__frame_stock_return). */
    t->stock = actx__malloc(ACTX__STOCK_WAYS * sizeof *t->stock);
    if (!t->stock)
      return actx__frame_ref(f);
    for (int i = 0; i < ACTX__STOCK_WAYS; i++)
      t->stock[i] = (struct actx__stock){NULL, 0};
  }
  /* Stock f's way: give back what another frame left there, take a batch of
   * f (plus the reference asked for) in one locked add. */
  struct actx__stock *w = actx__stock_way(t, f);
  if (w->f)
    way_return(w);
  atomic_fetch_add_explicit(&f->refs, ACTX__STOCK_BATCH + 1, memory_order_relaxed);
  w->f = f;
  w->n = ACTX__STOCK_BATCH;
  return f;
}

/* A dropped reference that f's way does not take: it holds another frame,
 * nothing, or is full.  A thread that only drops references to a frame -- it
 * calls what another thread bound, so the binding's release runs here --
 * would otherwise do a locked decrement of the frame's count per release, on
 * the cache line the binding thread reads for every capture (bench-scale
 * measured this as the largest single cost of crossing threads).  So an
 * empty way adopts the reference (later drops of that frame cost nothing),
 * and a full one hands back a batch in one locked op.  A way that holds
 * another frame keeps it: moving it would trade the one locked op here for
 * two when that frame is next captured. */
void actx__frame_drop_slow(struct actx__thread *t, actx_frame *f) {
  struct actx__stock *w = t->stock ? actx__stock_way(t, f) : NULL;
  if (w && w->f == f) {
    /* Full: keep half.  The way still holds references after this, so the
     * count cannot reach zero here. */
    atomic_fetch_sub_explicit(&f->refs, ACTX__STOCK_BATCH, memory_order_release);
    w->n -= ACTX__STOCK_BATCH - 1;
    return;
  }
  if (w && !w->f && f != &actx__empty_frame && f->ncbs == 0 && t->registered) {
    w->f = f;
    w->n = 1;
    return;
  }
  actx__frame_unref(f);
}

void actx__frame_stock_return(struct actx__thread *t) {
  struct actx__stock *table = t->stock;
  if (!table)
    return;
  /* Detached first: freeing a frame may run code that captures again. */
  t->stock = NULL;
  for (int i = 0; i < ACTX__STOCK_WAYS; i++)
    if (table[i].f)
      way_return(&table[i]);
  actx__free(table);
}

/* How many references to f this thread's stock holds. */
static long stocked(struct actx__thread *t, const actx_frame *f) {
  if (!t->stock)
    return 0;
  struct actx__stock *w = actx__stock_way(t, f);
  return w->f == f ? w->n : 0;
}

actx_frame *actx__frame_capture(const char *type) {
  struct actx__thread *t = &actx__t;
  actx_frame *cur = actx__current_frame(t);
  /* Fast paths: no storage with callbacks, or none with on_propagate. */
  if (cur->ncbs == 0)
    return actx__frame_take(t, cur);
  uint32_t i;
  for (i = 0; i < cur->n; i++)
    if (cur->e[i].cbs && cur->e[i].cbs->on_propagate)
      break;
  if (i == cur->n)
    return actx__frame_take(t, cur);

  /* Ask each live storage with on_propagate; keep the entries it allows.
   * get() returns the store during the call: the current frame holds it. */
  actx_frame *f = actx__frame_alloc(t, cur->n);
  if (!f)
    return NULL;
  uint32_t dropped = 0;
  for (i = 0; i < cur->n; i++) {
    const struct actx__entry *e = &cur->e[i];
    bool keep = true;
    if (e->cbs && e->cbs->on_propagate) {
      actx_storage *owner = atomic_load_explicit(&e->cbs->owner, memory_order_acquire);
      if (owner && atomic_load_explicit(&owner->gen, memory_order_relaxed) == e->gen)
        keep = e->cbs->on_propagate(owner, type, e->store, e->cbs->user);
    }
    f->e[i] = keep ? *e : (struct actx__entry){0, NULL, NULL};
    dropped += !keep;
  }
  f->n = cur->n;
  f->ncbs = 0;
  if (!dropped) { /* everything propagates: share the frame */
    actx__frame_free(f);
    return actx__frame_take(t, cur);
  }
  actx__frame_retain_entries(f);
  return f;
}

actx_frame *actx_snapshot(void) {
  return actx__frame_ref(actx__current_frame(&actx__t));
}

static _Noreturn void frame_misuse(const char *fn, const actx_frame *f) {
  uint32_t w = actx__live_load(&f->live);
  if (w == ACTX__LIVE_FRAME)
    actx__fatal("%s: frame %p released once more than it was retained (this thread's "
                "reference stock would have absorbed it)",
                fn, (const void *)f);
  char what[64];
  snprintf(what, sizeof what, "frame %p", (const void *)f);
  actx__misuse(fn, what, w, "released");
}

actx_frame *actx_frame_retain(actx_frame *f) {
  if (!f)
    return NULL;
  if (ACTX__UNLIKELY(actx__live_load(&f->live) != ACTX__LIVE_FRAME))
    frame_misuse("actx_frame_retain", f);
  return actx__frame_ref(f);
}

void actx_frame_release(actx_frame *f) {
  if (!f)
    return;
  /* This thread's stock holds n of f's references, and a legitimate
   * release by this thread holds one more: a count at or below the stock is a
   * release too many, which the stock would otherwise absorb until it is
   * given back and frees the frame under its last real holder.  Sound
   * whatever other threads do: they only drop references they hold. */
  struct actx__thread *t = &actx__t;
  long n;
  if (ACTX__UNLIKELY(actx__live_load(&f->live) != ACTX__LIVE_FRAME) ||
      ACTX__UNLIKELY((n = stocked(t, f)) > 0 &&
                     atomic_load_explicit(&f->refs, memory_order_relaxed) <= n))
    frame_misuse("actx_frame_release", f);
  actx__frame_unref(f);
}
