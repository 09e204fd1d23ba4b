// rvjit-test: qemu
// rvjit-cflags: -O2 -pthread
// C++ threads: std::thread with lambdas capturing by reference and by value, joined; a
// std::mutex-protected counter from 4 threads; a std::condition_variable work queue with
// producer and consumers; std::async (launch::async and deferred) returning values; an
// exception thrown in a std::thread, carried to main as std::exception_ptr through a
// std::promise / std::future and rethrown there; a future that receives an exception through
// std::packaged_task; std::atomic counters; thread_local objects with constructors and
// destructors per thread; std::call_once.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <future>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct PerThread {
  static std::atomic<int> made, unmade;
  int uses = 0;
  PerThread() { made++; }
  ~PerThread() { unmade++; }
};
std::atomic<int> PerThread::made{0}, PerThread::unmade{0};
thread_local PerThread per_thread;

int main() {
  // Lambdas, by reference and by value.
  std::vector<long> results(6);
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; i++)
    threads.emplace_back([&results, i] {
      long s = 0;
      for (int k = 0; k <= 1000 * (i + 1); k++) s += k;
      results[i] = s;
      per_thread.uses++;
    });
  for (auto &t : threads) t.join();
  std::printf("lambda threads: %ld %ld %ld %ld %ld %ld\n", results[0], results[1], results[2], results[3], results[4], results[5]);
  std::printf("thread_local objects: %d made, %d destroyed\n", PerThread::made.load(), PerThread::unmade.load());

  // Mutex.
  std::mutex m;
  long counter = 0;
  threads.clear();
  for (int i = 0; i < 4; i++)
    threads.emplace_back([&] {
      for (int k = 0; k < 20000; k++) {
        std::lock_guard<std::mutex> lock(m);
        counter++;
      }
    });
  for (auto &t : threads) t.join();
  std::printf("std::mutex counter: %ld\n", counter);

  // Condition variable work queue.
  std::deque<int> queue;
  std::condition_variable cv;
  bool done = false;
  std::atomic<long> consumed{0};
  std::vector<std::thread> consumers;
  for (int i = 0; i < 3; i++)
    consumers.emplace_back([&] {
      for (;;) {
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [&] { return !queue.empty() || done; });
        if (queue.empty()) return;
        int v = queue.front();
        queue.pop_front();
        lock.unlock();
        consumed += v;
      }
    });
  for (int i = 1; i <= 5000; i++) {
    {
      std::lock_guard<std::mutex> lock(m);
      queue.push_back(i);
    }
    cv.notify_one();
  }
  {
    std::lock_guard<std::mutex> lock(m);
    done = true;
  }
  cv.notify_all();
  for (auto &t : consumers) t.join();
  std::printf("condition_variable queue: consumed sum %ld\n", consumed.load());

  // std::async.
  auto f1 = std::async(std::launch::async, [] { return std::string("from another thread"); });
  auto f2 = std::async(std::launch::deferred, [](int x) { return x * x; }, 12);
  std::vector<std::future<long>> parts;
  for (int i = 0; i < 4; i++)
    parts.push_back(std::async(std::launch::async, [i] {
      long s = 0;
      for (long k = i * 250000; k < (i + 1) * 250000; k++) s += k % 7;
      return s;
    }));
  long total = 0;
  for (auto &p : parts) total += p.get();
  std::printf("async: \"%s\", deferred %d, parallel sum %ld\n", f1.get().c_str(), f2.get(), total);

  // An exception crossing threads through a promise.
  std::promise<int> promise;
  std::future<int> fut = promise.get_future();
  std::thread thrower([&promise] {
    try {
      throw std::runtime_error("thrown in a std::thread");
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  });
  try {
    fut.get();
    std::printf("no exception arrived\n");
  } catch (const std::runtime_error &e) {
    std::printf("caught in main: %s\n", e.what());
  }
  thrower.join();

  std::packaged_task<int(int)> task([](int x) -> int {
    if (x < 0) throw std::domain_error("negative");
    return x;
  });
  auto tf = task.get_future();
  std::thread(std::move(task), -5).join();
  try {
    tf.get();
  } catch (const std::domain_error &e) {
    std::printf("packaged_task exception: %s\n", e.what());
  }

  // call_once from many threads.
  std::once_flag once;
  std::atomic<int> calls{0};
  threads.clear();
  for (int i = 0; i < 8; i++) threads.emplace_back([&] { std::call_once(once, [&] { calls++; }); });
  for (auto &t : threads) t.join();
  std::printf("call_once from 8 threads: %d call(s)\n", calls.load());
  return 0;
}
