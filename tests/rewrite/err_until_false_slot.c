/* slot= on an until-false line needs key= (until-false with a key is
 * released at its stop value or by a release of the key). */
int tick_watch(int (*cb)(void));
