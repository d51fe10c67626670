// hello.cpp -- a C++ source: actx-cc passes its compile through.
#include <cstdio>
int main() {
  std::printf("hello\n");
}
