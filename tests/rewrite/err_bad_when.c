/* A when= option without its value is a usage error naming the file and line. */
int go(void) { return 0; }
