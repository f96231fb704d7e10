#pragma once
// A cpp-httplib task queue with a fixed number of workers and a bounded
// number of waiting tasks, so a flood of connections costs a bounded amount
// of memory and file descriptors. httplib's own ThreadPool queues without
// limit, and TaskQueue::enqueue returns void in 0.11, so it cannot say no:
// when the queue is full, enqueue() runs the task at once on the calling
// thread (the accept loop) with shedding() true, and the task is expected to
// refuse its work cheaply. GuardedServer's connection task then writes a 503
// and closes the socket without reading the request.
//
// Thread-safety: enqueue(), waiting() and shed_count() are safe from any
// thread; shutdown() is called once, by the thread that owns the queue.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace citesearch {

class BoundedTaskQueue : public httplib::TaskQueue {
public:
    BoundedTaskQueue(std::size_t workers, std::size_t max_waiting);
    ~BoundedTaskQueue() override;
    BoundedTaskQueue(const BoundedTaskQueue&) = delete;
    BoundedTaskQueue& operator=(const BoundedTaskQueue&) = delete;

    // Queues `fn` for a worker, or sheds it (see above) when every worker is
    // busy and max_waiting tasks are already waiting.
    void enqueue(std::function<void()> fn) override;
    // Lets the workers finish what is queued, then joins them. Idempotent.
    void shutdown() override;

    // Tasks queued that no idle worker is about to start.
    std::size_t waiting() const { return waiting_.load(std::memory_order_relaxed); }
    std::size_t shed_count() const { return shed_.load(std::memory_order_relaxed); }
    // True while the calling thread runs a task that enqueue() shed.
    static bool shedding();

private:
    void work();
    void update_waiting();  // with mutex_ held

    const std::size_t max_waiting_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;  // guarded by mutex_
    bool stopping_ = false;                     // guarded by mutex_
    std::size_t idle_ = 0;                      // workers waiting for a task; guarded by mutex_
    std::atomic<std::size_t> waiting_{0};       // tasks no idle worker is about to take; read without the lock
    std::atomic<std::size_t> shed_{0};
    std::vector<std::thread> workers_;
};

}  // namespace citesearch
