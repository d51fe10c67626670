/* storage.c -- storages (AsyncLocalStorage): the keys, get and disable.
 *
 * A storage is only a key: its values live in frames, at the storage's slot.
 * Each frame entry records the storage's generation when it was made;
 * disable() starts a new generation, which makes every older entry, in every
 * frame, invisible at once without touching the frames.  Generations come from
 * a process-wide serial counter and are never reused, so when a freed
 * storage's slot goes to a new storage, the old entries can never be mistaken
 * for the new storage's.
 *
 * run(), exit(), enter_with() and scope_begin() make a frame with the storage
 * set and enter it: that is scope.c's.
 *
 * Slots are handed out lowest-first from a bitmap under `slots_lock` (only
 * storage_new/free take it), which keeps frames as short as the number of
 * live storages.
 */
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static struct actx__mutex slots_lock = ACTX__MUTEX_INIT;
static uint64_t *slots_used; /* bitmap, guarded by slots_lock */
static size_t slots_words;
static actx_storage **slot_owner; /* storage of each used slot, for messages;
                                   * guarded by slots_lock */

void actx__slots_fork_lock(bool on) {
  if (on)
    actx__mutex_lock(&slots_lock);
  else
    actx__mutex_unlock(&slots_lock);
}

/* The lowest free slot, marked used; false on ENOMEM. */
static bool slot_take(actx_storage *s, uint32_t *out) {
  bool ok = false;
  actx__mutex_lock(&slots_lock);
  size_t w = 0;
  while (w < slots_words && slots_used[w] == UINT64_MAX)
    w++;
  if (w == slots_words) {
    size_t words = slots_words ? slots_words * 2 : 1;
    uint64_t *grown = actx__malloc(words * sizeof *grown);
    actx_storage **owners = actx__malloc(words * 64 * sizeof *owners);
    if (!grown || !owners) {
      actx__free(grown);
      actx__free(owners);
      goto out;
    }
    if (slots_words)
      memcpy(grown, slots_used, slots_words * sizeof *grown);
    memset(grown + slots_words, 0, (words - slots_words) * sizeof *grown);
    if (slots_words)
      memcpy(owners, slot_owner, slots_words * 64 * sizeof *owners);
    actx__free(slots_used);
    actx__free(slot_owner);
    slots_used = grown;
    slot_owner = owners;
    slots_words = words;
  }
  int bit = __builtin_ctzll(~slots_used[w]);
  slots_used[w] |= UINT64_C(1) << bit;
  *out = (uint32_t)(w * 64 + (size_t)bit);
  slot_owner[*out] = s;
  ok = true;
out:
  actx__mutex_unlock(&slots_lock);
  return ok;
}

static void slot_give_back(uint32_t slot) {
  actx__mutex_lock(&slots_lock);
  assert(slots_used[slot / 64] & (UINT64_C(1) << (slot % 64)));
  slots_used[slot / 64] &= ~(UINT64_C(1) << (slot % 64));
  slot_owner[slot] = NULL;
  actx__mutex_unlock(&slots_lock);
}

bool actx__storage_name_at(uint32_t slot, uint64_t gen, char *buf, size_t len) {
  bool found = false;
  actx__mutex_lock(&slots_lock);
  const actx_storage *s = slot < slots_words * 64 ? slot_owner[slot] : NULL;
  if (s && atomic_load_explicit(&s->gen, memory_order_relaxed) == gen) {
    snprintf(buf, len, "%s", s->name);
    found = true;
  }
  actx__mutex_unlock(&slots_lock);
  return found;
}

actx_storage *actx_storage_new(const actx_storage_options *opts) {
  static const actx_storage_options none;
  if (!opts)
    opts = &none;
  /* The name lives in the storage's own block, so a second free can still
   * name the storage (the block keeps its bytes past the first 16 until
   * malloc reuses it). */
  const char *name = opts->name ? opts->name : "";
  size_t len = strlen(name) + 1;
  actx_storage *s = actx__malloc(sizeof *s + len);
  if (!s)
    goto nomem;
  s->name = (char *)(s + 1);
  memcpy(s->name, name, len);
  s->cbs = NULL;
  if (opts->retain || opts->release || opts->on_propagate) {
    s->cbs = actx__malloc(sizeof *s->cbs);
    if (!s->cbs)
      goto nomem_s;
    atomic_init(&s->cbs->refs, 1);
    s->cbs->retain = opts->retain;
    s->cbs->release = opts->release;
    s->cbs->on_propagate = opts->on_propagate;
    s->cbs->user = opts->user;
    atomic_init(&s->cbs->owner, s);
  }
  if (!slot_take(s, &s->slot))
    goto nomem_cbs;
  atomic_init(&s->gen, actx__next_serial());
  s->default_value = opts->default_value;
  s->live = ACTX__LIVE_STORAGE;
  return s;

nomem_cbs:
  actx__free(s->cbs);
nomem_s:
  actx__free(s);
nomem:
  errno = ENOMEM;
  return NULL;
}

/* A freed storage's block keeps its name while the word is the poison. */
static _Noreturn void storage_misuse(const actx_storage *s) {
  uint32_t w = actx__live_load(&s->live);
  char name[64] = "", what[100];
  if (w == ACTX__FREED)
    actx__copy_freed(name, (const char *)(s + 1), sizeof name);
  snprintf(what, sizeof what, "storage \"%s\" (%p)", name, (const void *)s);
  actx__misuse("actx_storage_free", what, w, "freed");
}

void actx_storage_free(actx_storage *s) {
  if (!s)
    return;
  if (ACTX__UNLIKELY(actx__live_load(&s->live) != ACTX__LIVE_STORAGE))
    storage_misuse(s);
  s->live = ACTX__FREED;
  if (s->cbs) {
    atomic_store_explicit(&s->cbs->owner, NULL, memory_order_release);
    if (atomic_fetch_sub_explicit(&s->cbs->refs, 1, memory_order_acq_rel) == 1)
      actx__free(s->cbs);
  }
  slot_give_back(s->slot);
  actx__free(s);
}

const char *actx_storage_name(const actx_storage *s) {
  return s ? s->name : "";
}

void *actx_storage_get(const actx_storage *s) {
  if (ACTX__UNLIKELY(!s))
    return NULL;
  const actx_frame *f = actx__t.frame;
  uint32_t slot = s->slot;
  if (f && slot < f->n && f->e[slot].gen == atomic_load_explicit(&s->gen, memory_order_relaxed))
    return f->e[slot].store;
  return s->default_value;
}

void actx_storage_disable(actx_storage *s) {
  if (s)
    atomic_store_explicit(&s->gen, actx__next_serial(), memory_order_relaxed);
}
