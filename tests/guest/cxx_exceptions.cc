// rvjit-test: qemu
// rvjit-cflags: -O2 -pthread
// C++ exceptions: thrown from recursion depth 1000 and caught at the top with every RAII
// destructor on the way run exactly once (counted), caught by base class through a hierarchy,
// std::exception subclasses with what(), rethrow with `throw;` keeping the dynamic type,
// nested exceptions (std::throw_with_nested / rethrow_if_nested), exceptions crossing a
// function-try-block of a constructor (members already built are destroyed), catch(...) and
// std::current_exception / std::rethrow_exception, and many throws in a loop (the
// unwinder's caches must stay right). The unwinder reads .eh_frame and walks guest stacks,
// so this exercises loads of all widths, indirect calls and the registers it restores.
#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

static int constructed, destroyed;

struct Guard {
  int id;
  explicit Guard(int i) : id(i) { constructed++; }
  ~Guard() { destroyed++; }
};

struct DeepError : std::runtime_error {
  int depth;
  explicit DeepError(int d) : std::runtime_error("bottom reached"), depth(d) {}
};

static long descend(int depth, int limit) {
  Guard g(depth);
  std::vector<int> v(depth % 7 + 1, depth); // heap memory to free while unwinding
  if (depth == limit) throw DeepError(depth);
  return descend(depth + 1, limit) + v[0] + g.id; // not a tail call
}

struct Base { virtual ~Base() = default; virtual std::string name() const { return "Base"; } };
struct Middle : Base { std::string name() const override { return "Middle"; } };
struct Leaf : Middle { int payload = 42; std::string name() const override { return "Leaf"; } };

static void throw_leaf() { throw Leaf(); }

static std::string classify(int which) {
  try {
    switch (which) {
    case 0: throw std::out_of_range("index 7");
    case 1: throw std::invalid_argument("bad");
    case 2: throw std::bad_alloc();
    case 3: throw 17;
    case 4: throw std::string("a string");
    case 5: throw_leaf();
    default: throw 2.5;
    }
  } catch (const std::logic_error &e) {
    return std::string("logic_error: ") + e.what();
  } catch (const std::exception &e) {
    return std::string("exception: ") + e.what();
  } catch (int n) {
    return "int " + std::to_string(n);
  } catch (const std::string &s) {
    return "string " + s;
  } catch (const Base &b) {
    return "Base& to " + b.name();
  } catch (...) {
    return "something else";
  }
}

static std::string rethrown() {
  try {
    try {
      throw_leaf();
    } catch (const Base &) {
      throw; // must keep the dynamic type Leaf
    }
  } catch (const Leaf &l) {
    return "rethrown as Leaf, payload " + std::to_string(l.payload);
  } catch (...) {
    return "lost its type";
  }
  return "not thrown";
}

static std::string nested() {
  try {
    try {
      throw std::runtime_error("inner");
    } catch (...) {
      std::throw_with_nested(std::logic_error("outer"));
    }
  } catch (const std::logic_error &e) {
    std::string s = std::string(e.what());
    try {
      std::rethrow_if_nested(e);
    } catch (const std::runtime_error &inner) {
      s += " <- " + std::string(inner.what());
    }
    return s;
  }
  return "none";
}

struct Part {
  static int alive;
  Part() { alive++; }
  ~Part() { alive--; }
};
int Part::alive = 0;

struct Whole {
  Part a, b;
  std::unique_ptr<Part> c;
  Whole() try : a(), b(), c(new Part) {
    throw std::runtime_error("constructor failed");
  } catch (...) {
    // a, b and *c are destroyed before we get here; the exception is rethrown automatically.
  }
};

int main() {
  long r = 0;
  try {
    r = descend(0, 1000);
  } catch (const DeepError &e) {
    std::printf("caught DeepError from depth %d: %s\n", e.depth, e.what());
  }
  std::printf("RAII: %d constructed, %d destroyed, result untouched: %ld\n", constructed, destroyed, r);

  for (int i = 0; i <= 6; i++) std::printf("throw #%d -> %s\n", i, classify(i).c_str());
  std::printf("%s\n", rethrown().c_str());
  std::printf("nested: %s\n", nested().c_str());

  try {
    Whole w;
  } catch (const std::exception &e) {
    std::printf("constructor function-try-block: %s, parts alive %d\n", e.what(), Part::alive);
  }

  std::exception_ptr saved;
  try {
    throw std::overflow_error("kept for later");
  } catch (...) {
    saved = std::current_exception();
  }
  try {
    std::rethrow_exception(saved);
  } catch (const std::overflow_error &e) {
    std::printf("exception_ptr rethrown: %s\n", e.what());
  }

  long sum = 0;
  for (int i = 0; i < 20000; i++) {
    try {
      if (i % 3 == 0) throw i;
      if (i % 3 == 1) throw std::runtime_error("x");
      throw Leaf();
    } catch (int n) {
      sum += n;
    } catch (const std::exception &) {
      sum += 1;
    } catch (const Middle &m) {
      sum += static_cast<const Leaf &>(m).payload;
    }
  }
  std::printf("20000 throws in a loop: sum %ld\n", sum);
  return 0;
}
