/* keyed.c -- the (key, slot) registry of keyed bindings and boxes.
 *
 * A keyed binding belongs to an object (the key: any pointer, e.g. a libuv
 * handle) and one of its callback slots (a string, e.g. "timer").  The
 * registry holds one entry per keyed binding, so a (key, slot) pair may have
 * several: binding a pair again does not release the previous binding,
 * because the API may refuse or ignore the new registration and keep calling
 * the old pointer (libuv's uv_read_start answers UV_EALREADY, uv_idle_start on
 * an active handle is a no-op).  The previous one is *superseded*: it is
 * released when the newer binding of the pair is first called (the API has
 * evidently switched), or by actx_release_slot()/actx_release_key() (call.c),
 * whichever comes first.  Entries carry a registration number, so "older
 * than" survives rehashing.
 *
 * The ACTX_KEYED* macros (bind_macros.c) first look for a binding of the pair
 * that is equivalent to the one asked for (actx__keyed_find: same function,
 * thunk or data, type and captured frame) and hand it back instead of making
 * another: a timer re-armed with the same callback in the same context, or a
 * refused re-registration, then costs nothing and leaves nothing behind.
 *
 * Two more users of the registry (both in bind_macros.c):
 *   - close bindings (ACTX_CLOSE_T): a binding of the close callback, keyed to
 *     the handle under a reserved slot and skipped by releases, releases every
 *     other binding of the handle right before the user's close callback runs
 *     (actx__close_begin), then itself when that call returns;
 *   - result keys (ACTX_KEYED_BY_RESULT): bindings made while the call's
 *     result is unknown are keyed to a placeholder (a stack address) and moved
 *     to the result once the call returns (actx__keyed_rekey).
 *
 * A hash table of chained entries, guarded by one mutex: keyed operations
 * happen at registration, close and a superseding binding's first call, never
 * on a quiet bound call.  It starts with 1024 buckets in static storage and
 * doubles (malloc) whenever entries outnumber buckets, so a server with many
 * handles keeps short chains; if growing fails it just stays smaller.
 * This module never releases a binding: what is to be released is unlinked
 * under the lock and handed to the caller as a list, released after the lock
 * is dropped (releases emit destroy hooks, which may call back into actx).
 * Slot strings are borrowed and compared by content.
 *
 * Run-time slots (actx_bind.h): ACTX_INT_SLOT values are compared by value;
 * an ACTX_BITS_SLOT entry keeps the bits it still holds (`bits`).  Two bits
 * entries of a key are a pair when they share a bit; a release of some bits
 * or a superseding binding's first call takes those bits from the older
 * entries, and takes an entry out only when it holds no bit any more -- the
 * binding of one registration under READABLE|WRITABLE lives until both are
 * gone.
 *
 * Until-false bindings with a key are registered too (bound.h `registered`):
 * a release of their key or slot ends them, like keyed ones, unless their
 * stop value did first.  The macros' reuse (find) only hands out keyed ones.
 */
#include "bound.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

struct actx__keyent {
  const void *key;
  const char *slot;          /* borrowed; or an ACTX_INT_SLOT/ACTX_BITS_SLOT value */
  uintptr_t bits;            /* a bits slot: the bits it still holds */
  bool bitslot;              /* slot is an ACTX_BITS_SLOT */
  struct actx__bound *h;     /* the binding registered there */
  struct actx__keyent *next; /* bucket chain */
  uint64_t seq;              /* registration order */
  bool close;                /* a close binding: released only by running */
  /* Filled in by the macro entry points, for reuse and close: */
  void *handle;  /* what the macro returned (stub or box); NULL: unknown */
  actx_fn thunk; /* the typed thunk the stub was made with */
  int reg;
  actx_fn user; /* close: the user's close callback (may be NULL) */
};

#define INITIAL_BITS 10
const char actx__close_slot[] = "actx.close";

/* The table; keyed_lock guards it all, and each entry's binding's `keyed`. */
static struct actx__mutex keyed_lock = ACTX__MUTEX_INIT;
static struct actx__keyent *initial[1u << INITIAL_BITS];
static struct actx__keyent **buckets = initial;
static unsigned table_bits = INITIAL_BITS; /* log2 of the bucket count */
static size_t count;                       /* entries */
static uint64_t seqno;                     /* last registration number */

