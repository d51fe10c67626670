/* A missing header must stop the run: no output, exit 2, the compiler's message. */
#include <no_such_header.h>

int go(void) { return 0; }
