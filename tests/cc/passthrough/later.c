/* later.c -- registers a callback with a project function that has no
 * built-in contract: it is wrapped only when some contract file says so. */
void later(void (*fn)(void));

static void tick(void) {}

void go(void) {
  later(tick);
}