static size_t hash(const void *key, unsigned nbits) {
  return (size_t)(((uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull) >> (64 - nbits));
}

static struct actx__keyent **bucket(const void *key) {
  return &buckets[hash(key, table_bits)];
}

/* Doubles the table when it is fuller than one entry per bucket.  Called with
 * keyed_lock. */
static void maybe_grow(void) {
  assert(actx__mutex_held(&keyed_lock));
  if (count <= ((size_t)1 << table_bits) || table_bits >= 30)
    return;
  size_t n = (size_t)1 << (table_bits + 1);
  struct actx__keyent **nb = actx__malloc(n * sizeof *nb);
  if (!nb)
    return;
  memset(nb, 0, n * sizeof *nb);
  for (size_t i = 0; i < ((size_t)1 << table_bits); i++) {
    while (buckets[i]) {
      struct actx__keyent *e = buckets[i];
      buckets[i] = e->next;
      size_t j = hash(e->key, table_bits + 1);
      e->next = nb[j];
      nb[j] = e;
    }
  }
  if (buckets != initial)
    actx__free(buckets);
  buckets = nb;
  table_bits++;
}

void actx__keyed_fork_lock(bool on) {
  if (on)
    actx__mutex_lock(&keyed_lock);
  else
    actx__mutex_unlock(&keyed_lock);
}

/* What a slot is: a string, or one of actx_bind.h's run-time slots, which
 * sit at the top of the address space (*bits: an ACTX_BITS_SLOT's mask). */
enum slot_kind { SLOT_STRING, SLOT_INT, SLOT_BITS };
static enum slot_kind slot_kind(const char *slot, uintptr_t *bits) {
  uintptr_t v = ~(uintptr_t)slot;
  if (v <= ACTX__SLOT_MASK)
    return SLOT_INT;
  if (v <= 2 * ACTX__SLOT_MASK + 1) {
    *bits = v & ACTX__SLOT_MASK;
    return SLOT_BITS;
  }
  return SLOT_STRING;
}

static bool same_slot(const char *a, const char *b) {
  uintptr_t unused;
  if (a == b)
    return true;
  return slot_kind(a, &unused) == SLOT_STRING && slot_kind(b, &unused) == SLOT_STRING &&
         strcmp(a, b) == 0;
}

/* Another entry of e's (key, slot) pair; close entries have no pairs; bits
 * entries pair when they share a bit. */
static bool same_pair(const struct actx__keyent *o, const struct actx__keyent *e) {
  if (o == e || o->key != e->key || o->close || e->close)
    return false;
  if (o->bitslot || e->bitslot)
    return o->bitslot && e->bitslot && (o->bits & e->bits);
  return same_slot(o->slot, e->slot);
}

/* Links e under its key; flags its binding when it supersedes an older one of
 * its pair.  Called with keyed_lock. */
static void link_entry(struct actx__keyent *e) {
  assert(actx__mutex_held(&keyed_lock));
  struct actx__keyent **head = bucket(e->key);
  for (const struct actx__keyent *o = *head; o; o = o->next)
    if (same_pair(o, e) && o->seq < e->seq) {
      atomic_fetch_or_explicit(&e->h->slow, ACTX__SLOW_SUPERSEDES, memory_order_relaxed);
      break;
    }
  e->next = *head;
  *head = e;
  count++;
}

/* Unlinks the entries of bucket(key) that `pick` selects and returns them as a
 * list (through `next`), their bindings no longer pointing at them.  `pick`
 * may take bits from a bits entry it does not select.  Called with
 * keyed_lock. */
static struct actx__keyent *
take(const void *key, bool (*pick)(struct actx__keyent *o, const void *arg), const void *arg) {
  assert(actx__mutex_held(&keyed_lock));
  struct actx__keyent *gone = NULL;
  for (struct actx__keyent **p = bucket(key); *p;) {
    struct actx__keyent *o = *p;
    assert(o->h->keyed == o); /* an entry and its binding point at each other */
    if (o->key == key && pick(o, arg)) {
      *p = o->next;
      count--;
      o->h->keyed = NULL;
      o->next = gone;
      gone = o;
    } else {
      p = &o->next;
    }
  }
  return gone;
}

struct actx__bound *actx__keyed_pop(struct actx__keyent **list) {
  struct actx__keyent *e = *list;
  if (!e)
    return NULL;
  struct actx__bound *h = e->h;
  *list = e->next;
  actx__free(e);
  return h;
}

int actx__keyed_set(struct actx__bound *h, const void *key, const char *slot) {
  struct actx__keyent *e = actx__malloc(sizeof *e);
  if (!e)
    return ACTX_ENOMEM;
  memset(e, 0, sizeof *e);
  e->key = key;
  e->slot = slot;
  e->h = h;
  e->close = same_slot(slot, actx__close_slot);
  e->bitslot = slot_kind(slot, &e->bits) == SLOT_BITS;
  actx__mutex_lock(&keyed_lock);
  assert(!h->keyed);
  e->seq = ++seqno;
  link_entry(e);
  maybe_grow();
  h->keyed = e;
  actx__mutex_unlock(&keyed_lock);
  return 0;
}

void actx__keyed_forget(struct actx__bound *h) {
  actx__mutex_lock(&keyed_lock);
  struct actx__keyent *e = h->keyed;
  if (e) {
    assert(e->h == h);
    struct actx__keyent **p = bucket(e->key);
    while (*p != e)
      p = &(*p)->next;
    *p = e->next;
    count--;
    h->keyed = NULL;
  }
  actx__mutex_unlock(&keyed_lock);
  actx__free(e);
}

/* Takes the bits o loses (all of them: true). */
static bool drop_bits(struct actx__keyent *o, uintptr_t bits) {
  o->bits &= ~bits;
  return o->bits == 0;
}

static bool older_of_pair(struct actx__keyent *o, const void *arg) {
  const struct actx__keyent *e = arg;
  if (!same_pair(o, e) || o->seq >= e->seq)
    return false;
  return o->bitslot ? drop_bits(o, e->bits) : true;
}

struct actx__keyent *actx__keyed_take_superseded(struct actx__bound *h) {
  struct actx__keyent *gone = NULL;
  actx__mutex_lock(&keyed_lock);
  atomic_fetch_and_explicit(&h->slow, (uint8_t)~ACTX__SLOW_SUPERSEDES, memory_order_relaxed);
  if (h->keyed)
    gone = take(h->keyed->key, older_of_pair, h->keyed);
  actx__mutex_unlock(&keyed_lock);
  return gone;
}

static bool slot_matches(struct actx__keyent *o, const void *slot) {
  uintptr_t bits;
  if (o->close)
    return false;
  if (!slot)
    return true;
  if (slot_kind(slot, &bits) == SLOT_BITS)
    return o->bitslot && (o->bits & bits) && drop_bits(o, bits);
  return same_slot(o->slot, slot);
}

struct actx__keyent *actx__keyed_take(const void *key, const char *slot) {
  actx__mutex_lock(&keyed_lock);
  struct actx__keyent *gone = take(key, slot_matches, slot);
  actx__mutex_unlock(&keyed_lock);
  return gone;
}

/* ------------------------------------------------------------ for the macros */

void *actx__keyed_find(const void *key, const char *slot, actx_fn fn, uint8_t kind, actx_fn thunk,
                       int reg, const void *data, const char *type) {
  actx_frame *now = actx__current_frame(&actx__t);
  void *found = NULL;
  actx__mutex_lock(&keyed_lock);
  const struct actx__keyent *best = NULL;
  uintptr_t bits = 0;
  bool bitslot = slot_kind(slot, &bits) == SLOT_BITS;
  for (const struct actx__keyent *o = *bucket(key); o; o = o->next)
    if (o->key == key && !o->close && o->h->life == ACTX_LIFE_KEYED &&
        (bitslot ? o->bitslot && o->bits == bits : !o->bitslot && same_slot(o->slot, slot)) &&
        (!best || o->seq > best->seq))
      best = o;
  if (best && best->handle) {
    const struct actx__bound *h = best->h;
    /* A box's data is its h.data (what actx_box_data() returns). */
    if (h->kind == kind && h->fn == fn && best->thunk == thunk && best->reg == reg &&
        h->res == &h->own && h->res->frame == now && strcmp(h->res->type, type) == 0 &&
        atomic_load_explicit(&h->state, memory_order_acquire) == ACTX__ST_LIVE &&
        (kind != ACTX__KIND_BOX || h->data == data))
      found = best->handle;
  }
  actx__mutex_unlock(&keyed_lock);
  return found;
}

void actx__keyed_note(struct actx__bound *h, void *handle, actx_fn thunk, int reg, actx_fn user) {
  actx__mutex_lock(&keyed_lock);
  struct actx__keyent *e = h->keyed;
  if (e && e->h == h) {
    e->handle = handle;
    e->thunk = thunk;
    e->reg = reg;
    e->user = user;
  }
  actx__mutex_unlock(&keyed_lock);
}

/* ------------------------------------------------------------ close */

static bool any_but_close(struct actx__keyent *o, const void *arg) {
  (void)arg;
  return !o->close;
}

bool actx__keyed_take_for_close(struct actx__bound *h, actx_fn *user, struct actx__keyent **taken) {
  actx__mutex_lock(&keyed_lock);
  struct actx__keyent *e = h ? h->keyed : NULL;
  bool ok = e && e->close && e->h == h;
  if (ok) {
    *user = e->user;
    *taken = take(e->key, any_but_close, NULL);
  }
  actx__mutex_unlock(&keyed_lock);
  return ok;
}

/* ------------------------------------------------------------ result keys */

static bool any(struct actx__keyent *o, const void *arg) {
  (void)o, (void)arg;
  return true;
}

struct actx__keyent *actx__keyed_move(const void *placeholder, const void *key) {
  actx__mutex_lock(&keyed_lock);
  struct actx__keyent *moved = take(placeholder, any, NULL);
  if (key) {
    while (moved) {
      struct actx__keyent *e = moved;
      moved = e->next;
      e->key = key;
      e->h->keyed = e;
      link_entry(e);
    }
    maybe_grow();
  }
  actx__mutex_unlock(&keyed_lock);
  return moved; /* NULL unless the key is: then every entry, to release */
}
