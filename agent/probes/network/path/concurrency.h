#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace minspec::agent::netpath {

// Calls fn(i) for i in [0, n) on up to `max_parallel` threads and waits for
// all: a probe over many targets takes about as long as its slowest target.
template <typename Fn>
void ForEachConcurrently(size_t n, Fn&& fn, size_t max_parallel = 32) {
  if (n == 0) return;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  const size_t threads = std::min(n, std::max<size_t>(1, max_parallel));
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
}

}  // namespace minspec::agent::netpath
