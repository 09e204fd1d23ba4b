// rvjit-test: qemu
// rvjit-cflags: -O2 -pthread
// Heavy standard-library work, virtual dispatch, RTTI and static initialisation: std::map and
// std::unordered_map with 100000 entries (insert, find, erase, iterate in order), std::sort
// and std::stable_sort of 300000 pseudo-random values and of structs with a comparator,
// std::string building, searching and replacing, std::set operations, a priority queue;
// a class hierarchy called through base pointers, dynamic_cast up/down/sideways (with a
// failing cast returning nullptr and a failing reference cast throwing std::bad_cast), typeid
// names; global objects with constructors that run before main in a defined order within the
// file and a function-local static initialised once.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <queue>
#include <set>
#include <string>
#include <typeinfo>
#include <unordered_map>
#include <vector>

static std::vector<std::string> init_log;
struct Registrar {
  explicit Registrar(const char *name) { init_log.push_back(name); }
};
static Registrar first("first"), second("second");
static const std::map<std::string, int> table = {{"one", 1}, {"two", 2}, {"three", 3}};
static Registrar third("third");

static int &counter_once() {
  static int calls = [] { init_log.push_back("local static"); return 0; }();
  return ++calls;
}

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const = 0;
  virtual const char *kind() const { return "shape"; }
};
struct Rect : Shape {
  double w, h;
  Rect(double a, double b) : w(a), h(b) {}
  double area() const override { return w * h; }
  const char *kind() const override { return "rect"; }
};
struct Square final : Rect {
  explicit Square(double s) : Rect(s, s) {}
  const char *kind() const override { return "square"; }
};
struct Circle : Shape {
  double r;
  explicit Circle(double x) : r(x) {}
  double area() const override { return 3.0 * r * r; } // integer-exact on purpose
};
struct Named { virtual ~Named() = default; std::string name = "named"; };
struct NamedCircle : Circle, Named { NamedCircle() : Circle(2) {} };

static unsigned long rng_state = 12345;
static unsigned long rng() { rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL; return rng_state >> 33; }

int main() {
  std::printf("static init order:");
  for (auto &s : init_log) std::printf(" %s", s.c_str());
  counter_once();
  counter_once();
  std::printf("; table size %zu; local static ran %s\n", table.size(), init_log.back() == "local static" ? "once" : "never");

  std::map<int, int> m;
  std::unordered_map<std::string, long> um;
  for (int i = 0; i < 100000; i++) {
    int k = (int)(rng() % 1000000);
    m[k] += i;
    um["key" + std::to_string(k % 5000)] += k;
  }
  long evens = 0;
  for (auto it = m.begin(); it != m.end();) {
    if (it->first % 2 == 0) { evens++; it = m.erase(it); } else ++it;
  }
  long checksum = 0;
  int prev = -1;
  bool ordered = true;
  for (auto &kv : m) { if (kv.first <= prev) ordered = false; prev = kv.first; checksum = checksum * 31 + kv.first + kv.second; }
  long um_sum = 0;
  for (auto &kv : um) um_sum += kv.second;
  std::printf("map: %zu odd keys left, %ld even erased, ordered %d, checksum %ld; unordered_map: %zu keys, sum %ld, find key42 %ld\n",
              m.size(), evens, ordered, checksum, um.size(), um_sum, um.count("key42") ? um["key42"] : -1L);

  std::vector<unsigned> v(300000);
  for (auto &x : v) x = (unsigned)rng();
  std::vector<unsigned> copy = v;
  std::sort(v.begin(), v.end());
  std::stable_sort(copy.begin(), copy.end(), std::greater<unsigned>());
  std::reverse(copy.begin(), copy.end());
  std::printf("sort of 3e5: sorted %d, equal to reversed descending stable_sort %d, median %u\n", std::is_sorted(v.begin(), v.end()),
              v == copy, v[v.size() / 2]);

  struct Person { std::string name; int age; };
  std::vector<Person> people;
  for (int i = 0; i < 1000; i++) people.push_back({"p" + std::to_string(i % 97), (int)(rng() % 90)});
  std::stable_sort(people.begin(), people.end(), [](const Person &a, const Person &b) { return a.age < b.age; });
  std::printf("people sorted by age: first %s/%d, last %s/%d\n", people.front().name.c_str(), people.front().age,
              people.back().name.c_str(), people.back().age);

  std::string text;
  for (int i = 0; i < 2000; i++) text += "the quick brown fox " + std::to_string(i) + "; ";
  size_t foxes = 0;
  for (size_t pos = text.find("fox"); pos != std::string::npos; pos = text.find("fox", pos + 1)) foxes++;
  std::string replaced = text;
  for (size_t pos = 0; (pos = replaced.find("quick", pos)) != std::string::npos; pos += 4) replaced.replace(pos, 5, "slow");
  std::printf("string: length %zu, %zu foxes, replaced length %zu, hash %zu\n", text.size(), foxes, replaced.size(),
              std::hash<std::string>{}(replaced) % 1000003);

  std::set<int> s1, s2, both;
  for (int i = 0; i < 1000; i += 3) s1.insert(i);
  for (int i = 0; i < 1000; i += 5) s2.insert(i);
  std::set_intersection(s1.begin(), s1.end(), s2.begin(), s2.end(), std::inserter(both, both.begin()));
  std::priority_queue<int> pq;
  for (int i = 0; i < 1000; i++) pq.push((int)(rng() % 10000));
  int top3 = 0;
  for (int i = 0; i < 3; i++) { top3 += pq.top(); pq.pop(); }
  std::printf("set intersection %zu, accumulate %d, priority queue top three sum %d\n", both.size(),
              std::accumulate(both.begin(), both.end(), 0), top3);

  std::vector<std::unique_ptr<Shape>> shapes;
  for (int i = 1; i <= 9; i++) {
    if (i % 3 == 0) shapes.emplace_back(new Square(i));
    else if (i % 3 == 1) shapes.emplace_back(new Rect(i, 2));
    else shapes.emplace_back(new Circle(i));
  }
  shapes.emplace_back(new NamedCircle);
  double total = 0;
  int squares = 0, rects = 0, named = 0;
  for (auto &p : shapes) {
    total += p->area();
    if (dynamic_cast<Square *>(p.get())) squares++;
    if (dynamic_cast<Rect *>(p.get())) rects++;
    if (auto *n = dynamic_cast<Named *>(p.get())) { named++; total += (double)n->name.size(); } // sideways cast
  }
  std::printf("virtual dispatch: area %.1f; dynamic_cast: %d squares, %d rects, %d named\n", total, squares, rects, named);
  std::printf("typeid: %s %s %s\n", typeid(*shapes[0]).name(), typeid(*shapes[2]).name(), typeid(*shapes[9]).name());
  try {
    Shape &c = *shapes[1];
    (void)dynamic_cast<Rect &>(c);
    std::printf("bad reference cast did not throw\n");
  } catch (const std::bad_cast &) {
    std::printf("dynamic_cast of a Circle& to Rect& threw std::bad_cast\n");
  }
  return 0;
}
