// rvjit-test: qemu
// rvjit-link: dynamic
// rvjit-cflags: -pthread
// Dynamically linked C++: exceptions through libstdc++ and threads.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
static int depth(int n) {
  if (n == 0) throw std::runtime_error("bottom");
  std::string guard(10, 'x');
  return depth(n - 1) + 1;
}
int main() {
  int caught = 0;
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; i++) ts.emplace_back([&caught, i] {
    try { depth(100 + i); } catch (const std::exception &e) { __atomic_add_fetch(&caught, 1, __ATOMIC_SEQ_CST); }
  });
  for (auto &t : ts) t.join();
  try { depth(500); } catch (const std::runtime_error &e) { std::printf("main caught: %s\n", e.what()); }
  std::printf("threads caught %d\n", caught);
  return 0;
}
