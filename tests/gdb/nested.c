/* nested.c -- the program tests/gdb/gdb-test.sh debugs, built rewritten by
 * actx-rewrite (contracts in nested.contracts): each level posts the next
 * from inside its own bound call, three levels deep, under two storages. */
#include "queue.h"

#include <actx.h>
#include <stdio.h>

static actx_storage *request, *user;

static void idle(int depth) {
  (void)depth;
}

static void idle_data(void *data) {
  (void)data;
}

static void note(void *data) {
  printf("note: %s\n", (const char *)data);
}

static void level3(int depth) {
  printf("level3 at depth %d for %s\n", depth, (const char *)actx_storage_get(user)); /* level3 */
}

static void level2(int depth) {
  actx_storage_enter_with(user, "alice");
  post(level3, depth + 1); /* post level3 */
}

static void level1(int depth) {
  post(level2, depth + 1); /* post level2 */
}

int main(void) {
  actx_storage_options ro = {.name = "request"}, uo = {.name = "user"};
  request = actx_storage_new(&ro);
  user = actx_storage_new(&uo);
  actx_storage_enter_with(request, "req-42");
  for (int i = 0; i < 3; i++)
    park(idle); /* park idle */
  for (int i = 0; i < 2; i++)
    park_data(idle_data, &i); /* park idle_data */
  post_data(note, "first");   /* runs first: its box is freed by then */
  void (*step_into)(int) = level1;
  post(step_into, 1); /* post level1 */
  queue_run();
  return 0;
}
